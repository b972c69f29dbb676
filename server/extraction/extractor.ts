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
import type { MikroORM } from '@mikro-orm/sqlite';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { FingerprintStatus } from '../db/fingerprintStatus.ts';
import { TRACK_SELECTIONS, TrackRepository, type TrackSelection } from '../db/TrackRepository.ts';
import { TrackNotFoundError } from '../db/errors.ts';
import { AuralisError, isAuralisError } from '../errors.ts';
import { DIMENSION_KEYS, type FingerprintValues } from '../fingerprint/dimensions.ts';
import type { AnalysisPool } from './analysisPool.ts';
import type { FileAnalysis } from '../fingerprint/analyse.ts';

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
 * Extracts the fingerprints of `trackIds` (or of `selection`) through `pool`, storing results in `orm`'s
 * database. Resolves with the summary (also when cancelled or aborted by the failure policy); rejects only
 * on a fatal error (bad options, the database failing), after stopping the files in flight.
 */
export async function extractFingerprints(
  orm: MikroORM,
  pool: AnalysisPool,
  options: ExtractionOptions = {},
): Promise<ExtractionSummary> {
  const { concurrency, policy } = checkOptions(options, pool.threads);
  const ids = options.trackIds ? [...new Set(options.trackIds)] : await selectTrackIds(orm, options.selection ?? 'MISSING');
  const paths = await new TrackRepository(orm.em.fork()).pathsOf(ids);
  const started = performance.now();
  const stop = new AbortController();
  let outcome: ExtractionOutcome = 'COMPLETED';
  const onCallerAbort = () => {
    if (outcome === 'COMPLETED') outcome = 'CANCELLED';
    stop.abort(options.signal?.reason ?? 'cancelled');
  };
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  let succeeded = 0;
  let failed = 0;
  let skipped = 0;
  let currentFile: string | null = null;
  const failures: ExtractionFailure[] = [];
  const progress = (): ExtractionProgress => {
    const processed = succeeded + failed + skipped;
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? processed / elapsed : 0;
    return {
      processed,
      total: ids.length,
      succeeded,
      failed,
      skipped,
      currentFile,
      rate,
      etaSeconds: rate > 0 ? (ids.length - processed) / rate : null,
    };
  };
  const emit = () => options.onProgress?.(progress());

  // One connection: writes go one after another, each its own transaction.
  let writes: Promise<unknown> = Promise.resolve();
  const serially = <T>(write: () => Promise<T>): Promise<T> => {
    const result = writes.then(write);
    writes = result.catch(() => undefined);
    return result;
  };

  let fatal: unknown;
  const processOne = async (trackId: number): Promise<void> => {
    const path = paths.get(trackId);
    if (path === undefined) {
      skipped++;
      options.onFile?.({ trackId, path: null, result: 'skipped' });
      return;
    }
    currentFile = path;
    let values: FingerprintValues;
    let facts: FileAnalysis['facts'];
    let loudnessHistogram: FileAnalysis['loudnessHistogram'];
    try {
      const file = options.resolvePath ? await options.resolvePath(path) : path;
      const analysis = await pool.analyse(file, {
        signal: stop.signal,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      const missing = DIMENSION_KEYS.filter((key) => analysis.values[key] === undefined);
      if (missing.length > 0) throw new IncompleteFingerprintError(path, missing);
      values = analysis.values as FingerprintValues;
      ({ facts, loudnessHistogram } = analysis);
    } catch (error) {
      // Cancelled (by the caller or the failure policy): nothing is known about the file; nothing is written.
      // Any error counts once the batch is stopping: Ctrl-C on a terminal also reaches the ffmpeg children
      // (same process group), whose exit then looks like a decode failure.
      if (stop.signal.aborted) return;
      const failure: ExtractionFailure = {
        trackId,
        path,
        code: isAuralisError(error) ? error.code : 'ANALYSIS_FAILED',
        message: error instanceof Error ? error.message : String(error),
      };
      const stored = await serially(async () => {
        if (stop.signal.aborted) return 'abandoned' as const; // stopped while this write waited its turn
        return (await new TrackRepository(orm.em.fork()).setStatus(trackId, FingerprintStatus.FAILED, failure.message)) > 0;
      });
      if (stored === 'abandoned') return;
      if (!stored) {
        skipped++;
        options.onFile?.({ trackId, path, result: 'skipped' });
        return;
      }
      failed++;
      failures.push(failure);
      options.onFailure?.(failure);
      options.onFile?.({ trackId, path, result: 'failed', failure });
      if (policy.mode === 'abort' && failed >= policy.maxFailures && !stop.signal.aborted) {
        outcome = 'ABORTED';
        stop.abort(`failure policy: ${failed} failures (limit ${policy.maxFailures})`);
      }
      return;
    }
    const stored = await serially(async () => {
      try {
        await new FingerprintRepository(orm.em.fork()).upsert({ trackId, values, facts, loudnessHistogram });
        return true;
      } catch (writeError) {
        if (writeError instanceof TrackNotFoundError) return false;
        throw writeError;
      }
    });
    if (stored) succeeded++;
    else skipped++;
    options.onFile?.({ trackId, path, result: stored ? 'succeeded' : 'skipped' });
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (!stop.signal.aborted && next < ids.length) {
      const trackId = ids[next++]!;
      try {
        await processOne(trackId);
      } catch (error) {
        fatal ??= error;
        stop.abort('fatal error');
        return;
      }
      emit();
    }
  };
  emit();
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(ids.length, 1)) }, lane));
    await writes;
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (fatal !== undefined) throw fatal;
  return {
    ...progress(),
    outcome,
    failures,
    elapsedSeconds: (performance.now() - started) / 1000,
  };
}
