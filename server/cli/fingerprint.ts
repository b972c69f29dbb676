/**
 * `auralis fingerprint <file> [--json]`: analyse one file, no database. The human output is a table of
 * dimension, value and unit grouped by category (from the catalogue); `--json` prints the camelCase keys
 * plus `version`. A file that cannot be analysed gives exit code 1 and one line on stderr.
 */
import { printable } from './printable.ts';
import { Command, InvalidArgumentError } from 'commander';
import { type FileAnalysis, analyseFile } from '../fingerprint/analyse.ts';
import { DIMENSION_GROUPS, DIMENSIONS } from '../fingerprint/dimensions.ts';
import { reportCommandError } from './reportError.ts';

/** Decimals shown per unit: enough to compare, few enough to read. */
function decimalsFor(unit: string): number {
  if (unit === 'Hz') return 1;
  if (unit === '0–1' || unit === '−1…1') return 3;
  return 2;
}

/** The human-readable table (one block per category, in catalogue order). */
export function formatFingerprintTable(file: string, analysis: FileAnalysis): string {
  const lines = [
    printable(file),
    `  ${analysis.codec} (${analysis.container}), ${analysis.channels} ch, ${analysis.sampleRate} Hz, ` +
      `${analysis.durationSeconds.toFixed(2)} s; fingerprint version ${analysis.version}`,
  ];
  const nameWidth = Math.max(...DIMENSIONS.map((d) => d.key.length));
  const rows = DIMENSIONS.map((d) => {
    const value = analysis.values[d.key];
    return { d, text: value === undefined ? '—' : value.toFixed(decimalsFor(d.unit)) };
  });
  const valueWidth = Math.max(...rows.map((r) => r.text.length));
  for (const group of DIMENSION_GROUPS) {
    lines.push('', group);
    for (const { d, text } of rows.filter((r) => r.d.group === group)) {
      const note = analysis.values[d.key] === undefined ? '  (not computed by this build)' : '';
      lines.push(`  ${d.key.padEnd(nameWidth)}  ${text.padStart(valueWidth)}  ${d.unit}${note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The `--json` document: camelCase dimension keys (catalogue order) plus `version`. */
export function fingerprintJson(analysis: FileAnalysis): Record<string, number> {
  const document: Record<string, number> = {};
  for (const d of DIMENSIONS) {
    const value = analysis.values[d.key];
    if (value !== undefined) document[d.key] = value;
  }
  document.version = analysis.version;
  return document;
}

function positiveMilliseconds(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`expected a positive number of milliseconds, received "${raw}"`);
  }
  return value;
}

export function fingerprintCommand(): Command {
  return new Command('fingerprint')
    .description('Analyse one audio file and print its 25 fingerprint values (no database)')
    .argument('<file>', 'any audio file ffmpeg can read')
    .option('--json', 'print JSON: the camelCase dimension keys plus "version"')
    .option('--timeout <ms>', 'give up after this many milliseconds', positiveMilliseconds)
    .action(async (file: string, options: { json?: boolean; timeout?: number }) => {
      try {
        const analysis = await analyseFile(file, options.timeout === undefined ? {} : { timeoutMs: options.timeout });
        process.stdout.write(
          options.json ? `${JSON.stringify(fingerprintJson(analysis), null, 2)}\n` : formatFingerprintTable(file, analysis),
        );
      } catch (error) {
        reportCommandError('fingerprint', error);
      }
    });
}
