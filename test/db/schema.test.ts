import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { createOrm, migrateDown, migrateToLatest, migrationStatus } from '../../server/db/createOrm.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { MIGRATIONS } from '../../migrations/index.ts';
import { describeSchema, sql, syntheticValues, tempDir } from './helpers.ts';
import { testEngine } from '../support/testDatabase.ts';

const temp = tempDir();
afterAll(() => temp.cleanup());

const TRACK_COUNT = 1000;

// SQLite by nature (pragmas, sqlite_master); schema.postgres.test.ts is its PostgreSQL twin.
describe.runIf(testEngine() === 'sqlite')('migrations on SQLite (pragmas, sqlite_master)', () => {
  let fresh: MikroORM;
  let upgraded: MikroORM;
  let declared: MikroORM;

  beforeAll(async () => {
    // 1. A fresh database, migrated all the way up.
    fresh = await createOrm({ dbPath: temp.file('fresh.db') });
    await migrateToLatest(fresh);

    // 2. A populated v3 database: only the first migration (tracks), 1000 tracks, then migrated up.
    upgraded = await createOrm({ dbPath: temp.file('upgraded.db') });
    await upgraded.migrator.up({ to: MIGRATIONS[0]!.name });
    expect(await migrationStatus(upgraded)).toEqual(MIGRATIONS.map((m, i) => ({ name: m.name, executed: i === 0 })));
    const now = Date.now();
    await upgraded.em.transactional(async (em) => {
      for (let i = 1; i <= TRACK_COUNT; i++) {
        await em.execute(
          'insert into tracks (path, title, artist, track_number, duration_seconds, file_size, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
          [`/music/v3/${i}.flac`, `Title ${i}`, `Artist ${i % 17}`, i % 20, i * 0.25, i * 1000, now, now],
          'run',
        );
      }
    });
    await migrateToLatest(upgraded);

    // 3. The schema the entities declare, from MikroORM's schema generator (no migrations).
    declared = await createOrm({ dbPath: temp.file('declared.db') });
    await declared.schema.create();
  });

  afterAll(async () => {
    await Promise.all([fresh?.close(), upgraded?.close(), declared?.close()]);
  });

  it('creates a fresh database and an upgraded v3 database with identical schemas', async () => {
    const freshSchema = await describeSchema(fresh);
    expect(await describeSchema(upgraded)).toEqual(freshSchema);
    // Sanity: the description really covers both tables and every index.
    const tables = freshSchema.tables as Record<string, { indexes: Record<string, unknown> }>;
    expect(Object.keys(tables).sort()).toEqual(['extraction_job_items', 'extraction_jobs', 'fingerprint_normalisers', 'library_changes', 'library_maps', 'library_roots', 'ratings', 'similarity_edges', 'similarity_graphs', 'stars', 'track_fingerprints', 'track_plays', 'tracks', 'users']);
    expect(Object.keys(tables.track_fingerprints!.indexes).sort()).toEqual(
      [
        'track_fingerprints_bass_pct_index',
        'track_fingerprints_crest_db_index',
        'track_fingerprints_fingerprint_version_index',
        'track_fingerprints_lufs_crest_db_bass_pct_tempo_bpm_index',
        'track_fingerprints_lufs_index',
        'track_fingerprints_mid_pct_index',
        'track_fingerprints_tempo_bpm_index',
        'track_fingerprints_track_id_unique',
      ].sort(),
    );
  });

  it('migrates to exactly the schema the entities declare', async () => {
    expect(await describeSchema(fresh)).toEqual(await describeSchema(declared));
    // And MikroORM's own comparator finds nothing to change.
    expect((await fresh.schema.getUpdateSchemaSQL()).trim()).toBe('');
    expect((await upgraded.schema.getUpdateSchemaSQL()).trim()).toBe('');
  });

  it('stores the catalogue dimensions as REAL NOT NULL columns, in spec order', async () => {
    const columns = await sql<{ name: string; type: string; notnull: number }>(fresh, 'pragma table_xinfo(track_fingerprints)');
    const dimensionColumns = columns.filter((c) => DIMENSIONS.some((d) => d.column === c.name));
    expect(dimensionColumns.map((c) => c.name)).toEqual(DIMENSIONS.map((d) => d.column));
    for (const column of dimensionColumns) expect([column.type.toLowerCase(), column.notnull]).toEqual(['real', 1]);
  });

  it('loses no rows when migrating a populated v3 database', async () => {
    const rows = await sql<{ id: number; path: string; title: string; track_number: number; duration_seconds: number }>(
      upgraded,
      'select id, path, title, track_number, duration_seconds from tracks order by id',
    );
    expect(rows).toHaveLength(TRACK_COUNT);
    rows.forEach((row, index) => {
      const i = index + 1;
      expect(row).toEqual({ id: i, path: `/music/v3/${i}.flac`, title: `Title ${i}`, track_number: i % 20, duration_seconds: i * 0.25 });
    });
    const [status] = await sql<{ n: number }>(upgraded, "select count(*) as n from tracks where fingerprint_status = 'MISSING'");
    expect(status!.n).toBe(TRACK_COUNT);
  });

  it('reverts and re-applies the later migrations without touching the tracks', async () => {
    const before = await describeSchema(upgraded);
    const later = MIGRATIONS.slice(1).map((m) => m.name);
    expect(await migrateDown(upgraded, { to: MIGRATIONS[0]!.name })).toEqual([...later].reverse());
    const tables = await sql<{ name: string }>(upgraded, "select name from sqlite_master where type = 'table' and name like 'track%'");
    expect(tables.map((t) => t.name)).toEqual(['tracks']);
    expect(await migrateToLatest(upgraded)).toEqual(later);
    expect(await describeSchema(upgraded)).toEqual(before);
    const [count] = await sql<{ n: number }>(upgraded, 'select count(*) as n from tracks');
    expect(count!.n).toBe(TRACK_COUNT);
    expect(await migrateToLatest(upgraded)).toEqual([]);
  });

  it('reverts everything down to an empty database and back up', async () => {
    const orm = await createOrm({ dbPath: temp.file('roundtrip.db') });
    try {
      await migrateToLatest(orm);
      const schema = await describeSchema(orm);
      await migrateDown(orm, { to: 0 });
      expect((await migrationStatus(orm)).every((m) => !m.executed)).toBe(true);
      expect(await sql(orm, "select name from sqlite_master where name like 'track%'")).toEqual([]);
      await migrateToLatest(orm);
      expect(await describeSchema(orm)).toEqual(schema);
    } finally {
      await orm.close();
    }
  });

  it('deletes the fingerprint with its track, by the database cascade (raw SQL)', async () => {
    const [fk] = await sql<{ foreign_keys: number }>(fresh, 'pragma foreign_keys');
    expect(fk!.foreign_keys).toBe(1);
    const values = syntheticValues(1);
    const now = Date.now();
    const ids: number[] = [];
    for (const name of ['keep', 'drop']) {
      await sql(fresh, 'insert into tracks (path, created_at, updated_at) values (?, ?, ?)', [`/music/${name}.wav`, now, now]);
      const [row] = await sql<{ id: number }>(fresh, 'select id from tracks where path = ?', [`/music/${name}.wav`]);
      ids.push(row!.id);
      await sql(
        fresh,
        `insert into track_fingerprints (track_id, ${DIMENSIONS.map((d) => d.column).join(', ')}, fingerprint_version, created_at, updated_at)
         values (?, ${DIMENSIONS.map(() => '?').join(', ')}, 1, ?, ?)`,
        [row!.id, ...DIMENSIONS.map((d) => values[d.key]), now, now],
      );
    }
    await sql(fresh, 'delete from tracks where id = ?', [ids[1]]);
    const left = await sql<{ track_id: number }>(fresh, 'select track_id from track_fingerprints order by track_id');
    expect(left.map((r) => r.track_id)).toEqual([ids[0]]);
  });

  it('rejects a fingerprint of a track that does not exist, and a second fingerprint of a track (raw SQL)', async () => {
    const values = syntheticValues(2);
    const insert = `insert into track_fingerprints (track_id, ${DIMENSIONS.map((d) => d.column).join(', ')}, fingerprint_version, created_at, updated_at)
      values (?, ${DIMENSIONS.map(() => '?').join(', ')}, 1, 0, 0)`;
    await expect(sql(fresh, insert, [999_999, ...DIMENSIONS.map((d) => values[d.key])])).rejects.toThrow(/FOREIGN KEY/i);
    const [kept] = await sql<{ track_id: number }>(fresh, 'select track_id from track_fingerprints');
    await expect(sql(fresh, insert, [kept!.track_id, ...DIMENSIONS.map((d) => values[d.key])])).rejects.toThrow(/UNIQUE/i);
  });

  it('runs in WAL mode with a busy timeout', async () => {
    expect(await sql(fresh, 'pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await sql(fresh, 'pragma busy_timeout')).toEqual([{ timeout: 5000 }]);
  });
});
