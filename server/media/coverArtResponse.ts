/**
 * A track's cover art as a fetch `Response`: the picture embedded in the file (music-metadata), else a folder
 * image beside it, resized with sharp and remembered in a small LRU.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { parseFile, selectCover } from 'music-metadata';
import { type LibraryRootSource, resolveLibraryPath } from '../library/pathGuard.ts';
import { InvalidMediaArgumentError, NoCoverArtError } from './errors.ts';
import { type MediaTrack, resolveTrackFile } from './mediaTrack.ts';

export const COVER_FORMATS = ['jpeg', 'png', 'webp'] as const;
export type CoverFormat = (typeof COVER_FORMATS)[number];

/** Largest edge a cover may be resized to, in pixels. */
export const MAX_COVER_SIZE_PX = 4_096;

/** Largest source image sharp decodes, in pixels (a decompression bomb in a tag stays harmless). */
const MAX_SOURCE_PIXELS = 64 * 1024 * 1024;

/** Largest folder image read, in bytes. */
const MAX_FOLDER_IMAGE_BYTES = 32 * 1024 * 1024;

/** Folder images tried beside the file, in this order (names compared case-insensitively). */
export const FOLDER_IMAGE_NAMES = ['cover', 'folder', 'front', 'album'].flatMap((stem) =>
  ['jpg', 'jpeg', 'png', 'webp'].map((extension) => `${stem}.${extension}`),
);

/** A cover ready to send, or the remembered fact that there is none (`reason`). */
type CachedCover = { readonly data: Uint8Array; readonly mimeType: string } | { readonly reason: string };

/** Covers by file (path, size, mtime), asked size and format; bounded in bytes. */
export type CoverArtCache = LRUCache<string, CachedCover>;

/**
 * A cover cache of at most `maxBytes` (default 32 MiB) of images. Entries expire after `ttlMs` (default
 * 10 min) so that a folder image added or changed later is seen (the key follows the audio file only).
 */
export function createCoverArtCache(maxBytes = 32 * 1024 * 1024, ttlMs = 10 * 60_000): CoverArtCache {
  return new LRUCache<string, CachedCover>({
    maxSize: maxBytes,
    sizeCalculation: (cover) => ('data' in cover ? Math.max(1, cover.data.byteLength) : 1),
    ttl: ttlMs,
  });
}

export interface CoverArtOptions {
  /** The library roots the file (and a folder image) must resolve inside. */
  readonly roots: LibraryRootSource;
  /** Remembered covers (see mediaResources.ts). */
  readonly cache?: CoverArtCache;
  /** Output format; default the source's when it is JPEG, PNG or WebP, else JPEG. */
  readonly format?: CoverFormat;
}

/**
 * The cover art of a track.
 *
 * Source: the front cover embedded in the file (music-metadata's `selectCover`), else the first folder image
 * beside the file (`FOLDER_IMAGE_NAMES`: cover.jpg, folder.jpg, front.jpg …, inside the library roots).
 * Without `sizePx` and `format` the source bytes are sent as they are; else sharp fits the image inside
 * `sizePx` × `sizePx` keeping its aspect (never enlarging) and encodes JPEG, PNG or WebP.
 * The answer is 200 with Content-Type, Content-Length and `Cache-Control: private, max-age=3600`; results
 * (and the absence of a picture) are cached by file, size and format.
 *
 * @param sizePx largest edge in pixels, an integer 1…MAX_COVER_SIZE_PX; absent = the source's size.
 * @throws NO_COVER_ART (no picture, or one sharp cannot decode), INVALID_ARGUMENT (size, format),
 *   PATH_OUTSIDE_LIBRARY / FILE_NOT_FOUND / NOT_A_FILE (resolveTrackFile).
 */
export async function coverArtResponse(track: MediaTrack, sizePx: number | undefined, options: CoverArtOptions): Promise<Response> {
  if (sizePx !== undefined && (!Number.isInteger(sizePx) || sizePx < 1 || sizePx > MAX_COVER_SIZE_PX)) {
    throw new InvalidMediaArgumentError('size', `an integer number of pixels 1…${MAX_COVER_SIZE_PX}`, sizePx);
  }
  if (options.format !== undefined && !(COVER_FORMATS as readonly string[]).includes(options.format)) {
    throw new InvalidMediaArgumentError('format', COVER_FORMATS.join(', '), options.format);
  }
  const resolved = await resolveTrackFile(track, options.roots);
  const info = await stat(resolved);
  const key = [resolved, info.size, info.mtimeMs, sizePx ?? '', options.format ?? ''].join('\0');
  let cover = options.cache?.get(key);
  if (cover === undefined) {
    cover = await renderCover(resolved, sizePx, options);
    options.cache?.set(key, cover);
  }
  if (!('data' in cover)) throw new NoCoverArtError(track.id, track.path, cover.reason);
  return new Response(cover.data as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': cover.mimeType,
      'content-length': String(cover.data.byteLength),
      'cache-control': 'private, max-age=3600',
    },
  });
}

/**
 * sharp (libvips, ≈ 9 MB resident) loaded at the first resize or re-encode, not when the server starts: most
 * servers never convert a cover.
 */
let sharpModule: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;

/** Finds the source picture and resizes / re-encodes it as asked. */
async function renderCover(filePath: string, sizePx: number | undefined, options: CoverArtOptions): Promise<CachedCover> {
  const source = (await embeddedPicture(filePath)) ?? (await folderImage(filePath, options.roots));
  if (source === undefined) return { reason: 'found none' };
  const sourceFormat = COVER_FORMATS.find((format) => source.mimeType === `image/${format}` || (format === 'jpeg' && source.mimeType === 'image/jpg'));
  if (sizePx === undefined && (options.format === undefined || options.format === sourceFormat) && sourceFormat !== undefined) {
    return { data: source.data, mimeType: `image/${sourceFormat}` };
  }
  const format = options.format ?? sourceFormat ?? 'jpeg';
  const sharp = await loadSharp();
  try {
    let image = sharp(source.data, { limitInputPixels: MAX_SOURCE_PIXELS }).rotate();
    if (sizePx !== undefined) image = image.resize(sizePx, sizePx, { fit: 'inside', withoutEnlargement: true });
    const data = await image.toFormat(format).toBuffer();
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mimeType: `image/${format}` };
  } catch (error) {
    return { reason: `found a picture that could not be decoded (${(error as Error).message})` };
  }
}

/** The front cover embedded in the file, or undefined (also when the tags cannot be read). */
async function embeddedPicture(filePath: string): Promise<{ data: Uint8Array; mimeType: string } | undefined> {
  try {
    const metadata = await parseFile(filePath, { skipCovers: false, duration: false });
    const picture = selectCover(metadata.common.picture);
    return picture === null ? undefined : { data: picture.data, mimeType: picture.format.toLowerCase() };
  } catch {
    return undefined;
  }
}

/** The first FOLDER_IMAGE_NAMES file beside `filePath` that resolves inside the roots, or undefined. */
async function folderImage(filePath: string, roots: LibraryRootSource): Promise<{ data: Uint8Array; mimeType: string } | undefined> {
  const folder = path.dirname(filePath);
  const entries = await readdir(folder).catch(() => [] as string[]);
  const byName = new Map(entries.map((entry) => [entry.toLowerCase(), entry]));
  for (const name of FOLDER_IMAGE_NAMES) {
    const entry = byName.get(name);
    if (entry === undefined) continue;
    try {
      const image = await resolveLibraryPath(path.join(folder, entry), roots, ['trackId']);
      if ((await stat(image)).size > MAX_FOLDER_IMAGE_BYTES) continue;
      const extension = path.extname(name).slice(1);
      return { data: await readFile(image), mimeType: `image/${extension === 'jpg' ? 'jpeg' : extension}` };
    } catch {
      // Outside the roots (symlink) or unreadable: try the next name.
    }
  }
  return undefined;
}
