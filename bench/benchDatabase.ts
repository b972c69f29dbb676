/**
 * The database engines a benchmark runs on (`--engine sqlite|postgres|both`, default both) and a fresh, empty
 * database on each: a SQLite file in a temporary folder, or a database in a throw-away PostgreSQL 15 cluster
 * started by the same code as the tests (test/support/postgres.ts) but with PostgreSQL's default durability
 * (fsync, synchronous_commit and full_page_writes on): the test cluster's fsync off would flatter writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseEngine } from '../server/db/databaseEngine.ts';
import { createPostgresDatabase, startPostgresCluster } from '../test/support/postgres.ts';

/** The engines selected by `--engine` (`sqlite`, `postgres` / `postgresql`, or `both`), in run order. */
export function selectedEngines(argv: readonly string[] = process.argv): DatabaseEngine[] {
  const index = argv.indexOf('--engine');
  const value = index < 0 ? 'both' : argv[index + 1];
  switch (value) {
    case 'both':
      return ['sqlite', 'postgresql'];
    case 'sqlite':
      return ['sqlite'];
    case 'postgres':
    case 'postgresql':
      return ['postgresql'];
    default:
      throw new Error(`--engine: expected sqlite, postgres or both, received ${String(value)}`);
  }
}

export interface BenchDatabase {
  readonly engine: DatabaseEngine;
  /** What `createOrm({ dbPath })` and `auralis serve --db` take: a file path or a postgres:// URL. */
  readonly dbSetting: string;
  /** How the engine was configured for the run (recorded in the results). */
  readonly settings: Readonly<Record<string, string>>;
  /** Stops the cluster / removes the file. */
  close(): Promise<void>;
}

/** PostgreSQL settings a benchmark records as the server reports them (`pg_settings`). */
export const RECORDED_POSTGRES_SETTINGS = [
  'server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'work_mem',
  'effective_cache_size', 'random_page_cost', 'jit', 'max_connections',
];

/** A new, empty database on `engine` (not migrated). */
export async function openBenchDatabase(engine: DatabaseEngine, name: string): Promise<BenchDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), `auralis-bench-${name}-`));
    return {
      engine,
      dbSetting: path.join(dir, `${name}.db`),
      settings: { file: 'temporary folder', journal_mode: 'wal', synchronous: 'normal (server/db/createOrm.ts)' },
      async close() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const cluster = await startPostgresCluster({ durability: 'defaults' });
  try {
    const dbSetting = await createPostgresDatabase(cluster.socketDir);
    return {
      engine,
      dbSetting,
      settings: {
        cluster: 'throw-away PostgreSQL 15 (test/support/postgres.ts, durability "defaults"), Unix socket',
        ...cluster.settings,
      },
      close: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
