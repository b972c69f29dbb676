/**
 * Summary statistics of an onset envelope (f32 per STFT frame at `ptr`, `length` values), shared by
 * the tempo, beat and transient modules so that they agree on what "no onsets" means.
 */

/**
 * Onset gate (summed log-magnitude increase): a track has onsets only when its strongest rise above
 * the ±100 ms mean, max_t (e[t] − mean(e[t−9 .. t+9])), reaches 3.5. Peak picking itself normalises by
 * the envelope maximum (spec 13), so an envelope made only of float or codec noise would be
 * stretched to 1 and its wiggles would count; the gate says it has none. A −50 dBFS click rises ≈ 7
 * and counts; a −60 dBFS click (≈ 2.4), a pure tone's float noise (< 0.05) and the frame-to-frame
 * noise of a full-scale chord through Opus 128k (wiggles ≤ ≈ 2.5 above their mean) do not. v1's code
 * floored the maximum at 50 instead (threshold max(0.07·max, 3.5) for every onset), which dropped
 * the weaker onsets of quiet tracks: a drum loop at −40 dB counted 50 of its 100.
 */
export const ONSET_GATE: f64 = 3.5;

/** Largest value of the envelope, 0 for an empty one. */
export function envelopeMax(ptr: usize, length: i32): f64 {
  let max: f32 = 0;
  for (let i = 0; i < length; i++) {
    const v = load<f32>(ptr + (<usize>i << 2));
    if (v > max) max = v;
  }
  return <f64>max;
}

/** Arithmetic mean of the envelope, 0 for an empty one. */
export function envelopeMean(ptr: usize, length: i32): f64 {
  if (length == 0) return 0;
  let sum: f64 = 0;
  for (let i = 0; i < length; i++) sum += <f64>load<f32>(ptr + (<usize>i << 2));
  return sum / <f64>length;
}
