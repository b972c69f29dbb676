import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { JobRepository } from '../../server/db/JobRepository.ts';
import { SimilarityEdgeRepository } from '../../server/db/SimilarityEdgeRepository.ts';
import { GRAPH_JOB_SELECTION, runGraphJob } from '../../server/similarity/graphJob.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';

describe('graph build jobs', () => {
  let library: Awaited<ReturnType<typeof openLibrary>>;

  beforeAll(async () => {
    library = await openLibrary();
    const next = seededRandom(3);
    await addTracks(library.orm, Array.from({ length: 30 }, () => valuesAt(() => next())));
  });
  afterAll(async () => library?.close());

  it('a cancelled job stops at its next progress report and stores nothing', async () => {
    const jobs = new JobRepository(library.orm.em.fork());
    const job = await jobs.createTask({ id: 'graph-cancelled', selection: GRAPH_JOB_SELECTION, total: 30 });
    expect(await jobs.cancel(job.id)).toBe(true);
    await runGraphJob(library.orm, job.id, 5);
    expect(await new SimilarityEdgeRepository(library.orm.em.fork()).header()).toBeNull();
    expect(await jobs.get(job.id)).toMatchObject({ status: 'CANCELLED', processed: 0 });
  });

  it('a job runs to COMPLETED with processed = total tracks, and a shutdown signal ends one FAILED', async () => {
    const jobs = new JobRepository(library.orm.em.fork());
    const done = await jobs.createTask({ id: 'graph-done', selection: GRAPH_JOB_SELECTION, total: 30 });
    await runGraphJob(library.orm, done.id, 5);
    expect(await jobs.get(done.id)).toMatchObject({ status: 'COMPLETED', processed: 30, succeeded: 30, total: 30 });
    expect(await new SimilarityEdgeRepository(library.orm.em.fork()).header()).toMatchObject({ k: 5 });

    const stopped = await jobs.createTask({ id: 'graph-stopped', selection: GRAPH_JOB_SELECTION, total: 30 });
    await runGraphJob(library.orm, stopped.id, 5, AbortSignal.abort());
    expect(await jobs.get(stopped.id)).toMatchObject({ status: 'FAILED', error: 'the server stopped before the graph build finished; start it again' });
  });
});
