/**
 * The exact k nearest neighbours of index rows (the graph's core, pure: used on the main thread and in the graph worker
 * threads, graphWorker.ts). For each query row: the kernel's fused scan (DistanceKernel.nearest) over every row but the
 * query itself and the dead rows (skipped by a sorted list, so a graph read needs no compact copy of the index), the
 * k-th smallest f32 distance plus TIE_MARGIN selecting candidates (as topK.ts), which are re-ranked by exact f64 distance
 * over the rows' f64 normalised values (Σ w·(row − query)², as similarTracks ranks), ties by ascending track id.
 */
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import type { DistanceKernel } from './distanceKernel.ts';
import { TIE_MARGIN } from './topK.ts';

const WIDTH = DIMENSIONS.length;

/** A row's values normalised in f64 (25 values). */
export type NormalisedRows = (row: number) => Float64Array;

/** The neighbours of a run of query rows: `counts[i]` ≤ k entries at `i·k` in `neighbours` (track ids) and `distances`. */
export interface KnnBlock {
  readonly neighbours: Int32Array;
  readonly distances: Float64Array;
  readonly counts: Int32Array;
}

/** Exact f64 distance between two rows. */
export function exactDistance(normalised: NormalisedRows, weights: ArrayLike<number>, queryRow: number, row: number): number {
  const q = normalised(queryRow);
  const r = normalised(row);
  let squared = 0;
  for (let j = 0; j < WIDTH; j++) squared += weights[j]! * (r[j]! - q[j]!) ** 2;
  return Math.sqrt(squared);
}

/** The ascending `rows` with `row` inserted (unless present). */
export function withRow(rows: ArrayLike<number>, row: number): Int32Array {
  const out = new Int32Array(rows.length + 1);
  let i = 0;
  let o = 0;
  while (i < rows.length && rows[i]! < row) out[o++] = rows[i++]!;
  if (i < rows.length && rows[i] === row) return Int32Array.from(rows);
  out[o++] = row;
  while (i < rows.length) out[o++] = rows[i++]!;
  return out;
}

/** Normalised rows from a table of n × 25 f64 values. */
export function tableRows(table: Float64Array): NormalisedRows {
  return (row) => table.subarray(row * WIDTH, (row + 1) * WIDTH);
}

/**
 * The k nearest rows of each of `rows` (the kernel holds the n rows, in the order of `trackIds`, packed as f32
 * from `normalised`), never one of `deadRows` (ascending: rows retired by deltas, libraryIndex.ts). The query is
 * the row's f64 normalised values, which the kernel rounds to f32: the row's packed values exactly.
 */
export function knnRows(
  kernel: DistanceKernel,
  trackIds: Int32Array,
  normalised: NormalisedRows,
  weights: ArrayLike<number>,
  rows: ArrayLike<number>,
  k: number,
  deadRows: ArrayLike<number> = [],
): KnnBlock {
  const block: KnnBlock = {
    neighbours: new Int32Array(rows.length * k),
    distances: new Float64Array(rows.length * k),
    counts: new Int32Array(rows.length),
  };
  for (let i = 0; i < rows.length; i++) {
    const queryRow = rows[i]!;
    const query = normalised(queryRow);
    const candidates = kernel.nearest(query, weights, k, withRow(deadRows, queryRow), TIE_MARGIN).rows;
    const ranked = Array.from(candidates, (row) => ({ trackId: trackIds[row]!, distance: exactDistance(normalised, weights, queryRow, row) }));
    ranked.sort((x, y) => x.distance - y.distance || x.trackId - y.trackId);
    const count = Math.min(k, ranked.length);
    for (let r = 0; r < count; r++) {
      block.neighbours[i * k + r] = ranked[r]!.trackId;
      block.distances[i * k + r] = ranked[r]!.distance;
    }
    block.counts[i] = count;
  }
  return block;
}
