import { FRAME_RATE } from './frameRate';
import { envelopeMean } from './envelopeStats';

/**
 * Global tempo in BPM (SPEC-fingerprint.md dimension 11) from the whole-track autocorrelation of the
 * onset envelope with its mean removed.
 *
 * - Lags cover 40–240 BPM (lag L frames ↔ 60·FRAME_RATE / L BPM, lags 22..129).
 * - The ACF is smoothed over ±2 lags with the binomial kernel [1 4 6 4 1]/16 (the ACF of the
 *   envelope smoothed by [1 2 1]/4). Without it, a pulse whose period falls between two lags
 *   (e.g. 188 BPM = 27.5 frames) splits its peak over both and loses the octave rule against its
 *   half tempo, whose period happens to be a whole number of frames; it also makes the peak's
 *   shape parabolic, so the refinement is accurate to ≈ 0.1 BPM below 180 BPM.
 * - Each lag's normalised ACF r[L]/r[0] is weighted by a prior that is 1.0 over 60–180 BPM and
 *   outside falls off as exp(−½·(d/0.5)²), d = distance in octaves (log₂ tempo) to the flat range.
 * - Local peaks are interior lags with w·r[L] ≥ w·r[L−1] and w·r[L] > w·r[L+1].
 * - Octave rule: among local peaks with weighted value ≥ 0.8 × the best, the shortest lag wins.
 * - The winning lag is refined by parabolic interpolation of the (unweighted) normalised ACF around
 *   it (offset clamped to ±½): the prior chooses the peak, it does not move it.
 * - 0 for audio shorter than 3 s, an envelope without onsets (transients.countOnsets found none), no local
 *   peak, or a best weighted normalised peak below 0.1.
 * Result range: 0 or 40..240 BPM.
 */

export const MIN_TEMPO_BPM: f64 = 40.0;
export const MAX_TEMPO_BPM: f64 = 240.0;
const PRIOR_FLAT_LOW_BPM: f64 = 60.0;
const PRIOR_FLAT_HIGH_BPM: f64 = 180.0;
const PRIOR_SIGMA_OCTAVES: f64 = 0.5;
const OCTAVE_RULE_SHARE: f64 = 0.8;
const MIN_PEAK: f64 = 0.1;
const MIN_SECONDS: f64 = 3.0;

/** Shortest lag (frames) whose tempo is ≤ 240 BPM: 22. */
export const MIN_LAG: i32 = <i32>Math.ceil((60.0 * FRAME_RATE) / MAX_TEMPO_BPM);
/** Longest lag (frames) whose tempo is ≥ 40 BPM: 129. */
export const MAX_LAG: i32 = <i32>Math.floor((60.0 * FRAME_RATE) / MIN_TEMPO_BPM);

// weighted normalised ACF for lags MIN_LAG−1 .. MAX_LAG+1
const weighted = new StaticArray<f64>(MAX_LAG + 2);
// smoothed normalised ACF (without the prior) for the same lags
const normalised = new StaticArray<f64>(MAX_LAG + 2);
// raw ACF Σ x[t]·x[t+lag] for lags 0..2 and MIN_LAG−3 .. MAX_LAG+3
const raw = new StaticArray<f64>(MAX_LAG + 4);
// the envelope with its mean removed, reused across tracks
let centred = new StaticArray<f32>(0);

/** Tempo prior weight (0..1) of a tempo in BPM. */
export function tempoPrior(bpm: f64): f64 {
  let octaves: f64 = 0;
  if (bpm < PRIOR_FLAT_LOW_BPM) octaves = Math.log2(PRIOR_FLAT_LOW_BPM / bpm);
  else if (bpm > PRIOR_FLAT_HIGH_BPM) octaves = Math.log2(bpm / PRIOR_FLAT_HIGH_BPM);
  const z = octaves / PRIOR_SIGMA_OCTAVES;
  return Math.exp(-0.5 * z * z);
}

/** Σ_t x[t]·x[t+lag], t = 0..n−1−lag (SIMD over t). */
function lagProduct(x: usize, n: i32, lag: i32): f64 {
  const count = n - lag;
  if (count <= 0) return 0;
  const shifted = x + (<usize>lag << 2);
  let acc = f64x2.splat(0.0);
  let t = 0;
  // Accumulate f32 products in f64 pairs: long tracks sum ~10⁶ terms.
  for (; t + 4 <= count; t += 4) {
    const p = f32x4.mul(v128.load(x + (<usize>t << 2)), v128.load(shifted + (<usize>t << 2)));
    acc = f64x2.add(acc, f64x2.promote_low_f32x4(p));
    acc = f64x2.add(acc, f64x2.promote_low_f32x4(i32x4.shuffle(p, p, 2, 3, 0, 1)));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; t < count; t++) sum += <f64>load<f32>(x + (<usize>t << 2)) * <f64>load<f32>(shifted + (<usize>t << 2));
  return sum;
}

/**
 * Tempo in BPM of the envelope at `envelope` (f32 per STFT frame, `length` frames) for a track of
 * `durationSeconds` seconds of audio, whose envelope has `onsets` onsets (transients.countOnsets).
 */
export function tempoBpm(envelope: usize, length: i32, durationSeconds: f64, onsets: i32): f64 {
  if (durationSeconds < MIN_SECONDS || length <= MAX_LAG + 3) return 0;
  if (onsets == 0) return 0;

  if (centred.length < length + 4) centred = new StaticArray<f32>(length + length / 2 + 4);
  const x = changetype<usize>(centred);
  const mean = <f32>envelopeMean(envelope, length);
  for (let t = 0; t < length; t++) store<f32>(x + (<usize>t << 2), load<f32>(envelope + (<usize>t << 2)) - mean);

  // raw ACF for lags 0..2 and MIN_LAG−3 .. MAX_LAG+3, then smoothed over ±2 lags
  for (let lag = 0; lag <= 2; lag++) unchecked((raw[lag] = lagProduct(x, length, lag)));
  for (let lag = MIN_LAG - 3; lag <= MAX_LAG + 3; lag++) unchecked((raw[lag] = lagProduct(x, length, lag)));
  // r(−1) = r(1), r(−2) = r(2): the ACF is even
  const energy = (6.0 * raw[0] + 8.0 * raw[1] + 2.0 * raw[2]) / 16.0;
  if (!(energy > 0)) return 0;
  for (let lag = MIN_LAG - 1; lag <= MAX_LAG + 1; lag++) {
    const smoothed =
      (unchecked(raw[lag - 2]) + 4.0 * unchecked(raw[lag - 1]) + 6.0 * unchecked(raw[lag]) +
        4.0 * unchecked(raw[lag + 1]) + unchecked(raw[lag + 2])) / 16.0;
    const bpm = (60.0 * FRAME_RATE) / <f64>lag;
    unchecked((normalised[lag] = smoothed / energy));
    unchecked((weighted[lag] = (smoothed / energy) * tempoPrior(bpm)));
  }

  let best: f64 = -Infinity;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    if (isPeak(lag)) best = Math.max(best, unchecked(weighted[lag]));
  }
  if (!(best >= MIN_PEAK)) return 0;

  let chosen = 0;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    if (isPeak(lag) && unchecked(weighted[lag]) >= OCTAVE_RULE_SHARE * best) {
      chosen = lag;
      break;
    }
  }
  // refine on the unweighted ACF: the prior's slope would pull the vertex towards 60–180 BPM
  const below = unchecked(normalised[chosen - 1]);
  const centre = unchecked(normalised[chosen]);
  const above = unchecked(normalised[chosen + 1]);
  const curvature = below - 2.0 * centre + above;
  let offset: f64 = 0;
  if (curvature < 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (below - above)) / curvature));
  return (60.0 * FRAME_RATE) / (<f64>chosen + offset);
}

// @ts-ignore: decorator
@inline
function isPeak(lag: i32): bool {
  const value = unchecked(weighted[lag]);
  return value >= unchecked(weighted[lag - 1]) && value > unchecked(weighted[lag + 1]);
}
