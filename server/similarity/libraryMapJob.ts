/**
 * `buildLibraryMap` as a job, as graphJob.ts runs the graph: a task row in `extraction_jobs` (selection
 * MAP_JOB_SELECTION, no items), run in this process by LibraryMapService.build; progress in steps (the neighbour
 * graph, then each UMAP epoch) written to the row, so `job(id)` / `jobProgress(id)` follow it. One build at a time per
 * database in this process: starting while one runs returns the running job. `cancelJob` marks it CANCELLED (the
 * worker thread is stopped, nothing stored); a server shutdown marks it FAILED; any other failure FAILED with the message.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/sqlite';
import { JobRepository, type JobRecord } from '../db/JobRepository.ts';
import { LibraryMapAbortedError, LibraryMapService, MAP_SETTINGS, registerLibraryMapBuild, runningLibraryMap } from './libraryMap.ts';
import { embeddingSteps } from './mapEmbedding.ts';

/** `extraction_jobs.selection` of a library map build. */
export const MAP_JOB_SELECTION = 'LIBRARY_MAP';

/** Least time between two progress writes, in ms. */
const PROGRESS_WRITE_MS = 200;

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
export async function runLibraryMapJob(orm: MikroORM, jobId: string, shutdown?: AbortSignal): Promise<void> {
  const jobs = new JobRepository(orm.em.fork());
  const controller = new AbortController();
  if (shutdown?.aborted) controller.abort();
  else shutdown?.addEventListener('abort', () => controller.abort(), { once: true });
  let lastWrite = 0;
  try {
    await new LibraryMapService(orm.em.fork()).build({
      signal: controller.signal,
      onProgress: async (done, total) => {
        const now = performance.now();
        if (done > 0 && done < total && now - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = now;
        if ((await jobs.setTaskProgress(jobId, done, total)) !== 'RUNNING') controller.abort();
      },
    });
    await jobs.finishTask(jobId);
  } catch (error) {
    if (error instanceof LibraryMapAbortedError && !shutdown?.aborted) return; // cancelled: the row says so already
    const message =
      error instanceof LibraryMapAbortedError
        ? 'the server stopped before the library map was computed; start it again'
        : error instanceof Error
          ? error.message
          : String(error);
    await jobs.fail(jobId, message).catch(() => undefined);
  }
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
