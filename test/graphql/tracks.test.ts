/** Track CRUD and the `tracks` connection (filters, order, keyset pages) through the real yoga instance. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHarness, type Harness } from './harness.ts';
import { mixFile } from './libraryFiles.ts';

let h: Harness;
const added: Record<string, { id: string; path: string }> = {};

const ADD = `mutation ($p: String!) {
  addTrack(path: $p) {
    track { id databaseId path title artist album albumArtist trackNumber year genre durationSeconds sampleRate channels codec fileSize fingerprintStatus lastError fingerprint { lufs } }
    userErrors { field message code }
  }
}`;

const LIBRARY = [
  { file: 'a.flac', tags: { title: 'Alpha', artist: 'Nadia', album: 'First Light', album_artist: 'Nadia', track: '1', date: '2019', genre: 'Ambient' } },
  { file: 'b.flac', tags: { title: 'Bravo', artist: 'Nadia', album: 'First Light', track: '2', date: '2019' } },
  { file: 'c.flac', tags: { title: 'Charlie', artist: 'Otto', album: 'Night Drive', track: '1', date: '2021' } },
  { file: 'd.flac', tags: { title: 'Delta', artist: 'Otto', album: 'Night Drive', track: '2', date: '2021' } },
  { file: 'e.flac', tags: { artist: 'Untitled Band' } },
] as const;

beforeAll(async () => {
  h = await createHarness();
  for (const [index, entry] of LIBRARY.entries()) {
    const file = await mixFile(h.libraryRoot, entry.file, { seed: index + 1, tags: entry.tags });
    const r = await h.gql(ADD, { p: file });
    expect(r.data?.addTrack.userErrors).toEqual([]);
    added[entry.file] = { id: r.data?.addTrack.track.id, path: file };
  }
});
afterAll(() => h.close());

describe('addTrack', () => {
  test('stores the tags ffmpeg wrote and the format facts of the file', async () => {
    const r = await h.gql('query ($id: ID!) { track(id: $id) { path title artist album albumArtist trackNumber year genre durationSeconds sampleRate channels codec fileSize fileModifiedAt createdAt updatedAt fingerprintStatus lastError fingerprint { lufs } } }', {
      id: added['a.flac'].id,
    });
    const track = r.data?.track;
    expect(track).toMatchObject({
      path: added['a.flac'].path,
      title: 'Alpha',
      artist: 'Nadia',
      album: 'First Light',
      albumArtist: 'Nadia',
      trackNumber: 1,
      year: 2019,
      genre: 'Ambient',
      sampleRate: 44100,
      channels: 2,
      codec: 'flac',
      fingerprintStatus: 'MISSING',
      lastError: null,
      fingerprint: null,
    });
    expect(track.durationSeconds).toBeCloseTo(6, 2);
    const info = await stat(added['a.flac'].path);
    expect(track.fileSize).toBe(info.size);
    expect(track.fileModifiedAt).toBe(new Date(info.mtimeMs).toISOString());
    for (const instant of [track.createdAt, track.updatedAt]) {
      expect(instant).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(instant) - Date.now())).toBeLessThan(120_000);
    }
  });

  test('a relative path resolves against the library root; the same file twice is refused', async () => {
    const again = await h.gql(ADD, { p: 'a.flac' });
    expect(again.data?.addTrack.track).toBeNull();
    expect(again.data?.addTrack.userErrors).toEqual([
      { field: ['path'], code: 'TRACK_ALREADY_EXISTS', message: `\`${added['a.flac'].path}\`: a track with this path already exists` },
    ]);
  });

  test('two concurrent adds of one file: one track, one TRACK_ALREADY_EXISTS', async () => {
    const file = await mixFile(h.libraryRoot, 'twice.flac', { seed: 9 });
    const results = await Promise.all([h.gql(ADD, { p: file }), h.gql(ADD, { p: file })]);
    const codes = results.map((r) => r.data?.addTrack.userErrors[0]?.code ?? 'ADDED').sort();
    expect(codes).toEqual(['ADDED', 'TRACK_ALREADY_EXISTS']);
    const added = results.find((r) => r.data?.addTrack.track !== null)!;
    await h.gql('mutation ($id: ID!) { deleteTrack(id: $id) { userErrors { code } } }', { id: added.data?.addTrack.track.id });
  });

  test('the node query finds a track by global ID', async () => {
    const r = await h.gql('query ($id: ID!) { node(id: $id) { id ... on Track { title } } }', { id: added['c.flac'].id });
    expect(r.data?.node).toEqual({ id: added['c.flac'].id, title: 'Charlie' });
  });
});

describe('tracks connection', () => {
  const PAGE = `query ($first: Int, $after: String, $where: TrackWhere, $orderBy: TrackOrder) {
    tracks(first: $first, after: $after, where: $where, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { title artist } }
    }
  }`;

  test('keyset pages walk every track once, in id order', async () => {
    const titles: (string | null)[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: { data?: Record<string, any> | null } = await h.gql(PAGE, { first: 2, after });
      const conn: any = r.data?.tracks;
      expect(conn.totalCount).toBe(5);
      titles.push(...conn.edges.map((e: { node: { title: string | null } }) => e.node.title));
      pages += 1;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(titles).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', null]);
  });

  test('orderBy TITLE DESC puts NULL last and pages consistently', async () => {
    const first = await h.gql(PAGE, { first: 3, orderBy: { field: 'TITLE', direction: 'DESC' } });
    const rest = await h.gql(PAGE, { first: 3, after: first.data?.tracks.pageInfo.endCursor, orderBy: { field: 'TITLE', direction: 'DESC' } });
    const titles = [...first.data?.tracks.edges, ...rest.data?.tracks.edges].map((e: { node: { title: string | null } }) => e.node.title);
    expect(titles).toEqual(['Delta', 'Charlie', 'Bravo', 'Alpha', null]);
    expect(rest.data?.tracks.pageInfo.hasNextPage).toBe(false);
  });

  test('orderBy ARTIST ASC breaks ties by id', async () => {
    const r = await h.gql(PAGE, { first: 10, orderBy: { field: 'ARTIST' } });
    expect(r.data?.tracks.edges.map((e: { node: { title: string | null } }) => e.node.title)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', null]);
  });

  test('where: search, artist, album and status combine with AND', async () => {
    const search = await h.gql(PAGE, { where: { search: 'night' } });
    expect(search.data?.tracks.totalCount).toBe(2);
    const artist = await h.gql(PAGE, { where: { artist: 'Nadia', search: 'RAVO' } });
    expect(artist.data?.tracks.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Bravo']);
    const album = await h.gql(PAGE, { where: { album: 'Night Drive', fingerprintStatus: 'MISSING' } });
    expect(album.data?.tracks.totalCount).toBe(2);
    const none = await h.gql(PAGE, { where: { fingerprintStatus: 'CURRENT' } });
    expect(none.data?.tracks.totalCount).toBe(0);
  });

  test('where.search is literal: `50%` finds `50% Off`, not `500 Miles`', async () => {
    const ids: string[] = [];
    for (const [file, title] of [['miles.flac', '500 Miles'], ['off.flac', '50% Off']]) {
      const r = await h.gql(ADD, { p: await mixFile(h.libraryRoot, file, { seed: 7, tags: { title } }) });
      expect(r.data?.addTrack.userErrors).toEqual([]);
      ids.push(r.data?.addTrack.track.id);
    }
    try {
      const titles = async (search: string) => {
        const r = await h.gql(PAGE, { where: { search } });
        return { count: r.data?.tracks.totalCount, titles: r.data?.tracks.edges.map((e: { node: { title: string } }) => e.node.title) };
      };
      expect(await titles('50%')).toEqual({ count: 1, titles: ['50% Off'] });
      expect(await titles('50')).toEqual({ count: 2, titles: ['500 Miles', '50% Off'] });
      expect(await titles('_0')).toEqual({ count: 0, titles: [] });
    } finally {
      for (const id of ids) await h.gql('mutation ($id: ID!) { deleteTrack(id: $id) { userErrors { code } } }', { id });
    }
  });

  test('tracksMissingFingerprint lists the tracks without a fingerprint row', async () => {
    const r = await h.gql('{ tracksMissingFingerprint(first: 10) { totalCount edges { node { title } } } }');
    expect(r.data?.tracksMissingFingerprint.totalCount).toBe(5);
  });
});

describe('updateTrack and deleteTrack', () => {
  test('updateTrack changes the given tags, clears null ones and leaves the rest', async () => {
    const r = await h.gql(
      'mutation ($id: ID!, $input: TrackTagsInput!) { updateTrack(id: $id, input: $input) { track { title artist album genre year } userErrors { code } } }',
      { id: added['a.flac'].id, input: { title: 'Alpha (Remaster)', genre: null, year: 2020 } },
    );
    expect(r.data?.updateTrack).toEqual({
      track: { title: 'Alpha (Remaster)', artist: 'Nadia', album: 'First Light', genre: null, year: 2020 },
      userErrors: [],
    });
    const bad = await h.gql('mutation ($id: ID!) { updateTrack(id: $id, input: { year: -3 }) { track { id } userErrors { field code message } } }', {
      id: added['a.flac'].id,
    });
    expect(bad.data?.updateTrack.userErrors).toEqual([
      { field: ['input', 'year'], code: 'INVALID_TRACK', message: '`year`: expected a non-negative integer, received -3' },
    ]);
  });

  test('deleteTrack removes the track; the file stays', async () => {
    const r = await h.gql('mutation ($id: ID!) { deleteTrack(id: $id) { deletedTrackId userErrors { code } } }', { id: added['e.flac'].id });
    expect(r.data?.deleteTrack).toEqual({ deletedTrackId: added['e.flac'].id, userErrors: [] });
    const gone = await h.gql('query ($id: ID!) { track(id: $id) { id } }', { id: added['e.flac'].id });
    expect(gone.data?.track).toBeNull();
    expect((await stat(path.join(h.libraryRoot, 'e.flac'))).isFile()).toBe(true);
  });
});
