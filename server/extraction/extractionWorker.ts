/**
 * The claim loop shared by the server, `auralis worker` and `auralis scan` / `extract`: claims items of
 * extraction jobs from the database (JobRepository.claim), analyses them through an AnalysisPool, stores
 * each result while it still holds the claim (JobRepository.complete), and keeps its claims alive with a
 * heartbeat every `leaseMs / 3`. A worker killed without a word (SIGKILL) stops heartbeating: its items are
 * claimed again by another worker once the lease runs out. A clean stop gives its items back at once.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/sql';
import { type ClaimedItem, type ItemOutcome, type JobCounters, JobRepository, type JobStatus } from '../db/JobRepository.ts';
import { isAuralisError } from '../errors.ts';
import { completeAnalysis } from '../fingerprint/analyse.ts';
import type { AnalysisPool } from './analysisPool.ts';

/** Default claim lease in ms: a worker that stops heartbeating loses its items after this long. */
export const DEFAULT_LEASE_MS = 30_000;

/** Default wait between claims when there is nothing to claim, in ms. */
export const DEFAULT_POLL_MS = 250;

/** One item a worker finished. */
export interface WorkerFileResult {
  readonly jobId: string;
  readonly trackId: number;
  readonly path: string;
  readonly result: 'succeeded' | 'failed' | 'skipped' | 'dropped';
  readonly failure?: { readonly trackId: number; readonly path: string; readonly code: string; readonly message: string };
  readonly jobStatus: JobStatus | null;
  /** The job's counters right after this file was stored (null when dropped). */
  readonly counters: JobCounters | null;
}

/**
 * What a worker analyses files with: an AnalysisPool in production (structurally; a benchmark may pass a
 * stand-in to measure the claim path alone).
 */
export type FileAnalyser = Pick<AnalysisPool, 'threads' | 'analyse'>;

export interface ExtractionWorkerOptions {
  readonly orm: MikroORM;
  readonly pool: FileAnalyser;
  /** Items analysed at once; default the pool's thread count. */
  readonly slots?: number;
  /** Claim lease in ms (default DEFAULT_LEASE_MS); the heartbeat runs every leaseMs / 3. */
  readonly leaseMs?: number;
  /** Wait between empty claims in ms (default DEFAULT_POLL_MS). */
  readonly pollMs?: number;
  /** Claim only this job's items. */
  readonly jobId?: string;
  /** Per-file decode limit in ms; default the pool's. */
  readonly timeoutMs?: number;
  /** Checks a stored path and returns the path to open (the library-root guard); a named error fails the item. */
  readonly resolvePath?: (path: string) => Promise<string>;
  /** Called for every item finished by this worker. */
  readonly onFile?: (result: WorkerFileResult) => void;
  /** Called for an item claimed (its analysis starts). */
  readonly onClaim?: (item: ClaimedItem) => void;
  /** Errors of the loop itself (the database); the loop retries after `pollMs`. Default: rethrown by `run`. */
  readonly onError?: (error: unknown) => void;
}

/** `host:pid:random` — unique per worker loop, readable in `extraction_job_items.worker_id`. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

interface InFlight {
  readonly item: ClaimedItem;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export class ExtractionWorker {
  readonly id = newWorkerId();
  readonly #options: ExtractionWorkerOptions;
  readonly #repository: () => JobRepository;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #leaseMs: number;
  #stopping = false;
  #wake: (() => void) | undefined;
  #running: Promise<void> | undefined;

  constructor(options: ExtractionWorkerOptions) {
    this.#options = options;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#repository = () => new JobRepository(options.orm.em.fork());
  }

  get running(): boolean {
    return this.#running !== undefined && !this.#stopping;
  }

  /**
   * Claims and analyses until `stop()`, or with `until`: 'idle' — no open item is left in any RUNNING job
   * (`--once`); 'job' — the worker's job (`jobId`) is no longer RUNNING. Resolves when the loop has ended
   * and every item in flight is finished or given back.
   */
  run(until: 'stopped' | 'idle' | 'job' = 'stopped'): Promise<void> {
    this.#running ??= this.#loop(until);
    return this.#running;
  }

  /** Claims now instead of after the poll interval (a job was just started). */
  wake(): void {
    this.#wake?.();
  }

  /** Stops the items in flight of `jobId` (cancelled: nothing is written for them) and waits for them. */
  async abandonJob(jobId: string): Promise<void> {
    const leaving = [...this.#inFlight.values()].filter((entry) => entry.item.jobId === jobId);
    for (const entry of leaving) entry.controller.abort('job stopped');
    await Promise.all(leaving.map((entry) => entry.done));
  }

  /** Clean stop: claims nothing more, stops the items in flight and gives them back (PENDING). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    for (const entry of this.#inFlight.values()) entry.controller.abort('worker stopping');
    await this.#running;
  }

  async #loop(until: 'stopped' | 'idle' | 'job'): Promise<void> {
    const slots = this.#options.slots ?? this.#options.pool.threads;
    const pollMs = this.#options.pollMs ?? DEFAULT_POLL_MS;
    const heartbeat = setInterval(() => void this.#heartbeat(), Math.max(50, Math.floor(this.#leaseMs / 3)));
    heartbeat.unref();
    try {
      while (!this.#stopping) {
        let claimed: ClaimedItem[] = [];
        const free = slots - this.#inFlight.size;
        try {
          if (free > 0) {
            claimed = await this.#repository().claim(this.id, {
              limit: free,
              leaseMs: this.#leaseMs,
              ...(this.#options.jobId === undefined ? {} : { jobId: this.#options.jobId }),
            });
          }
          for (const item of claimed) this.#start(item);
          if (claimed.length === 0 && this.#inFlight.size === 0 && until !== 'stopped') {
            if (until === 'idle' && (await this.#repository().openItems()) === 0) break;
            if (until === 'job' && (await this.#repository().get(this.#options.jobId!))?.status !== 'RUNNING') break;
          }
        } catch (error) {
          if (!this.#options.onError) throw error;
          this.#options.onError(error);
        }
        if (claimed.length === 0 || this.#inFlight.size >= slots) await this.#pause(pollMs);
      }
    } finally {
      clearInterval(heartbeat);
      for (const entry of this.#inFlight.values()) entry.controller.abort('worker stopping');
      await Promise.all([...this.#inFlight.values()].map((entry) => entry.done));
      await this.#repository().release(this.id).catch(() => {});
      this.#running = undefined;
    }
  }

  /** Waits `ms`, or less when woken (a job started, an item finished). */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #heartbeat(): Promise<void> {
    if (this.#inFlight.size === 0) return;
    try {
      const held = await this.#repository().heartbeat(this.id, this.#leaseMs);
      // Taken over (our lease ran out) or the job stopped (cancelled, aborted): stop the analysis.
      for (const [key, entry] of this.#inFlight) if (!held.has(key)) entry.controller.abort('claim lost or job stopped');
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  #start(item: ClaimedItem): void {
    const key = `${item.jobId}:${item.trackId}`;
    const controller = new AbortController();
    this.#options.onClaim?.(item);
    const done = this.#process(item, controller.signal)
      .catch((error: unknown) => this.#options.onError?.(error))
      .finally(() => {
        this.#inFlight.delete(key);
        this.wake();
      });
    this.#inFlight.set(key, { item, controller, done });
  }

  async #process(item: ClaimedItem, signal: AbortSignal): Promise<void> {
    let outcome: ItemOutcome;
    try {
      const file = this.#options.resolvePath ? await this.#options.resolvePath(item.path) : item.path;
      const analysis = await this.#options.pool.analyse(file, {
        signal,
        ...(this.#options.timeoutMs === undefined ? {} : { timeoutMs: this.#options.timeoutMs }),
      });
      outcome = { kind: 'succeeded', ...completeAnalysis(item.path, analysis) };
    } catch (error) {
      // Stopped (cancel, lost claim, worker stopping): nothing is known about the file; nothing is written.
      // Ctrl-C also reaches ffmpeg (same process group), whose exit then looks like a decode failure.
      if (signal.aborted) return;
      const code = isAuralisError(error) ? error.code : typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'ANALYSIS_FAILED';
      outcome = { kind: 'failed', code, message: error instanceof Error ? error.message : String(error) };
    }
    if (signal.aborted) return;
    const stored = await this.#repository().complete(this.id, item, outcome);
    this.#options.onFile?.({
      jobId: item.jobId,
      trackId: item.trackId,
      path: item.path,
      result: stored.result,
      ...(outcome.kind === 'failed' && stored.result === 'failed'
        ? { failure: { trackId: item.trackId, path: item.path, code: outcome.code, message: outcome.message } }
        : {}),
      jobStatus: stored.jobStatus,
      counters: stored.counters,
    });
    if (stored.jobStatus !== 'RUNNING' && stored.jobStatus !== null) {
      for (const entry of this.#inFlight.values()) if (entry.item.jobId === item.jobId && entry.item !== item) entry.controller.abort('job stopped');
    }
  }
}
