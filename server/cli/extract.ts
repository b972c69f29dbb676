/**
 * `auralis extract [--missing|--stale|--all] [--db <path>]`: analyses the tracks of the database that have
 * no fingerprint (default), a stale one (status STALE or an older version), or all of them, with a bar on a
 * terminal and plain lines when piped, then a summary line. Exit code 1 only for a fatal error; failed files
 * are reported and marked FAILED. Ctrl-C cancels cleanly (exit code 130).
 */
import { Command } from 'commander';
import {
  type ExtractionFlags,
  extractionRunOptions,
  INTERRUPTED_EXIT_CODE,
  runCliExtraction,
  withCliDatabase,
  withExtractionOptions,
} from '../extraction/cliExtraction.ts';
import type { ExtractionSelection } from '../extraction/extractor.ts';

export function extractCommand(): Command {
  return withExtractionOptions(
    new Command('extract')
      .description('Extract fingerprints of the tracks in the database: missing (default), stale or all')
      .option('--missing', 'tracks without a fingerprint (the default)')
      .option('--stale', 'tracks whose file changed or whose fingerprint has an older version')
      .option('--all', 'every track'),
  ).action(async (flags: ExtractionFlags & { missing?: boolean; stale?: boolean; all?: boolean }) => {
      const chosen = (['missing', 'stale', 'all'] as const).filter((name) => flags[name]);
      if (chosen.length > 1) {
        process.stderr.write(`auralis extract: expected at most one of --missing, --stale, --all, received ${chosen.map((c) => `--${c}`).join(' ')}\n`);
        process.exitCode = 2;
        return;
      }
      const selection = (chosen[0] ?? 'missing').toUpperCase() as ExtractionSelection;
      await withCliDatabase('extract', flags, async (orm, config) => {
        const options = extractionRunOptions(flags, config, process.stdout);
        const { interrupted } = await runCliExtraction(orm, { selection }, options);
        if (interrupted) process.exitCode = INTERRUPTED_EXIT_CODE;
      });
    });
}
