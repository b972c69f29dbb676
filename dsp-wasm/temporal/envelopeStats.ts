/**
 * Summary statistics of an onset envelope (f32 per STFT frame at `ptr`, `length` values), shared by
 * the tempo, beat and transient modules so that they agree on what "no onsets" means.
 */

/**
 * Floor of the envelope maximum used to normalise it for peak picking (spec 13 normalises by the
 * maximum). Without a floor, an envelope made only of float or codec noise would be stretched to 1
 * and its wiggles would count as onsets. With it, an onset must rise ≥ 0.07 × 50 = 3.5 (summed
 * log-magnitude increase) above its ±100 ms mean: a −50 dBFS click (≈ 8) still counts, while a pure
 * tone's float noise (< 0.05) and the frame-to-frame noise of a full-scale chord through Opus 128k
 * (envelope ≤ ≈ 5, wiggles ≤ ≈ 2.5 above their mean) do not. So "a steady tone has no onsets" holds
 * for encoded files too. Envelopes of real music peak in the hundreds, where the floor plays no part.
 */
export const ENVELOPE_SCALE_FLOOR: f64 = 50.0;

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
