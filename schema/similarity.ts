/**
 * Similarity: `similarTracks`, `compareTracks`, `Track.similar`, `similarityNormalisers` and the
 * `recomputeNormalisers` mutation. Thin resolvers over server/similarity/similarityService.ts.
 */
import { DIMENSIONS, type DimensionKey } from '../server/fingerprint/dimensions.ts';
import { builder } from '../server/graphql/builder.ts';
import { trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import { type Payload, toPayload } from '../server/graphql/payload.ts';
import type { NormaliserDimension } from '../server/similarity/normalisers.ts';
import { MAX_WEIGHT, TIMBRE_WEIGHT, type WeightPreset } from '../server/similarity/weights.ts';
import {
  DEFAULT_SIMILAR,
  MAX_SIMILAR,
  type DimensionContribution as ContributionShape,
  type NormaliserStatus,
  type SimilarOptions,
  type SimilarTrackResult,
  type TrackComparison as ComparisonShape,
} from '../server/similarity/similarityService.ts';
import type { AuralisContext } from '../server/graphql/context.ts';
import type { FingerprintWhere as FingerprintWhereInput } from '../server/db/fingerprintWhere.ts';
import { DimensionEnum } from './dimension.ts';
import { FingerprintValuesInput } from './fingerprint.ts';
import { FingerprintWhere } from './fingerprintWhere.ts';
import { SimilarityPresetEnum, TIMBRE_WEIGHT_DESCRIPTION } from './similarityPreset.ts';
import { TrackRef } from './track.ts';
import { UserError } from './userError.ts';

/** The `because` field's description (SimilarTrack, TrackComparison, PathStep). */
export const BECAUSE =
  'The two or three dimensions that make the pair close or far, in words with units, e.g. "both 126–128 BPM; both ' +
  'loud, −8 LUFS; B is far brighter (3.1 kHz vs 1.2 kHz)" (B = this track, A = the query). A close pair (distance ≤ 0.2) ' +
  'is told by its heaviest shared dimensions and its largest contribution; a far pair by its largest contributions.';

const TIMBRE_DISTANCE =
  'The timbre distance d_t in [0, 1] (RMS of the 26 normalised MFCC statistic differences; √(1/6) when either track has ' +
  'no stored timbre) when the weights include timbre, its term being timbreWeight·d_t² of distance²; null otherwise.';

export const DimensionWeight = builder.inputType('DimensionWeight', {
  description:
    `One custom weight (0…${MAX_WEIGHT}). Without a preset, dimensions left out weigh 0; with a preset, it replaces ` +
    `the preset's weight of this dimension (on the preset's scale: its weights sum to 1) and the others keep theirs. ` +
    `The weights are re-scaled to sum to 1. All zero, or a weight outside 0…${MAX_WEIGHT} → INVALID_WEIGHTS.`,
  fields: (t) => ({
    dimension: t.field({ type: DimensionEnum, required: true }),
    weight: t.float({ required: true }),
  }),
});

const DimensionContribution = builder.objectRef<ContributionShape>('DimensionContribution').implement({
  description:
    'One dimension’s part in a distance: `contribution = sqrt(weight)·|normalisedDelta|`, so the squares of ' +
    'the 25 contributions sum to distance² (less the timbre term when the weights include timbre); `share` is the ' +
    'fraction of distance² (the shares sum to 1, or to 1 − the timbre term’s share).',
  fields: (t) => ({
    dimension: t.field({ type: DimensionEnum, resolve: (c) => c.dimension }),
    weight: t.exposeFloat('weight', { description: 'Weight used (the weights sum to 1).' }),
    a: t.exposeFloat('a', { description: 'Value of the query track, in the dimension’s unit.' }),
    b: t.exposeFloat('b', { description: 'Value of the other track, in the dimension’s unit.' }),
    normalisedDelta: t.exposeFloat('normalisedDelta', { description: 'Normalised b − normalised a, in [−1, 1].' }),
    contribution: t.exposeFloat('contribution', { description: 'sqrt(weight)·|normalisedDelta|.' }),
    share: t.exposeFloat('share', { description: 'weight·normalisedDelta² / distance² (0 when the distance is 0).' }),
  }),
});

export const SimilarTrack = builder.objectRef<SimilarTrackResult>('SimilarTrack').implement({
  description: 'A track near the query: distance = sqrt(Σ wᵢ(aᵢ − bᵢ)²) over normalised values, in [0, 1].',
  fields: (t) => ({
    track: t.field({
      type: TrackRef,
      resolve: async (r, _args, context) => (await context.loaders.track.load(r.trackId))!,
    }),
    distance: t.exposeFloat('distance'),
    similarity: t.exposeFloat('similarity', { description: '1 − distance.' }),
    rank: t.exposeInt('rank', { description: '1 = nearest; ties are broken by ascending track id.' }),
    timbreDistance: t.float({ nullable: true, description: TIMBRE_DISTANCE, resolve: (r) => r.timbreDistance ?? null }),
    contributions: t.field({ type: [DimensionContribution], description: 'Per dimension, in spec order.', resolve: (r) => r.contributions }),
    because: t.exposeString('because', { description: BECAUSE }),
  }),
});

const TrackComparison = builder.objectRef<ComparisonShape>('TrackComparison').implement({
  description: 'The distance between two tracks, explained per dimension.',
  fields: (t) => ({
    a: t.field({ type: TrackRef, resolve: async (c, _args, context) => (await context.loaders.track.load(c.a))! }),
    b: t.field({ type: TrackRef, resolve: async (c, _args, context) => (await context.loaders.track.load(c.b))! }),
    distance: t.exposeFloat('distance'),
    similarity: t.exposeFloat('similarity', { description: '1 − distance.' }),
    timbreDistance: t.float({ nullable: true, description: TIMBRE_DISTANCE, resolve: (c) => c.timbreDistance ?? null }),
    contributions: t.field({ type: [DimensionContribution], resolve: (c) => c.contributions }),
    because: t.exposeString('because', { description: BECAUSE }),
  }),
});

const NormaliserSourceEnum = builder.enumType('NormaliserSource', {
  values: {
    LIBRARY: { value: 'library', description: 'Rank normalisation over the stored percentiles of the library.' },
    FALLBACK: { value: 'fallback', description: 'The catalogue’s fixed ranges (fewer than 10 fingerprints).' },
  } as const,
});

interface NormaliserRow {
  readonly dimension: DimensionKey;
  readonly lo: number;
  readonly hi: number;
  readonly stats: NormaliserDimension | null;
}

const DimensionNormaliser = builder.objectRef<NormaliserRow>('DimensionNormaliser').implement({
  description:
    'How one dimension is normalised. LIBRARY: x → its percentile in the library, from the stored percentiles smoothed by a ' +
    'kernel of Scott’s bandwidth (docs/fingerprint.md "Rank normalisation"). FALLBACK: x → clamp((x − lo)/(hi − lo), 0, 1); ' +
    '0.5 when hi − lo < 1e-9.',
  fields: (t) => ({
    dimension: t.field({ type: DimensionEnum, resolve: (r) => r.dimension }),
    lo: t.exposeFloat('lo', { description: 'p5 of the library (or the fallback lower bound).' }),
    hi: t.exposeFloat('hi', { description: 'p95 of the library (or the fallback upper bound).' }),
    mean: t.float({ nullable: true, description: 'Library mean (null for the fallback).', resolve: (r) => r.stats?.mean ?? null }),
    std: t.float({ nullable: true, description: 'Population std (null for the fallback).', resolve: (r) => r.stats?.std ?? null }),
    quantiles: t.floatList({
      nullable: true,
      description: 'The stored percentiles 0…100 of the library (101 values), null for the fallback.',
      resolve: (r) => (r.stats === null ? null : [...r.stats.quantiles]),
    }),
  }),
});

const SimilarityNormalisers = builder.objectRef<NormaliserStatus>('SimilarityNormalisers').implement({
  description:
    'The normalisation the distance uses now. Library statistics are stored and recomputed when the fingerprint ' +
    'count changed by more than 5 % since, when the fingerprint version changed, or by `recomputeNormalisers`.',
  fields: (t) => ({
    source: t.field({ type: NormaliserSourceEnum, resolve: (s) => s.source }),
    libraryFingerprintCount: t.exposeInt('libraryFingerprintCount', { description: 'Fingerprints in the library now.' }),
    fingerprintCount: t.int({
      nullable: true,
      description: 'Fingerprints the stored statistics were computed from.',
      resolve: (s) => s.stored?.fingerprintCount ?? null,
    }),
    fingerprintVersion: t.int({ nullable: true, resolve: (s) => s.stored?.fingerprintVersion ?? null }),
    computedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.stored?.computedAt ?? null }),
    dimensions: t.field({
      type: [DimensionNormaliser],
      description: 'One entry per dimension, in spec order.',
      resolve: (s) =>
        DIMENSIONS.map((d, j) => ({
          dimension: d.key,
          lo: s.ranges.lo[j]!,
          hi: s.ranges.hi[j]!,
          stats: s.stored?.dimensions[j] ?? null,
        })),
    }),
  }),
});

/** The weight arguments of every distance query. */
export interface WeightArgs {
  readonly weights?: readonly { dimension: DimensionKey; weight: number }[] | null;
  readonly timbreWeight?: number | null;
  readonly preset?: WeightPreset | null;
}

/** The service's weight options from the weight arguments (`timbreWeight` joins the list as `timbre`). */
export function weightOptions(args: WeightArgs): { weights: { dimension: string; weight: number }[] | null; preset: WeightPreset | null } {
  const weights: { dimension: string; weight: number }[] | null =
    args.weights == null && args.timbreWeight == null ? null : [...(args.weights ?? [])];
  if (args.timbreWeight != null) weights!.push({ dimension: TIMBRE_WEIGHT, weight: args.timbreWeight });
  return { weights, preset: args.preset ?? null };
}

/** The weight arguments beside `weights` (preset, timbreWeight). */
export const presetArgs = () =>
  builder.args((t) => ({
    preset: t.field({ type: SimilarityPresetEnum, description: 'A named weight set; default: DEFAULT (unless `weights` is given).' }),
    timbreWeight: t.float({ description: TIMBRE_WEIGHT_DESCRIPTION }),
  }));

interface SimilarArgs extends WeightArgs {
  readonly first?: number | null;
  readonly exclude?: readonly (string | number)[] | null;
  readonly where?: FingerprintWhereInput | null;
  readonly maxPerArtist?: number | null;
  readonly maxPerAlbum?: number | null;
  readonly diversity?: number | null;
}

function similarOptions(args: SimilarArgs): SimilarOptions {
  return {
    first: args.first,
    ...weightOptions(args),
    exclude: args.exclude?.map((id, i) => trackIdFromGlobalId(String(id), ['exclude', String(i)])) ?? null,
    where: args.where ?? null,
    maxPerArtist: args.maxPerArtist ?? null,
    maxPerAlbum: args.maxPerAlbum ?? null,
    diversity: args.diversity ?? null,
  };
}

/** The arguments every "similar" list takes beside its query. */
const similarArgs = () =>
  builder.args((t) => ({
    first: t.int({ defaultValue: DEFAULT_SIMILAR, description: `1…${MAX_SIMILAR}.` }),
    weights: t.field({ type: [DimensionWeight], description: 'Custom weights; default: the spec’s weights.' }),
    ...presetArgs(),
    exclude: t.idList({ description: 'Tracks never to return.' }),
    where: t.field({ type: FingerprintWhere, description: 'Exact pre-filter: only tracks inside these ranges.' }),
    maxPerArtist: t.int({ description: 'At most this many results per artist tag (≥ 1; untagged tracks are not capped).' }),
    maxPerAlbum: t.int({ description: 'At most this many results per album (album tag and album artist; ≥ 1).' }),
    diversity: t.float({
      description:
        '0 (default) = nearest first; up to 1 = maximal marginal relevance: each next result maximises ' +
        '(1 − λ)·similarity to the query − λ·its highest similarity to the results before it, λ = diversity / 2.',
    }),
  }));

function similarityOf(context: AuralisContext) {
  return context.similarity;
}

builder.queryFields((t) => ({
  similarTracks: t.field({
    type: [SimilarTrack],
    description: `The tracks nearest to \`trackId\` (at most ${MAX_SIMILAR}), nearest first, the track itself left out.`,
    args: { trackId: t.arg.id({ required: true }), ...similarArgs() },
    resolve: (_root, args, context) =>
      similarityOf(context).similarTracks(trackIdFromGlobalId(String(args.trackId), ['trackId']), similarOptions(args)),
  }),
  similarToFile: t.field({
    type: [SimilarTrack],
    description:
      'The tracks nearest to an audio file inside the library roots. A file not in the library is analysed now ' +
      '(nothing is stored); a library track is queried by its stored fingerprint and left out.',
    args: { path: t.arg.string({ required: true }), ...similarArgs() },
    resolve: (_root, args, context) => similarityOf(context).similarToFile(args.path, similarOptions(args)),
  }),
  similarToValues: t.field({
    type: [SimilarTrack],
    description: 'The tracks nearest to a fingerprint from elsewhere (all 25 values, in their units).',
    args: { values: t.arg({ type: FingerprintValuesInput, required: true }), ...similarArgs() },
    resolve: (_root, args, context) =>
      similarityOf(context).similarToValues(args.values as Record<string, number>, similarOptions(args)),
  }),
  compareTracks: t.field({
    type: TrackComparison,
    description: 'Distance, similarity and per-dimension contributions between two tracks.',
    args: {
      a: t.arg.id({ required: true }),
      b: t.arg.id({ required: true }),
      weights: t.arg({ type: [DimensionWeight] }),
      ...presetArgs(),
    },
    resolve: (_root, args, context) => {
      const { weights, preset } = weightOptions(args);
      return similarityOf(context).compareTracks(
        trackIdFromGlobalId(String(args.a), ['a']),
        trackIdFromGlobalId(String(args.b), ['b']),
        weights,
        preset,
      );
    },
  }),
  similarityNormalisers: t.field({
    type: SimilarityNormalisers,
    description: 'The normalisation the distance uses now (recomputed first when due).',
    resolve: (_root, _args, context) => similarityOf(context).normalisers(),
  }),
}));

builder.objectField(TrackRef, 'similar', (t) =>
  t.field({
    type: [SimilarTrack],
    description: 'The tracks nearest to this one (as `similarTracks`).',
    args: similarArgs(),
    resolve: (track, args, context) => similarityOf(context).similarTracks(track.id, similarOptions(args)),
  }),
);

const RecomputeNormalisersPayload = builder
  .objectRef<Payload<{ normalisers: NormaliserStatus }>>('RecomputeNormalisersPayload')
  .implement({
    fields: (t) => ({
      normalisers: t.field({ type: SimilarityNormalisers, nullable: true, resolve: (p) => p.normalisers ?? null }),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });

builder.mutationField('recomputeNormalisers', (t) =>
  t.field({
    type: RecomputeNormalisersPayload,
    description: 'Recomputes the stored normaliser statistics now (fewer than 10 fingerprints: the fallback ranges).',
    resolve: (_root, _args, context) => toPayload(async () => ({ normalisers: await similarityOf(context).recomputeNormalisers() })),
  }),
);
