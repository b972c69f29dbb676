/**
 * Library scan: walks folders for audio files and adds or updates their tracks (tags and format facts
 * through readTrackFile). A file whose size and mtime are unchanged is skipped without reading it. A changed
 * file that had a fingerprint becomes STALE (re-analysed by the extraction that follows); a changed file
 * whose last analysis failed without leaving a fingerprint goes back to MISSING.
 *
 * Symlinks are followed only when their target (realpath) stays inside the scanned folder; every path is
 * stored as its realpath, so a file reached twice is one track. Folders that cannot be read are reported and
 * skipped. Files whose headers cannot be read are still added (path, size, mtime) so that the extraction
 * records why they fail.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sqlite';
import { FingerprintStatus } from '../db/fingerprintStatus.ts';
import { TrackRepository, type TrackScanState } from '../db/TrackRepository.ts';
import { AuralisError, isAuralisError } from '../errors.ts';
import { isInside } from './pathGuard.ts';
import { readTrackFile } from './readTrackFile.ts';

/** File extensions (lower case) taken as audio: what ffmpeg decodes and music libraries hold. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp3', '.mp2', '.flac', '.wav', '.wave', '.aif', '.aiff', '.aifc', '.ogg', '.oga', '.opus', '.m4a', '.m4b',
  '.mp4', '.aac', '.alac', '.wma', '.wv', '.ape', '.mka', '.mpc', '.tta', '.dsf', '.caf', '.webm',
]);

/** Whether `file` has an audio extension (case-insensitive). */
export function isAudioFile(file: string): boolean {
  return AUDIO_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** A folder to scan that does not exist or is not a folder (code `SCAN_ROOT_NOT_FOUND` / `NOT_A_DIRECTORY`). */
export class ScanRootError extends AuralisError {
  constructor(code: 'SCAN_ROOT_NOT_FOUND' | 'NOT_A_DIRECTORY', root: string, detail: string) {
    super(code, `\`${root}\`: expected a folder to scan, ${detail}`);
  }
}

/** What happened to one file. `unchanged`: same size and mtime as stored, not read. */
export type ScanAction = 'added' | 'updated' | 'unchanged';

export interface ScannedFile {
  readonly trackId: number;
  readonly path: string;
  readonly action: ScanAction;
  /** The header problem when tags could not be read (the track is stored without tags). */
  readonly tagError?: string;
}

export interface ScanSummary {
  /** Audio files found (each realpath once). */
  readonly files: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Changed files whose fingerprint was marked STALE. */
  readonly stale: number;
  /** Folders or files that could not be read (reported through onWarning). */
  readonly warnings: number;
  /** Stored tracks inside the scanned folders whose file is no longer there (reported, not deleted). */
  readonly gone: number;
  /** Tracks of the scanned files whose fingerprint is MISSING or STALE: what extraction should run on. */
  readonly toExtract: readonly number[];
}

export interface ScanOptions {
  readonly onFile?: (file: ScannedFile) => void;
  readonly onWarning?: (message: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * The audio files under `root` (itself realpath-ed), depth first in name order, as realpaths. Symlinks
 * are followed only inside the root; a folder reached twice is walked once.
 */
export async function* walkAudioFiles(root: string, onWarning: (message: string) => void = () => {}): AsyncGenerator<string> {
  const realRoot = await checkRoot(root);
  const seenFolders = new Set<string>([realRoot]);
  async function* walk(folder: string): AsyncGenerator<string> {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      onWarning(`\`${folder}\`: folder skipped, could not read it (${(error as Error).message})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!seenFolders.has(full)) {
          seenFolders.add(full);
          yield* walk(full);
        }
      } else if (entry.isFile()) {
        if (isAudioFile(entry.name)) yield full;
      } else if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(full);
        } catch {
          onWarning(`\`${full}\`: broken symlink skipped`);
          continue;
        }
        if (!isInside(target, realRoot)) {
          onWarning(`\`${full}\`: symlink skipped, it points outside \`${realRoot}\` (to \`${target}\`)`);
          continue;
        }
        const info = await stat(target).catch(() => undefined);
        if (info?.isDirectory()) {
          if (!seenFolders.has(target)) {
            seenFolders.add(target);
            yield* walk(target);
          }
        } else if (info?.isFile() && isAudioFile(target)) {
          yield target;
        }
      }
    }
  }
  yield* walk(realRoot);
}

async function checkRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path.resolve(root));
  } catch (error) {
    throw new ScanRootError('SCAN_ROOT_NOT_FOUND', root, `it does not exist (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!(await stat(real)).isDirectory()) throw new ScanRootError('NOT_A_DIRECTORY', root, 'received a file');
  return real;
}

/** Every stored track by path (one query), with what a scan compares. */
async function knownTracks(orm: MikroORM): Promise<Map<string, TrackScanState>> {
  return new Map((await new TrackRepository(orm.em.fork()).scanStates()).map((state) => [state.path, state]));
}

/**
 * Scans `roots` into the database. Every root is checked first (a missing one is fatal: ScanRootError,
 * nothing written). Each changed file is written in its own transaction.
 */
export async function scanLibrary(orm: MikroORM, roots: readonly string[], options: ScanOptions = {}): Promise<ScanSummary> {
  if (roots.length === 0) throw new ScanRootError('SCAN_ROOT_NOT_FOUND', '', 'received no folder');
  const realRoots: string[] = [];
  for (const root of roots) realRoots.push(await checkRoot(root));
  const onWarning = (message: string) => {
    warnings++;
    options.onWarning?.(message);
  };
  const known = await knownTracks(orm);
  const seen = new Set<string>();
  const toExtract: number[] = [];
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  let stale = 0;
  let warnings = 0;
  for (const root of roots) {
    for await (const file of walkAudioFiles(root, onWarning)) {
      if (options.signal?.aborted) break;
      if (seen.has(file)) continue;
      seen.add(file);
      const info = await stat(file).catch(() => undefined);
      if (!info) {
        onWarning(`\`${file}\`: file skipped, it vanished during the scan`);
        continue;
      }
      const before = known.get(file);
      if (before && before.fileSize === info.size && before.fileMtime === info.mtimeMs) {
        unchanged++;
        if (before.status === FingerprintStatus.MISSING || before.status === FingerprintStatus.STALE) toExtract.push(before.id);
        options.onFile?.({ trackId: before.id, path: file, action: 'unchanged' });
        continue;
      }
      let tagError: string | undefined;
      let facts: Record<string, unknown>;
      try {
        facts = { ...(await readTrackFile(file)) };
      } catch (error) {
        if (!isAuralisError(error)) throw error;
        tagError = error.message;
        facts = { fileSize: info.size, fileMtime: info.mtimeMs };
      }
      const trackId = await orm.em.fork().transactional(async (em) => {
        const tracks = new TrackRepository(em);
        const { track } = await tracks.upsertByPath({ path: file, ...facts });
        // A changed file that had a fingerprint is STALE (TrackRepository.isStale).
        if (before?.hasFingerprint) await tracks.setStatus(track.id, FingerprintStatus.STALE);
        else if (before?.status === FingerprintStatus.FAILED) await tracks.setStatus(track.id, FingerprintStatus.MISSING);
        return track.id;
      });
      if (before) {
        updated++;
        if (before.hasFingerprint) stale++;
      } else {
        added++;
      }
      toExtract.push(trackId);
      options.onFile?.({ trackId, path: file, action: before ? 'updated' : 'added', ...(tagError ? { tagError } : {}) });
    }
  }
  // Tracks under a scanned folder that the walk did not meet: their file was moved or deleted.
  let gone = 0;
  if (!options.signal?.aborted) {
    for (const stored of known.keys()) {
      if (!seen.has(stored) && realRoots.some((root) => isInside(stored, root))) gone++;
    }
  }
  return { files: seen.size, added, updated, unchanged, stale, gone, warnings, toExtract };
}
