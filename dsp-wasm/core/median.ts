import { Series } from './series';

/**
 * Median of a series (numpy convention: mean of the two middle values for an even count), by
 * quickselect (Hoare partition, median-of-three pivot), O(n). Reorders the series in place.
 * Returns `empty` when the series is empty.
 */
export function medianOf(series: Series<f32>, empty: f64): f64 {
  const n = series.length;
  if (n == 0) return empty;
  const upper = <f64>select(series, n >> 1);
  if (n & 1) return upper;
  // The lower middle is the maximum of the left part, which quickselect left below index n/2.
  let lower = series.get(0);
  for (let i = 1; i < n >> 1; i++) {
    const v = series.get(i);
    if (v > lower) lower = v;
  }
  return 0.5 * (<f64>lower + upper);
}

/** k-th smallest value (0-based) of the series; afterwards elements < k are ≤ it and elements > k are ≥ it. */
export function select(series: Series<f32>, k: i32): f32 {
  let left = 0;
  let right = series.length - 1;
  while (right > left) {
    // median-of-three pivot
    const mid = left + ((right - left) >> 1);
    const a = series.get(left);
    const b = series.get(mid);
    const c = series.get(right);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (series.get(i) < pivot) i++;
      while (series.get(j) > pivot) j--;
      if (i <= j) {
        const t = series.get(i);
        series.set(i, series.get(j));
        series.set(j, t);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return series.get(k);
  }
  return series.get(k);
}
