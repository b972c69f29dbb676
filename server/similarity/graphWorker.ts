/**
 * The graph worker (run by Piscina in a worker thread, TypeScript through Node's type stripping): one task = the k
 * nearest neighbours of a run of rows (graphKnn.ts). The track ids and f64 normalised table arrive as
 * SharedArrayBuffers (no copy per task); the thread packs the table as f32 rows straight into its own WASM kernel once
 * per build (`buildId`) and keeps the instance for the next build.
 */
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import { DistanceKernel, KERNEL_STRIDE } from './distanceKernel.ts';
import { type KnnBlock, knnRows, tableRows } from './graphKnn.ts';

export interface GraphTask {
  /** Same for every task of one build (the thread reloads its kernel when it changes). */
  readonly buildId: string;
  /** n track ids (i32). */
  readonly trackIds: SharedArrayBuffer;
  /** n × 25 f64 normalised values. */
  readonly normalised: SharedArrayBuffer;
  readonly weights: readonly number[];
  /** Query rows [start, end). */
  readonly start: number;
  readonly end: number;
  readonly k: number;
}

const WIDTH = DIMENSIONS.length;
let kernel: Promise<DistanceKernel> | undefined;
let loadedBuild: string | undefined;

export default async function graphTask(task: GraphTask): Promise<KnnBlock> {
  kernel ??= DistanceKernel.create();
  const instance = await kernel;
  const trackIds = new Int32Array(task.trackIds);
  const table = new Float64Array(task.normalised);
  if (loadedBuild !== task.buildId) {
    loadedBuild = undefined;
    instance.writeRows(0, trackIds.length, (target) => {
      target.fill(0);
      for (let row = 0; row < trackIds.length; row++) target.set(table.subarray(row * WIDTH, (row + 1) * WIDTH), row * KERNEL_STRIDE);
    });
    loadedBuild = task.buildId;
  }
  const rows = Int32Array.from({ length: task.end - task.start }, (_, i) => task.start + i);
  return knnRows(instance, trackIds, tableRows(table), task.weights, rows, task.k);
}
