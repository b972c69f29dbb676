/**
 * `node bench/similarity.ts` → bench/results/similarity.json: "find similar" over 100 000 fingerprints.
 *
 * On a temporary SQLite file holding 100 000 synthetic fingerprints (each dimension uniform in its
 * fallback range, seeded: fixtures/syntheticFingerprint.ts), through the real service
 * (server/similarity/similarityService.ts):
 * - cold: the first similarTracks of the process (normaliser statistics computed and stored, every
 *   fingerprint read, normalised and packed, the WASM kernel instantiated and loaded);
 * - warm: similarTracks(first: 10) and (first: 500) end to end (write-mark check, scan, top-k, f64
 *   re-rank, contributions), p50 / p95 over random queries, no writes in between;
 * - the scan alone, side by side in the same run: the SIMD WASM kernel (f32x4) vs the same scan in plain
 *   TypeScript over the same packed f32 rows (server/similarity/distanceKernel.ts scanDistances), runs
 *   interleaved, p50 / p95;
 * - the index-key query alone (count / max(updated_at) / … over track_fingerprints), p50: what the
 *   first query after a write pays on top (libraryIndex.ts), before any rebuild.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../fixtures/random.ts';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { createOrm, migrateToLatest } from '../server/db/createOrm.ts';
import { FingerprintRepository } from '../server/db/FingerprintRepository.ts';
import { DIMENSIONS } from '../server/fingerprint/dimensions.ts';
import { scanDistances } from '../server/similarity/distanceKernel.ts';
import { libraryIndex, withKernel } from '../server/similarity/libraryIndex.ts';
import { SimilarityService } from '../server/similarity/similarityService.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../server/similarity/weights.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';

const FINGERPRINTS = 100_000;
const WARMUP = 5;
const RUNS = 41;

const summary = (samples: readonly number[]) => ({
  p50Ms: Number(percentile(samples, 0.5).toFixed(3)),
  p95Ms: Number(percentile(samples, 0.95).toFixed(3)),
  runs: samples.length,
});

async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auralis-bench-similarity-'));
  const orm = await createOrm({ dbPath: path.join(dir, 'bench.db') });
  try {
    await migrateToLatest(orm);
    const em = orm.em.fork();
    const database = (await em.getConnection().getNativeClient()) as {
      prepare(sql: string): { run(...p: unknown[]): unknown; all(...p: unknown[]): unknown[]; get(...p: unknown[]): unknown };
      transaction<T>(fn: () => T): () => T;
    };
    // Setup (not measured): tracks by raw inserts, fingerprints through the repository's bulk upsert.
    const insertTrack = database.prepare('insert into tracks (path, created_at, updated_at) values (?, ?, ?)');
    const now = Date.now();
    database.transaction(() => {
      for (let i = 1; i <= FINGERPRINTS; i++) insertTrack.run(`/music/bench/${i}.flac`, now, now);
    })();
    const ids = (database.prepare('select id from tracks order by id').all() as { id: number }[]).map((r) => r.id);
    const random = seededRandom(9);
    await new FingerprintRepository(em).upsertMany(ids.map((trackId) => ({ trackId, values: syntheticFingerprint(random) })));

    const pick = seededRandom(17);
    const queryId = () => ids[Math.floor(pick() * ids.length)]!;
    const service = () => new SimilarityService(orm.em.fork());

    const coldMs = await timeAsync(() => service().similarTracks(queryId(), { first: 10 }));
    const warm = async (first: number) => {
      for (let i = 0; i < WARMUP; i++) await service().similarTracks(queryId(), { first });
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await timeAsync(() => service().similarTracks(queryId(), { first })));
      return summary(samples);
    };
    const warm10 = await warm(10);
    const warm500 = await warm(500);

    // The scan alone: WASM kernel vs plain TypeScript over the same packed rows, interleaved.
    const index = await libraryIndex(orm.em.fork());
    const width = DIMENSIONS.length;
    const wasm: number[] = [];
    const plain: number[] = [];
    const out = new Float64Array(index.trackIds.length);
    let maxDifference = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const row = Math.floor(pick() * index.trackIds.length);
      const query = Float64Array.from({ length: width }, (_, j) => index.packed[row * 28 + j]!);
      const wasmMs = await withKernel(orm.em.fork(), index, (kernel) => {
        const start = performance.now();
        const distances = kernel.distances(query, DEFAULT_WEIGHT_VECTOR);
        const elapsed = performance.now() - start;
        if (i === 0) {
          scanDistances(index.packed, index.trackIds.length, query, DEFAULT_WEIGHT_VECTOR, out);
          for (let r = 0; r < out.length; r++) maxDifference = Math.max(maxDifference, Math.abs(out[r]! - distances[r]!));
        }
        return elapsed;
      });
      const start = performance.now();
      scanDistances(index.packed, index.trackIds.length, query, DEFAULT_WEIGHT_VECTOR, out);
      const plainMs = performance.now() - start;
      if (i >= WARMUP) {
        wasm.push(wasmMs);
        plain.push(plainMs);
      }
    }
    const keySamples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      keySamples.push(
        await timeAsync(() =>
          orm.em.fork().execute('select count(*) as n, max(`updated_at`) as u, max(`id`) as m, total(`track_id`) as s from `track_fingerprints`'),
        ),
      );
    }

    const wasmScan = summary(wasm);
    const plainScan = summary(plain);
    const result = {
      benchmark: 'similarity',
      date: new Date().toISOString(),
      environment: machineEnvironment(),
      library: { fingerprints: index.trackIds.length, normalisers: index.ranges.source, packedBytes: index.packed.byteLength },
      coldFirstQueryMs: Number(coldMs.toFixed(1)),
      similarTracks: { first10: warm10, first500: warm500 },
      scan: {
        wasmSimd: wasmScan,
        plainTypeScript: plainScan,
        speedupP50: Number((plainScan.p50Ms / wasmScan.p50Ms).toFixed(2)),
        maxAbsDifference: maxDifference,
      },
      indexKeyQuery: summary(keySamples),
    };
    const file = writeBenchResult('similarity', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${file}`);
  } finally {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
