/**
 * Extraction jobs of a running server: `startExtraction` returns at once with a job id while the files go
 * through the process-wide analysis pool; `get`, `cancel`, and `progress` (an async iterable of snapshots
 * for `Subscription.jobProgress`, over SSE). Jobs live in memory (the most recent MAX_FINISHED_JOBS
 * finished ones are kept); a restart forgets them, while the database keeps every stored result.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/sqlite';
import { AuralisError } from '../errors.ts';
import { type LibraryRootSource, NoLibraryRootsError, resolveLibraryPath, rootsOf } from '../library/pathGuard.ts';
import { closeSharedAnalysisPool, sharedAnalysisPool } from './analysisPool.ts';
import {
  type ExtractionFailure,
  type ExtractionProgress,
  type ExtractionSelection,
  type FailurePolicy,
  extractFingerprints,
  selectTrackIds,
} from './extractor.ts';

export type JobStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'ABORTED' | 'FAILED';

/** A job as clients see it at one moment. */
export interface JobSnapshot extends ExtractionProgress {
  readonly id: string;
  readonly status: JobStatus;
  /** The selection asked for, null when explicit track ids were given. */
  readonly selection: ExtractionSelection | null;
  readonly failures: readonly ExtractionFailure[];
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

/** Finished jobs kept for `job(id)`, most recent first out. */
export const MAX_FINISHED_JOBS = 100;

/** Most explicit track ids one job accepts (a larger list is TOO_MANY_TRACK_IDS; use a selection, or several jobs). */
export const MAX_JOB_TRACK_IDS = 10_000;

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
    super('JOB_NOT_FOUND', `job \`${id}\`: expected the id of a job of this server, found none (jobs are kept in memory)`, {
      field,
    });
  }
}

class Job {
  snapshot: JobSnapshot;
  readonly controller = new AbortController();
  #waiters: (() => void)[] = [];
  done: Promise<void> = Promise.resolve();

  constructor(snapshot: JobSnapshot) {
    this.snapshot = snapshot;
  }

  get finished(): boolean {
    return this.snapshot.status !== 'RUNNING';
  }

  update(patch: Partial<JobSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next update. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

export class JobManager {
  readonly #orm: MikroORM;
  readonly #libraryRoots: LibraryRootSource | undefined;
  readonly #jobs = new Map<string, Job>();
  #closed = false;

  /**
   * With `libraryRoots`, a job needs at least one root (else NO_LIBRARY_ROOTS before any track is touched)
   * and every file must still resolve inside them (else it is FAILED: PATH_OUTSIDE_LIBRARY). The roots are
   * read when a job starts.
   */
  constructor(orm: MikroORM, libraryRoots?: LibraryRootSource) {
    this.#orm = orm;
    this.#libraryRoots = libraryRoots;
  }

  /**
   * Starts an extraction job and returns its first snapshot (RUNNING, with `total` known: a selection is
   * resolved to track ids before the job starts).
   * @throws TooManyTrackIdsError (more than MAX_JOB_TRACK_IDS ids), NoLibraryRootsError (no root known),
   *   both before any track is touched.
   */
  async startExtraction(options: StartExtractionOptions): Promise<JobSnapshot> {
    if (this.#closed) throw new AuralisError('SERVER_CLOSING', 'expected a running server, it is shutting down');
    if (options.trackIds && options.trackIds.length > MAX_JOB_TRACK_IDS) throw new TooManyTrackIdsError(options.trackIds.length);
    const roots = this.#libraryRoots === undefined ? undefined : await rootsOf(this.#libraryRoots);
    if (roots !== undefined && roots.length === 0) throw new NoLibraryRootsError();
    const selection = options.trackIds ? null : (options.selection ?? 'MISSING');
    const trackIds = options.trackIds ? [...new Set(options.trackIds)] : await selectTrackIds(this.#orm, selection!);
    const id = randomUUID();
    const job = new Job({
      id,
      status: 'RUNNING',
      selection,
      processed: 0,
      total: trackIds.length,
      succeeded: 0,
      failed: 0,
      skipped: 0,
      currentFile: null,
      rate: 0,
      etaSeconds: null,
      failures: [],
      error: null,
      createdAt: new Date(),
      finishedAt: null,
    });
    this.#jobs.set(id, job);
    const failures: ExtractionFailure[] = [];
    job.done = extractFingerprints(this.#orm, sharedAnalysisPool(), {
      trackIds,
      ...(options.failurePolicy ? { failurePolicy: options.failurePolicy } : {}),
      ...(roots ? { resolvePath: (path: string) => resolveLibraryPath(path, roots, ['trackIds']) } : {}),
      signal: job.controller.signal,
      onFailure: (failure) => failures.push(failure),
      onProgress: (progress) => job.update({ ...progress, failures: [...failures] }),
    }).then(
      (summary) => {
        const { outcome, elapsedSeconds: _elapsed, ...progress } = summary;
        job.update({ ...progress, failures: summary.failures, status: outcome, finishedAt: new Date() });
      },
      (error: unknown) => {
        job.update({ status: 'FAILED', error: error instanceof Error ? error.message : String(error), finishedAt: new Date() });
      },
    ).finally(() => this.#forgetOldJobs());
    return job.snapshot;
  }

  /** The job's current snapshot, or null. */
  get(id: string): JobSnapshot | null {
    return this.#jobs.get(id)?.snapshot ?? null;
  }

  /**
   * Cancels a running job: no new file starts, files in flight are stopped (their ffmpeg killed) and left
   * as they were. Resolves with the final snapshot (CANCELLED, or its end state if it had finished).
   */
  async cancel(id: string, field: readonly string[] = ['id']): Promise<JobSnapshot> {
    const job = this.#jobs.get(id);
    if (!job) throw new JobNotFoundError(id, field);
    if (!job.finished) job.controller.abort('cancelled by cancelJob');
    await job.done;
    return job.snapshot;
  }

  /** The current snapshot, then one per change, ending after the final one. JOB_NOT_FOUND for an unknown id. */
  progress(id: string, field: readonly string[] = ['id']): AsyncIterable<JobSnapshot> {
    const job = this.#jobs.get(id);
    if (!job) throw new JobNotFoundError(id, field);
    return {
      async *[Symbol.asyncIterator]() {
        let last: JobSnapshot | undefined;
        for (;;) {
          if (job.snapshot !== last) {
            last = job.snapshot;
            yield last;
            if (last.status !== 'RUNNING') return;
            continue; // it may have changed while the consumer handled this one
          }
          await job.changed();
        }
      },
    };
  }

  /** Cancels every running job and waits for them (server shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    const running = [...this.#jobs.values()].filter((job) => !job.finished);
    for (const job of running) job.controller.abort('server shutting down');
    await Promise.all(running.map((job) => job.done));
  }

  #forgetOldJobs(): void {
    const finished = [...this.#jobs.values()].filter((job) => job.finished);
    for (const job of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_JOBS))) this.#jobs.delete(job.snapshot.id);
  }
}

const managers = new WeakMap<MikroORM, JobManager>();

/**
 * The job manager of the server using this database connection (one per ORM, created on first use with
 * the server's library roots: files must resolve inside them, as for `extractFingerprint`). The source
 * outlives the request that created the manager, so it must not hold a request's EntityManager.
 */
export function jobManagerFor(orm: MikroORM, libraryRoots: LibraryRootSource): JobManager {
  let manager = managers.get(orm);
  if (!manager) {
    manager = new JobManager(orm, libraryRoots);
    managers.set(orm, manager);
  }
  return manager;
}

/** Shutdown, first step: cancels the jobs of this ORM's server and waits for them (their streams end). */
export async function cancelJobs(orm: MikroORM): Promise<void> {
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
