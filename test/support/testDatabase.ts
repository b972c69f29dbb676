/**
 * Where every test gets its database: a file on SQLite (the default) or a new database in the run's
 * PostgreSQL cluster (AURALIS_TEST_ENGINE=postgres, started by test/global-setup.ts).
 */
import { inject } from 'vitest';
import { openDatabase, type CreateOrmOptions, type MikroORM } from '../../server/db/createOrm.ts';
import { createPostgresDatabase } from './postgres.ts';
import { testEngine } from './testEngine.ts';

export { testEngine } from './testEngine.ts';

/**
 * A new, empty database on the test engine: on SQLite `sqliteFile` itself (the caller's temp folder holds
 * it), on PostgreSQL the URL of a new database with a random name in the run's cluster.
 */
export async function freshDatabaseUrl(sqliteFile: string): Promise<string> {
  if (testEngine() === 'sqlite') return sqliteFile;
  const socketDir = inject('postgresSocketDir');
  if (!socketDir) throw new Error('AURALIS_TEST_ENGINE=postgres but no cluster was started (test/global-setup.ts)');
  return createPostgresDatabase(socketDir);
}

/**
 * A fresh database on the test engine, migrated to the latest schema (openDatabase). `sqliteFile` is used
 * on SQLite only; `options` go to createOrm (logger overrides, a `contextName` for a second ORM).
 */
export async function openTestDatabase(sqliteFile: string, options: Omit<CreateOrmOptions, 'dbPath'> = {}): Promise<MikroORM> {
  return openDatabase({ ...options, dbPath: await freshDatabaseUrl(sqliteFile) });
}
