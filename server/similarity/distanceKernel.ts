/**
 * Host side of the WASM distance kernel (dsp-wasm/similarity/distance.ts): one instance of
 * build/dsp.wasm holding a packed, normalised library (rows of KERNEL_STRIDE f32: 25 values + 3 zero
 * pads) and computing, for a query and weights, the n distances sqrt(Σ wᵢ (aᵢ − bᵢ)²) with f32x4 SIMD.
 */
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import { createDsp, DspArgumentError, DspUnavailableError, type DspOptions } from '../fingerprint/wasm.ts';

/** f32 values per packed row (the kernel's layout: 25 dimensions padded to seven f32x4 lanes). */
export const KERNEL_STRIDE = 28;

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  similarityStride(): number;
  similarityQueryPointer(): number;
  similarityWeightsPointer(): number;
  similarityReserve(rows: number): number;
  similarityLibraryPointer(): number;
  similarityDistancesPointer(): number;
  similarityDistances(rows: number): void;
  similarityNearestMaxK(): number;
  similaritySkipPointer(): number;
  similarityBlockEnd(): number;
  similarityNearestKth(): number;
  similarityNearest(rows: number, k: number, skipCount: number, margin: number): number;
}

/** Rows nearest to a query, as the kernel's fused scan selects them (DistanceKernel.nearest). */
export interface NearestRows {
  /** The k-th smallest f32 distance among the rows not skipped (+∞ when fewer than k). */
  readonly kth: number;
  /** Every row not skipped whose f32 distance is ≤ kth + margin (all finite ones when fewer than k), ascending. */
  readonly rows: Int32Array;
}

/**
 * Rows of headroom when storage of `capacity` rows grows: half of it, at most 65 536 (7 MB packed), so appending one
 * row at a time copies rarely while a large library does not carry half its size again in spare rows.
 */
export function headroomRows(capacity: number): number {
  return Math.max(1024, Math.min(Math.ceil(capacity / 2), 65_536));
}

/** Packs n normalised vectors (n × 25, spec order) into the kernel layout (n × KERNEL_STRIDE, zero pads). */
export function packRows(normalised: ArrayLike<number>, n: number, out = new Float32Array(n * KERNEL_STRIDE)): Float32Array {
  const width = DIMENSIONS.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) out[i * KERNEL_STRIDE + j] = normalised[i * width + j]!;
  }
  return out;
}

export class DistanceKernel {
  readonly #exports: KernelExports;
  #rows = 0;
  /** Rows a scan covers by default (≤ #rows; see useRows). */
  #scanRows = 0;

  constructor(exports: KernelExports) {
    this.#exports = exports;
    const stride = exports.similarityStride();
    if (stride !== KERNEL_STRIDE) {
      throw new DspUnavailableError(`build/dsp.wasm: expected a similarity stride of ${KERNEL_STRIDE}, received ${stride}; rebuild it`);
    }
  }

  /** Instantiates build/dsp.wasm (compiled once per process) for distance scans. */
  static async create(options: DspOptions = {}): Promise<DistanceKernel> {
    const dsp = await createDsp(options);
    const exports = dsp.rawExports as unknown as Partial<KernelExports>;
    if (typeof exports.similarityDistances !== 'function') {
      throw new DspUnavailableError('build/dsp.wasm: has no similarity kernel; run `npm run build:wasm`');
    }
    return new DistanceKernel(exports as KernelExports);
  }

  /**
   * Highest byte address the instance uses: its static data, then the block of packed rows, distances and skip list
   * (120 B a row of capacity). WASM memory beyond it is reserved but untouched (not resident).
   */
  get usedBytes(): number {
    return this.#exports.similarityBlockEnd();
  }

  /** Rows currently loaded. */
  get rows(): number {
    return this.#rows;
  }

  /** Makes the next scans cover the first `rows` loaded rows only (load and appendRows reset it to all). */
  useRows(rows: number): void {
    if (!Number.isInteger(rows) || rows < 0 || rows > this.#rows) {
      throw new DspArgumentError(`useRows: expected 0…${this.#rows} rows, received ${rows}`);
    }
    this.#scanRows = rows;
  }

  /** Loads a packed library (rows × KERNEL_STRIDE f32, see packRows), replacing the previous one. */
  load(packed: Float32Array, rows: number): void {
    if (!Number.isInteger(rows) || rows < 0 || packed.length < rows * KERNEL_STRIDE) {
      throw new DspArgumentError(`load: expected ${rows} rows of ${KERNEL_STRIDE} f32, received ${packed.length} values`);
    }
    this.writeRows(0, rows, (target) => target.set(packed.subarray(0, rows * KERNEL_STRIDE)));
  }

  /**
   * Writes rows `from` … `to − 1` of `packed` (the whole library's layout) at the same rows, keeping rows
   * 0 … from − 1 (from ≤ rows loaded); the kernel then holds `to` rows. Growth reserves headroomRows (the kernel's
   * block grows in place), so appending one row at a time reallocates only now and then.
   */
  appendRows(packed: Float32Array, from: number, to: number): void {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > this.#rows || to < from || packed.length < to * KERNEL_STRIDE) {
      throw new DspArgumentError(`appendRows: expected rows ${from}…${to} after ${this.#rows} loaded rows, within ${packed.length / KERNEL_STRIDE} packed rows`);
    }
    this.writeRows(from, to, (target) => target.set(packed.subarray(from * KERNEL_STRIDE, to * KERNEL_STRIDE), from * KERNEL_STRIDE));
  }

  /**
   * Rows `from` … `to − 1` written in place by `write` (from ≤ rows loaded; rows 0 … from − 1 kept; from = 0 replaces
   * the library, sized exactly, else growth reserves headroomRows): `write` receives a view of WASM memory over rows
   * 0 … to − 1 (row r at r × KERNEL_STRIDE) and must fill every value of its rows, the 3 pads with 0. The view is valid
   * only during the call (it detaches when WASM memory grows). The kernel then holds `to` rows. This is how the
   * library index fills the kernel without a packed copy of its own.
   */
  writeRows(from: number, to: number, write: (target: Float32Array) => void): void {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > this.#rows || to < from) {
      throw new DspArgumentError(`writeRows: expected rows ${from}…${to} after ${this.#rows} loaded rows`);
    }
    if (from === 0) {
      this.#exports.similarityReserve(to);
    } else {
      const capacity = this.#exports.similarityReserve(0);
      if (to > capacity) this.#exports.similarityReserve(Math.max(to, capacity + headroomRows(capacity)));
    }
    write(new Float32Array(this.#exports.memory.buffer, this.#exports.similarityLibraryPointer(), to * KERNEL_STRIDE));
    this.#rows = this.#scanRows = to;
  }

  /** Largest k `nearest` accepts (the kernel's heap size). */
  get maxNearest(): number {
    return this.#exports.similarityNearestMaxK();
  }

  /**
   * The candidates of a top-k in one pass (dsp-wasm/similarity/distance.ts similarityNearest): the scan of
   * `distances`, with the rows in `skip` (ascending, distinct: dead or excluded rows) left out, fused with a bounded
   * heap of the k smallest distances; then the rows within `margin` of the k-th. The same rows as kthSmallest +
   * rowsAtMost (topK.ts) over `distances` with the skipped rows at +∞, without a pass of the host over every row.
   */
  nearest(query: ArrayLike<number>, weights: ArrayLike<number>, k: number, skip: ArrayLike<number>, margin: number, rows = this.#scanRows): NearestRows {
    if (!Number.isInteger(k) || k < 1 || k > this.maxNearest) {
      throw new DspArgumentError(`nearest: expected k from 1 to ${this.maxNearest}, received ${k}`);
    }
    this.#setQuery(query, weights, rows);
    const { memory } = this.#exports;
    if (skip.length > rows) throw new DspArgumentError(`nearest: expected at most ${rows} skipped rows, received ${skip.length}`);
    new Int32Array(memory.buffer, this.#exports.similaritySkipPointer(), skip.length).set(skip);
    const count = this.#exports.similarityNearest(rows, k, skip.length, margin);
    return {
      kth: this.#exports.similarityNearestKth(),
      rows: new Int32Array(memory.buffer, this.#exports.similarityDistancesPointer(), count).slice(),
    };
  }

  /**
   * Distances of `query` (25 normalised values) to the first `rows` loaded rows (by default all, or as set
   * by useRows) under
   * `weights` (25 values summing to 1), as a view into WASM memory: copy it (or use it) before the next call.
   */
  distances(query: ArrayLike<number>, weights: ArrayLike<number>, rows = this.#scanRows): Float32Array {
    this.#setQuery(query, weights, rows);
    this.#exports.similarityDistances(rows);
    return new Float32Array(this.#exports.memory.buffer, this.#exports.similarityDistancesPointer(), rows);
  }

  #setQuery(query: ArrayLike<number>, weights: ArrayLike<number>, rows: number): void {
    const width = DIMENSIONS.length;
    if (query.length !== width || weights.length !== width) {
      throw new DspArgumentError(`distances: expected ${width} query values and ${width} weights, received ${query.length} and ${weights.length}`);
    }
    if (!Number.isInteger(rows) || rows < 0 || rows > this.#rows) {
      throw new DspArgumentError(`distances: expected 0…${this.#rows} rows, received ${rows}`);
    }
    const { memory } = this.#exports;
    const q = new Float32Array(memory.buffer, this.#exports.similarityQueryPointer(), KERNEL_STRIDE);
    const w = new Float32Array(memory.buffer, this.#exports.similarityWeightsPointer(), KERNEL_STRIDE);
    q.fill(0);
    w.fill(0);
    for (let j = 0; j < width; j++) {
      q[j] = query[j]!;
      w[j] = weights[j]!;
    }
  }
}

/**
 * The same scan in plain TypeScript over the same packed f32 layout (f64 arithmetic): the baseline of
 * bench/similarity.ts.
 */
export function scanDistances(
  packed: Float32Array,
  rows: number,
  query: ArrayLike<number>,
  weights: ArrayLike<number>,
  out = new Float64Array(rows),
): Float64Array {
  const width = DIMENSIONS.length;
  for (let i = 0; i < rows; i++) {
    const base = i * KERNEL_STRIDE;
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const d = packed[base + j]! - query[j]!;
      sum += weights[j]! * d * d;
    }
    out[i] = Math.sqrt(sum);
  }
  return out;
}
