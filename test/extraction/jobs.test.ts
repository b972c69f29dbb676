import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { closeJobs } from '../../server/extraction/jobManager.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { sql } from '../db/helpers.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { corruptFile, goodTrack } from './files.ts';

const JOB_FIELDS = 'id status selection processed total succeeded failed skipped currentFile rate etaSeconds failures { code path track { id } } error finishedAt';

/** Reads a graphql-yoga SSE response until it ends; returns the `data` of every `next` event. */
async function readEvents(response: Response): Promise<Record<string, any>[]> {
  const text = await response.text();
  const events: Record<string, any>[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    if (!lines.includes('event: next')) continue;
    const data = lines.find((l) => l.startsWith('data: '));
    if (data) events.push(JSON.parse(data.slice('data: '.length)) as Record<string, any>);
  }
  return events;
}

function subscribe(h: Harness, id: string): Promise<Response> {
  return Promise.resolve(
    h.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription ($id: ID!) { jobProgress(id: $id) { ${JOB_FIELDS} } }`, variables: { id } }),
    }),
  );
}

describe('extraction jobs over GraphQL', () => {
  let h: Harness;
  const ids: number[] = [];
  beforeAll(async () => {
    h = await createHarness({ workers: 2 });
    const files = [
      await goodTrack(91),
      await goodTrack(92),
      corruptFile(h.libraryRoot, 'job-corrupt.mp3'),
      await goodTrack(93),
    ];
    for (const [i, file] of files.entries()) {
      const target = path.join(h.libraryRoot, `job-${i}${path.extname(file)}`);
      if (file !== target) copyFileSync(file, target);
      const added = await h.gql<{ addTrack: { track: { id: string } } }>(
        'mutation ($path: String!) { addTrack(path: $path) { track { id } userErrors { code message } } }',
        { path: target },
      );
      ids.push(Number((await sql<{ id: number }>(h.orm, 'select id from tracks where path = ?', [target]))[0]!.id));
      expect(added.data?.addTrack.track.id).toBeTruthy();
    }
  });
  afterAll(async () => {
    await closeJobs(h.orm);
    await h.close();
  });

  it('startExtraction returns a RUNNING job at once; jobProgress streams progress over SSE until COMPLETED', async () => {
    const started = await h.gql<{ startExtraction: { job: { id: string; status: string }; userErrors: unknown[] } }>(
      `mutation { startExtraction(input: { selection: MISSING }) { job { ${JOB_FIELDS} } userErrors { code message } } }`,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startExtraction.userErrors).toEqual([]);
    const job = started.data!.startExtraction.job as { id: string; status: string; total: number; selection: string };
    expect(job).toMatchObject({ status: 'RUNNING', total: 4, selection: 'MISSING' });
    const response = await subscribe(h, job.id);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = (await readEvents(response)).map((e) => e.data.jobProgress);
    expect(events.length).toBeGreaterThanOrEqual(2);
    const last = events.at(-1);
    expect(last).toMatchObject({ status: 'COMPLETED', total: 4, processed: 4, succeeded: 3, failed: 1, skipped: 0 });
    expect(last.failures).toHaveLength(1);
    expect(last.failures[0].path).toMatch(/job-2\.mp3$/);
    expect(last.failures[0].track.id).toBe(encodeGlobalId('Track', ids[2]!));
    expect(last.finishedAt).not.toBeNull();
    for (let i = 1; i < events.length; i++) expect(events[i].processed).toBeGreaterThanOrEqual(events[i - 1].processed);
    expect(events.slice(0, -1).every((e) => e.status === 'RUNNING')).toBe(true);
    const read = await h.gql<{ job: { status: string; succeeded: number } }>(`query ($id: ID!) { job(id: $id) { status succeeded } }`, {
      id: job.id,
    });
    expect(read.data!.job).toEqual({ status: 'COMPLETED', succeeded: 3 });
    const statuses = await sql<{ fingerprint_status: string }>(h.orm, 'select fingerprint_status from tracks order by id');
    expect(statuses.map((s) => s.fingerprint_status)).toEqual(['CURRENT', 'CURRENT', 'FAILED', 'CURRENT']);
  });

  it('cancelJob stops a running job: CANCELLED, files not reached keep their status', async () => {
    const long = await Promise.all([94, 95, 96, 97].map((seed) => goodTrack(seed, 90)));
    const longIds: string[] = [];
    for (const [i, file] of long.entries()) {
      const target = path.join(h.libraryRoot, `long-${i}.mp3`);
      copyFileSync(file, target);
      const added = await h.gql<{ addTrack: { track: { id: string } } }>('mutation ($path: String!) { addTrack(path: $path) { track { id } } }', {
        path: target,
      });
      longIds.push(added.data!.addTrack.track.id);
    }
    const started = await h.gql<{ startExtraction: { job: { id: string } } }>(
      `mutation ($ids: [ID!]) { startExtraction(input: { trackIds: $ids }) { job { id status selection } userErrors { code } } }`,
      { ids: longIds },
    );
    const jobId = started.data!.startExtraction.job.id;
    const cancelled = await h.gql<{ cancelJob: { job: Record<string, any> } }>(
      `mutation ($id: ID!) { cancelJob(id: $id) { job { ${JOB_FIELDS} } userErrors { code } } }`,
      { id: jobId },
    );
    const job = cancelled.data!.cancelJob.job;
    expect(job.status).toBe('CANCELLED');
    expect(job.selection).toBeNull();
    expect(job.processed).toBeLessThan(4);
    // The stream of a finished job gives its final state and ends.
    const events = (await readEvents(await subscribe(h, jobId))).map((e) => e.data.jobProgress);
    expect(events).toHaveLength(1);
    expect(events[0].status).toBe('CANCELLED');
    const rows = await sql<{ fingerprint_status: string }>(h.orm, "select fingerprint_status from tracks where path like '%long-%'");
    expect(rows.filter((r) => r.fingerprint_status === 'MISSING')).toHaveLength(4 - job.succeeded);
    expect(rows.some((r) => r.fingerprint_status === 'FAILED')).toBe(false);
  });

  it('a stored path that no longer resolves inside the library roots is FAILED with PATH_OUTSIDE_LIBRARY, never analysed', async () => {
    const outside = path.join(h.dir, 'outside.mp3');
    copyFileSync(await goodTrack(91), outside);
    const track = await new TrackRepository(h.orm.em.fork()).add({ path: outside });
    const started = await h.gql<{ startExtraction: { job: { id: string } } }>(
      'mutation ($ids: [ID!]) { startExtraction(input: { trackIds: $ids }) { job { id } } }',
      { ids: [encodeGlobalId('Track', track.id)] },
    );
    const events = (await readEvents(await subscribe(h, started.data!.startExtraction.job.id))).map((e) => e.data.jobProgress);
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', failed: 1, succeeded: 0 });
    expect(events.at(-1).failures[0].code).toBe('PATH_OUTSIDE_LIBRARY');
    const [row] = await sql<{ fingerprint_status: string; n: number | string }>(
      h.orm,
      'select fingerprint_status, (select count(*) from track_fingerprints where track_id = tracks.id) as n from tracks where id = ?',
      [track.id],
    );
    // count(*) is a bigint on PostgreSQL, which pg returns as a string.
    expect({ ...row, n: Number(row!.n) }).toEqual({ fingerprint_status: 'FAILED', n: 0 });
  });

  it('bad input and unknown jobs are userErrors / null / a named subscription error', async () => {
    const both = await h.gql<{ startExtraction: { job: null; userErrors: { code: string; field: string[] }[] } }>(
      `mutation { startExtraction(input: { selection: ALL, trackIds: ["x"] }) { job { id } userErrors { code field } } }`,
    );
    expect(both.data!.startExtraction).toEqual({ job: null, userErrors: [{ code: 'INVALID_EXTRACTION', field: ['input', 'selection'] }] });
    const policy = await h.gql<{ startExtraction: { userErrors: { code: string; field: string[] }[] } }>(
      `mutation { startExtraction(input: { failurePolicy: { mode: ABORT } }) { job { id } userErrors { code field } } }`,
    );
    expect(policy.data!.startExtraction.userErrors).toEqual([{ code: 'INVALID_EXTRACTION', field: ['input', 'failurePolicy', 'maxFailures'] }]);
    const unknown = await h.gql<{ job: null }>(`query { job(id: "nope") { id } }`);
    expect(unknown.data!.job).toBeNull();
    const cancel = await h.gql<{ cancelJob: { userErrors: { code: string; message: string }[] } }>(`mutation { cancelJob(id: "nope") { userErrors { code message } } }`);
    expect(cancel.data!.cancelJob.userErrors).toEqual([{ code: 'JOB_NOT_FOUND', message: 'job `nope`: expected the id of a job in the database, found none' }]);
    const text = await (await subscribe(h, 'nope')).text();
    expect(text).toContain('JOB_NOT_FOUND');
  });
});
