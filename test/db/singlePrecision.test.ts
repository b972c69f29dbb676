/**
 * Fingerprint values are stored as 32-bit floats (storedValue, server/fingerprint/dimensions.ts): the repository
 * rounds on write, migration 20270115000001 rounds rows written before, and the similarity index (f32) filters
 * exactly as SQL does. Runs on the test engine (AURALIS_TEST_ENGINE=postgres for PostgreSQL).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { MIGRATIONS } from '../../migrations/index.ts';
import { createOrm, migrationStatus, openDatabase } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import type { FingerprintWhere } from '../../server/db/fingerprintWhere.ts';
import { dbOf, runQuery, timestampValue } from '../../server/db/sql.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { DIMENSIONS, type FingerprintValues, storedValue } from '../../server/fingerprint/dimensions.ts';
import { filterRows, libraryIndex } from '../../server/similarity/libraryIndex.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { syntheticValues, tempDir } from './helpers.ts';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Values inside every valid range, drawn in f64 (almost never an exact f32). */
function randomValues(next: () => number): FingerprintValues {
  return Object.fromEntries(DIMENSIONS.map((d) => [d.key, d.range.min + (0.05 + 0.9 * next()) * (d.range.max - d.range.min)])) as FingerprintValues;
}

async function addTracks(orm: MikroORM, count: number, prefix: string): Promise<number[]> {
  const tracks = new TrackRepository(orm.em.fork());
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await tracks.add({ path: `/music/${prefix}-${i}.flac` })).id);
  return ids;
}

describe('stored values', () => {
  it('are the nearest f32 of the value given, and SQL and the in-memory filter agree at, above and below them', async () => {
    const said: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((text) => said.push(String(text)) > 0);
    const orm = await openDatabase({ dbPath: await freshDatabaseUrl(temp.file('written.db')) }).finally(() => write.mockRestore());
    expect(said.join('')).not.toContain('upgrading'); // a new database is created silently
    try {
      const next = seededRandom(5);
      const ids = await addTracks(orm, 40, 'written');
      const given = ids.map(() => randomValues(next));
      await new FingerprintRepository(orm.em.fork()).upsertMany(ids.map((trackId, i) => ({ trackId, values: given[i]! })));
      const stored = await new FingerprintRepository(orm.em.fork()).loadByTrackIds(ids);
      let inexact = 0;
      stored.forEach((record, i) => {
        for (const d of DIMENSIONS) {
          expect(record![d.key]).toBe(Math.fround(given[i]![d.key]));
          if (record![d.key] !== given[i]![d.key]) inexact++;
        }
      });
      expect(inexact).toBeGreaterThan(900); // of 1 000: the rounding is real, so the agreement below is tested
      const index = await libraryIndex(orm.em.fork());
      const lufs = given.map((v) => v.lufs);
      const wheres: FingerprintWhere[] = [];
      for (const bound of [lufs[3]!, storedValue(lufs[3]!), lufs[17]!, storedValue(lufs[17]!)]) {
        wheres.push({ lufs: { gte: bound } }, { lufs: { gt: bound } }, { lufs: { lte: bound } }, { lufs: { lt: bound } });
      }
      const [low, high] = [given[8]!.tempoBpm, given[30]!.tempoBpm].sort((a, b) => a - b);
      wheres.push({ tempoBpm: { gte: low, lte: storedValue(high!) } }, { tempoBpm: { gt: storedValue(low!), lt: high } });
      for (const where of wheres) {
        const sql = await new FingerprintRepository(orm.em.fork()).page(where, { first: 100 });
        const memory = await filterRows(orm.em.fork(), index, where);
        expect(Array.from(memory, (row) => index.trackIds[row]!), JSON.stringify(where)).toEqual(sql.nodes.map((n) => n.trackId));
      }
      // At the stored value itself: `gte` keeps the track, `gt` drops it, on both paths.
      const at = await new FingerprintRepository(orm.em.fork()).page({ lufs: { gte: storedValue(lufs[3]!), lte: storedValue(lufs[3]!) } }, { first: 5 });
      expect(at.nodes.map((n) => n.trackId)).toContain(ids[3]);
    } finally {
      await orm.close();
    }
  });
});

describe('migration 20270115000001 (single-precision values)', () => {
  it('rounds every value of rows written before it to the nearest f32, over several pages, and leaves exact rows alone', async () => {
    const url = await freshDatabaseUrl(temp.file('older.db'));
    let orm = await createOrm({ dbPath: url });
    try {
      const at = MIGRATIONS.findIndex((m) => m.name === 'Migration20270115000001_single_precision_values');
      await orm.migrator.up({ to: MIGRATIONS[at - 1]!.name });
      const rows = 2_345; // three pages of 1 000
      const ids = await addTracks(orm, rows, 'older');
      const next = seededRandom(9);
      // Row 0 holds exactly representable values (syntheticValues); the others f64 values.
      const values = ids.map((_, i) => (i === 0 ? syntheticValues(3) : randomValues(next)));
      const em = orm.em.fork();
      const now = timestampValue(em, new Date());
      for (let start = 0; start < rows; start += 200) {
        const chunk = ids.slice(start, start + 200).map((trackId, k) => ({
          track_id: trackId,
          fingerprint_version: 2,
          created_at: now,
          updated_at: now,
          ...Object.fromEntries(DIMENSIONS.map((d) => [d.column, values[start + k]![d.key]])),
        }));
        await runQuery(em, dbOf(em).insertInto('track_fingerprints').values(chunk as never));
      }
      const before = await new FingerprintRepository(orm.em.fork()).loadByTrackIds(ids);
      expect(before[1]!.lufs).toBe(values[1]!.lufs); // f64 as written
      expect(before[1]!.lufs).not.toBe(Math.fround(values[1]!.lufs));

      // The server's start (openDatabase) runs it and says so: an upgrade of a database in use, not a new one.
      await orm.close();
      const said: string[] = [];
      const write = vi.spyOn(process.stderr, 'write').mockImplementation((text) => said.push(String(text)) > 0);
      try {
        orm = await openDatabase({ dbPath: url });
      } finally {
        write.mockRestore();
      }
      expect(said.join('')).toMatch(/auralis: upgrading the database \(\d+ migrations?: [^)]*Migration20270115000001_single_precision_values/);
      expect((await migrationStatus(orm)).every((m) => m.executed)).toBe(true);
      const after = await new FingerprintRepository(orm.em.fork()).loadByTrackIds(ids);
      after.forEach((record, i) => {
        for (const d of DIMENSIONS) if (record![d.key] !== Math.fround(values[i]![d.key])) expect.fail(`track ${ids[i]} ${d.key}: ${record![d.key]}`);
      });
      expect(after[0]!.updatedAt).toEqual(before[0]!.updatedAt);
      expect(after[0]).toEqual(before[0]);
    } finally {
      await orm.close();
    }
  });
});
