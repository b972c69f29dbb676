/**
 * Summary statistics of an onset envelope (f32 per STFT frame at `ptr`, `length` values), shared by
 * the tempo, beat and transient modules so that they agree on what "no onsets" means.
 */

/**
 * Envelope values at or below this count as no onset at all. The envelope is a sum of log-magnitude
 * rises over ~370 bins; a steady tone's frame-to-frame float noise stays below ~0.05, a single bin
 * doubling from −40 dB gives ~0.7 and a −40 dBFS click gives tens. Keeps "a steady tone has no
 * onsets" true after normalising by the maximum (spec 13).
 */
export const ONSET_FLOOR: f64 = 1.0;

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

/** True when the envelope holds at least one frame above ONSET_FLOOR. */
export function hasOnsets(ptr: usize, length: i32): bool {
  return envelopeMax(ptr, length) > ONSET_FLOOR;
}
