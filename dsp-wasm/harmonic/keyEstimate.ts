/**
 * Key and mode (fingerprint v2 facts SLOT_KEY_PITCH_CLASS, SLOT_KEY_MODE, SLOT_KEY_CONFIDENCE) by the
 * Krumhansl–Schmuckler method (Krumhansl 1990, "Cognitive Foundations of Musical Pitch", ch. 4) with
 * Temperley's revised profiles (Temperley 1999, "What's key for key? The Krumhansl–Schmuckler
 * key-finding algorithm reconsidered", Music Perception 17(1)): the Pearson correlation r of the track's
 * key chroma (keyChroma.ts) with each of the 24 rotations of the profiles; the best r names the key.
 * Temperley's minor profile weights the leading tone (4.0 against Krumhansl–Kessler's 3.17), which is
 * what tells a minor cadence (i–iv–V–i) from its parallel major on harmonic tones: 24 of 24 generated
 * cadences against 23 with the Krumhansl–Kessler profiles (test/dsp-wasm/key.test.ts).
 *
 * - Tonic t, mode m: r(t, m) = corr(chroma[(t + i) mod 12], PROFILE_m[i]) over i = 0..11.
 * - Ties go to the first in the order major C … B, then minor C … B.
 * - Confidence = max(0, r) of the winner, 0..1 (Essentia's key "strength"; generated cadences read
 *   0.75–0.9). Music that uses only the notes of a relative major/minor pair (an Aeolian i–VI–III–VII)
 *   cannot be told from it by pitch-class counts alone.
 * - No tonal frame, or a chroma with no variance (every class equal): C major with confidence 0, which
 *   means "no key" (clients show none).
 */
import { keyChroma } from './keyChroma';

/** Temperley (1999) major profile, tonic first (C major: C, C♯, D, … B). */
const MAJOR_PROFILE: StaticArray<f64> = [5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0];
/** Temperley (1999) minor profile (harmonic minor: the leading tone is 4.0), tonic first. */
const MINOR_PROFILE: StaticArray<f64> = [5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0];

/** The 24 correlations of the last estimate: 12 major (tonic C … B), then 12 minor. */
export const keyScores = new StaticArray<f64>(24);

/** Result of the last `estimateKey`. */
export let keyPitchClass: i32 = 0;
/** 1 major, 0 minor. */
export let keyMode: i32 = 1;
/** 0..1. */
export let keyConfidence: f64 = 0;

function correlation(profile: StaticArray<f64>, tonic: i32): f64 {
  let meanChroma: f64 = 0;
  let meanProfile: f64 = 0;
  for (let i = 0; i < 12; i++) {
    meanChroma += unchecked(keyChroma[(tonic + i) % 12]);
    meanProfile += unchecked(profile[i]);
  }
  meanChroma /= 12.0;
  meanProfile /= 12.0;
  let covariance: f64 = 0;
  let varianceChroma: f64 = 0;
  let varianceProfile: f64 = 0;
  for (let i = 0; i < 12; i++) {
    const x = unchecked(keyChroma[(tonic + i) % 12]) - meanChroma;
    const y = unchecked(profile[i]) - meanProfile;
    covariance += x * y;
    varianceChroma += x * x;
    varianceProfile += y * y;
  }
  // a chroma whose spread is at rounding level carries no key
  if (!(varianceChroma > 1e-20 * meanChroma * meanChroma * 12.0) || !(meanChroma > 0)) return 0;
  return covariance / Math.sqrt(varianceChroma * varianceProfile);
}

/** Estimates the key from `keyChroma` (call after keyChromaFinish). `frames` = frames the chroma averages. */
export function estimateKey(frames: i32): void {
  keyPitchClass = 0;
  keyMode = 1;
  keyConfidence = 0;
  let best: f64 = 0;
  for (let mode = 1; mode >= 0; mode--) {
    const profile = mode == 1 ? MAJOR_PROFILE : MINOR_PROFILE;
    for (let tonic = 0; tonic < 12; tonic++) {
      const r = frames > 0 ? correlation(profile, tonic) : 0;
      unchecked((keyScores[(1 - mode) * 12 + tonic] = r));
      if (r > best) {
        best = r;
        keyPitchClass = tonic;
        keyMode = mode;
      }
    }
  }
  keyConfidence = Math.min(1.0, best);
}

/** Test-only: byte address of the 24 f64 correlations of the last track (major C … B, minor C … B). */
export function keyScoresPointer(): usize {
  return changetype<usize>(keyScores);
}
