/**
 * Issue 9 item 3: `serve` resumes extraction jobs left RUNNING in the database as soon as it starts (no GraphQL
 * call needed), and `serve --no-worker` / AURALIS_SERVE_WORKER=0 leaves them to `auralis worker`. Real
 * listen(), a real `auralis serve` process, real ffmpeg and WASM, on the test engine's database.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/createOrm.ts';
import { JobRepository, type JobRecord } from '../../server/db/JobRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { listen } from '../../server/graphql/listen.ts';
import { tempDir } from '../db/helpers.ts';
import { goodTrack, scratchDir } from '../extraction/files.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { AURALIS_BIN, runAuralis } from './runCli.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A database holding `files` tracks and one RUNNING job over them (every item PENDING); the ORM is closed. */
async function databaseWithPendingJob(files: number, seedBase: number, seconds = 4) {
  const dir = scratchDir('auralis-serve-worker-library-');
  const db = tempDir('auralis-serve-worker-db-');
  const dbUrl = await freshDatabaseUrl(db.file('library.db'));
  const orm = await openDatabase({ dbPath: dbUrl });
  const trackIds: number[] = [];
  for (let i = 0; i < files; i++) {
    const target = path.join(dir.dir, `p-${i}.mp3`);
    copyFileSync(await goodTrack(seedBase + i, seconds), target);
    trackIds.push((await new TrackRepository(orm.em.fork()).add({ path: target })).id);
  }
  const jobId = randomUUID();
  await new JobRepository(orm.em.fork()).create({ id: jobId, selection: null, failurePolicy: { mode: 'continue' }, skipCurrent: false, trackIds });
  await orm.close();
  return {
    dir: dir.dir,
    dbUrl,
    jobId,
    cleanup() {
      dir.cleanup();
      db.cleanup();
    },
  };
}

/** Reads the job on its own short-lived connection (no server involved). */
async function readJob(dbUrl: string, jobId: string): Promise<{ job: JobRecord | null; states: string[] }> {
  const orm = await openDatabase({ dbPath: dbUrl });
  try {
    const repository = new JobRepository(orm.em.fork());
    return { job: await repository.get(jobId), states: (await repository.itemCounts(jobId)).map((item) => item.state) };
  } finally {
    await orm.close();
  }
}

/** Resolves with the URL a `serve` child prints once it listens. */
function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /GraphQL at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${err}`)));
  });
}

describe('serve and jobs left in the database', () => {
  const cleanups: (() => void)[] = [];
  afterAll(() => {
    for (const cleanup of cleanups) cleanup();
  });

  it('a fresh listen() finishes a job left RUNNING with pending items, without any GraphQL call', { timeout: 120_000 }, async () => {
    const left = await databaseWithPendingJob(2, 360);
    cleanups.push(left.cleanup);
    const server = await listen(loadConfig({ dbPath: left.dbUrl, port: 0, libraryRoots: [left.dir], apiToken: undefined, workers: 1 }, {}));
    try {
      let read = await readJob(left.dbUrl, left.jobId);
      for (let i = 0; i < 600 && read.job?.status === 'RUNNING'; i++) {
        await sleep(100);
        read = await readJob(left.dbUrl, left.jobId);
      }
      expect(read.job).toMatchObject({ status: 'COMPLETED', total: 2, processed: 2, succeeded: 2, failed: 0 });
      expect(read.states).toEqual(['DONE', 'DONE']);
    } finally {
      await server.close();
    }
  });

  it('server shutdown cancels no job: the file in flight goes back to PENDING and the job stays RUNNING', { timeout: 120_000 }, async () => {
    const left = await databaseWithPendingJob(2, 380, 30);
    cleanups.push(left.cleanup);
    const server = await listen(loadConfig({ dbPath: left.dbUrl, port: 0, libraryRoots: [left.dir], apiToken: undefined, workers: 1 }, {}));
    let read = await readJob(left.dbUrl, left.jobId);
    try {
      for (let i = 0; i < 600 && !read.states.includes('CLAIMED'); i++) {
        await sleep(50);
        read = await readJob(left.dbUrl, left.jobId);
      }
      expect(read.states).toContain('CLAIMED');
    } finally {
      await server.close();
    }
    const after = await readJob(left.dbUrl, left.jobId);
    expect(after.job).toMatchObject({ status: 'RUNNING' });
    expect(after.states).not.toContain('CLAIMED');
    expect(after.states).toContain('PENDING');
  });

  it('serve --no-worker leaves the job pending; auralis worker --once finishes it', { timeout: 120_000 }, async () => {
    const left = await databaseWithPendingJob(2, 370);
    cleanups.push(left.cleanup);
    const env = { ...process.env, AURALIS_LIBRARY_ROOTS: left.dir, AURALIS_API_TOKEN: '', AURALIS_WORKERS: '1' };
    const child = spawn(process.execPath, [AURALIS_BIN, 'serve', '--no-worker', '--port', '0', '--db', left.dbUrl], { env });
    const exited = once(child, 'exit');
    try {
      const url = await listeningUrl(child);
      // Reading the job through GraphQL does not start a claim loop either.
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query ($id: ID!) { job(id: $id) { status total processed } }', variables: { id: left.jobId } }),
      });
      expect(((await response.json()) as { data: unknown }).data).toEqual({ job: { status: 'RUNNING', total: 2, processed: 0 } });
      await sleep(1500);
      const waiting = await readJob(left.dbUrl, left.jobId);
      expect(waiting.job).toMatchObject({ status: 'RUNNING', processed: 0 });
      expect(waiting.states).toEqual(['PENDING', 'PENDING']);

      const worker = await runAuralis(['worker', '--once', '--db', left.dbUrl], { AURALIS_WORKERS: '1', AURALIS_LIBRARY_ROOTS: left.dir });
      expect([worker.code, worker.stderr]).toEqual([0, '']);
      const done = await readJob(left.dbUrl, left.jobId);
      expect(done.job).toMatchObject({ status: 'COMPLETED', total: 2, processed: 2, succeeded: 2 });
      expect(done.states).toEqual(['DONE', 'DONE']);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('AURALIS_SERVE_WORKER switches the claim loop of serve (default on); other values are refused', () => {
    expect(loadConfig({}, {}).serveWorker).toBe(true);
    expect(loadConfig({}, { AURALIS_SERVE_WORKER: '0' }).serveWorker).toBe(false);
    expect(loadConfig({}, { AURALIS_SERVE_WORKER: 'false' }).serveWorker).toBe(false);
    expect(loadConfig({}, { AURALIS_SERVE_WORKER: '1' }).serveWorker).toBe(true);
    expect(loadConfig({ serveWorker: false }, { AURALIS_SERVE_WORKER: '1' }).serveWorker).toBe(false);
    expect(() => loadConfig({}, { AURALIS_SERVE_WORKER: 'maybe' })).toThrow('AURALIS_SERVE_WORKER: expected 1 / true / on or 0 / false / off, received "maybe"');
  });
});
