/**
 * A pool of analysis worker threads (Piscina): `analyseFile` off the main thread, so a long analysis does
 * not block the event loop (GraphQL requests, progress output). `workers` threads (AURALIS_WORKERS, default
 * the core count), one file per thread at a time; each thread keeps its DSP instances between files.
 *
 * Per file: a decode timeout (ffmpeg is killed, DECODE_TIMEOUT) and, as a last resort against a thread that
 * stops answering, a watchdog that terminates the thread after the timeout plus WATCHDOG_GRACE_MS
 * (ANALYSIS_TIMEOUT). An AbortSignal cancels a file: the worker kills its ffmpeg child and the promise
 * rejects with ABORTED. Named errors come back with their code and message (remoteError.ts).
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

export class AnalysisPool {
  /** Number of worker threads (also the useful number of files in flight). */
  readonly threads: number;
  readonly timeoutMs: number;
  readonly #piscina: Piscina<AnalysisTask, AnalysisOutcome>;
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

  /**
   * Analyses one file in a worker thread.
   * @throws the worker's named errors (FILE_NOT_FOUND, UNREADABLE_FILE, TOO_SHORT, DECODE_TIMEOUT, ABORTED…),
   *   ANALYSIS_TIMEOUT when the thread stopped answering, POOL_CLOSED after `close()`.
   */
  async analyse(path: string, options: PoolAnalyseOptions = {}): Promise<PooledAnalysis> {
    if (this.#closed) throw new AuralisError('POOL_CLOSED', `\`${path}\`: expected an open analysis pool, it was closed`);
    const { signal } = options;
    if (signal?.aborted) throw new AnalysisAbortedError(path, signal.reason);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const channel = new MessageChannel();
    const onAbort = () => channel.port1.postMessage(reasonText(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
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
      signal?.removeEventListener('abort', onAbort);
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
