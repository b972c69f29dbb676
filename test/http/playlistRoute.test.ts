/**
 * `GET /playlist.m3u8?ids=…` through the real app (server/http/app.ts) on a real database: the M3U8 text, ids
 * as database ids or global IDs in the order given, tags that would break a line, and the named errors.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { type AuralisApp, createAuralisApp } from '../../server/http/app.ts';
import { MAX_PLAYLIST_TRACKS } from '../../server/http/playlistRoute.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';

describe('GET /playlist.m3u8', () => {
  let h: Harness;
  let app: AuralisApp;
  const ids: number[] = [];

  beforeAll(async () => {
    h = await createHarness();
    app = createAuralisApp({ config: h.config, orm: h.orm });
    const tracks = new TrackRepository(h.orm.em.fork());
    for (const input of [
      { path: path.join(h.libraryRoot, 'a.flac'), artist: 'Ada', title: 'Morning', durationSeconds: 183.6 },
      { path: path.join(h.libraryRoot, 'b.flac'), artist: null, title: 'Line\nbreak\r\n#EXTM3U', durationSeconds: 60 },
      { path: path.join(h.libraryRoot, 'no tags.mp3') },
    ]) {
      ids.push((await tracks.add(input)).id);
    }
  });
  afterAll(() => h.close());

  const get = (query: string, init?: RequestInit) => app.fetch(new Request(`http://127.0.0.1:4000/playlist.m3u8${query}`, init));

  it('lists the tracks in the order given with #EXTINF duration, "artist - title" and absolute /audio URLs', async () => {
    const response = await get(`?ids=${ids[2]},${encodeGlobalId('Track', ids[0]!)},${ids[1]}&title=Path%0Aone`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/x-mpegurl; charset=utf-8');
    expect(await response.text()).toBe(
      [
        '#EXTM3U',
        '#PLAYLIST:Path one',
        '#EXTINF:-1,no tags.mp3',
        `http://127.0.0.1:4000/audio/${ids[2]}`,
        '#EXTINF:184,Ada - Morning',
        `http://127.0.0.1:4000/audio/${ids[0]}`,
        '#EXTINF:60,Line break #EXTM3U',
        `http://127.0.0.1:4000/audio/${ids[1]}`,
        '',
      ].join('\n'),
    );
  });

  it('repeated `ids` parameters add up; HEAD answers the headers only', async () => {
    const text = await (await get(`?ids=${ids[0]}&ids=${ids[1]}`)).text();
    expect(text.split('\n').filter((line) => line.startsWith('http'))).toEqual([
      `http://127.0.0.1:4000/audio/${ids[0]}`,
      `http://127.0.0.1:4000/audio/${ids[1]}`,
    ]);
    const head = await get(`?ids=${ids[0]}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers named errors as JSON: none, bad, unknown and too many ids; other methods 405', async () => {
    const cases: [string, number, string][] = [
      ['', 400, 'INVALID_ARGUMENT'],
      ['?ids=,,', 400, 'INVALID_ARGUMENT'],
      ['?ids=0', 400, 'INVALID_ID'],
      ['?ids=abc', 400, 'INVALID_ID'],
      [`?ids=${encodeGlobalId('Job', 1)}`, 400, 'INVALID_ID'],
      [`?ids=${ids[0]},999999`, 404, 'TRACK_NOT_FOUND'],
      [`?ids=${Array.from({ length: MAX_PLAYLIST_TRACKS + 1 }, () => ids[0]).join(',')}`, 400, 'TOO_MANY_TRACKS'],
    ];
    for (const [query, status, code] of cases) {
      const response = await get(query);
      expect(response.status, query.slice(0, 40)).toBe(status);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe(code);
      expect(body.message).toMatch(/expected|not found/);
    }
    const post = await get(`?ids=${ids[0]}`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});

describe('GET /playlist.m3u8 on a server with AURALIS_API_TOKEN', () => {
  let h: Harness;
  let app: AuralisApp;
  let id: number;

  beforeAll(async () => {
    h = await createHarness({ apiToken: 's3cret' });
    app = createAuralisApp({ config: h.config, orm: h.orm });
    id = (await new TrackRepository(h.orm.em.fork()).add({ path: path.join(h.libraryRoot, 'a.flac'), title: 'A' })).id;
  });
  afterAll(() => h.close());

  const urls = async (query: string, headers: Record<string, string> = {}) => {
    const response = await app.fetch(new Request(`http://127.0.0.1/playlist.m3u8?ids=${id}${query}`, { headers }));
    expect(response.status).toBe(200);
    return (await response.text()).split('\n').filter((line) => line.startsWith('http'));
  };

  it('is served without the token (plain /audio URLs); with it, each URL carries it so the file plays', async () => {
    expect(await urls('')).toEqual([`http://127.0.0.1/audio/${id}`]);
    expect(await urls('&token=s3cret')).toEqual([`http://127.0.0.1/audio/${id}?token=s3cret`]);
    expect(await urls('', { authorization: 'Bearer s3cret' })).toEqual([`http://127.0.0.1/audio/${id}?token=s3cret`]);
  });

  it('answers 401 UNAUTHENTICATED to a wrong token', async () => {
    const attempts: { query: string; headers: Record<string, string> }[] = [
      { query: '&token=nope', headers: {} },
      { query: '', headers: { authorization: 'Bearer nope' } },
    ];
    for (const init of attempts) {
      const response = await app.fetch(new Request(`http://127.0.0.1/playlist.m3u8?ids=${id}${init.query}`, { headers: init.headers }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    }
  });
});
