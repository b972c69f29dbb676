/**
 * `node --expose-gc bench/serveMemory.ts <database>`: the memory of a server process over an existing library, run
 * by bench/similarity.ts as a child so that nothing of the bench (its bulk inserts, its own index) is counted.
 * It starts the server as `auralis serve` does (`listen()`, port 0), asks `similarTracks(first: 10)` over HTTP
 * (the first query builds the similarity index and loads the WASM kernel), asks nine more and three range queries
 * (`fingerprints(where)` on four dimensions: the range filter's columns), then collects garbage and prints one JSON
 * line: RSS now, the peak (VmHWM, i.e. during the build), and the parts Node reports, in MB.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/config.ts';
import { listen } from '../server/graphql/listen.ts';
import { encodeGlobalId } from '../server/graphql/globalId.ts';

const MB = 2 ** 20;
const database = process.argv[2];
if (database === undefined) throw new Error('usage: node --expose-gc bench/serveMemory.ts <database>');

function statusMb(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line === undefined ? Number.NaN : Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

const server = await listen(loadConfig({ dbPath: database, port: 0, host: '127.0.0.1', serveWorker: false }, {}));
const afterStartMb = statusMb('VmRSS');
/** POSTs one GraphQL operation to the server; its `data`, or an error naming `what` with the answer. */
async function graphql<T>(what: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown[]; data?: T };
  if (body.errors !== undefined || body.data === undefined) throw new Error(`${what} failed: ${JSON.stringify(body)}`);
  return body.data;
}

const timings: number[] = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  const data = await graphql<{ similarTracks: unknown[] }>(
    'similarTracks',
    'query($id: ID!) { similarTracks(trackId: $id, first: 10) { distance because track { id } } }',
    { id: encodeGlobalId('Track', 1 + i * 997) },
  );
  if (data.similarTracks.length !== 10) throw new Error(`similarTracks failed: ${JSON.stringify(data)}`);
  timings.push(performance.now() - started);
}
const RANGES = [
  { lufs: { gte: -14 }, tempoBpm: { gte: 100, lte: 130 } },
  { spectralCentroid: { lt: 2000 }, or: [{ tempoBpm: { lt: 90 } }, { crestDb: { gt: 12 } }] },
  { lufs: { lte: -20 } },
];
for (const where of RANGES) {
  await graphql('fingerprints(where)', 'query($where: FingerprintWhere) { fingerprints(where: $where, first: 10) { totalCount } }', { where });
}
global.gc?.();
await new Promise((resolve) => setTimeout(resolve, 200));
global.gc?.();
const usage = process.memoryUsage();
console.log(
  JSON.stringify({
    rssMb: statusMb('VmRSS'),
    peakRssMb: statusMb('VmHWM'),
    afterStartMb,
    heapUsedMb: Math.round(usage.heapUsed / MB),
    arrayBuffersMb: Math.round(usage.arrayBuffers / MB),
    externalMb: Math.round(usage.external / MB),
    firstQueryMs: Math.round(timings[0]!),
    laterQueryMs: Number(timings.slice(1).sort((a, b) => a - b)[4]!.toFixed(2)),
    gcExposed: global.gc !== undefined,
  }),
);
await server.close();
