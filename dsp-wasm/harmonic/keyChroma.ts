/**
 * The key chroma (fingerprint v2, fact "key"): a harmonic pitch-class profile of the whole track in the
 * manner of Gómez (2006, "Tonal description of music audio signals", HPCP), built from spectral peaks so
 * that a partial's pitch is read to a fraction of a semitone even where the 21.5 Hz bins are wider
 * than a semitone (below ≈ 360 Hz).
 *
 * - Frames: every KEY_DECIMATION-th non-silent STFT frame (hop 512·4 = 46 ms; the key is a whole-track
 *   property, so a coarser hop loses nothing and costs a quarter).
 * - Peaks: bins k in 65 Hz–3.5 kHz (bins 4..162 by centre frequency) with S[k−1] < S[k] ≥ S[k+1] and
 *   S[k] ≥ 10⁻⁶ × the frame's largest bin in that range (−60 dB), S = |X|². The peak frequency is
 *   f = (k + δ)·44100/2048 with δ from the parabola through ln S[k−1], ln S[k], ln S[k+1] (exact for a
 *   Gaussian lobe, within ≈ 0.05 bin for Hann; 0 when a neighbour is 0); the peak's weight is its magnitude √S[k].
 * - Pitch class: p = 12·log₂(f / 440) + 9 (C = 0, A4 = 440 Hz), fractional. The weight is split between
 *   the two nearest pitch classes ⌊p⌋ and ⌊p⌋+1 (mod 12) as cos²(π·d/2) and sin²(π·d/2), d = p − ⌊p⌋
 *   (HPCP's cosine weighting over a window of 2 semitones; the two shares sum to 1).
 * - Each frame's 12 values are L1-normalised (a frame without peaks is skipped) and the track profile is
 *   their mean over the frames used. A frame of flat noise adds the same to every class, which leaves the
 *   key-profile correlation (keyEstimate.ts) unchanged.
 */
import { BIN_HZ } from '../frame';

/** Use every KEY_DECIMATION-th STFT frame. */
export const KEY_DECIMATION: i32 = 4;
/** First peak bin: centre frequency ≥ 65 Hz (bin 4, 86 Hz). */
export const KEY_LOW_BIN: i32 = <i32>Math.ceil(65.0 / BIN_HZ);
/** Last peak bin: centre frequency ≤ 3.5 kHz (bin 162, 3488 Hz). */
export const KEY_HIGH_BIN: i32 = <i32>Math.floor(3500.0 / BIN_HZ);
/** Peaks below this fraction of the frame's largest bin (power) are ignored (−60 dB). */
const PEAK_FLOOR: f32 = 1e-6;
const HALF_PI: f64 = Math.PI / 2.0;

/** 12·log₂(k·BIN_HZ / 440) + 9 + 120 for the bins k ≤ KEY_HIGH_BIN + 1: the pitch of a peak without offset. */
const pitchOfBin = new StaticArray<f64>(KEY_HIGH_BIN + 2);
for (let k = 1; k <= KEY_HIGH_BIN + 1; k++) pitchOfBin[k] = 12.0 * Math.log2((<f64>k * BIN_HZ) / 440.0) + 9.0 + 120.0;
const LOG2_E: f64 = 1.0 / Math.LN2;

/** log₂(1 + x) for |x| ≤ 1/8 (δ/k, k ≥ 4): 2·atanh(s)/ln 2, s = x/(2 + x), to s¹¹ (truncation < 1e-16). */
// @ts-ignore: decorator
@inline
function log2OnePlus(x: f64): f64 {
  const s = x / (2.0 + x);
  const z = s * s;
  const series = 1.0 + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0 + z * (1.0 / 11.0)))));
  return 2.0 * s * series * LOG2_E;
}

/** cos(y) for 0 ≤ y ≤ π/2: Taylor series to y¹⁸ (truncation < 4e-15). */
// @ts-ignore: decorator
@inline
function cosQuarterTurn(y: f64): f64 {
  const z = y * y;
  let c = 1.0 / 6402373705728000.0; // 1/18!
  c = 1.0 / 20922789888000.0 - z * c; // 1/16!
  c = 1.0 / 87178291200.0 - z * c; // 1/14!
  c = 1.0 / 479001600.0 - z * c; // 1/12!
  c = 1.0 / 3628800.0 - z * c; // 1/10!
  c = 1.0 / 40320.0 - z * c; // 1/8!
  c = 1.0 / 720.0 - z * c; // 1/6!
  c = 1.0 / 24.0 - z * c; // 1/4!
  c = 0.5 - z * c; // 1/2!
  return 1.0 - z * c;
}

const frameProfile = new StaticArray<f64>(12);
/** Mean of the frames' L1-normalised profiles (valid after `keyChromaFinish`). */
export const keyChroma = new StaticArray<f64>(12);
const profileSum = new StaticArray<f64>(12);
let stftFrameIndex = 0;
let usedFrames = 0;

/** Starts a new track. */
export function keyChromaReset(): void {
  stftFrameIndex = 0;
  usedFrames = 0;
  for (let c = 0; c < 12; c++) unchecked((profileSum[c] = 0));
}

/** Adds one STFT frame: `power` = byte address of |FFT[k]|² (f32, k = 0..1024, readable 4 bins past KEY_HIGH_BIN). */
export function keyChromaFrame(power: usize, silent: bool): void {
  const index = stftFrameIndex++;
  if (silent || index % KEY_DECIMATION != 0) return;
  const largest = largestInRange(power);
  if (!(largest > 0)) return;
  const floor = f32x4.splat(largest * PEAK_FLOOR);
  for (let c = 0; c < 12; c++) unchecked((frameProfile[c] = 0));
  frameTotal = 0;
  // Peaks found 4 bins at a time (S[k] ≥ floor, S[k−1] < S[k] ≥ S[k+1]) and added in bin order.
  for (let k = KEY_LOW_BIN; k <= KEY_HIGH_BIN; k += 4) {
    const at = power + (<usize>k << 2);
    const centre = v128.load(at);
    const isPeak = v128.and(
      v128.and(f32x4.ge(centre, floor), f32x4.lt(v128.load(at - 4), centre)),
      f32x4.ge(centre, v128.load(at + 4)),
    );
    let lanes = i32x4.bitmask(isPeak);
    if (k + 3 > KEY_HIGH_BIN) lanes &= (1 << (KEY_HIGH_BIN - k + 1)) - 1;
    while (lanes != 0) {
      addPeak(power, k + ctz(lanes));
      lanes &= lanes - 1;
    }
  }
  if (!(frameTotal > 0)) return;
  for (let c = 0; c < 12; c++) unchecked((profileSum[c] += frameProfile[c] / frameTotal));
  usedFrames++;
}

/** The largest S[k] over KEY_LOW_BIN..KEY_HIGH_BIN. */
function largestInRange(power: usize): f32 {
  let lanes = f32x4.splat(0);
  let k = KEY_LOW_BIN;
  for (; k + 3 <= KEY_HIGH_BIN; k += 4) lanes = f32x4.pmax(lanes, v128.load(power + (<usize>k << 2)));
  let largest = max(max(f32x4.extract_lane(lanes, 0), f32x4.extract_lane(lanes, 1)), max(f32x4.extract_lane(lanes, 2), f32x4.extract_lane(lanes, 3)));
  for (; k <= KEY_HIGH_BIN; k++) largest = max(largest, load<f32>(power + (<usize>k << 2)));
  return largest;
}

/** Weight Σ√S of the current frame's peaks so far. */
let frameTotal: f64 = 0;

/** Adds the peak at bin `k` to the frame's profile (the module comment's δ, pitch class and cosine split). */
// @ts-ignore: decorator
@inline
function addPeak(power: usize, k: i32): void {
  const centre = load<f32>(power + (<usize>k << 2));
  const below = load<f32>(power + (<usize>(k - 1) << 2));
  const above = load<f32>(power + (<usize>(k + 1) << 2));
  let delta: f64 = 0; // δ = 0 when a neighbour is exactly 0 (no parabola through ln 0)
  if (below > 0 && above > 0) {
    const a = Math.log(<f64>below / <f64>centre); // ln S[k−1] − ln S[k] < 0
    const c = Math.log(<f64>above / <f64>centre); // ≤ 0
    const curvature = a + c;
    if (curvature < 0) delta = Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature));
  }
  // p = 12·log₂((k + δ)·BIN_HZ / 440) + 9 + 120 (+ 10 octaves: positive for f ≥ 0.4 Hz), from the bin's table entry.
  const pitch = unchecked(pitchOfBin[k]) + 12.0 * log2OnePlus(delta / <f64>k);
  const lower = Math.floor(pitch);
  const d = pitch - lower;
  const weight = Math.sqrt(<f64>centre);
  const cosine = cosQuarterTurn(HALF_PI * d);
  const lowerShare = weight * cosine * cosine;
  const lowerClass = (<i32>lower) % 12;
  unchecked((frameProfile[lowerClass] += lowerShare));
  unchecked((frameProfile[(lowerClass + 1) % 12] += weight - lowerShare));
  frameTotal += weight;
}

/** Completes the track profile into `keyChroma`; returns the number of frames it averages (0 = no tonal frame). */
export function keyChromaFinish(): i32 {
  for (let c = 0; c < 12; c++) unchecked((keyChroma[c] = usedFrames > 0 ? profileSum[c] / <f64>usedFrames : 0));
  return usedFrames;
}

/** Test-only: byte address of the 12 f64 of the last track's key chroma (C, C♯, … B). */
export function keyChromaPointer(): usize {
  return changetype<usize>(keyChroma);
}
