/**
 * Extraction jobs of a server, stored in the database (JobRepository): `startExtraction` inserts the job
 * and its items and returns at once; the server's own claim loop (ExtractionWorker over the process-wide
 * analysis pool) and any `auralis worker` on the same database analyse them. `get` and `progress` (an
 * async iterable for `Subscription.jobProgress`, over SSE) read the job row, so they follow work done by
 * other processes and answer after a restart. `cancel` marks the job CANCELLED: every worker stops its items.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/sql';
import type { AuralisConfig } from '../config.ts';
import { AuralisError } from '../errors.ts';
import { LibraryRootService } from '../library/libraryRoots.ts';
import { type LibraryRootSource, NoLibraryRootsError, resolveLibraryPath, rootsOf } from '../library/pathGuard.ts';
import { closeSharedAnalysisPool, sharedAnalysisPool } from './analysisPool.ts';
import { JobRepository, type JobRecord } from '../db/JobRepository.ts';
import type { KeysetPage, KeysetRequest } from '../db/pagination.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { ExtractionWorker } from './extractionWorker.ts';
import { GRAPH_JOB_SELECTION, startGraphJob, stopGraphJobs } from '../similarity/graphJob.ts';
import { MAP_JOB_SELECTION, startLibraryMapJob, stopLibraryMapJobs } from '../similarity/libraryMapJob.ts';
import {
  type ExtractionFailure,
  type ExtractionProgress,
  type ExtractionSelection,
  type FailurePolicy,
  selectTrackIds,
} from './extractor.ts';

export type { JobStatus } from '../db/JobRepository.ts';
import type { JobStatus } from '../db/JobRepository.ts';

/** How often `progress` reads the job row, in ms (work done by other processes shows up this fast). */
export const PROGRESS_POLL_MS = 300;

export type JobKind = 'EXTRACTION' | 'SIMILARITY_GRAPH' | 'LIBRARY_MAP';

/** A job as clients see it at one moment. */
export interface JobSnapshot extends ExtractionProgress {
  readonly id: string;
  /**
   * EXTRACTION (files analysed), SIMILARITY_GRAPH (server/similarity/graphJob.ts: tracks whose neighbours are computed)
   * or LIBRARY_MAP (server/similarity/libraryMapJob.ts: steps of the UMAP layout).
   */
  readonly kind: JobKind;
  readonly status: JobStatus;
  /** The selection asked for, null when explicit track ids were given. */
  readonly selection: ExtractionSelection | null;
  /** Why a job FAILED (a fatal error, e.g. the database); null otherwise. */
  readonly error: string | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

export interface StartExtractionOptions {
  readonly selection?: ExtractionSelection;
  readonly trackIds?: readonly number[];
  readonly failurePolicy?: FailurePolicy;
}

/** Most explicit track ids one job accepts (a larger list is TOO_MANY_TRACK_IDS; use a selection, or several jobs). */
export const MAX_JOB_TRACK_IDS = 10_000;

/** Most jobs `list` returns. */
export const MAX_JOB_LIST = 100;

/** More than MAX_JOB_TRACK_IDS explicit track ids (code `TOO_MANY_TRACK_IDS`). */
export class TooManyTrackIdsError extends AuralisError {
  constructor(received: number) {
    super(
      'TOO_MANY_TRACK_IDS',
      `trackIds: expected at most ${MAX_JOB_TRACK_IDS} ids per job, received ${received}; use a selection or several jobs`,
      { field: ['trackIds'] },
    );
  }
}

/** No job with this id (code `JOB_NOT_FOUND`). */
export class JobNotFoundError extends AuralisError {
  constructor(id: string, field: readonly string[] = ['id']) {
    super('JOB_NOT_FOUND', `job \`${id}\`: expected the id of a job in the database, found none`, {
      field,
    });
  }
}

/** Options of a JobManager. */
export interface JobManagerOptions {
  /** Run a claim loop in this process (default true; `auralis serve --no-worker` leaves the work to `auralis worker`). */
  readonly worker?: boolean;
  /** Claim lease in ms (ExtractionWorker). */
  readonly leaseMs?: number;
}

export class JobManager {
  readonly #orm: MikroORM;
  readonly #libraryRoots: LibraryRootSource | undefined;
  readonly #options: JobManagerOptions;
  #worker: ExtractionWorker | undefined;
  #closed = false;
  /** Wakes the progress streams of a job (a file finished here, the job was cancelled here). */
  readonly #listeners = new Map<string, Set<() => void>>();
  readonly #closing = new AbortController();

  /**
   * With `libraryRoots`, a job needs at least one root (else NO_LIBRARY_ROOTS before any track is touched)
   * and every file must still resolve inside them (else it is FAILED: PATH_OUTSIDE_LIBRARY).
   */
  constructor(orm: MikroORM, libraryRoots?: LibraryRootSource, options: JobManagerOptions = {}) {
    this.#orm = orm;
    this.#libraryRoots = libraryRoots;
    this.#options = options;
  }

  #repository(): JobRepository {
    return new JobRepository(this.#orm.em.fork());
  }

  /** Starts this process's claim loop (once; not after close, not with `worker: false`). */
  startWorker(): void {
    if (this.#closed || this.#worker || this.#options.worker === false) return;
    const roots = this.#libraryRoots;
    this.#worker = new ExtractionWorker({
      orm: this.#orm,
      pool: sharedAnalysisPool(),
      ...(this.#options.leaseMs === undefined ? {} : { leaseMs: this.#options.leaseMs }),
      ...(roots === undefined
        ? {}
        : { resolvePath: async (path: string) => resolveLibraryPath(path, await rootsOf(roots), ['trackIds']) }),
      onFile: (file) => this.#notify(file.jobId),
      onError: (error) => console.error('auralis: extraction worker:', error instanceof Error ? error.message : error),
    });
    void this.#worker.run('stopped');
  }

  /**
   * Server start: starts this process's claim loop when a RUNNING job has open items (left by a previous run
   * or queued while no worker ran), so they are analysed without waiting for a GraphQL call. Resolves to
   * whether the loop runs (false with `worker: false`, or with nothing to do: a new job starts it then).
   */
  async resumePendingWork(): Promise<boolean> {
    if (this.#closed || this.#options.worker === false) return false;
    if (!this.#worker && (await this.#repository().openItems()) > 0) this.startWorker();
    return this.#worker !== undefined;
  }

  /**
   * Starts an extraction job and returns its first snapshot (RUNNING, with `total` known: a selection is
   * resolved to track ids before the job is stored).
   * @throws TooManyTrackIdsError (more than MAX_JOB_TRACK_IDS ids), NoLibraryRootsError (no root known),
   *   both before any track is touched.
   */
  async startExtraction(options: StartExtractionOptions): Promise<JobSnapshot> {
    if (options.trackIds && options.trackIds.length > MAX_JOB_TRACK_IDS) throw new TooManyTrackIdsError(options.trackIds.length);
    return this.#start(options, false);
  }

  /**
   * The extraction after a scan (`scanLibraryRoot`): the scanned files that need analysis, as one job of any
   * size (the ids come from the scan, not from a client: no MAX_JOB_TRACK_IDS), skipping a file another
   * process made CURRENT meanwhile (as `auralis scan` does).
   * @throws NoLibraryRootsError (no root known) before any track is touched.
   */
  async startScanExtraction(trackIds: readonly number[]): Promise<JobSnapshot> {
    return this.#start({ trackIds }, true);
  }

  async #start(options: StartExtractionOptions, skipCurrentIds: boolean): Promise<JobSnapshot> {
    if (this.#closed) throw new AuralisError('SERVER_CLOSING', 'expected a running server, it is shutting down');
    const roots = this.#libraryRoots === undefined ? undefined : await rootsOf(this.#libraryRoots);
    if (roots !== undefined && roots.length === 0) throw new NoLibraryRootsError();
    const selection = options.trackIds ? null : (options.selection ?? 'MISSING');
    const trackIds = options.trackIds ? [...new Set(options.trackIds)] : await selectTrackIds(this.#orm, selection!);
    const paths = await new TrackRepository(this.#orm.em.fork()).pathsOf(trackIds);
    const job = await this.#repository().create({
      id: randomUUID(),
      selection,
      failurePolicy: options.failurePolicy ?? { mode: 'continue' },
      skipCurrent: skipCurrentIds || selection === 'MISSING' || selection === 'STALE',
      trackIds: trackIds.filter((id) => paths.has(id)),
      total: trackIds.length,
    });
    this.startWorker();
    this.#worker?.wake();
    return this.#snapshot(job);
  }

  /**
   * Starts a similarity graph build (server/similarity/graphJob.ts) in this process and returns its first snapshot.
   * @throws InvalidGraphKError (k outside 1 … 200) before anything is stored
   */
  async startSimilarityGraph(k?: number | null): Promise<JobSnapshot> {
    if (this.#closed) throw new AuralisError('SERVER_CLOSING', 'expected a running server, it is shutting down');
    return this.#snapshot(await startGraphJob(this.#orm, k));
  }

  /** Starts a library map build (server/similarity/libraryMapJob.ts), or returns the one running, as a snapshot. */
  async startLibraryMap(): Promise<JobSnapshot> {
    if (this.#closed) throw new AuralisError('SERVER_CLOSING', 'expected a running server, it is shutting down');
    return this.#snapshot(await startLibraryMapJob(this.#orm));
  }

  /** The job's current snapshot (from the database), or null. */
  async get(id: string): Promise<JobSnapshot | null> {
    this.startWorker();
    const job = await this.#repository().get(id);
    return job ? this.#snapshot(job) : null;
  }

  /**
   * The most recent jobs, newest first, of every kind and process (read from the database); only those in
   * `status` when given. INVALID_ARGUMENT for `first` outside 1 … MAX_JOB_LIST.
   */
  async list(first: number, status?: JobStatus): Promise<JobSnapshot[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_JOB_LIST) {
      throw new AuralisError('INVALID_ARGUMENT', `\`first\`: expected an integer 1…${MAX_JOB_LIST}, received ${first}`, { field: ['first'] });
    }
    this.startWorker();
    return (await this.#repository().recent(first, status)).map((job) => this.#snapshot(job));
  }

  /** The failed files of several jobs, each job's in the order they failed (batch function of a DataLoader). */
  async failuresOf(ids: readonly string[]): Promise<ExtractionFailure[][]> {
    const byJob = await this.#repository().failuresOf(ids);
    return ids.map((id) => byJob.get(id) ?? []);
  }

  /** One page of a job's failed files in the job's file order (JobRepository.failurePage). */
  failurePage(id: string, request: KeysetRequest): Promise<KeysetPage<ExtractionFailure & { readonly position: number }>> {
    return this.#repository().failurePage(id, request);
  }

  /**
   * Cancels a running job: no worker claims its items any more, the files in flight here are stopped (their
   * ffmpeg killed) and left as they were; other processes stop theirs at their next heartbeat and store
   * nothing. Resolves with the final snapshot (CANCELLED, or its end state if it had finished).
   */
  async cancel(id: string, field: readonly string[] = ['id']): Promise<JobSnapshot> {
    if (!(await this.#repository().cancel(id))) throw new JobNotFoundError(id, field);
    await this.#worker?.abandonJob(id);
    this.#notify(id);
    return (await this.get(id))!;
  }

  /**
   * The current snapshot, then one per change (read from the job row every PROGRESS_POLL_MS, and at once
   * when a file finishes in this process), ending after the final one or when the server closes.
   * JOB_NOT_FOUND for an unknown id.
   */
  async progress(id: string, field: readonly string[] = ['id']): Promise<AsyncIterable<JobSnapshot>> {
    const first = await this.get(id);
    if (!first) throw new JobNotFoundError(id, field);
    const manager = this;
    return {
      async *[Symbol.asyncIterator]() {
        let last = first;
        yield last;
        while (last.status === 'RUNNING' && !manager.#closed) {
          await manager.#changed(id);
          const next = await manager.get(id);
          if (!next) return;
          if (next.status !== last.status || next.processed !== last.processed || next.currentFile !== last.currentFile) {
            last = next;
            yield last;
          }
        }
      },
    };
  }

  /**
   * Server shutdown: stops this process's claim loop (its files in flight are given back, PENDING, for any
   * worker) and ends the progress streams. The jobs stay in the database and go on in other workers or
   * after a restart.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    await this.#worker?.stop();
  }

  #notify(jobId: string): void {
    for (const wake of this.#listeners.get(jobId) ?? []) wake();
  }

  /** Resolves after PROGRESS_POLL_MS, at a local change of the job, or when the manager closes. */
  #changed(jobId: string): Promise<void> {
    return new Promise((resolve) => {
      const listeners = this.#listeners.get(jobId) ?? new Set();
      this.#listeners.set(jobId, listeners);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(done);
        if (listeners.size === 0) this.#listeners.delete(jobId);
        this.#closing.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, PROGRESS_POLL_MS);
      listeners.add(done);
      this.#closing.signal.addEventListener('abort', done, { once: true });
    });
  }

  #snapshot(job: JobRecord): JobSnapshot {
    const end = job.finishedAt ?? new Date();
    const elapsed = Math.max(0, (end.getTime() - job.createdAt.getTime()) / 1000);
    const rate = elapsed > 0 ? job.processed / elapsed : 0;
    const kind: JobKind =
      job.selection === GRAPH_JOB_SELECTION ? 'SIMILARITY_GRAPH' : job.selection === MAP_JOB_SELECTION ? 'LIBRARY_MAP' : 'EXTRACTION';
    return {
      id: job.id,
      kind,
      status: job.status,
      selection: kind === 'EXTRACTION' ? ((job.selection as ExtractionSelection | null) ?? null) : null,
      processed: job.processed,
      total: job.total,
      succeeded: job.succeeded,
      failed: job.failed,
      skipped: job.skipped,
      currentFile: job.currentFile,
      rate,
      etaSeconds: rate > 0 && job.status === 'RUNNING' ? (job.total - job.processed) / rate : null,
      error: job.error,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    };
  }
}

const managers = new WeakMap<MikroORM, JobManager>();

/**
 * The job manager of a GraphQL server: library roots stored by `auralis scan` ∪ `config.libraryRoots` (read on
 * a fresh fork each time), a claim loop unless `config.serveWorker` is false (`serve --no-worker`).
 */
export function serverJobManager(orm: MikroORM, config: AuralisConfig): JobManager {
  return jobManagerFor(orm, () => new LibraryRootService(orm.em.fork(), config.libraryRoots).paths(), { worker: config.serveWorker });
}

/**
 * The job manager of the server using this database connection (one per ORM, created on first use with
 * the server's library roots: files must resolve inside them, as for `extractFingerprint`). The source
 * outlives the request that created the manager, so it must not hold a request's EntityManager.
 */
export function jobManagerFor(orm: MikroORM, libraryRoots: LibraryRootSource, options: JobManagerOptions = {}): JobManager {
  let manager = managers.get(orm);
  if (!manager) {
    manager = new JobManager(orm, libraryRoots, options);
    managers.set(orm, manager);
  }
  return manager;
}

/** Shutdown, first step: stops this ORM's claim loop (its files go back to PENDING) and ends the progress streams. */
export async function cancelJobs(orm: MikroORM): Promise<void> {
  await stopGraphJobs(orm);
  await stopLibraryMapJobs(orm);
  await managers.get(orm)?.close();
  managers.delete(orm);
}

/**
 * cancelJobs, then closes the shared analysis pool. A server calls the two apart: the pool must outlive
 * its in-flight requests (`extractFingerprint` uses it too).
 */
export async function closeJobs(orm: MikroORM): Promise<void> {
  await cancelJobs(orm);
  await closeSharedAnalysisPool();
}
