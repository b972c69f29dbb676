/**
 * What a file really is (its container and codec, read from its content by music-metadata), the
 * Content-Type that says so, and whether a browser's `<audio>` element can play it as it is.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { readAudioHeaders } from '../library/readTrackFile.ts';

/** Container and codec as music-metadata names them (`MPEG` / `MPEG 1 Layer 3`, `Ogg` / `Opus`, `M4A/isom/iso2` / `ALAC` …). */
export interface MediaFormat {
  /** music-metadata's `format.container`, or null when the content was not recognised. */
  readonly container: string | null;
  /** music-metadata's `format.codec`, or null when unknown. */
  readonly codec: string | null;
  /** The Content-Type of the file (`audio/ogg; codecs=opus`, `application/octet-stream` when unknown). */
  readonly mimeType: string;
  /** Whether current browsers play it natively (`browserPlayable`). */
  readonly browserPlayable: boolean;
}

/** Remembered formats, keyed by path, size and modification time (so a changed file is read again). */
export type MediaFormatCache = LRUCache<string, MediaFormat>;

/** A cache of `size` formats (default 1 000 files). */
export function createMediaFormatCache(size = 1_000): MediaFormatCache {
  return new LRUCache<string, MediaFormat>({ max: size });
}

/** Content-Types by extension, for files music-metadata does not recognise (`.ac3`, `.caf` …). */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg; codecs=opus',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.webm': 'audio/webm',
  '.mka': 'audio/x-matroska',
  '.aif': 'audio/aiff',
  '.aiff': 'audio/aiff',
  '.wma': 'audio/x-ms-wma',
  '.wv': 'audio/wavpack',
  '.ape': 'audio/ape',
  '.dsf': 'audio/dsf',
  '.dff': 'audio/x-dff',
  '.mpc': 'audio/x-musepack',
  '.ac3': 'audio/ac3',
  '.caf': 'audio/x-caf',
};

/** Lower-cased container family: the part of music-metadata's container name before the first `/`. */
function family(container: string | null): string {
  return (container ?? '').split('/')[0].trim().toLowerCase();
}

/** MPEG audio layer III, in any of music-metadata's spellings (`MPEG 1 Layer 3`, `MPEG 2.5 Layer 3`). */
function isMp3(codec: string): boolean {
  return /layer 3\b|^mp3$/.test(codec);
}

/**
 * Whether current browsers (Chromium, Firefox, Safari) play a file natively in `<audio>`:
 * MP3, FLAC, Ogg (Vorbis, Opus, FLAC), WAV with PCM, MP4/M4A and ADTS with AAC, WebM (Opus, Vorbis).
 * Everything else is transcoded: WMA (ASF), Monkey's Audio, WavPack, AIFF, DSD (DSF/DFF), Musepack,
 * Matroska (any codec: support differs between browsers), ALAC in M4A, MP2, ADPCM in WAV, unknown content.
 * @param container music-metadata's `format.container` (`MPEG`, `Ogg`, `M4A/isom/iso2`, `EBML/webm` …)
 * @param codec music-metadata's `format.codec` (`MPEG 1 Layer 3`, `Opus`, `AAC`, `PCM` …)
 */
export function browserPlayable(container: string | null, codec: string | null): boolean {
  const kind = family(container);
  const name = (codec ?? '').trim().toLowerCase();
  switch (kind) {
    case 'mpeg':
      return isMp3(name);
    case 'flac':
      return true;
    case 'ogg':
      return /^(opus|vorbis|flac)/.test(name);
    case 'wave':
      return name === 'pcm' || name.startsWith('pcm') || name.includes('ieee float');
    case 'm4a':
    case 'mp4':
    case 'adts':
      return name.includes('aac');
    case 'ebml':
      return (container ?? '').toLowerCase().endsWith('/webm') && /^(opus|vorbis)/.test(name);
    default:
      return false;
  }
}

/** The Content-Type of a file from its container and codec; the extension of `filePath` when the container is unknown. */
export function mimeTypeOf(container: string | null, codec: string | null, filePath: string): string {
  const name = (codec ?? '').toLowerCase();
  switch (family(container)) {
    case 'mpeg':
      return 'audio/mpeg';
    case 'flac':
      return 'audio/flac';
    case 'ogg':
      for (const inner of ['opus', 'vorbis', 'flac']) if (name.startsWith(inner)) return `audio/ogg; codecs=${inner}`;
      return 'audio/ogg';
    case 'wave':
      return 'audio/wav';
    case 'aiff':
      return 'audio/aiff';
    case 'm4a':
    case 'mp4':
      return 'audio/mp4';
    case 'adts':
      return 'audio/aac';
    case 'ebml':
      return (container ?? '').toLowerCase().endsWith('/webm') ? 'audio/webm' : 'audio/x-matroska';
    case 'asf':
      return 'audio/x-ms-wma';
    case 'wavpack':
      return 'audio/wavpack';
    case "monkey's audio":
      return 'audio/ape';
    case 'dsf':
      return 'audio/dsf';
    case 'dsdiff':
      return 'audio/x-dff';
    case 'musepack, sv7':
    case 'musepack, sv8':
    case 'musepack':
      return 'audio/x-musepack';
  }
  return MIME_BY_EXTENSION[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Reads the container and codec of a file by its content, not its name (server/library/readTrackFile.ts:
 * headers only, within its byte and time budgets) and derives its
 * Content-Type and playability. Content that music-metadata does not recognise gives `container: null` and
 * the extension's Content-Type; such a file is not browser-playable (it is transcoded).
 * @param filePath a path already checked against the library roots.
 * @param cache remembered results (keyed by path, size and mtime).
 */
export async function probeMediaFormat(filePath: string, cache?: MediaFormatCache): Promise<MediaFormat> {
  const info = await stat(filePath);
  const key = `${filePath}\0${info.size}\0${info.mtimeMs}`;
  const known = cache?.get(key);
  if (known !== undefined) return known;
  let container: string | null = null;
  let codec: string | null = null;
  try {
    const { metadata } = await readAudioHeaders(filePath);
    container = metadata.format.container ?? null;
    codec = metadata.format.codec ?? null;
  } catch {
    // Not recognised (e.g. AC-3, CAF): the extension decides the Content-Type, and it is transcoded.
  }
  const format: MediaFormat = {
    container,
    codec,
    mimeType: mimeTypeOf(container, codec, filePath),
    browserPlayable: browserPlayable(container, codec),
  };
  cache?.set(key, format);
  return format;
}
