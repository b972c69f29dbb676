import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/sqlite';
import { MIGRATIONS } from '../../migrations/index.ts';
import { loadConfig } from '../config.ts';
import { Track } from './Track.ts';
import { TrackFingerprint } from './TrackFingerprint.ts';
import { FingerprintNormaliser } from './FingerprintNormaliser.ts';
import { WriteLockSqliteDriver } from './writeLockDriver.ts';

/** Every entity of the library database. */
export const ENTITIES = [Track, TrackFingerprint, FingerprintNormaliser];

/** How long a connection waits for another connection's write lock before SQLITE_BUSY, in ms. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Page cache per connection, in KiB (64 MiB; SQLite's `cache_size` takes KiB as a negative number).
 * A 100 000-track library is about 40 MB on disk, so its indexes stay cached while bulk upserts
 * rewrite them (bench/db.ts). Memory is only taken as pages are read.
 */
export const CACHE_SIZE_KIB = 65_536;

export interface CreateOrmOptions {
  /** SQLite file path, or `':memory:'`. Default: `AURALIS_DB` / `./auralis.db` (server/config.ts). */
  readonly dbPath?: string;
  /** Log every SQL statement through MikroORM's logger (default false). */
  readonly debug?: boolean;
  /** Extra MikroORM options (tests use `loggerFactory` to count statements). */
  readonly overrides?: Partial<Options>;
}

/**
 * Opens the library database: MikroORM 7 with the SQLite (better-sqlite3) driver, the two entities and
 * the migration list. The connection runs with `foreign_keys = ON` (MikroORM sets it on every
 * connection; it makes `ON DELETE CASCADE` work), `journal_mode = WAL` (readers never block the writer),
 * `synchronous = NORMAL` (safe with WAL), a busy timeout of BUSY_TIMEOUT_MS and a page cache of
 * CACHE_SIZE_KIB.
 *
 * The schema is NOT touched: call `migrateToLatest(orm)` (the server and CLI do on start).
 * Per request, work on `orm.em.fork()`. A second ORM in the same process (tests, tools) must get its
 * own `overrides.contextName`: MikroORM keeps the running transaction in AsyncLocalStorage under that
 * name, so two ORMs sharing it would send one's queries into the other's transaction.
 */
export async function createOrm(options: CreateOrmOptions = {}): Promise<MikroORM> {
  const dbName = options.dbPath ?? loadConfig().dbPath;
  const orm = await MikroORM.init({
    dbName,
    entities: ENTITIES,
    // SQLite: transactions begin with BEGIN IMMEDIATE (writeLockDriver.ts).
    driver: WriteLockSqliteDriver,
    extensions: [Migrator],
    // better-sqlite3 option: busy timeout in ms.
    driverOptions: { timeout: BUSY_TIMEOUT_MS },
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
    // Identity map per fork; no implicit global context use.
    allowGlobalContext: false,
    debug: options.debug ?? false,
    ...options.overrides,
  });
  const database = (await orm.em.getConnection().getNativeClient()) as {
    pragma(source: string): unknown;
  };
  if (dbName !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  return orm;
}

/** Name of one migration and whether it has run. */
export interface MigrationState {
  readonly name: string;
  readonly executed: boolean;
}

/**
 * Runs every pending migration, all in one transaction (all or nothing). Returns the names it ran
 * (empty when the schema was already current). Idempotent: the server and the CLI call it on start.
 */
export async function migrateToLatest(orm: MikroORM): Promise<string[]> {
  const ran = await orm.migrator.up();
  return ran.map((m) => m.name);
}

/** Reverts the most recent migration (or down to, and excluding, `to` when given). Returns the names reverted. */
export async function migrateDown(orm: MikroORM, options: { to?: string | 0 } = {}): Promise<string[]> {
  const reverted = options.to === undefined ? await orm.migrator.down() : await orm.migrator.down({ to: options.to });
  return reverted.map((m) => m.name);
}

/** Every known migration, oldest first, with whether it has run against this database. */
export async function migrationStatus(orm: MikroORM): Promise<MigrationState[]> {
  const executed = new Set((await orm.migrator.getExecuted()).map((row) => row.name));
  return MIGRATIONS.map((m) => ({ name: m.name, executed: executed.has(m.name) }));
}

/**
 * What the server and the CLI do on start: open the database (createOrm) and run the pending
 * migrations (migrateToLatest). Close it with `orm.close()`.
 */
export async function openDatabase(options: CreateOrmOptions = {}): Promise<MikroORM> {
  const orm = await createOrm(options);
  try {
    await migrateToLatest(orm);
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}
