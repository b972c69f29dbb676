/**
 * The PostgreSQL twin of schema.test.ts (which reads SQLite's pragmas and sqlite_master): the migrations
 * build on PostgreSQL exactly what the entities declare, an upgraded database equals a fresh one, and the
 * schema equals SQLite's up to the type names (TYPE_ON_SQLITE). Runs with AURALIS_TEST_ENGINE=postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm, migrateDown, migrateToLatest, migrationStatus, type MikroORM } from '../../server/db/createOrm.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { MIGRATIONS } from '../../migrations/index.ts';
import { freshDatabaseUrl, testEngine } from '../support/testDatabase.ts';
import { describePostgresSchema, portablePostgresSchema, portableSqliteSchema, sql, syntheticValues, tempDir } from './helpers.ts';

/** PostgreSQL column type (information_schema) → the SQLite declared types it stands for. */
const TYPE_ON_SQLITE: Record<string, readonly string[]> = {
  integer: ['integer'],
  bigint: ['integer'], // SQLite's integer is 8 bytes; PostgreSQL's is 4 (file_size needs 8)
  'double precision': ['real', 'double'], // SQLite's REAL is 8 bytes under either name; PostgreSQL's real is 4
  text: ['text'],
  'timestamp with time zone': ['datetime'],
  bytea: ['blob'], // the sparse loudness histogram (fingerprint v2)
};

const TRACK_COUNT = 1000;
const temp = tempDir();
afterAll(() => temp.cleanup());

describe.runIf(testEngine() === 'postgresql')('migrations on PostgreSQL', () => {
  let fresh: MikroORM;
  let upgraded: MikroORM;
  let declared: MikroORM;

  beforeAll(async () => {
    fresh = await createOrm({ dbPath: await freshDatabaseUrl(''), overrides: { contextName: 'pg-fresh' } });
    await migrateToLatest(fresh);

    upgraded = await createOrm({ dbPath: await freshDatabaseUrl(''), overrides: { contextName: 'pg-upgraded' } });
    await upgraded.migrator.up({ to: MIGRATIONS[0]!.name });
    expect(await migrationStatus(upgraded)).toEqual(MIGRATIONS.map((m, i) => ({ name: m.name, executed: i === 0 })));
    const now = new Date();
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

    declared = await createOrm({ dbPath: await freshDatabaseUrl(''), overrides: { contextName: 'pg-declared' } });
    await declared.schema.create();
  });

  afterAll(async () => {
    await Promise.all([fresh?.close(), upgraded?.close(), declared?.close()]);
  });

  it('creates a fresh database and an upgraded v3 database with identical schemas', async () => {
    const freshSchema = await describePostgresSchema(fresh);
    expect(await describePostgresSchema(upgraded)).toEqual(freshSchema);
    const indexes = (freshSchema.indexes as { tablename: string; indexname: string }[])
      .filter((i) => i.tablename === 'track_fingerprints')
      .map((i) => i.indexname);
    expect(indexes.sort()).toEqual(
      [
        'track_fingerprints_bass_pct_index',
        'track_fingerprints_crest_db_index',
        'track_fingerprints_fingerprint_version_index',
        'track_fingerprints_lufs_crest_db_bass_pct_tempo_bpm_index',
        'track_fingerprints_lufs_index',
        'track_fingerprints_mid_pct_index',
        'track_fingerprints_pkey',
        'track_fingerprints_tempo_bpm_index',
        'track_fingerprints_track_id_unique',
      ].sort(),
    );
  });

  it('migrates to exactly the schema the entities declare', async () => {
    expect(await describePostgresSchema(fresh)).toEqual(await describePostgresSchema(declared));
    // And MikroORM's own comparator finds nothing to change.
    expect((await fresh.schema.getUpdateSchemaSQL()).trim()).toBe('');
    expect((await upgraded.schema.getUpdateSchemaSQL()).trim()).toBe('');
  });

  it('equals the SQLite schema up to the type names (TYPE_ON_SQLITE)', async () => {
    const sqlite = await createOrm({ dbPath: temp.file('sqlite.db'), overrides: { contextName: 'pg-vs-sqlite' } });
    try {
      await migrateToLatest(sqlite);
      const onSqlite = await portableSqliteSchema(sqlite);
      const onPostgres = await portablePostgresSchema(fresh);
      expect(Object.keys(onPostgres.tables).sort()).toEqual(Object.keys(onSqlite.tables).sort());
      for (const [name, table] of Object.entries(onPostgres.tables)) {
        const sqliteTable = onSqlite.tables[name]!;
        expect(table.columns.map((c) => ({ ...c, type: TYPE_ON_SQLITE[c.type]?.includes(sqliteTable.columns.find((s) => s.name === c.name)?.type ?? '') ? 'same' : c.type })))
          .toEqual(sqliteTable.columns.map((c) => ({ ...c, type: 'same' })));
        expect(table.indexes).toEqual(sqliteTable.indexes);
        expect(table.foreignKeys).toEqual(sqliteTable.foreignKeys);
      }
      expect(onPostgres.tables.track_fingerprints!.foreignKeys).toEqual([{ column: 'track_id', references: 'tracks.id', onDelete: 'cascade' }]);
    } finally {
      await sqlite.close();
    }
  });

  it('stores the catalogue dimensions as double precision NOT NULL columns, in spec order', async () => {
    const columns = await sql<{ column_name: string; data_type: string; is_nullable: string }>(
      fresh,
      "select column_name, data_type, is_nullable from information_schema.columns where table_name = 'track_fingerprints' order by ordinal_position",
    );
    const dimensionColumns = columns.filter((c) => DIMENSIONS.some((d) => d.column === c.column_name));
    expect(dimensionColumns.map((c) => c.column_name)).toEqual(DIMENSIONS.map((d) => d.column));
    for (const column of dimensionColumns) expect([column.data_type, column.is_nullable]).toEqual(['double precision', 'NO']);
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
    const [status] = await sql<{ n: number }>(upgraded, "select count(*)::int as n from tracks where fingerprint_status = 'MISSING'");
    expect(status!.n).toBe(TRACK_COUNT);
  });

  it('reverts and re-applies the later migrations without touching the tracks', async () => {
    const before = await describePostgresSchema(upgraded);
    const later = MIGRATIONS.slice(1).map((m) => m.name);
    expect(await migrateDown(upgraded, { to: MIGRATIONS[0]!.name })).toEqual([...later].reverse());
    const tables = await sql<{ table_name: string }>(
      upgraded,
      "select table_name from information_schema.tables where table_schema = 'public' and table_name like 'track%'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['tracks']);
    expect(await migrateToLatest(upgraded)).toEqual(later);
    expect(await describePostgresSchema(upgraded)).toEqual(before);
    const [count] = await sql<{ n: number }>(upgraded, 'select count(*)::int as n from tracks');
    expect(count!.n).toBe(TRACK_COUNT);
    expect(await migrateToLatest(upgraded)).toEqual([]);
  });

  it('reverts everything down to an empty database and back up', async () => {
    const orm = await createOrm({ dbPath: await freshDatabaseUrl(''), overrides: { contextName: 'pg-roundtrip' } });
    try {
      await migrateToLatest(orm);
      const schema = await describePostgresSchema(orm);
      await migrateDown(orm, { to: 0 });
      expect((await migrationStatus(orm)).every((m) => !m.executed)).toBe(true);
      expect(await sql(orm, "select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'mikro_orm_%'")).toEqual([]);
      await migrateToLatest(orm);
      expect(await describePostgresSchema(orm)).toEqual(schema);
    } finally {
      await orm.close();
    }
  });

  it('deletes the fingerprint with its track by the database cascade, and rejects a dangling or second fingerprint (raw SQL)', async () => {
    const values = syntheticValues(1);
    const now = new Date();
    const insert = `insert into track_fingerprints (track_id, ${DIMENSIONS.map((d) => d.column).join(', ')}, fingerprint_version, created_at, updated_at)
      values (?, ${DIMENSIONS.map(() => '?').join(', ')}, 1, ?, ?)`;
    const ids: number[] = [];
    for (const name of ['keep', 'drop']) {
      const [row] = await sql<{ id: number }>(fresh, 'insert into tracks (path, created_at, updated_at) values (?, ?, ?) returning id', [`/music/${name}.wav`, now, now]);
      ids.push(row!.id);
      await sql(fresh, insert, [row!.id, ...DIMENSIONS.map((d) => values[d.key]), now, now]);
    }
    await sql(fresh, 'delete from tracks where id = ?', [ids[1]]);
    const left = await sql<{ track_id: number }>(fresh, 'select track_id from track_fingerprints order by track_id');
    expect(left.map((r) => r.track_id)).toEqual([ids[0]]);
    await expect(sql(fresh, insert, [999_999, ...DIMENSIONS.map((d) => values[d.key]), now, now])).rejects.toThrow(/foreign key/i);
    await expect(sql(fresh, insert, [ids[0], ...DIMENSIONS.map((d) => values[d.key]), now, now])).rejects.toThrow(/unique/i);
  });

  it('round-trips 64-bit floats, byte counts above 2 GiB and millisecond timestamps exactly', async () => {
    const at = new Date('2026-11-25T12:34:56.789Z');
    const [row] = await sql<{ id: number }>(
      fresh,
      'insert into tracks (path, duration_seconds, file_size, file_mtime, created_at, updated_at) values (?, ?, ?, ?, ?, ?) returning id',
      ['/music/precise.flac', Math.PI, 5 * 2 ** 30, 1_764_074_096_789.123, at, at],
    );
    const em = fresh.em.fork();
    const { Track } = await import('../../server/db/Track.ts');
    const track = await em.findOneOrFail(Track, row!.id);
    expect([track.durationSeconds, track.fileSize, track.fileMtime, track.createdAt.getTime()]).toEqual([
      Math.PI,
      5 * 2 ** 30,
      1_764_074_096_789.123,
      at.getTime(),
    ]);
  });
});
