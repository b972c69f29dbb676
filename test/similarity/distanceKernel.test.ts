import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { DistanceKernel, KERNEL_STRIDE, packRows } from '../../server/similarity/distanceKernel.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../../server/similarity/weights.ts';

const WIDTH = DIMENSIONS.length;

/** The definition, sqrt(Σ wᵢ (aᵢ − bᵢ)²), in f64 on the f32-rounded inputs the kernel sees. */
function referenceDistance(a: ArrayLike<number>, b: ArrayLike<number>, w: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < WIDTH; j++) sum += Math.fround(w[j]!) * (Math.fround(a[j]!) - Math.fround(b[j]!)) ** 2;
  return Math.sqrt(sum);
}

describe('WASM distance kernel', () => {
  for (const debug of [false, true]) {
    it(`matches the plain-TypeScript definition within 1e-6 on a random library (${debug ? 'debug' : 'release'} build)`, async () => {
      const kernel = await DistanceKernel.create({ debug });
      const next = seededRandom(debug ? 7 : 42);
      const n = 3001; // not a multiple of anything the kernel might unroll by
      const library = Float64Array.from({ length: n * WIDTH }, next);
      const query = Float64Array.from({ length: WIDTH }, next);
      // Random weights summing to 1, and the defaults.
      const raw = Float64Array.from({ length: WIDTH }, next);
      const total = raw.reduce((s, x) => s + x, 0);
      const randomWeights = raw.map((x) => x / total);
      kernel.load(packRows(library, n), n);
      expect(kernel.rows).toBe(n);
      for (const weights of [DEFAULT_WEIGHT_VECTOR, randomWeights]) {
        const distances = kernel.distances(query, weights).slice();
        expect(distances).toHaveLength(n);
        let worst = 0;
        for (let i = 0; i < n; i++) {
          const expected = referenceDistance(query, library.subarray(i * WIDTH, (i + 1) * WIDTH), weights);
          worst = Math.max(worst, Math.abs(distances[i]! - expected));
        }
        expect(worst).toBeLessThan(1e-6);
      }
    });
  }

  it('gives 0 for the query itself, 1 for the opposite corner, and ignores the pads', async () => {
    const kernel = await DistanceKernel.create();
    const zeros = new Float64Array(WIDTH);
    const ones = new Float64Array(WIDTH).fill(1);
    const packed = packRows(Float64Array.from([...zeros, ...ones]), 2);
    // Garbage in the pads must not count: the kernel's weights there are 0.
    for (let i = 0; i < 2; i++) for (let j = WIDTH; j < KERNEL_STRIDE; j++) packed[i * KERNEL_STRIDE + j] = 1e3;
    kernel.load(packed, 2);
    const distances = kernel.distances(zeros, DEFAULT_WEIGHT_VECTOR);
    expect(distances[0]).toBe(0);
    expect(distances[1]).toBeCloseTo(1, 6);
  });

  it('grows its buffer when a larger library is loaded and keeps the new rows', async () => {
    const kernel = await DistanceKernel.create();
    const next = seededRandom(3);
    for (const n of [10, 5000, 20]) {
      const library = Float64Array.from({ length: n * WIDTH }, next);
      kernel.load(packRows(library, n), n);
      const query = library.subarray((n - 1) * WIDTH, n * WIDTH);
      const distances = kernel.distances(query, DEFAULT_WEIGHT_VECTOR);
      expect(distances).toHaveLength(n);
      expect(distances[n - 1]).toBe(0);
      expect(Math.abs(distances[0]! - referenceDistance(query, library.subarray(0, WIDTH), DEFAULT_WEIGHT_VECTOR))).toBeLessThan(1e-6);
    }
  });

  it('appends rows beyond its capacity without losing the loaded ones, and scans a prefix on request', async () => {
    const kernel = await DistanceKernel.create();
    const next = seededRandom(71);
    const total = 5000;
    const normalised = Float64Array.from({ length: total * DIMENSIONS.length }, () => next());
    const packed = packRows(normalised, total);
    kernel.load(packed, 3);
    for (let to = 4; to <= total; to += 499) kernel.appendRows(packed, kernel.rows, Math.min(to, total));
    kernel.appendRows(packed, kernel.rows, total);
    expect(kernel.rows).toBe(total);
    const query = Array.from(normalised.subarray(0, DIMENSIONS.length));
    const all = Array.from(kernel.distances(query, DEFAULT_WEIGHT_VECTOR));
    const fresh = await DistanceKernel.create();
    fresh.load(packed, total);
    expect(all).toEqual(Array.from(fresh.distances(query, DEFAULT_WEIGHT_VECTOR)));
    kernel.useRows(10);
    expect(Array.from(kernel.distances(query, DEFAULT_WEIGHT_VECTOR))).toEqual(all.slice(0, 10));
    expect(() => kernel.appendRows(packed, total + 1, total + 2)).toThrow(/appendRows/);
    expect(() => kernel.useRows(total + 1)).toThrow(/useRows/);
  });

  it('writeRows fills rows in place (a load, then appends past its capacity): the same distances as a load of the packed rows', async () => {
    const kernel = await DistanceKernel.create();
    const next = seededRandom(73);
    const total = 4000;
    const normalised = Float64Array.from({ length: total * WIDTH }, () => next());
    const packed = packRows(normalised, total);
    // What the library index does: each row written from f64 values, the pads set to 0 by the writer.
    const writeFrom = (from: number, to: number) => (target: Float32Array) => {
      for (let row = from; row < to; row++) {
        target.set(normalised.subarray(row * WIDTH, (row + 1) * WIDTH), row * KERNEL_STRIDE);
        target.fill(0, row * KERNEL_STRIDE + WIDTH, (row + 1) * KERNEL_STRIDE);
      }
    };
    kernel.writeRows(0, 10, writeFrom(0, 10));
    for (let to = 1500; to <= total; to += 1250) kernel.writeRows(kernel.rows, to, writeFrom(kernel.rows, to));
    kernel.writeRows(kernel.rows, total, writeFrom(kernel.rows, total));
    expect(kernel.rows).toBe(total);
    const fresh = await DistanceKernel.create();
    fresh.load(packed, total);
    const query = Array.from(normalised.subarray(7 * WIDTH, 8 * WIDTH));
    expect(Array.from(kernel.distances(query, DEFAULT_WEIGHT_VECTOR))).toEqual(Array.from(fresh.distances(query, DEFAULT_WEIGHT_VECTOR)));
    expect(kernel.nearest(query, DEFAULT_WEIGHT_VECTOR, 5, [], 1e-5)).toEqual(fresh.nearest(query, DEFAULT_WEIGHT_VECTOR, 5, [], 1e-5));
    expect(() => kernel.writeRows(total + 1, total + 2, () => undefined)).toThrow(/writeRows/);
  });

  it('rejects a query or weights of the wrong length', async () => {
    const kernel = await DistanceKernel.create();
    expect(() => kernel.distances(new Float64Array(3), DEFAULT_WEIGHT_VECTOR)).toThrow(/expected 25 query values/);
  });
});

describe('WASM fused top-k (DistanceKernel.nearest)', () => {
  for (const debug of [false, true]) {
    it(`selects the same rows as kthSmallest + rowsAtMost over the scan, with skipped rows, ties and k beyond the rows (${debug ? 'debug' : 'release'} build)`, async () => {
      const { kthSmallest, rowsAtMost, TIE_MARGIN } = await import('../../server/similarity/topK.ts');
      const kernel = await DistanceKernel.create({ debug });
      const next = seededRandom(debug ? 3 : 4);
      const n = 2003;
      // Duplicated rows give exact ties; coarse values give many near-ties.
      const library = Float64Array.from({ length: n * WIDTH }, (_, i) => Math.round(next() * 8) / 8);
      for (let row = 0; row < 200; row++) library.copyWithin((row + 1000) * WIDTH, row * WIDTH, (row + 1) * WIDTH);
      kernel.load(packRows(library, n), n);
      for (const [k, skipEvery] of [[1, 0], [10, 7], [57, 3], [500, 0], [1999, 1], [2500, 5]] as const) {
        const query = library.slice(((k * 37) % n) * WIDTH, ((k * 37) % n + 1) * WIDTH);
        const skip = skipEvery === 0 ? [] : Array.from({ length: n }, (_, row) => row).filter((row) => row % skipEvery === 0);
        const distances = Float64Array.from(kernel.distances(query, DEFAULT_WEIGHT_VECTOR));
        for (const row of skip) distances[row] = Infinity;
        const kth = kthSmallest(distances, k);
        const expected = rowsAtMost(distances, kth === Infinity ? Infinity : kth + TIE_MARGIN);
        const nearest = kernel.nearest(query, DEFAULT_WEIGHT_VECTOR, k, skip, TIE_MARGIN);
        expect(nearest.kth).toBe(kth);
        expect(Array.from(nearest.rows)).toEqual(expected);
      }
      expect(() => kernel.nearest(new Float64Array(WIDTH), DEFAULT_WEIGHT_VECTOR, 0, [], TIE_MARGIN)).toThrow(/expected k from 1/);
    });
  }
});

describe('WASM kernel memory', () => {
  it('appending rows one batch at a time grows the block in place: memory stays near 120 B a row, the rows intact', async () => {
    const kernel = await DistanceKernel.create();
    const next = seededRandom(8);
    const total = 120_000;
    const library = Float64Array.from({ length: total * WIDTH }, next);
    const packed = packRows(library, total);
    kernel.load(packed, 1000);
    const base = kernel.usedBytes - 1000 * 120;
    for (let to = 3000; to <= total; to += 2000) kernel.appendRows(packed, kernel.rows, Math.min(to, total));
    kernel.appendRows(packed, kernel.rows, total);
    // Capacity at most total + 65 536 rows of headroom; before, every growth left the previous block behind (≈ 3×).
    expect(kernel.usedBytes - base).toBeLessThan((total + 65_536) * 120 + 2 ** 20);
    const query = library.subarray(777 * WIDTH, 778 * WIDTH);
    const distances = kernel.distances(query, DEFAULT_WEIGHT_VECTOR);
    expect(distances[777]).toBe(0);
    expect(Math.abs(distances[total - 1]! - referenceDistance(query, library.subarray((total - 1) * WIDTH), DEFAULT_WEIGHT_VECTOR))).toBeLessThan(1e-6);
  });
});
