import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisPool } from '../../server/extraction/analysisPool.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSION_KEYS } from '../../server/fingerprint/dimensions.ts';
import { corruptFile, goodTrack, scratchDir } from './files.ts';

/** Pids of the ffmpeg processes this test process started (the pool's threads spawn them). */
function ffmpegChildren(): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is no child at all
  }
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'ffmpeg')
    .map(([pid]) => Number(pid));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('AnalysisPool', () => {
  const pool = new AnalysisPool({ workers: 2 });
  const scratch = scratchDir();
  afterAll(async () => {
    await pool.close();
    scratch.cleanup();
  });

  it('gives the same 25 values as analyseFile on the main thread (within 1e-9), computed in a worker thread', async () => {
    const file = await goodTrack(11);
    const [pooled, direct] = await Promise.all([pool.analyse(file), analyseFile(file)]);
    expect(pooled.threadId).toBeGreaterThan(0); // the main thread is 0
    expect(pooled.missing).toEqual(direct.missing);
    for (const key of DIMENSION_KEYS) {
      const expected = direct.values[key]!;
      expect(Math.abs(pooled.values[key]! - expected), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    }
    expect(pooled.codec).toBe(direct.codec);
    expect(pooled.durationSeconds).toBeCloseTo(direct.durationSeconds, 9);
  });

  it('reuses its threads: more files than threads run on at most `workers` distinct threads', async () => {
    const files = await Promise.all([21, 22, 23, 24, 25].map((seed) => goodTrack(seed)));
    const results = await Promise.all(files.map((file) => pool.analyse(file)));
    const threads = new Set(results.map((r) => r.threadId));
    expect(threads.size).toBeGreaterThanOrEqual(1);
    expect(threads.size).toBeLessThanOrEqual(2);
  });

  it('named errors cross the thread boundary with their code, name and message', async () => {
    const missing = `${scratch.dir}/no-such-file.mp3`;
    const error = await pool.analyse(missing).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_NOT_FOUND', name: 'FileNotFoundError' });
    expect((error as Error).message).toContain(missing);
    const corrupt = corruptFile(scratch.dir);
    const unreadable = await pool.analyse(corrupt).catch((e: unknown) => e);
    expect(unreadable).toMatchObject({ code: 'UNREADABLE_FILE' });
    expect((unreadable as Error).message).toContain(corrupt);
  });

  it('a per-file timeout stops ffmpeg and rejects with DECODE_TIMEOUT', async () => {
    const file = await goodTrack(31, 120);
    const error = await pool.analyse(file, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DECODE_TIMEOUT' });
    expect(await until(() => ffmpegChildren().length === 0, 5000)).toBe(true);
  });

  it('an AbortSignal cancels the file: the ffmpeg child is killed and the promise rejects with ABORTED', async () => {
    const file = await goodTrack(32, 120);
    const controller = new AbortController();
    const running = pool.analyse(file, { signal: controller.signal }).catch((e: unknown) => e);
    expect(await until(() => ffmpegChildren().length > 0, 10_000)).toBe(true);
    controller.abort();
    const error = await running;
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(await until(() => ffmpegChildren().length === 0, 5000)).toBe(true);
  });

  it('an already aborted signal rejects at once; a closed pool refuses work', async () => {
    const file = await goodTrack(11);
    await expect(pool.analyse(file, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    const other = new AnalysisPool({ workers: 1 });
    await other.close();
    await expect(other.analyse(file)).rejects.toMatchObject({ code: 'POOL_CLOSED' });
  });

  it('rejects a bad thread count', () => {
    expect(() => new AnalysisPool({ workers: 0 })).toThrow(/workers: expected a positive integer, received 0/);
  });
});
