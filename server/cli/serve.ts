import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type ConfigOverrides } from '../config.ts';
import { listen } from '../graphql/listen.ts';
import { describeDatabase } from '../db/databaseEngine.ts';

/** How long shutdown waits for in-flight requests before giving up (ms). */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `auralis serve [--host] [--port] [--db] [--no-worker]`: GraphQL (and GraphiQL) at http://127.0.0.1:4000/graphql.
 * Analyses extraction jobs in its own claim loop, started at once when jobs have pending files; `--no-worker`
 * (env AURALIS_SERVE_WORKER=0) leaves them to `auralis worker` processes.
 * SIGINT / SIGTERM stop accepting connections, let in-flight requests finish, close the database, exit 0;
 * they cancel no extraction job (this server's files in flight go back to PENDING for any worker).
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the GraphQL API (GraphiQL in the browser) on the library database')
    .option('--host <host>', 'address to listen on (env AURALIS_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (env AURALIS_PORT, default 4000; 0 = any free port)', parsePort)
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .option('--no-worker', 'analyse no extraction job here; leave them to `auralis worker` processes (env AURALIS_SERVE_WORKER=0)')
    .action(async (options: { host?: string; port?: number; db?: string; worker?: boolean }) => {
      try {
        const overrides: { -readonly [K in keyof ConfigOverrides]: ConfigOverrides[K] } = {};
        if (options.host !== undefined) overrides.host = options.host;
        if (options.db !== undefined) overrides.dbPath = options.db;
        if (options.port !== undefined) overrides.port = options.port;
        if (options.worker === false) overrides.serveWorker = false;
        const config = loadConfig(overrides);
        const running = await listen(config);
        process.stdout.write(`auralis: GraphQL at ${running.url} (database ${describeDatabase(config.dbPath)})\n`);
        process.stdout.write(`auralis: web app at ${new URL('/', running.url).href}\n`);
        const stop = (signal: string) => {
          process.stdout.write(`auralis: ${signal}, finishing in-flight requests\n`);
          const timer = setTimeout(() => {
            process.stderr.write(`auralis: requests still running after ${SHUTDOWN_GRACE_MS} ms, exiting\n`);
            process.exit(1);
          }, SHUTDOWN_GRACE_MS);
          timer.unref();
          running.close().then(
            () => process.stdout.write('auralis: stopped\n'),
            (error: unknown) => {
              process.stderr.write(`auralis: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
              process.exitCode = 1;
            },
          );
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      } catch (error) {
        process.stderr.write(`auralis serve: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

/** commander parser of `--port`: an invalid value is a usage error (exit code 2). */
function parsePort(raw: string): number {
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError(`expected an integer 0…65535, received "${raw}"`);
  }
  return port;
}
