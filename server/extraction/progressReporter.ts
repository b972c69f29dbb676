/**
 * Command-line output of an extraction (and of the scan before it). On a terminal: a cli-progress bar
 * (count, files/s, ETA, current file) with failures printed above it. Piped: plain lines, one per finished
 * file, so logs and `grep` work. Both end with one summary line (formatExtractionSummary). File names and
 * messages pass through `printable` (control characters escaped): one record per line, no escape sequence.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { printable } from '../cli/printable.ts';
import type { ExtractionFileResult, ExtractionProgress, ExtractionSummary } from './extractor.ts';

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** "12 files: 10 succeeded, 2 failed, 0 skipped in 3.4 s (3.5 files/s)", with the outcome when not COMPLETED. */
export function formatExtractionSummary(summary: ExtractionSummary): string {
  const outcome =
    summary.outcome === 'COMPLETED'
      ? ''
      : summary.outcome === 'CANCELLED'
        ? `; cancelled, ${summary.total - summary.processed} not analysed`
        : `; stopped by the failure policy, ${summary.total - summary.processed} not analysed`;
  return (
    `extracted ${summary.processed} of ${summary.total} files: ${summary.succeeded} succeeded, ${summary.failed} failed, ` +
    `${summary.skipped} skipped in ${summary.elapsedSeconds.toFixed(1)} s (${summary.rate.toFixed(1)} files/s)${outcome}`
  );
}

/** One failure as the CLI prints it: `FAILED <path>: <message> [CODE]` on one line. */
export function formatFailure(result: ExtractionFileResult): string {
  const failure = result.failure!;
  return printable(`FAILED ${result.path ?? `track ${result.trackId}`}: ${failure.message.replace(/\s*\n\s*/g, ' ')} [${failure.code}]`);
}

export class ExtractionReporter {
  readonly #out: OutputStream;
  readonly #tty: boolean;
  #multi: MultiBar | undefined;
  #bar: SingleBar | undefined;
  #done = 0;
  #total = 0;

  /** `tty` defaults to `out.isTTY` (process.stdout.isTTY for the CLI). */
  constructor(out: OutputStream, options: { tty?: boolean } = {}) {
    this.#out = out;
    this.#tty = options.tty ?? out.isTTY === true;
  }

  /** A line of text (above the bar on a terminal), control characters escaped. */
  line(text: string): void {
    if (this.#multi) this.#multi.log(`${printable(text)}\n`);
    else this.#out.write(`${printable(text)}\n`);
  }

  start(total: number): void {
    this.#total = total;
    this.#done = 0;
    if (!this.#tty || total === 0) return;
    this.#multi = new MultiBar(
      {
        stream: this.#out as NodeJS.WritableStream,
        format: 'extract {bar} {value}/{total} | {rate} files/s | ETA {etaText} | {file}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        etaBuffer: 20,
      },
      Presets.shades_classic,
    );
    this.#bar = this.#multi.create(total, 0, { rate: '0.0', etaText: '—', file: '' });
  }

  /** One finished file: a plain line when piped, a line above the bar only for failures on a terminal. */
  file(result: ExtractionFileResult): void {
    this.#done++;
    if (this.#bar) {
      if (result.result === 'failed') this.line(formatFailure(result));
      return;
    }
    const counter = `[${this.#done}/${this.#total}]`;
    if (result.result === 'failed') this.#out.write(`${counter} ${formatFailure(result)}\n`);
    else this.#out.write(`${counter} ${result.result === 'succeeded' ? 'OK' : 'SKIPPED'} ${printable(result.path ?? `track ${result.trackId}`)}\n`);
  }

  progress(progress: ExtractionProgress): void {
    const width = Math.max(20, (this.#out.columns ?? 100) - 70);
    const file = printable(progress.currentFile ?? '');
    this.#bar?.update(progress.processed, {
      rate: progress.rate.toFixed(1),
      etaText: progress.etaSeconds === null ? '—' : `${Math.ceil(progress.etaSeconds)} s`,
      file: file.length > width ? `…${file.slice(file.length - width + 1)}` : file,
    });
  }

  stop(): void {
    this.#multi?.stop();
    this.#multi = undefined;
    this.#bar = undefined;
  }
}
