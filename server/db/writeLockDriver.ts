/**
 * SQLite only: transactions that take the write lock when they begin (`BEGIN IMMEDIATE`), with a retry of
 * SQLITE_BUSY at that point. Engine-specific by nature; PostgreSQL's row locks need none of this.
 *
 * Why: a deferred `BEGIN` takes a read snapshot at the first SELECT; when another connection commits before
 * this transaction's first write, the upgrade to a writer fails at once with SQLITE_BUSY_SNAPSHOT, without
 * waiting for the busy timeout (https://sqlite.org/isolation.html). Two `auralis scan` processes on one
 * database hit it every time (issue 8 item 5). `BEGIN IMMEDIATE` waits for the write lock up front (the busy
 * timeout applies), so a transaction that reads then writes cannot lose its snapshot.
 *
 * MikroORM 7 begins transactions through Kysely (`startTransaction()` → the dialect driver's
 * `beginTransaction`), whose SQLite driver sends a plain `begin`; this module wraps that dialect so that
 * the one `begin` becomes `begin immediate`. A transaction also runs with the larger page cache (CACHE_SIZE_KIB,
 * READ_CACHE_SIZE_KIB again after commit or rollback). Everything else is delegated unchanged.
 */
import { SqliteConnection, SqliteDriver } from '@mikro-orm/sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  SqliteDialect,
  type TransactionSettings,
} from 'kysely';
import { withStatementCache } from './statementCache.ts';

/** How long a transaction start keeps retrying SQLITE_BUSY after the busy timeout ran out, in ms. */
export const BEGIN_RETRY_MS = 60_000;
/** Pause between two attempts, in ms (the busy timeout already waited before each failure). */
const BEGIN_RETRY_PAUSE_MS = 50;

/**
 * Page cache while a transaction runs, in KiB (64 MiB; SQLite's `cache_size` takes KiB as a negative number).
 * A 100 000-track library is about 40 MB on disk, so its indexes stay cached while bulk upserts rewrite them
 * (bench/db.ts: 100 000 inserts 2.6 s with it, 7.7 s with 2 MiB). Memory is only taken as pages are read.
 */
export const CACHE_SIZE_KIB = 65_536;

/**
 * Page cache outside transactions, in KiB (8 MiB). Reads of a whole table (the similarity index's load, its change
 * check's aggregates, ANALYZE) would otherwise fill CACHE_SIZE_KIB and keep it: malloc holds the freed pages, so a
 * server at 1 000 000 tracks stayed ≈ 60 MB larger. Lowering the size at commit frees the pages above it.
 */
export const READ_CACHE_SIZE_KIB = 8_192;

const setCacheSize = (kib: number) => CompiledQuery.raw(`pragma cache_size = -${kib}`);

const isBusy = (error: unknown) => /^SQLITE_BUSY/.test(String((error as { code?: unknown } | null)?.code ?? ''));

/** Kysely driver that begins every transaction with `begin immediate`, retrying SQLITE_BUSY. */
class WriteLockDriver implements Driver {
  readonly #inner: Driver;

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.#inner.acquireConnection();
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    const deadline = Date.now() + BEGIN_RETRY_MS;
    for (;;) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, BEGIN_RETRY_PAUSE_MS));
      }
    }
    await connection.executeQuery(setCacheSize(CACHE_SIZE_KIB));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.commitTransaction(connection);
    } finally {
      await connection.executeQuery(setCacheSize(READ_CACHE_SIZE_KIB));
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.rollbackTransaction(connection);
    } finally {
      await connection.executeQuery(setCacheSize(READ_CACHE_SIZE_KIB));
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    return this.#inner.savepoint!(connection, name, compile);
  }

  rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2],
  ): Promise<void> {
    return this.#inner.rollbackToSavepoint!(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]): Promise<void> {
    return this.#inner.releaseSavepoint!(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** The same dialect, with transactions that begin by taking the write lock. */
function withWriteLockAtBegin(dialect: Dialect): Dialect {
  return {
    createDriver: () => new WriteLockDriver(dialect.createDriver()),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createAdapter: (): DialectAdapter => dialect.createAdapter(),
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => dialect.createIntrospector(db),
  };
}

class WriteLockSqliteConnection extends SqliteConnection {
  override createKyselyDialect(options: Parameters<SqliteConnection['createKyselyDialect']>[0]) {
    // The base class opens the better-sqlite3 database (this.database); its dialect is rebuilt over the same
    // database with prepared statements reused by SQL text (statementCache.ts).
    super.createKyselyDialect(options);
    // `database` is private in MikroORM's typings only; it is the better-sqlite3 Database the base just opened.
    const { database } = this as unknown as { database: ConstructorParameters<typeof SqliteDialect>[0]['database'] & object };
    const dialect = new SqliteDialect({
      database: withStatementCache(database as never),
      onCreateConnection: this.options.onCreateConnection ?? this.config.get('onCreateConnection'),
    });
    return withWriteLockAtBegin(dialect);
  }
}

/**
 * MikroORM's SQLite (better-sqlite3) driver whose transactions begin with `begin immediate` and whose statements
 * are prepared once per SQL text (statementCache.ts).
 */
export class WriteLockSqliteDriver extends SqliteDriver {
  constructor(config: ConstructorParameters<typeof SqliteDriver>[0]) {
    super(config);
    // The base constructor takes a connection class; SqliteDriver passes its own, so it is swapped here.
    Object.defineProperty(this, 'connection', { value: new WriteLockSqliteConnection(this.config) });
  }
}
