import type { Platform } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM as SqlMikroORM, type Options } from '@mikro-orm/sql';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { parse as parseConnectionString } from 'pg-connection-string';
import { databaseEngine, describeDatabase, platformEngine } from './databaseEngine.ts';
import { MIGRATIONS } from '../../migrations/index.ts';
import { loadConfig } from '../config.ts';
import { AuralisError } from '../errors.ts';
import { Track } from './Track.ts';
import { TrackFingerprint } from './TrackFingerprint.ts';
import { FingerprintNormaliser } from './FingerprintNormaliser.ts';
import { LibraryRoot } from './LibraryRoot.ts';
import { LibraryChange } from './LibraryChange.ts';
import { ExtractionJob, ExtractionJobItem } from './ExtractionJob.ts';
import { SimilarityEdge, SimilarityGraph } from './SimilarityEdge.ts';
import { LibraryMap } from './LibraryMap.ts';
import { User } from './User.ts';
import { TrackPlay } from './TrackPlay.ts';
import { Star } from './Star.ts';
import { Rating } from './Rating.ts';
import { READ_CACHE_SIZE_KIB, WriteLockSqliteDriver } from './writeLockDriver.ts';

/** Every entity of the library database. */
export const ENTITIES = [Track, TrackFingerprint, FingerprintNormaliser, LibraryRoot, LibraryChange, ExtractionJob, ExtractionJobItem, SimilarityGraph, SimilarityEdge, LibraryMap, User, TrackPlay, Star, Rating];

/** How long a connection waits for another connection's write lock before SQLITE_BUSY, in ms. */
export const BUSY_TIMEOUT_MS = 5000;

export { CACHE_SIZE_KIB, READ_CACHE_SIZE_KIB } from './writeLockDriver.ts';

export { databaseEngine, describeDatabase, platformEngine, type DatabaseEngine } from './databaseEngine.ts';

/** True when the ORM talks to PostgreSQL (engine-specific statements: ANALYZE, pragmas, catalogue queries). */
export function isPostgres(orm: { readonly em: { getPlatform(): Platform } }): boolean {
  return platformEngine(orm.em.getPlatform()) === 'postgresql';
}

/** The PostgreSQL server of a `postgres://` setting did not answer or refused the login. Code `DATABASE_UNREACHABLE`. */
export class DatabaseUnreachableError extends AuralisError {
  constructor(dbSetting: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('DATABASE_UNREACHABLE', `cannot connect to ${describeDatabase(dbSetting)}: ${reason || 'no answer'}`, { cause });
  }
}

/**
 * The ORM createOrm returns: driver-neutral (`@mikro-orm/sql`'s MikroORM, on SQLite or PostgreSQL), as every
 * repository and service takes `@mikro-orm/sql`'s EntityManager.
 */
export type MikroORM = SqlMikroORM;

export interface CreateOrmOptions {
  /**
   * SQLite file path (or `':memory:'`), or a `postgres://user:password@host:port/database` URL (libpq form:
   * `?host=/socket/dir` for a Unix socket). Default: `AURALIS_DB` / `./auralis.db` (server/config.ts).
   */
  readonly dbPath?: string;
  /** Log every SQL statement through MikroORM's logger (default false). */
  readonly debug?: boolean;
  /** Extra MikroORM options (tests use `loggerFactory` to count statements). */
  readonly overrides?: Partial<Options>;
}

/**
 * Opens the library database on the engine its setting selects (databaseEngine): MikroORM 7 with the
 * entities and the migration list, and either
 * - SQLite (better-sqlite3): `foreign_keys = ON` (MikroORM sets it on every connection; it makes
 *   `ON DELETE CASCADE` work), `journal_mode = WAL` (readers never block the writer), `synchronous = NORMAL`
 *   (safe with WAL), a busy timeout of BUSY_TIMEOUT_MS and a page cache of READ_CACHE_SIZE_KIB, CACHE_SIZE_KIB while a
 *   transaction runs (writeLockDriver.ts); or
 * - PostgreSQL (pg): the URL goes to pg as its connection string (libpq rules, `?host=` and `sslmode`
 *   included). A server that does not answer or refuses the login fails with DATABASE_UNREACHABLE; the
 *   message never contains the password.
 *
 * The schema is NOT touched: call `migrateToLatest(orm)` (the server and CLI do on start).
 * Per request, work on `orm.em.fork()`. A second ORM in the same process (tests, tools) must get its
 * own `overrides.contextName`: MikroORM keeps the running transaction in AsyncLocalStorage under that
 * name, so two ORMs sharing it would send one's queries into the other's transaction.
 */
export async function createOrm(options: CreateOrmOptions = {}): Promise<MikroORM> {
  const dbSetting = options.dbPath ?? loadConfig().dbPath;
  const common: Options = {
    entities: ENTITIES,
    extensions: [Migrator],
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
  };
  if (databaseEngine(dbSetting) === 'postgresql') {
    return openPostgres(dbSetting, common, options.overrides);
  }

  const orm = await SqlMikroORM.init({
    ...common,
    // Transactions begin with BEGIN IMMEDIATE (writeLockDriver.ts).
    driver: WriteLockSqliteDriver,
    dbName: dbSetting,
    // better-sqlite3 option: busy timeout in ms.
    driverOptions: { timeout: BUSY_TIMEOUT_MS },
    ...options.overrides,
  });
  const database = (await orm.em.getConnection().getNativeClient()) as {
    pragma(source: string): unknown;
  };
  if (dbSetting !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`cache_size = -${READ_CACHE_SIZE_KIB}`);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  return orm;
}

/** How long a PostgreSQL connection attempt may take before DATABASE_UNREACHABLE, in ms. */
export const CONNECT_TIMEOUT_MS = 10_000;

async function openPostgres(url: string, common: Options, overrides: Partial<Options> | undefined): Promise<SqlMikroORM> {
  const parsed = parseConnectionString(url);
  if (!parsed.database) {
    throw new DatabaseUnreachableError(url, new Error('the URL names no database (expected postgres://user@host/database)'));
  }
  let orm: SqlMikroORM;
  try {
    orm = await SqlMikroORM.init({
      ...common,
      driver: PostgreSqlDriver,
      dbName: parsed.database,
      // MikroORM's own view of the server (logs, schema tools); pg itself reads the connection string.
      ...(parsed.host ? { host: parsed.host } : {}),
      ...(parsed.port ? { port: Number(parsed.port) } : {}),
      ...(parsed.user ? { user: parsed.user } : {}),
      driverOptions: { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      ...overrides,
    });
  } catch (error) {
    throw new DatabaseUnreachableError(url, error);
  }
  try {
    await orm.em.getConnection().execute('select 1');
  } catch (error) {
    await orm.close(true).catch(() => {});
    throw new DatabaseUnreachableError(url, error);
  }
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
 * migrations (migrateToLatest). Close it with `orm.close()`. Upgrading a database that has run migrations
 * before says so on stderr first (a data migration over a large library takes a while: rounding 1 000 000
 * fingerprints to f32 ≈ 75 s); a new database is created silently.
 */
export async function openDatabase(options: CreateOrmOptions = {}): Promise<MikroORM> {
  const orm = await createOrm(options);
  try {
    const states = await migrationStatus(orm);
    const pending = states.filter((m) => !m.executed).map((m) => m.name);
    if (pending.length > 0 && pending.length < states.length) {
      process.stderr.write(`auralis: upgrading the database (${pending.length} migration${pending.length === 1 ? '' : 's'}: ${pending.join(', ')}); a large library may take a minute\n`);
    }
    await migrateToLatest(orm);
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}
