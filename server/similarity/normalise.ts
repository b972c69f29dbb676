/**
 * Per-library normalisation of fingerprint values (SPEC-fingerprint.md, "Weights for the default
 * distance"): x → clamp((x − lo)/(hi − lo), 0, 1), with lo = p5 and hi = p95 of the library, and 0.5
 * when hi − lo < 1e-9.
 */
import { DIMENSIONS } from '../fingerprint/dimensions.ts';

/** Below this spread (in the dimension's unit) every value normalises to 0.5. */
export const DEGENERATE_SPREAD = 1e-9;

/** The normalisation ranges of the 25 dimensions in spec order, and where they come from. */
export interface NormaliserRanges {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** `library`: stored p5/p95 statistics; `fallback`: the catalogue's fixed ranges (< 10 fingerprints). */
  readonly source: 'library' | 'fallback';
}

/** The catalogue's fixed fallback ranges (used while the library holds fewer than 10 fingerprints). */
export const FALLBACK_RANGES: NormaliserRanges = {
  lo: Float64Array.from(DIMENSIONS, (d) => d.fallbackRange.lo),
  hi: Float64Array.from(DIMENSIONS, (d) => d.fallbackRange.hi),
  source: 'fallback',
};

/** One value, normalised to [0, 1]. */
export function normaliseValue(x: number, lo: number, hi: number): number {
  const spread = hi - lo;
  if (spread < DEGENERATE_SPREAD) return 0.5;
  const t = (x - lo) / spread;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** A vector of 25 values (spec order), normalised into `out` (default: a new array). */
export function normaliseVector(
  values: ArrayLike<number>,
  ranges: NormaliserRanges,
  out: Float64Array | Float32Array = new Float64Array(DIMENSIONS.length),
  offset = 0,
): Float64Array | Float32Array {
  for (let j = 0; j < DIMENSIONS.length; j++) out[offset + j] = normaliseValue(values[j]!, ranges.lo[j]!, ranges.hi[j]!);
  return out;
}
