/**
 * A pool of analysis worker threads (Piscina): `analyseFile` off the main thread, so a long analysis does
 * not block the event loop (GraphQL requests, progress output). `workers` threads (AURALIS_WORKERS, default
 * the core count), one file per thread at a time; each thread keeps its DSP instances between files.
 *
 * Per file: a decode timeout (ffmpeg is killed, DECODE_TIMEOUT) and, as a last resort against a thread that
 * stops answering, a watchdog that terminates the thread after the timeout plus WATCHDOG_GRACE_MS
 * (ANALYSIS_TIMEOUT). An AbortSignal cancels a file: the worker kills its ffmpeg child and the promise
 * rejects with ABORTED. Named errors come back with their code and message (remoteError.ts).
 *
 * One file is analysed once at a time: a call for a path that is already being analysed (by another job,
 * or `extractFingerprint`, on the same pool — the server has one, `sharedAnalysisPool()`) waits for that
 * analysis and gets its result instead of starting a second one. The analysis stops early only when
 * every caller waiting for it has aborted.
 */
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { AnalysisAbortedError } from '../audio/errors.ts';
import { loadConfig } from '../config.ts';
import { AuralisError } from '../errors.ts';
import type { FileAnalysis } from '../fingerprint/analyse.ts';
import { type AnalysisOutcome, type AnalysisTask, STARTED } from './analysisWorker.ts';
import { deserializeError } from './remoteError.ts';

/** Default per-file decode limit, in ms (a 2-hour DJ mix decodes and analyses in well under a minute). */
export const DEFAULT_FILE_TIMEOUT_MS = 120_000;
/** Extra time the watchdog allows past the file timeout before terminating the thread, in ms. */
export const WATCHDOG_GRACE_MS = 15_000;
/** Idle threads exit after this long (ms); a batch keeps them, and their DSP instances, busy. */
export const IDLE_TIMEOUT_MS = 30_000;

const WORKER_URL = new URL('./analysisWorker.ts', import.meta.url).href;

/** The thread analysing a file stopped answering and was terminated (code `ANALYSIS_TIMEOUT`). */
export class AnalysisTimeoutError extends AuralisError {
  constructor(path: string, limitMs: number) {
    super('ANALYSIS_TIMEOUT', `\`${path}\`: the analysis thread did not answer within ${limitMs} ms and was stopped`);
  }
}

export interface AnalysisPoolOptions {
  /** Worker threads; default loadConfig().workers (AURALIS_WORKERS, else the core count). */
  readonly workers?: number;
  /** Per-file decode limit in ms; default DEFAULT_FILE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

export interface PoolAnalyseOptions {
  readonly signal?: AbortSignal;
  /** Overrides the pool's per-file limit for this file, in ms. */
  readonly timeoutMs?: number;
}

/** What `analyse` resolves to: the analysis and the id of the thread that computed it. */
export interface PooledAnalysis extends FileAnalysis {
  readonly threadId: number;
}

/** One analysis in flight and the callers waiting for it. */
interface SharedAnalysis {
  readonly promise: Promise<PooledAnalysis>;
  readonly controller: AbortController;
  callers: number;
}

export class AnalysisPool {
  /** Number of worker threads (also the useful number of files in flight). */
  readonly threads: number;
  readonly timeoutMs: number;
  readonly #piscina: Piscina<AnalysisTask, AnalysisOutcome>;
  /** Analyses in flight by path (as given: the callers pass realpaths). */
  readonly #inFlight = new Map<string, SharedAnalysis>();
  #started = 0;
  #closed = false;

  constructor(options: AnalysisPoolOptions = {}) {
    this.threads = options.workers ?? loadConfig().workers;
    if (!Number.isInteger(this.threads) || this.threads < 1) {
      throw new RangeError(`workers: expected a positive integer, received ${String(options.workers)}`);
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs > 0)) {
      throw new RangeError(`timeoutMs: expected a positive number of milliseconds, received ${String(options.timeoutMs)}`);
    }
    this.#piscina = new Piscina<AnalysisTask, AnalysisOutcome>({
      filename: WORKER_URL,
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: IDLE_TIMEOUT_MS,
      concurrentTasksPerWorker: 1,
    });
  }

  /** Files the threads have finished (analysed or failed) since the pool started. */
  get completed(): number {
    return this.#piscina.completed;
  }

  /** Files waiting for a free thread. */
  get queued(): number {
    return this.#piscina.queueSize;
  }

  /** Analyses started on a thread since the pool started; a call that joined one in flight does not count. */
  get started(): number {
    return this.#started;
  }

  /**
   * Analyses one file in a worker thread, or waits for the analysis of the same path already in flight
   * (then the first caller's `timeoutMs` applies). An aborted caller stops waiting at once, unless it was
   * the last one: then the analysis is stopped (ffmpeg killed) and it rejects once the thread has let go.
   * @throws the worker's named errors (FILE_NOT_FOUND, UNREADABLE_FILE, TOO_SHORT, DECODE_TIMEOUT, ABORTED…),
   *   ANALYSIS_TIMEOUT when the thread stopped answering, POOL_CLOSED after `close()`.
   */
  async analyse(path: string, options: PoolAnalyseOptions = {}): Promise<PooledAnalysis> {
    if (this.#closed) throw new AuralisError('POOL_CLOSED', `\`${path}\`: expected an open analysis pool, it was closed`);
    const { signal } = options;
    if (signal?.aborted) throw new AnalysisAbortedError(path, signal.reason);
    let shared = this.#inFlight.get(path);
    if (shared === undefined) {
      const controller = new AbortController();
      const promise = this.#analyseNow(path, controller.signal, options.timeoutMs ?? this.timeoutMs);
      const entry: SharedAnalysis = { promise, controller, callers: 0 };
      this.#inFlight.set(path, entry);
      // Settled: forget it (unless every caller left and a new analysis of the path took its place).
      promise.then(
        () => this.#forget(path, entry),
        () => this.#forget(path, entry),
      );
      shared = entry;
    }
    const entry = shared;
    entry.callers++;
    if (!signal) {
      try {
        return await entry.promise;
      } finally {
        entry.callers--;
      }
    }
    return new Promise<PooledAnalysis>((resolve, reject) => {
      let left = false;
      const leave = () => {
        left = true;
        entry.callers--;
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (left) return;
        leave();
        if (entry.callers > 0) {
          reject(new AnalysisAbortedError(path, signal.reason));
          return;
        }
        // The last caller: stop the analysis and answer once the thread has let go of the file.
        this.#forget(path, entry);
        entry.controller.abort(signal.reason);
        entry.promise.then(
          () => reject(new AnalysisAbortedError(path, signal.reason)),
          (error: unknown) => reject(error),
        );
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (analysis) => {
          if (left) return;
          leave();
          resolve(analysis);
        },
        (error: unknown) => {
          if (left) return;
          leave();
          reject(error);
        },
      );
    });
  }

  #forget(path: string, entry: SharedAnalysis): void {
    if (this.#inFlight.get(path) === entry) this.#inFlight.delete(path);
  }

  /** One analysis on a thread (the pool's original per-file path). */
  async #analyseNow(path: string, signal: AbortSignal, timeoutMs: number): Promise<PooledAnalysis> {
    this.#started++;
    const channel = new MessageChannel();
    const onAbort = () => channel.port1.postMessage(reasonText(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    // The watchdog starts when a thread takes the file (the worker says "started"), not while it is queued.
    const watchdog = new AbortController();
    const watchdogLimit = timeoutMs + WATCHDOG_GRACE_MS;
    let timer: NodeJS.Timeout | undefined;
    channel.port1.on('message', (message: unknown) => {
      if (message === STARTED) timer = setTimeout(() => watchdog.abort(), watchdogLimit);
    });
    try {
      const outcome = await this.#piscina.run(
        { path, timeoutMs, abortPort: channel.port2 },
        { transferList: [channel.port2], signal: watchdog.signal },
      );
      if (!outcome.ok) throw deserializeError(outcome.error);
      return { ...outcome.analysis, threadId: outcome.threadId };
    } catch (error) {
      if (watchdog.signal.aborted) throw new AnalysisTimeoutError(path, watchdogLimit);
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      channel.port1.close();
    }
  }

  /** Stops the threads (running files are abandoned). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#piscina.destroy();
  }
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? 'cancelled' : String(reason);
}

let shared: AnalysisPool | undefined;

/** The process-wide pool (the GraphQL server's), created on first use with AURALIS_WORKERS threads. */
export function sharedAnalysisPool(): AnalysisPool {
  shared ??= new AnalysisPool();
  return shared;
}

/** Closes the process-wide pool if one was created (server shutdown). */
export async function closeSharedAnalysisPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
