/**
 * Tags and format facts of one file, read by music-metadata from the file's content (headers only, no
 * decoding; covers skipped), within a time and a byte budget.
 *
 * - Content, not name: the parser is chosen from the file's first bytes (file-type), so an Ogg file named
 *   `.mp3` is read as Ogg. The extension is only a fallback when the content is not recognised.
 * - Safe to open: the file is opened with `O_NONBLOCK` and fstat-ed, so a FIFO or device (perhaps swapped in
 *   after the walk) is refused with `NOT_A_FILE` instead of blocking the scan forever.
 * - Bounded: at most `TAG_READ_MAX_BYTES` are read and `TAG_READ_TIMEOUT_MS` spent (a 5 GB sparse file
 *   would otherwise be read to its end); past either the file is `UNREADABLE_FILE`.
 */
import { type Stats, constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { CouldNotDetermineFileTypeError, type IAudioMetadata, parseFromTokenizer } from 'music-metadata';
import { FileTokenizer, type IReadChunkOptions } from 'strtok3';
import { fileSystemPath } from '../audio/storedPath.ts';
import type { TrackFormat, TrackTags } from '../db/trackFacts.ts';
import { AuralisError } from '../errors.ts';

/** Most bytes the tag reader may read from one file (headers, tags without covers). */
export const TAG_READ_MAX_BYTES = 16 * 1024 * 1024;
/** Most time the tag reader may spend on one file, in ms. */
export const TAG_READ_TIMEOUT_MS = 10_000;

/** What `addTrack` stores about a file before any analysis: its tags and format facts. */
export interface TrackFileFacts extends TrackTags, TrackFormat {
  /** Bytes. */
  readonly fileSize: number;
  /** Modification time in ms since the Unix epoch. */
  readonly fileMtime: number;
}

/** A random-access tokenizer over an open file that refuses to read more than `maxBytes` in total. */
class BoundedFileTokenizer extends FileTokenizer {
  #budget: number;
  constructor(handle: FileHandle, size: number, maxBytes: number, signal: AbortSignal, hintPath?: string) {
    super(handle, { fileInfo: { size, ...(hintPath === undefined ? {} : { path: hintPath }) }, abortSignal: signal });
    this.#budget = maxBytes;
  }
  #charge(uint8Array: Uint8Array, options?: IReadChunkOptions): void {
    this.#budget -= options?.length ?? uint8Array.length;
    if (this.#budget < 0) throw new Error(`read more than ${TAG_READ_MAX_BYTES} bytes of headers`);
  }
  override readBuffer(uint8Array: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    this.#charge(uint8Array, options);
    return super.readBuffer(uint8Array, options);
  }
  override peekBuffer(uint8Array: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    this.#charge(uint8Array, options);
    return super.peekBuffer(uint8Array, options);
  }
}

/**
 * Reads tags and format facts of `path` (a stored path: storedPath.ts). A file music-metadata cannot parse
 * within the budget, or whose headers describe no audio stream, gives UNREADABLE_FILE; a FIFO, socket,
 * device or folder gives NOT_A_FILE.
 */
export async function readTrackFile(path: string, field: readonly string[] = ['path']): Promise<TrackFileFacts> {
  const { metadata, info } = await readAudioHeaders(path, field);
  const { common, format } = metadata;
  if (format.sampleRate === undefined && format.duration === undefined && format.codec === undefined) {
    throw new AuralisError(
      'UNREADABLE_FILE',
      `\`${path}\`: expected an audio file, found no audio stream (no codec, sample rate or duration in its headers)`,
      { field },
    );
  }
  return {
    title: common.title ?? null,
    artist: common.artist ?? null,
    album: common.album ?? null,
    albumArtist: common.albumartist ?? null,
    trackNumber: common.track.no ?? null,
    discNumber: common.disk.no ?? null,
    year: common.year ?? null,
    genre: common.genre?.[0] ?? null,
    durationSeconds: finiteOrNull(format.duration),
    sampleRate: finiteOrNull(format.sampleRate),
    channels: finiteOrNull(format.numberOfChannels),
    codec: format.codec?.toLowerCase() ?? format.container?.toLowerCase() ?? null,
    bitrate: format.bitrate === undefined ? null : Math.round(format.bitrate),
    fileSize: info.size,
    fileMtime: info.mtimeMs,
  };
}

/**
 * music-metadata's reading of `path` (a stored path) by content, within the budgets (covers skipped, no
 * duration scan), and the file's stat. The errors of `readTrackFile` except "no audio stream".
 */
export async function readAudioHeaders(path: string, field: readonly string[] = ['path']): Promise<{ metadata: IAudioMetadata; info: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(fileSystemPath(path), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENXIO') {
      throw new AuralisError('NOT_A_FILE', `\`${path}\`: expected an audio file, received a socket or FIFO`, { field, cause: error });
    }
    throw new AuralisError('UNREADABLE_FILE', `\`${path}\`: expected a readable audio file, could not open it (${(error as Error).message})`, {
      field,
      cause: error,
    });
  }
  let metadata: IAudioMetadata;
  let info;
  try {
    info = await handle.stat();
    if (!info.isFile()) {
      const kind = info.isDirectory() ? 'a directory' : 'a special file (device, socket or FIFO)';
      throw new AuralisError('NOT_A_FILE', `\`${path}\`: expected an audio file, received ${kind}`, { field });
    }
    metadata = await parseBounded(handle, info.size, path);
  } catch (error) {
    if (error instanceof AuralisError) throw error;
    throw new AuralisError(
      'UNREADABLE_FILE',
      `\`${path}\`: expected an audio file with readable headers, could not read it (${(error as Error).message})`,
      { field, cause: error },
    );
  } finally {
    await handle.close();
  }
  return { metadata, info };
}

/**
 * Parses the open file by content within the time and byte budgets; when the content is not recognised,
 * once more with the name's extension as the hint (for streams without a magic number).
 */
async function parseBounded(handle: FileHandle, size: number, path: string): Promise<IAudioMetadata> {
  const signal = AbortSignal.timeout(TAG_READ_TIMEOUT_MS);
  const options = { skipCovers: true, duration: false };
  const attempt = (hintPath?: string) =>
    withDeadline(parseFromTokenizer(new BoundedFileTokenizer(handle, size, TAG_READ_MAX_BYTES, signal, hintPath), options), signal);
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof CouldNotDetermineFileTypeError)) throw error;
    return attempt(path);
  }
}

/** `work`, or a rejection when `signal` (a timeout) fires first. */
function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`headers not read within ${TAG_READ_TIMEOUT_MS} ms`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
