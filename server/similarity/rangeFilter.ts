/**
 * FingerprintWhere answered from the in-memory index: the host side of dsp-wasm/similarity/filter.ts (a
 * columnar f32x4 SIMD filter). The raw values of the dimensions a filter uses are copied into f32 columns in
 * WASM memory (4 bytes per row per dimension used, filled once per build and extended by appended rows); the
 * and / or / not tree is evaluated as bit masks, one level per nesting step. The stored values are f32 (storedValue),
 * so each bound (a double, as SQL compares it) becomes the inclusive f32 bound that selects exactly the same values:
 * x ≥ lo ⇔ x ≥ f32AtLeast(lo), x > lo ⇔ x ≥ f32AtLeast(nextUp(lo)), and the same below. The matches are exactly the
 * SQL path's (`real` on SQLite, `double precision` on PostgreSQL, compared with the double bound).
 */
import type { CheckedWhere } from '../db/fingerprintWhere.ts';
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import { createDsp, DspUnavailableError, type DspOptions } from '../fingerprint/wasm.ts';

interface FilterExports {
  readonly memory: WebAssembly.Memory;
  filterReserve(rows: number, slots: number): number;
  filterColumnPointer(slot: number): number;
  filterMaskPointer(level: number): number;
  filterFill(level: number, rows: number, value: number): void;
  filterRange(level: number, slot: number, rows: number, lo: number, hi: number): void;
  filterCombine(target: number, source: number, rows: number, op: number): void;
}

const WIDTH = DIMENSIONS.length;
const AND = 0;
const OR = 1;
const AND_NOT = 2;

const bits = new DataView(new ArrayBuffer(8));
/** The smallest double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  bits.setFloat64(0, x);
  bits.setBigInt64(0, bits.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return bits.getFloat64(0);
}
/** The largest double below x (x finite). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

const f32Bits = new DataView(new ArrayBuffer(4));
/** The next f32 from the f32 `x` towards +∞ (`step` 1) or −∞ (`step` −1); x finite or ∓∞. */
function stepF32(x: number, step: 1 | -1): number {
  if (x === 0) return step * 2 ** -149;
  f32Bits.setFloat32(0, x);
  f32Bits.setInt32(0, f32Bits.getInt32(0) + (x > 0 ? step : -step));
  return f32Bits.getFloat32(0);
}
/** The smallest f32 ≥ x (x a double or ±∞): for an f32 value v, v ≥ x ⇔ v ≥ f32AtLeast(x). */
export function f32AtLeast(x: number): number {
  const rounded = Math.fround(x);
  return rounded >= x ? rounded : stepF32(rounded, 1);
}
/** The largest f32 ≤ x (x a double or ±∞): for an f32 value v, v ≤ x ⇔ v ≤ f32AtMost(x). */
export function f32AtMost(x: number): number {
  const rounded = Math.fround(x);
  return rounded <= x ? rounded : stepF32(rounded, -1);
}

/** Rows of an index as the filter sees them: raw values (rows × 25) and which rows are dead. */
export interface FilterSource {
  readonly vectors: Float32Array;
  readonly trackIds: Int32Array;
  readonly deadRows: Int32Array;
}

export class RangeFilterKernel {
  readonly #exports: FilterExports;
  #capacity = 0;
  #slotCount = 0;
  /** Dimension index → its column slot and how many rows it holds, for the vectors buffer `#buffer`. */
  #columns = new Map<number, { slot: number; filled: number }>();
  #buffer: ArrayBufferLike | undefined;

  constructor(exports: FilterExports) {
    this.#exports = exports;
  }

  static async create(options: DspOptions = {}): Promise<RangeFilterKernel> {
    const dsp = await createDsp(options);
    const exports = dsp.rawExports as unknown as Partial<FilterExports>;
    if (typeof exports.filterRange !== 'function') throw new DspUnavailableError('build/dsp.wasm: has no range filter; run `npm run build:wasm`');
    return new RangeFilterKernel(exports as FilterExports);
  }

  /** The live rows matching `where`, in row order. */
  matchingRows(source: FilterSource, where: CheckedWhere): Int32Array {
    const rows = source.trackIds.length;
    const used = new Set<number>();
    collectDimensions(where, used);
    this.#prepare(source, rows, used);
    const e = this.#exports;
    this.#evaluate(where, 0, rows);
    const words = new Uint32Array(e.memory.buffer, e.filterMaskPointer(0), (rows + 31) >>> 5);
    // Sized by the set bits (an upper bound: dead rows and bits past `rows` are dropped below), no JS array.
    let bits = 0;
    for (let w = 0; w < words.length; w++) bits += popcount(words[w]!);
    const matches = new Int32Array(bits);
    let count = 0;
    let dead = 0;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const row = (w << 5) + bit;
        if (row >= rows) break;
        while (dead < source.deadRows.length && source.deadRows[dead]! < row) dead++;
        if (dead < source.deadRows.length && source.deadRows[dead] === row) continue;
        matches[count++] = row;
      }
    }
    return matches.subarray(0, count);
  }

  #prepare(source: FilterSource, rows: number, used: Set<number>): void {
    const e = this.#exports;
    if (this.#buffer !== source.vectors.buffer) {
      this.#columns.clear();
      this.#buffer = source.vectors.buffer;
    }
    for (const dimension of used) if (!this.#columns.has(dimension)) this.#columns.set(dimension, { slot: this.#columns.size, filled: 0 });
    const slots = Math.max(this.#slotCount, this.#columns.size);
    const capacity = e.filterReserve(rows, slots);
    if (capacity !== this.#capacity || slots !== this.#slotCount) {
      // Reallocated: every column must be filled again.
      for (const column of this.#columns.values()) column.filled = 0;
      this.#capacity = capacity;
      this.#slotCount = slots;
    }
    for (const dimension of used) {
      const column = this.#columns.get(dimension)!;
      if (column.filled > rows) column.filled = 0;
      if (column.filled === rows) continue;
      const target = new Float32Array(e.memory.buffer, e.filterColumnPointer(column.slot), capacity);
      for (let r = column.filled; r < rows; r++) target[r] = source.vectors[r * WIDTH + dimension]!;
      target.fill(Number.NaN, rows, Math.min(capacity, ((rows + 127) >>> 7) << 7));
      column.filled = rows;
    }
  }

  #evaluate(where: CheckedWhere, level: number, rows: number): void {
    const e = this.#exports;
    e.filterFill(level, rows, 1);
    for (const range of where.ranges) {
      const dimension = DIMENSIONS.findIndex((d) => d.key === range.key);
      let lo = range.gte ?? -Infinity;
      if (range.gt !== undefined) lo = Math.max(lo, nextUp(range.gt));
      let hi = range.lte ?? Infinity;
      if (range.lt !== undefined) hi = Math.min(hi, nextDown(range.lt));
      e.filterRange(level, this.#columns.get(dimension)!.slot, rows, f32AtLeast(lo), f32AtMost(hi));
    }
    for (const member of where.and) {
      this.#evaluate(member, level + 1, rows);
      e.filterCombine(level, level + 1, rows, AND);
    }
    if (where.or !== undefined) {
      e.filterFill(level + 1, rows, 0);
      for (const member of where.or) {
        this.#evaluate(member, level + 2, rows);
        e.filterCombine(level + 1, level + 2, rows, OR);
      }
      e.filterCombine(level, level + 1, rows, AND);
    }
    for (const member of where.not) {
      this.#evaluate(member, level + 1, rows);
      e.filterCombine(level, level + 1, rows, AND_NOT);
    }
  }
}

/** Set bits of a 32-bit word. */
function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function collectDimensions(where: CheckedWhere, into: Set<number>): void {
  for (const range of where.ranges) into.add(DIMENSIONS.findIndex((d) => d.key === range.key));
  for (const member of [...where.and, ...(where.or ?? []), ...where.not]) collectDimensions(member, into);
}
