/**
 * `node bench/similarity.ts` → bench/results/similarity.json: "find similar" and range queries at
 * 10 000 / 100 000 / 1 000 000 synthetic fingerprints (each dimension uniform in its fallback range, seeded:
 * fixtures/syntheticFingerprint.ts) on a temporary SQLite file, through the real services. One library grows
 * from 10 000 to 1 000 000 in the same process; at each size:
 * - build: the first similarTracks after growing (normalisers recomputed, every row read and packed: a full build),
 *   then a full GC (run with --expose-gc) so that the timed queries do not collect the build's garbage;
 * - similarTracks(first: 10) end to end, p50 / p95, with the same-run baseline of the scan alone in plain
 *   TypeScript (scanDistances) over the same packed rows;
 * - at 100 000: similarTracks(first: 10) right after a one-track write (the write not timed; the index applies
 *   it as a delta), beside the same-run index-key aggregate a full rebuild check would pay first;
 * - at 1 000 000: fingerprints(where) with 4 dimensions selecting ≈ 1 % (first: 100) from the in-memory filter,
 *   beside the SQL path (FingerprintRepository.page) in the same run; the bench process's RSS with the index loaded;
 *   and a server process's memory (bench/serveMemory.ts in a child: `listen()` on the same database, the index built
 *   by its first similarTracks over HTTP, RSS after GC and the peak).
 * - similarTracks(first: 10) with every result's contributions and `because` read (what a client asking for them
 *   pays; they are computed when first read).
 * The machine is shared: os.loadavg() is recorded at the start and the end.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { seededRandom } from '../fixtures/random.ts';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { FingerprintRepository } from '../server/db/FingerprintRepository.ts';
import type { FingerprintWhere } from '../server/db/fingerprintWhere.ts';
import { DIMENSIONS } from '../server/fingerprint/dimensions.ts';
import { FingerprintService } from '../server/library/fingerprintService.ts';
import { KERNEL_STRIDE, scanDistances } from '../server/similarity/distanceKernel.ts';
import { libraryIndex, packedRow } from '../server/similarity/libraryIndex.ts';
import { SimilarityService } from '../server/similarity/similarityService.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../server/similarity/weights.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';
import { growSyntheticLibrary, withSqliteBenchDatabase } from './syntheticLibrary.ts';

const SIZES = (process.env.AURALIS_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const WARMUP = 5;
const RUNS = 41;

const summary = (samples: readonly number[]) => ({
  p50Ms: Number(percentile(samples, 0.5).toFixed(3)),
  p95Ms: Number(percentile(samples, 0.95).toFixed(3)),
  runs: samples.length,
});

async function time(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function samples(run: () => unknown, before: () => unknown = () => undefined): Promise<ReturnType<typeof summary>> {
  for (let i = 0; i < WARMUP; i++) {
    await before();
    await run();
  }
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await before();
    out.push(await time(run));
  }
  return summary(out);
}

/** 4 dimensions, each range covering 1 %^(1/4) of its uniform span: ≈ 1 % of the library. */
function onePercentWhere(): FingerprintWhere {
  const fraction = 0.01 ** 0.25;
  const where: Record<string, { gte: number; lte: number }> = {};
  for (const key of ['lufs', 'crestDb', 'bassPct', 'tempoBpm'] as const) {
    const d = DIMENSIONS.find((x) => x.key === key)!;
    const span = d.fallbackRange.hi - d.fallbackRange.lo;
    const lo = d.fallbackRange.lo + 0.3 * span;
    where[key] = { gte: lo, lte: lo + fraction * span };
  }
  return where as FingerprintWhere;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const random = seededRandom(9);
  const pick = seededRandom(17);
  const sizes: Record<string, unknown> = {};
  return withSqliteBenchDatabase('similarity', async (orm, dbPath) => {
    for (const size of SIZES) {
      const ids = await growSyntheticLibrary(orm, size, random);
      const queryId = () => ids[Math.floor(pick() * ids.length)]!;
      const service = () => new SimilarityService(orm.em.fork());
      const buildMs = await time(() => service().similarTracks(queryId(), { first: 10 }));
      // The build's garbage (and the library growth's) is collected before the timed queries, not inside them.
      global.gc?.();
      const similar10 = await samples(() => service().similarTracks(queryId(), { first: 10 }));
      const similar10Explained = await samples(async () => {
        for (const r of await service().similarTracks(queryId(), { first: 10 })) if (r.because.length + r.contributions.length === 0) throw new Error('no because');
      });
      const index = await libraryIndex(orm.em.fork());
      const out = new Float64Array(index.trackIds.length);
      // The baseline's own packed copy of the rows (the index keeps them only in the kernel's WASM memory).
      let packed: Float32Array | null = new Float32Array(index.trackIds.length * KERNEL_STRIDE);
      for (let row = 0; row < index.trackIds.length; row++) packedRow(index, row, packed.subarray(row * KERNEL_STRIDE, (row + 1) * KERNEL_STRIDE));
      const plainScan = await samples(() => {
        const row = Math.floor(pick() * index.trackIds.length);
        scanDistances(packed!, index.trackIds.length, packed!.subarray(row * KERNEL_STRIDE, row * KERNEL_STRIDE + DIMENSIONS.length), DEFAULT_WEIGHT_VECTOR, out);
      });
      packed = null;
      const entry: Record<string, unknown> = {
        fingerprints: index.size,
        fullBuildMs: Number(buildMs.toFixed(1)),
        similarTracksFirst10: similar10,
        similarTracksFirst10WithBecause: similar10Explained,
        baselinePlainTypeScriptScan: plainScan,
      };
      if (size === 100_000) {
        const repo = new FingerprintRepository(orm.em.fork());
        entry.similarTracksAfterOneWrite = await samples(
          () => service().similarTracks(queryId(), { first: 10 }),
          () => repo.upsert({ trackId: queryId(), values: syntheticFingerprint(random) }),
        );
        entry.generationAfterWrites = (await libraryIndex(orm.em.fork())).generation;
        entry.baselineIndexKeyQuery = await samples(() => repo.tableState());
      }
      if (size === 1_000_000) {
        const where = onePercentWhere();
        const fingerprints = new FingerprintService(orm.em.fork(), { roots: () => [] } as never);
        const sql = new FingerprintRepository(orm.em.fork());
        const first = await fingerprints.search(where, { first: 100 });
        entry.rangeQuery = {
          where,
          matches: await first.totalCount(),
          inMemoryFilter: await samples(() => fingerprints.search(where, { first: 100 })),
          baselineSql: await samples(() => sql.page(where, { first: 100 })),
        };
        global.gc?.();
        entry.rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
        const child = execFileSync(process.execPath, ['--expose-gc', new URL('./serveMemory.ts', import.meta.url).pathname, dbPath], {
          encoding: 'utf8',
          maxBuffer: 2 ** 20,
        });
        entry.serverProcessMemory = JSON.parse(child.trim().split('\n').at(-1)!);
      }
      sizes[String(size)] = entry;
      console.log(size, JSON.stringify(entry));
    }
    const result = {
      benchmark: 'similarity',
      date: new Date().toISOString(),
      environment: machineEnvironment(),
      loadAverage: { start: loadBefore, end: os.loadavg() },
      sizes,
    };
    const file = writeBenchResult('similarity', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${file}`);
  });
}

await main();
