/** What every benchmark records beside its figures, how it summarises timings, and where it writes them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** The machine and runtime a result was measured on (timings on a shared 2-core VM are noisy, ±2×). */
export function machineEnvironment(): Record<string, unknown> {
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

/** Writes `bench/results/<name>.json`; returns its path. */
export function writeBenchResult(name: string, result: unknown): string {
  const folder = new URL('./results/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  const file = new URL(`${name}.json`, folder);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file.pathname;
}

/**
 * The `q`-quantile (0…1) of `samples`, interpolating linearly between the two nearest ranks
 * (Hyndman & Fan type 7, the default of R and NumPy): q = 0.5 is the median.
 */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const low = Math.floor(h);
  return sorted[low]! + (h - low) * (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!);
}
