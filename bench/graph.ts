/**
 * `node bench/graph.ts [--sizes 10000,100000]` → bench/results/graph.json: the kNN similarity graph
 * (server/similarity/graph.ts) over synthetic fingerprints (fixtures/syntheticFingerprint.ts, seeded) on a temporary
 * SQLite file, through the real service (worker threads: AURALIS_WORKERS, default the core count):
 * - build: `GraphService.build(20)` end to end (index, every track's exact 20 nearest neighbours with the WASM kernel,
 *   all edges stored), and the store alone (the `replaceAll` of the edges);
 * - incremental: one new track (track row + fingerprint upsert, not measured), then `GraphService.update()` (measured):
 *   p50 / p95 over several additions.
 * Records the load average (the machine is shared: timings are noisy).
 */
import os from 'node:os';
import { seededRandom } from '../fixtures/random.ts';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { FingerprintRepository } from '../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../server/db/TrackRepository.ts';
import { GraphService, WORKER_THRESHOLD } from '../server/similarity/graph.ts';
import { loadConfig } from '../server/config.ts';
import { libraryIndex } from '../server/similarity/libraryIndex.ts';
import { machineEnvironment, percentile, sizesOf, writeBenchResult } from './results.ts';
import { growSyntheticLibrary, withSqliteBenchDatabase } from './syntheticLibrary.ts';

const K = 20;
const UPDATES = 11;

async function measure(size: number): Promise<Record<string, unknown>> {
  return withSqliteBenchDatabase('graph', async (orm) => {
    const random = seededRandom(9);
    await growSyntheticLibrary(orm, size, random);
    await libraryIndex(orm.em.fork()); // normalisers and index built before the timing (not part of the graph)

    const loadBefore = os.loadavg()[0];
    const started = performance.now();
    const built = await new GraphService(orm.em.fork()).build(K);
    const buildMs = performance.now() - started;

    const updates: number[] = [];
    const rewritten: number[] = [];
    for (let i = 0; i < UPDATES; i++) {
      const track = await new TrackRepository(orm.em.fork()).add({ path: `/music/bench/new-${i}.flac` });
      await new FingerprintRepository(orm.em.fork()).upsert({ trackId: track.id, values: syntheticFingerprint(random) });
      await libraryIndex(orm.em.fork()); // the index rebuild after a write belongs to the index, not the graph
      const t0 = performance.now();
      const result = await new GraphService(orm.em.fork()).update();
      updates.push(performance.now() - t0);
      rewritten.push(result.rewritten);
      if (result.mode !== 'incremental') throw new Error(`expected an incremental update, got ${result.mode}`);
    }
    return {
      tracks: size,
      k: K,
      threads: size >= WORKER_THRESHOLD ? loadConfig().workers : 1,
      buildSeconds: Number((buildMs / 1000).toFixed(2)),
      buildEdges: built.edges,
      incrementalOneNewTrack: {
        p50Ms: Number(percentile(updates, 0.5).toFixed(2)),
        p95Ms: Number(percentile(updates, 0.95).toFixed(2)),
        runs: updates.length,
        tracksRewrittenP50: percentile(rewritten, 0.5),
      },
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg()[0],
    };
  });
}

const results = [];
for (const size of sizesOf(process.argv, [10_000, 100_000])) {
  const result = await measure(size);
  console.log(JSON.stringify(result));
  results.push(result);
}
console.log(
  `wrote ${writeBenchResult('graph', {
    environment: machineEnvironment(),
    method:
      'build: one WASM kernel scan per track, f64 re-rank of the candidates, across AURALIS_WORKERS worker threads (piscina, ' +
      'graphWorker.ts) from WORKER_THRESHOLD tracks; incremental: GraphService.update() after one new track (index rebuilt before, not timed)',
    targets: { build10kSeconds: 2, build100kSeconds: 90, incrementalOneNewTrack100kMs: 20 },
    results,
  })}`,
);
