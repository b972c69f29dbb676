/**
 * API benchmark → bench/results/api.json.
 *
 * A library of 10 000 tracks with fingerprints (synthetic values: this measures the API, not the DSP) is
 * built in a SQLite file; `auralis serve` runs in a separate process on 127.0.0.1; autocannon loads it with
 * 10 connections (its CLI, in a child process of its own) for each query in turn:
 * - `tracks(first: 50) { title artist fingerprint { lufs tempoBpm } }` (targets: ≥ 1 500 req/s, p99 ≤ 20 ms);
 * - a 3-dimension `fingerprints(where: …)` range query;
 * - side by side in the same run, the floor of the stack: `{ __typename }` through the same server (HTTP,
 *   yoga, armor, no resolver work), so that the queries' own cost can be read off.
 *
 * Each query is loaded in ROUNDS interleaved rounds (typename, tracks, range, typename, …) after a warm-up,
 * and the figures reported are per-round medians (this 2-core machine is shared, so single runs are noisy).
 *
 * Run: `node bench/api.ts` (options: `--duration <s>` per round, default 5; `--rounds <n>`, default 3;
 * `--tracks <n>`, default 10 000).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result as AutocannonResult } from 'autocannon';
import { seededRandom } from '../fixtures/random.ts';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { createOrm, migrateToLatest } from '../server/db/createOrm.ts';
import { FingerprintRepository } from '../server/db/FingerprintRepository.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = path.join(ROOT, 'bench/.cache');
const RESULT = path.join(ROOT, 'bench/results/api.json');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}
const DURATION_SECONDS = option('duration', 5);
const ROUNDS = option('rounds', 3);
const TRACK_COUNT = option('tracks', 10_000);
const CONNECTIONS = 10;

const QUERIES = {
  typename: '{ __typename }',
  tracksPage: '{ tracks(first: 50) { edges { node { title artist fingerprint { lufs tempoBpm } } } } }',
  fingerprintRange:
    '{ fingerprints(first: 50, where: { lufs: { gte: -14, lte: -8 }, tempoBpm: { gte: 110, lte: 130 }, crestDb: { gte: 6, lte: 14 } }) ' +
    '{ edges { node { lufs tempoBpm crestDb track { title artist } } } } }',
} as const;

async function buildLibrary(dbPath: string): Promise<number> {
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
  const orm = await createOrm({ dbPath });
  try {
    await migrateToLatest(orm);
    const em = orm.em.fork();
    const next = seededRandom(42); // the same library on every run
    await em.transactional(async (tx) => {
      for (let start = 0; start < TRACK_COUNT; start += 500) {
        const rows = Math.min(500, TRACK_COUNT - start);
        const params: unknown[] = [];
        for (let i = start; i < start + rows; i++) {
          params.push(`/music/artist-${i % 400}/album-${i % 1000}/track-${i}.flac`, `Track ${i}`, `Artist ${i % 400}`, `Album ${i % 1000}`, Date.now(), Date.now());
        }
        await tx.execute(
          'insert into `tracks` (`path`, `title`, `artist`, `album`, `created_at`, `updated_at`) values ' +
            Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', '),
          params,
          'run',
        );
      }
    });
    const ids = (await em.execute<{ id: number }[]>('select id from tracks order by id', [], 'all')).map((r) => r.id);
    await new FingerprintRepository(em).upsertMany(ids.map((trackId) => ({ trackId, values: syntheticFingerprint(next) })));
    const matching = await em.execute<{ n: number }[]>(
      'select count(*) as n from track_fingerprints where lufs between -14 and -8 and tempo_bpm between 110 and 130 and crest_db between 6 and 14',
      [],
      'all',
    );
    return matching[0].n;
  } finally {
    await orm.close();
  }
}

async function startServer(dbPath: string): Promise<{ url: string; stop: () => Promise<void>; pid: number }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/auralis.js'), 'serve', '--port', '0', '--db', dbPath], {
    env: { ...process.env, AURALIS_API_TOKEN: '', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /GraphQL at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`auralis serve exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

interface LoadResult {
  readonly query: string;
  readonly requestsPerSecond: { mean: number; p50: number; min: number };
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  readonly requests: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly bytesPerResponse: number;
}

/**
 * Runs autocannon in a fresh child process (its CLI with `--json`): in this process, which built the library
 * and holds its heap, the load generator's own pauses showed up as server latency (p99 36 ms against 16 ms).
 */
async function runAutocannon(url: string, query: string, seconds: number): Promise<AutocannonResult> {
  const cli = path.join(ROOT, 'node_modules/autocannon/autocannon.js');
  const args = [cli, '--json', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST'];
  args.push('-H', 'content-type=application/json', '-H', 'accept=application/json', '-b', JSON.stringify({ query }), url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as AutocannonResult;
}

async function load(url: string, query: string, seconds: number): Promise<LoadResult> {
  const result = await runAutocannon(url, query, seconds);
  return {
    query,
    requestsPerSecond: { mean: result.requests.average, p50: result.requests.p50, min: result.requests.min },
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    bytesPerResponse: result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
}

/** One request first, to check the answer is data (not an error) before loading the server with it. */
async function check(url: string, query: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: Record<string, { edges?: unknown[] }>; errors?: unknown };
  if (body.errors !== undefined) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  const first = Object.values(body.data ?? {})[0];
  return Array.isArray(first?.edges) ? first.edges.length : 0;
}

mkdirSync(CACHE, { recursive: true });
const dbPath = path.join(CACHE, `api-${TRACK_COUNT}.db`);
const buildStart = performance.now();
const rangeMatches = await buildLibrary(dbPath);
const buildSeconds = (performance.now() - buildStart) / 1000;
console.log(`library: ${TRACK_COUNT} tracks with fingerprints in ${buildSeconds.toFixed(1)} s (${rangeMatches} match the range query)`);

const median = (values: readonly number[]): number => percentile(values, 0.5);

interface QueryResult {
  readonly query: string;
  readonly edgesPerResponse: number;
  /** Medians over the rounds. */
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly errors: number;
  readonly rounds: LoadResult[];
}

const server = await startServer(dbPath);
const rounds: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(QUERIES).map((name) => [name, []]));
const edges: Record<string, number> = {};
try {
  for (const [name, query] of Object.entries(QUERIES)) {
    edges[name] = await check(server.url, query);
    await load(server.url, query, 2); // warm-up: JIT, SQLite page cache
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, query] of Object.entries(QUERIES)) {
      const result = await load(server.url, query, DURATION_SECONDS);
      rounds[name].push(result);
      console.log(
        `round ${round} ${name.padEnd(17)} ${result.requestsPerSecond.mean.toFixed(0).padStart(6)} req/s  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms  errors ${result.errors + result.non2xx}`,
      );
    }
  }
} finally {
  await server.stop();
}
const results: Record<string, QueryResult> = Object.fromEntries(
  Object.entries(QUERIES).map(([name, query]) => {
    const runs = rounds[name];
    return [
      name,
      {
        query,
        edgesPerResponse: edges[name],
        requestsPerSecond: median(runs.map((r) => r.requestsPerSecond.mean)),
        latencyP50Ms: median(runs.map((r) => r.latencyMs.p50)),
        latencyP99Ms: median(runs.map((r) => r.latencyMs.p99)),
        errors: runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
        rounds: runs,
      },
    ];
  }),
);
for (const [name, r] of Object.entries(results)) {
  console.log(`median ${name.padEnd(17)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${r.latencyP50Ms} ms  p99 ${r.latencyP99Ms} ms`);
}

const targets = {
  tracksPageRequestsPerSecond: { target: 1500, measured: results.tracksPage.requestsPerSecond },
  tracksPageP99Ms: { target: 20, measured: results.tracksPage.latencyP99Ms },
};
const report = {
  benchmark: 'api',
  date: new Date().toISOString(),
  environment: machineEnvironment(),
  setup: {
    tracks: TRACK_COUNT,
    fingerprintValues: 'synthetic: uniform over each dimension’s fallback range, seeded',
    database: 'SQLite file (WAL), migrated, indexes as declared by the entities',
    server: '`auralis serve` in its own process on 127.0.0.1 (NODE_ENV=production)',
    load: `autocannon CLI in its own process, ${CONNECTIONS} connections; ${ROUNDS} interleaved rounds of ${DURATION_SECONDS} s per query after a 2 s warm-up; medians reported`,
    libraryBuildSeconds: Number(buildSeconds.toFixed(2)),
    rangeQueryMatches: rangeMatches,
  },
  queries: results,
  baseline: {
    description: '`{ __typename }` on the same server: HTTP + yoga + armor with no resolver work, the ceiling for any query',
    requestsPerSecond: results.typename.requestsPerSecond,
    tracksPageShareOfCeiling: Number((results.tracksPage.requestsPerSecond / results.typename.requestsPerSecond).toFixed(3)),
    fingerprintRangeShareOfCeiling: Number((results.fingerprintRange.requestsPerSecond / results.typename.requestsPerSecond).toFixed(3)),
  },
  targets: {
    ...targets,
    met:
      targets.tracksPageRequestsPerSecond.measured >= targets.tracksPageRequestsPerSecond.target &&
      targets.tracksPageP99Ms.measured <= targets.tracksPageP99Ms.target,
  },
};
writeBenchResult('api', report);
console.log(`wrote ${RESULT}; targets ${report.targets.met ? 'met' : 'NOT met'}`);
if (!existsSync(RESULT) || Object.values(results).some((r) => r.errors > 0)) process.exitCode = 1;
