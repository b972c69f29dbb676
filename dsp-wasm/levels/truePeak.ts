import { MAX_CHUNK_FRAMES } from '../core/stft';
import { Series } from '../core/series';
import { select } from '../core/median';
import { setResult, SLOT_TRUE_PEAK_DBTP } from '../slots';
import { FEATURE_TRUE_PEAK, featureEnabled } from '../featureToggles';

/**
 * True peak (fact SLOT_TRUE_PEAK_DBTP, dBTP) after ITU-R BS.1770-4 Annex 2, and the per-100 ms sample
 * peaks that crest_db v2 (sampleStats.ts) takes its peak statistic from.
 *
 * True peak: each channel is interpolated 4× by a polyphase windowed-sinc FIR (the Annex 2 structure,
 * 4 phases, with longer phases than its 12-tap example: 32 taps, a Kaiser-windowed (β = 8) sinc of
 * half-width 16 input samples, each phase normalised to unit DC gain; flat within 0.01 dB to ≈ 19 kHz) and the largest |y| over all channels, all phases (phase 0 is the sample itself) and the
 * whole track is the true peak; 20·log10 of it is dBTP. The 4 phases run in the 4 lanes of one f32x4.
 * The filter state carries across chunks, the track is flushed with zeros at `finish`, and the result
 * does not depend on how the track is cut into chunks.
 *
 * Cost: the interpolation only runs where it can raise the running maximum. The input is cut into blocks
 * of 16 frames; an interpolated value is a weighted sum of the 32 samples around it, so within a block it
 * is at most gainBound (max Σ|h| ≈ 2.2) × (the largest |x| of the block and its 31 samples of history). A block whose
 * bound does not exceed the true peak found so far is skipped: the result is the same as interpolating
 * everything, at a fraction of the cost on most music. The test runs on 4-lane block peaks (one compare for
 * all lanes, no horizontal reduction for a skipped block). A block it keeps gets a second, tighter bound:
 * each output's 8 central taps computed exactly plus the far taps' Σ|h| (≤ 0.33) × the sample peak, a quarter
 * of the full FIR; only a block that fails both is interpolated (on a 4-minute music-like mix: 4 % of the
 * blocks reach the second stage, 0.2 % the full FIR).
 *
 * Silence (or a peak below −120 dBTP) reads −120 dBTP, the floor: the slot is never −Inf.
 */

/** Taps per phase (the kernel's half-width is TAPS/2 input samples). */
const TAPS: i32 = 32;
/** Symmetric tap pairs per phase. */
const PAIRS: i32 = TAPS / 2;
/** Kaiser window shape β: side lobes ≈ −80 dB, pass band flat within 0.01 dB up to ≈ 19 kHz. */
const KAISER_BETA: f64 = 8.0;
/** Samples of history a block needs (TAPS − 1). */
const HISTORY: i32 = TAPS - 1;
/** Frames per skip decision. */
const BLOCK: i32 = 16;
/** 100 ms in frames at 44.1 kHz: the sub-blocks of the crest peak statistic (the loudness sub-blocks). */
export const PEAK_BLOCK_FRAMES: i32 = 4410;
/** Floor of the reported true peak, dBTP (digital silence). */
export const TRUE_PEAK_FLOOR_DBTP: f64 = -120.0;

/**
 * The phases by symmetry. Output m sits between buffer[m + 15] and buffer[m + 16]; tap j (0..31) weighs
 * buffer[m + j]. The kernel is even, so phase 2 (fraction 1/2) is symmetric, h2[j] = h2[31 − j], and
 * phase 3 mirrors phase 1, h3[j] = h1[31 − j]. With s_j = x_j + x_{31−j} and d_j = x_j − x_{31−j}
 * (j = 0..15): y2 = Σ h2[j]·s_j, A = y1 + y3 = Σ (h1[j] + h1[31 − j])·s_j, B = y1 − y3 = Σ (h1[j] − h1[31 − j])·d_j,
 * and max(|y1|, |y3|) = (|A| + |B|)/2: 48 multiplies for 3 phases instead of 96.
 */
const phase2Pairs = new StaticArray<f32>(PAIRS);
const sumPairs = new StaticArray<f32>(PAIRS);
const differencePairs = new StaticArray<f32>(PAIRS);
/** max over phases of Σ|h| (≥ 1): the bound used to skip blocks. */
let gainBound: f32 = 1;
/** First of the NEAR_PAIRS central tap pairs (taps 12..19, input samples within ±4 of the output instant). */
const NEAR_FIRST_PAIR: i32 = 12;
/** max over phases of Σ|h| over the far taps (pairs 0..11), with a rounding margin: the second-stage bound. */
let farGainBound: f32 = 1;

/** Modified Bessel function of the first kind, order 0 (power series; x ≤ 8 here). */
function besselI0(x: f64): f64 {
  let term = 1.0;
  let sum = 1.0;
  for (let k = 1; k < 40; k++) {
    const factor = x / (2.0 * <f64>k);
    term *= factor * factor;
    sum += term;
  }
  return sum;
}

/** The Kaiser-windowed sinc kernel (cut-off at the input Nyquist frequency) of half-width TAPS/2 at offset `d` samples. */
function kernel(d: f64): f64 {
  const halfWidth = <f64>PAIRS;
  const ratio = d / halfWidth;
  if (ratio >= 1.0 || ratio <= -1.0) return 0.0;
  const window = besselI0(KAISER_BETA * Math.sqrt(1.0 - ratio * ratio)) / besselI0(KAISER_BETA);
  return d == 0 ? 1.0 : (Math.sin(Math.PI * d) / (Math.PI * d)) * window;
}

function designFilter(): void {
  const phase1 = new StaticArray<f64>(TAPS);
  const phase2 = new StaticArray<f64>(TAPS);
  let sum1 = 0.0;
  let sum2 = 0.0;
  for (let j = 0; j < TAPS; j++) {
    // buffer[m + j] sits at offset d = (j − 15) − fraction from the output instant buffer[m + 15] + fraction.
    unchecked((phase1[j] = kernel(<f64>(j - (PAIRS - 1)) - 0.25)));
    unchecked((phase2[j] = kernel(<f64>(j - (PAIRS - 1)) - 0.5)));
    sum1 += unchecked(phase1[j]);
    sum2 += unchecked(phase2[j]);
  }
  let absolute1 = 0.0;
  let absolute2 = 0.0;
  for (let j = 0; j < TAPS; j++) {
    // Unit DC gain per phase.
    unchecked((phase1[j] = phase1[j] / sum1));
    unchecked((phase2[j] = phase2[j] / sum2));
    absolute1 += Math.abs(unchecked(phase1[j]));
    absolute2 += Math.abs(unchecked(phase2[j]));
  }
  for (let j = 0; j < PAIRS; j++) {
    unchecked((phase2Pairs[j] = <f32>phase2[j]));
    unchecked((sumPairs[j] = <f32>(phase1[j] + phase1[TAPS - 1 - j])));
    unchecked((differencePairs[j] = <f32>(phase1[j] - phase1[TAPS - 1 - j])));
  }
  // A hair above the exact sum, so f32 rounding of the FIR can never beat the bound.
  gainBound = <f32>(max(1.0, max(absolute1, absolute2)) * 1.0001);
  let far1 = 0.0;
  let far2 = 0.0;
  for (let j = 0; j < NEAR_FIRST_PAIR; j++) {
    far1 += Math.abs(unchecked(phase1[j])) + Math.abs(unchecked(phase1[TAPS - 1 - j]));
    far2 += Math.abs(unchecked(phase2[j])) + Math.abs(unchecked(phase2[TAPS - 1 - j]));
  }
  // The far taps' share of the bound, plus a margin (10⁻⁵ of the block peak) for the f32 rounding of both sums.
  farGainBound = <f32>(max(far1, far2) * 1.0001 + 1e-5);
}
designFilter();

/** Test only: max over phases of Σ|h|, the skip bound. */
export function truePeakGainBound(): f64 {
  return gainBound;
}

/** Per channel: HISTORY samples of history, then the current chunk (+ the zero flush at finish). */
const channelBuffers = new StaticArray<StaticArray<f32>>(2);
channelBuffers[0] = new StaticArray<f32>(HISTORY + MAX_CHUNK_FRAMES + BLOCK + 8);
channelBuffers[1] = new StaticArray<f32>(HISTORY + MAX_CHUNK_FRAMES + BLOCK + 8);

let channelCount: i32 = 2;
/** Running true peak, linear (full scale = 1). */
let truePeak: f32 = 0;
/** Sample peak of the current 100 ms sub-block (all channels) and how many frames it holds. */
let blockPeak: f32 = 0;
let blockFill: i32 = 0;
/** Sample peak of every 100 ms sub-block, all channels, in order (the last may be partial). */
export const blockPeaks = new Series<f32>(4096);

export function resetTruePeak(channels: i32): void {
  channelCount = channels;
  truePeak = 0;
  blockPeak = 0;
  blockFill = 0;
  blockPeaks.reset();
  for (let c = 0; c < 2; c++) {
    const buffer = unchecked(channelBuffers[c]);
    for (let i = 0; i < HISTORY; i++) unchecked((buffer[i] = 0));
  }
}

/**
 * One pass over `frames` sanitised interleaved frames at `input`: copies each channel behind its
 * history and takes the 100 ms sub-block sample peaks; then interpolates each channel.
 */
export function pushTruePeak(input: usize, frames: i32): void {
  const left = changetype<usize>(unchecked(channelBuffers[0])) + (<usize>HISTORY << 2);
  const right = changetype<usize>(unchecked(channelBuffers[1])) + (<usize>HISTORY << 2);
  let done = 0;
  while (done < frames) {
    const segment = min(frames - done, PEAK_BLOCK_FRAMES - blockFill);
    const peak =
      channelCount == 2 ? copyStereo(input, left, right, done, done + segment) : copyMono(input, left, done, done + segment);
    blockPeak = max(blockPeak, peak);
    done += segment;
    blockFill += segment;
    if (blockFill == PEAK_BLOCK_FRAMES) {
      blockPeaks.push(blockPeak);
      blockPeak = 0;
      blockFill = 0;
    }
  }
  if (!featureEnabled(FEATURE_TRUE_PEAK)) return;
  for (let c = 0; c < channelCount; c++) interpolate(unchecked(channelBuffers[c]), frames);
}

/** Deinterleaves frames [from, to) into `left` / `right`; returns their max |x|. */
function copyStereo(input: usize, left: usize, right: usize, from: i32, to: i32): f32 {
  let peakVector = f32x4.splat(0);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const a = v128.load(input + (<usize>i << 3));
    const b = v128.load(input + (<usize>i << 3), 16);
    v128.store(left + (<usize>i << 2), v128.shuffle<f32>(a, b, 0, 2, 4, 6));
    v128.store(right + (<usize>i << 2), v128.shuffle<f32>(a, b, 1, 3, 5, 7));
    peakVector = f32x4.pmax(peakVector, f32x4.pmax(f32x4.abs(a), f32x4.abs(b)));
  }
  let peak = lanePeak(peakVector);
  for (; i < to; i++) {
    const l = load<f32>(input + (<usize>i << 3));
    const r = load<f32>(input + (<usize>i << 3), 4);
    store<f32>(left + (<usize>i << 2), l);
    store<f32>(right + (<usize>i << 2), r);
    peak = max(peak, max(abs(l), abs(r)));
  }
  return peak;
}

/** Copies mono frames [from, to) into `target`; returns their max |x|. */
function copyMono(input: usize, target: usize, from: i32, to: i32): f32 {
  memory.copy(target + (<usize>from << 2), input + (<usize>from << 2), <usize>(to - from) << 2);
  return segmentPeak(input + (<usize>from << 2), to - from);
}

// @ts-ignore: decorator
@inline
function lanePeak(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** max |x| of `count` consecutive f32 values at `pointer`. */
function segmentPeak(pointer: usize, count: i32): f32 {
  let peakVector = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) peakVector = f32x4.pmax(peakVector, f32x4.abs(v128.load(pointer + (<usize>i << 2))));
  let peak = max(
    max(f32x4.extract_lane(peakVector, 0), f32x4.extract_lane(peakVector, 1)),
    max(f32x4.extract_lane(peakVector, 2), f32x4.extract_lane(peakVector, 3)),
  );
  for (; i < count; i++) peak = max(peak, abs(load<f32>(pointer + (<usize>i << 2))));
  return peak;
}

/**
 * max |x| of the `count` (≤ BLOCK) f32 values at `pointer`, per lane (lane i: the maximum over values i, i + 4, …);
 * a partial block is reduced to all lanes.
 */
// @ts-ignore: decorator
@inline
function blockPeakLanes(pointer: usize, count: i32): v128 {
  if (count < BLOCK) return f32x4.splat(segmentPeak(pointer, count));
  const first = f32x4.pmax(f32x4.abs(v128.load(pointer)), f32x4.abs(v128.load(pointer, 16)));
  const second = f32x4.pmax(f32x4.abs(v128.load(pointer, 32)), f32x4.abs(v128.load(pointer, 48)));
  return f32x4.pmax(first, second);
}

/**
 * Interpolates the `frames` new samples of one channel's buffer (after its history), 4 outputs per
 * vector, then keeps the last HISTORY samples. Reads up to 3 samples past the chunk (vector tail): the
 * buffer is padded, and those lanes are masked out of the maximum.
 */
function interpolate(buffer: StaticArray<f32>, frames: i32): void {
  const pointer = changetype<usize>(buffer);
  const half = f32x4.splat(0.5);
  const h2 = changetype<usize>(phase2Pairs);
  const hs = changetype<usize>(sumPairs);
  const hd = changetype<usize>(differencePairs);
  // Samples that influence block b's outputs, buffer[16b .. 16b + HISTORY + count), lie in the new samples of
  // blocks b − 2, b − 1 and b (or, for the first two blocks, in the history).
  // Per-lane block peaks: the skip test compares all lanes at once and reduces them only for a block it keeps.
  const historyPeak = f32x4.splat(segmentPeak(pointer, HISTORY));
  const gain = f32x4.splat(gainBound);
  let peakTwoBack = historyPeak;
  let peakOneBack = historyPeak;
  for (let start = 0; start < frames; start += BLOCK) {
    const count = min(BLOCK, frames - start);
    const newPeak = blockPeakLanes(pointer + (<usize>(start + HISTORY) << 2), count);
    const neighbourhoodLanes = f32x4.pmax(f32x4.pmax(peakTwoBack, peakOneBack), newPeak);
    peakTwoBack = peakOneBack;
    peakOneBack = newPeak;
    // neighbourhood · gainBound ≤ truePeak, lane by lane (the same products as on the reduced maximum).
    if (!v128.any_true(f32x4.gt(f32x4.mul(neighbourhoodLanes, gain), f32x4.splat(truePeak)))) continue;
    const neighbourhood = lanePeak(neighbourhoodLanes);
    if (nearBoundBelow(x0(pointer, start), count, neighbourhood * farGainBound, truePeak)) {
      truePeak = max(truePeak, neighbourhood);
      continue;
    }
    // Phase 0 (the samples themselves) is within the neighbourhood's peak, which is a sample peak.
    let peakVector = f32x4.splat(0);
    for (let m = start; m < start + count; m += 4) {
      const x = pointer + (<usize>m << 2);
      let y2 = f32x4.splat(0);
      let a = f32x4.splat(0);
      let b = f32x4.splat(0);
      for (let j = 0; j < PAIRS; j++) {
        const early = v128.load(x + (<usize>j << 2));
        const late = v128.load(x + (<usize>(TAPS - 1 - j) << 2));
        const sum = f32x4.add(early, late);
        y2 = f32x4.add(y2, f32x4.mul(v128.load32_splat(h2 + (<usize>j << 2)), sum));
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(hs + (<usize>j << 2)), sum));
        b = f32x4.add(b, f32x4.mul(v128.load32_splat(hd + (<usize>j << 2)), f32x4.sub(early, late)));
      }
      let outputs = f32x4.pmax(f32x4.abs(y2), f32x4.mul(half, f32x4.add(f32x4.abs(a), f32x4.abs(b))));
      const valid = start + count - m;
      if (valid < 4) outputs = v128.and(outputs, laneMask(valid));
      peakVector = f32x4.pmax(peakVector, outputs);
    }
    truePeak = max(truePeak, max(neighbourhood, lanePeak(peakVector)));
  }
  memory.copy(pointer, pointer + (<usize>frames << 2), <usize>HISTORY << 2);
}

// @ts-ignore: decorator
@inline
function x0(pointer: usize, start: i32): usize {
  return pointer + (<usize>start << 2);
}

/**
 * Second-stage skip test of a block whose first-stage bound failed: each output is the FIR over its 8 central
 * taps (computed exactly) plus the far taps, which are bounded by `farBound` (far Σ|h| × the block's neighbourhood
 * sample peak). True when no output of the block's `count` (≤ BLOCK) outputs at `x` can exceed `truePeak`, so
 * interpolating the block could not change the result; a quarter of the full FIR's multiplies.
 */
function nearBoundBelow(x: usize, count: i32, farBound: f32, truePeak: f32): bool {
  const half = f32x4.splat(0.5);
  const h2 = changetype<usize>(phase2Pairs);
  const hs = changetype<usize>(sumPairs);
  const hd = changetype<usize>(differencePairs);
  let peakVector = f32x4.splat(0);
  for (let m = 0; m < count; m += 4) {
    const at = x + (<usize>m << 2);
    let y2 = f32x4.splat(0);
    let a = f32x4.splat(0);
    let b = f32x4.splat(0);
    for (let j = NEAR_FIRST_PAIR; j < PAIRS; j++) {
      const early = v128.load(at + (<usize>j << 2));
      const late = v128.load(at + (<usize>(TAPS - 1 - j) << 2));
      const sum = f32x4.add(early, late);
      y2 = f32x4.add(y2, f32x4.mul(v128.load32_splat(h2 + (<usize>j << 2)), sum));
      a = f32x4.add(a, f32x4.mul(v128.load32_splat(hs + (<usize>j << 2)), sum));
      b = f32x4.add(b, f32x4.mul(v128.load32_splat(hd + (<usize>j << 2)), f32x4.sub(early, late)));
    }
    let outputs = f32x4.pmax(f32x4.abs(y2), f32x4.mul(half, f32x4.add(f32x4.abs(a), f32x4.abs(b))));
    const valid = count - m;
    if (valid < 4) outputs = v128.and(outputs, laneMask(valid));
    peakVector = f32x4.pmax(peakVector, outputs);
  }
  return lanePeak(peakVector) + farBound <= truePeak;
}

/** All-ones in the first `lanes` (1..3) f32 lanes, zero in the rest. */
function laneMask(lanes: i32): v128 {
  return lanes == 1
    ? i32x4(-1, 0, 0, 0)
    : lanes == 2
      ? i32x4(-1, -1, 0, 0)
      : i32x4(-1, -1, -1, 0);
}

/**
 * Finish hook: flushes each channel with zeros (the outputs around the last samples), closes the last
 * partial sub-block and writes the true peak in dBTP.
 */
export function finishTruePeak(): void {
  if (blockFill > 0) blockPeaks.push(blockPeak);
  blockFill = 0;
  if (!featureEnabled(FEATURE_TRUE_PEAK)) return;
  for (let c = 0; c < channelCount; c++) {
    const buffer = unchecked(channelBuffers[c]);
    for (let i = 0; i < HISTORY; i++) unchecked((buffer[HISTORY + i] = 0));
    interpolate(buffer, HISTORY);
  }
  const dbtp = truePeak > 0 ? 20.0 * Math.log10(<f64>truePeak) : TRUE_PEAK_FLOOR_DBTP;
  setResult(SLOT_TRUE_PEAK_DBTP, max(TRUE_PEAK_FLOOR_DBTP, dbtp));
}

/** Share of sub-blocks at or below the crest peak statistic (crest_db v2): the 95th percentile. */
export const CREST_PEAK_QUANTILE: f64 = 0.95;

/**
 * The `quantile` (0–1) of the 100 ms sub-block sample peaks, linear interpolation between order
 * statistics (numpy's default); 0 when there is no sub-block. Call after `finishTruePeak` (reorders the series).
 */
export function blockPeakQuantile(quantile: f64): f64 {
  const n = blockPeaks.length;
  if (n == 0) return 0;
  const position = quantile * <f64>(n - 1);
  const lower = <i32>Math.floor(position);
  const low = <f64>select(blockPeaks, lower);
  if (lower + 1 >= n) return low;
  // After select, everything right of `lower` is ≥ it: the next order statistic is their minimum.
  let high = blockPeaks.get(lower + 1);
  for (let i = lower + 2; i < n; i++) high = min(high, blockPeaks.get(i));
  return low + (position - <f64>lower) * (<f64>high - low);
}
