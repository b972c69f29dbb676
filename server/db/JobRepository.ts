/**
 * Every statement on `extraction_jobs` and `extraction_job_items` (entities in ExtractionJob.ts), through
 * Kysely with bound parameters. Claims: `claim` picks PENDING items (or CLAIMED ones whose lease ran out)
 * in one transaction — `FOR UPDATE OF i, t SKIP LOCKED` on PostgreSQL, the BEGIN IMMEDIATE write lock on
 * SQLite — and marks them CLAIMED by the worker until `now + leaseMs`. `complete` stores a result only while
 * the item is still claimed by that worker and its job RUNNING (else the result is dropped).
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, Timestamp } from './database.ts';
import { FingerprintRepository } from './FingerprintRepository.ts';
import type { FingerprintInput } from './fingerprintInput.ts';
import { FingerprintStatus } from './fingerprintStatus.ts';
import { TrackRepository } from './TrackRepository.ts';
import { TrackNotFoundError } from './errors.ts';
import { chunks, dateOf, isSqlite, MAX_PARAMETERS, runQuery, selectRows } from './sql.ts';
import { checkKeysetRequest, type KeysetPage, type KeysetRequest } from './pagination.ts';
import type { FingerprintValues } from '../fingerprint/dimensions.ts';

export type JobStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'ABORTED' | 'FAILED';
export type JobItemState = 'PENDING' | 'CLAIMED' | 'DONE' | 'FAILED' | 'SKIPPED';

interface JobsTable {
  id: string;
  selection: string | null;
  status: string;
  failure_mode: string;
  max_failures: number | null;
  skip_current: number;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  current_file: string | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

interface JobItemsTable {
  job_id: string;
  track_id: number;
  position: number;
  state: string;
  worker_id: string | null;
  /** ms; pg returns int8 as a string. */
  lease_until: number | string | null;
  attempts: number;
  analyses: number;
  queued_at: number | string;
  finished_at: number | string | null;
  error_code: string | null;
  error_message: string | null;
}

type JobDatabase = Database & { extraction_jobs: JobsTable; extraction_job_items: JobItemsTable };

/** A stored job as a plain record. */
export interface JobRecord {
  readonly id: string;
  readonly selection: string | null;
  readonly status: JobStatus;
  readonly failurePolicy: { readonly mode: 'continue' } | { readonly mode: 'abort'; readonly maxFailures: number };
  readonly skipCurrent: boolean;
  readonly total: number;
  readonly processed: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly currentFile: string | null;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

/** A FAILED item of a job. */
export interface JobFailureRecord {
  readonly trackId: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** An item a worker now holds. */
export interface ClaimedItem {
  readonly jobId: string;
  readonly trackId: number;
  readonly path: string;
}

/** What a worker learnt about an item. */
export type ItemOutcome =
  | {
      readonly kind: 'succeeded';
      readonly values: FingerprintValues;
      /** The v2 facts (null = not computed) and the loudness histogram of the analysis (fingerprint v2). */
      readonly facts?: FingerprintInput['facts'];
      readonly loudnessHistogram?: FingerprintInput['loudnessHistogram'];
      /** The 26 timbre values (server/fingerprint/timbre.ts). */
      readonly timbre?: FingerprintInput['timbre'];
    }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/** A new RUNNING `extraction_jobs` row: nothing counted yet, created and updated at `stamp`. */
function newJobRow(
  id: string,
  selection: string | null,
  stamp: ReturnType<typeof timestampValue>,
  policy: Pick<JobsTable, 'failure_mode' | 'max_failures' | 'skip_current' | 'total'>,
): Insertable<JobsTable> {
  return {
    id,
    selection,
    status: 'RUNNING',
    ...policy,
    processed: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    current_file: null,
    error: null,
    created_at: stamp,
    updated_at: stamp,
    finished_at: null,
  };
}

/** stored: written; skipped: the track is gone; dropped: the claim was lost or the job stopped (nothing written). */
export type CompleteResult = {
  readonly result: 'succeeded' | 'failed' | 'skipped' | 'dropped';
  readonly jobStatus: JobStatus | null;
  /** The job's counters as this completion left them (read in its transaction); null when dropped. */
  readonly counters: JobCounters | null;
};

/** A job's counters at one moment. */
export interface JobCounters {
  readonly total: number;
  readonly processed: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface NewJob {
  readonly id: string;
  readonly selection: string | null;
  readonly failurePolicy: JobRecord['failurePolicy'];
  readonly skipCurrent: boolean;
  /** Tracks to analyse (each must exist). */
  readonly trackIds: readonly number[];
  /** Files asked for, default trackIds.length; the ones without a track (deleted already) end as skipped. */
  readonly total?: number;
}

/** Rows per multi-row item insert (9 parameters each, within MAX_PARAMETERS). */
const ITEM_INSERT_ROWS = 1000;

const OPEN_STATES = ['PENDING', 'CLAIMED'];

/** A `datetime` value as this engine stores it: ms on SQLite, a Date (timestamptz) on PostgreSQL. */
function timestampValue(em: EntityManager, date: Date): number | Date {
  return isSqlite(em) ? date.getTime() : date;
}

export class JobRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  static #db(em: EntityManager): Kysely<JobDatabase> {
    return em.getKysely<JobDatabase>();
  }

  /** Inserts the job (RUNNING) and one PENDING item per track, in one transaction. */
  async create(job: NewJob): Promise<JobRecord> {
    const now = new Date();
    await this.#em.transactional(async (em) => {
      const db = JobRepository.#db(em);
      const stamp = timestampValue(em, now);
      await runQuery(
        em,
        db.insertInto('extraction_jobs').values(
          newJobRow(job.id, job.selection, stamp, {
            failure_mode: job.failurePolicy.mode,
            max_failures: job.failurePolicy.mode === 'abort' ? job.failurePolicy.maxFailures : null,
            skip_current: job.skipCurrent ? 1 : 0,
            total: job.total ?? job.trackIds.length,
          }),
        ),
      );
      let position = 0;
      for (const chunk of chunks(job.trackIds, ITEM_INSERT_ROWS)) {
        const values = chunk.map((trackId) => ({
          job_id: job.id,
          track_id: trackId,
          position: position++,
          state: 'PENDING',
          attempts: 0,
          analyses: 0,
          queued_at: now.getTime(),
        }));
        await runQuery(em, db.insertInto('extraction_job_items').values(values));
      }
      if (job.trackIds.length === 0) await JobRepository.#finishIfDone(em, job.id);
    });
    return (await this.get(job.id))!;
  }

  /**
   * Inserts a RUNNING job without items (a task this process runs itself, e.g. a similarity graph build,
   * `selection` naming it): no claim loop touches it; its owner reports with `setTaskProgress` and ends it
   * with `finishTask` or `fail`; `cancel` marks it CANCELLED as any job.
   */
  async createTask(job: { readonly id: string; readonly selection: string; readonly total: number }): Promise<JobRecord> {
    const stamp = timestampValue(this.#em, new Date());
    await runQuery(
      this.#em,
      JobRepository.#db(this.#em)
        .insertInto('extraction_jobs')
        .values(newJobRow(job.id, job.selection, stamp, { failure_mode: 'abort', max_failures: 1, skip_current: 0, total: job.total })),
    );
    return (await this.get(job.id))!;
  }

  /** A task's progress (processed = succeeded units) while it is RUNNING. Returns the job's status (CANCELLED: stop). */
  async setTaskProgress(id: string, processed: number, total: number): Promise<JobStatus | null> {
    const db = JobRepository.#db(this.#em);
    await runQuery(
      this.#em,
      db
        .updateTable('extraction_jobs')
        .set({ processed, succeeded: processed, total, updated_at: timestampValue(this.#em, new Date()) })
        .where('id', '=', id)
        .where('status', '=', 'RUNNING'),
    );
    const [row] = await selectRows(this.#em, db.selectFrom('extraction_jobs').select('status').where('id', '=', id));
    return row ? (row.status as JobStatus) : null;
  }

  /** Marks a RUNNING task COMPLETED. */
  async finishTask(id: string): Promise<void> {
    await this.#em.transactional((em) => JobRepository.#setStatus(em, id, 'COMPLETED', null));
  }

  /** The job, or null. */
  async get(id: string): Promise<JobRecord | null> {
    const [row] = await selectRows(this.#em, JobRepository.#db(this.#em).selectFrom('extraction_jobs').selectAll().where('id', '=', id));
    return row ? toRecord(row) : null;
  }

  /** The FAILED items of a job, in the order they failed. */
  async failures(id: string): Promise<JobFailureRecord[]> {
    const rows = await selectRows(
      this.#em,
      JobRepository.#db(this.#em)
        .selectFrom('extraction_job_items as i')
        .innerJoin('tracks as t', 't.id', 'i.track_id')
        .select(['i.track_id', 't.path', 'i.error_code', 'i.error_message'])
        .where('i.job_id', '=', id)
        .where('i.state', '=', 'FAILED')
        .orderBy('i.finished_at')
        .orderBy('i.position'),
    );
    return rows.map((row) => ({ trackId: row.track_id, path: row.path, code: row.error_code ?? 'ANALYSIS_FAILED', message: row.error_message ?? '' }));
  }

  /**
   * The most recent jobs, newest first (ties by id), at most `limit`; only those in `status` when given.
   * Jobs are few (one row per job, without an index on the creation time).
   */
  async recent(limit: number, status?: JobStatus): Promise<JobRecord[]> {
    let query = JobRepository.#db(this.#em).selectFrom('extraction_jobs').selectAll();
    if (status !== undefined) query = query.where('status', '=', status);
    const rows = await selectRows(this.#em, query.orderBy('created_at', 'desc').orderBy('id').limit(limit));
    return rows.map(toRecord);
  }

  /** The FAILED items of several jobs (one query per chunk), each job's in the order they failed; every id has an entry. */
  async failuresOf(ids: readonly string[]): Promise<Map<string, JobFailureRecord[]>> {
    const byJob = new Map<string, JobFailureRecord[]>(ids.map((id) => [id, []]));
    for (const chunk of chunks([...new Set(ids)], MAX_PARAMETERS)) {
      const rows = await selectRows(
        this.#em,
        JobRepository.#db(this.#em)
          .selectFrom('extraction_job_items as i')
          .innerJoin('tracks as t', 't.id', 'i.track_id')
          .select(['i.job_id', 'i.track_id', 't.path', 'i.error_code', 'i.error_message'])
          .where('i.job_id', 'in', chunk)
          .where('i.state', '=', 'FAILED')
          .orderBy('i.job_id')
          .orderBy('i.finished_at')
          .orderBy('i.position'),
      );
      for (const row of rows) {
        byJob.get(row.job_id)!.push({ trackId: row.track_id, path: row.path, code: row.error_code ?? 'ANALYSIS_FAILED', message: row.error_message ?? '' });
      }
    }
    return byJob;
  }

  /**
   * One keyset page of a job's FAILED items in the job's file order (`position`, 0-based): `after.id` is the
   * position of the last item of the previous page.
   */
  async failurePage(id: string, request: KeysetRequest): Promise<KeysetPage<JobFailureRecord & { readonly position: number }>> {
    const { first, after } = checkKeysetRequest(request);
    const db = JobRepository.#db(this.#em);
    let query = db
      .selectFrom('extraction_job_items as i')
      .innerJoin('tracks as t', 't.id', 'i.track_id')
      .select(['i.position', 'i.track_id', 't.path', 'i.error_code', 'i.error_message'])
      .where('i.job_id', '=', id)
      .where('i.state', '=', 'FAILED');
    if (after !== undefined) query = query.where('i.position', '>', after.id);
    const rows = await selectRows(this.#em, query.orderBy('i.position').limit(first + 1));
    return {
      nodes: rows.slice(0, first).map((row) => ({
        position: row.position,
        trackId: row.track_id,
        path: row.path,
        code: row.error_code ?? 'ANALYSIS_FAILED',
        message: row.error_message ?? '',
      })),
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const [row] = await selectRows(
          this.#em,
          db
            .selectFrom('extraction_job_items as i')
            .innerJoin('tracks as t', 't.id', 'i.track_id')
            .select((eb) => eb.fn.countAll<number | string>().as('count'))
            .where('i.job_id', '=', id)
            .where('i.state', '=', 'FAILED'),
        );
        return Number(row?.count ?? 0);
      },
    };
  }

  /** Marks a RUNNING job CANCELLED. Returns false when there is no such job (a finished one is left as it was). */
  async cancel(id: string): Promise<boolean> {
    return this.#em.transactional(async (em) => {
      const [row] = await selectRows(em, JobRepository.#db(em).selectFrom('extraction_jobs').select('status').where('id', '=', id));
      if (!row) return false;
      if (row.status === 'RUNNING') await JobRepository.#setStatus(em, id, 'CANCELLED', null);
      return true;
    });
  }

  /** Marks a RUNNING job FAILED with `error` (a fatal error, e.g. the database). */
  async fail(id: string, error: string): Promise<void> {
    await this.#em.transactional((em) => JobRepository.#setStatus(em, id, 'FAILED', error));
  }

  /**
   * Claims up to `limit` items for `workerId` until `now + leaseMs`: PENDING items of RUNNING jobs (of `jobId`
   * only, when given), or CLAIMED ones whose lease ran out, oldest job first, one item per track, never a
   * track another job holds an unexpired claim on. An item whose track was analysed (another job's item DONE)
   * after this job was created, or — in a MISSING / STALE / scan job — is CURRENT already, is counted as
   * succeeded without an analysis. Returns the items claimed.
   */
  async claim(workerId: string, options: { limit: number; leaseMs: number; jobId?: string }): Promise<ClaimedItem[]> {
    return this.#em.transactional(async (em) => {
      const db = JobRepository.#db(em);
      const now = Date.now();
      let query = db
        .selectFrom('extraction_job_items as i')
        .innerJoin('extraction_jobs as j', 'j.id', 'i.job_id')
        .innerJoin('tracks as t', 't.id', 'i.track_id')
        .select(['i.job_id', 'i.track_id', 't.path', 't.fingerprint_status', 'j.skip_current'])
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('extraction_job_items as d')
                .select('d.track_id')
                .whereRef('d.track_id', '=', 'i.track_id')
                .whereRef('d.job_id', '<>', 'i.job_id')
                .where('d.state', '=', 'DONE')
                .where('d.analyses', '>', 0)
                .whereRef('d.finished_at', '>=', 'i.queued_at'),
            )
            .as('shared'),
        )
        .where('j.status', '=', 'RUNNING')
        .where((eb) => eb.or([eb('i.state', '=', 'PENDING'), eb.and([eb('i.state', '=', 'CLAIMED'), eb('i.lease_until', '<', now)])]))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('extraction_job_items as o')
                .select('o.track_id')
                .whereRef('o.track_id', '=', 'i.track_id')
                .whereRef('o.job_id', '<>', 'i.job_id')
                .where('o.state', '=', 'CLAIMED')
                .where('o.lease_until', '>=', now),
            ),
          ),
        )
        .orderBy('i.queued_at')
        .orderBy('i.job_id')
        .orderBy('i.position')
        .limit(options.limit);
      if (options.jobId !== undefined) query = query.where('i.job_id', '=', options.jobId);
      // PostgreSQL: lock the item and track rows, skipping those another claimer holds. SQLite: the
      // transaction's BEGIN IMMEDIATE already serialises every writer.
      if (!isSqlite(em)) query = query.forUpdate(['i', 't']).skipLocked();
      const rows = await selectRows(em, query);
      const claimed: ClaimedItem[] = [];
      const seen = new Set<number>();
      const touched = new Set<string>();
      for (const row of rows) {
        if (seen.has(row.track_id)) continue;
        seen.add(row.track_id);
        const key = db.updateTable('extraction_job_items').where('job_id', '=', row.job_id).where('track_id', '=', row.track_id);
        if (Boolean(row.shared) || (row.skip_current === 1 && row.fingerprint_status === FingerprintStatus.CURRENT)) {
          await runQuery(em, key.set({ state: 'DONE', worker_id: workerId, lease_until: null, finished_at: now }));
          await JobRepository.#count(em, row.job_id, 'succeeded');
          touched.add(row.job_id);
          continue;
        }
        await runQuery(
          em,
          key.set((eb) => ({ state: 'CLAIMED', worker_id: workerId, lease_until: now + options.leaseMs, attempts: eb('attempts', '+', 1) })),
        );
        await runQuery(
          em,
          db.updateTable('extraction_jobs').set({ current_file: row.path, updated_at: timestampValue(em, new Date(now)) }).where('id', '=', row.job_id),
        );
        claimed.push({ jobId: row.job_id, trackId: row.track_id, path: row.path });
      }
      for (const jobId of touched) await JobRepository.#finishIfDone(em, jobId);
      return claimed;
    });
  }

  /**
   * Extends the lease of every item `workerId` holds to `now + leaseMs`. Returns the keys (`jobId:trackId`)
   * it still holds in RUNNING jobs; an item in flight that is not among them was taken over or its job stopped.
   */
  async heartbeat(workerId: string, leaseMs: number): Promise<Set<string>> {
    return this.#em.transactional(async (em) => {
      const db = JobRepository.#db(em);
      const now = Date.now();
      await runQuery(
        em,
        db.updateTable('extraction_job_items').set({ lease_until: now + leaseMs }).where('worker_id', '=', workerId).where('state', '=', 'CLAIMED'),
      );
      const rows = await selectRows(
        em,
        db
          .selectFrom('extraction_job_items as i')
          .innerJoin('extraction_jobs as j', 'j.id', 'i.job_id')
          .select(['i.job_id', 'i.track_id'])
          .where('i.worker_id', '=', workerId)
          .where('i.state', '=', 'CLAIMED')
          .where('j.status', '=', 'RUNNING'),
      );
      return new Set(rows.map((row) => `${row.job_id}:${row.track_id}`));
    });
  }

  /** Gives back the items `workerId` holds (PENDING again, for any worker): a clean stop. */
  async release(workerId: string, item?: { jobId: string; trackId: number }): Promise<number> {
    let query = JobRepository.#db(this.#em)
      .updateTable('extraction_job_items')
      .set({ state: 'PENDING', worker_id: null, lease_until: null })
      .where('worker_id', '=', workerId)
      .where('state', '=', 'CLAIMED');
    if (item) query = query.where('job_id', '=', item.jobId).where('track_id', '=', item.trackId);
    return (await runQuery(this.#em, query)).affected;
  }

  /**
   * Stores what `workerId` learnt about an item, in one transaction, only while it still holds the claim and
   * the job is RUNNING: the fingerprint (FingerprintRepository.upsert: status CURRENT) or status FAILED with
   * `lastError`, the item DONE / FAILED / SKIPPED and the job's counters; the job ends (COMPLETED, or ABORTED
   * by its failure policy) with its last item. The item's `analyses` counts every delivered analysis.
   */
  async complete(workerId: string, item: { jobId: string; trackId: number }, outcome: ItemOutcome): Promise<CompleteResult> {
    return this.#em.transactional(async (em) => {
      const db = JobRepository.#db(em);
      const now = Date.now();
      const key = db.updateTable('extraction_job_items').where('job_id', '=', item.jobId).where('track_id', '=', item.trackId);
      await runQuery(em, key.set((eb) => ({ analyses: eb('analyses', '+', 1) })));
      const [job] = await selectRows(em, db.selectFrom('extraction_jobs').select(['status', 'failed', 'failure_mode', 'max_failures']).where('id', '=', item.jobId));
      if (!job) return { result: 'dropped', jobStatus: null, counters: null };
      if (job.status !== 'RUNNING') return { result: 'dropped', jobStatus: job.status as JobStatus, counters: null };
      const [held] = await selectRows(
        em,
        db.selectFrom('extraction_job_items').select('state').where('job_id', '=', item.jobId).where('track_id', '=', item.trackId).where('worker_id', '=', workerId),
      );
      if (!held) {
        // The track was deleted (its item went with it): counted as skipped. Another worker's claim: dropped.
        const [other] = await selectRows(em, db.selectFrom('tracks').select('id').where('id', '=', item.trackId));
        if (other) return { result: 'dropped', jobStatus: 'RUNNING', counters: null };
        await JobRepository.#count(em, item.jobId, 'skipped');
        const counters = await JobRepository.#counters(em, item.jobId);
        return { result: 'skipped', jobStatus: await JobRepository.#finishIfDone(em, item.jobId), counters };
      }
      if (held.state !== 'CLAIMED') return { result: 'dropped', jobStatus: 'RUNNING', counters: null };
      let result: 'succeeded' | 'failed' | 'skipped';
      if (outcome.kind === 'succeeded') {
        try {
          await new FingerprintRepository(em).upsert({
            trackId: item.trackId,
            values: outcome.values,
            facts: outcome.facts,
            loudnessHistogram: outcome.loudnessHistogram,
            timbre: outcome.timbre,
          });
          result = 'succeeded';
        } catch (error) {
          if (!(error instanceof TrackNotFoundError)) throw error;
          result = 'skipped';
        }
      } else {
        result = (await new TrackRepository(em).setStatus(item.trackId, FingerprintStatus.FAILED, outcome.message)) > 0 ? 'failed' : 'skipped';
      }
      const state = result === 'succeeded' ? 'DONE' : result === 'failed' ? 'FAILED' : 'SKIPPED';
      await runQuery(
        em,
        key.set({
          state,
          lease_until: null,
          finished_at: now,
          error_code: outcome.kind === 'failed' ? outcome.code : null,
          error_message: outcome.kind === 'failed' ? outcome.message : null,
        }),
      );
      await JobRepository.#count(em, item.jobId, result);
      const counters = await JobRepository.#counters(em, item.jobId);
      if (result === 'failed' && job.failure_mode === 'abort' && job.failed + 1 >= (job.max_failures ?? 1)) {
        await JobRepository.#setStatus(em, item.jobId, 'ABORTED', null);
        return { result, jobStatus: 'ABORTED', counters };
      }
      return { result, jobStatus: await JobRepository.#finishIfDone(em, item.jobId), counters };
    });
  }

  /** Items PENDING or CLAIMED in RUNNING jobs (of `jobId` only, when given): work not finished yet. */
  async openItems(jobId?: string): Promise<number> {
    let query = JobRepository.#db(this.#em)
      .selectFrom('extraction_job_items as i')
      .innerJoin('extraction_jobs as j', 'j.id', 'i.job_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('j.status', '=', 'RUNNING')
      .where('i.state', 'in', OPEN_STATES);
    if (jobId !== undefined) query = query.where('i.job_id', '=', jobId);
    const [row] = await selectRows(this.#em, query);
    return Number(row?.n ?? 0);
  }

  /** Per track of a job: how many times it was claimed and how many analyses reached the database (tests, diagnostics). */
  async itemCounts(jobId: string): Promise<{ trackId: number; state: JobItemState; attempts: number; analyses: number }[]> {
    const rows = await selectRows(
      this.#em,
      JobRepository.#db(this.#em).selectFrom('extraction_job_items').select(['track_id', 'state', 'attempts', 'analyses']).where('job_id', '=', jobId).orderBy('position'),
    );
    return rows.map((row) => ({ trackId: row.track_id, state: row.state as JobItemState, attempts: row.attempts, analyses: row.analyses }));
  }

  static async #counters(em: EntityManager, jobId: string): Promise<JobCounters | null> {
    const [row] = await selectRows(
      em,
      JobRepository.#db(em).selectFrom('extraction_jobs').select(['total', 'processed', 'succeeded', 'failed', 'skipped']).where('id', '=', jobId),
    );
    return row ? { total: Number(row.total), processed: Number(row.processed), succeeded: Number(row.succeeded), failed: Number(row.failed), skipped: Number(row.skipped) } : null;
  }

  static async #count(em: EntityManager, jobId: string, column: 'succeeded' | 'failed' | 'skipped'): Promise<void> {
    await runQuery(
      em,
      JobRepository.#db(em)
        .updateTable('extraction_jobs')
        .set((eb) => ({ [column]: eb(column, '+', 1), processed: eb('processed', '+', 1), updated_at: timestampValue(em, new Date()) }))
        .where('id', '=', jobId)
        .where('status', '=', 'RUNNING'),
    );
  }

  static async #setStatus(em: EntityManager, jobId: string, status: JobStatus, error: string | null): Promise<void> {
    const now = timestampValue(em, new Date());
    await runQuery(
      em,
      JobRepository.#db(em)
        .updateTable('extraction_jobs')
        .set({ status, error, updated_at: now, finished_at: now })
        .where('id', '=', jobId)
        .where('status', '=', 'RUNNING'),
    );
  }

  /** COMPLETED once no item is open (tracks deleted meanwhile count as skipped). Returns the job's status. */
  static async #finishIfDone(em: EntityManager, jobId: string): Promise<JobStatus> {
    const db = JobRepository.#db(em);
    const [open] = await selectRows(
      em,
      db.selectFrom('extraction_job_items').select((eb) => eb.fn.countAll<number | string>().as('n')).where('job_id', '=', jobId).where('state', 'in', OPEN_STATES),
    );
    if (Number(open?.n ?? 0) > 0) return 'RUNNING';
    const now = timestampValue(em, new Date());
    await runQuery(
      em,
      db
        .updateTable('extraction_jobs')
        .set((eb) => ({
          status: 'COMPLETED',
          processed: eb.ref('total'),
          skipped: eb(eb('total', '-', eb.ref('succeeded')), '-', eb.ref('failed')),
          updated_at: now,
          finished_at: now,
        }))
        .where('id', '=', jobId)
        .where('status', '=', 'RUNNING'),
    );
    const [row] = await selectRows(em, db.selectFrom('extraction_jobs').select('status').where('id', '=', jobId));
    return (row?.status ?? 'COMPLETED') as JobStatus;
  }
}

function toRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    selection: row.selection,
    status: row.status as JobStatus,
    failurePolicy: row.failure_mode === 'abort' ? { mode: 'abort', maxFailures: row.max_failures ?? 1 } : { mode: 'continue' },
    skipCurrent: row.skip_current === 1,
    total: row.total,
    processed: row.processed,
    succeeded: row.succeeded,
    failed: row.failed,
    skipped: row.skipped,
    currentFile: row.current_file,
    error: row.error,
    createdAt: dateOf(row.created_at as unknown as number | Date),
    updatedAt: dateOf(row.updated_at as unknown as number | Date),
    finishedAt: row.finished_at === null ? null : dateOf(row.finished_at as unknown as number | Date),
  };
}
