/**
 * `TrackFingerprint` (the 25 dimensions, generated from the catalogue), its range query `fingerprints`, and
 * the mutations `upsertFingerprint`, `deleteFingerprint`, `extractFingerprint`.
 */
import type { FingerprintRecord } from '../server/db/FingerprintRepository.ts';
import type { TrackRecord } from '../server/db/TrackRepository.ts';
import {
  DIMENSION_GROUPS,
  DIMENSIONS,
  toGroups,
  toVector,
  type DimensionGroup,
  type FingerprintValues,
} from '../server/fingerprint/dimensions.ts';
import { builder } from '../server/graphql/builder.ts';
import { trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import { keysetOf, parsePageArgs, toConnection } from '../server/graphql/pagination.ts';
import { type Payload, toPayload, toUserError } from '../server/graphql/payload.ts';
import { MAX_FILTER_TEXT_LENGTH } from '../server/library/trackService.ts';
import { FingerprintRef } from './fingerprintRef.ts';
import { FingerprintWhere } from './fingerprintWhere.ts';
import { TrackRef } from './track.ts';
import { UserError } from './userError.ts';

/** Group name → its object type name: `frequency` → `FrequencyDimensions`. */
function groupTypeName(group: DimensionGroup): string {
  return `${group[0].toUpperCase()}${group.slice(1)}Dimensions`;
}

const dimensionDoc = (d: (typeof DIMENSIONS)[number]) => `${d.description} Unit: ${d.unit}.`;

const GroupRefs = Object.fromEntries(
  DIMENSION_GROUPS.map((group) => [
    group,
    builder.objectRef<Partial<FingerprintValues>>(groupTypeName(group)).implement({
      description: `The ${group} dimensions of a fingerprint.`,
      fields: (t) =>
        Object.fromEntries(
          DIMENSIONS.filter((d) => d.group === group).map((d) => [
            d.key,
            t.float({ description: dimensionDoc(d), resolve: (values) => values[d.key]! }),
          ]),
        ),
    }),
  ]),
) as Record<DimensionGroup, ReturnType<typeof builder.objectRef<Partial<FingerprintValues>>>>;

const FingerprintGroups = builder.objectRef<Record<DimensionGroup, Partial<FingerprintValues>>>('FingerprintGroups').implement({
  description: 'The 25 values split into the seven categories.',
  fields: (t) =>
    Object.fromEntries(
      DIMENSION_GROUPS.map((group) => [group, t.field({ type: GroupRefs[group], resolve: (groups) => groups[group] })]),
    ),
});

FingerprintRef.implement({
  description: 'The 25-dimension acoustic fingerprint of one track, in physical units (SPEC-fingerprint.md).',
  fields: (t) => ({
    ...Object.fromEntries(
      DIMENSIONS.map((d) => [d.key, t.float({ description: dimensionDoc(d), resolve: (fp) => Number(fp[d.key]) })]),
    ),
    vector: t.floatList({
      description: 'The 25 values in spec order (the order of `fingerprintDimensions`).',
      resolve: (fp) => toVector(fp as unknown as FingerprintValues),
    }),
    groups: t.field({ type: FingerprintGroups, resolve: (fp) => toGroups(fp as unknown as FingerprintValues) }),
    timbre: t.floatList({
      nullable: true,
      description:
        'Timbre beside the 25 (not part of the default distance): the means of the MFCCs c1…c13 over the non-silent ' +
        'frames, then their standard deviations (26 values; natural-log mel band power, 40 HTK bands 20 Hz–16 kHz, ' +
        'orthonormal DCT-II, c0 left out). Null when the fingerprint was stored without them.',
      resolve: (fp) => (fp.timbre === null ? null : [...fp.timbre]),
    }),
    version: t.int({
      description: 'FINGERPRINT_VERSION that produced the values; below the current one means STALE.',
      resolve: (fp) => fp.fingerprintVersion,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (fp) => fp.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (fp) => fp.updatedAt }),
    track: t.field({
      type: TrackRef,
      description: 'The track this fingerprint belongs to (batched per request).',
      resolve: async (fp, _args, context) => (await context.loaders.track.load(fp.trackId))!,
    }),
  }),
});

builder.queryField('fingerprints', (t) =>
  t.connection(
    {
      type: FingerprintRef,
      description:
        'Fingerprints matching a range filter and a text search, ordered by track id; at most 500 per page. Example: ' +
        '`where: {lufs: {gte: -14, lte: -10}, tempoBpm: {gte: 118, lte: 122}}, search: "live"`.',
      args: {
        where: t.arg({ type: FingerprintWhere }),
        search: t.arg.string({
          description: `Only tracks matching this text, as \`tracks(where: {search})\`: case-insensitive substring of title, artist, album or path; at most ${MAX_FILTER_TEXT_LENGTH} characters.`,
        }),
      },
      resolve: async (_root, args, context) => {
        const page = parsePageArgs(args);
        const result = await context.fingerprints.search(args.where, keysetOf(page), args.search);
        for (const fingerprint of result.nodes) context.loaders.fingerprintByTrackId.prime(fingerprint.trackId, fingerprint);
        return toConnection(result, page, (fingerprint) => [fingerprint.trackId]);
      },
    },
    {
      name: 'FingerprintConnection',
      fields: (c) => ({
        totalCount: c.int({ description: 'All matching fingerprints, not only this page.', resolve: (conn) => conn.totalCount() }),
      }),
    },
  ),
);

export const FingerprintValuesInput = builder.inputType('FingerprintValuesInput', {
  description: 'All 25 values of a fingerprint, in physical units, e.g. from another Auralis instance.',
  fields: (t) =>
    Object.fromEntries(DIMENSIONS.map((d) => [d.key, t.float({ required: true, description: dimensionDoc(d) })])),
});

type FingerprintPayloadShape = Payload<{ track: TrackRecord | null; fingerprint: FingerprintRecord | null; extracted: boolean }>;

function fingerprintPayload(name: string, description: string, withExtracted = false) {
  return builder.objectRef<FingerprintPayloadShape>(name).implement({
    description,
    fields: (t) => ({
      track: t.field({ type: TrackRef, nullable: true, resolve: (p) => p.track ?? null }),
      fingerprint: t.field({ type: FingerprintRef, nullable: true, resolve: (p) => p.fingerprint ?? null }),
      ...(withExtracted
        ? {
            extracted: t.boolean({
              description: 'True when the file was analysed by this call (false: already CURRENT, or it failed).',
              resolve: (p) => p.extracted ?? false,
            }),
          }
        : {}),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });
}

const UpsertFingerprintPayload = fingerprintPayload('UpsertFingerprintPayload', 'The stored fingerprint, or why it was refused.');
const DeleteFingerprintPayload = fingerprintPayload('DeleteFingerprintPayload', 'The track (now MISSING), or why nothing was deleted.');
const ExtractFingerprintPayload = fingerprintPayload(
  'ExtractFingerprintPayload',
  'The track with its new status (CURRENT or FAILED) and fingerprint; a failed analysis is in `userErrors`.',
  true,
);

builder.mutationFields((t) => ({
  upsertFingerprint: t.field({
    type: UpsertFingerprintPayload,
    description: 'Imports the 25 values as the track’s CURRENT fingerprint (replacing any previous one).',
    args: {
      trackId: t.arg.id({ required: true }),
      values: t.arg({ type: FingerprintValuesInput, required: true }),
    },
    resolve: (_root, args, context) =>
      toPayload(async () => {
        const trackId = trackIdFromGlobalId(String(args.trackId), ['trackId']);
        const fingerprint = await context.fingerprints.upsert(trackId, args.values);
        context.loaders.forget(trackId);
        return { fingerprint, track: await context.tracks.get(trackId) };
      }),
  }),
  deleteFingerprint: t.field({
    type: DeleteFingerprintPayload,
    description: 'Deletes the track’s fingerprint; the track becomes MISSING.',
    args: { trackId: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      toPayload(async () => {
        const trackId = trackIdFromGlobalId(String(args.trackId), ['trackId']);
        const track = await context.fingerprints.delete(trackId);
        context.loaders.forget(trackId);
        return { track, fingerprint: null };
      }),
  }),
  extractFingerprint: t.field({
    type: ExtractFingerprintPayload,
    description:
      'Analyses the track’s file now and waits for the result (seconds). Skipped when the fingerprint is CURRENT ' +
      'unless `force`. Sets status CURRENT, or FAILED with `lastError`; a failure never writes a partial fingerprint.',
    args: {
      trackId: t.arg.id({ required: true }),
      force: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, context) =>
      toPayload(async () => {
        const trackId = trackIdFromGlobalId(String(args.trackId), ['trackId']);
        const result = await context.fingerprints.extract(trackId, { force: args.force ?? false, signal: context.signal });
        context.loaders.forget(trackId);
        const userErrors = result.error === undefined ? [] : [toUserError(result.error, ['trackId'])];
        return { track: result.track, fingerprint: result.fingerprint, extracted: result.extracted, userErrors };
      }),
  }),
}));
