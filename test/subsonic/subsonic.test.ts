/**
 * The OpenSubsonic face against the real server (listen on port 0) over an analysed library, driven by a real
 * client (npm `subsonic-api`, token auth with a fresh salt per request; its `post` mode for formPost). Every JSON
 * answer is checked against the OpenSubsonic response schemas, and its XML form read back to the same shape.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubsonicAPI } from 'subsonic-api';
import { openDatabase } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';
import { MAX_PER_ARTIST } from '../../server/subsonic/similarityEndpoints.ts';
import { schemaErrors, schemaErrorsAt, xmlAndJsonShapes } from './openApiSchemas.ts';
import { PASSWORD, type ServedLibrary, serveLibrary } from './subsonicLibrary.ts';

type Json = Record<string, any>;

let library: ServedLibrary;
let api: SubsonicAPI;

/** `method` through the client: the JSON answer (schema-checked) and its XML form compared with it. */
async function call(method: string, params: Record<string, unknown> = {}, client: SubsonicAPI = api): Promise<Json> {
  const response = await client.custom(`${method}.view`, params);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { 'subsonic-response': Json };
  const answer = body['subsonic-response'];
  expect(schemaErrors(answer.status === 'ok' ? method : 'failure', answer), `${method} ${JSON.stringify(answer).slice(0, 400)}`).toEqual([]);
  if (!/random/i.test(method + JSON.stringify(params))) {
    const xmlResponse = await client.custom(`${method}.view`, { ...params, f: 'xml' });
    expect(xmlResponse.headers.get('content-type')).toMatch(/^text\/xml/);
    const shapes = xmlAndJsonShapes(await xmlResponse.text(), body);
    expect(shapes.xml).toEqual(shapes.json);
  }
  return answer;
}

/** The song entry (search3) titled `title` in the served library. */
async function songByTitle(title: string): Promise<Json> {
  return ((await call('search3', { query: title })).searchResult3.song as Json[]).find((s) => s.title === title)!;
}

/** The Subsonic error code of a raw request's JSON answer (schema-checked as a failure). */
async function errorCode(method: string, params: Record<string, string | number>, auth?: Record<string, string> | null): Promise<number> {
  const response = await library.rest(method, { f: 'json', ...params }, auth);
  const answer = ((await response.json()) as { 'subsonic-response': Json })['subsonic-response'];
  expect(answer.status).toBe('failed');
  expect(schemaErrors('failure', answer)).toEqual([]);
  return answer.error.code as number;
}

beforeAll(async () => {
  library = await serveLibrary();
  api = new SubsonicAPI({ url: library.baseUrl, auth: { username: 'ann', password: PASSWORD } });
}, 180_000);
afterAll(async () => library?.close());

describe('system', () => {
  it('ping with token auth: the OpenSubsonic envelope', async () => {
    const answer = await api.ping();
    expect(answer).toMatchObject({ status: 'ok', version: '1.16.1', type: 'auralis', openSubsonic: true, serverVersion: expect.any(String) });
    await call('ping');
    await call('getLicense');
  });

  it('getOpenSubsonicExtensions is public and lists sonicSimilarity v1, apiKeyAuthentication v1, formPost v1', async () => {
    const response = await library.rest('getOpenSubsonicExtensions', { f: 'json' }, null);
    const answer = ((await response.json()) as Json)['subsonic-response'];
    expect(answer.status).toBe('ok');
    expect(answer.openSubsonicExtensions).toEqual(
      expect.arrayContaining([
        { name: 'sonicSimilarity', versions: [1] },
        { name: 'apiKeyAuthentication', versions: [1] },
        { name: 'formPost', versions: [1] },
      ]),
    );
    await call('getOpenSubsonicExtensions');
  });

  it('getMusicFolders: the library root', async () => {
    expect((await call('getMusicFolders')).musicFolders.musicFolder).toEqual([{ id: 1, name: 'music' }]);
  });
});

describe('browsing artist → album → song', () => {
  it('getArtists, getArtist, getAlbum, getSong; Child carries bpm, replayGain and the file facts', async () => {
    const artists = (await call('getArtists')).artists;
    expect(artists.ignoredArticles).toContain('The');
    const names = artists.index.flatMap((i: Json) => i.artist.map((a: Json) => `${i.name}:${a.name}`));
    expect(names).toEqual(['A:Alpha Band', 'B:The Beta Trio', 'G:Gamma', 'G:Guest']);
    const alpha = artists.index[0].artist[0];
    expect(alpha).toMatchObject({ name: 'Alpha Band', albumCount: 2 });
    expect(alpha.id).toMatch(/^ar-[0-9a-f]{16}$/);

    const artist = (await call('getArtist', { id: alpha.id })).artist;
    expect(artist.album.map((a: Json) => [a.name, a.year, a.songCount, a.genre])).toEqual([
      ['First Light', 2001, 2, 'Rock'],
      ['Second Wind', 2005, 2, 'Rock'],
    ]);
    const album = (await call('getAlbum', { id: artist.album[0].id })).album;
    expect(album).toMatchObject({ name: 'First Light', artist: 'Alpha Band', artistId: alpha.id, songCount: 2, duration: 12 });
    expect(album.song.map((s: Json) => s.title)).toEqual(['Dawn', 'Noon']);
    const dawn = album.song[0];
    expect(dawn).toMatchObject({
      isDir: false,
      album: 'First Light',
      artist: 'Alpha Band',
      albumId: album.id,
      parent: album.id,
      artistId: alpha.id,
      track: 1,
      discNumber: 1,
      year: 2001,
      genre: 'Rock',
      duration: 6,
      suffix: 'flac',
      contentType: 'audio/flac',
      path: 'a1.flac',
      samplingRate: 44100,
      type: 'music',
      mediaType: 'song',
    });
    const orm = await openDatabase({ dbPath: library.config.dbPath, overrides: { contextName: 'subsonic-check' } });
    try {
      const fingerprint = (await new FingerprintRepository(orm.em.fork()).getByTrackId(Number(dawn.id)))!;
      expect(dawn.bpm).toBe(Math.round(fingerprint.tempoBpm));
      expect(dawn.replayGain.trackGain).toBeCloseTo(-18 - fingerprint.lufs, 9);
      expect(dawn.replayGain.trackPeak).toBeCloseTo(10 ** (fingerprint.truePeakDbtp! / 20), 9);
    } finally {
      await orm.close();
    }
    expect(dawn.replayGain.trackGain).toEqual(expect.any(Number));
    expect(dawn.replayGain.trackPeak).toBeGreaterThan(0);
    expect(dawn.replayGain.albumGain).toEqual(expect.any(Number));
    expect(dawn.replayGain.albumPeak).toBeGreaterThanOrEqual(dawn.replayGain.trackPeak);
    expect((await call('getSong', { id: dawn.id })).song).toEqual(dawn);

    // the typed client reads the same
    expect((await api.getAlbum({ id: album.id })).album.song?.map((s) => s.id)).toEqual(album.song.map((s: Json) => s.id));
  });

  it('an album artist unites an album whose tracks have other artists; the guest is an artist too', async () => {
    const search = (await call('search3', { query: 'Green' })).searchResult3;
    expect(search.album).toHaveLength(1);
    const green = (await call('getAlbum', { id: search.album[0].id })).album;
    expect(green).toMatchObject({ artist: 'Gamma', songCount: 3 });
    expect(green.song.map((s: Json) => `${s.title}/${s.artist}/${s.displayAlbumArtist}`)).toEqual(['Moss/Gamma/Gamma', 'Fern/Guest/Gamma', 'Lime/Gamma/Gamma']);
    const guest = (await call('getArtist', { id: green.song[1].artistId })).artist;
    expect(guest).toMatchObject({ name: 'Guest', album: [{ name: 'Green' }] });
  });

  it('folders: getIndexes → getMusicDirectory(artist) → getMusicDirectory(album)', async () => {
    const indexes = (await call('getIndexes')).indexes;
    expect(indexes.lastModified).toBeGreaterThan(0);
    const beta = indexes.index.find((i: Json) => i.name === 'B').artist[0];
    const artistDir = (await call('getMusicDirectory', { id: beta.id })).directory;
    expect(artistDir.child).toEqual([expect.objectContaining({ isDir: true, title: 'Blue', parent: beta.id })]);
    const albumDir = (await call('getMusicDirectory', { id: artistDir.child[0].id })).directory;
    expect(albumDir.child.map((c: Json) => c.title)).toEqual(['Indigo', 'Navy']);
  });

  it('lists: getAlbumList2 types, getRandomSongs, search3, getGenres', async () => {
    const list = async (params: Record<string, unknown>) => (await call('getAlbumList2', params)).albumList2.album.map((a: Json) => a.name);
    expect(await list({ type: 'alphabeticalByName' })).toEqual(['Blue', 'First Light', 'Green', 'Second Wind']);
    expect(await list({ type: 'alphabeticalByArtist', size: 2, offset: 1 })).toEqual(['Second Wind', 'Green']);
    expect(await list({ type: 'byGenre', genre: 'Jazz' })).toEqual(['Blue']);
    expect(await list({ type: 'byYear', fromYear: 2000, toYear: 2006 })).toEqual(['First Light', 'Second Wind']);
    expect(await list({ type: 'byYear', fromYear: 2006, toYear: 2000 })).toEqual(['Second Wind', 'First Light']);
    expect((await list({ type: 'newest' })).sort()).toEqual(['Blue', 'First Light', 'Green', 'Second Wind']);
    expect((await list({ type: 'random' })).sort()).toEqual(['Blue', 'First Light', 'Green', 'Second Wind']);
    expect(await list({ type: 'starred' })).toEqual([]);
    const random = (await call('getRandomSongs', { size: 3 })).randomSongs.song;
    expect(random).toHaveLength(3);
    expect(new Set(random.map((s: Json) => s.id)).size).toBe(3);
    expect((await call('getRandomSongs', { size: 10, genre: 'Jazz' })).randomSongs.song.map((s: Json) => s.title).sort()).toEqual(['Indigo', 'Navy']);
    expect((await call('search3', { query: 'gust' })).searchResult3.song.map((s: Json) => s.title)).toEqual(['Gust']);
    const everything = (await call('search3', { query: '""', songCount: 100 })).searchResult3;
    expect(everything.song).toHaveLength(9);
    expect(everything.artist).toHaveLength(4);
    const genres = (await call('getGenres')).genres.genre;
    expect(genres).toEqual([
      { value: 'Electronic', songCount: 3, albumCount: 1 },
      { value: 'Jazz', songCount: 2, albumCount: 1 },
      { value: 'Rock', songCount: 4, albumCount: 2 },
    ]);
  });

  it('formPost: the same answers with the parameters in a form body', async () => {
    const post = new SubsonicAPI({ url: library.baseUrl, auth: { username: 'ann', password: PASSWORD }, post: true });
    const answer = await post.getArtists();
    expect(answer.status).toBe('ok');
    expect(answer.artists.index?.flatMap((i) => (i.artist ?? []).map((a) => a.name))).toEqual(['Alpha Band', 'The Beta Trio', 'Gamma', 'Guest']);
  });
});

describe('sonic similarity', () => {
  async function songIds(): Promise<Map<string, string>> {
    const songs = (await call('search3', { query: '', songCount: 100 })).searchResult3.song as Json[];
    return new Map(songs.map((s) => [s.title as string, s.id as string]));
  }

  it('getSonicSimilarTracks: sonicMatch entries, nearest first, calibrated similarity in [0, 1], the song left out', async () => {
    const ids = await songIds();
    const answer = await call('getSonicSimilarTracks', { id: ids.get('Dawn'), count: 5 });
    const matches = answer.sonicMatch as Json[];
    expect(matches).toHaveLength(5);
    expect(matches.map((m) => m.entry.id)).not.toContain(ids.get('Dawn'));
    for (let i = 0; i < matches.length; i++) {
      expect(matches[i]!.similarity).toBeGreaterThanOrEqual(0);
      expect(matches[i]!.similarity).toBeLessThanOrEqual(1);
      if (i > 0) expect(matches[i]!.similarity).toBeLessThanOrEqual(matches[i - 1]!.similarity);
    }
    // Noon (same album, 104 BPM) is nearer to Dawn than the quiet jazz
    const order = matches.map((m) => m.entry.title);
    expect(order.indexOf('Noon')).toBeLessThan(Math.max(order.indexOf('Indigo'), order.indexOf('Navy'), 5));
    // default count 10 → every other track (8)
    expect((await call('getSonicSimilarTracks', { id: ids.get('Dawn') })).sonicMatch).toHaveLength(8);
  });

  it('findSonicPath: starts with the start song (similarity 1), ends with the end song', async () => {
    const ids = await songIds();
    const answer = await call('findSonicPath', { startSongId: ids.get('Indigo'), endSongId: ids.get('Moss'), count: 5 });
    const path = answer.sonicMatch as Json[];
    expect(path).toHaveLength(5);
    expect(path[0]!.entry.id).toBe(ids.get('Indigo'));
    expect(path[0]!.similarity).toBe(1);
    expect(path[4]!.entry.id).toBe(ids.get('Moss'));
    expect(new Set(path.map((p) => p.entry.id)).size).toBe(5);
    for (const step of path) expect(step.similarity).toBeGreaterThanOrEqual(0);
  });

  it('getSimilarSongs2 (artist) and getSimilarSongs (song, album): no seed repeated, at most MAX_PER_ARTIST per other artist', async () => {
    const ids = await songIds();
    const alpha = (await call('getArtists')).artists.index[0].artist[0];
    const byArtist = (await api.getSimilarSongs2({ id: alpha.id, count: 6 })).similarSongs2.song ?? [];
    expect(byArtist.length).toBeGreaterThan(0);
    expect(byArtist.length).toBeLessThanOrEqual(6);
    await call('getSimilarSongs2', { id: alpha.id, count: 6 });
    const counts = new Map<string, number>();
    for (const s of byArtist) counts.set(s.artist!, (counts.get(s.artist!) ?? 0) + 1);
    for (const [artist, n] of counts) if (artist !== 'Alpha Band') expect(n).toBeLessThanOrEqual(MAX_PER_ARTIST);
    expect(new Set(byArtist.map((s) => s.id)).size).toBe(byArtist.length);

    const bySong = (await call('getSimilarSongs', { id: ids.get('Moss'), count: 8 })).similarSongs.song as Json[];
    expect(bySong.map((s) => s.id)).not.toContain(ids.get('Moss'));
    const songCounts = new Map<string, number>();
    for (const s of bySong) songCounts.set(s.artist, (songCounts.get(s.artist) ?? 0) + 1);
    expect(Math.max(...songCounts.values())).toBeLessThanOrEqual(MAX_PER_ARTIST);
    expect(bySong.length).toBeGreaterThanOrEqual(4);

    const albumId = (await call('search3', { query: 'Blue' })).searchResult3.album[0].id;
    const byAlbum = (await call('getSimilarSongs', { id: albumId, count: 4 })).similarSongs.song as Json[];
    expect(byAlbum.length).toBeGreaterThan(0);
    expect(byAlbum.map((s) => s.title)).not.toContain('Indigo');
  });
});

describe('authentication and error codes', () => {
  it('apiKey authentication (API-key-only user), and its conflicts', async () => {
    const keyClient = new SubsonicAPI({ url: library.baseUrl, auth: { apiKey: library.apiKey } });
    expect(await keyClient.ping()).toMatchObject({ status: 'ok' });
    expect((await call('getArtists', {}, keyClient)).status).toBe('ok');
    expect(await errorCode('ping', {}, { apiKey: library.apiKey, u: 'keyonly' })).toBe(43);
    expect(await errorCode('ping', {}, { apiKey: library.apiKey, t: 'x', s: 'y' })).toBe(43);
    expect(await errorCode('ping', {}, { apiKey: 'not-a-key' })).toBe(44);
    expect(await errorCode('ping', {}, { apiKey: '' })).toBe(44);
  });

  it('token and password: 40 wrong, 41 / 42 for a user without a readable password, 43 both, 10 missing', async () => {
    expect(await errorCode('ping', {}, { u: 'ann', t: '0'.repeat(32), s: 'abc' })).toBe(40);
    expect(await errorCode('ping', {}, { u: 'nobody', p: PASSWORD })).toBe(40);
    expect(await errorCode('ping', {}, { u: 'ann', p: 'wrong' })).toBe(40);
    expect(await errorCode('ping', {}, { u: 'ann', p: 'enc:zz' })).toBe(40);
    expect(await errorCode('ping', {}, { u: 'keyonly', t: '0'.repeat(32), s: 'abc' })).toBe(41);
    expect(await errorCode('ping', {}, { u: 'keyonly', p: 'x' })).toBe(42);
    expect(await errorCode('ping', {}, { u: 'ann', p: PASSWORD, t: '0'.repeat(32), s: 'abc' })).toBe(43);
    expect(await errorCode('ping', {}, { u: 'ann' })).toBe(10);
    expect(await errorCode('ping', {}, { u: 'ann', t: '0'.repeat(32) })).toBe(10);
    expect(await errorCode('ping', {}, null)).toBe(10);
    for (const p of [PASSWORD, `enc:${Buffer.from(PASSWORD, 'utf8').toString('hex')}`]) {
      const answer = ((await (await library.rest('ping', { f: 'json' }, { u: 'ann', p })).json()) as Json)['subsonic-response'];
      expect(answer.status).toBe('ok');
    }
  });

  it('10 missing parameter, 70 not found, 20 / 30 protocol version, 0 unknown method or bad value', async () => {
    expect(await errorCode('getSong', {})).toBe(10);
    expect(await errorCode('getAlbumList2', {})).toBe(10);
    expect(await errorCode('getAlbumList2', { type: 'byGenre' })).toBe(10);
    expect(await errorCode('findSonicPath', { startSongId: 1 })).toBe(10);
    expect(await errorCode('getSong', { id: 999_999 })).toBe(70);
    expect(await errorCode('getSong', { id: 'al-nothing' })).toBe(70);
    expect(await errorCode('getAlbum', { id: 'al-0000000000000000' })).toBe(70);
    expect(await errorCode('getArtist', { id: 'nope' })).toBe(70);
    expect(await errorCode('getSonicSimilarTracks', { id: 999_999 })).toBe(70);
    expect(await errorCode('getSimilarSongs2', { id: 'al-0000000000000000' })).toBe(70);
    expect(await errorCode('ping', { v: '2.0.0' })).toBe(30);
    expect(await errorCode('ping', { v: '1.17.0' })).toBe(30);
    expect(await errorCode('ping', { v: '0.9.0' })).toBe(20);
    expect(await errorCode('getSonicSimilarTracks', { id: 1, count: 'many' })).toBe(0);
    expect(await errorCode('getAlbumList2', { type: 'bestOf' })).toBe(0);
    const unknown = await library.rest('getPodcasts', { f: 'json' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json)['subsonic-response'].error.code).toBe(0);
    // XML errors by default
    const xml = await (await library.rest('getSong', {})).text();
    expect(xml).toMatch(/<subsonic-response xmlns="http:\/\/subsonic.org\/restapi" status="failed" version="1.16.1" type="auralis"/);
    expect(xml).toMatch(/<error code="10" message="Required parameter is missing: id"/);
  });
});

describe('media: stream, download, getCoverArt (server/media/ behind /rest/)', () => {
  async function dawnId(): Promise<string> {
    return (await call('search3', { query: 'Dawn' })).searchResult3.song[0].id as string;
  }

  it('stream with a Range request through the client’s URL: 206 and the bytes of the file', async () => {
    const id = await dawnId();
    const whole = await api.stream({ id, format: 'raw' });
    expect(whole.status).toBe(200);
    const bytes = new Uint8Array(await whole.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('fLaC');
    const ranged = await library.rest('stream', { id, format: 'raw' }, undefined, { Range: 'bytes=100-199' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const download = await library.rest('download', { id }, undefined, { Range: 'bytes=-10' });
    expect(download.status).toBe(206);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 10));
  });

  it('stream transcodes to mp3 at maxBitRate from timeOffset (ffmpeg)', async () => {
    const id = await dawnId();
    const response = await library.rest('stream', { id, format: 'mp3', maxBitRate: 96, timeOffset: 2 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    const bytes = Buffer.from(await response.arrayBuffer());
    // ≈ 4 s at 96 kbit/s ≈ 48 kB (frames and headers aside)
    expect(bytes.length).toBeGreaterThan(30_000);
    expect(bytes.length).toBeLessThan(80_000);
  });

  it('getCoverArt: the folder picture resized, for a song and for an album; 70 for an unknown song', async () => {
    const id = await dawnId();
    const cover = await api.getCoverArt({ id, size: 32 });
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toBe('image/jpeg');
    const albumId = (await call('search3', { query: 'Dawn' })).searchResult3.song[0].albumId as string;
    const albumCover = await library.rest('getCoverArt', { id: albumId });
    expect(albumCover.status).toBe(200);
    expect(await errorCode('getCoverArt', { id: 999_999 })).toBe(70);
    expect(await errorCode('stream', { id: 999_999 })).toBe(70);
    expect(await errorCode('stream', {})).toBe(10);
  });
});

describe('plays: scrobble, getNowPlaying, the frequent and recent album lists', () => {
  /** One scrobble request (not `call`: it repeats a method in XML, which would count a play twice), schema-checked. */
  const scrobbleOnce = async (params: Record<string, unknown>) => {
    const answer = ((await (await api.custom('scrobble.view', params)).json()) as Json)['subsonic-response'];
    expect(schemaErrors('scrobble', answer)).toEqual([]);
    return answer;
  };
  const albums = async (type: string, client: SubsonicAPI = api) =>
    ((await call('getAlbumList2', { type }, client)).albumList2.album as Json[]).map((a) => [a.name, a.playCount, a.played]);

  it('counts completed plays per user and song, keeps the latest play, and orders albums by plays or by the latest play', async () => {
    const [dawn, noon, indigo] = [(await songByTitle('Dawn')).id, (await songByTitle('Noon')).id, (await songByTitle('Indigo')).id];
    const before = Date.now();
    expect(await albums('frequent')).toEqual([]);
    // Through the real client: two plays of Dawn, one of Noon (album First Light), Indigo (Blue) yesterday.
    expect((await api.scrobble({ id: dawn })).status).toBe('ok');
    expect((await api.scrobble({ id: [dawn, noon] })).status).toBe('ok');
    const yesterday = Date.now() - 86_400_000;
    await scrobbleOnce({ id: indigo, time: yesterday });
    const song = (await call('getSong', { id: dawn })).song;
    expect(song.playCount).toBe(2);
    expect(Date.parse(song.played)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(song.played)).toBeLessThanOrEqual(Date.now());
    expect((await call('getSong', { id: indigo })).song).toMatchObject({ playCount: 1, played: new Date(yesterday).toISOString() });
    expect((await call('getSong', { id: (await songByTitle('Gust')).id })).song.playCount).toBeUndefined();
    expect((await albums('frequent')).map(([name, count]) => [name, count])).toEqual([['First Light', 3], ['Blue', 1]]);
    expect((await albums('recent')).map(([name]) => name)).toEqual(['First Light', 'Blue']);
    // A play submitted late with an older time counts, and leaves the later last play.
    await scrobbleOnce({ id: indigo, time: yesterday - 3_600_000 });
    expect((await call('getSong', { id: indigo })).song).toMatchObject({ playCount: 2, played: new Date(yesterday).toISOString() });
    // Two more plays of Indigo now: Blue leads both lists.
    await scrobbleOnce({ id: [indigo, indigo], time: [Date.now(), Date.now()] });
    expect((await albums('frequent')).map(([name, count]) => [name, count])).toEqual([['Blue', 4], ['First Light', 3]]);
    expect((await albums('recent')).map(([name]) => name)).toEqual(['Blue', 'First Light']);
    // Another user's lists are their own.
    const keyOnly = new SubsonicAPI({ url: library.baseUrl, auth: { apiKey: library.apiKey } });
    expect(await albums('frequent', keyOnly)).toEqual([]);
    expect((await call('getSong', { id: dawn }, keyOnly)).song.playCount).toBeUndefined();
  });

  it('a bad scrobble records nothing: 70 unknown song, 10 no id, 0 a time per id missing, a future time or a bad submission', async () => {
    const gale = (await songByTitle('Gale')).id;
    expect(await errorCode('scrobble', { id: 999_999 })).toBe(70);
    expect(await errorCode('scrobble', {})).toBe(10);
    const response = await library.rest('scrobble', { f: 'json', id: gale, time: Date.now() + 3 * 86_400_000 });
    expect(((await response.json()) as Json)['subsonic-response'].error.code).toBe(0);
    expect(await errorCode('scrobble', { id: gale, submission: 'maybe' })).toBe(0);
    const url = `id=${gale}&id=${gale}&time=${Date.now()}`;
    const mismatch = (await (await library.rest(`scrobble?${url}`, { f: 'json' })).json()) as Json;
    expect(mismatch['subsonic-response'].error.code).toBe(0);
    expect((await call('getSong', { id: gale })).song.playCount).toBeUndefined();
  });

  it('submission=false sets what the user plays now: getNowPlaying lists it with user, player and minutes, until replaced', async () => {
    const [moss, fern] = [(await songByTitle('Moss')).id, (await songByTitle('Fern')).id];
    expect((await api.scrobble({ id: moss, submission: false })).status).toBe('ok');
    await api.scrobble({ id: fern, submission: false });
    const answer = await api.getNowPlaying();
    expect(answer.status).toBe('ok');
    const entries = answer.nowPlaying.entry ?? [];
    expect(entries).toHaveLength(1);
    const [entry] = entries as unknown as Json[];
    expect(entry).toMatchObject({ id: fern, title: 'Fern', username: 'ann', minutesAgo: 0, playerName: 'subsonic-api' });
    expect(entry!.playerId).toBeGreaterThanOrEqual(1);
    expect(schemaErrorsAt('schemas/Child.json', entry)).toEqual([]);
    // Not a completed play.
    expect((await call('getSong', { id: fern })).song.playCount).toBeUndefined();
    // XML carries the same entry.
    const xml = await (await api.custom('getNowPlaying.view', { f: 'xml' })).text();
    expect(xml).toMatch(new RegExp(`<entry [^>]*id="${fern}"[^>]*username="ann"`));
  });
});

describe('stars: star, unstar, getStarred2, getStarred, and starred on songs, albums and artists', () => {
  it('stars songs, albums and artists per user, shows `starred` wherever they appear, lists them latest first, and unstars', async () => {
    const moss = await songByTitle('Moss');
    const navy = await songByTitle('Navy');
    const green = moss.albumId as string;
    const gamma = (await call('getAlbum', { id: green })).album.artistId as string;
    const before = Date.now();
    expect((await api.star({ id: moss.id })).status).toBe('ok');
    expect((await api.star({ albumId: green })).status).toBe('ok');
    expect((await api.star({ artistId: gamma })).status).toBe('ok');
    // A folder id as `id` (folder-based clients): the album Blue.
    expect((await api.star({ id: navy.albumId })).status).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await api.star({ id: navy.id })).status).toBe('ok');

    const starred2 = (await call('getStarred2')).starred2;
    expect(starred2.song.map((s: Json) => s.title)).toEqual(['Navy', 'Moss']);
    expect(starred2.album.map((a: Json) => a.name)).toEqual(['Blue', 'Green']);
    expect(starred2.artist.map((a: Json) => a.name)).toEqual(['Gamma']);
    for (const song of starred2.song) expect(schemaErrorsAt('schemas/Child.json', song)).toEqual([]);
    for (const album of starred2.album) expect(schemaErrorsAt('schemas/AlbumID3.json', album)).toEqual([]);
    for (const artist of starred2.artist) expect(schemaErrorsAt('schemas/ArtistID3.json', artist)).toEqual([]);
    const mossStar = Date.parse(starred2.song[1].starred);
    expect(mossStar).toBeGreaterThanOrEqual(before - 1000);
    expect(mossStar).toBeLessThanOrEqual(Date.now());
    const starred = (await call('getStarred')).starred;
    expect(starred.song.map((s: Json) => s.title)).toEqual(['Navy', 'Moss']);
    expect(starred.album.map((a: Json) => [a.title, a.isDir])).toEqual([['Blue', true], ['Green', true]]);
    expect(starred.artist.map((a: Json) => a.name)).toEqual(['Gamma']);
    for (const artist of starred.artist) expect(schemaErrorsAt('schemas/Artist.json', artist)).toEqual([]);
    for (const child of [...starred.album, ...starred.song]) expect(schemaErrorsAt('schemas/Child.json', child)).toEqual([]);

    // `starred` where they appear: the song, the album and its songs, the artists list, the album list.
    expect((await call('getSong', { id: moss.id })).song.starred).toBe(starred2.song[1].starred);
    const album = (await call('getAlbum', { id: green })).album;
    expect(album.starred).toBe(starred2.album[1].starred);
    expect(album.song.filter((s: Json) => s.starred !== undefined).map((s: Json) => s.title)).toEqual(['Moss']);
    const artists = (await call('getArtists')).artists.index.flatMap((i: Json) => i.artist);
    expect(artists.filter((a: Json) => a.starred !== undefined).map((a: Json) => a.name)).toEqual(['Gamma']);
    expect((await call('getAlbumList2', { type: 'starred' })).albumList2.album.map((a: Json) => a.name)).toEqual(['Blue', 'Green']);
    // Starring again keeps the first time.
    await api.star({ id: moss.id });
    expect((await call('getSong', { id: moss.id })).song.starred).toBe(starred2.song[1].starred);

    // Another user's stars are their own.
    const keyOnly = new SubsonicAPI({ url: library.baseUrl, auth: { apiKey: library.apiKey } });
    expect((await call('getStarred2', {}, keyOnly)).starred2).toEqual({ artist: [], album: [], song: [] });
    expect((await call('getSong', { id: moss.id }, keyOnly)).song.starred).toBeUndefined();

    expect((await api.unstar({ id: [moss.id, navy.id] })).status).toBe('ok');
    expect((await api.unstar({ albumId: [green, navy.albumId], artistId: gamma })).status).toBe('ok');
    expect((await call('getStarred2')).starred2).toEqual({ artist: [], album: [], song: [] });
    expect((await call('getSong', { id: moss.id })).song.starred).toBeUndefined();
  });

  it('a bad star stars nothing: 70 for an unknown song, album or artist, 10 for no item', async () => {
    const gust = await songByTitle('Gust');
    expect(await errorCode('star', { id: 999_999 })).toBe(70);
    expect(await errorCode('star', { id: 'song' })).toBe(70);
    expect(await errorCode('star', { albumId: 'al-0000000000000000' })).toBe(70);
    expect(await errorCode('star', { artistId: 'ar-0000000000000000' })).toBe(70);
    expect(await errorCode('star', {})).toBe(10);
    const both = (await (await library.rest(`star?id=${gust.id}&albumId=al-0000000000000000`, { f: 'json' })).json()) as Json;
    expect(both['subsonic-response'].error.code).toBe(70);
    expect((await call('getSong', { id: gust.id })).song.starred).toBeUndefined();
    // Unstarring what is not starred (or no longer exists) is no error.
    expect((await api.unstar({ id: '999999' })).status).toBe('ok');
  });
});

describe('ratings: setRating, userRating on songs, albums and artists, the highest album list', () => {
  it('rates songs, albums and artists 1…5 per user, shows userRating where they appear, orders `highest`, and 0 removes', async () => {
    const dawn = await songByTitle('Dawn');
    const indigo = await songByTitle('Indigo');
    const firstLight = dawn.albumId as string;
    const blue = indigo.albumId as string;
    const alpha = dawn.artistId as string;
    expect((await api.setRating({ id: dawn.id, rating: 5 })).status).toBe('ok');
    expect((await api.setRating({ id: blue, rating: 4 })).status).toBe('ok');
    expect((await api.setRating({ id: firstLight, rating: 2 })).status).toBe('ok');
    expect((await api.setRating({ id: alpha, rating: 3 })).status).toBe('ok');
    expect((await call('getSong', { id: dawn.id })).song.userRating).toBe(5);
    const album = (await call('getAlbum', { id: firstLight })).album;
    expect(album.userRating).toBe(2);
    expect(album.song.map((s: Json) => [s.title, s.userRating])).toEqual([['Dawn', 5], ['Noon', undefined]]);
    const folders = (await call('getIndexes')).indexes.index.flatMap((i: Json) => i.artist);
    expect(folders.find((a: Json) => a.id === alpha).userRating).toBe(3);
    expect((await call('getMusicDirectory', { id: alpha })).directory.child.map((c: Json) => [c.title, c.userRating])).toEqual([
      ['First Light', 2],
      ['Second Wind', undefined],
    ]);
    expect((await call('getAlbumList2', { type: 'highest' })).albumList2.album.map((a: Json) => [a.name, a.userRating])).toEqual([
      ['Blue', 4],
      ['First Light', 2],
    ]);
    // A new rating replaces the old one; another user's are their own; 0 removes.
    await api.setRating({ id: firstLight, rating: 5 });
    expect((await call('getAlbumList2', { type: 'highest' })).albumList2.album.map((a: Json) => a.name)).toEqual(['First Light', 'Blue']);
    const keyOnly = new SubsonicAPI({ url: library.baseUrl, auth: { apiKey: library.apiKey } });
    expect((await call('getAlbumList2', { type: 'highest' }, keyOnly)).albumList2.album).toEqual([]);
    expect((await call('getSong', { id: dawn.id }, keyOnly)).song.userRating).toBeUndefined();
    for (const id of [dawn.id, blue, firstLight, alpha]) await api.setRating({ id, rating: 0 });
    expect((await call('getSong', { id: dawn.id })).song.userRating).toBeUndefined();
    expect((await call('getAlbumList2', { type: 'highest' })).albumList2.album).toEqual([]);
  });

  it('a bad rating changes nothing: 0 for a rating outside 0…5, 10 for a missing id or rating, 70 for an unknown item', async () => {
    const gale = await songByTitle('Gale');
    expect(await errorCode('setRating', { id: gale.id, rating: 6 })).toBe(0);
    expect(await errorCode('setRating', { id: gale.id, rating: 'good' })).toBe(0);
    expect(await errorCode('setRating', { rating: 3 })).toBe(10);
    expect(await errorCode('setRating', { id: gale.id })).toBe(10);
    expect(await errorCode('setRating', { id: 999_999, rating: 3 })).toBe(70);
    expect(await errorCode('setRating', { id: 'al-0000000000000000', rating: 3 })).toBe(70);
    expect((await call('getSong', { id: gale.id })).song.userRating).toBeUndefined();
  });
});

describe('no N+1', () => {
  it('Child entries of 2 or 9 songs take the same number of SQL statements', async () => {
    const statements: string[] = [];
    const orm = await openDatabase({
      dbPath: library.config.dbPath,
      overrides: { contextName: 'subsonic-count', debug: ['query'], logger: (message: string) => statements.push(message) },
    });
    try {
      const { childEntries } = await import('../../server/subsonic/childEntry.ts');
      const { subsonicContext } = await import('../../server/subsonic/subsonicContext.ts');
      const { SubsonicParams } = await import('../../server/subsonic/subsonicParams.ts');
      const { UserRepository } = await import('../../server/db/UserRepository.ts');
      const all = (await new TrackRepository(orm.em.fork()).searchSlice('', 100, 0)).slice(0, 9);
      const ann = await new UserRepository(orm.em.fork()).getByName('ann');
      const count = async (n: number) => {
        const context = subsonicContext(new SubsonicParams(new URLSearchParams()), orm.em.fork(), library.config, ann);
        await context.roots();
        statements.length = 0;
        const entries = await childEntries(context, all.slice(0, n));
        expect(entries).toHaveLength(n);
        return statements.length;
      };
      const two = await count(2);
      expect(two).toBeGreaterThan(0);
      expect(await count(9)).toBe(two);
    } finally {
      await orm.close();
    }
  });
});

describe('shutdown (last: it closes the server)', () => {
  it('does not wait for a paused Subsonic player: /rest/stream and /rest/download end with the server', async () => {
    // A long file, added as a track without analysis (stream needs none).
    const longFile = path.join(library.root, 'long.wav');
    execFileSync(resolveFfmpegBinary(), ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=600', '-ac', '2', '-y', longFile]);
    const orm = await openDatabase({ dbPath: library.config.dbPath, overrides: { contextName: 'subsonic-long' } });
    let id: number;
    try {
      id = (await new TrackRepository(orm.em.fork()).add({ path: longFile })).id;
    } finally {
      await orm.close();
    }
    // A player that read a little and then paused (its buffer full): the connections stay open.
    const transcode = await library.rest('stream', { id, format: 'opus' });
    await transcode.body!.getReader().read();
    const original = await library.rest('download', { id });
    await original.body!.getReader().read();
    const closed = await Promise.race([library.server.close().then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 5_000, 'still waiting'))]);
    expect(closed).toBe('closed');
  });
});
