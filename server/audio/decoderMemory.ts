/**
 * The memory bound of one ffmpeg decoder. Two layers:
 * - ffmpeg's own `-max_alloc` refuses any single allocation larger than the cap (a lying header that makes
 *   the resampler ask for gigabytes at once fails inside ffmpeg, "Cannot allocate memory");
 * - a watcher reads the child's peak resident memory (`VmHWM` in `/proc/<pid>/status`) every 100 ms and
 *   kills it once the peak passes the cap (`DECODER_MEMORY_LIMIT`). Where `/proc` does not exist (macOS)
 *   the watcher stops silently and only `-max_alloc` and the decode timeout remain.
 */
import { readFile } from 'node:fs/promises';

/** Default cap of one decoder's resident memory, in MiB. A 4-minute track needs about 40 MiB. */
export const DEFAULT_DECODER_MEMORY_MB = 512;
/** Interval of the memory poll, in ms. */
export const MEMORY_POLL_INTERVAL_MS = 100;

/**
 * The cap in MiB: `AURALIS_DECODER_MEMORY_MB` when set (a positive integer), else 512.
 * @throws RangeError for a value that is not a positive integer
 */
export function decoderMemoryLimitMb(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AURALIS_DECODER_MEMORY_MB;
  if (raw === undefined || raw === '') return DEFAULT_DECODER_MEMORY_MB;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`AURALIS_DECODER_MEMORY_MB: expected a positive integer number of MiB, received "${raw}"`);
  }
  return value;
}

/** Peak resident memory of `pid` in KiB (`VmHWM`, else `VmRSS`), or undefined when /proc cannot tell. */
async function peakResidentKib(pid: number): Promise<number | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const match = /^VmHWM:\s*(\d+) kB/m.exec(status) ?? /^VmRSS:\s*(\d+) kB/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/**
 * Polls `pid`'s peak resident memory until `stop()` is called; calls `onExceeded(peakMiB)` once when it
 * passes `limitMb`. Gives up silently when `/proc/<pid>/status` cannot be read (no /proc, or the child is gone).
 */
export function watchDecoderMemory(pid: number, limitMb: number, onExceeded: (peakMb: number) => void): { stop: () => void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async (): Promise<void> => {
    const kib = await peakResidentKib(pid);
    if (stopped) return;
    if (kib === undefined) return stop();
    if (kib > limitMb * 1024) {
      stop();
      onExceeded(Math.ceil(kib / 1024));
      return;
    }
    timer = setTimeout(() => void poll(), MEMORY_POLL_INTERVAL_MS);
  };
  const stop = (): void => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
  void poll();
  return { stop };
}
