/**
 * `buildLibraryMap` as a job, as graphJob.ts runs the graph: a task row in `extraction_jobs` (selection
 * MAP_JOB_SELECTION, no items), run in this process by LibraryMapService.build; progress in steps (the neighbour
 * graph, then each UMAP epoch) written to the row, so `job(id)` / `jobProgress(id)` follow it. One build at a time per
 * database in this process: starting while one runs returns the running job. `cancelJob` marks it CANCELLED (the
 * worker thread is stopped, nothing stored); a server shutdown marks it FAILED; any other failure FAILED with the message.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/sql';
import { JobRepository, type JobRecord } from '../db/JobRepository.ts';
import { LibraryMapAbortedError, LibraryMapService, MAP_SETTINGS, registerLibraryMapBuild, runningLibraryMap } from './libraryMap.ts';
import { embeddingSteps } from './mapEmbedding.ts';
import { runTaskJob } from './taskJob.ts';

/** `extraction_jobs.selection` of a library map build. */
export const MAP_JOB_SELECTION = 'LIBRARY_MAP';

const controllers = new WeakMap<MikroORM, Map<string, AbortController>>();

/** Starts being processed per database connection (so two concurrent calls start one build). */
const starting = new WeakMap<object, Promise<JobRecord>>();

/** Starts a map build job and returns its row (RUNNING), or the row of the build already running. */
export function startLibraryMapJob(orm: MikroORM): Promise<JobRecord> {
  const em = orm.em.fork();
  const connection = em.getConnection();
  const pending = starting.get(connection);
  if (pending !== undefined) return pending;
  const start = (async () => {
    const jobs = new JobRepository(em);
    const current = runningLibraryMap(em);
    if (current !== undefined) {
      const job = await jobs.get(current.jobId);
      if (job !== null) return job;
    }
    const job = await jobs.createTask({ id: randomUUID(), selection: MAP_JOB_SELECTION, total: embeddingSteps(MAP_SETTINGS) });
    const controller = new AbortController();
    let own = controllers.get(orm);
    if (own === undefined) controllers.set(orm, (own = new Map()));
    own.set(job.id, controller);
    const done = runLibraryMapJob(orm, job.id, controller.signal).finally(() => own.delete(job.id));
    registerLibraryMapBuild(em, job.id, done);
    return job;
  })().finally(() => starting.delete(connection));
  starting.set(connection, start);
  return start;
}

/** Runs the build of job `jobId` to its end state (COMPLETED, CANCELLED: nothing stored, FAILED with the message). */
export function runLibraryMapJob(orm: MikroORM, jobId: string, shutdown?: AbortSignal): Promise<void> {
  return runTaskJob(orm, jobId, shutdown, {
    run: (signal, onProgress) => new LibraryMapService(orm.em.fork()).build({ signal, onProgress }),
    isAbort: (error) => error instanceof LibraryMapAbortedError,
    stoppedMessage: 'the server stopped before the library map was computed; start it again',
  });
}

/** Stops this ORM's running map builds (server shutdown: their jobs end FAILED) and waits for them. */
export async function stopLibraryMapJobs(orm: MikroORM): Promise<void> {
  const own = controllers.get(orm);
  if (own === undefined) return;
  for (const controller of own.values()) controller.abort();
  const running = runningLibraryMap(orm.em.fork());
  await running?.done;
  controllers.delete(orm);
}
