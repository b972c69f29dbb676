/**
 * Periodic Hann window, cached by size: w[i] = 0.5 − 0.5·cos(2πi/N), i = 0..N−1 (the DFT-even
 * form used for spectral analysis; Harris 1978). Each size is built once per instance.
 */

const cachedWindows = new StaticArray<StaticArray<f32> | null>(32);

/** The periodic Hann window of `size` samples (any size ≥ 1; cached). Values in [0, 1]. */
export function hannWindow(size: i32): StaticArray<f32> {
  const log2 = 31 - clz<i32>(size);
  // Only powers of two are cached by log2; other sizes are built on every call (not used on hot paths).
  if ((1 << log2) == size) {
    const cached = unchecked(cachedWindows[log2]);
    if (cached !== null) return cached;
  }
  // Padded by 4 so that vector loads near the end stay inside the allocation.
  const window = new StaticArray<f32>(size + 4);
  for (let i = 0; i < size; i++) {
    unchecked((window[i] = <f32>(0.5 - 0.5 * Math.cos((2.0 * Math.PI * <f64>i) / <f64>size))));
  }
  if ((1 << log2) == size) unchecked((cachedWindows[log2] = window));
  return window;
}
