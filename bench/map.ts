/**
 * `node bench/map.ts [--sizes 10000]` → bench/results/map.json: the library map (server/similarity/libraryMap.ts) over
 * synthetic fingerprints (fixtures/syntheticFingerprint.ts, seeded, the library of bench/graph.ts) on a temporary SQLite
 * file, measured in one run:
 * - build: `LibraryMapService.build()` end to end (input rows, UMAP with MAP_SETTINGS in the worker thread, stored);
 * - baseline: the exact k nearest neighbours (k = MAP_SETTINGS.neighbours) of every track with the WASM kernel on this
 *   thread (graphKnn.ts, what the similarity graph computes), the cost of the neighbourhoods alone;
 * - the embedding alone on this thread (embedRows), its wall and CPU time (the machine is shared: CPU time is what
 *   the map costs on an idle core);
 * - umap-js defaults: the same embedding with umap-js's default neighbours (15) and epochs (200 above 7 500 points),
 *   built beside the product (embedInWorker), for the choice of MAP_SETTINGS;
 * - the query: `current()` right after the build, and after 100 new tracks (each placed by one kernel scan).
 * Records the load average (the machine is shared: timings are noisy).
 */
import os from 'node:os';
import { seededRandom } from '../fixtures/random.ts';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { FingerprintRepository } from '../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../server/db/TrackRepository.ts';
import { knnRows, tableRows } from '../server/similarity/graphKnn.ts';
import { libraryIndex, withKernel, withoutDeadRows } from '../server/similarity/libraryIndex.ts';
import { embedInWorker, LibraryMapService, MAP_SETTINGS, mapRows } from '../server/similarity/libraryMap.ts';
import { embedRows } from '../server/similarity/mapEmbedding.ts';
import { normaliseVector } from '../server/similarity/normalise.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../server/similarity/weights.ts';
import { machineEnvironment, sizesOf, writeBenchResult } from './results.ts';
import { growSyntheticLibrary, withSqliteBenchDatabase } from './syntheticLibrary.ts';

const NEW_TRACKS = 100;
const TARGET_SECONDS = 10;

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

async function measure(size: number): Promise<Record<string, unknown>> {
  return withSqliteBenchDatabase('map', async (orm) => {
    const random = seededRandom(9);
    await growSyntheticLibrary(orm, size, random);
    const em = orm.em.fork();
    const index = withoutDeadRows(await libraryIndex(em)); // normalisers and index built before the timings

    const loadBefore = os.loadavg()[0];
    let t0 = performance.now();
    const table = new Float64Array(index.trackIds.length * 25);
    for (let row = 0; row < index.trackIds.length; row++) normaliseVector(index.vectors.subarray(row * 25, row * 25 + 25), index.ranges, table, row * 25);
    const rows = Array.from({ length: index.trackIds.length }, (_, row) => row);
    await withKernel(em, index, (kernel) => knnRows(kernel, index.trackIds, tableRows(table), DEFAULT_WEIGHT_VECTOR, rows, MAP_SETTINGS.neighbours));
    const exactKnnMs = performance.now() - t0;

    t0 = performance.now();
    const record = await new LibraryMapService(orm.em.fork()).build();
    const buildMs = performance.now() - t0;

    const input = mapRows(await libraryIndex(orm.em.fork())).rows;
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    embedRows(input, 25, MAP_SETTINGS);
    const embedMs = performance.now() - t0;
    const embedCpu = process.cpuUsage(cpu0);

    t0 = performance.now();
    const defaults = { seed: MAP_SETTINGS.seed, neighbours: 15, epochs: size <= 2_500 ? 500 : size <= 5_000 ? 400 : size <= 7_500 ? 300 : 200 };
    await embedInWorker(mapRows(await libraryIndex(orm.em.fork())).rows, defaults);
    const defaultsMs = performance.now() - t0;

    t0 = performance.now();
    const ready = await new LibraryMapService(orm.em.fork()).current();
    const queryMs = performance.now() - t0;
    for (let i = 0; i < NEW_TRACKS; i++) {
      const track = await new TrackRepository(orm.em.fork()).add({ path: `/music/bench/map-new-${i}.flac` });
      await new FingerprintRepository(orm.em.fork()).upsert({ trackId: track.id, values: syntheticFingerprint(random) });
    }
    await libraryIndex(orm.em.fork()); // the index delta belongs to the index, not the map
    t0 = performance.now();
    const stale = await new LibraryMapService(orm.em.fork()).current();
    const placedQueryMs = performance.now() - t0;
    if (ready.status !== 'READY' || stale.status !== 'STALE' || stale.placed !== NEW_TRACKS) {
      throw new Error(`expected READY then STALE with ${NEW_TRACKS} placed, got ${ready.status} / ${stale.status} / ${stale.placed}`);
    }
    return {
      tracks: size,
      settings: { neighbours: MAP_SETTINGS.neighbours, epochs: MAP_SETTINGS.epochs },
      buildSeconds: seconds(buildMs),
      buildSecondsAsStored: seconds(record.milliseconds),
      embeddingOnThisThread: { seconds: seconds(embedMs), cpuSeconds: seconds((embedCpu.user + embedCpu.system) / 1000) },
      baselineExactKnnSeconds: seconds(exactKnnMs),
      umapJsDefaults: { ...defaults, seconds: seconds(defaultsMs) },
      queryReadyMs: Number(queryMs.toFixed(1)),
      queryAfterNewTracksMs: Number(placedQueryMs.toFixed(1)),
      newTracksPlaced: stale.placed,
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg()[0],
    };
  });
}

const results = [];
for (const size of sizesOf(process.argv, [10_000])) {
  const result = await measure(size);
  console.log(JSON.stringify(result));
  results.push(result);
}
console.log(
  `wrote ${writeBenchResult('map', {
    environment: machineEnvironment(),
    method:
      'build: LibraryMapService.build() (UMAP by umap-js in a worker thread, MAP_SETTINGS, stored); baseline: exact kNN ' +
      '(k = MAP_SETTINGS.neighbours) of every track with the WASM kernel on one thread; umapJsDefaults: the same embedding with ' +
      "umap-js's default neighbours / epochs; query: LibraryMapService.current() when READY and after new tracks (placed)",
    targets: { build10kSeconds: TARGET_SECONDS },
    results,
  })}`,
);
