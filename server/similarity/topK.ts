/**
 * Deterministic top-k selection over the kernel's f32 distances.
 *
 * The kernel computes in f32; its distances are within ~1e-6 of the exact ones. To rank exactly (and
 * break ties by track id, as the spec requires), the selection finds the k-th smallest f32 distance,
 * keeps every row within TIE_MARGIN of it, recomputes those candidates' distances in f64 and sorts them
 * by (distance, track id). Excluded rows are marked with +∞ before the scan.
 */

/** Margin added to the k-th f32 distance when collecting candidates (well above the kernel's f32 error). */
export const TIE_MARGIN = 1e-5;

/** The k-th smallest finite value of `values` (k ≥ 1), or +∞ when fewer than k are finite. Bounded max-heap. */
export function kthSmallest(values: ArrayLike<number>, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v < Infinity)) continue;
    if (size < k) {
      // sift up
      let c = size++;
      heap[c] = v;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (heap[parent]! >= heap[c]!) break;
        [heap[parent], heap[c]] = [heap[c]!, heap[parent]!];
        c = parent;
      }
    } else if (v < heap[0]!) {
      heap[0] = v;
      // sift down
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let largest = c;
        if (l < k && heap[l]! > heap[largest]!) largest = l;
        if (r < k && heap[r]! > heap[largest]!) largest = r;
        if (largest === c) break;
        [heap[largest], heap[c]] = [heap[c]!, heap[largest]!];
        c = largest;
      }
    }
  }
  return size < k ? Infinity : heap[0]!;
}

/** Rows whose value is ≤ threshold (finite ones only), in row order. */
export function rowsAtMost(values: ArrayLike<number>, threshold: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v <= threshold && v < Infinity) rows.push(i);
  }
  return rows;
}
