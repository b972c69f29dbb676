import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { createOrm, openDatabase } from '../../server/db/createOrm.ts';
import { timestampValue } from '../../server/db/sql.ts';
import { FingerprintRepository, fingerprintValuesOf, MATRIX_PAGE_ROWS, UPSERT_CHUNK_ROWS } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { fingerprintToGroups, fingerprintToVector } from '../../server/db/TrackFingerprint.ts';
import { MAX_PAGE_SIZE } from '../../server/db/pagination.ts';
import { isAuralisError } from '../../server/errors.ts';
import { DIMENSIONS, DIMENSION_GROUPS, FINGERPRINT_VERSION } from '../../server/fingerprint/dimensions.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { sql, syntheticStep, syntheticValueAt, syntheticValues, tempDir } from './helpers.ts';

const temp = tempDir();
let orm: MikroORM;
/** The database on the test engine (an SQLite file, or a PostgreSQL URL with AURALIS_TEST_ENGINE=postgres). */
let dbUrl: string;
/** Every SQL statement the ORM ran since the last reset (MikroORM query logger). */
const statements: string[] = [];

beforeAll(async () => {
  dbUrl = await freshDatabaseUrl(temp.file('library.db'));
  orm = await openDatabase({
    dbPath: dbUrl,
    overrides: { debug: ['query'], colors: false, logger: (message: string) => statements.push(message) },
  });
});

afterAll(async () => {
  await orm?.close();
  temp.cleanup();
});

beforeEach(async () => {
  await sql(orm, 'delete from tracks');
  statements.length = 0;
});

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAuralisError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

function repositories() {
  const em = orm.em.fork();
  return { em, tracks: new TrackRepository(em), fingerprints: new FingerprintRepository(em) };
}

/** Inserts `count` tracks in one transaction (raw SQL: this is test setup) and returns their ids in order. */
async function addTracks(count: number, prefix = '/music/lib'): Promise<number[]> {
  const now = timestampValue(orm.em, new Date());
  return orm.em.fork().transactional(async (em) => {
    const ids: number[] = [];
    for (let i = 1; i <= count; i++) {
      const [row] = await em.execute<{ id: number }[]>(
        'insert into tracks (path, title, created_at, updated_at) values (?, ?, ?, ?) returning id',
        [`${prefix}/${i}.flac`, `T${i}`, now, now],
        'all',
      );
      ids.push(row!.id);
    }
    return ids;
  });
}

const queriesMatching = (pattern: RegExp) => statements.filter((s) => pattern.test(s));
const BY_ID = { field: 'id', direction: 'asc' } as const;

describe('TrackRepository', () => {
  it('adds a track with its fields and status MISSING, and finds it by id and path', async () => {
    const { tracks } = repositories();
    const track = await tracks.add({
      path: '/music/a/b.mp3',
      title: 'Song',
      artist: 'Band',
      album: 'LP',
      albumArtist: 'Band',
      trackNumber: 3,
      discNumber: 1,
      year: 1999,
      genre: 'Rock',
      durationSeconds: 181.5,
      sampleRate: 44100,
      channels: 2,
      codec: 'mp3',
      bitrate: 192000,
      fileSize: 4_345_678,
      fileMtime: 1_700_000_000_123.5,
    });
    const [row] = await sql(orm, 'select * from tracks where id = ?', [track.id]);
    // file_size is a bigint on PostgreSQL, which pg returns as a decimal string.
    expect({ ...row, file_size: Number(row!.file_size) }).toMatchObject({
      path: '/music/a/b.mp3',
      title: 'Song',
      album_artist: 'Band',
      track_number: 3,
      duration_seconds: 181.5,
      sample_rate: 44100,
      bitrate: 192000,
      file_size: 4_345_678,
      file_mtime: 1_700_000_000_123.5,
      fingerprint_status: 'MISSING',
      last_error: null,
    });
    const other = repositories().tracks;
    expect((await other.getById(track.id))?.path).toBe('/music/a/b.mp3');
    expect((await other.getByPath('/music/a/b.mp3'))?.id).toBe(track.id);
    expect(await other.getById(track.id + 1000)).toBeNull();
  });

  it('rejects a duplicate path, a relative path and bad fields with named errors, writing nothing', async () => {
    const { tracks } = repositories();
    await tracks.add({ path: '/music/x.wav' });
    expect(await rejection(tracks.add({ path: '/music/x.wav' }))).toMatchObject({ code: 'TRACK_ALREADY_EXISTS' });
    const relative = await rejection(tracks.add({ path: 'music/x.wav' }));
    expect(relative).toMatchObject({ code: 'INVALID_TRACK' });
    expect(relative.message).toContain('expected an absolute file path, received "music/x.wav"');
    expect(await rejection(tracks.add({ path: '/music/y.wav', year: 19.5 }))).toMatchObject({ code: 'INVALID_TRACK' });
    expect(await rejection(tracks.add({ path: '/music/y.wav', durationSeconds: Number.NaN }))).toMatchObject({
      code: 'INVALID_TRACK',
    });
    expect(await rejection(tracks.add({ path: '/music/y.wav', colour: 'red' } as never))).toMatchObject({
      code: 'INVALID_TRACK',
    });
    expect(await repositories().tracks.count()).toBe(1);
  });

  it('updates fields, refuses a path already taken, and reports unknown ids', async () => {
    const [a, b] = await addTracks(2);
    const { tracks } = repositories();
    const updated = await tracks.update(a!, { title: 'New', year: null });
    expect(updated.title).toBe('New');
    expect((await repositories().tracks.getById(a!))?.title).toBe('New');
    expect(await rejection(tracks.update(a!, { path: '/music/lib/2.flac' }))).toMatchObject({ code: 'TRACK_ALREADY_EXISTS' });
    expect(await rejection(tracks.update(b! + 100, { title: 'x' }))).toMatchObject({ code: 'TRACK_NOT_FOUND' });
  });

  it('upserts by path: creates once, then updates the same row', async () => {
    const { tracks } = repositories();
    const first = await tracks.upsertByPath({ path: '/music/scan/1.ogg', title: 'One' });
    const second = await repositories().tracks.upsertByPath({ path: '/music/scan/1.ogg', title: 'Uno', fileSize: 10 });
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.track.id).toBe(first.track.id);
    const rows = await sql(orm, 'select title, file_size from tracks');
    expect(rows.map((row) => ({ ...row, file_size: Number(row.file_size) }))).toEqual([{ title: 'Uno', file_size: 10 }]);
    expect(second.track.fileSize).toBe(10);
  });

  it('pages by id with keyset `after`, filters, and caps the page size', async () => {
    const ids = await addTracks(12);
    const { tracks } = repositories();
    const page1 = await tracks.page({}, BY_ID, { first: 5 });
    expect(page1.nodes.map((t) => t.id)).toEqual(ids.slice(0, 5));
    expect(page1.hasNextPage).toBe(true);
    expect((await tracks.page({}, BY_ID, { first: 5, after: { id: ids[4]! } })).nodes.map((t) => t.id)).toEqual(ids.slice(5, 10));
    const last = await tracks.page({}, BY_ID, { first: 5, after: { id: ids[9]! } });
    expect(last.nodes.map((t) => t.id)).toEqual(ids.slice(10));
    expect(last.hasNextPage).toBe(false);
    expect((await tracks.page({ search: 'T1' }, BY_ID, { first: 50 })).nodes.map((t) => t.title)).toEqual(['T1', 'T10', 'T11', 'T12']);
    expect(await tracks.count({ search: 'T1' })).toBe(4);
    const tooMany = await rejection(tracks.page({}, BY_ID, { first: MAX_PAGE_SIZE + 1 }));
    expect(tooMany).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED' });
    expect(tooMany.message).toBe('first: at most 500 rows per page, received 501');
    expect(await rejection(tracks.page({}, BY_ID, { first: -1 }))).toMatchObject({ code: 'INVALID_PAGINATION' });
    expect(await rejection(tracks.page({}, BY_ID, { first: 1.5 }))).toMatchObject({ code: 'INVALID_PAGINATION' });
  });

  it('searches literally: `%`, `_` and `\\` match only themselves, combined with the other filters', async () => {
    const { tracks } = repositories();
    for (const [file, title, artist] of [
      ['1', '500 Miles', 'Hedy'],
      ['2', '50% Off', 'Hedy'],
      ['3', 'A_B', 'Other'],
      ['4', 'AXB', 'Other'],
      ['5', 'C\\D', 'Other'],
    ]) {
      await tracks.add({ path: `/music/search/${file}.flac`, title, artist });
    }
    const titles = async (search: string, artist?: string) =>
      (await repositories().tracks.page({ search, artist }, BY_ID, { first: 50 })).nodes.map((t) => t.title);
    expect(await titles('50%')).toEqual(['50% Off']);
    expect(await tracks.count({ search: '50%' })).toBe(1);
    expect(await titles('50')).toEqual(['500 Miles', '50% Off']);
    expect(await titles('a_b')).toEqual(['A_B']);
    expect(await titles('C\\D')).toEqual(['C\\D']);
    expect(await titles('%')).toEqual(['50% Off']);
    expect(await titles('50%', 'Other')).toEqual([]);
    expect(await titles('hedy', 'Hedy')).toEqual(['500 Miles', '50% Off']);
  });

  it('batch-loads tracks by id in ONE query, in key order, with null for unknown ids', async () => {
    const [a, b, c] = await addTracks(3);
    const { tracks } = repositories();
    statements.length = 0;
    const loaded = await tracks.loadByIds([c!, 999, a!, c!, b!]);
    expect(loaded.map((t) => t?.id ?? null)).toEqual([c, null, a, c, b]);
    expect(queriesMatching(/select/i)).toHaveLength(1);
  });

  it('records a failure with its message and counts tracks by status', async () => {
    const [a, b] = await addTracks(3);
    const { tracks, fingerprints } = repositories();
    expect(await tracks.setStatus(a!, 'FAILED', '`/music/lib/1.flac`: ffmpeg could not decode')).toBe(1);
    await fingerprints.upsert({ trackId: b!, values: syntheticValues(1) });
    expect(await repositories().tracks.countByStatus()).toEqual({ MISSING: 1, CURRENT: 1, STALE: 0, FAILED: 1 });
    const [row] = await sql(orm, 'select fingerprint_status, last_error from tracks where id = ?', [a]);
    expect(row).toEqual({ fingerprint_status: 'FAILED', last_error: '`/music/lib/1.flac`: ffmpeg could not decode' });
    expect(await rejection(tracks.setStatus(a!, 'DONE' as never))).toMatchObject({ code: 'INVALID_TRACK' });
  });

  it('deletes a track together with its fingerprint', async () => {
    const [a, b] = await addTracks(2);
    const { tracks, fingerprints } = repositories();
    await fingerprints.upsertMany([
      { trackId: a!, values: syntheticValues(1) },
      { trackId: b!, values: syntheticValues(2) },
    ]);
    expect(await tracks.delete(a!)).toBe(true);
    expect(await tracks.delete(a!)).toBe(false);
    const other = repositories().fingerprints;
    expect(await other.getByTrackId(a!)).toBeNull();
    expect(await other.count()).toBe(1);
  });
});

describe('FingerprintRepository writes', () => {
  it('stores exactly the 25 values, with version and timestamps, and marks the track CURRENT', async () => {
    const [id] = await addTracks(1);
    const { fingerprints, tracks } = repositories();
    const values = syntheticValues(-7.5);
    const stored = await fingerprints.upsert({ trackId: id!, values });
    expect(fingerprintValuesOf(stored)).toEqual(values);
    expect(stored.fingerprintVersion).toBe(FINGERPRINT_VERSION);
    expect(stored.createdAt).toBeInstanceOf(Date);
    expect(stored.trackId).toBe(id);
    expect((await tracks.getByIdOrFail(id!)).fingerprintStatus).toBe('CURRENT');

    const [row] = await sql<Record<string, number>>(orm, 'select * from track_fingerprints where track_id = ?', [id]);
    for (const d of DIMENSIONS) expect(row![d.column]).toBe(values[d.key]);
    const reloaded = await repositories().fingerprints.getByTrackId(id!);
    expect(fingerprintToVector(reloaded!)).toEqual(DIMENSIONS.map((d) => values[d.key]));
    const groups = fingerprintToGroups(reloaded!);
    expect(Object.keys(groups)).toEqual([...DIMENSION_GROUPS]);
    expect(groups.dynamics).toEqual({ lufs: values.lufs, crestDb: values.crestDb, bassMidRatio: values.bassMidRatio });
  });

  it('upserts with ONE INSERT … ON CONFLICT statement, keeping the row id and createdAt', async () => {
    const [id] = await addTracks(1);
    const first = await repositories().fingerprints.upsert({ trackId: id!, values: syntheticValues(1) });
    statements.length = 0;
    const { fingerprints } = repositories();
    const second = await fingerprints.upsert({ trackId: id!, values: syntheticValues(100) });
    const writes = queriesMatching(/insert into "track_fingerprints"/i);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/on conflict \("track_id"\) do update set/i);
    expect(queriesMatching(/update "track_fingerprints"|delete from "track_fingerprints"/i)).toHaveLength(0);
    expect(second.id).toBe(first.id);
    expect(second.createdAt.getTime()).toBe(first.createdAt.getTime());
    expect(second.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    expect(fingerprintValuesOf(second)).toEqual(syntheticValues(100));
    expect(await fingerprints.count()).toBe(1);
  });

  {
    it(`bulk-upserts in one transaction of multi-row statements, updating existing rows in place, last value winning`, async () => {
      const ids = await addTracks(1200, '/music/bulk');
      const { fingerprints } = repositories();
      // 200 rows exist before: they are updated in place (same row id, same createdAt).
      await fingerprints.upsertMany(ids.slice(0, 200).map((trackId) => ({ trackId, values: syntheticValues(0.5) })));
      const before = await sql<{ id: number; track_id: number; created_at: number }>(
        orm,
        'select id, track_id, created_at from track_fingerprints order by track_id',
      );
      statements.length = 0;
      const inputs = ids.map((trackId, i) => ({ trackId, values: syntheticValues(i) }));
      inputs.push({ trackId: ids[0]!, values: syntheticValues(-1) });
      expect(await fingerprints.upsertMany(inputs)).toBe(1200);
      // One transaction around all of it; multi-row statements carry UPSERT_CHUNK_ROWS rows each.
      expect(queriesMatching(/\] begin\b/i)).toHaveLength(1);
      expect(queriesMatching(/\] commit\b/i)).toHaveLength(1);
      const logged = queriesMatching(/insert into "track_fingerprints"/i);
      expect(logged).toHaveLength(Math.ceil(1200 / UPSERT_CHUNK_ROWS));
      for (const statement of logged) expect(statement).toMatch(/on conflict \("track_id"\) do update set/i);
      const after = await sql<{ id: number; track_id: number; created_at: number }>(
        orm,
        'select id, track_id, created_at from track_fingerprints where track_id <= ? order by track_id',
        [ids[199]],
      );
      expect(after).toEqual(before);
      const other = repositories().fingerprints;
      expect(await other.count()).toBe(1200);
      expect(fingerprintValuesOf((await other.getByTrackId(ids[0]!))!)).toEqual(syntheticValues(-1));
      expect(fingerprintValuesOf((await other.getByTrackId(ids[150]!))!)).toEqual(syntheticValues(150));
      expect(fingerprintValuesOf((await other.getByTrackId(ids[1199]!))!)).toEqual(syntheticValues(1199));
      expect((await repositories().tracks.countByStatus()).CURRENT).toBe(1200);
    });
  }

  it('rolls a bulk upsert back entirely when the surrounding transaction fails', async () => {
    const ids = await addTracks(10, '/music/rollback');
    await expect(
      orm.em.fork().transactional(async (em) => {
        await new FingerprintRepository(em).upsertMany(ids.map((trackId) => ({ trackId, values: syntheticValues(3) })));
        expect(await new FingerprintRepository(em).count()).toBe(10);
        throw new Error('abort after the upsert');
      }),
    ).rejects.toThrow('abort after the upsert');
    expect(await repositories().fingerprints.count()).toBe(0);
    expect((await repositories().tracks.countByStatus()).MISSING).toBe(10);
  });

  it('rejects bad values with named errors and writes nothing', async () => {
    const [a, b] = await addTracks(2);
    const { fingerprints } = repositories();
    const { lufs: _omitted, ...missingLufs } = syntheticValues(1);
    const missing = await rejection(fingerprints.upsert({ trackId: a!, values: missingLufs as never }));
    expect(missing).toMatchObject({ code: 'INVALID_FINGERPRINT' });
    expect(missing.message).toContain('missing 1: lufs');
    const nan = await rejection(fingerprints.upsert({ trackId: a!, values: { ...syntheticValues(1), tempoBpm: Number.NaN } }));
    expect(nan).toMatchObject({ code: 'INVALID_FINGERPRINT' });
    expect(nan.message).toBe('`tempoBpm`: expected a finite number (BPM), received NaN');
    expect(await rejection(fingerprints.upsert({ trackId: a!, values: { ...syntheticValues(1), loudness: 1 } as never }))).toMatchObject({
      code: 'UNKNOWN_DIMENSION',
    });
    expect(await rejection(fingerprints.upsert({ trackId: 123_456, values: syntheticValues(1) }))).toMatchObject({
      code: 'TRACK_NOT_FOUND',
    });
    expect(await rejection(fingerprints.upsert({ trackId: a!, values: syntheticValues(1), version: FINGERPRINT_VERSION + 1 }))).toMatchObject({
      code: 'INVALID_FINGERPRINT',
    });
    // A bulk call with one bad entry (bad value, or unknown track) writes none of the good ones.
    const bad = await rejection(
      fingerprints.upsertMany([
        { trackId: a!, values: syntheticValues(1) },
        { trackId: b!, values: { ...syntheticValues(1), lufs: Number.POSITIVE_INFINITY } },
      ]),
    );
    expect(bad).toMatchObject({ code: 'INVALID_FINGERPRINT' });
    expect(bad.message).toContain('inputs[1]: `lufs`');
    expect(
      await rejection(
        fingerprints.upsertMany([
          { trackId: a!, values: syntheticValues(1) },
          { trackId: 999_999, values: syntheticValues(1) },
        ]),
      ),
    ).toMatchObject({ code: 'TRACK_NOT_FOUND' });
    expect(await repositories().fingerprints.count()).toBe(0);
    expect((await repositories().tracks.countByStatus()).MISSING).toBe(2);
  });

  it('deletes back to MISSING', async () => {
    const [id] = await addTracks(1);
    const { fingerprints, tracks } = repositories();
    await fingerprints.upsert({ trackId: id!, values: syntheticValues(1) });
    expect(await fingerprints.delete(id!)).toBe(true);
    expect(await fingerprints.delete(id!)).toBe(false);
    expect(await fingerprints.getByTrackId(id!)).toBeNull();
    expect((await tracks.getByIdOrFail(id!)).fingerprintStatus).toBe('MISSING');
  });
});

describe('FingerprintRepository queries', () => {
  /** 40 tracks; track k (1-based) has lufs = −40 + k, tempoBpm = 80 + 2k, the rest synthetic. */
  async function library(): Promise<number[]> {
    const ids = await addTracks(40, '/music/q');
    await repositories().fingerprints.upsertMany(
      ids.map((trackId, i) => ({
        trackId,
        values: { ...syntheticValues(i), lufs: -40 + (i + 1), tempoBpm: 80 + 2 * (i + 1) },
      })),
    );
    return ids;
  }

  it('filters one dimension with inclusive bounds, ordered by track id', async () => {
    const ids = await library();
    const found = (await repositories().fingerprints.page({ lufs: { gte: -14, lte: -10 } })).nodes;
    expect(found.map((f) => f.trackId)).toEqual(ids.slice(25, 30));
    expect(found.map((f) => f.lufs)).toEqual([-14, -13, -12, -11, -10]);
  });

  it('filters several dimensions (AND) with gte/lte/gt/lt and keyset pages', async () => {
    const ids = await library();
    const { fingerprints } = repositories();
    const where = { lufs: { gte: -30, lt: -5 }, tempoBpm: { gt: 110, lte: 150 } };
    // lufs −30…−6 → k 10…34; tempo 112…150 → k 16…35; both → k 16…34.
    const all = (await fingerprints.page(where, { first: 100 })).nodes;
    expect(all.map((f) => f.trackId)).toEqual(ids.slice(15, 34));
    expect(await fingerprints.count(where)).toBe(19);
    const page1 = (await fingerprints.page(where, { first: 10 })).nodes;
    const page2 = (await fingerprints.page(where, { first: 10, after: { id: page1.at(-1)!.trackId } })).nodes;
    expect([...page1, ...page2].map((f) => f.trackId)).toEqual(ids.slice(15, 34));
    expect(page2).toHaveLength(9);
    // or / not: lufs ≤ −35 (k 1…5) or lufs ≥ −2 (k 38…40), without k 39.
    const composed = (
      await fingerprints.page({ or: [{ lufs: { lte: -35 } }, { lufs: { gte: -2 } }], not: [{ tempoBpm: { gte: 158, lte: 158 } }] }, { first: 100 })
    ).nodes;
    expect(composed.map((f) => f.trackId)).toEqual([...ids.slice(0, 5), ids[37], ids[39]]);
  });

  it('rejects unknown dimensions, empty or non-finite ranges and oversized pages', async () => {
    await library();
    const { fingerprints } = repositories();
    const unknown = await rejection(fingerprints.page({ loudness: { gte: 1 } } as never));
    expect(unknown).toMatchObject({ code: 'UNKNOWN_DIMENSION' });
    expect(unknown.message).toContain('`loudness`');
    const reversed = await rejection(fingerprints.page({ lufs: { gte: -10, lte: -14 } }));
    expect(reversed).toMatchObject({ code: 'INVALID_RANGE' });
    expect(reversed.message).toContain('`lufs`: range gte -10 > lte -14');
    expect(await rejection(fingerprints.page({ lufs: { gt: -10, lt: -10 } }))).toMatchObject({ code: 'INVALID_RANGE' });
    const nan = await rejection(fingerprints.page({ tempoBpm: { gte: Number.NaN } }));
    expect(nan).toMatchObject({ code: 'INVALID_RANGE' });
    expect(nan.message).toBe('`tempoBpm`: bound gte must be a finite number, received NaN');
    expect(await rejection(fingerprints.page({ lufs: { gte: -20, lte: Number.POSITIVE_INFINITY } }))).toMatchObject({ code: 'INVALID_RANGE' });
    expect(await rejection(fingerprints.page({ lufs: { min: 1 } as never }))).toMatchObject({ code: 'INVALID_RANGE' });
    expect(await rejection(fingerprints.page({}, { first: 501 }))).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED' });
    expect(await rejection(fingerprints.count({ lufs: { gte: -10, lte: -14 } }))).toMatchObject({ code: 'INVALID_RANGE' });
  });

  it('batch-loads fingerprints by track ids in ONE query, in key order, null where missing', async () => {
    const ids = await library();
    const [extra] = await addTracks(1, '/music/extra');
    const { fingerprints } = repositories();
    statements.length = 0;
    const keys = [ids[5]!, extra!, ids[0]!, ids[5]!, 777_777];
    const loaded = await fingerprints.loadByTrackIds(keys);
    expect(loaded.map((f) => f?.trackId ?? null)).toEqual([ids[5], null, ids[0], ids[5], null]);
    expect(queriesMatching(/select/i)).toHaveLength(1);
    expect(loaded[0]).toEqual(await fingerprints.getByTrackId(ids[5]!));
  });

  it('selects MISSING (no fingerprint row) and STALE (file changed or older version) tracks, with their counts', async () => {
    const ids = await library();
    const missing = await addTracks(3, '/music/new');
    const { tracks } = repositories();
    expect((await tracks.pageMissing({})).nodes.map((t) => t.id)).toEqual(missing);
    expect((await tracks.pageMissing({ after: { id: missing[0]! } })).nodes.map((t) => t.id)).toEqual(missing.slice(1));
    expect(await tracks.selectIds('MISSING')).toEqual(missing);
    expect(await tracks.countSelection('MISSING')).toBe(3);
    expect(await tracks.selectIds('STALE')).toEqual([]);
    await sql(orm, 'update track_fingerprints set fingerprint_version = ? where track_id in (?, ?)', [
      FINGERPRINT_VERSION - 1,
      ids[3],
      ids[7],
    ]);
    // The scan marks a changed file STALE: the same selection finds it.
    await tracks.setStatus(ids[5]!, 'STALE');
    expect(await repositories().tracks.selectIds('STALE')).toEqual([ids[3], ids[5], ids[7]]);
    expect(await repositories().tracks.countSelection('STALE')).toBe(3);
    expect(await repositories().tracks.selectIds('ALL')).toEqual([...ids, ...missing]);
  });

  it('computes per-dimension statistics with interpolated percentiles', async () => {
    // 100 tracks; track k (1…100) has dimension i = syntheticValueAt(i, k + i), affine in k with slope
    // syntheticStep(i). For 1…100, numpy.percentile gives p5 = 5.95 and p95 = 95.05; the population std is
    // sqrt((100² − 1)/12); both map through the same affine function.
    const ids = await addTracks(100, '/music/stats');
    await repositories().fingerprints.upsertMany(ids.map((trackId, k) => ({ trackId, values: syntheticValues(k + 1) })));
    const stats = await repositories().fingerprints.getStats();
    expect(stats.count).toBe(100);
    DIMENSIONS.forEach((d, i) => {
      const s = stats.dimensions![d.key];
      expect(s.min).toBe(syntheticValueAt(i, 1 + i));
      expect(s.max).toBe(syntheticValueAt(i, 100 + i));
      expect(s.mean).toBeCloseTo(syntheticValueAt(i, 50.5 + i), 10);
      expect(s.std).toBeCloseTo(syntheticStep(i) * Math.sqrt((100 * 100 - 1) / 12), 10);
      expect(s.p5).toBeCloseTo(syntheticValueAt(i, 5.95 + i), 10);
      expect(s.p95).toBeCloseTo(syntheticValueAt(i, 95.05 + i), 10);
    });
    await sql(orm, 'delete from tracks');
    expect(await repositories().fingerprints.getStats()).toEqual({ count: 0, dimensions: null });
  });

  it('exports the library as a packed matrix in track-id order', async () => {
    const ids = await library();
    const matrix = await repositories().fingerprints.getVectorMatrix();
    expect([...matrix.trackIds]).toEqual(ids);
    const lufsColumn = DIMENSIONS.findIndex((d) => d.key === 'lufs');
    expect(matrix.vectors[3 * DIMENSIONS.length + lufsColumn]).toBe(-36);
    expect(matrix.vectors.length).toBe(40 * DIMENSIONS.length);
  });

  it('reads a library of more than one page (MATRIX_PAGE_ROWS) in keyset pages: every row once, in order, as the per-id read', async () => {
    const ids = await addTracks(2 * MATRIX_PAGE_ROWS + 100, '/music/pages'); // three pages after the gaps
    const stored = ids.filter((_, i) => i % 1000 !== 7); // gaps in the ids
    await repositories().fingerprints.upsertMany(stored.map((trackId, i) => ({ trackId, values: syntheticValues(i % 1000) })));
    const matrix = await repositories().fingerprints.getVectorMatrix();
    expect(Array.from(matrix.trackIds)).toEqual(stored);
    expect(matrix.vectors.length).toBe(stored.length * DIMENSIONS.length);
    const boundaries = [0, MATRIX_PAGE_ROWS - 1, MATRIX_PAGE_ROWS, 2 * MATRIX_PAGE_ROWS, stored.length - 1];
    const byId = await repositories().fingerprints.getVectorMatrix(boundaries.map((i) => stored[i]!));
    boundaries.forEach((i, k) => {
      expect(Array.from(matrix.vectors.subarray(i * DIMENSIONS.length, (i + 1) * DIMENSIONS.length))).toEqual(
        Array.from(byId.vectors.subarray(k * DIMENSIONS.length, (k + 1) * DIMENSIONS.length)),
      );
      expect(matrix.versions[i]).toBe(FINGERPRINT_VERSION);
    });
  }, 60_000);
});

describe('concurrency (SQLite WAL, PostgreSQL MVCC)', () => {
  it('lets a second connection read the last committed state while the first one writes', async () => {
    const ids = await addTracks(50, '/music/wal');
    await repositories().fingerprints.upsertMany(ids.slice(0, 10).map((trackId) => ({ trackId, values: syntheticValues(1) })));
    // A second ORM in the same process needs its own context name: MikroORM keeps the current
    // transaction in AsyncLocalStorage under the context name, and would otherwise route the reader's
    // queries into the writer's transaction.
    const reader = await createOrm({ dbPath: dbUrl, overrides: { contextName: 'reader' } });
    try {
      const readerCount = () => new FingerprintRepository(reader.em.fork()).count();
      expect(await readerCount()).toBe(10);
      await orm.em.fork().transactional(async (em) => {
        await new FingerprintRepository(em).upsertMany(ids.slice(10).map((trackId) => ({ trackId, values: syntheticValues(2) })));
        expect(await new FingerprintRepository(em).count()).toBe(50);
        // The writer holds the write lock; the reader is not blocked and sees the committed 10.
        const started = performance.now();
        expect(await readerCount()).toBe(10);
        expect(performance.now() - started).toBeLessThan(1000);
      });
      expect(await readerCount()).toBe(50);
    } finally {
      await reader.close();
    }
  });
});
