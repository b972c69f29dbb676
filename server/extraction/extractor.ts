/**
 * Batch extraction: runs tracks through the analysis pool with bounded concurrency and stores each result
 * in its own transaction. Success: fingerprint upsert + status CURRENT (FingerprintRepository.upsert, one
 * transaction). Failure (a named error): status FAILED + lastError only; no fingerprint row is written, and
 * a previous one is left as it was. A row is never half-written.
 *
 * Failure policy: `continue` (default) analyses every file whatever fails; `abort` stops the batch after
 * `maxFailures` failures (the files in flight are cancelled, their ffmpeg killed). Cancellation (the
 * caller's AbortSignal) stops the same way: no new file starts, the files in flight are abandoned and
 * nothing is written for them (their status stays as it was).
 *
 * Progress events {processed, total, succeeded, failed, skipped, currentFile, rate (files/s), etaSeconds}
 * are emitted once at the start and after every file.
 */
import type { MikroORM } from '@mikro-orm/sql';
import { randomUUID } from 'node:crypto';
import { type JobCounters, JobRepository } from '../db/JobRepository.ts';
import { TRACK_SELECTIONS, TrackRepository, type TrackSelection } from '../db/TrackRepository.ts';
import { AuralisError } from '../errors.ts';
import type { AnalysisPool } from './analysisPool.ts';
import { ExtractionWorker } from './extractionWorker.ts';

/** Which tracks to extract when no ids are given. */
export const EXTRACTION_SELECTIONS = TRACK_SELECTIONS;
export type ExtractionSelection = TrackSelection;

/** `continue`: analyse every file; `abort`: stop after `maxFailures` failures (≥ 1). */
export type FailurePolicy = { readonly mode: 'continue' } | { readonly mode: 'abort'; readonly maxFailures: number };

export interface ExtractionProgress {
  /** Files finished (succeeded + failed + skipped). */
  readonly processed: number;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Tracks that vanished from the database before their result could be stored. */
  readonly skipped: number;
  /** Path of the file most recently started, null before the first. */
  readonly currentFile: string | null;
  /** Files per second since the start. */
  readonly rate: number;
  /** Seconds left at the current rate; null until the rate is known. */
  readonly etaSeconds: number | null;
}

export interface ExtractionFailure {
  readonly trackId: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** One finished file. */
export interface ExtractionFileResult {
  readonly trackId: number;
  readonly path: string | null;
  readonly result: 'succeeded' | 'failed' | 'skipped';
  readonly failure?: ExtractionFailure;
}

/** COMPLETED: every file was tried; CANCELLED: the caller's signal; ABORTED: the failure policy. */
export type ExtractionOutcome = 'COMPLETED' | 'CANCELLED' | 'ABORTED';

export interface ExtractionSummary extends ExtractionProgress {
  readonly outcome: ExtractionOutcome;
  readonly failures: readonly ExtractionFailure[];
  readonly elapsedSeconds: number;
}

export interface ExtractionOptions {
  /** Tracks to extract (in this order); when absent, `selection` decides. */
  readonly trackIds?: readonly number[];
  /** Default MISSING. */
  readonly selection?: ExtractionSelection;
  readonly failurePolicy?: FailurePolicy;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExtractionProgress) => void;
  /** Called for every failed file (the CLI prints them). */
  readonly onFailure?: (failure: ExtractionFailure) => void;
  /** Called for every finished file (before the progress event that counts it). */
  readonly onFile?: (result: ExtractionFileResult) => void;
  /** Files in flight; default the pool's thread count. */
  readonly concurrency?: number;
  /** Per-file decode limit in ms; default the pool's. */
  readonly timeoutMs?: number;
  /**
   * Checks a stored path before it is analysed and returns the path to open (the server passes its
   * library-root guard); a named error it throws marks the track FAILED like an analysis error.
   */
  readonly resolvePath?: (path: string) => Promise<string>;
  /**
   * Count a track that is CURRENT already when its turn comes as succeeded without analysing it (another
   * process did it meanwhile). Default: true for the MISSING and STALE selections; `auralis scan` sets it.
   */
  readonly skipCurrent?: boolean;
}

/** Bad arguments to the extractor (code `INVALID_EXTRACTION`). */
export class InvalidExtractionError extends AuralisError {
  constructor(message: string, field?: readonly string[]) {
    super('INVALID_EXTRACTION', message, field ? { field } : {});
  }
}

/** The analysis did not deliver all 25 dimensions (code `INCOMPLETE_FINGERPRINT`); nothing partial is stored. */
export class IncompleteFingerprintError extends AuralisError {
  constructor(path: string, missing: readonly string[]) {
    super(
      'INCOMPLETE_FINGERPRINT',
      `\`${path}\`: expected all 25 dimensions from the analysis, missing ${missing.length}: ${missing.join(', ')}`,
    );
  }
}

/**
 * Ids of the tracks a selection names, ascending (TrackRepository.selectIds holds the one definition of each:
 * MISSING = no fingerprint row; STALE = the file changed since its analysis or a fingerprint of an older
 * FINGERPRINT_VERSION; ALL = every track).
 */
export async function selectTrackIds(orm: MikroORM, selection: ExtractionSelection): Promise<number[]> {
  if (!(EXTRACTION_SELECTIONS as readonly string[]).includes(selection)) {
    throw new InvalidExtractionError(
      `selection: expected one of ${EXTRACTION_SELECTIONS.join(', ')}, received ${String(selection)}`,
      ['selection'],
    );
  }
  return new TrackRepository(orm.em.fork()).selectIds(selection);
}

function checkOptions(options: ExtractionOptions, poolThreads: number): { concurrency: number; policy: FailurePolicy } {
  const concurrency = options.concurrency ?? poolThreads;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidExtractionError(`concurrency: expected a positive integer, received ${String(options.concurrency)}`, [
      'concurrency',
    ]);
  }
  const policy = options.failurePolicy ?? { mode: 'continue' };
  if (policy.mode === 'abort' && !(Number.isInteger(policy.maxFailures) && policy.maxFailures >= 1)) {
    throw new InvalidExtractionError(
      `failurePolicy.maxFailures: expected a positive integer, received ${String(policy.maxFailures)}`,
      ['failurePolicy', 'maxFailures'],
    );
  }
  if (policy.mode !== 'continue' && policy.mode !== 'abort') {
    throw new InvalidExtractionError(
      `failurePolicy.mode: expected continue or abort, received ${String((policy as { mode: unknown }).mode)}`,
      ['failurePolicy', 'mode'],
    );
  }
  if (options.trackIds !== undefined) {
    options.trackIds.forEach((id, index) => {
      if (!Number.isSafeInteger(id) || id < 1) {
        throw new InvalidExtractionError(`trackIds[${index}]: expected a positive integer, received ${String(id)}`, [
          'trackIds',
          String(index),
        ]);
      }
    });
  }
  return { concurrency, policy };
}

/**
 * Extracts the fingerprints of `trackIds` (or of `selection`) as a job stored in the database: creates the
 * job and its items, then runs a claim loop (ExtractionWorker) over that job's items until the job ends.
 * Other processes on the same database (`auralis worker`, the server, another `scan`) may take items of it,
 * and no file is analysed twice: an item another job already holds waits, and its result is shared.
 * Resolves with the summary (also when cancelled or aborted by the failure policy); rejects only on a
 * fatal error (bad options, the database failing), after stopping the files in flight.
 */
export async function extractFingerprints(
  orm: MikroORM,
  pool: AnalysisPool,
  options: ExtractionOptions = {},
): Promise<ExtractionSummary> {
  const { concurrency, policy } = checkOptions(options, pool.threads);
  const selection = options.trackIds ? null : (options.selection ?? 'MISSING');
  const ids = options.trackIds ? [...new Set(options.trackIds)] : await selectTrackIds(orm, selection!);
  const paths = await new TrackRepository(orm.em.fork()).pathsOf(ids);
  const jobId = randomUUID();
  const repository = () => new JobRepository(orm.em.fork());
  await repository().create({
    id: jobId,
    selection,
    failurePolicy: policy,
    skipCurrent: options.skipCurrent ?? (selection === 'MISSING' || selection === 'STALE'),
    trackIds: ids.filter((id) => paths.has(id)),
    total: ids.length,
  });
  return runExtractionJob(orm, pool, jobId, { ...options, concurrency });
}

/**
 * Runs a claim loop over the items of job `jobId` until the job is no longer RUNNING and returns its
 * summary. The caller's signal cancels the job (CANCELLED in the database: every worker stops its items).
 */
export async function runExtractionJob(
  orm: MikroORM,
  pool: AnalysisPool,
  jobId: string,
  options: Omit<ExtractionOptions, 'trackIds' | 'selection' | 'failurePolicy' | 'skipCurrent'> & { leaseMs?: number } = {},
): Promise<ExtractionSummary> {
  const repository = () => new JobRepository(orm.em.fork());
  const started = performance.now();
  let currentFile: string | null = null;
  const progressOf = (job: JobCounters): ExtractionProgress => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? job.processed / elapsed : 0;
    return {
      processed: job.processed,
      total: job.total,
      succeeded: job.succeeded,
      failed: job.failed,
      skipped: job.skipped,
      currentFile,
      rate,
      etaSeconds: rate > 0 ? (job.total - job.processed) / rate : null,
    };
  };
  let fatal: unknown;
  let worker!: ExtractionWorker;
  worker = new ExtractionWorker({
    orm,
    pool,
    jobId,
    ...(options.concurrency === undefined ? {} : { slots: options.concurrency }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.resolvePath ? { resolvePath: options.resolvePath } : {}),
    onClaim: (item) => {
      currentFile = item.path;
    },
    onFile: (file) => {
      if (file.result === 'dropped') return;
      if (file.failure) options.onFailure?.(file.failure);
      options.onFile?.({ trackId: file.trackId, path: file.path, result: file.result, ...(file.failure ? { failure: file.failure } : {}) });
      // The counters this file's own transaction left: one event per file, in order, whatever else completes.
      if (file.counters) options.onProgress?.(progressOf(file.counters));
    },
    onError: (error) => {
      fatal ??= error;
      void worker.stop();
    },
  });
  const onCallerAbort = () => {
    void repository()
      .cancel(jobId)
      .then(() => worker.abandonJob(jobId))
      .catch((error: unknown) => (fatal ??= error));
  };
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    const first = await repository().get(jobId);
    if (first) options.onProgress?.(progressOf(first));
    await worker.run('job');
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (fatal !== undefined) {
    await repository().fail(jobId, fatal instanceof Error ? fatal.message : String(fatal)).catch(() => {});
    throw fatal;
  }
  // A cancel that raced the end of the loop: wait for it to be stored.
  let job = (await repository().get(jobId))!;
  if (job.status === 'RUNNING' && options.signal?.aborted) {
    await repository().cancel(jobId);
    job = (await repository().get(jobId))!;
  }
  const failures = await repository().failures(jobId);
  const outcome: ExtractionOutcome = job.status === 'ABORTED' ? 'ABORTED' : job.status === 'CANCELLED' ? 'CANCELLED' : 'COMPLETED';
  const summary = { ...progressOf(job), outcome, failures, elapsedSeconds: (performance.now() - started) / 1000 };
  return summary;
}
