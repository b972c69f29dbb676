import { FRAME_RATE } from './frameRate';
import { ONSET_GATE, envelopeMax } from './envelopeStats';

/**
 * transient_density in onsets per second (docs/fingerprint.md dimension 13): peak picking on the
 * onset envelope (before mean removal) divided by its maximum, so that the count does not depend on
 * the track's level. A track has no onsets at all when its strongest rise above the ±100 ms mean is
 * below envelopeStats.ONSET_GATE (3.5), so that the float or codec noise of a steady tone is never
 * stretched up to 1. "No onsets" (tempo 0) means this peak picking finds none.
 * Frame t is an onset when
 *   - e[t] is the maximum of e[t − 3 .. t] (the 30 ms before it, 30 ms ≈ 2.6 frames → 3),
 *   - e[t] ≥ mean(e[t − 9 .. t + 9]) + 0.07 (±100 ms ≈ ±8.6 frames → 9, clipped at the ends),
 *   - t is ≥ 3 frames (30 ms) after the previous onset.
 * Result: onsets / durationSeconds, ≥ 0; 0 for silence or no audio.
 */

const PRE_MAX_FRAMES: i32 = <i32>Math.round(0.03 * FRAME_RATE);
const AVERAGE_FRAMES: i32 = <i32>Math.round(0.1 * FRAME_RATE);
const WAIT_FRAMES: i32 = <i32>Math.round(0.03 * FRAME_RATE);
const DELTA: f64 = 0.07;

/** Number of onsets picked from the envelope (f32 per STFT frame, `length` frames). */
export function countOnsets(envelope: usize, length: i32): i32 {
  const maximum = envelopeMax(envelope, length);
  if (!(maximum > 0)) return 0;
  const scale = 1.0 / maximum;
  let strongestRise: f64 = 0;
  // running sum over the ±AVERAGE_FRAMES window
  let windowSum: f64 = 0;
  let windowStart = 0; // first index inside the window
  let windowEnd = 0; // one past the last index inside the window
  let count = 0;
  let lastOnset = -WAIT_FRAMES - 1;
  for (let t = 0; t < length; t++) {
    const wantEnd = min(length, t + AVERAGE_FRAMES + 1);
    while (windowEnd < wantEnd) {
      windowSum += <f64>load<f32>(envelope + (<usize>windowEnd << 2));
      windowEnd++;
    }
    const wantStart = max(0, t - AVERAGE_FRAMES);
    while (windowStart < wantStart) {
      windowSum -= <f64>load<f32>(envelope + (<usize>windowStart << 2));
      windowStart++;
    }
    const value = <f64>load<f32>(envelope + (<usize>t << 2));
    const localMean = windowSum / <f64>(windowEnd - windowStart);
    strongestRise = Math.max(strongestRise, value - localMean);
    if (value <= 0 || t - lastOnset < WAIT_FRAMES) continue;
    let isMax = true;
    for (let j = max(0, t - PRE_MAX_FRAMES); j < t; j++) {
      if (<f64>load<f32>(envelope + (<usize>j << 2)) > value) {
        isMax = false;
        break;
      }
    }
    if (!isMax) continue;
    if ((value - localMean) * scale >= DELTA) {
      count++;
      lastOnset = t;
    }
  }
  return strongestRise >= ONSET_GATE ? count : 0;
}

/** Onsets per second of audio, from the `onsets` that countOnsets found. */
export function transientDensity(onsets: i32, durationSeconds: f64): f64 {
  if (!(durationSeconds > 0)) return 0;
  return <f64>onsets / durationSeconds;
}
