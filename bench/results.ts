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

/** Fastest, p50 and p95 (ms, 2 decimals) of timed runs: on a shared, loaded machine the fastest shows the work itself. */
export function latencySummary(samples: readonly number[]): { minMs: number; p50Ms: number; p95Ms: number; runs: number } {
  return {
    minMs: Number(Math.min(...samples).toFixed(2)),
    p50Ms: Number(percentile(samples, 0.5).toFixed(2)),
    p95Ms: Number(percentile(samples, 0.95).toFixed(2)),
    runs: samples.length,
  };
}

/** Runs `run` `warmup` times untimed, then `runs` times timed one after another; their latencySummary. */
export async function timeRuns(run: () => Promise<unknown>, warmup: number, runs: number): Promise<ReturnType<typeof latencySummary>> {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return latencySummary(samples);
}

/** The library sizes of `--sizes 10000,100000` on the command line, else `fallback`. */
export function sizesOf(argv: readonly string[], fallback: readonly number[]): number[] {
  const at = argv.indexOf('--sizes');
  return at >= 0 ? argv[at + 1]!.split(',').map(Number) : [...fallback];
}
