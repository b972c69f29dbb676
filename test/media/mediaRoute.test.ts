/**
 * `/audio/:trackId` and `/cover/:trackId` on the real app (server/http/app.ts) over a real database (both
 * engines: test/graphql/harness.ts): ids, Range, HEAD, the token rule, the cross-site rule, the library roots,
 * transcoding choices, the 503 bound, cover art, `Track.audioUrl` / `coverUrl`, and a real HTTP server
 * where a client that goes away kills ffmpeg.
 */
import { copyFile, readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listen } from '../../server/graphql/listen.ts';
import { type AuralisApp, createAuralisApp } from '../../server/http/app.ts';
import { mediaResourcesFor } from '../../server/media/mediaResources.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { convert, decodedSeconds, eventually, ffmpeg, ffmpegChildren, openDescriptorsOn, probe, sineWav } from './mediaFiles.ts';

const OWN = 'http://127.0.0.1';
let h: Harness;
let app: AuralisApp;
interface Added {
  readonly id: string;
  readonly databaseId: number;
  readonly audioUrl: string;
  readonly coverUrl: string | null;
}
const tracks: Record<string, Added> = {};
let wavBytes: Buffer;

async function addTrack(harness: Harness, file: string): Promise<Added> {
  const result = await harness.gql(
    'mutation ($p: String!) { addTrack(path: $p) { track { id databaseId audioUrl coverUrl } userErrors { code message } } }',
    { p: file },
  );
  expect(result.data?.addTrack.userErrors).toEqual([]);
  return result.data?.addTrack.track as Added;
}

function get(pathAndQuery: string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return app.fetch(new Request(`${OWN}${pathAndQuery}`, { headers, ...init }));
}

async function errorOf(response: Response): Promise<{ status: number; code: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.message.length).toBeGreaterThan(10);
  return { status: response.status, code: body.error.code };
}

beforeAll(async () => {
  h = await createHarness({ corsOrigins: ['https://app.example'] });
  app = createAuralisApp({ config: h.config, orm: h.orm, logError: (error) => h.loggedErrors.push(error) });
  const wav = path.join(h.libraryRoot, 'sine.wav');
  await copyFile(await sineWav(4), wav);
  wavBytes = await readFile(wav);
  tracks.wav = await addTrack(h, wav);
  tracks.aiff = await addTrack(h, await convert(wav, path.join(h.libraryRoot, 'sine.aiff'), ['-c:a', 'pcm_s16be']));
  const png = path.join(h.dir, 'pic.png');
  await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 0, g: 128, b: 0 } } }).png().toFile(png);
  const plain = await convert(wav, path.join(h.dir, 'plain.mp3'), ['-c:a', 'libmp3lame', '-b:a', '128k']);
  const withPicture = path.join(h.libraryRoot, 'with-picture.mp3');
  await ffmpeg(['-i', plain, '-i', png, '-map', '0', '-map', '1', '-c', 'copy', '-id3v2_version', '3', '-disposition:v', 'attached_pic', withPicture]);
  tracks.mp3 = await addTrack(h, withPicture);
  const long = path.join(h.libraryRoot, 'long.wav');
  await copyFile(await sineWav(120), long);
  tracks.long = await addTrack(h, long);
});
afterAll(() => h.close());

describe('ids and ranges', () => {
  test('Track.audioUrl and coverUrl are /audio/<databaseId> and /cover/<databaseId>', () => {
    expect(tracks.wav.audioUrl).toBe(`/audio/${tracks.wav.databaseId}`);
    expect(tracks.wav.coverUrl).toBe(`/cover/${tracks.wav.databaseId}`);
  });

  test('the database id with Range bytes=0-99 gives exactly those bytes', async () => {
    const response = await get(tracks.wav.audioUrl, { range: 'bytes=0-99' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 0-99/${wavBytes.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(wavBytes.subarray(0, 100))).toBe(true);
  });

  test('the global ID (URL-encoded or not) serves the same file; HEAD has no body', async () => {
    for (const id of [encodeURIComponent(tracks.wav.id), tracks.wav.id]) {
      const response = await get(`/audio/${id}`, { range: 'bytes=-10' });
      expect(response.status).toBe(206);
      expect(Buffer.from(await response.arrayBuffer()).equals(wavBytes.subarray(wavBytes.length - 10))).toBe(true);
    }
    const head = await get(tracks.wav.audioUrl, {}, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), head.headers.get('accept-ranges'), head.body]).toEqual([
      200,
      String(wavBytes.length),
      'bytes',
      null,
    ]);
  });

  test('416 for a range past the end', async () => {
    const response = await get(tracks.wav.audioUrl, { range: `bytes=${wavBytes.length + 1}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${wavBytes.length}`);
  });

  test('unknown id 404 TRACK_NOT_FOUND; malformed ids 400 INVALID_ID; POST 405', async () => {
    expect(await errorOf(await get('/audio/999999'))).toEqual({ status: 404, code: 'TRACK_NOT_FOUND' });
    expect(await errorOf(await get('/cover/999999'))).toEqual({ status: 404, code: 'TRACK_NOT_FOUND' });
    for (const bad of ['abc', '0', '1.5', encodeURIComponent(Buffer.from('Job:1').toString('base64'))]) {
      expect(await errorOf(await get(`/audio/${bad}`)), bad).toEqual({ status: 400, code: 'INVALID_ID' });
    }
    const post = await get(tracks.wav.audioUrl, {}, { method: 'POST', body: 'x' });
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await errorOf(post)).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    expect(h.loggedErrors).toEqual([]);
  });

  test('bad parameters: 400 INVALID_ARGUMENT', async () => {
    for (const query of ['format=flac', 'maxBitRate=abc', 'maxBitRate=-3', 't=-1']) {
      expect(await errorOf(await get(`${tracks.wav.audioUrl}?${query}`)), query).toEqual({ status: 400, code: 'INVALID_ARGUMENT' });
    }
    expect(await errorOf(await get(`${tracks.mp3.coverUrl}?size=0`))).toEqual({ status: 400, code: 'INVALID_ARGUMENT' });
  });
});

describe('original or transcode', () => {
  test('WAV without format: the original; AIFF without format: Opus (chunked, no ranges)', async () => {
    const wav = await get(tracks.wav.audioUrl, {}, { method: 'HEAD' });
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    const aiff = await get(tracks.aiff.audioUrl);
    expect(aiff.headers.get('content-type')).toBe('audio/ogg; codecs=opus');
    expect(aiff.headers.get('accept-ranges')).toBe('none');
    const file = path.join(h.dir, 'aiff.ogg');
    await writeFile(file, Buffer.from(await aiff.arrayBuffer()));
    expect((await probe(file)).codec).toBe('opus');
  });

  test('?format=mp3&t=1 gives MP3 of the remaining 3 s; ?format=raw the original of an AIFF', async () => {
    const response = await get(`${tracks.wav.audioUrl}?format=mp3&t=1&maxBitRate=96`);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    const file = path.join(h.dir, 'offset.mp3');
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    expect((await probe(file)).codec).toBe('mp3');
    expect(Math.abs((await decodedSeconds(file)) - 3)).toBeLessThan(0.15);
    const raw = await get(`${tracks.aiff.audioUrl}?format=raw`, {}, { method: 'HEAD' });
    expect([raw.headers.get('content-type'), raw.headers.get('accept-ranges')]).toEqual(['audio/aiff', 'bytes']);
  });

  test('every transcode slot busy: 503 TOO_MANY_TRANSCODES with Retry-After; the original still plays', async () => {
    const slots = mediaResourcesFor(h.orm).transcodes;
    const held = Array.from({ length: slots.limit - slots.busy }, () => slots.acquire());
    try {
      const response = await get(`${tracks.wav.audioUrl}?format=opus`);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await errorOf(response)).toEqual({ status: 503, code: 'TOO_MANY_TRANSCODES' });
      expect((await get(tracks.wav.audioUrl, {}, { method: 'HEAD' })).status).toBe(200);
    } finally {
      for (const release of held) release();
    }
  });
});

describe('library roots', () => {
  test('a track whose file became a symlink to outside the roots: 403 PATH_OUTSIDE_LIBRARY', async () => {
    const file = path.join(h.libraryRoot, 'moved.wav');
    await copyFile(path.join(h.libraryRoot, 'sine.wav'), file);
    const moved = await addTrack(h, file);
    const outside = path.join(h.dir, 'secret.wav');
    await copyFile(file, outside);
    await unlink(file);
    await symlink(outside, file);
    expect(await errorOf(await get(moved.audioUrl))).toEqual({ status: 403, code: 'PATH_OUTSIDE_LIBRARY' });
    expect(await errorOf(await get(`${moved.audioUrl}?format=opus`))).toEqual({ status: 403, code: 'PATH_OUTSIDE_LIBRARY' });
    expect(await errorOf(await get(moved.coverUrl!))).toEqual({ status: 403, code: 'PATH_OUTSIDE_LIBRARY' });
  });
});

describe('cross-site', () => {
  test('a foreign Origin or Sec-Fetch-Site: cross-site is refused with 403 CROSS_ORIGIN_FORBIDDEN', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const response = await get(tracks.wav.audioUrl, headers);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await errorOf(response)).toEqual({ status: 403, code: 'CROSS_ORIGIN_FORBIDDEN' });
      expect(await errorOf(await get(tracks.mp3.coverUrl!, headers))).toEqual({ status: 403, code: 'CROSS_ORIGIN_FORBIDDEN' });
    }
  });

  test('own pages (same-origin, none) play; a listed origin gets CORS headers (no credentials)', async () => {
    for (const headers of [{ origin: OWN }, { 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }] as Record<string, string>[]) {
      expect((await get(tracks.wav.audioUrl, headers, { method: 'HEAD' })).status).toBe(200);
    }
    const listed = await get(tracks.wav.audioUrl, { origin: 'https://app.example', 'sec-fetch-site': 'cross-site' }, { method: 'HEAD' });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(listed.headers.get('access-control-expose-headers')).toContain('content-range');
  });
});

describe('cover art', () => {
  test('/cover/:id?size=100 gives the embedded picture fitted in 100 px (100 × 75); HEAD; a track without one 404', async () => {
    const response = await get(`${tracks.mp3.coverUrl}?size=100`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({ width: 100, height: 75 });
    const webp = await get(`${tracks.mp3.coverUrl}?size=40&format=webp`, {}, { method: 'HEAD' });
    expect([webp.status, webp.headers.get('content-type'), webp.body]).toEqual([200, 'image/webp', null]);
    expect(await errorOf(await get(tracks.wav.coverUrl!))).toEqual({ status: 404, code: 'NO_COVER_ART' });
  });
});

describe('token rule', () => {
  let secured: Harness;
  let securedApp: AuralisApp;
  let url: string;
  beforeAll(async () => {
    secured = await createHarness({ apiToken: 's3cret' });
    securedApp = createAuralisApp({ config: secured.config, orm: secured.orm });
    const file = path.join(secured.libraryRoot, 'sine.wav');
    await copyFile(await sineWav(4), file);
    const added = await secured.gql('mutation ($p: String!) { addTrack(path: $p) { track { audioUrl } } }', { p: file }, { authorization: 'Bearer s3cret' });
    url = added.data?.addTrack.track.audioUrl;
  });
  afterAll(() => secured.close());
  const fetchSecured = (pathAndQuery: string, headers: Record<string, string> = {}) =>
    securedApp.fetch(new Request(`${OWN}${pathAndQuery}`, { method: 'HEAD', headers }));

  test('without a token 401 UNAUTHENTICATED (WWW-Authenticate: Bearer); a wrong one 401', async () => {
    const none = await securedApp.fetch(new Request(`${OWN}${url}`));
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorOf(none)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await errorOf(await securedApp.fetch(new Request(`${OWN}${url}?token=wrong`)))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await fetchSecured(url, { authorization: 'Basic czNjcmV0' })).status).toBe(401);
  });

  test('200 with Authorization: Bearer, 200 with ?token=', async () => {
    expect((await fetchSecured(url, { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await fetchSecured(`${url}?token=s3cret`)).status).toBe(200);
  });
});

describe('a real HTTP server', () => {
  test('Range over HTTP, and a client that goes away mid-transcode kills ffmpeg', async () => {
    const server = await listen({ ...h.config, port: 0, serveWorker: false });
    try {
      const base = server.url.replace(/\/graphql$/, '');
      const ranged = await fetch(`${base}${tracks.wav.audioUrl}`, { headers: { range: 'bytes=100-199' } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(wavBytes.subarray(100, 200))).toBe(true);
      const longFile = path.join(h.libraryRoot, 'long.wav');
      const controller = new AbortController();
      const response = await fetch(`${base}${tracks.long.audioUrl}?format=opus`, { signal: controller.signal });
      const reader = response.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      expect(await ffmpegChildren(longFile)).toHaveLength(1);
      controller.abort();
      expect(await eventually(() => ffmpegChildren(longFile), (pids) => pids.length === 0)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('shutdown does not wait for a listener: open media streams end and ffmpeg is killed', async () => {
    const server = await listen({ ...h.config, port: 0, serveWorker: false });
    const base = server.url.replace(/\/graphql$/, '');
    const longFile = path.join(h.libraryRoot, 'long.wav');
    // A player that read a little and then paused (its buffer is full): the connections stay open.
    const transcode = await fetch(`${base}${tracks.long.audioUrl}?format=opus`);
    await transcode.body!.getReader().read();
    const original = await fetch(`${base}${tracks.long.audioUrl}`);
    await original.body!.getReader().read();
    expect(await ffmpegChildren(longFile)).toHaveLength(1);
    expect(await openDescriptorsOn(longFile)).toBe(1);
    const closed = await Promise.race([server.close().then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 5_000, 'still waiting'))]);
    expect(closed).toBe('closed');
    expect(await eventually(() => ffmpegChildren(longFile), (pids) => pids.length === 0)).toEqual([]);
    expect(await eventually(() => openDescriptorsOn(longFile), (count) => count === 0)).toBe(0);
  });
});
