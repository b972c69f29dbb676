/**
 * `node bench/paths.ts` → bench/results/paths.json: sonic paths and mixes over 100 000 fingerprints.
 *
 * On a temporary SQLite file holding 100 000 synthetic fingerprints (as bench/similarity.ts), through the real
 * services with the index already built (the first query, not measured, builds it):
 * - sonicPath(count: 25) between random tracks, p50 / p95; the same with a tempo direction;
 * - mix(3 seeds, count: 50), p50 / p95;
 * - similarTracks(first: 10, maxPerArtist: 1, diversity: 0.5) (untagged tracks: the caps find nothing to cap).
 * The machine's load average is recorded with the result (2 cores shared with other work).
 */
import os from 'node:os';
import { seededRandom } from '../fixtures/random.ts';
import { MixService } from '../server/similarity/mix.ts';
import { SimilarityService } from '../server/similarity/similarityService.ts';
import { PathService } from '../server/similarity/sonicPath.ts';
import { machineEnvironment, timeRuns, writeBenchResult } from './results.ts';
import { growSyntheticLibrary, withSqliteBenchDatabase } from './syntheticLibrary.ts';

const FINGERPRINTS = 100_000;
const WARMUP = 3;
const RUNS = 21;

const measure = (run: () => Promise<unknown>) => timeRuns(run, WARMUP, RUNS);

async function main(): Promise<void> {
  return withSqliteBenchDatabase('paths', async (orm) => {
    const random = seededRandom(9);
    const ids = await growSyntheticLibrary(orm, FINGERPRINTS, random);

    const pick = seededRandom(23);
    const id = () => ids[Math.floor(pick() * ids.length)]!;
    const loadBefore = os.loadavg();
    await new SimilarityService(orm.em.fork()).similarTracks(id(), { first: 10 }); // builds the index
    const sonicPath = await measure(() => new PathService(orm.em.fork()).sonicPath(id(), id(), { count: 25 }));
    const sonicPathDirected = await measure(() =>
      new PathService(orm.em.fork()).sonicPath(id(), id(), { count: 25, direction: [{ dimension: 'tempoBpm', order: 'descending' }] }),
    );
    const mix = await measure(() => new MixService(orm.em.fork()).mix([id(), id(), id()], { count: 50 }));
    const similarDiverse = await measure(() =>
      new SimilarityService(orm.em.fork()).similarTracks(id(), { first: 10, maxPerArtist: 1, diversity: 0.5 }),
    );
    const result = {
      benchmark: 'paths',
      date: new Date().toISOString(),
      environment: machineEnvironment(),
      loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))),
      library: { fingerprints: ids.length },
      sonicPath25: sonicPath,
      sonicPath25TempoDescending: sonicPathDirected,
      mix3Seeds50: mix,
      similarTracks10CapsDiversity: similarDiverse,
      target: { sonicPath25P50Ms: 50 },
    };
    const file = writeBenchResult('paths', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${file}`);
  });
}

await main();
