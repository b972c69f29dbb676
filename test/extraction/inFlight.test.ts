/**
 * Request limits and overlapping work (issue 8): a job takes at most MAX_JOB_TRACK_IDS ids, and a file is
 * analysed once at a time in the process: a second job, or extractFingerprint, over a file already being
 * analysed waits for that analysis instead of starting another (counted with the pool's `started`).
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisPool, sharedAnalysisPool } from '../../server/extraction/analysisPool.ts';
import { MAX_JOB_TRACK_IDS, closeJobs } from '../../server/extraction/jobManager.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { sql } from '../db/helpers.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { goodTrack } from './files.ts';

const START = `mutation ($input: StartExtractionInput!) { startExtraction(input: $input) { job { id total } userErrors { field code message } } }`;

async function finished(h: Harness, id: string): Promise<Record<string, any>> {
  for (;;) {
    const r = await h.gql(`query ($id: ID!) { job(id: $id) { status total succeeded failed skipped } }`, { id });
    if (r.data!.job.status !== 'RUNNING') return r.data!.job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the analysis pool analyses a path once at a time', () => {
  let pool: AnalysisPool;
  let file: string;
  beforeAll(async () => {
    pool = new AnalysisPool({ workers: 2 });
    file = await goodTrack(51);
  });
  afterAll(() => pool.close());

  it('two calls in flight share one analysis; a later call analyses again', async () => {
    const [a, b] = await Promise.all([pool.analyse(file), pool.analyse(file)]);
    expect(pool.started).toBe(1);
    expect(b.values).toEqual(a.values);
    await pool.analyse(file);
    expect(pool.started).toBe(2);
  });

  it('a caller that aborts leaves; the analysis goes on for the other and stops when the last one leaves', async () => {
    const before = pool.started;
    const quitter = new AbortController();
    const leaving = pool.analyse(file, { signal: quitter.signal });
    const staying = pool.analyse(file);
    quitter.abort('test');
    await expect(leaving).rejects.toMatchObject({ code: 'ABORTED' });
    expect((await staying).values.lufs).toBeTypeOf('number');
    expect(pool.started).toBe(before + 1);

    const only = new AbortController();
    const alone = pool.analyse(file, { signal: only.signal });
    only.abort('test');
    await expect(alone).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('overlapping jobs over GraphQL', () => {
  let h: Harness;
  const ids: number[] = [];
  const gid = (id: number) => encodeGlobalId('Track', id);

  beforeAll(async () => {
    h = await createHarness();
    for (const seed of [61, 62, 63, 64]) {
      const target = path.join(h.libraryRoot, `overlap-${seed}.mp3`);
      copyFileSync(await goodTrack(seed), target);
      await h.gql('mutation ($path: String!) { addTrack(path: $path) { userErrors { code } } }', { path: target });
      ids.push((await sql<{ id: number }>(h.orm, 'select id from tracks where path = ?', [target]))[0]!.id);
    }
  }, 120_000);
  afterAll(async () => {
    await closeJobs(h.orm);
    await h.close();
  });

  it('two jobs started over the same files analyse each file once, and both store every file', async () => {
    const before = sharedAnalysisPool().started;
    const input = { trackIds: ids.map(gid) };
    const first = await h.gql(START, { input });
    const second = await h.gql(START, { input });
    expect(first.data!.startExtraction.userErrors).toEqual([]);
    expect(second.data!.startExtraction.userErrors).toEqual([]);
    const jobs = await Promise.all([first, second].map((r) => finished(h, r.data!.startExtraction.job.id)));
    for (const job of jobs) expect(job).toMatchObject({ status: 'COMPLETED', total: 4, succeeded: 4, failed: 0, skipped: 0 });
    expect(sharedAnalysisPool().started - before).toBe(ids.length);
    const rows = await sql<{ fingerprint_status: string }>(h.orm, 'select fingerprint_status from tracks order by id');
    expect(rows.map((r) => r.fingerprint_status)).toEqual(['CURRENT', 'CURRENT', 'CURRENT', 'CURRENT']);
  });

  it('extractFingerprint on a file a job is analysing waits for that analysis', async () => {
    const before = sharedAnalysisPool().started;
    const job = await h.gql(START, { input: { trackIds: [gid(ids[0]!)] } });
    const extract = await h.gql(`mutation ($id: ID!) { extractFingerprint(trackId: $id, force: true) { extracted userErrors { code } } }`, {
      id: gid(ids[0]!),
    });
    expect(extract.data!.extractFingerprint).toEqual({ extracted: true, userErrors: [] });
    expect(await finished(h, job.data!.startExtraction.job.id)).toMatchObject({ status: 'COMPLETED', succeeded: 1 });
    expect(sharedAnalysisPool().started - before).toBe(1);
  });

  it(`more than ${MAX_JOB_TRACK_IDS} track ids is TOO_MANY_TRACK_IDS, and no job starts`, async () => {
    const many = Array.from({ length: MAX_JOB_TRACK_IDS + 1 }, (_, i) => gid(i + 1));
    const r = await h.gql(START, { input: { trackIds: many } });
    expect(r.data!.startExtraction.job).toBeNull();
    expect(r.data!.startExtraction.userErrors).toEqual([
      { field: ['trackIds'], code: 'TOO_MANY_TRACK_IDS', message: `trackIds: expected at most ${MAX_JOB_TRACK_IDS} ids per job, received ${MAX_JOB_TRACK_IDS + 1}; use a selection or several jobs` },
    ]);
  });
});
