/**
 * `node bench/subsonic.ts` → bench/results/subsonic.json: the OpenSubsonic similarity calls over 100 000
 * fingerprints, each beside its baselines in the same run.
 *
 * On a temporary SQLite file holding 100 000 synthetic fingerprints (growSyntheticLibrary, seed 9 as bench/paths.ts),
 * through the real HTTP app (`app.fetch`, no port; token auth of a real user on every request):
 * - `/rest/getSonicSimilarTracks?count=50&f=json` vs GraphQL `similarTracks(first: 50) {track {id title} similarity}`
 *   vs the service call `similarTracks(first: 50)`;
 * - `/rest/findSonicPath?count=25&f=json` vs GraphQL `sonicPath(count: 25)` vs the service `sonicPath(count: 25)`.
 * The index and the similarity calibration are built before measuring (the first call; its time is reported
 * as `firstCallMs`). p50 / p95 over RUNS random queries after WARMUP. The machine's load is recorded (2 cores
 * shared with other work).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { seededRandom } from '../fixtures/random.ts';
import { loadConfig } from '../server/config.ts';
import { encodeGlobalId } from '../server/graphql/globalId.ts';
import { createAuralisApp } from '../server/http/app.ts';
import { SimilarityService } from '../server/similarity/similarityService.ts';
import { PathService } from '../server/similarity/sonicPath.ts';
import { secretKeySource } from '../server/users/secretKey.ts';
import { UserService } from '../server/users/userService.ts';
import { machineEnvironment, timeRuns, writeBenchResult } from './results.ts';
import { growSyntheticLibrary, withSqliteBenchDatabase } from './syntheticLibrary.ts';

const FINGERPRINTS = 100_000;
const WARMUP = 5;
const RUNS = 41;
const SECRET_KEY = '7a'.repeat(32);
const PASSWORD = 'bench-password';

const measure = (run: () => Promise<unknown>) => timeRuns(run, WARMUP, RUNS);

async function main(): Promise<void> {
  return withSqliteBenchDatabase('subsonic', async (orm, dbPath) => {
    const ids = await growSyntheticLibrary(orm, FINGERPRINTS, seededRandom(9));
    const config = loadConfig({ dbPath, libraryRoots: [], secretKey: SECRET_KEY, apiToken: undefined }, {});
    await new UserService(orm.em.fork(), secretKeySource(dbPath, SECRET_KEY)).add('bench', PASSWORD);
    const app = createAuralisApp({ config, orm });

    const pick = seededRandom(23);
    const id = () => ids[Math.floor(pick() * ids.length)]!;
    let saltCounter = 0;
    const rest = async (method: string, params: Record<string, string | number>) => {
      const salt = `s${++saltCounter}`;
      const url = new URL(`http://127.0.0.1/rest/${method}`);
      const all = { u: 'bench', t: createHash('md5').update(PASSWORD + salt).digest('hex'), s: salt, v: '1.16.1', c: 'bench', f: 'json', ...params };
      for (const [key, value] of Object.entries(all)) url.searchParams.set(key, String(value));
      const body = (await (await app.fetch(new Request(url))).json()) as { 'subsonic-response': { status: string; error?: unknown } };
      if (body['subsonic-response'].status !== 'ok') throw new Error(`${method}: ${JSON.stringify(body['subsonic-response'].error)}`);
      return body;
    };
    const graphql = async (query: string, variables: Record<string, unknown>) => {
      const response = await app.fetch(
        new Request('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }),
      );
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body;
    };
    const track = (trackId: number) => encodeGlobalId('Track', trackId);

    const loadBefore = os.loadavg();
    let start = performance.now();
    await rest('getSonicSimilarTracks', { id: id(), count: 50 }); // builds the index and the calibration
    const firstCallMs = Number((performance.now() - start).toFixed(1));

    const restSimilar = await measure(() => rest('getSonicSimilarTracks', { id: id(), count: 50 }));
    const graphqlSimilar = await measure(() =>
      graphql('query ($id: ID!) { similarTracks(trackId: $id, first: 50) { similarity track { id title } } }', { id: track(id()) }),
    );
    const serviceSimilar = await measure(() => new SimilarityService(orm.em.fork()).similarTracks(id(), { first: 50 }));

    const restPath = await measure(() => rest('findSonicPath', { startSongId: id(), endSongId: id(), count: 25 }));
    const graphqlPath = await measure(() =>
      graphql('query ($from: ID!, $to: ID!) { sonicPath(from: $from, to: $to, count: 25) { similarityToStart track { id title } } }', {
        from: track(id()),
        to: track(id()),
      }),
    );
    const servicePath = await measure(() => new PathService(orm.em.fork()).sonicPath(id(), id(), { count: 25 }));
    start = performance.now();
    const result = {
      benchmark: 'subsonic',
      date: new Date().toISOString(),
      environment: machineEnvironment(),
      loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))),
      library: { fingerprints: ids.length },
      firstCallMs,
      getSonicSimilarTracks50: { rest: restSimilar, graphqlSimilarTracks: graphqlSimilar, service: serviceSimilar },
      findSonicPath25: { rest: restPath, graphqlSonicPath: graphqlPath, service: servicePath },
      target: { getSonicSimilarTracks50P50Ms: 5, findSonicPath25P50Ms: 60 },
    };
    const file = writeBenchResult('subsonic', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${file}`);
  });
}

await main();
