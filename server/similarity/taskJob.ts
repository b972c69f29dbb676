/**
 * The run of a task job: a build this process does itself under a row in `extraction_jobs` without items
 * (JobRepository.createTask), such as the similarity graph (graphJob.ts) and the library map (libraryMapJob.ts).
 */
import type { MikroORM } from '@mikro-orm/sql';
import { JobRepository } from '../db/JobRepository.ts';

/** Least time between two progress writes, in ms (the first step and the last are always written). */
export const PROGRESS_WRITE_MS = 200;

/** Reports `done` of `total` steps; may be called often: the row is written at most every PROGRESS_WRITE_MS. */
export type TaskProgress = (done: number, total: number) => Promise<void>;

export interface TaskJob {
  /** Does the work, stopping (by throwing an error `isAbort` accepts) once `signal` fires. */
  run(signal: AbortSignal, onProgress: TaskProgress): Promise<unknown>;
  /** Whether an error is the work stopping on its signal. */
  isAbort(error: unknown): boolean;
  /** The FAILED message when the server's shutdown stopped the work. */
  readonly stoppedMessage: string;
}

/**
 * Runs job `jobId` to its end state: COMPLETED when the work returns; left as it is (CANCELLED) when a progress
 * write finds the row no longer RUNNING, which stops the work; FAILED with `stoppedMessage` when `shutdown` fired;
 * FAILED with the error's message otherwise.
 */
export async function runTaskJob(orm: MikroORM, jobId: string, shutdown: AbortSignal | undefined, task: TaskJob): Promise<void> {
  const jobs = new JobRepository(orm.em.fork());
  const controller = new AbortController();
  if (shutdown?.aborted) controller.abort();
  else shutdown?.addEventListener('abort', () => controller.abort(), { once: true });
  let lastWrite = 0;
  try {
    await task.run(controller.signal, async (done, total) => {
      const now = performance.now();
      if (done > 0 && done < total && now - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = now;
      if ((await jobs.setTaskProgress(jobId, done, total)) !== 'RUNNING') controller.abort();
    });
    await jobs.finishTask(jobId);
  } catch (error) {
    const aborted = task.isAbort(error);
    if (aborted && !shutdown?.aborted) return; // cancelled: the row says so already
    const message = aborted ? task.stoppedMessage : error instanceof Error ? error.message : String(error);
    await jobs.fail(jobId, message).catch(() => undefined);
  }
}
