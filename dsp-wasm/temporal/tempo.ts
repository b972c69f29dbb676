import { FRAME_RATE } from './frameRate';

/**
 * Global tempo in BPM (fingerprint v2, docs/fingerprint.md dimension 11), its confidence and the
 * strongest other candidate, from a tempogram of the onset envelope:
 *
 * 1. Detrend: d[t] = max(0, e[t] − mean(e[t−43 .. t+43])) (±0.5 s local mean, half-wave rectified),
 *    then smoothed by [1 4 6 4 1]/16. The v1 ACF of the mean-removed envelope kept the loudness
 *    contour, so on real music it was a plateau (0.78–0.86 at every lag) and the octave rule picked a
 *    ripple; the local mean removes the contour, the smoothing keeps a period between two whole lags
 *    (188 BPM = 27.5 frames) from splitting its peak.
 * 2. Tempogram (Grosche & Müller 2011; librosa `tempogram`): autocorrelation of d in windows of 768
 *    frames (8.9 s) with a hop of 384, each normalised by its lag-0 energy, A[L] = mean over windows
 *    with energy (every section counts alike, quiet or loud). Lags 22..129 (240..40 BPM). Products stop
 *    at the envelope's end; a track shorter than one window has one window, the whole envelope.
 * 3. Perceptual prior (Ellis 2007; Moelants & McKinney 2004): score[L] = A[L]·exp(−½·(log₂(bpm/110)/0.75)²).
 *    The best-scoring local peak of A wins.
 * 3b. Dotted check: when a local peak of A within ±1 lag of ⅔ of the winner's lag is stronger (A larger)
 *    than the winner, that peak wins. The winner was then three pulses of a duple metre (a dotted
 *    quarter over eighth-note hats: a 150 BPM mix read 100 at every length from 4 to 60 s, because the
 *    prior favours 100 over 150 by 0.97 : 0.84 while A differs by 0.75 : 0.83). In a true triple
 *    grouping (6/8) the three-pulse period is the stronger one, and the check does not fire.
 * 4. Octave check: when A at half that lag (double tempo, lag ≥ 22) is ≥ 0.95 × A at the winner, the
 *    double tempo wins: an isochronous pulse (click track) reads its own rate, not a prior-preferred
 *    multiple; accented subdivisions (eighth-note hats, A clearly lower) do not.
 * 4b. Syncopation check (band-wise accent: Klapuri, Eronen & Astola 2006; Scheirer 1998), when step 4
 *    kept the winner L: H = the same tempogram (steps 1–2) of the high-band envelope (onsetEnvelope.ts,
 *    5.04–7.99 kHz: hats, cymbals). When A at half the lag is < 0.75 × A[L] and H at a quarter of the
 *    lag (the larger of ⌊L/4⌋, ⌈L/4⌉) is ≥ 0.5 × H[L], the double tempo wins (lag ≥ 22). The hats then
 *    play a steady pulse four to the winner while the full band has no pulse at half of it: the winner
 *    is two beats of a syncopated pattern with eighth-note hats (two-step breakbeat at 172 read 86: A
 *    0.56 : 0.92, H 0.76 : 0.96). A half-time groove's hats pulse at half the lag, not a quarter (H ≈ 0
 *    there); sixteenth-note hats pulse at a quarter, but their accented eighths keep A at half the lag
 *    ≥ 0.84 × A[L].
 * 5. Parabolic refinement of A around the chosen lag (offset clamped to ±½).
 * - tempoConfidence (0–1) = A at the chosen lag: the mean normalised local autocorrelation of the
 *   onsets at the beat period, i.e. the pulse clarity (Lartillot et al. 2008).
 * - tempoAlternateBpm = half or double the tempo: the best-scoring local peak of A within ±2 lags
 *   of twice or half the chosen lag, refined the same way; 0 when there is none.
 * tempo 0 (and confidence 0, alternate 0) for audio shorter than 3 s, an envelope without onsets
 * (transients.countOnsets found none), no local peak, or A at the chosen lag below 0.1.
 * Result range: 0 or 40..240 BPM.
 */

export const MIN_TEMPO_BPM: f64 = 40.0;
export const MAX_TEMPO_BPM: f64 = 240.0;
const PRIOR_CENTRE_BPM: f64 = 110.0;
const PRIOR_SIGMA_OCTAVES: f64 = 0.75;
const DOUBLE_SHARE: f64 = 0.95;
/** Syncopation check: A at half the lag below this share of A[L] … */
const SYNCOPATED_SHARE: f64 = 0.75;
/** … and H at a quarter of the lag at least this share of H[L]. */
const HATS_QUARTER_SHARE: f64 = 0.5;
/** Largest distance (lags) of a dotted-check peak from ⅔ of the winner's lag. */
const DOTTED_REACH: f64 = 1.0;
const MIN_CLARITY: f64 = 0.1;
const MIN_SECONDS: f64 = 3.0;
/** Half-width of the detrending mean, frames (±0.5 s). */
const DETREND_HALF: i32 = 43;
/** Tempogram window and hop, frames (8.9 s, 4.5 s). */
const WINDOW: i32 = 768;
const WINDOW_HOP: i32 = 384;

/** Shortest lag (frames) whose tempo is ≤ 240 BPM: 22. */
export const MIN_LAG: i32 = <i32>Math.ceil((60.0 * FRAME_RATE) / MAX_TEMPO_BPM);
/** Longest lag (frames) whose tempo is ≥ 40 BPM: 129. */
export const MAX_LAG: i32 = <i32>Math.floor((60.0 * FRAME_RATE) / MIN_TEMPO_BPM);

// tempogram A[L], L = 0 .. MAX_LAG+1
const tempogram = new StaticArray<f64>(MAX_LAG + 2);
// the detrended envelope, the detrended high-band envelope and a scratch copy, reused across tracks
let detrended = new StaticArray<f32>(0);
let detrendedHigh = new StaticArray<f32>(0);
let scratch = new StaticArray<f32>(0);

let lastConfidence: f64 = 0;
let lastAlternate: f64 = 0;

/** Tempo prior weight (0..1] of a tempo in BPM: log-Gaussian centred on 110 BPM, σ = 0.75 octave. */
export function tempoPrior(bpm: f64): f64 {
  const z = Math.log2(bpm / PRIOR_CENTRE_BPM) / PRIOR_SIGMA_OCTAVES;
  return Math.exp(-0.5 * z * z);
}

/** Σ_t x[t]·x[t+lag], t = from..to−1 with t+lag < n (SIMD over t). */
function lagProduct(x: usize, n: i32, from: i32, to: i32, lag: i32): f64 {
  const end = min(to, n - lag);
  if (end <= from) return 0;
  const base = x + (<usize>from << 2);
  const shifted = base + (<usize>lag << 2);
  const count = end - from;
  let acc = f32x4.splat(0.0);
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    acc = f32x4.add(acc, f32x4.mul(v128.load(base + (<usize>t << 2)), v128.load(shifted + (<usize>t << 2))));
  }
  let sum: f64 =
    <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) +
    <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  for (; t < count; t++) sum += <f64>load<f32>(base + (<usize>t << 2)) * <f64>load<f32>(shifted + (<usize>t << 2));
  return sum;
}

/** Fills `target` (capacity ≥ length + 4) with the detrended, smoothed envelope (step 1). */
function detrend(envelope: usize, length: i32, target: StaticArray<f32>): void {
  let windowSum: f64 = 0;
  let start = 0;
  let end = 0;
  for (let t = 0; t < length; t++) {
    const wantEnd = min(length, t + DETREND_HALF + 1);
    while (end < wantEnd) {
      windowSum += <f64>load<f32>(envelope + (<usize>end << 2));
      end++;
    }
    const wantStart = max(0, t - DETREND_HALF);
    while (start < wantStart) {
      windowSum -= <f64>load<f32>(envelope + (<usize>start << 2));
      start++;
    }
    const value = <f64>load<f32>(envelope + (<usize>t << 2)) - windowSum / <f64>(end - start);
    unchecked((scratch[t] = <f32>Math.max(0.0, value)));
  }
  const last = length - 1;
  for (let t = 0; t < length; t++) {
    const smoothed =
      unchecked(scratch[max(0, t - 2)]) + 4 * unchecked(scratch[max(0, t - 1)]) + 6 * unchecked(scratch[t]) +
      4 * unchecked(scratch[min(last, t + 1)]) + unchecked(scratch[min(last, t + 2)]);
    unchecked((target[t] = smoothed / 16));
  }
  for (let t = length; t < length + 4; t++) unchecked((target[t] = 0));
}

function ensureCapacity(length: i32): void {
  if (detrended.length >= length + 4) return;
  detrended = new StaticArray<f32>(length + length / 2 + 4);
  detrendedHigh = new StaticArray<f32>(length + length / 2 + 4);
  scratch = new StaticArray<f32>(length + length / 2 + 4);
}

/**
 * The tempogram (step 2) of the detrended high-band envelope at one lag: the mean over the windows
 * with energy of Σ h[t]·h[t+lag] / Σ h[t]²; 0 when no window has energy.
 */
function highTempogramAt(length: i32, lag: i32): f64 {
  const x = changetype<usize>(detrendedHigh);
  let sum: f64 = 0;
  let windows = 0;
  const lastStart = max(0, length - WINDOW);
  for (let start = 0; ; start += WINDOW_HOP) {
    const from = min(start, lastStart);
    const to = min(length, from + WINDOW);
    const energy = lagProduct(x, length, from, to, 0);
    if (energy > 0) {
      windows++;
      sum += lagProduct(x, length, from, to, lag) / energy;
    }
    if (from >= lastStart) break;
  }
  return windows > 0 ? sum / <f64>windows : 0;
}

/** Fills `tempogram` (step 2); returns false when no window has energy. */
function computeTempogram(length: i32): bool {
  const x = changetype<usize>(detrended);
  for (let lag = 0; lag <= MAX_LAG + 1; lag++) unchecked((tempogram[lag] = 0));
  let windows = 0;
  const lastStart = max(0, length - WINDOW);
  for (let start = 0; ; start += WINDOW_HOP) {
    const from = min(start, lastStart);
    const to = min(length, from + WINDOW);
    const energy = lagProduct(x, length, from, to, 0);
    if (energy > 0) {
      windows++;
      const scale = 1.0 / energy;
      for (let lag = MIN_LAG - 1; lag <= MAX_LAG + 1; lag++) {
        unchecked((tempogram[lag] += lagProduct(x, length, from, to, lag) * scale));
      }
    }
    if (from >= lastStart) break;
  }
  if (windows == 0) return false;
  const inverse = 1.0 / <f64>windows;
  for (let lag = MIN_LAG - 1; lag <= MAX_LAG + 1; lag++) unchecked((tempogram[lag] *= inverse));
  return true;
}

// @ts-ignore: decorator
@inline
function isPeak(lag: i32): bool {
  const value = unchecked(tempogram[lag]);
  return value >= unchecked(tempogram[lag - 1]) && value > unchecked(tempogram[lag + 1]);
}

function lagBpm(lag: f64): f64 {
  return (60.0 * FRAME_RATE) / lag;
}

/** Lag refined by parabolic interpolation of A (offset clamped to ±½). */
function refinedLag(lag: i32): f64 {
  const below = unchecked(tempogram[lag - 1]);
  const centre = unchecked(tempogram[lag]);
  const above = unchecked(tempogram[lag + 1]);
  const curvature = below - 2.0 * centre + above;
  let offset: f64 = 0;
  if (curvature < 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (below - above)) / curvature));
  return <f64>lag + offset;
}

/**
 * Tempo in BPM of the envelope at `envelope` (f32 per STFT frame, `length` frames; `highEnvelope`:
 * the high-band envelope of the same frames) for a track of
 * `durationSeconds` seconds of audio, whose envelope has `onsets` onsets (transients.countOnsets).
 * Also sets `tempoConfidence()` and `tempoAlternateBpm()`.
 */
export function tempoBpm(envelope: usize, highEnvelope: usize, length: i32, durationSeconds: f64, onsets: i32): f64 {
  lastConfidence = 0;
  lastAlternate = 0;
  if (durationSeconds < MIN_SECONDS || length <= MAX_LAG + 3) return 0;
  if (onsets == 0) return 0;
  ensureCapacity(length);
  detrend(envelope, length, detrended);
  if (!computeTempogram(length)) return 0;

  let best: f64 = -Infinity;
  let chosen = 0;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    if (!isPeak(lag)) continue;
    const score = unchecked(tempogram[lag]) * tempoPrior(lagBpm(<f64>lag));
    if (score > best) {
      best = score;
      chosen = lag;
    }
  }
  if (chosen == 0) return 0;
  // dotted check: a stronger peak at two thirds of the lag is the beat of which the winner is 3 pulses
  const twoThirds = (2.0 * <f64>chosen) / 3.0;
  let dotted = 0;
  for (let lag = max(MIN_LAG, <i32>Math.ceil(twoThirds - DOTTED_REACH)); lag <= <i32>Math.floor(twoThirds + DOTTED_REACH); lag++) {
    if (!isPeak(lag) || !(unchecked(tempogram[lag]) > unchecked(tempogram[chosen]))) continue;
    if (dotted == 0 || unchecked(tempogram[lag]) > unchecked(tempogram[dotted])) dotted = lag;
  }
  if (dotted > 0) chosen = dotted;
  // octave check: the double tempo wins when its pulse is nearly as clear
  const half = <f64>chosen / 2.0;
  const low = <i32>Math.floor(half);
  const high = <i32>Math.ceil(half);
  if (low >= MIN_LAG) {
    const doubleLag = unchecked(tempogram[low]) >= unchecked(tempogram[high]) ? low : high;
    if (unchecked(tempogram[doubleLag]) >= DOUBLE_SHARE * unchecked(tempogram[chosen])) {
      chosen = doubleLag;
    } else if (unchecked(tempogram[doubleLag]) < SYNCOPATED_SHARE * unchecked(tempogram[chosen])) {
      // syncopation check (step 4b): hats four to the winner, no full-band pulse at half of it
      detrend(highEnvelope, length, detrendedHigh);
      const atLag = highTempogramAt(length, chosen);
      const quarter = Math.max(
        highTempogramAt(length, <i32>Math.floor(<f64>chosen / 4.0)),
        highTempogramAt(length, <i32>Math.ceil(<f64>chosen / 4.0)),
      );
      if (atLag > 0 && quarter >= HATS_QUARTER_SHARE * atLag) chosen = doubleLag;
    }
  }
  const clarity = unchecked(tempogram[chosen]);
  if (!(clarity >= MIN_CLARITY)) return 0;
  const tempo = lagBpm(refinedLag(chosen));

  // the alternate: the best-scoring local peak within ±2 lags of half or double the chosen lag
  let alternateScore: f64 = -Infinity;
  let alternate = 0;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    if (!isPeak(lag)) continue;
    if (Math.abs(<f64>lag - 2.0 * <f64>chosen) > 2.0 && Math.abs(<f64>lag - 0.5 * <f64>chosen) > 2.0) continue;
    const score = unchecked(tempogram[lag]) * tempoPrior(lagBpm(<f64>lag));
    if (score > alternateScore) {
      alternateScore = score;
      alternate = lag;
    }
  }
  lastConfidence = Math.min(1.0, clarity);
  lastAlternate = alternate > 0 ? lagBpm(refinedLag(alternate)) : 0;
  return tempo;
}

/** Confidence (0–1) of the last `tempoBpm`: the pulse clarity A at the chosen lag; 0 when tempo is 0. */
export function tempoConfidence(): f64 {
  return lastConfidence;
}

/** The strongest other tempo candidate (BPM) of the last `tempoBpm`, 0 when there is none. */
export function tempoAlternateBpm(): f64 {
  return lastAlternate;
}

/** Byte address of the last tempogram A[L] (f64, L = 0 .. MAX_LAG+1; test-only export). */
export function tempogramPointer(): usize {
  return changetype<usize>(tempogram);
}
