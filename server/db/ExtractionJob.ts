import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Track } from './Track.ts';
import { Int64Type } from './portableTypes.ts';

/**
 * One extraction job (table `extraction_jobs`): what was asked for, where it stands and its counters. Jobs
 * live in the database, so a restarted server still answers `job(id)`, and every process on the database
 * (the server, `auralis worker`, `auralis scan` / `extract`) works on them. All SQL goes through
 * JobRepository (server/db/JobRepository.ts).
 */
export const ExtractionJob = defineEntity({
  name: 'ExtractionJob',
  tableName: 'extraction_jobs',
  properties: {
    /** A random UUID, as text. */
    id: p.text().primary(),
    /** MISSING / STALE / ALL; null when explicit track ids were given. */
    selection: p.text().nullable(),
    /** RUNNING / COMPLETED / CANCELLED / ABORTED / FAILED. */
    status: p.text().index('extraction_jobs_status_index'),
    /** `continue` or `abort`. */
    failureMode: p.text(),
    /** With `abort`: stop after this many failures (≥ 1); null with `continue`. */
    maxFailures: p.integer().nullable(),
    /** 1: an item whose track is already CURRENT when claimed is counted as succeeded without analysis (MISSING / STALE / scan jobs). */
    skipCurrent: p.integer(),
    total: p.integer(),
    /** succeeded + failed + skipped. */
    processed: p.integer(),
    succeeded: p.integer(),
    failed: p.integer(),
    /** Tracks deleted before their result could be stored. */
    skipped: p.integer(),
    /** Path of the file most recently claimed. */
    currentFile: p.text().nullable(),
    /** Why a FAILED job stopped. */
    error: p.text().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  },
});

export type ExtractionJob = InferEntity<typeof ExtractionJob>;

/**
 * One track of one job (table `extraction_job_items`, primary key (job_id, track_id), both foreign keys ON
 * DELETE CASCADE). `state` PENDING → CLAIMED (a worker holds it until `lease_until`) → DONE / FAILED /
 * SKIPPED. A claim whose lease ran out (its worker died) is claimed again. Times are ms since the epoch.
 */
export const ExtractionJobItem = defineEntity({
  name: 'ExtractionJobItem',
  tableName: 'extraction_job_items',
  properties: {
    job: () => p.manyToOne(ExtractionJob).primary().deleteRule('cascade').index('extraction_job_items_job_id_index'),
    track: () => p.manyToOne(Track).primary().deleteRule('cascade').index('extraction_job_items_track_id_index'),
    /** Order within the job (0-based). */
    position: p.integer(),
    /** PENDING / CLAIMED / DONE / FAILED / SKIPPED. */
    state: p.text(),
    /** The worker holding (or last holding) the claim. */
    workerId: p.text().nullable(),
    /** ms since the epoch at which the claim expires; null when not claimed. */
    leaseUntil: p.type(new Int64Type()).nullable(),
    /** Times the item was claimed. */
    attempts: p.integer(),
    /** Analyses whose result reached the database (stored or dropped); 1 once done, 0 when shared or skipped. */
    analyses: p.integer(),
    /** ms since the epoch when the job was created (a result stored for the track after this is shared). */
    queuedAt: p.type(new Int64Type()),
    /** ms since the epoch when the item reached DONE / FAILED / SKIPPED. */
    finishedAt: p.type(new Int64Type()).nullable(),
    /** The named error of a FAILED item. */
    errorCode: p.text().nullable(),
    errorMessage: p.text().nullable(),
  },
});

ExtractionJobItem.addIndex({ name: 'extraction_job_items_state_lease_until_index', properties: ['state', 'leaseUntil'] });

export type ExtractionJobItem = InferEntity<typeof ExtractionJobItem>;
