/**
 * Library scan: walks folders for audio files and adds or updates their tracks (tags and format facts
 * through readTrackFile). A file whose size and mtime are unchanged is skipped without reading it. A changed
 * file that had a fingerprint becomes STALE (re-analysed by the extraction that follows); a changed file
 * whose last analysis failed without leaving a fingerprint goes back to MISSING.
 *
 * Symlinks are followed only when their target (realpath) stays inside the scanned folder; every path is
 * stored as its realpath, so a file reached twice is one track. Paths are handled as bytes and stored
 * byte-exact (storedPath.ts: a name that is not UTF-8 is stored as a `file://` URL). Every entry left out
 * (FIFO, socket, device, unreadable folder, broken symlink or one out of the root, a file that vanished or
 * stopped being a regular file) is in the summary's `skipped` with its reason. Files whose headers cannot
 * be read within the tag reader's budget are still added (path, size, mtime) so that the extraction records
 * why they fail.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { fileSystemPath, storedPath } from '../audio/storedPath.ts';
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
  /**
   * Problems reported: every skipped entry (each also through onWarning) plus every file added without tags
   * (its `tagError`, through onFile).
   */
  readonly warnings: number;
  /** Entries left out, with why: FIFOs, sockets, devices, unreadable folders, symlinks out of the root… */
  readonly skipped: readonly SkippedEntry[];
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

/** Why the walk or the scan left an entry out. */
export type SkipReason =
  | 'special-file'
  | 'unreadable-folder'
  | 'broken-symlink'
  | 'symlink-outside-root'
  | 'vanished'
  | 'not-a-file';

/** An entry the scan did not take, with why (also reported through `onWarning`). */
export interface SkippedEntry {
  /** Stored form of the path (storedPath.ts). */
  readonly path: string;
  readonly reason: SkipReason;
  /** One line: "`/music/x.wav`: FIFO skipped, expected a regular file". */
  readonly message: string;
}

/** The kind of a non-regular, non-folder, non-symlink entry, for messages. */
function specialKind(entry: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isBlockDevice()) return 'block device';
  if (entry.isCharacterDevice()) return 'character device';
  return 'special file';
}

/** A path's bytes as a string of one char per byte, for byte-exact `isInside` comparisons. */
function byteString(bytes: Buffer): string {
  return bytes.toString('latin1');
}

/** Bytes of a stored path. */
function storedBytes(stored: string): Buffer {
  const target = fileSystemPath(stored);
  return typeof target === 'string' ? Buffer.from(target, 'utf8') : target;
}

/**
 * The audio files under `root` (itself realpath-ed), depth first in byte order, as stored paths
 * (storedPath.ts: byte-exact, also for names that are not UTF-8). Symlinks are followed only inside the
 * root; a folder reached twice is walked once. Every entry left out (FIFO, socket, device, unreadable
 * folder, broken symlink, symlink out of the root) is reported through `onSkip` with its reason; regular
 * files without an audio extension are not audio and are passed over silently.
 */
export async function* walkAudioFiles(
  root: string,
  onSkip: (message: string, entry: SkippedEntry) => void = () => {},
): AsyncGenerator<string> {
  const realRoot = Buffer.from(await checkRoot(root), 'utf8');
  const skip = (bytes: Buffer, reason: SkipReason, detail: (shown: string) => string): void => {
    const shown = storedPath(bytes);
    const message = detail(shown);
    onSkip(message, { path: shown, reason, message });
  };
  const seenFolders = new Set<string>([byteString(realRoot)]);
  async function* walk(folder: Buffer): AsyncGenerator<string> {
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(folder, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      skip(folder, 'unreadable-folder', (shown) => `\`${shown}\`: folder skipped, could not read it (${(error as Error).message})`);
      return;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const full = Buffer.concat([folder, SEPARATOR, entry.name]);
      if (entry.isDirectory()) {
        if (!seenFolders.has(byteString(full))) {
          seenFolders.add(byteString(full));
          yield* walk(full);
        }
      } else if (entry.isFile()) {
        if (isAudioFile(byteString(entry.name))) yield storedPath(full);
      } else if (entry.isSymbolicLink()) {
        let target: Buffer;
        try {
          target = await realpath(full, { encoding: 'buffer' });
        } catch {
          skip(full, 'broken-symlink', (shown) => `\`${shown}\`: broken symlink skipped`);
          continue;
        }
        if (!isInside(byteString(target), byteString(realRoot))) {
          skip(full, 'symlink-outside-root', (shown) =>
            `\`${shown}\`: symlink skipped, it points outside \`${storedPath(realRoot)}\` (to \`${storedPath(target)}\`)`,
          );
          continue;
        }
        const info = await stat(target).catch(() => undefined);
        if (info?.isDirectory()) {
          if (!seenFolders.has(byteString(target))) {
            seenFolders.add(byteString(target));
            yield* walk(target);
          }
        } else if (info?.isFile()) {
          if (isAudioFile(byteString(target))) yield storedPath(target);
        } else if (info) {
          skip(full, 'special-file', (shown) => `\`${shown}\`: symlink to a ${specialKind(info)} skipped, expected a regular file`);
        }
      } else {
        skip(full, 'special-file', (shown) => `\`${shown}\`: ${specialKind(entry)} skipped, expected a regular file`);
      }
    }
  }
  yield* walk(realRoot);
}

const SEPARATOR = Buffer.from(path.sep);

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
  const skipped: SkippedEntry[] = [];
  const onSkip = (message: string, entry: SkippedEntry) => {
    warnings++;
    skipped.push(entry);
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
    for await (const file of walkAudioFiles(root, onSkip)) {
      if (options.signal?.aborted) break;
      if (seen.has(file)) continue;
      seen.add(file);
      const info = await stat(fileSystemPath(file)).catch(() => undefined);
      if (!info) {
        const message = `\`${file}\`: file skipped, it vanished during the scan`;
        onSkip(message, { path: file, reason: 'vanished', message });
        continue;
      }
      if (!info.isFile()) {
        const message = `\`${file}\`: skipped, it is no longer a regular file`;
        onSkip(message, { path: file, reason: 'not-a-file', message });
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
        if (error.code === 'NOT_A_FILE') {
          // Replaced by a FIFO, socket or device between the stat and the open.
          onSkip(error.message, { path: file, reason: 'not-a-file', message: error.message });
          continue;
        }
        warnings++;
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
      if (seen.has(stored)) continue;
      const bytes = byteString(storedBytes(stored));
      if (realRoots.some((root) => isInside(bytes, byteString(Buffer.from(root, 'utf8'))))) gone++;
    }
  }
  return { files: seen.size, added, updated, unchanged, stale, gone, warnings, skipped, toExtract };
}
