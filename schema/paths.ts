/** Sonic paths: `sonicPath`, `PathStep`, `PathDirection`. Thin resolver over server/similarity/sonicPath.ts. */
import { builder } from '../server/graphql/builder.ts';
import { trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import type { DimensionKey } from '../server/fingerprint/dimensions.ts';
import { DEFAULT_PATH_LENGTH, MAX_PATH_LENGTH, type PathStep as PathStepShape } from '../server/similarity/sonicPath.ts';
import { DimensionEnum } from './dimension.ts';
import { BECAUSE, DimensionWeight, presetArgs, weightOptions } from './similarity.ts';
import { TrackRef } from './track.ts';

const PathOrderEnum = builder.enumType('PathOrder', {
  values: {
    ASCENDING: { value: 'ascending', description: 'Each step’s value ≥ the one before.' },
    DESCENDING: { value: 'descending', description: 'Each step’s value ≤ the one before.' },
  } as const,
});

const PathDirection = builder.inputRef<{ dimension: DimensionKey; order: 'ascending' | 'descending' }>('PathDirection').implement({
  description:
    'A direction a path keeps in one dimension ("tempo going down": {dimension: TEMPO_BPM, order: DESCENDING}); ' +
    'kept by every step where the library has a track that allows it.',
  fields: (t) => ({
    dimension: t.field({ type: DimensionEnum, required: true }),
    order: t.field({ type: PathOrderEnum, required: true }),
  }),
});

const PathStep = builder.objectRef<PathStepShape>('PathStep').implement({
  description: 'One track of a sonic path; a client can cut the tail where the similarities drop.',
  fields: (t) => ({
    track: t.field({ type: TrackRef, resolve: async (s, _args, context) => (await context.loaders.track.load(s.trackId))! }),
    similarityToPrevious: t.exposeFloat('similarityToPrevious', { description: '1 − distance to the step before, in [0, 1] (1 for the first).' }),
    similarityToStart: t.exposeFloat('similarityToStart', { description: '1 − distance to `from`, in [0, 1].' }),
    because: t.exposeString('because', { description: `${BECAUSE} Here A is the step before ("" for the first step).` }),
  }),
});

builder.queryField('sonicPath', (t) =>
  t.field({
    type: [PathStep],
    description:
      'An ordered path from `from` to `to` through `via` (in order), no track twice, each step as small as the library ' +
      'allows: interpolation between the anchors in normalised space with the nearest unused tracks, then a smoothing ' +
      'pass (server/similarity/sonicPath.ts). Weights as `similarTracks` (default: the spec’s).',
    args: {
      from: t.arg.id({ required: true }),
      to: t.arg.id({ required: true }),
      count: t.arg.int({ defaultValue: DEFAULT_PATH_LENGTH, description: `Tracks in the path, ends and via included (up to ${MAX_PATH_LENGTH}).` }),
      via: t.arg.idList({ description: 'Tracks the path passes, in this order.' }),
      direction: t.arg({ type: [PathDirection], description: 'Dimensions the path keeps ascending or descending.' }),
      weights: t.arg({ type: [DimensionWeight], description: 'Custom weights, as `similarTracks`.' }),
      ...presetArgs(),
    },
    resolve: (_root, args, context) =>
      context.paths.sonicPath(trackIdFromGlobalId(String(args.from), ['from']), trackIdFromGlobalId(String(args.to), ['to']), {
        count: args.count,
        via: args.via?.map((id, i) => trackIdFromGlobalId(String(id), ['via', String(i)])) ?? null,
        direction: args.direction ?? null,
        ...weightOptions(args),
      }),
  }),
);
