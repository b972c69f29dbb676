/**
 * `scanLibraryRoot` (issue 12, item 8): a scan of a folder inside the library roots from GraphQL, with counts
 * and reasons, the extraction job of its files, a time budget that resumes, and the refusals (outside the
 * roots, no roots, not a folder, no token); `Job.failurePage` pages the job's failures with their codes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeJobs } from '../../server/extraction/jobManager.ts';
import { sql } from '../db/helpers.ts';
import { corruptFile, goodTrack, scratchDir } from '../extraction/files.ts';
import { createHarness, type Harness } from './harness.ts';

const SCAN = `mutation ($path: String!, $extract: Boolean, $maxSeconds: Float) {
  scanLibraryRoot(path: $path, extract: $extract, maxSeconds: $maxSeconds) {
    scan { root complete files added updated unchanged stale gone warnings toExtract elapsedSeconds
           skipped { path reason message } tagErrors { path message track { id } } }
    job { id status total }
    userErrors { field code message }
  }
}`;

const FAILURE_PAGE = `query ($id: ID!, $after: String) {
  job(id: $id) { status failed failurePage(first: 1, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { path code message track { id } } } } }
}`;

async function finished(h: Harness, id: string): Promise<Record<string, any>> {
  for (;;) {
    const r = await h.gql(`query ($id: ID!) { job(id: $id) { status total succeeded failed } }`, { id });
    if (r.data!.job.status !== 'RUNNING') return r.data!.job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('scanLibraryRoot', () => {
  let h: Harness;
  const outside = scratchDir('auralis-scan-outside-');

  beforeAll(async () => {
    h = await createHarness({ workers: 2 });
    mkdirSync(path.join(h.libraryRoot, 'album'));
    copyFileSync(await goodTrack(61), path.join(h.libraryRoot, 'album', 'one.mp3'));
    copyFileSync(await goodTrack(62), path.join(h.libraryRoot, 'album', 'two.mp3'));
    corruptFile(h.libraryRoot, 'broken-a.mp3');
    corruptFile(h.libraryRoot, 'broken-b.mp3');
    execFileSync('mkfifo', [path.join(h.libraryRoot, 'pipe.mp3')]);
    writeFileSync(path.join(outside.dir, 'secret.mp3'), 'x');
    symlinkSync(path.join(outside.dir, 'secret.mp3'), path.join(h.libraryRoot, 'escape.mp3'));
  }, 60_000);
  afterAll(async () => {
    await closeJobs(h.orm);
    await h.close();
    outside.cleanup();
  });

  it('adds the audio files, names every entry left out, and starts the extraction job of the new files', async () => {
    const r = await h.gql(SCAN, { path: h.libraryRoot });
    expect(r.errors).toBeUndefined();
    const { scan, job, userErrors } = r.data!.scanLibraryRoot;
    expect(userErrors).toEqual([]);
    expect(scan).toMatchObject({ root: h.libraryRoot, complete: true, files: 4, added: 4, updated: 0, unchanged: 0, gone: 0, toExtract: 4 });
    expect(scan.elapsedSeconds).toBeGreaterThan(0);
    const reasons = Object.fromEntries(scan.skipped.map((entry: { path: string; reason: string }) => [path.basename(entry.path), entry.reason]));
    expect(reasons).toEqual({ 'pipe.mp3': 'SPECIAL_FILE', 'escape.mp3': 'SYMLINK_OUTSIDE_ROOT' });
    expect(scan.skipped.find((entry: { reason: string }) => entry.reason === 'SPECIAL_FILE').message).toMatch(/FIFO skipped, expected a regular file/);
    expect(scan.warnings).toBe(scan.skipped.length + scan.tagErrors.length);
    for (const entry of scan.tagErrors) expect(path.basename(entry.path)).toMatch(/^broken-/);
    expect(job).toMatchObject({ status: 'RUNNING', total: 4 });
    expect(await finished(h, job.id)).toMatchObject({ status: 'COMPLETED', total: 4, succeeded: 2, failed: 2 });
  }, 60_000);

  it('Job.failurePage pages the failed files with their codes and messages', async () => {
    const first = await h.gql(SCAN, { path: h.libraryRoot, extract: false });
    expect(first.data!.scanLibraryRoot.scan).toMatchObject({ unchanged: 4, added: 0, toExtract: 0 });
    // The one job so far: the first scan's extraction.
    const [row] = await sql<{ id: string }>(h.orm, 'select id from extraction_jobs');
    const page1 = await h.gql(FAILURE_PAGE, { id: row!.id });
    expect(page1.errors).toBeUndefined();
    const failures1 = page1.data!.job.failurePage;
    expect(failures1.totalCount).toBe(2);
    expect(failures1.pageInfo.hasNextPage).toBe(true);
    expect(failures1.edges).toHaveLength(1);
    const page2 = await h.gql(FAILURE_PAGE, { id: row!.id, after: failures1.pageInfo.endCursor });
    const failures2 = page2.data!.job.failurePage;
    expect(failures2.pageInfo.hasNextPage).toBe(false);
    const nodes = [failures1.edges[0].node, failures2.edges[0].node];
    expect(nodes.map((node: { path: string }) => path.basename(node.path)).sort()).toEqual(['broken-a.mp3', 'broken-b.mp3']);
    for (const node of nodes) {
      expect(node.code).toMatch(/^[A-Z_]+$/);
      expect(node.message).toContain(node.path);
      expect(node.track.id).toBeTruthy();
    }
    const bad = await h.gql(FAILURE_PAGE, { id: row!.id, after: 'nonsense' });
    expect(bad.errors?.[0].extensions?.code).toBe('INVALID_CURSOR');
  });

  it('a second scan compares without reading, counts files that are gone, and starts no job when nothing changed', async () => {
    rmSync(path.join(h.libraryRoot, 'album', 'two.mp3'));
    const r = await h.gql(SCAN, { path: h.libraryRoot });
    expect(r.data!.scanLibraryRoot.userErrors).toEqual([]);
    expect(r.data!.scanLibraryRoot.scan).toMatchObject({ complete: true, files: 3, added: 0, unchanged: 3, gone: 1, toExtract: 0 });
    expect(r.data!.scanLibraryRoot.job).toBeNull();
  });

  it('a folder below a root scans on its own; a tiny maxSeconds stops after one new file and the next call goes on', async () => {
    const folder = path.join(h.libraryRoot, 'later');
    mkdirSync(folder);
    for (const seed of [63, 64, 65]) copyFileSync(await goodTrack(seed), path.join(folder, `t-${seed}.mp3`));
    const added: number[] = [];
    let last: Record<string, any> | undefined;
    for (let call = 0; call < 5 && !last?.complete; call++) {
      const r = await h.gql(SCAN, { path: folder, extract: false, maxSeconds: 0.000001 });
      expect(r.data!.scanLibraryRoot.userErrors).toEqual([]);
      last = r.data!.scanLibraryRoot.scan;
      expect(r.data!.scanLibraryRoot.job).toBeNull();
      added.push(last!.added);
    }
    expect(added).toEqual([1, 1, 1, 0]);
    expect(last).toMatchObject({ root: folder, complete: true, files: 3, unchanged: 3, toExtract: 3 });
  }, 60_000);

  it('refuses paths outside the roots, missing folders, files and a bad budget by name, writing nothing', async () => {
    const cases: [string, number | undefined, string][] = [
      [outside.dir, undefined, 'PATH_OUTSIDE_LIBRARY'],
      [path.join(h.libraryRoot, '..'), undefined, 'PATH_OUTSIDE_LIBRARY'],
      ['/etc', undefined, 'PATH_OUTSIDE_LIBRARY'],
      [path.join(h.libraryRoot, 'nope'), undefined, 'FOLDER_NOT_FOUND'],
      [path.join(h.libraryRoot, 'album', 'one.mp3'), undefined, 'NOT_A_DIRECTORY'],
      ['', undefined, 'INVALID_PATH'],
      [h.libraryRoot, 0, 'INVALID_ARGUMENT'],
      [h.libraryRoot, 301, 'INVALID_ARGUMENT'],
    ];
    for (const [folder, maxSeconds, code] of cases) {
      const r = await h.gql(SCAN, { path: folder, maxSeconds });
      expect(r.errors).toBeUndefined();
      expect(r.data!.scanLibraryRoot).toMatchObject({ scan: null, job: null });
      expect(r.data!.scanLibraryRoot.userErrors).toEqual([expect.objectContaining({ code })]);
    }
    const outsideMessage = (await h.gql(SCAN, { path: outside.dir })).data!.scanLibraryRoot.userErrors[0];
    expect(outsideMessage).toMatchObject({ field: ['path'] });
    expect(outsideMessage.message).toMatch(/expected a folder inside the library roots/);
  });
});

describe('scanLibraryRoot without roots, or without the token', () => {
  it('answers NO_LIBRARY_ROOTS when no root is known', async () => {
    const h = await createHarness({ libraryRoots: [] });
    try {
      const r = await h.gql(SCAN, { path: h.libraryRoot });
      expect(r.data!.scanLibraryRoot.userErrors).toEqual([expect.objectContaining({ code: 'NO_LIBRARY_ROOTS', field: ['path'] })]);
    } finally {
      await h.close();
    }
  });

  it('is a mutation: refused with UNAUTHENTICATED without the bearer token, run with it', async () => {
    const h = await createHarness({ apiToken: 's3cret' });
    try {
      const refused = await h.gql(SCAN, { path: h.libraryRoot });
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const ok = await h.gql(SCAN, { path: h.libraryRoot }, { authorization: 'Bearer s3cret' });
      expect(ok.data!.scanLibraryRoot).toMatchObject({ userErrors: [], scan: { complete: true, files: 0 }, job: null });
    } finally {
      await h.close();
    }
  });
});
