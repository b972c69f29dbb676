/**
 * A throw-away PostgreSQL 15 cluster for the tests: `initdb` in a temporary folder, the server listening
 * on a Unix socket only (`listen_addresses = ''`), stopped and removed at the end. `initdb` refuses to
 * run as root, so under root the cluster belongs to the `postgres` system user (Debian's package creates
 * it) and every PostgreSQL binary runs through `runuser -u postgres`.
 *
 * Durability is switched off by default (`fsync`, `synchronous_commit`, `full_page_writes`): a test cluster
 * never survives a crash, and the suite is faster for it. Benchmarks (bench/db.ts, bench/api.ts) start the same
 * cluster with `{ durability: 'defaults' }`: PostgreSQL's own settings, fsync on, since fsync off flatters writes.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 binaries (`apt-get install postgresql-15`); `AURALIS_PG_BIN` overrides. */
export const POSTGRES_BIN = process.env.AURALIS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** The superuser role of the test cluster (`initdb -U`), trusted on the socket without a password. */
export const POSTGRES_SUPERUSER = 'postgres';

/** How long `pg_ctl` waits for the server to accept connections (or to stop), in s. */
const PG_CTL_TIMEOUT_S = 60;

/** `off`: fsync, synchronous_commit and full_page_writes off (tests); `defaults`: PostgreSQL's defaults (benchmarks). */
export type ClusterDurability = 'off' | 'defaults';

export interface PostgresCluster {
  /** Folder holding the socket (`.s.PGSQL.5432`): the `host` of every connection. */
  readonly socketDir: string;
  /** The `-c name=value` settings the server was started with (everything else is PostgreSQL's default). */
  readonly settings: Readonly<Record<string, string>>;
  /** Stops the server (fast shutdown) and removes the folder. */
  stop(): Promise<void>;
}

/** The command line that runs a PostgreSQL binary as the cluster owner (`runuser` when we are root). */
function asOwner(binary: string, args: readonly string[]): [string, string[]] {
  const file = path.join(POSTGRES_BIN, binary);
  return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, [...args]];
}

async function runAsOwner(binary: string, args: readonly string[]): Promise<string> {
  const [file, argv] = asOwner(binary, args);
  try {
    return (await run(file, argv, { encoding: 'utf8' })).stdout;
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`${binary} ${args.join(' ')}: ${failure.stderr?.trim() || failure.message}`, { cause: error });
  }
}

/**
 * Creates and starts a cluster in a new temporary folder (`<tmp>/auralis-pg-*`, with `data/` and
 * `socket/`), waits until it accepts connections and returns its socket folder.
 */
export async function startPostgresCluster(options: { durability?: ClusterDurability } = {}): Promise<PostgresCluster> {
  const settings: Record<string, string> = {
    listen_addresses: "''",
    ...(options.durability === 'defaults' ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    max_connections: '200',
  };
  const root = mkdtempSync(path.join(tmpdir(), 'auralis-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  mkdirSync(socketDir);
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const dir of [root, socketDir]) chownSync(dir, uid, gid);
  }
  let started = false;
  const stop = async (): Promise<void> => {
    if (started) {
      started = false;
      await runAsOwner('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', String(PG_CTL_TIMEOUT_S), 'stop']);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await runAsOwner('initdb', ['-D', dataDir, '-A', 'trust', '-U', POSTGRES_SUPERUSER, '-E', 'UTF8', '--locale=C', '--no-sync']);
    const serverOptions = [`-k ${socketDir}`, ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`)].join(' ');
    await runAsOwner('pg_ctl', [
      '-D', dataDir, '-l', path.join(root, 'server.log'), '-o', serverOptions, '-w', '-t', String(PG_CTL_TIMEOUT_S), 'start',
    ]);
    started = true;
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return { socketDir, settings, stop };
}

/** The connection URL of database `name` in the cluster at `socketDir` (libpq form: the socket folder is `?host=`). */
export function socketDatabaseUrl(socketDir: string, name: string): string {
  return `postgres://${POSTGRES_SUPERUSER}@/${encodeURIComponent(name)}?host=${encodeURIComponent(socketDir)}`;
}

/**
 * Creates a new, empty database with a random name (`auralis_test_<hex>`) in the cluster at `socketDir`
 * (with `createdb`, so no SQL text is built) and returns its URL.
 */
export async function createPostgresDatabase(socketDir: string): Promise<string> {
  const name = `auralis_test_${randomBytes(8).toString('hex')}`;
  const createdb = path.join(POSTGRES_BIN, 'createdb');
  try {
    await run(createdb, ['-h', socketDir, '-U', POSTGRES_SUPERUSER, name], { encoding: 'utf8' });
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`createdb ${name}: ${failure.stderr?.trim() || failure.message}`, { cause: error });
  }
  return socketDatabaseUrl(socketDir, name);
}
