import { setResult, SLOT_CREST_DB, SLOT_PHASE_CORRELATION, SLOT_STEREO_WIDTH } from '../slots';
import { blockPeakQuantile, CREST_PEAK_QUANTILE } from './truePeak';

/**
 * One pass over the interleaved input of each chunk: replaces non-finite samples by 0 and clamps
 * finite ones to ±MAX_SAMPLE_MAGNITUDE (in place, so every later pass sees clean data), and
 * accumulates, in f64, what the channel-level dimensions of SPEC-fingerprint.md need (the spec keeps
 * these off the mono mix):
 * - crest_db (9, dB, v2): Σx² over all samples of all channels (the peak statistic comes from the
 *   100 ms sub-block peaks of truePeak.ts);
 * - stereo_width (24, 0–1) and phase_correlation (25, −1…1): ΣL, ΣR, ΣL², ΣR², ΣLR.
 * The 500 ms window statistics (21, 23) are computed on the mono mix: levels/variation.ts.
 */

let channelCount: i32 = 2;
let totalFrames: i64 = 0;
let sumLeft: f64 = 0;
let sumRight: f64 = 0;
let sumSquaresLeft: f64 = 0;
let sumSquaresRight: f64 = 0;
let sumCross: f64 = 0;

export function resetSampleStats(channels: i32): void {
  channelCount = channels;
  totalFrames = 0;
  sumLeft = 0;
  sumRight = 0;
  sumSquaresLeft = 0;
  sumSquaresRight = 0;
  sumCross = 0;
}

/** Sanitises and accumulates `frames` interleaved frames at `input`. */
export function pushSampleStats(input: usize, frames: i32): void {
  if (channelCount == 2) accumulateStereo(input, frames);
  else accumulateMono(input, frames);
  totalFrames += frames;
}

/**
 * Largest sample magnitude analysed (+120 dBFS). Larger finite samples (only a broken float file has
 * them) are clamped, so that no power sum can overflow f32 and no result becomes ±Inf or NaN.
 */
export const MAX_SAMPLE_MAGNITUDE: f32 = 1e6;

// @ts-ignore: decorator
@inline
function sanitise(v: v128): v128 {
  // x − x is 0 for finite x and NaN for NaN/±Inf; eq(NaN, 0) is false, so those lanes become 0.
  const finite = v128.and(v, f32x4.eq(f32x4.sub(v, v), f32x4.splat(0)));
  return f32x4.pmin(f32x4.pmax(finite, f32x4.splat(-MAX_SAMPLE_MAGNITUDE)), f32x4.splat(MAX_SAMPLE_MAGNITUDE));
}

// @ts-ignore: decorator
@inline
function sanitiseScalar(x: f32): f32 {
  return x - x == 0 ? min(max(x, -MAX_SAMPLE_MAGNITUDE), MAX_SAMPLE_MAGNITUDE) : 0;
}

function accumulateStereo(pointer: usize, frames: i32): void {
  let sums = f64x2.splat(0);
  let squares = f64x2.splat(0);
  let cross = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= frames; i += 2) {
    const address = pointer + (<usize>i << 3);
    const v = sanitise(v128.load(address));
    v128.store(address, v);
    const first = f64x2.promote_low_f32x4(v); // [L0, R0]
    const second = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)); // [L1, R1]
    sums = f64x2.add(sums, f64x2.add(first, second));
    squares = f64x2.add(squares, f64x2.add(f64x2.mul(first, first), f64x2.mul(second, second)));
    const products = f64x2.add(
      f64x2.mul(first, v128.shuffle<f64>(first, first, 1, 0)),
      f64x2.mul(second, v128.shuffle<f64>(second, second, 1, 0)),
    );
    cross = f64x2.add(cross, products); // lane 0 accumulates L·R
  }
  let sumL = f64x2.extract_lane(sums, 0);
  let sumR = f64x2.extract_lane(sums, 1);
  let squaresL = f64x2.extract_lane(squares, 0);
  let squaresR = f64x2.extract_lane(squares, 1);
  let crossLR = f64x2.extract_lane(cross, 0);
  for (; i < frames; i++) {
    const address = pointer + (<usize>i << 3);
    const l = sanitiseScalar(load<f32>(address));
    const r = sanitiseScalar(load<f32>(address, 4));
    store<f32>(address, l);
    store<f32>(address, r, 4);
    sumL += <f64>l;
    sumR += <f64>r;
    squaresL += <f64>l * <f64>l;
    squaresR += <f64>r * <f64>r;
    crossLR += <f64>l * <f64>r;
  }
  sumLeft += sumL;
  sumRight += sumR;
  sumSquaresLeft += squaresL;
  sumSquaresRight += squaresR;
  sumCross += crossLR;
}

function accumulateMono(pointer: usize, frames: i32): void {
  let sums = f64x2.splat(0);
  let squares = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= frames; i += 4) {
    const address = pointer + (<usize>i << 2);
    const v = sanitise(v128.load(address));
    v128.store(address, v);
    const first = f64x2.promote_low_f32x4(v);
    const second = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    sums = f64x2.add(sums, f64x2.add(first, second));
    squares = f64x2.add(squares, f64x2.add(f64x2.mul(first, first), f64x2.mul(second, second)));
  }
  let sum = f64x2.extract_lane(sums, 0) + f64x2.extract_lane(sums, 1);
  let sumSquares = f64x2.extract_lane(squares, 0) + f64x2.extract_lane(squares, 1);
  for (; i < frames; i++) {
    const address = pointer + (<usize>i << 2);
    const x = sanitiseScalar(load<f32>(address));
    store<f32>(address, x);
    sum += <f64>x;
    sumSquares += <f64>x * <f64>x;
  }
  // A mono file is one channel: L = R = x for the stereo statistics.
  sumLeft += sum;
  sumRight += sum;
  sumSquaresLeft += sumSquares;
  sumSquaresRight += sumSquares;
  sumCross += sumSquares;
}

/** Frames pushed since `begin`. */
export function totalFramesPushed(): i64 {
  return totalFrames;
}

/** Finish hook: writes crest_db, stereo_width and phase_correlation. */
export function finishSampleStats(): void {
  // crest_db (9, v2): 20·log10(P95 / RMS), P95 = 95th percentile of the 100 ms sub-block sample peaks
  // (all channels), RMS over all samples of all channels; clamped at 0; silence → 0. Needs finishTruePeak first.
  const sampleCount = <f64>totalFrames * <f64>channelCount;
  const meanSquare = sampleCount > 0 ? (sumSquaresLeft + (channelCount == 2 ? sumSquaresRight : 0)) / sampleCount : 0;
  const peakStatistic = blockPeakQuantile(CREST_PEAK_QUANTILE);
  let crestDb = 0.0;
  if (meanSquare > 0 && peakStatistic > 0) crestDb = max(0.0, 20.0 * Math.log10(peakStatistic / Math.sqrt(meanSquare)));
  setResult(SLOT_CREST_DB, crestDb);

  // stereo_width (24): Σside² / (Σmid² + Σside²) = (ΣL² − 2ΣLR + ΣR²) / (2(ΣL² + ΣR²)); silence → 0.
  const energy = sumSquaresLeft + sumSquaresRight;
  let width = 0.0;
  if (energy > 0) width = min(1.0, max(0.0, (energy - 2.0 * sumCross) / (2.0 * energy)));
  setResult(SLOT_STEREO_WIDTH, width);

  // phase_correlation (25): Pearson r of L and R; a channel with zero variance (or mono) → 1.
  let correlation = 1.0;
  if (totalFrames > 0) {
    const n = <f64>totalFrames;
    const meanL = sumLeft / n;
    const meanR = sumRight / n;
    const varianceL = sumSquaresLeft / n - meanL * meanL;
    const varianceR = sumSquaresRight / n - meanR * meanR;
    const covariance = sumCross / n - meanL * meanR;
    // "Zero variance" up to rounding: the variance is below 1e-12 of the mean square (a pure DC channel).
    const flatL = varianceL <= 1e-12 * (sumSquaresLeft / n) || varianceL <= 0;
    const flatR = varianceR <= 1e-12 * (sumSquaresRight / n) || varianceR <= 0;
    if (!flatL && !flatR) correlation = min(1.0, max(-1.0, covariance / Math.sqrt(varianceL * varianceR)));
  }
  setResult(SLOT_PHASE_CORRELATION, correlation);
}
