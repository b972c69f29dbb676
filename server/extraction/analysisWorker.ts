/**
 * The analysis worker (run by Piscina in a worker thread, TypeScript through Node's type stripping).
 * One task = one file: `analyseFile` with this thread's DSP instances (dspPool keeps them per thread, so a
 * worker reuses its WASM memory from file to file). The result, or the failure as plain data, is returned:
 * errors never cross the boundary as thrown objects (their class and code would be lost).
 *
 * Cancellation: the main thread posts any message on `abortPort`; the worker aborts its AbortController,
 * which kills the ffmpeg child (decodeAudio) and ends the task with `ABORTED`.
 */
import { type MessagePort, threadId } from 'node:worker_threads';
import { type FileAnalysis, analyseFile } from '../fingerprint/analyse.ts';
import { type SerializedError, serializeError } from './remoteError.ts';

export interface AnalysisTask {
  /** Absolute path of the audio file. */
  readonly path: string;
  /** Wall-clock limit of the decode in ms (DECODE_TIMEOUT). */
  readonly timeoutMs?: number;
  /** A message on this port aborts the task (transferred to the worker). */
  readonly abortPort?: MessagePort;
}

export type AnalysisOutcome =
  | { readonly ok: true; readonly analysis: FileAnalysis; readonly threadId: number }
  | { readonly ok: false; readonly error: SerializedError; readonly threadId: number };

/** Posted back on `abortPort` when the worker takes the task (the pool's watchdog starts then). */
export const STARTED = 'started';

export default async function analyseTask(task: AnalysisTask): Promise<AnalysisOutcome> {
  const controller = new AbortController();
  task.abortPort?.on('message', (reason: unknown) => controller.abort(reason ?? 'cancelled'));
  task.abortPort?.postMessage(STARTED);
  try {
    const analysis = await analyseFile(task.path, {
      signal: controller.signal,
      ...(task.timeoutMs === undefined ? {} : { timeoutMs: task.timeoutMs }),
    });
    return { ok: true, analysis, threadId };
  } catch (error) {
    return { ok: false, error: serializeError(error), threadId };
  } finally {
    task.abortPort?.close();
  }
}
