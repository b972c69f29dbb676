/** `Track` (a Relay node), its queries (`track`, `tracks`, `tracksMissingFingerprint`) and mutations. */
import type { FingerprintStatus } from '../server/db/fingerprintStatus.ts';
import { builder } from '../server/graphql/builder.ts';
import { encodeGlobalId, trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import { keysetOf, parsePageArgs, toConnection } from '../server/graphql/pagination.ts';
import { type Payload, toPayload } from '../server/graphql/payload.ts';
import { MAX_FILTER_TEXT_LENGTH } from '../server/library/trackService.ts';
import { TRACK_ORDER_FIELDS, type TrackOrderField, type TrackRecord } from '../server/db/TrackRepository.ts';
import { FingerprintRef } from './fingerprintRef.ts';
import { UserError } from './userError.ts';

export const FingerprintStatusEnum = builder.enumType('FingerprintStatus', {
  description: 'Where a track stands with its fingerprint.',
  values: {
    MISSING: { value: 'MISSING', description: 'No fingerprint yet.' },
    CURRENT: { value: 'CURRENT', description: 'A fingerprint of the current FINGERPRINT_VERSION.' },
    STALE: { value: 'STALE', description: 'A fingerprint of an older version; re-extract it.' },
    FAILED: { value: 'FAILED', description: 'The last analysis failed; see `lastError`.' },
  } satisfies Record<FingerprintStatus, { value: FingerprintStatus; description: string }>,
});

export const TrackRef = builder.objectRef<TrackRecord>('Track');

builder.node(TrackRef, {
  description: 'One audio file of the library: its tags, format facts and fingerprint.',
  id: { resolve: (track) => track.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'path' in value && 'fingerprintStatus' in value,
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.track.load(Number(id)))),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The integer primary key (`tracks.id`).' }),
    path: t.exposeString('path', { description: 'Absolute path of the file.' }),
    title: t.exposeString('title', { nullable: true }),
    artist: t.exposeString('artist', { nullable: true }),
    album: t.exposeString('album', { nullable: true }),
    albumArtist: t.exposeString('albumArtist', { nullable: true }),
    trackNumber: t.exposeInt('trackNumber', { nullable: true }),
    discNumber: t.exposeInt('discNumber', { nullable: true }),
    year: t.exposeInt('year', { nullable: true }),
    genre: t.exposeString('genre', { nullable: true }),
    durationSeconds: t.float({
      nullable: true,
      description: 'Duration in seconds.',
      resolve: (track) => (track.durationSeconds == null ? null : Number(track.durationSeconds)),
    }),
    sampleRate: t.exposeInt('sampleRate', { nullable: true, description: 'Native sample rate in Hz.' }),
    channels: t.exposeInt('channels', { nullable: true }),
    codec: t.exposeString('codec', { nullable: true }),
    bitrate: t.exposeInt('bitrate', { nullable: true, description: 'Average bit rate in bits per second.' }),
    fileSize: t.exposeFloat('fileSize', { nullable: true, description: 'Bytes.' }),
    fileModifiedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Modification time of the file when it was added or last scanned.',
      resolve: (track) => (track.fileMtime == null ? null : new Date(track.fileMtime)),
    }),
    audioUrl: t.string({
      description:
        'Where to play the file: `/audio/<databaseId>`, relative to the server (HTTP Range on the original; `?format=opus|mp3|raw`, `?maxBitRate=` kbit/s, `?t=` seconds for transcodes; with AURALIS_API_TOKEN add `Authorization: Bearer` or `?token=`).',
      resolve: (track) => `/audio/${track.id}`,
    }),
    coverUrl: t.string({
      nullable: true,
      description:
        'Where to get the cover art: `/cover/<databaseId>` (`?size=` pixels, `?format=jpeg|png|webp`). Given for every track, since knowing would cost a file read: a track without a picture answers 404 NO_COVER_ART.',
      resolve: (track) => `/cover/${track.id}`,
    }),
    fingerprintStatus: t.field({ type: FingerprintStatusEnum, resolve: (track) => track.fingerprintStatus }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last analysis failed.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (track) => track.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (track) => track.updatedAt }),
    fingerprint: t.field({
      type: FingerprintRef,
      nullable: true,
      description: 'The 25-dimension fingerprint, or null when none is stored (batched per request).',
      resolve: (track, _args, context) => context.loaders.fingerprintByTrackId.load(track.id),
    }),
  }),
});

const TrackWhere = builder.inputType('TrackWhere', {
  description: 'Track filters; all given ones must hold.',
  fields: (t) => ({
    search: t.string({ description: `Case-insensitive substring of title, artist, album or path; at most ${MAX_FILTER_TEXT_LENGTH} characters.` }),
    artist: t.string({ description: `Exact artist tag; at most ${MAX_FILTER_TEXT_LENGTH} characters.` }),
    album: t.string({ description: `Exact album tag; at most ${MAX_FILTER_TEXT_LENGTH} characters.` }),
    fingerprintStatus: t.field({ type: FingerprintStatusEnum }),
  }),
});

const TrackOrderFieldEnum = builder.enumType('TrackOrderField', {
  values: Object.fromEntries(
    TRACK_ORDER_FIELDS.map((field) => [field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(), { value: field }]),
  ) as Record<string, { value: TrackOrderField }>,
});

const OrderDirectionEnum = builder.enumType('OrderDirection', {
  values: { ASC: { value: 'asc' as const }, DESC: { value: 'desc' as const } },
});

const TrackOrder = builder.inputType('TrackOrder', {
  description: 'Sort order; ties (and NULLs, which sort first ascending) are broken by id in the same direction.',
  fields: (t) => ({
    field: t.field({ type: TrackOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, defaultValue: 'asc' }),
  }),
});

builder.queryFields((t) => ({
  track: t.field({
    type: TrackRef,
    nullable: true,
    description: 'A track by its global ID, or null when there is none.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.loaders.track.load(trackIdFromGlobalId(String(args.id))),
  }),
  tracks: t.connection(
    {
      type: TrackRef,
      description: 'Tracks, filtered and ordered; at most 500 per page (`first`, default 50).',
      args: {
        where: t.arg({ type: TrackWhere }),
        orderBy: t.arg({ type: TrackOrder }),
      },
      resolve: async (_root, args, context) => {
        const page = parsePageArgs(args);
        const order = { field: args.orderBy?.field ?? 'id', direction: args.orderBy?.direction ?? 'asc' } as const;
        const result = await context.tracks.list(args.where ?? {}, order, keysetOf(page));
        for (const track of result.nodes) context.loaders.track.prime(track.id, track);
        return toConnection(result, page, (track) => (order.field === 'id' ? [track.id] : [track[order.field] ?? null, track.id]));
      },
    },
    {
      name: 'TrackConnection',
      fields: (c) => ({
        totalCount: c.int({ description: 'All matching tracks, not only this page.', resolve: (conn) => conn.totalCount() }),
      }),
    },
  ),
  tracksMissingFingerprint: t.connection(
    {
      type: TrackRef,
      description: 'Tracks that have no fingerprint row yet, by id.',
      resolve: async (_root, args, context) => {
        const page = parsePageArgs(args);
        return toConnection(await context.tracks.missing(keysetOf(page)), page, (track) => [track.id]);
      },
    },
    {
      name: 'MissingFingerprintConnection',
      fields: (c) => ({
        totalCount: c.int({ description: 'All tracks without a fingerprint.', resolve: (conn) => conn.totalCount() }),
      }),
    },
  ),
}));

const TrackPayload = (name: string, description: string) =>
  builder
    .objectRef<Payload<{ track: TrackRecord | null }>>(name)
    .implement({
      description,
      fields: (t) => ({
        track: t.field({ type: TrackRef, nullable: true, resolve: (p) => p.track ?? null }),
        userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
      }),
    });

const AddTrackPayload = TrackPayload('AddTrackPayload', 'The added track, or why it was not added.');
const UpdateTrackPayload = TrackPayload('UpdateTrackPayload', 'The updated track, or why it was not updated.');

const DeleteTrackPayload = builder
  .objectRef<Payload<{ deletedTrackId: number }>>('DeleteTrackPayload')
  .implement({
    fields: (t) => ({
      deletedTrackId: t.id({
        nullable: true,
        description: 'Global ID of the deleted track.',
        resolve: (p) => (p.deletedTrackId === undefined ? null : encodeGlobalId('Track', p.deletedTrackId)),
      }),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });

const TrackTagsInput = builder.inputType('TrackTagsInput', {
  description: 'Tags to change: an absent field stays, null (or an empty string) clears it.',
  fields: (t) => ({
    title: t.string(),
    artist: t.string(),
    album: t.string(),
    albumArtist: t.string(),
    trackNumber: t.int(),
    discNumber: t.int(),
    year: t.int(),
    genre: t.string(),
  }),
});

builder.mutationFields((t) => ({
  addTrack: t.field({
    type: AddTrackPayload,
    description: 'Adds a file (inside AURALIS_LIBRARY_ROOTS) with its tags and format facts; status MISSING.',
    args: { path: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => toPayload(async () => ({ track: await context.tracks.add(args.path) })),
  }),
  updateTrack: t.field({
    type: UpdateTrackPayload,
    description: 'Edits tags of a track.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TrackTagsInput, required: true }) },
    resolve: (_root, args, context) =>
      toPayload(async () => {
        const id = trackIdFromGlobalId(String(args.id));
        const track = await context.tracks.update(id, args.input);
        context.loaders.forget(id);
        return { track };
      }),
  }),
  deleteTrack: t.field({
    type: DeleteTrackPayload,
    description: 'Deletes a track and its fingerprint (the file is not touched).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      toPayload(async () => {
        const deletedTrackId = await context.tracks.delete(trackIdFromGlobalId(String(args.id)));
        context.loaders.forget(deletedTrackId);
        return { deletedTrackId };
      }),
  }),
}));
