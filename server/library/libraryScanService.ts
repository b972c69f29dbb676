/**
 * Scanning one library folder on request (GraphQL `scanLibraryRoot`): what `auralis scan` does for a folder,
 * limited to the library roots and to a time budget per call. The folder must be a root (stored by
 * `auralis scan` or in AURALIS_LIBRARY_ROOTS) or lie below one; the list of roots does not change.
 *
 * Budget: once `maxSeconds` have passed and at least one file was added or updated in this call, the scan
 * stops before the next file and reports `complete: false`. A second call goes on where it stopped (the
 * files already stored are unchanged, so they cost one `stat` each), so repeated calls always progress and
 * report progress. The extraction of the scanned files belongs to the caller (a job: jobManager.ts).
 */
import type { MikroORM } from '@mikro-orm/sql';
import { AuralisError } from '../errors.ts';
import { type LibraryRootSource, NoLibraryRootsError, resolveLibraryFolder, rootsOf } from './pathGuard.ts';
import { type ScanSummary, type SkippedEntry, scanLibrary } from './scanner.ts';

/** Seconds a scan call may spend reading files before it stops (`maxSeconds` default). */
export const DEFAULT_SCAN_SECONDS = 20;
/** Largest `maxSeconds`, in seconds. */
export const MAX_SCAN_SECONDS = 300;
/** Entries kept in each problem list of a report (`skipped`, `tagErrors`); `warnings` counts them all. */
export const MAX_REPORTED_PROBLEMS = 500;

/** A file added without tags: its headers could not be read (the extraction says whether it decodes). */
export interface ScanTagError {
  readonly trackId: number;
  readonly path: string;
  readonly message: string;
}

/** One scan call's outcome. */
export interface LibraryScanReport {
  /** Absolute real path of the folder scanned. */
  readonly root: string;
  /** False when the time budget stopped the scan (call again to go on); `gone` is then 0 (not known). */
  readonly complete: boolean;
  readonly files: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Changed files whose fingerprint became STALE. */
  readonly stale: number;
  /** Stored tracks below the folder whose file is no longer there (kept, not deleted). */
  readonly gone: number;
  /** Problems: skipped entries plus files added without tags (every one counted, the lists capped). */
  readonly warnings: number;
  /** The first MAX_REPORTED_PROBLEMS entries left out, with why. */
  readonly skipped: readonly SkippedEntry[];
  /** The first MAX_REPORTED_PROBLEMS files added without tags. */
  readonly tagErrors: readonly ScanTagError[];
  /** Tracks of the scanned files whose fingerprint is MISSING or STALE. */
  readonly toExtract: readonly number[];
  /** Wall time of this call, in seconds. */
  readonly elapsedSeconds: number;
}

export interface ScanRootOptions {
  /** Budget in seconds, in (0, MAX_SCAN_SECONDS]; default DEFAULT_SCAN_SECONDS. */
  readonly maxSeconds?: number | null;
  /** Aborts the scan (the client went away); the report then says `complete: false`. */
  readonly signal?: AbortSignal | undefined;
}

export class LibraryScanService {
  readonly #orm: MikroORM;
  readonly #roots: LibraryRootSource;

  /** @param roots the library roots (stored ∪ configured), read at each call. */
  constructor(orm: MikroORM, roots: LibraryRootSource) {
    this.#orm = orm;
    this.#roots = roots;
  }

  /**
   * Scans `folder` (a library root or a folder below one) into the database.
   * @throws NoLibraryRootsError with no root; PathOutsideLibraryError outside them; LibraryFolderMissingError
   *   (FOLDER_NOT_FOUND, NOT_A_DIRECTORY); INVALID_ARGUMENT for a bad `maxSeconds` — all before any write.
   */
  async scanRoot(folder: string, options: ScanRootOptions = {}): Promise<LibraryScanReport> {
    const maxSeconds = options.maxSeconds ?? DEFAULT_SCAN_SECONDS;
    if (!Number.isFinite(maxSeconds) || maxSeconds <= 0 || maxSeconds > MAX_SCAN_SECONDS) {
      throw new AuralisError('INVALID_ARGUMENT', `\`maxSeconds\`: expected a number of seconds in (0, ${MAX_SCAN_SECONDS}], received ${maxSeconds}`, {
        field: ['maxSeconds'],
      });
    }
    const roots = await rootsOf(this.#roots);
    if (roots.length === 0) throw new NoLibraryRootsError(['path']);
    const root = await resolveLibraryFolder(folder, roots, ['path']);
    const started = performance.now();
    const deadline = started + maxSeconds * 1000;
    const budget = new AbortController();
    const signal = options.signal ? AbortSignal.any([budget.signal, options.signal]) : budget.signal;
    const tagErrors: ScanTagError[] = [];
    let changed = 0;
    const summary: ScanSummary = await scanLibrary(this.#orm, [root], {
      signal,
      onFile: (file) => {
        if (file.tagError !== undefined && tagErrors.length < MAX_REPORTED_PROBLEMS) {
          tagErrors.push({ trackId: file.trackId, path: file.path, message: file.tagError });
        }
        if (file.action !== 'unchanged') changed++;
        if (changed > 0 && performance.now() >= deadline) budget.abort();
      },
    });
    return {
      root,
      complete: !signal.aborted,
      files: summary.files,
      added: summary.added,
      updated: summary.updated,
      unchanged: summary.unchanged,
      stale: summary.stale,
      gone: summary.gone,
      warnings: summary.warnings,
      skipped: summary.skipped.slice(0, MAX_REPORTED_PROBLEMS),
      tagErrors,
      toExtract: summary.toExtract,
      elapsedSeconds: (performance.now() - started) / 1000,
    };
  }
}
