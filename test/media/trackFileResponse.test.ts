/**
 * trackFileResponse: the original file with HTTP Range, validators and HEAD, only inside the library roots,
 * closing the file when the client goes away. Real files (generated WAV, converted by ffmpeg), no database.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isAuralisError } from '../../server/errors.ts';
import { trackFileResponse } from '../../server/media/trackFileResponse.ts';
import type { MediaTrack } from '../../server/media/mediaTrack.ts';
import { collectGarbage, convert, eventually, openDescriptorsOn, sineWav } from './mediaFiles.ts';

let dir: string;
let root: string;
let wav: string;
let bytes: Buffer;
const trackOf = (file: string): MediaTrack => ({ id: 1, path: file, durationSeconds: 3, channels: 2, bitrate: null });
const get = (file: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  trackFileResponse(new Request('http://127.0.0.1/audio/1', { headers, ...init }), trackOf(file), { roots: [root] });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'auralis-media-'));
  root = path.join(dir, 'library');
  await mkdir(root);
  wav = path.join(root, 'sine.wav');
  await copyFile(await sineWav(3), wav);
  bytes = await readFile(wav);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ranges', () => {
  test('no Range: 200 with the whole file, Accept-Ranges, Content-Type by content, validators', async () => {
    const response = await get(wav);
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(Date.parse(response.headers.get('last-modified') ?? '')).toBeGreaterThan(0);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  test('bytes=0-99 gives exactly those 100 bytes (206, Content-Range)', async () => {
    const response = await get(wav, { range: 'bytes=0-99' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);
    expect(response.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
  });

  test('an open range bytes=1000- and a suffix range bytes=-500', async () => {
    const open = await get(wav, { range: 'bytes=1000-' });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe(`bytes 1000-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await open.arrayBuffer()).equals(bytes.subarray(1000))).toBe(true);
    const suffix = await get(wav, { range: 'bytes=-500' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${bytes.length - 500}-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(bytes.length - 500))).toBe(true);
  });

  test('a range past the end: 416 with Content-Range bytes */size and no body', async () => {
    const response = await get(wav, { range: `bytes=${bytes.length}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  test('a malformed range or another unit is ignored: 200 with the whole file', async () => {
    for (const range of ['bytes=abc', 'items=0-1', 'bytes=50-20']) {
      const response = await get(wav, { range });
      expect(response.status, range).toBe(200);
      expect(Number((await response.arrayBuffer()).byteLength)).toBe(bytes.length);
    }
  });

  test('HEAD: the headers of the GET, no body', async () => {
    const response = await get(wav, { range: 'bytes=0-99' }, { method: 'HEAD' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('100');
    expect(response.body).toBeNull();
  });
});

describe('validators', () => {
  test('If-Range with the current ETag or Last-Modified honours the range; a stale one gives the whole file', async () => {
    const first = await get(wav);
    await first.arrayBuffer();
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    const current = await get(wav, { range: 'bytes=0-99', 'if-range': etag });
    expect(current.status).toBe(206);
    await current.arrayBuffer();
    const byDate = await get(wav, { range: 'bytes=0-99', 'if-range': lastModified });
    expect(byDate.status).toBe(206);
    await byDate.arrayBuffer();
    for (const stale of ['"0-0"', `W/${etag}`, 'Thu, 01 Jan 2004 00:00:00 GMT']) {
      const response = await get(wav, { range: 'bytes=0-99', 'if-range': stale });
      expect(response.status, stale).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBe(bytes.length);
    }
  });

  test('If-None-Match with the ETag: 304', async () => {
    const etag = (await get(wav, {}, { method: 'HEAD' })).headers.get('etag') ?? '';
    const response = await get(wav, { 'if-none-match': etag });
    expect(response.status).toBe(304);
    expect(response.body).toBeNull();
  });
});

describe('content type by content', () => {
  test('an Ogg Opus file named .mp3 is served as audio/ogg; codecs=opus, an AIFF as audio/aiff', async () => {
    const misnamed = await convert(wav, path.join(root, 'really-opus.mp3'), ['-c:a', 'libopus', '-f', 'ogg']);
    expect((await get(misnamed, {}, { method: 'HEAD' })).headers.get('content-type')).toBe('audio/ogg; codecs=opus');
    const aiff = await convert(wav, path.join(root, 'sine.aiff'), ['-c:a', 'pcm_s16be']);
    expect((await get(aiff, {}, { method: 'HEAD' })).headers.get('content-type')).toBe('audio/aiff');
  });
});

describe('library roots', () => {
  test('a track whose file now resolves outside the roots (replaced by a symlink) is refused: PATH_OUTSIDE_LIBRARY', async () => {
    const outside = path.join(dir, 'outside.wav');
    await copyFile(wav, outside);
    const file = path.join(root, 'swapped.wav');
    await copyFile(wav, file);
    expect((await get(file, {}, { method: 'HEAD' })).status).toBe(200);
    await unlink(file);
    await symlink(outside, file);
    const error = await get(file).then(() => undefined, (caught: unknown) => caught);
    expect(isAuralisError(error) && error.code).toBe('PATH_OUTSIDE_LIBRARY');
  });

  test('a file that is gone: FILE_NOT_FOUND', async () => {
    const error = await get(path.join(root, 'gone.wav')).then(() => undefined, (caught: unknown) => caught);
    expect(isAuralisError(error) && error.code).toBe('FILE_NOT_FOUND');
  });
});

describe('client abort', () => {
  test('aborting the request closes the file while the body is being read', async () => {
    const long = path.join(root, 'long.wav');
    await copyFile(await sineWav(30), long);
    const controller = new AbortController();
    const response = await trackFileResponse(new Request('http://127.0.0.1/audio/2', { signal: controller.signal }), trackOf(long), {
      roots: [root],
    });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(await openDescriptorsOn(long)).toBe(1);
    controller.abort();
    expect(await eventually(() => openDescriptorsOn(long), (count) => count === 0)).toBe(0);
  });

  test('the abort closes the file even after the caller dropped its Request (garbage collected)', async () => {
    const long = path.join(root, 'long.wav');
    const controller = new AbortController();
    const response = await trackFileResponse(new Request('http://127.0.0.1/audio/2', { signal: controller.signal }), trackOf(long), {
      roots: [root],
    });
    const reader = response.body!.getReader();
    await reader.read();
    await collectGarbage();
    controller.abort();
    expect(await eventually(() => openDescriptorsOn(long), (count) => count === 0)).toBe(0);
  });

  test('cancelling the body closes the file', async () => {
    const long = path.join(root, 'long.wav');
    const response = await get(long);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(await eventually(() => openDescriptorsOn(long), (count) => count === 0)).toBe(0);
  });

  test('answers without a body (HEAD, 416, 304) leave no file open', async () => {
    await get(wav, {}, { method: 'HEAD' });
    await get(wav, { range: `bytes=${bytes.length + 10}-` });
    expect(await openDescriptorsOn(wav)).toBe(0);
  });
});
