import { BIN_COUNT, BIN_HZ } from '../frame';

/**
 * The mel filterbank of the timbre group: MEL_BANDS = 40 triangular filters whose edges are equally spaced on
 * the HTK mel scale mel(f) = 2595·log10(1 + f/700) between MEL_LOW_HZ = 20 Hz and MEL_HIGH_HZ = 16 kHz
 * (42 edge points p₀ … p₄₁; band b rises from p_b to 1 at p_{b+1} and falls to 0 at p_{b+2}, linearly in Hz).
 * Peak height 1, no area normalisation (librosa `mel(htk=True, norm=None)`): a per-band constant factor only
 * shifts each log energy by a constant, which the means carry and every distance cancels.
 *
 * Adjacent triangles overlap by half, so each bin k with p₀ ≤ f_k < p₄₁ lies in one segment j
 * (p_j ≤ f_k < p_{j+1}): it feeds band j with the rising weight w = (f_k − p_j)/(p_{j+1} − p_j) (j ≤ 39) and
 * band j − 1 with 1 − w (j ≥ 1). The table holds j and w per bin, built once at start-up (20 Hz → bin 1,
 * 16 kHz → bin 743; the narrowest band, 20–139 Hz, spans 5 bins, so no band is empty).
 */

export const MEL_BANDS: i32 = 40;
export const MEL_LOW_HZ: f64 = 20.0;
export const MEL_HIGH_HZ: f64 = 16000.0;

/** HTK mel of a frequency in Hz. */
export function hzToMel(hz: f64): f64 {
  return 2595.0 * Math.log10(1.0 + hz / 700.0);
}

/** Frequency in Hz of an HTK mel value. */
export function melToHz(mel: f64): f64 {
  return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
}

/** First bin with f_k ≥ 20 Hz. */
export const MEL_FIRST_BIN: i32 = <i32>Math.ceil(MEL_LOW_HZ / BIN_HZ);
/** One past the last bin with f_k < 16 kHz. */
export const MEL_END_BIN: i32 = <i32>Math.ceil(MEL_HIGH_HZ / BIN_HZ);

/** Segment j of each bin (−1 outside 20 Hz … 16 kHz). */
export const melSegment = new StaticArray<i32>(BIN_COUNT);
/** Rising weight w of each bin in its segment, 0…1. */
export const melRisingWeight = new StaticArray<f32>(BIN_COUNT);
/** First bin of each segment j = 0 … 40, then MEL_END_BIN (segment j covers bins segmentStart[j] … segmentStart[j+1] − 1). */
export const melSegmentStart = new StaticArray<i32>(MEL_BANDS + 2);

function buildFilterbank(): void {
  const low = hzToMel(MEL_LOW_HZ);
  const step = (hzToMel(MEL_HIGH_HZ) - low) / <f64>(MEL_BANDS + 1);
  const edges = new StaticArray<f64>(MEL_BANDS + 2);
  for (let i = 0; i < MEL_BANDS + 2; i++) unchecked((edges[i] = melToHz(low + step * <f64>i)));
  unchecked((edges[0] = MEL_LOW_HZ));
  unchecked((edges[MEL_BANDS + 1] = MEL_HIGH_HZ));
  let j = 0;
  for (let k = 0; k < BIN_COUNT; k++) {
    const f = <f64>k * BIN_HZ;
    if (k < MEL_FIRST_BIN || k >= MEL_END_BIN) {
      unchecked((melSegment[k] = -1));
      unchecked((melRisingWeight[k] = 0));
      continue;
    }
    while (j < MEL_BANDS && f >= unchecked(edges[j + 1])) j++;
    unchecked((melSegment[k] = j));
    if (k == MEL_FIRST_BIN || unchecked(melSegment[k - 1]) != j) for (let s = k == MEL_FIRST_BIN ? 0 : unchecked(melSegment[k - 1]) + 1; s <= j; s++) unchecked((melSegmentStart[s] = k));
    unchecked((melRisingWeight[k] = <f32>((f - unchecked(edges[j])) / (unchecked(edges[j + 1]) - unchecked(edges[j])))));
  }
  for (let s = j + 1; s <= MEL_BANDS + 1; s++) unchecked((melSegmentStart[s] = MEL_END_BIN));
}
buildFilterbank();
