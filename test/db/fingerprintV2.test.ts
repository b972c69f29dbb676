import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { createOrm, migrateToLatest } from '../../server/db/createOrm.ts';
import { FingerprintRepository, UPSERT_CHUNK_ROWS } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { isAuralisError } from '../../server/errors.ts';
import { FINGERPRINT_VERSION } from '../../server/fingerprint/dimensions.ts';
import { FACTS, type FingerprintFacts } from '../../server/fingerprint/facts.ts';
import { decodeLoudnessHistogram, encodeLoudnessHistogram } from '../../server/fingerprint/loudnessHistogram.ts';
import { MIGRATIONS } from '../../migrations/index.ts';
import { MAX_PARAMETERS } from '../../server/db/sql.ts';
import { sql, syntheticValues, tempDir } from './helpers.ts';

const temp = tempDir();
let orm: MikroORM;

beforeAll(async () => {
  orm = await createOrm({ dbPath: temp.file('library.db') });
  await migrateToLatest(orm);
});

afterAll(async () => {
  await orm?.close();
  temp.cleanup();
});

beforeEach(async () => {
  await sql(orm, 'delete from tracks');
});

const FACT_VALUES: FingerprintFacts = {
  tempoConfidence: 0.82,
  tempoAlternateBpm: 64,
  truePeakDbtp: -0.7,
  keyPitchClass: 9,
  keyMode: 0,
  keyConfidence: 0.61,
};

async function addTrack(name: string): Promise<number> {
  return (await new TrackRepository(orm.em.fork()).add({ path: `/music/${name}.flac` })).id;
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAuralisError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('fingerprint v2 storage: facts and the loudness histogram beside the 25 values', () => {
  it('stores the facts and reads them back on the record; absent facts are null (never a fake number)', async () => {
    const a = await addTrack('a');
    const b = await addTrack('b');
    const repository = new FingerprintRepository(orm.em.fork());
    const stored = await repository.upsert({ trackId: a, values: syntheticValues(1), facts: FACT_VALUES });
    for (const f of FACTS) expect(stored[f.key], f.key).toBeCloseTo(FACT_VALUES[f.key]!, 12);
    const partial = await repository.upsert({ trackId: b, values: syntheticValues(2), facts: { keyPitchClass: 0, keyMode: 1 } });
    expect(partial.keyPitchClass).toBe(0);
    expect(partial.keyMode).toBe(1);
    expect(partial.tempoConfidence).toBeNull();
    expect(partial.truePeakDbtp).toBeNull();
    // Replacing a fingerprint without facts clears them (values and facts are one analysis).
    const replaced = await repository.upsert({ trackId: a, values: syntheticValues(3) });
    for (const f of FACTS) expect(replaced[f.key], f.key).toBeNull();
  });

  it('rejects an invalid fact with INVALID_FINGERPRINT naming it, and writes nothing', async () => {
    const a = await addTrack('a');
    const repository = new FingerprintRepository(orm.em.fork());
    expect(await rejection(repository.upsert({ trackId: a, values: syntheticValues(1), facts: { keyPitchClass: 12 } }))).toMatchObject({
      code: 'INVALID_FINGERPRINT',
      message: '`keyPitchClass`: expected a whole number 0…11 pitch class, received 12',
    });
    expect(await rejection(repository.upsert({ trackId: a, values: syntheticValues(1), facts: { tempoConfidence: Number.NaN } }))).toMatchObject({
      code: 'INVALID_FINGERPRINT',
    });
    expect(await rejection(repository.upsert({ trackId: a, values: syntheticValues(1), facts: { loudness: 1 } as never }))).toMatchObject({
      code: 'INVALID_FINGERPRINT',
      message: expect.stringContaining('received `loudness`'),
    });
    expect(await rejection(repository.upsert({ trackId: a, values: syntheticValues(1), loudnessHistogram: [1, -2] }))).toMatchObject({
      code: 'INVALID_FINGERPRINT',
    });
    expect(await repository.getByTrackId(a)).toBeNull();
  });

  it('stores the loudness histogram sparsely and returns it dense, exactly', async () => {
    const a = await addTrack('a');
    const b = await addTrack('b');
    const histogram = new Float64Array(1000);
    histogram[0] = 3;
    histogram[517] = 12_345;
    histogram[999] = 1;
    const repository = new FingerprintRepository(orm.em.fork());
    await repository.upsert({ trackId: a, values: syntheticValues(1), loudnessHistogram: histogram });
    await repository.upsert({ trackId: b, values: syntheticValues(2) });
    const [row] = await sql<{ bytes: number }>(orm, 'select length(loudness_histogram) as bytes from track_fingerprints where track_id = ?', [a]);
    expect(row!.bytes).toBe(8 + 3 * 16);
    const read = await repository.loudnessHistograms([a, b, a]);
    expect([...read.keys()]).toStrictEqual([a]);
    expect(read.get(a)).toStrictEqual(histogram);
  });

  it('round-trips the sparse encoding, including an empty histogram, and rejects corrupt bytes', () => {
    expect(decodeLoudnessHistogram(encodeLoudnessHistogram(new Float64Array(4)))).toStrictEqual(new Float64Array(4));
    expect(decodeLoudnessHistogram(encodeLoudnessHistogram([0, 2, 0, 7.5]))).toStrictEqual(Float64Array.of(0, 2, 0, 7.5));
    expect(() => decodeLoudnessHistogram(new Uint8Array(9))).toThrowError(/expected 8 \+ 16·k bytes, received 9/);
    const bad = encodeLoudnessHistogram([0, 1]);
    new DataView(bad.buffer).setFloat64(8, 5, true);
    expect(() => decodeLoudnessHistogram(bad)).toThrowError(/bin 5 with count 1 is outside 0…1/);
  });

  it('keeps the multi-row upsert within the parameter limit with the v2 columns and the timbre', () => {
    const perRow = 4 + 25 + FACTS.length + 2; // ids, version, timestamps; the 25; the facts; the histogram; the timbre
    expect(UPSERT_CHUNK_ROWS * perRow).toBeLessThanOrEqual(MAX_PARAMETERS);
    expect((UPSERT_CHUNK_ROWS + 1) * perRow).toBeGreaterThan(MAX_PARAMETERS);
  });
});

describe('migrating a v1 library to v2', () => {
  it('keeps the v1 values, leaves the facts NULL and marks the v1 fingerprints STALE (extract --stale re-analyses them)', async () => {
    const v1 = await createOrm({ dbPath: temp.file('v1.db') });
    try {
      const v1Last = MIGRATIONS.findIndex((m) => m.name === 'Migration20261225000001_fingerprint_v2') - 1;
      await v1.migrator.up({ to: MIGRATIONS[v1Last]!.name });
      const now = Date.now();
      await sql(v1, "insert into tracks (path, fingerprint_status, created_at, updated_at) values ('/m/1.flac', 'CURRENT', ?, ?)", [now, now]);
      await sql(v1, "insert into tracks (path, fingerprint_status, created_at, updated_at) values ('/m/2.flac', 'MISSING', ?, ?)", [now, now]);
      const values = syntheticValues(4);
      const columns = Object.keys(values).map((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
      await sql(
        v1,
        `insert into track_fingerprints (track_id, fingerprint_version, created_at, updated_at, ${columns.join(', ')}) values (1, 1, ?, ?, ${columns.map(() => '?').join(', ')})`,
        [now, now, ...Object.values(values)],
      );
      await migrateToLatest(v1);
      const tracks = new TrackRepository(v1.em.fork());
      expect((await tracks.getById(1))!.fingerprintStatus).toBe('STALE');
      expect((await tracks.getById(2))!.fingerprintStatus).toBe('MISSING');
      expect(await tracks.selectIds('STALE')).toStrictEqual([1]);
      const stored = (await new FingerprintRepository(v1.em.fork()).getByTrackId(1))!;
      expect(stored.fingerprintVersion).toBe(1);
      expect(stored.lufs).toBeCloseTo(values.lufs, 12);
      for (const f of FACTS) expect(stored[f.key], f.key).toBeNull();
      // Re-analysed at the current version, the track is CURRENT again.
      await new FingerprintRepository(v1.em.fork()).upsert({ trackId: 1, values, facts: FACT_VALUES });
      expect((await tracks.getById(1))!.fingerprintStatus).toBe('CURRENT');
      expect(FINGERPRINT_VERSION).toBe(2);
    } finally {
      await v1.close();
    }
  });
});
