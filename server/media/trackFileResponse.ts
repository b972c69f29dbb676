/**
 * The original file of a track as a fetch `Response`, with HTTP Range (RFC 9110 §14), validators and HEAD.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { parse as parseRange } from 'range-parser';
import type { LibraryRootSource } from '../library/pathGuard.ts';
import { type MediaFormatCache, probeMediaFormat } from './mediaFormat.ts';
import { type MediaTrack, resolveTrackFile } from './mediaTrack.ts';

export interface TrackFileOptions {
  /** The library roots the file must resolve inside. */
  readonly roots: LibraryRootSource;
  /** Remembered container probes (see mediaResources.ts). */
  readonly formats?: MediaFormatCache;
}

/** Bytes read from the file per chunk of the body. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Serves a track's original file.
 *
 * - No `Range` (or a malformed one, or one of another unit, or several ranges): 200 with the whole file.
 * - One byte range, `bytes=a-b`, `bytes=a-` or `bytes=-n`: 206 with `Content-Range: bytes a-b/size`.
 * - A range starting at or past the end: 416 with `Content-Range: bytes * /size` (no space) and no body.
 * - `If-Range` (an ETag, compared strongly, or an HTTP date equal to Last-Modified): the range is honoured
 *   only when the file is unchanged, else 200 with the whole file.
 * - `If-None-Match` equal to the ETag: 304.
 * - HEAD: the same status and headers, no body, the file is not read.
 *
 * Headers: `Accept-Ranges: bytes`, `Content-Type` from the real container (mediaFormat.ts), `Content-Length`,
 * a strong `ETag` (size and mtime), `Last-Modified`, `Cache-Control: private, no-cache`.
 * The file is opened once (O_NOFOLLOW, after the root check) and read from that descriptor; the body closes
 * it at its end, when the body is cancelled, and when `request.signal` aborts (the client went away).
 *
 * @throws PATH_OUTSIDE_LIBRARY when the file resolves outside the roots now (symlink), FILE_NOT_FOUND,
 *   NOT_A_FILE (resolveTrackFile).
 */
export async function trackFileResponse(request: Request, track: MediaTrack, options: TrackFileOptions): Promise<Response> {
  const resolved = await resolveTrackFile(track, options.roots);
  const format = await probeMediaFormat(resolved, options.formats);
  // O_NOFOLLOW: the checked path must not have become a symlink since; O_NONBLOCK: never hang on a FIFO.
  const handle = await open(resolved, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  let handedOver = false;
  try {
    const info = await handle.stat();
    const size = info.size;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000);
    const etag = `"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers = new Headers({
      'accept-ranges': 'bytes',
      'content-type': format.mimeType,
      etag,
      'last-modified': lastModified.toUTCString(),
      'cache-control': 'private, no-cache',
    });
    if (track.durationSeconds != null) headers.set('x-content-duration', String(Number(track.durationSeconds)));

    if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });

    let start = 0;
    let end = size - 1;
    let status = 200;
    const rangeHeader = request.headers.get('range');
    if (rangeHeader !== null && ifRangeHolds(request.headers.get('if-range'), etag, lastModified)) {
      const parsed = parseRange(size, rangeHeader);
      // Malformed or of another unit: ignore the header (RFC 9110 §14.2), serve the whole file.
      if (parsed.type === 'bytes' && (parsed.code & 1) === 0) {
        if (parsed.ranges.length === 0 && size > 0) {
          headers.set('content-range', `bytes */${size}`);
          headers.delete('content-type');
          return new Response(null, { status: 416, headers });
        }
        if (parsed.ranges.length === 1) {
          ({ start, end } = parsed.ranges[0]);
          status = 206;
          headers.set('content-range', `bytes ${start}-${end}/${size}`);
        }
        // Several ranges: a multipart answer is allowed, not required; the whole file is served.
      }
    }
    const length = Math.max(0, end - start + 1);
    headers.set('content-length', String(length));
    if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
    handedOver = true;
    return new Response(fileBody(handle, start, end, request), { status, headers });
  } finally {
    if (!handedOver) await handle.close();
  }
}

/**
 * Bytes `start`…`end` (inclusive) of an open file as a web stream that closes the file however it ends. When
 * `request.signal` aborts (the client went away, or the server shuts down) the stream ends at once without an error:
 * the server adapter leaves a response whose body errors hanging, while an ended one frees the connection
 * (the client sees a body shorter than Content-Length).
 */
function fileBody(handle: FileHandle, start: number, end: number, request: Request): ReadableStream<Uint8Array> {
  // The closures below hold `request` (not only its signal) while the body lives: a Request follows the
  // signal it was made with only through a weak link (undici), so once collected it would miss the abort.
  const signal = () => request.signal;
  let position = start;
  let finished = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const finish = async () => {
    if (finished) return;
    finished = true;
    signal().removeEventListener('abort', onAbort);
    // FileHandle.close waits for a read in flight.
    await handle.close().catch(() => undefined);
  };
  const onAbort = () => {
    if (finished) return;
    try {
      controller.close();
    } catch {
      // Already closed by the reader.
    }
    void finish();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        if (signal().aborted) onAbort();
        else signal().addEventListener('abort', onAbort, { once: true });
      },
      async pull(streamController) {
        if (finished) return;
        const length = Math.min(CHUNK_BYTES, end + 1 - position);
        const chunk = new Uint8Array(length);
        let bytesRead: number;
        try {
          ({ bytesRead } = await handle.read(chunk, 0, length, position));
        } catch (error) {
          if (finished) return;
          await finish();
          streamController.error(error);
          return;
        }
        if (finished) return;
        position += bytesRead;
        if (bytesRead > 0) streamController.enqueue(bytesRead === length ? chunk : chunk.subarray(0, bytesRead));
        // The end of the range, or of a file that shrank since its size was read.
        if (position > end || bytesRead === 0) {
          streamController.close();
          await finish();
        }
      },
      cancel: finish,
    },
    { highWaterMark: 0 },
  );
}

/** `If-None-Match`: `*` or a list holding our tag (weak comparison, RFC 9110 §13.1.2). */
function matchesEtag(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * `If-Range` (RFC 9110 §13.1.5): absent → the range applies; an entity tag → only when it equals ours
 * (strong comparison: a weak tag never matches); an HTTP date → only when it equals Last-Modified.
 */
function ifRangeHolds(header: string | null, etag: string, lastModified: Date): boolean {
  if (header === null) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = Date.parse(value);
  return Number.isFinite(date) && date === lastModified.getTime();
}
