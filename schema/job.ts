/**
 * Extraction jobs: `startExtraction` (returns a job at once), `cancelJob`, `job(id)` and the subscription
 * `jobProgress(id)` (served over SSE by graphql-yoga: `Accept: text/event-stream`), all over
 * server/extraction/jobManager.ts. Jobs are stored in the database and analysed by any claiming process.
 */
import type { ExtractionFailure, ExtractionSelection, FailurePolicy } from '../server/extraction/extractor.ts';
import { type JobKind, type JobSnapshot, type JobStatus, MAX_JOB_LIST, MAX_JOB_TRACK_IDS } from '../server/extraction/jobManager.ts';
import { builder } from '../server/graphql/builder.ts';
import { trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import { keysetOf, parsePageArgs, toConnection } from '../server/graphql/pagination.ts';
import { type Payload, toPayload } from '../server/graphql/payload.ts';
import { AuralisError } from '../server/errors.ts';
import { TrackRef } from './track.ts';
import { UserError } from './userError.ts';

export const ExtractionSelectionEnum = builder.enumType('ExtractionSelection', {
  description: 'Which tracks an extraction job analyses when no track ids are given.',
  values: {
    MISSING: { value: 'MISSING', description: 'Tracks without a fingerprint (new ones, and failed ones that never had one).' },
    STALE: { value: 'STALE', description: 'Tracks whose file changed (status STALE) or whose fingerprint has an older version.' },
    ALL: { value: 'ALL', description: 'Every track.' },
  } satisfies Record<ExtractionSelection, { value: ExtractionSelection; description: string }>,
});

export const JobStatusEnum = builder.enumType('JobStatus', {
  description: 'Where a job stands.',
  values: {
    RUNNING: { value: 'RUNNING', description: 'Files are being analysed.' },
    COMPLETED: { value: 'COMPLETED', description: 'Every file was tried (some may have failed; see `failures`).' },
    CANCELLED: { value: 'CANCELLED', description: 'Stopped by `cancelJob`; files not reached keep their status.' },
    ABORTED: { value: 'ABORTED', description: 'Stopped by the failure policy after `maxFailures` failures.' },
    FAILED: { value: 'FAILED', description: 'Stopped by a fatal error (see `error`), e.g. the database failing.' },
  } satisfies Record<JobStatus, { value: JobStatus; description: string }>,
});

const FailurePolicyModeEnum = builder.enumType('FailurePolicyMode', {
  description: 'What an extraction job does when files fail.',
  values: {
    CONTINUE: { value: 'continue', description: 'Analyse every file whatever fails (the default).' },
    ABORT: { value: 'abort', description: 'Stop after `maxFailures` failed files.' },
  } as const,
});

const FailurePolicyInput = builder.inputType('FailurePolicyInput', {
  description: 'Failure policy of an extraction job.',
  fields: (t) => ({
    mode: t.field({ type: FailurePolicyModeEnum, required: true }),
    maxFailures: t.int({ description: 'With ABORT: stop after this many failures (≥ 1).' }),
  }),
});

const StartExtractionInput = builder.inputType('StartExtractionInput', {
  description: 'What to extract: explicit `trackIds`, or a `selection` (default MISSING).',
  fields: (t) => ({
    selection: t.field({ type: ExtractionSelectionEnum }),
    trackIds: t.idList({
      description: `Global IDs of tracks (at most ${MAX_JOB_TRACK_IDS}, else TOO_MANY_TRACK_IDS); when given, \`selection\` must be absent.`,
    }),
    failurePolicy: t.field({ type: FailurePolicyInput }),
  }),
});

const JobFailureRef = builder.objectRef<ExtractionFailure>('JobFailure').implement({
  description: 'One file a job could not analyse (the track is FAILED with `lastError`).',
  fields: (t) => ({
    track: t.field({
      type: TrackRef,
      nullable: true,
      description: 'The track, null if it was deleted since.',
      resolve: (failure, _args, context) => context.loaders.track.load(failure.trackId),
    }),
    path: t.exposeString('path'),
    code: t.exposeString('code', { description: 'The named error, e.g. UNREADABLE_FILE, TOO_SHORT, DECODE_TIMEOUT.' }),
    message: t.exposeString('message'),
  }),
});

export const JobKindEnum = builder.enumType('JobKind', {
  description: 'What a job does.',
  values: {
    EXTRACTION: { value: 'EXTRACTION', description: 'Analyses files (`startExtraction`, `scanLibraryRoot`); counters count files.' },
    SIMILARITY_GRAPH: {
      value: 'SIMILARITY_GRAPH',
      description: 'Computes the kNN similarity graph (`buildSimilarityGraph`); counters count tracks, `selection` is null.',
    },
    LIBRARY_MAP: {
      value: 'LIBRARY_MAP',
      description: 'Computes the library map (`buildLibraryMap`); counters count steps (the neighbour graph, then each UMAP epoch), `selection` is null.',
    },
  } satisfies Record<JobKind, { value: JobKind; description: string }>,
});

export const JobRef = builder.objectRef<JobSnapshot>('Job').implement({
  description: 'An extraction job (stored in the database) and its progress at the moment it was read.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: JobKindEnum, resolve: (job) => job.kind }),
    status: t.field({ type: JobStatusEnum, resolve: (job) => job.status }),
    selection: t.field({ type: ExtractionSelectionEnum, nullable: true, resolve: (job) => job.selection }),
    processed: t.exposeInt('processed', { description: 'Files finished: succeeded + failed + skipped.' }),
    total: t.exposeInt('total', { description: 'Files to analyse.' }),
    succeeded: t.exposeInt('succeeded'),
    failed: t.exposeInt('failed'),
    skipped: t.exposeInt('skipped', { description: 'Tracks deleted before their result could be stored.' }),
    currentFile: t.exposeString('currentFile', { nullable: true, description: 'Path of the file most recently started.' }),
    rate: t.exposeFloat('rate', { description: 'Files per second since the start.' }),
    etaSeconds: t.exposeFloat('etaSeconds', { nullable: true, description: 'Seconds left at the current rate.' }),
    failures: t.field({
      type: [JobFailureRef],
      description: 'Every failed file, in the order they failed (all at once: for a large job, page with `failurePage`).',
      resolve: (job, _args, context) => (job.failed > 0 ? context.loaders.jobFailures.load(job.id) : []),
    }),
    failurePage: t.connection(
      {
        type: JobFailureRef,
        description: 'The failed files in the job\'s file order, a page at a time (keyset cursors).',
        resolve: async (job, args, context) => {
          const page = parsePageArgs(args);
          return toConnection(await context.jobs.failurePage(job.id, keysetOf(page)), page, (failure) => [failure.position]);
        },
      },
      {
        name: 'JobFailureConnection',
        fields: (c) => ({
          totalCount: c.int({ description: 'All failed files of the job, not only this page.', resolve: (conn) => conn.totalCount() }),
        }),
      },
    ),
    error: t.exposeString('error', { nullable: true, description: 'Why a FAILED job stopped.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (job) => job.createdAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.finishedAt }),
  }),
});

/** A `{job, userErrors}` payload type (startExtraction, cancelJob, buildSimilarityGraph). */
export const JobPayload = (name: string, description: string) =>
  builder.objectRef<Payload<{ job: JobSnapshot | null }>>(name).implement({
    description,
    fields: (t) => ({
      job: t.field({ type: JobRef, nullable: true, resolve: (payload) => payload.job ?? null }),
      userErrors: t.field({ type: [UserError], resolve: (payload) => [...payload.userErrors] }),
    }),
  });

const StartExtractionPayload = JobPayload('StartExtractionPayload', 'The job just started (RUNNING); bad input is in `userErrors`.');
const CancelJobPayload = JobPayload('CancelJobPayload', 'The job after it stopped (CANCELLED, or its end state if it had finished).');

/** The checked input of startExtraction. */
function extractionOptions(input: {
  selection?: ExtractionSelection | null;
  trackIds?: readonly (string | number)[] | null;
  failurePolicy?: { mode: 'continue' | 'abort'; maxFailures?: number | null } | null;
}): { selection?: ExtractionSelection; trackIds?: number[]; failurePolicy?: FailurePolicy } {
  if (input.trackIds != null && input.selection != null) {
    throw new AuralisError('INVALID_EXTRACTION', 'expected either `trackIds` or `selection`, received both', {
      field: ['input', 'selection'],
    });
  }
  const options: { selection?: ExtractionSelection; trackIds?: number[]; failurePolicy?: FailurePolicy } = {};
  if (input.trackIds != null) {
    options.trackIds = input.trackIds.map((id, index) => trackIdFromGlobalId(String(id), ['input', 'trackIds', String(index)]));
  } else {
    options.selection = input.selection ?? 'MISSING';
  }
  const policy = input.failurePolicy;
  if (policy != null) {
    if (policy.mode === 'abort') {
      const max = policy.maxFailures;
      if (max == null || !Number.isInteger(max) || max < 1) {
        throw new AuralisError('INVALID_EXTRACTION', `maxFailures: expected a positive integer with ABORT, received ${String(max)}`, {
          field: ['input', 'failurePolicy', 'maxFailures'],
        });
      }
      options.failurePolicy = { mode: 'abort', maxFailures: max };
    } else {
      options.failurePolicy = { mode: 'continue' };
    }
  }
  return options;
}

builder.queryFields((t) => ({
  jobs: t.field({
    type: [JobRef],
    description:
      `The most recent jobs (extraction and similarity graph, of every process on the database), newest first; only those in \`status\` when given. At most ${MAX_JOB_LIST}.`,
    args: {
      first: t.arg.int({ defaultValue: 10, description: `How many, 1…${MAX_JOB_LIST}.` }),
      status: t.arg({ type: JobStatusEnum }),
    },
    resolve: (_root, args, context) => context.jobs.list(args.first ?? 10, args.status ?? undefined),
  }),
  job: t.field({
    type: JobRef,
    nullable: true,
    description: 'An extraction job, read from the database (it survives restarts, and shows the work of every server and `auralis worker`); null when unknown.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.jobs.get(String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  startExtraction: t.field({
    type: StartExtractionPayload,
    description:
      'Starts a background extraction job and returns it at once (RUNNING). The job is stored in the database; ' +
      'this server (unless started with `--no-worker`) and any `auralis worker` on the database analyse its files. Follow it with `job(id)` or ' +
      '`jobProgress(id)`. Each file is stored as CURRENT, or FAILED with `lastError`. A file another job (or ' +
      '`extractFingerprint`) is analysing is not analysed twice: the job waits for that analysis. With no ' +
      'library root, NO_LIBRARY_ROOTS and no track changes.',
    args: { input: t.arg({ type: StartExtractionInput, required: true }) },
    resolve: (_root, args, context) =>
      toPayload(async () => ({ job: await context.jobs.startExtraction(extractionOptions(args.input)) })),
  }),
  cancelJob: t.field({
    type: CancelJobPayload,
    description: 'Cancels a running job and waits until it has stopped (files in flight are abandoned, their ffmpeg killed).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => toPayload(async () => ({ job: await context.jobs.cancel(String(args.id)) })),
  }),
}));

builder.subscriptionType({
  description: 'Live updates, over Server-Sent Events (`Accept: text/event-stream`).',
});

builder.subscriptionFields((t) => ({
  jobProgress: t.field({
    type: JobRef,
    description:
      'The job now, then after every finished file, until it ends (the last event has its final status). Files ' +
      'finished by any process on the database count (read from the job row every 300 ms).',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, args, context) => context.jobs.progress(String(args.id)),
    resolve: (job: JobSnapshot) => job,
  }),
}));
