/**
 * The library's distribution of one dimension from the 101 stored percentiles (`similarityNormalisers`:
 * quantiles[p] = value at percentile p, 0…100, in the dimension's unit). The quantile function is taken as
 * piecewise linear between them, so each step p → p+1 holds 1 % of the tracks spread evenly. Pure.
 */

/** The percentile (0…100) of `value`: 0 below the minimum, 100 above the maximum; ties take the middle. */
export function percentileOf(value: number, quantiles: readonly number[]): number {
  const n = quantiles.length;
  if (n < 2 || !Number.isFinite(value)) return Number.NaN;
  const step = 100 / (n - 1);
  if (value < quantiles[0]!) return 0;
  if (value > quantiles[n - 1]!) return 100;
  let first = 0;
  while (quantiles[first]! < value) first++;
  if (quantiles[first] === value) {
    // A flat stretch (many tracks share the value): the middle of it.
    let last = first;
    while (last < n - 1 && quantiles[last + 1] === value) last++;
    return ((first + last) / 2) * step;
  }
  const a = quantiles[first - 1]!;
  const b = quantiles[first]!;
  return (first - 1 + (value - a) / (b - a)) * step;
}

/** Share (0…1) of the library at or below `value` (the CDF of the piecewise linear quantile function). */
export function shareBelow(value: number, quantiles: readonly number[]): number {
  const n = quantiles.length;
  if (value <= quantiles[0]!) return 0;
  if (value >= quantiles[n - 1]!) return 1;
  let i = 0;
  while (quantiles[i + 1]! < value) i++;
  const a = quantiles[i]!;
  const b = quantiles[i + 1]!;
  return (i + (b > a ? (value - a) / (b - a) : 1)) / (n - 1);
}

export interface Histogram {
  /** Lower edge of the first bin and upper edge of the last, in the unit (the library's min and max). */
  readonly min: number;
  readonly max: number;
  /** Share of the library (0…1) in each of the equal-width bins; they sum to 1. */
  readonly shares: readonly number[];
}

/** `bins` equal-width bins over [min, max] of the library; all in one bin when every value is equal. */
export function histogram(quantiles: readonly number[], bins: number): Histogram {
  const min = quantiles[0]!;
  const max = quantiles[quantiles.length - 1]!;
  if (!(max > min)) return { min, max, shares: Array.from({ length: bins }, (_, i) => (i === 0 ? 1 : 0)) };
  const width = (max - min) / bins;
  const shares: number[] = [];
  let previous = 0;
  for (let i = 1; i <= bins; i++) {
    const cumulative = i === bins ? 1 : shareBelow(min + i * width, quantiles);
    shares.push(cumulative - previous);
    previous = cumulative;
  }
  return { min, max, shares };
}
