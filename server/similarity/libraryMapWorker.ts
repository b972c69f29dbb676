/**
 * The worker thread of a library map (libraryMap.ts): runs `embedRows` (mapEmbedding.ts) off the server's event loop
 * (UMAP's neighbour graph alone blocks for seconds at 10 000 tracks). Receives `MapWorkerInput` as workerData, posts
 * `{ done, total }` after each step and finally `{ x, y }` (transferred). The parent stops it with `terminate()`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { embedRows, type EmbeddingSettings } from './mapEmbedding.ts';

export interface MapWorkerInput {
  /** n × width f64 rows. */
  readonly rows: Float64Array;
  readonly width: number;
  readonly settings: EmbeddingSettings;
}

/** What the worker posts: progress, then the result. */
export type MapWorkerMessage = { readonly done: number; readonly total: number } | { readonly x: Float32Array; readonly y: Float32Array };

const input = workerData as MapWorkerInput;
const port = parentPort!;
/** Least time between two progress messages, in ms. */
const PROGRESS_MS = 100;
let last = 0;
const result = embedRows(input.rows, input.width, input.settings, (done, total) => {
  const now = performance.now();
  if (done < total && now - last < PROGRESS_MS) return;
  last = now;
  port.postMessage({ done, total } satisfies MapWorkerMessage);
});
port.postMessage({ x: result.x, y: result.y } satisfies MapWorkerMessage, [result.x.buffer as ArrayBuffer, result.y.buffer as ArrayBuffer]);
