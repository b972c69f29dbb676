/**
 * `jobs(first, status)`: the recent jobs newest first, so a client (the web app's library work view) finds
 * running work without knowing an id; `Job.failures` read in one batch for the whole list (no N+1).
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeJobs } from '../../server/extraction/jobManager.ts';
import { corruptFile, goodTrack } from '../extraction/files.ts';
import { createHarness, type Harness } from './harness.ts';

async function finished(h: Harness, id: string): Promise<void> {
  for (;;) {
    const r = await h.gql(`query ($id: ID!) { job(id: $id) { status } }`, { id });
    if (r.data!.job.status !== 'RUNNING') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('jobs', () => {
  let h: Harness;
  const started: string[] = [];

  beforeAll(async () => {
    h = await createHarness({ workers: 2 });
    copyFileSync(await goodTrack(81), path.join(h.libraryRoot, 'good.mp3'));
    corruptFile(h.libraryRoot, 'bad-1.mp3');
    corruptFile(h.libraryRoot, 'bad-2.mp3');
    const scan = await h.gql(`mutation ($p: String!) { scanLibraryRoot(path: $p) { job { id } userErrors { code } } }`, { p: h.libraryRoot });
    started.push(scan.data!.scanLibraryRoot.job.id);
    await finished(h, started[0]!);
    for (const selection of ['ALL', 'MISSING']) {
      const r = await h.gql(`mutation ($s: ExtractionSelection!) { startExtraction(input: { selection: $s }) { job { id } } }`, { s: selection });
      started.push(r.data!.startExtraction.job.id);
      await finished(h, started.at(-1)!);
    }
  }, 120_000);
  afterAll(async () => {
    await closeJobs(h.orm);
    await h.close();
  });

  it('lists the recent jobs newest first, filtered by status, with their failures', async () => {
    const r = await h.gql(`{ jobs { id kind status selection total failed failures { code path } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.jobs.map((job: { id: string }) => job.id)).toEqual([...started].reverse());
    const [missing, all, scan] = r.data!.jobs;
    expect(scan).toMatchObject({ kind: 'EXTRACTION', status: 'COMPLETED', selection: null, total: 3, failed: 2 });
    expect(scan.failures.map((f: { path: string }) => path.basename(f.path)).sort()).toEqual(['bad-1.mp3', 'bad-2.mp3']);
    expect(all).toMatchObject({ selection: 'ALL', total: 3, failed: 2 });
    expect(missing).toMatchObject({ selection: 'MISSING', failures: expect.any(Array) });
    const latest = await h.gql(`{ jobs(first: 1) { id } running: jobs(status: RUNNING) { id } completed: jobs(status: COMPLETED) { id } }`);
    expect(latest.data).toEqual({ jobs: [{ id: started[2] }], running: [], completed: [...started].reverse().map((id) => ({ id })) });
  });

  it('reads the failures of every listed job in one statement', async () => {
    const failureReads = async (first: number) => {
      const { result, statements } = await h.countQueries(() => h.gql(`query ($n: Int) { jobs(first: $n) { id failures { code } } }`, { n: first }));
      expect(result.errors).toBeUndefined();
      // The reads of failures (the claim loop polls extraction_job_items meanwhile, without these columns).
      return statements.filter((statement) => /select .*error_message.* from .extraction_job_items/i.test(statement)).length;
    };
    expect(await failureReads(1)).toBe(1);
    expect(await failureReads(3)).toBe(1);
  });

  it('refuses `first` outside 1…100 by name', async () => {
    for (const first of [0, 101]) {
      const r = await h.gql(`query ($n: Int) { jobs(first: $n) { id } }`, { n: first });
      expect(r.errors?.[0].extensions?.code).toBe('INVALID_ARGUMENT');
      expect(r.errors?.[0].message).toMatch(/`first`: expected an integer 1…100/);
    }
  });
});
