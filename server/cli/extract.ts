/**
 * `auralis extract [--missing|--stale|--all] [--db <path>]`: analyses the tracks of the database that have
 * no fingerprint (default), a stale one (status STALE or an older version), or all of them, with a bar on a
 * terminal and plain lines when piped, then a summary line. Exit code 1 only for a fatal error; failed files
 * are reported and marked FAILED. Ctrl-C cancels cleanly (exit code 130).
 */
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { type ExtractionFlags, INTERRUPTED_EXIT_CODE, positiveInteger, reportFatal, runCliExtraction } from '../extraction/cliExtraction.ts';
import type { ExtractionSelection } from '../extraction/extractor.ts';

export function extractCommand(): Command {
  return new Command('extract')
    .description('Extract fingerprints of the tracks in the database: missing (default), stale or all')
    .option('--missing', 'tracks without a fingerprint (the default)')
    .option('--stale', 'tracks whose file changed or whose fingerprint has an older version')
    .option('--all', 'every track')
    .option('--db <path>', 'SQLite database file (env AURALIS_DB, default ./auralis.db)')
    .option('--workers <n>', 'analysis threads (env AURALIS_WORKERS, default the core count)', positiveInteger)
    .option('--timeout <ms>', 'per-file decode limit in milliseconds (default 120000)', positiveInteger)
    .option('--fail-after <n>', 'stop after this many failed files (default: analyse every file)', positiveInteger)
    .action(async (flags: ExtractionFlags & { missing?: boolean; stale?: boolean; all?: boolean }) => {
      const chosen = (['missing', 'stale', 'all'] as const).filter((name) => flags[name]);
      if (chosen.length > 1) {
        process.stderr.write(`auralis extract: expected at most one of --missing, --stale, --all, received ${chosen.map((c) => `--${c}`).join(' ')}\n`);
        process.exitCode = 2;
        return;
      }
      const selection = (chosen[0] ?? 'missing').toUpperCase() as ExtractionSelection;
      try {
        const config = loadConfig({
          ...(flags.db === undefined ? {} : { dbPath: flags.db }),
          ...(flags.workers === undefined ? {} : { workers: flags.workers }),
        });
        const orm = await openDatabase({ dbPath: config.dbPath });
        try {
          const { interrupted } = await runCliExtraction(orm, { selection }, {
            workers: config.workers,
            ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
            ...(flags.failAfter === undefined ? {} : { failAfter: flags.failAfter }),
            out: process.stdout,
          });
          if (interrupted) process.exitCode = INTERRUPTED_EXIT_CODE;
        } finally {
          await orm.close();
        }
      } catch (error) {
        reportFatal('extract', error);
        process.exitCode = 1;
      }
    });
}
