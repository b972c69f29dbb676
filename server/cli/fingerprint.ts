/**
 * `auralis fingerprint <file> [--json]`: analyse one file, no database. The human output is a table of
 * dimension, value and unit grouped by category (from the catalogue), then the facts beside the 25 (tempo
 * confidence and alternate, true peak, key, ReplayGain track gain and peak); `--json` prints the camelCase
 * dimension keys, the fact keys (null = not computed by this build), `key`, `replayGain` and `version`.
 * A file that cannot be analysed gives exit code 1 and one line on stderr.
 */
import { printable } from './printable.ts';
import { Command, InvalidArgumentError } from 'commander';
import { type FileAnalysis, analyseFile } from '../fingerprint/analyse.ts';
import { DIMENSION_GROUPS, DIMENSIONS } from '../fingerprint/dimensions.ts';
import { FACTS } from '../fingerprint/facts.ts';
import { type MusicalKey, storedKey } from '../fingerprint/storedKey.ts';
import { type TrackReplayGain, trackReplayGain } from '../library/replayGainService.ts';
import { reportCommandError } from './reportError.ts';

/** Decimals shown per unit: enough to compare, few enough to read. */
function decimalsFor(unit: string): number {
  if (unit === 'Hz') return 1;
  if (unit === '0–1' || unit === '−1…1') return 3;
  if (unit === 'pitch class' || unit === 'mode') return 0;
  return 2;
}

/** The key of an analysis (with its confidence), null when not estimated. */
function keyOf(analysis: FileAnalysis): (MusicalKey & { confidence: number | null }) | null {
  const key = storedKey(analysis.facts.keyPitchClass, analysis.facts.keyMode);
  return key === null ? null : { ...key, confidence: analysis.facts.keyConfidence };
}

/** ReplayGain 2.0 track values of an analysis, null without a LUFS value. */
function replayGainOf(analysis: FileAnalysis): TrackReplayGain | null {
  const lufs = analysis.values.lufs;
  return lufs === undefined ? null : trackReplayGain({ lufs, truePeakDbtp: analysis.facts.truePeakDbtp });
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
  lines.push('', 'facts (not in the distance)');
  const factWidth = Math.max(...FACTS.map((f) => f.key.length), 'replayGain'.length);
  for (const f of FACTS) {
    const value = analysis.facts[f.key];
    const text = value === null ? '—' : value.toFixed(decimalsFor(f.unit));
    const note = value === null ? '  (not computed by this build)' : '';
    lines.push(`  ${f.key.padEnd(factWidth)}  ${text.padStart(valueWidth)}  ${f.unit}${note}`);
  }
  const key = keyOf(analysis);
  lines.push(`  ${'key'.padEnd(factWidth)}  ${key === null ? '—' : `${key.name} (Camelot ${key.camelot})`}`);
  const replayGain = replayGainOf(analysis);
  if (replayGain !== null) {
    const gain = `${replayGain.trackGainDb >= 0 ? '+' : ''}${replayGain.trackGainDb.toFixed(2)} dB`;
    const peak = replayGain.trackPeak === null ? '' : `, peak ${replayGain.trackPeak.toFixed(6)}`;
    lines.push(`  ${'replayGain'.padEnd(factWidth)}  track gain ${gain}${peak} (reference −18 LUFS)`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The `--json` document: camelCase dimension keys (catalogue order), the fact keys (FACTS order; null = not
 * computed by this build), `key` ({name, camelot, pitchClass, mode, confidence} or null), `replayGain`
 * ({trackGainDb, trackPeak}) and `version`.
 */
export function fingerprintJson(analysis: FileAnalysis): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const d of DIMENSIONS) {
    const value = analysis.values[d.key];
    if (value !== undefined) document[d.key] = value;
  }
  for (const f of FACTS) document[f.key] = analysis.facts[f.key];
  document.key = keyOf(analysis);
  document.replayGain = replayGainOf(analysis);
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
    .description('Analyse one audio file and print its 25 fingerprint values and the facts beside them (no database)')
    .argument('<file>', 'any audio file ffmpeg can read')
    .option('--json', 'print JSON: the camelCase dimension and fact keys, "key", "replayGain" and "version"')
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
