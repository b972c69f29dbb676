/**
 * `auralis worker [--db <path|url>] [--workers n] [--lease-ms ms] [--once]`: claims files of extraction jobs
 * from the database and analyses them (server/extraction/extractionWorker.ts) until SIGINT / SIGTERM (a
 * clean stop: no new claim, the files in flight are given back), or with `--once` until no open item is
 * left. Any number of workers on several machines may share one PostgreSQL database (on SQLite, one
 * machine). The library roots (stored by `auralis scan` ∪ AURALIS_LIBRARY_ROOTS) guard the paths; with
 * none the command exits 1 (NO_LIBRARY_ROOTS). A worker killed with SIGKILL loses its files after the lease.
 */
import { Command } from 'commander';
import { type ExtractionFlags, positiveInteger, withCliDatabase } from '../extraction/cliExtraction.ts';
import { AnalysisPool } from '../extraction/analysisPool.ts';
import { DEFAULT_LEASE_MS, ExtractionWorker } from '../extraction/extractionWorker.ts';
import { LibraryRootService } from '../library/libraryRoots.ts';
import { NoLibraryRootsError, resolveLibraryPath } from '../library/pathGuard.ts';
import { printable } from './printable.ts';

export function workerCommand(): Command {
  return new Command('worker')
    .description('Claim files of extraction jobs from the database and analyse them (several workers may share one PostgreSQL)')
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .option('--workers <n>', 'analysis threads (env AURALIS_WORKERS, default the core count)', positiveInteger)
    .option('--lease-ms <ms>', `claim lease in milliseconds (default ${DEFAULT_LEASE_MS})`, positiveInteger)
    .option('--timeout <ms>', 'per-file decode limit in milliseconds (default 120000)', positiveInteger)
    .option('--once', 'exit when no pending work is left (tests, cron)')
    .action(async (flags: ExtractionFlags & { leaseMs?: number; once?: boolean }) => {
      await withCliDatabase('worker', flags, async (orm, config) => {
        const roots = new LibraryRootService(orm.em.fork(), config.libraryRoots);
        if ((await roots.paths()).length === 0) throw new NoLibraryRootsError();
        const pool = new AnalysisPool({ workers: config.workers, ...(flags.timeout ? { timeoutMs: flags.timeout } : {}) });
        const worker = new ExtractionWorker({
          orm,
          pool,
          ...(flags.leaseMs === undefined ? {} : { leaseMs: flags.leaseMs }),
          resolvePath: async (path) => resolveLibraryPath(path, await new LibraryRootService(orm.em.fork(), config.libraryRoots).paths(), ['path']),
          onFile: (file) => {
            const status = file.result === 'succeeded' ? 'OK' : file.result.toUpperCase();
            const reason = file.failure ? ` ${printable(file.failure.code)}: ${printable(file.failure.message)}` : '';
            process.stdout.write(`${status} ${printable(file.path)}${reason}\n`);
          },
          onError: (error) => process.stderr.write(`auralis worker: ${printable(error instanceof Error ? error.message : String(error))}\n`),
        });
        const stop = () => void worker.stop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        process.stdout.write(`worker ${worker.id}: claiming${flags.once ? ' until no work is left' : ''}\n`);
        try {
          await worker.run(flags.once ? 'idle' : 'stopped');
        } finally {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
          await pool.close();
        }
      });
    });
}
