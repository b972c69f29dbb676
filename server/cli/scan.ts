/**
 * `auralis scan <dir>… [--db <path>] [--no-extract]`: adds and updates the tracks of the audio files under
 * the folders (tags and format facts; unchanged size + mtime → skipped; changed → STALE), stores the folders
 * as library roots (table `library_roots`: `serve` on the same database may then read them without
 * AURALIS_LIBRARY_ROOTS), then extracts the missing and stale fingerprints of those files. A bar on a terminal, plain lines when piped, a summary
 * line at the end. Exit code 1 only for a fatal error (a folder that does not exist, the database);
 * files that cannot be analysed are reported and marked FAILED. Ctrl-C cancels cleanly (exit code 130).
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
import { LibraryRootService } from '../library/libraryRoots.ts';
import { type ScanSummary, scanLibrary } from '../library/scanner.ts';
import { printable } from './printable.ts';

/** "scanned 12 files: 3 added, 1 updated (1 stale), 8 unchanged, 0 warnings", plus tracks whose file is gone. */
export function formatScanSummary(summary: ScanSummary): string {
  const gone = summary.gone > 0 ? `; ${summary.gone} stored tracks no longer found on disk (kept)` : '';
  return (
    `scanned ${summary.files} files: ${summary.added} added, ${summary.updated} updated (${summary.stale} stale), ` +
    `${summary.unchanged} unchanged, ${summary.warnings} warnings${gone}`
  );
}

/** On a terminal: one self-overwriting status line while the folders are walked (at most every 200 ms). */
function scanTicker(out: NodeJS.WriteStream): { tick: (counts: Record<string, number>) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    tick(counts) {
      if (!out.isTTY) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      out.write(`\r\x1b[2Kscanning: ${counts.files} files (${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged)`);
    },
    clear() {
      if (shown) out.write('\r\x1b[2K');
      shown = false;
    },
  };
}

export function scanCommand(): Command {
  return withExtractionOptions(
    new Command('scan')
      .description('Add and update tracks from folders (tags, format facts), then extract the missing and stale fingerprints')
      .argument('<dir...>', 'folders to scan (symlinks are followed only inside them)')
      .option('--no-extract', 'only add and update tracks; do not analyse'),
  ).action(async (dirs: string[], flags: ExtractionFlags & { extract: boolean }) => {
    const out = process.stdout;
    await withCliDatabase('scan', flags, async (orm, config) => {
      const ticker = scanTicker(out);
      const counts = { files: 0, added: 0, updated: 0, unchanged: 0 };
      const scan = await scanLibrary(orm, dirs, {
        onWarning: (message) => {
          ticker.clear();
          out.write(`WARNING ${printable(message)}\n`);
        },
        onFile: (file) => {
          counts.files++;
          counts[file.action]++;
          if (file.tagError) {
            ticker.clear();
            out.write(`WARNING ${printable(file.tagError)} (added without tags)\n`);
          } else if (!out.isTTY && file.action !== 'unchanged') out.write(`${file.action.toUpperCase()} ${printable(file.path)}\n`);
          ticker.tick(counts);
        },
      });
      ticker.clear();
      // Only after a scan that found every folder (scanLibrary refuses a missing one before writing).
      await new LibraryRootService(orm.em.fork(), config.libraryRoots).remember(dirs);
      out.write(`${formatScanSummary(scan)}\n`);
      if (flags.extract && scan.toExtract.length > 0) {
        const options = extractionRunOptions(flags, config, out);
        // skipCurrent: a file another process analysed since this scan compared it is not analysed again.
        const { interrupted } = await runCliExtraction(orm, { trackIds: scan.toExtract }, { ...options, skipCurrent: true });
        if (interrupted) process.exitCode = INTERRUPTED_EXIT_CODE;
      } else if (flags.extract) {
        out.write('nothing to extract: every scanned file has a current fingerprint (or failed unchanged)\n');
      }
    });
  });
}
