/**
 * `scanLibraryRoot`: scan a folder inside the library roots from GraphQL (what `auralis scan` does), then
 * start the extraction of its new and changed files as a job. Thin resolver over
 * server/library/libraryScanService.ts and server/extraction/jobManager.ts.
 */
import type { JobSnapshot } from '../server/extraction/jobManager.ts';
import { builder } from '../server/graphql/builder.ts';
import { type Payload, toPayload } from '../server/graphql/payload.ts';
import {
  DEFAULT_SCAN_SECONDS,
  type LibraryScanReport,
  MAX_REPORTED_PROBLEMS,
  MAX_SCAN_SECONDS,
  type ScanTagError,
} from '../server/library/libraryScanService.ts';
import type { SkippedEntry, SkipReason } from '../server/library/scanner.ts';
import { JobRef } from './job.ts';
import { TrackRef } from './track.ts';
import { UserError } from './userError.ts';

const ScanSkipReasonEnum = builder.enumType('ScanSkipReason', {
  description: 'Why a scan left an entry out.',
  values: {
    SPECIAL_FILE: { value: 'special-file', description: 'A FIFO, socket or device (or a symlink to one).' },
    UNREADABLE_FOLDER: { value: 'unreadable-folder', description: 'A folder that could not be listed (permissions).' },
    BROKEN_SYMLINK: { value: 'broken-symlink', description: 'A symlink whose target does not exist.' },
    SYMLINK_OUTSIDE_ROOT: { value: 'symlink-outside-root', description: 'A symlink leading out of the scanned folder.' },
    VANISHED: { value: 'vanished', description: 'A file deleted while the scan ran.' },
    NOT_A_FILE: { value: 'not-a-file', description: 'A path that stopped being a regular file while the scan ran.' },
  } satisfies Record<string, { value: SkipReason; description: string }>,
});

const ScanSkippedEntryRef = builder.objectRef<SkippedEntry>('ScanSkippedEntry').implement({
  description: 'An entry a scan left out, with why.',
  fields: (t) => ({
    path: t.exposeString('path'),
    reason: t.field({ type: ScanSkipReasonEnum, resolve: (entry) => entry.reason }),
    message: t.exposeString('message', { description: 'One line, e.g. "`/music/x.wav`: FIFO skipped, expected a regular file".' }),
  }),
});

const ScanTagErrorRef = builder.objectRef<ScanTagError>('ScanTagError').implement({
  description: 'A file added without tags because its headers could not be read (its extraction says whether it decodes).',
  fields: (t) => ({
    track: t.field({
      type: TrackRef,
      nullable: true,
      description: 'The track, null if it was deleted since.',
      resolve: (entry, _args, context) => context.loaders.track.load(entry.trackId),
    }),
    path: t.exposeString('path'),
    message: t.exposeString('message'),
  }),
});

const LibraryScanRef = builder.objectRef<LibraryScanReport>('LibraryScan').implement({
  description: 'What one `scanLibraryRoot` call did (file counts are audio files, each real path once).',
  fields: (t) => ({
    root: t.exposeString('root', { description: 'Absolute real path of the folder scanned.' }),
    complete: t.exposeBoolean('complete', {
      description: 'False when `maxSeconds` ran out (or the client went away) before the walk ended: call again to go on.',
    }),
    files: t.exposeInt('files', { description: 'Audio files met in this call.' }),
    added: t.exposeInt('added'),
    updated: t.exposeInt('updated', { description: 'Files whose size or modification time changed.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Files with the stored size and modification time (not read).' }),
    stale: t.exposeInt('stale', { description: 'Updated files whose fingerprint became STALE.' }),
    gone: t.exposeInt('gone', {
      description: 'Stored tracks below the folder whose file is no longer there (kept, not deleted); 0 when not complete.',
    }),
    warnings: t.exposeInt('warnings', { description: 'Skipped entries plus files added without tags, all counted.' }),
    skipped: t.field({
      type: [ScanSkippedEntryRef],
      description: `Entries left out, with why (the first ${MAX_REPORTED_PROBLEMS}).`,
      resolve: (scan) => [...scan.skipped],
    }),
    tagErrors: t.field({
      type: [ScanTagErrorRef],
      description: `Files added without tags (the first ${MAX_REPORTED_PROBLEMS}).`,
      resolve: (scan) => [...scan.tagErrors],
    }),
    toExtract: t.int({
      description: 'Scanned tracks whose fingerprint is MISSING or STALE (what the extraction job analyses).',
      resolve: (scan) => scan.toExtract.length,
    }),
    elapsedSeconds: t.exposeFloat('elapsedSeconds', { description: 'Wall time of this call, in seconds.' }),
  }),
});

const ScanLibraryRootPayload = builder
  .objectRef<Payload<{ scan: LibraryScanReport; job: JobSnapshot | null }>>('ScanLibraryRootPayload')
  .implement({
    description: 'The scan, and the extraction job of its files when one was started; bad input is in `userErrors`.',
    fields: (t) => ({
      scan: t.field({ type: LibraryScanRef, nullable: true, resolve: (payload) => payload.scan ?? null }),
      job: t.field({
        type: JobRef,
        nullable: true,
        description: 'The extraction of the scanned MISSING / STALE files (RUNNING); null when `extract` is false, the scan is not complete, or nothing needs analysis.',
        resolve: (payload) => payload.job ?? null,
      }),
      userErrors: t.field({ type: [UserError], resolve: (payload) => [...payload.userErrors] }),
    }),
  });

builder.mutationField('scanLibraryRoot', (t) =>
  t.field({
    type: ScanLibraryRootPayload,
    description:
      'Scans a library root (or a folder below one) as `auralis scan` does: adds new audio files with their tags, ' +
      'updates changed ones (a fingerprint becomes STALE), counts stored tracks whose file is gone; then, when the ' +
      'scan is complete and `extract` is true, starts one extraction job of the files to analyse (follow it with ' +
      '`jobProgress`). The scan runs during the request, for at most `maxSeconds` of file reading: then it stops ' +
      'with `complete: false`, and the next call goes on where it stopped (stored files are only compared). A path ' +
      'outside the roots is PATH_OUTSIDE_LIBRARY; with no root, NO_LIBRARY_ROOTS; a missing folder FOLDER_NOT_FOUND.',
    args: {
      path: t.arg.string({ required: true, description: 'Absolute path, or relative to the first root.' }),
      extract: t.arg.boolean({ defaultValue: true, description: 'Start the extraction job after a complete scan.' }),
      maxSeconds: t.arg.float({
        defaultValue: DEFAULT_SCAN_SECONDS,
        description: `Time budget of this call in seconds, in (0, ${MAX_SCAN_SECONDS}]; at least one new or changed file is always read.`,
      }),
    },
    resolve: (_root, args, context) =>
      toPayload(async () => {
        const scan = await context.scans.scanRoot(args.path, { maxSeconds: args.maxSeconds, signal: context.signal });
        const extract = args.extract !== false && scan.complete && scan.toExtract.length > 0;
        return { scan, job: extract ? await context.jobs.startScanExtraction(scan.toExtract) : null };
      }),
  }),
);
