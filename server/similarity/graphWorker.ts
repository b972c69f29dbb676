/**
 * The graph worker (run by Piscina in a worker thread, TypeScript through Node's type stripping): one task = the k
 * nearest neighbours of a run of rows (graphKnn.ts). The packed rows, track ids and f64 normalised table arrive as
 * SharedArrayBuffers (no copy per task); the thread loads the packed rows into its own WASM kernel once per build
 * (`buildId`) and keeps the instance for the next build.
 */
import { DistanceKernel } from './distanceKernel.ts';
import { type KnnBlock, knnRows, tableRows } from './graphKnn.ts';

export interface GraphTask {
  /** Same for every task of one build (the thread reloads its kernel when it changes). */
  readonly buildId: string;
  /** n × KERNEL_STRIDE f32. */
  readonly packed: SharedArrayBuffer;
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

let kernel: Promise<DistanceKernel> | undefined;
let loadedBuild: string | undefined;

export default async function graphTask(task: GraphTask): Promise<KnnBlock> {
  kernel ??= DistanceKernel.create();
  const instance = await kernel;
  const trackIds = new Int32Array(task.trackIds);
  const packed = new Float32Array(task.packed);
  if (loadedBuild !== task.buildId) {
    instance.load(packed, trackIds.length);
    loadedBuild = task.buildId;
  }
  const rows = Int32Array.from({ length: task.end - task.start }, (_, i) => task.start + i);
  return knnRows(instance, packed, trackIds, tableRows(new Float64Array(task.normalised)), task.weights, rows, task.k);
}
