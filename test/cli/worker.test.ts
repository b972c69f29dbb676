/**
 * Issue 9 item 3: extraction work shared between processes through claims in the database. Real `auralis
 * worker` processes, real ffmpeg and WASM, on the test engine's database (SQLite file or PostgreSQL).
 * Analyses are counted in `extraction_job_items.analyses` (every analysis whose result reached the database).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type MikroORM } from '../../server/db/createOrm.ts';
import { JobRepository } from '../../server/db/JobRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { jobManagerFor, closeJobs } from '../../server/extraction/jobManager.ts';
import { loadConfig } from '../../server/config.ts';
import { createAuralisYoga } from '../../server/graphql/yoga.ts';
import { sql, tempDir } from '../db/helpers.ts';
import { goodTrack, scratchDir } from '../extraction/files.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { AURALIS_BIN, runAuralis } from './runCli.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function library(files: number, seconds: number, seedBase: number) {
  const dir = scratchDir('auralis-worker-library-');
  const db = tempDir('auralis-worker-db-');
  const dbUrl = await freshDatabaseUrl(db.file('library.db'));
  const orm = await openDatabase({ dbPath: dbUrl });
  const ids: number[] = [];
  for (let i = 0; i < files; i++) {
    const target = path.join(dir.dir, `w-${i}.mp3`);
    copyFileSync(await goodTrack(seedBase + i, seconds), target);
    ids.push((await new TrackRepository(orm.em.fork()).add({ path: target })).id);
  }
  return {
    dir,
    dbUrl,
    orm,
    ids,
    async cleanup() {
      await orm.close();
      dir.cleanup();
      db.cleanup();
    },
  };
}

async function createJob(orm: MikroORM, trackIds: number[]): Promise<string> {
  const id = randomUUID();
  await new JobRepository(orm.em.fork()).create({ id, selection: null, failurePolicy: { mode: 'continue' }, skipCurrent: false, trackIds });
  return id;
}

async function fingerprintRows(orm: MikroORM): Promise<number[]> {
  const rows = await sql<{ n: number | string }>(orm, 'select (select count(*) from track_fingerprints f where f.track_id = t.id) as n from tracks t order by t.id');
  return rows.map((r) => Number(r.n));
}

describe('auralis worker: claims with a lease', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('a worker killed with SIGKILL mid-file gives its files back after the lease; another finishes them, each analysed once', { timeout: 240_000 }, async () => {
    const lib = await library(3, 30, 300);
    cleanups.push(lib.cleanup);
    const jobId = await createJob(lib.orm, lib.ids);
    const env = { ...process.env, AURALIS_WORKERS: '1', AURALIS_LIBRARY_ROOTS: lib.dir.dir };
    const victim = spawn(process.execPath, [AURALIS_BIN, 'worker', '--db', lib.dbUrl, '--lease-ms', '2000'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    // Wait until it holds a file, then kill it mid-analysis.
    for (let i = 0; i < 400; i++) {
      const claimed = (await new JobRepository(lib.orm.em.fork()).itemCounts(jobId)).filter((item) => item.state === 'CLAIMED');
      if (claimed.length > 0) break;
      await sleep(50);
    }
    await sleep(300);
    victim.kill('SIGKILL');
    await exited;
    const held = (await new JobRepository(lib.orm.em.fork()).itemCounts(jobId)).filter((item) => item.state === 'CLAIMED');
    expect(held).toHaveLength(1);
    const rescuer = await runAuralis(['worker', '--once', '--db', lib.dbUrl, '--lease-ms', '2000'], { AURALIS_WORKERS: '1', AURALIS_LIBRARY_ROOTS: lib.dir.dir });
    expect(rescuer.stderr).toBe('');
    expect(rescuer.code).toBe(0);
    const job = await new JobRepository(lib.orm.em.fork()).get(jobId);
    expect(job).toMatchObject({ status: 'COMPLETED', total: 3, processed: 3, succeeded: 3, failed: 0, skipped: 0 });
    const items = await new JobRepository(lib.orm.em.fork()).itemCounts(jobId);
    for (const item of items) expect(item).toMatchObject({ state: 'DONE', analyses: 1 });
    expect(items.find((item) => item.trackId === held[0]!.trackId)!.attempts).toBe(2);
    expect(await fingerprintRows(lib.orm)).toEqual([1, 1, 1]);
  });

  it('two workers and a server on one database: every file analysed exactly once, none lost', { timeout: 240_000 }, async () => {
    const lib = await library(8, 4, 320);
    cleanups.push(lib.cleanup);
    const manager = jobManagerFor(lib.orm, [lib.dir.dir]);
    try {
      const started = await manager.startExtraction({ trackIds: lib.ids });
      const env = { AURALIS_WORKERS: '1', AURALIS_LIBRARY_ROOTS: lib.dir.dir };
      const [a, b] = await Promise.all([
        runAuralis(['worker', '--once', '--db', lib.dbUrl], env),
        runAuralis(['worker', '--once', '--db', lib.dbUrl], env),
      ]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
      let job = await manager.get(started.id);
      for (let i = 0; i < 200 && job!.status === 'RUNNING'; i++) {
        await sleep(100);
        job = await manager.get(started.id);
      }
      expect(job).toMatchObject({ status: 'COMPLETED', total: 8, processed: 8, succeeded: 8, failed: 0, skipped: 0 });
      const items = await new JobRepository(lib.orm.em.fork()).itemCounts(started.id);
      expect(items.map((item) => item.analyses)).toEqual(Array(8).fill(1));
      expect(await fingerprintRows(lib.orm)).toEqual(Array(8).fill(1));
    } finally {
      await closeJobs(lib.orm);
    }
  });

  it('a restart keeps a job: job(id) answers on a new yoga instance over the same database, and the job completes', { timeout: 240_000 }, async () => {
    const lib = await library(2, 4, 340);
    cleanups.push(lib.cleanup);
    const config = loadConfig({ dbPath: lib.dbUrl, libraryRoots: [lib.dir.dir], apiToken: undefined, workers: 1 }, {});
    const first = createAuralisYoga({ config, orm: lib.orm });
    const gql = async (yoga: typeof first, query: string, variables: Record<string, unknown> = {}) =>
      (await (await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      })).json()) as { data: Record<string, any> };
    const started = await gql(first, 'mutation { startExtraction(input: { selection: MISSING }) { job { id status total } } }');
    const id = started.data.startExtraction.job.id as string;
    await closeJobs(lib.orm); // the server stops: its claims go back to PENDING
    const orm = await openDatabase({ dbPath: lib.dbUrl });
    try {
      const second = createAuralisYoga({ config, orm });
      let job = (await gql(second, 'query ($id: ID!) { job(id: $id) { id status total succeeded } }', { id })).data.job;
      expect(job).toMatchObject({ id, total: 2 });
      for (let i = 0; i < 300 && job.status === 'RUNNING'; i++) {
        await sleep(100);
        job = (await gql(second, 'query ($id: ID!) { job(id: $id) { id status total succeeded } }', { id })).data.job;
      }
      expect(job).toMatchObject({ status: 'COMPLETED', succeeded: 2 });
    } finally {
      await closeJobs(orm);
      await orm.close();
    }
  });
});
