/**
 * The extraction part shared by `auralis scan` and `auralis extract`: the pool, Ctrl-C handling, the
 * reporter (bar on a terminal, plain lines when piped) and the summary line.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { MikroORM } from '@mikro-orm/sql';
import { writeCliError } from '../cli/reportError.ts';
import { type AuralisConfig, loadConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { AnalysisPool } from './analysisPool.ts';
import { type ExtractionSelection, type ExtractionSummary, type FailurePolicy, extractFingerprints } from './extractor.ts';
import { ExtractionReporter, type OutputStream, formatExtractionSummary } from './progressReporter.ts';

/** The flags both commands take. */
export interface ExtractionFlags {
  readonly db?: string;
  readonly workers?: number;
  readonly timeout?: number;
  readonly failAfter?: number;
}

/** commander parser of a positive integer option. */
export function positiveInteger(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a positive integer, received "${raw}"`);
  return value;
}

/** Adds the options both commands take: `--db`, `--workers`, `--timeout`, `--fail-after`. */
export function withExtractionOptions(command: Command): Command {
  return command
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .option('--workers <n>', 'analysis threads (env AURALIS_WORKERS, default the core count)', positiveInteger)
    .option('--timeout <ms>', 'per-file decode limit in milliseconds (default 120000)', positiveInteger)
    .option('--fail-after <n>', 'stop after this many failed files (default: analyse every file)', positiveInteger);
}

/**
 * Loads the configuration the flags override, opens (and migrates) the database, runs `work` and closes
 * the database. A fatal error becomes one line on stderr and exit code 1.
 */
export async function withCliDatabase(
  command: string,
  flags: ExtractionFlags,
  work: (orm: MikroORM, config: AuralisConfig) => Promise<void>,
): Promise<void> {
  try {
    const config = loadConfig({
      ...(flags.db === undefined ? {} : { dbPath: flags.db }),
      ...(flags.workers === undefined ? {} : { workers: flags.workers }),
    });
    const orm = await openDatabase({ dbPath: config.dbPath });
    try {
      await work(orm, config);
    } finally {
      await orm.close();
    }
  } catch (error) {
    reportFatal(command, error);
    process.exitCode = 1;
  }
}

/** The options of `runCliExtraction` that the flags and the configuration set. */
export function extractionRunOptions(
  flags: ExtractionFlags,
  config: AuralisConfig,
  out: OutputStream,
): { workers: number; timeoutMs?: number; failAfter?: number; out: OutputStream } {
  return {
    workers: config.workers,
    ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
    ...(flags.failAfter === undefined ? {} : { failAfter: flags.failAfter }),
    out,
  };
}

/** Exit code after Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Extracts `trackIds` (or `selection`) with a pool of `workers` threads, reporting to `out`. The first
 * Ctrl-C cancels cleanly (files in flight abandoned, their ffmpeg stopped); `interrupted` tells.
 */
export async function runCliExtraction(
  orm: MikroORM,
  target: { readonly trackIds: readonly number[] } | { readonly selection: ExtractionSelection },
  options: { workers: number; timeoutMs?: number; failAfter?: number; out: OutputStream; skipCurrent?: boolean },
): Promise<{ summary: ExtractionSummary; interrupted: boolean }> {
  const pool = new AnalysisPool({ workers: options.workers, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  const reporter = new ExtractionReporter(options.out);
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    controller.abort('interrupted (Ctrl-C)');
  };
  process.once('SIGINT', onSigint);
  const failurePolicy: FailurePolicy =
    options.failAfter === undefined ? { mode: 'continue' } : { mode: 'abort', maxFailures: options.failAfter };
  let started = false;
  try {
    const summary = await extractFingerprints(orm, pool, {
      ...target,
      failurePolicy,
      ...(options.skipCurrent === undefined ? {} : { skipCurrent: options.skipCurrent }),
      signal: controller.signal,
      onProgress: (progress) => {
        if (!started) {
          started = true;
          reporter.start(progress.total);
        }
        reporter.progress(progress);
      },
      onFile: (result) => reporter.file(result),
    });
    reporter.stop();
    options.out.write(`${formatExtractionSummary(summary)}\n`);
    return { summary, interrupted };
  } finally {
    reporter.stop();
    process.removeListener('SIGINT', onSigint);
    await pool.close();
  }
}

/** One line for a fatal error on stderr, no stack unless AURALIS_DEBUG is set. */
export function reportFatal(command: string, error: unknown): void {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  writeCliError(command, `${message}${typeof code === 'string' ? ` [${code}]` : ''}`, error);
}
