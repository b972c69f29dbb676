/**
 * `buildSimilarityGraph` as a job: a row in `extraction_jobs` without items (JobRepository.createTask, selection
 * GRAPH_JOB_SELECTION), run in this process by GraphService.build; its progress (tracks done of all) is written to
 * the row after every batch, so `job(id)` and `jobProgress(id)` (jobManager.ts, polling the row) follow it like an
 * extraction. `cancelJob` marks it CANCELLED: the build stops at its next batch and stores nothing. A failure
 * marks it FAILED with the message. No claim loop touches it (it has no items); it is not resumed after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/sql';
import { JobRepository, type JobRecord } from '../db/JobRepository.ts';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { checkGraphK, GraphBuildAbortedError, GraphService } from './graph.ts';
import { runTaskJob } from './taskJob.ts';

/** `extraction_jobs.selection` of a graph build. */
export const GRAPH_JOB_SELECTION = 'SIMILARITY_GRAPH';

const running = new WeakMap<MikroORM, Map<string, { controller: AbortController; done: Promise<void> }>>();

/**
 * Starts a graph build job and returns its first row (RUNNING, total = fingerprinted tracks) at once.
 * @throws InvalidGraphKError before anything is stored
 */
export async function startGraphJob(orm: MikroORM, kInput?: number | null): Promise<JobRecord> {
  const k = checkGraphK(kInput);
  const total = (await new FingerprintRepository(orm.em.fork()).tableState()).count;
  const job = await new JobRepository(orm.em.fork()).createTask({ id: randomUUID(), selection: GRAPH_JOB_SELECTION, total });
  const controller = new AbortController();
  let jobs = running.get(orm);
  if (jobs === undefined) running.set(orm, (jobs = new Map()));
  const done = runGraphJob(orm, job.id, k, controller.signal).finally(() => jobs.delete(job.id));
  jobs.set(job.id, { controller, done });
  return job;
}

/** Runs the build of job `jobId` to its end state (COMPLETED, CANCELLED: nothing stored, FAILED with the message). */
export function runGraphJob(orm: MikroORM, jobId: string, k: number, signal?: AbortSignal): Promise<void> {
  return runTaskJob(orm, jobId, signal, {
    run: (abort, onProgress) => new GraphService(orm.em.fork()).build(k, { signal: abort, onProgress }),
    isAbort: (error) => error instanceof GraphBuildAbortedError,
    stoppedMessage: 'the server stopped before the graph build finished; start it again',
  });
}

/** Stops this ORM's running graph builds (server shutdown: their jobs end FAILED) and waits for them. */
export async function stopGraphJobs(orm: MikroORM): Promise<void> {
  const jobs = running.get(orm);
  if (jobs === undefined) return;
  for (const job of jobs.values()) job.controller.abort();
  await Promise.all([...jobs.values()].map((job) => job.done));
  running.delete(orm);
}
