/**
 * Summary statistics of one dimension over the library (`libraryStats`, the stored normalisers):
 * min, max, mean, population std, p5, p95 and the percentiles 0…100, in the dimension's unit. Numerically safe for any finite
 * values: the mean and the squared deviations are computed on the values divided by a power of two near
 * the largest magnitude (exact for normal numbers, so ordinary libraries get bit-identical results), so no
 * sum or square can overflow (two values of 1.7e308 give mean 1.7e308 and std 0, not Infinity / NaN).
 */

export interface ColumnStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation (ddof 0). */
  readonly std: number;
  /** 5th percentile, linear interpolation between order statistics (numpy's default). */
  readonly p5: number;
  /** 95th percentile, same method. */
  readonly p95: number;
  /**
   * QUANTILE_COUNT quantiles at q = k/(QUANTILE_COUNT − 1), k = 0…QUANTILE_COUNT − 1 (min, p1 … p99, max), same
   * method: the stored value → percentile map of rank normalisation (normalise.ts).
   */
  readonly quantiles: Float64Array;
}

/** Quantiles stored per dimension: every percent from 0 to 100. */
export const QUANTILE_COUNT = 101;

/** Statistics of `values` (at least one, all finite); `values` is left as it was. */
export function columnStats(values: ArrayLike<number>): ColumnStats {
  const n = values.length;
  if (n === 0) throw new RangeError('columnStats: expected at least one value, received none');
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(values[i]!));
  const scale = largest > 0 ? 2 ** Math.floor(Math.log2(largest)) : 1;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]! / scale;
  const scaledMean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! / scale - scaledMean) ** 2;
  const sorted = Float64Array.from(values).sort();
  return {
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean: scaledMean * scale,
    std: Math.sqrt(squares / n) * scale,
    p5: percentileOfSorted(sorted, 0.05),
    p95: percentileOfSorted(sorted, 0.95),
    quantiles: Float64Array.from({ length: QUANTILE_COUNT }, (_, k) => percentileOfSorted(sorted, k / (QUANTILE_COUNT - 1))),
  };
}

/**
 * Linear interpolation between order statistics of a sorted array (numpy `linear`), q in [0, 1]. When the
 * two neighbours are so far apart that their difference overflows, it interpolates as (1 − f)·a + f·b.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile: expected q in [0, 1], received ${q}`);
  const h = (sorted.length - 1) * q;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  const a = sorted[low]!;
  const b = sorted[high]!;
  const fraction = h - low;
  const spread = b - a;
  return Number.isFinite(spread) ? a + fraction * spread : (1 - fraction) * a + fraction * b;
}
