/**
 * `node bench/workers.ts` → bench/results/workers.json: extraction work spread over processes through claims in
 * the database (issue 9 item 3).
 *
 * 1. Distribution, on PostgreSQL (throw-away PostgreSQL 15 cluster, PostgreSQL's default durability, fsync on):
 *    the same 40 generated files (fixtures/musicMix.ts encoded as MP3, 20–30 s each) analysed by (a) one
 *    `auralis worker --once --workers 2` process and (b) two `auralis worker --once --workers 1` processes at
 *    once, each run on a fresh database, timed from spawn to the last exit (process start included). After one
 *    uncounted warm-up run of (a), rounds alternate a, b, b, a…; files/s is the median over rounds. Target: b / a ≥ 0.95. Both must store the same
 *    fingerprints: every dimension of every track identical within 1e-9.
 * 2. Claim rate: claims per second the database sustains when the analysis is a fixed 5 ms sleep (a stand-in
 *    analyser passed to ExtractionWorker; each claimer is one ExtractionWorker with one slot, all in this
 *    process), with 1, 2 and 4 claimers, on PostgreSQL and SQLite. A claim here is the whole cycle: claim
 *    transaction, 5 ms, complete transaction (fingerprint upsert, item, job counters).
 *
 * This 2-core machine is shared: the load average at start and end is recorded; the ratio b / a of the same
 * run is what travels between machines.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { encode } from '../fixtures/encode.ts';
import { musicMix } from '../fixtures/musicMix.ts';
import { openDatabase, type MikroORM } from '../server/db/createOrm.ts';
import type { DatabaseEngine } from '../server/db/databaseEngine.ts';
import { JobRepository } from '../server/db/JobRepository.ts';
import { TrackRepository } from '../server/db/TrackRepository.ts';
import { dbOf } from '../server/db/sql.ts';
import { AnalysisPool } from '../server/extraction/analysisPool.ts';
import { ExtractionWorker, type FileAnalyser } from '../server/extraction/extractionWorker.ts';
import { DIMENSIONS } from '../server/fingerprint/dimensions.ts';
import { createPostgresDatabase, startPostgresCluster } from '../test/support/postgres.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';

const AURALIS_BIN = fileURLToPath(new URL('../bin/auralis.js', import.meta.url));
const FILES = 40;
const ROUNDS = Number(process.argv.includes('--rounds') ? process.argv[process.argv.indexOf('--rounds') + 1] : 3);
const RATIO_TARGET = 0.95;
const FINGERPRINT_TOLERANCE = 1e-9;
/** The stand-in analysis of the claim-rate part, in ms. */
const STAND_IN_ANALYSIS_MS = 5;
/** Items per claim-rate measurement. */
const CLAIM_ITEMS = 400;
const CLAIMERS = [1, 2, 4] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The 40 files: seeds 900…939, 20…30 s, MP3 (cached in test/.cache/fixtures/), copied into `dir`. */
async function generateLibrary(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const seconds = 20 + (i % 11);
    const source = await encode(musicMix({ seconds, seed: 900 + i }), { format: 'mp3', name: `bench-workers-${seconds}s` });
    const target = path.join(dir, `w-${String(i).padStart(2, '0')}.mp3`);
    copyFileSync(source, target);
    files.push(target);
  }
  return files;
}

/** A fresh migrated database holding one track per file and one RUNNING job over them. */
async function databaseWithJob(dbUrl: string, files: readonly string[]): Promise<{ orm: MikroORM; jobId: string }> {
  const orm = await openDatabase({ dbPath: dbUrl });
  const trackIds: number[] = [];
  for (const file of files) trackIds.push((await new TrackRepository(orm.em.fork()).add({ path: file })).id);
  const jobId = randomUUID();
  await new JobRepository(orm.em.fork()).create({ id: jobId, selection: null, failurePolicy: { mode: 'continue' }, skipCurrent: false, trackIds });
  return { orm, jobId };
}

/** Runs `auralis worker --once` processes at once; resolves when all have exited (each must exit 0). */
function runWorkers(dbUrl: string, libraryDir: string, threadsEach: readonly number[]): Promise<void> {
  return Promise.all(
    threadsEach.map(
      (threads) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [AURALIS_BIN, 'worker', '--once', '--db', dbUrl, '--workers', String(threads)], {
            env: { ...process.env, AURALIS_LIBRARY_ROOTS: libraryDir },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.once('exit', (code) => (code === 0 && stderr === '' ? resolve() : reject(new Error(`auralis worker exited ${code}: ${stderr}`))));
        }),
    ),
  ).then(() => undefined);
}

/** path → the 25 stored values in spec order. */
async function storedFingerprints(orm: MikroORM): Promise<Map<string, number[]>> {
  const columns = DIMENSIONS.map((dimension) => dimension.column);
  const rows = await sql<Record<string, unknown>>`select t.path as path, ${sql.join(columns.map((c) => sql.ref(`f.${c}`)))}
    from track_fingerprints f join tracks t on t.id = f.track_id`.execute(dbOf(orm.em.fork()));
  return new Map(rows.rows.map((row) => [String(row.path), columns.map((c) => Number(row[c]))]));
}

interface DistributionRun {
  readonly variant: 'a' | 'b';
  readonly seconds: number;
  readonly filesPerSecond: number;
}

async function distribution(socketDir: string, libraryDir: string, files: readonly string[]) {
  const variants = { a: [2], b: [1, 1] } as const;
  const order: ('a' | 'b')[] = [];
  for (let round = 0; round < ROUNDS; round++) order.push(...(round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)));
  // One run of (a) first, not counted: file cache, code cache and the cluster warm up.
  order.unshift('a');
  const runs: (DistributionRun & { readonly warmUp?: true })[] = [];
  const fingerprints: Partial<Record<'a' | 'b', Map<string, number[]>>> = {};
  for (const variant of order) {
    const dbUrl = await createPostgresDatabase(socketDir);
    const { orm, jobId } = await databaseWithJob(dbUrl, files);
    try {
      const start = performance.now();
      await runWorkers(dbUrl, libraryDir, variants[variant]);
      const seconds = (performance.now() - start) / 1000;
      const job = await new JobRepository(orm.em.fork()).get(jobId);
      if (job?.status !== 'COMPLETED' || job.succeeded !== FILES) throw new Error(`variant ${variant}: expected ${FILES} files succeeded, job ${JSON.stringify(job)}`);
      const warmUp = runs.length === 0;
      runs.push({ variant, seconds: Number(seconds.toFixed(3)), filesPerSecond: Number((FILES / seconds).toFixed(3)), ...(warmUp ? { warmUp: true as const } : {}) });
      if (!warmUp) fingerprints[variant] ??= await storedFingerprints(orm);
      console.log(`distribution ${variant}: ${FILES} files in ${seconds.toFixed(2)} s`);
    } finally {
      await orm.close();
    }
  }
  const median = (variant: 'a' | 'b') => percentile(runs.filter((run) => run.variant === variant && !run.warmUp).map((run) => run.filesPerSecond), 0.5);
  const a = median('a');
  const b = median('b');
  let maxDifference = 0;
  for (const [file, valuesA] of fingerprints.a!) {
    const valuesB = fingerprints.b!.get(file);
    if (!valuesB) throw new Error(`${file}: stored by (a), not by (b)`);
    for (let i = 0; i < valuesA.length; i++) maxDifference = Math.max(maxDifference, Math.abs(valuesA[i]! - valuesB[i]!));
  }
  return {
    files: FILES,
    fileSeconds: '20…30 (musicMix seeds 900…939, MP3)',
    a: { processes: 1, threadsEach: 2, filesPerSecondMedian: a },
    b: { processes: 2, threadsEach: 1, filesPerSecondMedian: b },
    ratioBOverA: Number((b / a).toFixed(3)),
    target: `b / a ≥ ${RATIO_TARGET}`,
    meetsTarget: b / a >= RATIO_TARGET,
    runs,
    fingerprints: {
      tracksCompared: fingerprints.a!.size,
      dimensions: DIMENSIONS.length,
      maxAbsoluteDifference: maxDifference,
      identicalWithin: FINGERPRINT_TOLERANCE,
      identical: fingerprints.a!.size === FILES && fingerprints.b!.size === FILES && maxDifference <= FINGERPRINT_TOLERANCE,
    },
  };
}

/** A stand-in analyser: waits STAND_IN_ANALYSIS_MS and returns one real analysis (so `complete` stores real values). */
function standInAnalyser(analysis: Awaited<ReturnType<AnalysisPool['analyse']>>): FileAnalyser {
  return {
    threads: 1,
    async analyse() {
      await sleep(STAND_IN_ANALYSIS_MS);
      return analysis;
    },
  };
}

async function claimRate(engine: DatabaseEngine, dbUrl: string, analyser: FileAnalyser, claimers: number) {
  const paths = Array.from({ length: CLAIM_ITEMS }, (_, i) => `/bench/claims/${claimers}/${i}.mp3`);
  const { orm, jobId } = await databaseWithJob(dbUrl, paths);
  try {
    const workers = Array.from({ length: claimers }, () => new ExtractionWorker({ orm, pool: analyser, slots: 1, jobId, pollMs: 5 }));
    const start = performance.now();
    await Promise.all(workers.map((worker) => worker.run('job')));
    const seconds = (performance.now() - start) / 1000;
    const job = await new JobRepository(orm.em.fork()).get(jobId);
    if (job?.status !== 'COMPLETED' || job.succeeded !== CLAIM_ITEMS) throw new Error(`${engine} ×${claimers}: job ${JSON.stringify(job)}`);
    const rate = CLAIM_ITEMS / seconds;
    console.log(`claim rate ${engine} ×${claimers}: ${rate.toFixed(1)} claims/s`);
    return { claimers, items: CLAIM_ITEMS, seconds: Number(seconds.toFixed(3)), claimsPerSecond: Number(rate.toFixed(1)) };
  } finally {
    await orm.close();
  }
}

const loadAtStart = os.loadavg();
const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'auralis-bench-workers-'));
const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'auralis-bench-claims-'));
const cluster = await startPostgresCluster({ durability: 'defaults' });
try {
  const files = await generateLibrary(libraryDir);
  const distributed = await distribution(cluster.socketDir, libraryDir, files);

  const pool = new AnalysisPool({ workers: 1 });
  const analysis = await pool.analyse(files[0]!);
  await pool.close();
  const analyser = standInAnalyser(analysis);
  const claims: Record<string, unknown[]> = { postgresql: [], sqlite: [] };
  for (const claimers of CLAIMERS) claims.postgresql!.push(await claimRate('postgresql', await createPostgresDatabase(cluster.socketDir), analyser, claimers));
  for (const claimers of CLAIMERS) claims.sqlite!.push(await claimRate('sqlite', path.join(sqliteDir, `claims-${claimers}.db`), analyser, claimers));

  const file = writeBenchResult('workers', {
    benchmark: 'workers',
    description: 'extraction work shared between processes through claims in the database (issue 9 item 3)',
    distribution: { engine: 'postgresql', ...distributed },
    claimRate: {
      standInAnalysisMs: STAND_IN_ANALYSIS_MS,
      note: 'one ExtractionWorker with one slot per claimer, all in one process; a claim is claim transaction + 5 ms + complete transaction (fingerprint upsert, item, job counters). SQLite: one connection per process, so claimers in one process share it.',
      ...claims,
    },
    databases: {
      postgresql: { cluster: 'throw-away PostgreSQL 15 (test/support/postgres.ts, durability "defaults"), Unix socket', ...cluster.settings },
      sqlite: { file: 'temporary folder', journal_mode: 'wal', synchronous: 'normal (server/db/createOrm.ts)' },
    },
    load: {
      start: loadAtStart.map((load) => Number(load.toFixed(2))),
      end: os.loadavg().map((load) => Number(load.toFixed(2))),
      note: 'os.loadavg() (1, 5, 15 min) on a 2-core machine shared with other engineers: above 2 the timings are inflated; the ratio b / a of the same run travels',
    },
    environment: machineEnvironment(),
  });
  console.log(`wrote ${file}: b / a = ${distributed.ratioBOverA}, fingerprints identical: ${distributed.fingerprints.identical}`);
  if (!distributed.fingerprints.identical) process.exitCode = 1;
} finally {
  await cluster.stop();
  rmSync(libraryDir, { recursive: true, force: true });
  rmSync(sqliteDir, { recursive: true, force: true });
}
