/**
 * coverArtResponse: the picture embedded in an MP3 (attached by ffmpeg), resized with sharp to the asked size
 * keeping its aspect (read back with sharp), the folder-image fallback, NO_COVER_ART, and the cache.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isAuralisError } from '../../server/errors.ts';
import { coverArtResponse, createCoverArtCache } from '../../server/media/coverArtResponse.ts';
import type { MediaTrack } from '../../server/media/mediaTrack.ts';
import { convert, ffmpeg, sineWav } from './mediaFiles.ts';

let dir: string;
let root: string;
let withPicture: string;
let picture: Buffer;
const trackOf = (file: string): MediaTrack => ({ id: 7, path: file, durationSeconds: 2, channels: 2, bitrate: null });

/** A 300 × 200 PNG: red left half, blue right half. */
function testPicture(): Promise<Buffer> {
  const width = 300;
  const height = 200;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'auralis-cover-'));
  root = path.join(dir, 'library');
  await mkdir(path.join(root, 'album'), { recursive: true });
  await mkdir(path.join(root, 'bare'), { recursive: true });
  picture = await testPicture();
  const png = path.join(dir, 'pic.png');
  await writeFile(png, picture);
  const plain = await convert(await sineWav(2), path.join(dir, 'plain.mp3'), ['-c:a', 'libmp3lame', '-b:a', '128k']);
  withPicture = path.join(root, 'with-picture.mp3');
  await ffmpeg(['-i', plain, '-i', png, '-map', '0', '-map', '1', '-c', 'copy', '-id3v2_version', '3', '-disposition:v', 'attached_pic', withPicture]);
  await copyFile(plain, path.join(root, 'album', 'no-picture.mp3'));
  await copyFile(plain, path.join(root, 'bare', 'no-picture.mp3'));
  await sharp(picture).jpeg().toFile(path.join(root, 'album', 'Folder.JPG'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('embedded picture', () => {
  test('without a size: the embedded PNG as it is', async () => {
    const response = await coverArtResponse(trackOf(withPicture), undefined, { roots: [root] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(picture)).toBe(true);
  });

  test('size 100: fitted inside 100 × 100 keeping the 3:2 aspect (100 × 67), PNG kept', async () => {
    const response = await coverArtResponse(trackOf(withPicture), 100, { roots: [root] });
    expect(response.headers.get('content-type')).toBe('image/png');
    const data = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(data.length);
    const meta = await sharp(data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 100, 67]);
    // The picture itself: red on the left, blue on the right.
    const { data: pixels, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
    expect([...pixels.subarray(0, 3)]).toEqual([255, 0, 0]);
    const lastPixel = (info.width - 1) * info.channels;
    expect([...pixels.subarray(lastPixel, lastPixel + 3)]).toEqual([0, 0, 255]);
  });

  test('format webp / jpeg on request; a size larger than the picture does not enlarge it', async () => {
    const webp = await coverArtResponse(trackOf(withPicture), 64, { roots: [root], format: 'webp' });
    expect(webp.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).toMatchObject({ format: 'webp', width: 64, height: 43 });
    const big = await coverArtResponse(trackOf(withPicture), 1000, { roots: [root], format: 'jpeg' });
    expect(await sharp(Buffer.from(await big.arrayBuffer())).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
  });

  test('a size out of range: INVALID_ARGUMENT', async () => {
    for (const size of [0, -5, 1.5, 100_000]) {
      const error = await coverArtResponse(trackOf(withPicture), size, { roots: [root] }).catch((caught: unknown) => caught);
      expect(isAuralisError(error) && error.code, String(size)).toBe('INVALID_ARGUMENT');
    }
  });

  test('the cache answers the same size again without reading the file', async () => {
    const cache = createCoverArtCache();
    const first = Buffer.from(await (await coverArtResponse(trackOf(withPicture), 50, { roots: [root], cache })).arrayBuffer());
    expect(cache.size).toBe(1);
    const second = Buffer.from(await (await coverArtResponse(trackOf(withPicture), 50, { roots: [root], cache })).arrayBuffer());
    expect(second.equals(first)).toBe(true);
    expect(cache.size).toBe(1);
    await coverArtResponse(trackOf(withPicture), 60, { roots: [root], cache });
    expect(cache.size).toBe(2);
  });
});

describe('fallbacks and absence', () => {
  test('no embedded picture: the folder image beside the file (folder.jpg, any case)', async () => {
    const response = await coverArtResponse(trackOf(path.join(root, 'album', 'no-picture.mp3')), 30, { roots: [root] });
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({ width: 30, height: 20 });
  });

  test('neither: NO_COVER_ART (also from the cache)', async () => {
    const cache = createCoverArtCache();
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await coverArtResponse(trackOf(path.join(root, 'bare', 'no-picture.mp3')), undefined, { roots: [root], cache }).catch(
        (caught: unknown) => caught,
      );
      expect(isAuralisError(error) && error.code).toBe('NO_COVER_ART');
    }
  });
});

describe('loading', () => {
  test('the server modules do not load sharp (libvips, ≈ 9 MB resident) until a cover is converted', { timeout: 30_000 }, async () => {
    const listen = fileURLToPath(new URL('../../server/graphql/listen.ts', import.meta.url));
    const cover = fileURLToPath(new URL('../../server/media/coverArtResponse.ts', import.meta.url));
    // A fresh process: which shared objects it maps (/proc/self/maps) after importing the server, then after a resize.
    const script = `
      const { readFileSync } = await import('node:fs');
      const mapped = () => /sharp|libvips/.test(readFileSync('/proc/self/maps', 'utf8'));
      await import(${JSON.stringify(listen)});
      const { coverArtResponse } = await import(${JSON.stringify(cover)});
      const atStart = mapped();
      const track = ${JSON.stringify(trackOf(withPicture))};
      const response = await coverArtResponse(track, 10, { roots: [${JSON.stringify(root)}] });
      console.log(JSON.stringify({ atStart, afterResize: mapped(), status: response.status }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ atStart: false, afterResize: true, status: 200 });
  });
});
