import { SAMPLE_RATE } from '../frame';
import { Series } from '../core/series';
import { setResult, SLOT_LOUDNESS_VARIATION_STD, SLOT_LUFS } from '../slots';
import { kWeightingHighPass, kWeightingShelf } from './kWeighting';

/**
 * Integrated loudness (dimension 8, ITU-R BS.1770-4 / EBU R128) and the spread of the momentary
 * loudness (dimension 22).
 *
 * Both channels run through the K-weighting in one f64x2 vector (lane 0 = L, lane 1 = R; a mono
 * file feeds the same sample to both lanes, i.e. it is measured as dual-mono, +3.01 dB over one
 * channel, like `ebur128=dualmono=true`). The squared output is summed per 100 ms sub-block; each
 * 400 ms gating block (75 % overlap) is the mean over 4 consecutive sub-blocks and both channels
 * (weights 1.0): z = (ΣL² + ΣR²) / 17640, loudness = −0.691 + 10·log10(z) LUFS. Block powers are
 * kept as a series (10 per second) for the two-pass gating at `finish`.
 */

/** 100 ms in frames at 44.1 kHz. */
const SUB_BLOCK_FRAMES: i32 = 4410;
/** A gating block is 4 sub-blocks (400 ms). */
const BLOCK_FRAMES: f64 = 4.0 * <f64>SUB_BLOCK_FRAMES;
const ABSOLUTE_GATE_LUFS: f64 = -70.0;
const RELATIVE_GATE_LU: f64 = -10.0;

const shelf = kWeightingShelf(SAMPLE_RATE);
const highPass = kWeightingHighPass(SAMPLE_RATE);

/** Filter state, lanes (L, R): inputs and outputs of the two previous samples of each stage. */
let shelfX1 = f64x2.splat(0);
let shelfX2 = f64x2.splat(0);
let shelfY1 = f64x2.splat(0);
let shelfY2 = f64x2.splat(0);
let highPassY1 = f64x2.splat(0);
let highPassY2 = f64x2.splat(0);

let subBlockFill: i32 = 0;
let subBlockSum: f64 = 0;
/** Energy sums (ΣL² + ΣR²) of the last four sub-blocks (ring) and how many sub-blocks were completed. */
const recentSubBlocks = new StaticArray<f64>(4);
let subBlocksDone: i32 = 0;
/** Mean-square power z of every complete 400 ms block. */
const blockPowers = new Series<f64>(4096);

/**
 * Gating-block loudness histogram (libebur128's histogram mode): bin i counts the 400 ms blocks of the
 * track whose loudness lies in [−70 + i/10, −70 + (i+1)/10) LUFS, i = 0..999 (−70 … +30 LUFS in 0.1 LU
 * steps; louder blocks go to the last bin, blocks at or below −70 LUFS are not counted: the absolute
 * gate). Histograms of several tracks merge by adding counts; server/fingerprint/replayGain.ts computes
 * gated integrated loudness from them with bin-centre energies (within 0.05 LU of the exact value).
 */
export const HISTOGRAM_BINS: i32 = 1000;
/** Loudness of the lower edge of bin 0, LUFS. */
export const HISTOGRAM_LOWEST_LUFS: f64 = -70.0;
/** Bin width, LU. */
export const HISTOGRAM_STEP_LU: f64 = 0.1;
export const loudnessHistogram = new StaticArray<u32>(HISTOGRAM_BINS);

export function resetLoudness(): void {
  shelfX1 = f64x2.splat(0);
  shelfX2 = f64x2.splat(0);
  shelfY1 = f64x2.splat(0);
  shelfY2 = f64x2.splat(0);
  highPassY1 = f64x2.splat(0);
  highPassY2 = f64x2.splat(0);
  subBlockFill = 0;
  subBlockSum = 0;
  subBlocksDone = 0;
  blockPowers.reset();
  for (let i = 0; i < HISTOGRAM_BINS; i++) unchecked((loudnessHistogram[i] = 0));
}

/** K-weights `frames` interleaved frames at `input` (1 or 2 channels, sanitised) and accumulates block powers. */
export function pushLoudness(input: usize, frames: i32, channels: i32): void {
  let done = 0;
  while (done < frames) {
    const segment = min(frames - done, SUB_BLOCK_FRAMES - subBlockFill);
    subBlockSum += filterSegment(input + ((<usize>done * <usize>channels) << 2), segment, channels);
    done += segment;
    subBlockFill += segment;
    if (subBlockFill == SUB_BLOCK_FRAMES) completeSubBlock();
  }
}

/** Runs both biquads over a segment; returns Σ(yL² + yR²). */
function filterSegment(pointer: usize, frames: i32, channels: i32): f64 {
  return channels == 2 ? filterFrames(pointer, frames, true) : filterFrames(pointer, frames, false);
}

/**
 * The K-weighting loop, specialised for stereo or mono (inlined twice, the branch on `isStereo`
 * folds away). Two frames per iteration with a one-step look-ahead of each recursion:
 * y[n+1] = ff[n+1] − a1·ff[n] + (a1² − a2)·y[n−1] + a1·a2·y[n−2], so both outputs of a pair depend
 * only on the previous pair and the loop-carried chain is one multiply and one add per two frames.
 */
// @ts-ignore: decorator
@inline
function filterFrames(pointer: usize, frames: i32, isStereo: bool): f64 {
  const sb0 = f64x2.splat(shelf.b0), sb1 = f64x2.splat(shelf.b1), sb2 = f64x2.splat(shelf.b2);
  const sa1 = f64x2.splat(shelf.a1), sa2 = f64x2.splat(shelf.a2);
  const sk1 = f64x2.splat(shelf.a1 * shelf.a1 - shelf.a2), sk2 = f64x2.splat(shelf.a1 * shelf.a2);
  const ha1 = f64x2.splat(highPass.a1), ha2 = f64x2.splat(highPass.a2);
  const hk1 = f64x2.splat(highPass.a1 * highPass.a1 - highPass.a2), hk2 = f64x2.splat(highPass.a1 * highPass.a2);
  let x1 = shelfX1, x2 = shelfX2, y1 = shelfY1, y2 = shelfY2;
  let z1 = highPassY1, z2 = highPassY2;
  let energy = f64x2.splat(0);
  const step: usize = isStereo ? 8 : 4;
  let address = pointer;
  const pairEnd = pointer + <usize>(frames & ~1) * step;
  while (address < pairEnd) {
    // lanes (L, R); mono duplicates the sample (dual-mono)
    const xa = f64x2.promote_low_f32x4(isStereo ? v128.load64_zero(address) : v128.load32_splat(address));
    const xb = f64x2.promote_low_f32x4(isStereo ? v128.load64_zero(address + step) : v128.load32_splat(address + step));
    address += step << 1;
    // stage 1 (high shelf)
    const ffa = f64x2.add(f64x2.add(f64x2.mul(sb0, xa), f64x2.mul(sb1, x1)), f64x2.mul(sb2, x2));
    const ffb = f64x2.add(f64x2.add(f64x2.mul(sb0, xb), f64x2.mul(sb1, xa)), f64x2.mul(sb2, x1));
    const ya = f64x2.sub(f64x2.sub(ffa, f64x2.mul(sa2, y2)), f64x2.mul(sa1, y1));
    const yb = f64x2.add(f64x2.add(f64x2.sub(ffb, f64x2.mul(sa1, ffa)), f64x2.mul(sk2, y2)), f64x2.mul(sk1, y1));
    // stage 2 (high-pass, b = 1, −2, 1)
    const ga = f64x2.add(f64x2.sub(ya, f64x2.add(y1, y1)), y2);
    const gb = f64x2.add(f64x2.sub(yb, f64x2.add(ya, ya)), y1);
    const za = f64x2.sub(f64x2.sub(ga, f64x2.mul(ha2, z2)), f64x2.mul(ha1, z1));
    const zb = f64x2.add(f64x2.add(f64x2.sub(gb, f64x2.mul(ha1, ga)), f64x2.mul(hk2, z2)), f64x2.mul(hk1, z1));
    x2 = xa;
    x1 = xb;
    y2 = ya;
    y1 = yb;
    z2 = za;
    z1 = zb;
    energy = f64x2.add(energy, f64x2.add(f64x2.mul(za, za), f64x2.mul(zb, zb)));
  }
  if (frames & 1) {
    const x = f64x2.promote_low_f32x4(isStereo ? v128.load64_zero(address) : v128.load32_splat(address));
    const feedForward = f64x2.add(f64x2.add(f64x2.mul(sb0, x), f64x2.mul(sb1, x1)), f64x2.mul(sb2, x2));
    const y = f64x2.sub(f64x2.sub(feedForward, f64x2.mul(sa2, y2)), f64x2.mul(sa1, y1));
    const g = f64x2.add(f64x2.sub(y, f64x2.add(y1, y1)), y2);
    const z = f64x2.sub(f64x2.sub(g, f64x2.mul(ha2, z2)), f64x2.mul(ha1, z1));
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    z2 = z1;
    z1 = z;
    energy = f64x2.add(energy, f64x2.mul(z, z));
  }
  shelfX1 = x1;
  shelfX2 = x2;
  shelfY1 = y1;
  shelfY2 = y2;
  highPassY1 = z1;
  highPassY2 = z2;
  return f64x2.extract_lane(energy, 0) + f64x2.extract_lane(energy, 1);
}

function completeSubBlock(): void {
  unchecked((recentSubBlocks[subBlocksDone & 3] = subBlockSum));
  subBlocksDone++;
  subBlockSum = 0;
  subBlockFill = 0;
  if (subBlocksDone >= 4) {
    const sum =
      unchecked(recentSubBlocks[0]) + unchecked(recentSubBlocks[1]) + unchecked(recentSubBlocks[2]) + unchecked(recentSubBlocks[3]);
    blockPowers.push(sum / BLOCK_FRAMES);
  }
}

// @ts-ignore: decorator
@inline
function loudnessOf(power: f64): f64 {
  return -0.691 + 10.0 * Math.log10(power);
}

/** Writes lufs (8) and loudness_variation_std (22), and fills `loudnessHistogram`. Silence or no complete block → −70 LUFS and 0 LU. */
export function finishLoudness(): void {
  const count = blockPowers.length;
  // Absolute gate: blocks above −70 LUFS ⇔ z > 10^((−70 + 0.691)/10).
  const absolutePower = Math.pow(10.0, (ABSOLUTE_GATE_LUFS + 0.691) / 10.0);
  let sum = 0.0;
  let passed = 0;
  for (let i = 0; i < count; i++) {
    const z = blockPowers.get(i);
    if (z > absolutePower) {
      sum += z;
      passed++;
      const bin = <i32>Math.floor((loudnessOf(z) - HISTOGRAM_LOWEST_LUFS) / HISTOGRAM_STEP_LU);
      const index = min(HISTOGRAM_BINS - 1, max(0, bin));
      unchecked((loudnessHistogram[index] = loudnessHistogram[index] + 1));
    }
  }
  let lufs = ABSOLUTE_GATE_LUFS;
  let spread = 0.0;
  if (passed > 0) {
    // Relative gate: 10 LU below the loudness of the absolutely gated blocks.
    const relativePower = (sum / <f64>passed) * Math.pow(10.0, RELATIVE_GATE_LU / 10.0);
    const gate = max(absolutePower, relativePower);
    let gatedSum = 0.0;
    let gatedCount = 0;
    let loudnessMean = 0.0;
    let loudnessM2 = 0.0;
    for (let i = 0; i < count; i++) {
      const z = blockPowers.get(i);
      if (z > gate) {
        gatedSum += z;
        gatedCount++;
        const loudness = loudnessOf(z);
        const delta = loudness - loudnessMean;
        loudnessMean += delta / <f64>gatedCount;
        loudnessM2 += delta * (loudness - loudnessMean);
      }
    }
    if (gatedCount > 0) {
      lufs = max(ABSOLUTE_GATE_LUFS, loudnessOf(gatedSum / <f64>gatedCount));
      spread = Math.sqrt(max(0.0, loudnessM2 / <f64>gatedCount));
    }
  }
  setResult(SLOT_LUFS, lufs);
  setResult(SLOT_LOUDNESS_VARIATION_STD, spread);
}
