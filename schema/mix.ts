/** Mixes: `mix` and `MixTrack`. Thin resolver over server/similarity/mix.ts. */
import type { FingerprintWhere as FingerprintWhereInput } from '../server/db/fingerprintWhere.ts';
import { builder } from '../server/graphql/builder.ts';
import { trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import { DEFAULT_MIX_LENGTH, MAX_MIX_LENGTH, type MixEntry } from '../server/similarity/mix.ts';
import { FingerprintWhere } from './fingerprintWhere.ts';
import { BECAUSE, DimensionWeight, presetArgs, weightOptions } from './similarity.ts';
import { TrackRef } from './track.ts';

const MixTrack = builder.objectRef<MixEntry>('MixTrack').implement({
  description: 'One track of a mix, in play order.',
  fields: (t) => ({
    track: t.field({ type: TrackRef, resolve: async (m, _args, context) => (await context.loaders.track.load(m.trackId))! }),
    seed: t.field({
      type: TrackRef,
      description: 'The seed this track was chosen for (the track itself for a seed).',
      resolve: async (m, _args, context) => (await context.loaders.track.load(m.seedId))!,
    }),
    similarityToSeed: t.exposeFloat('similarityToSeed', { description: '1 − distance to its seed, in [0, 1].' }),
    similarityToPrevious: t.exposeFloat('similarityToPrevious', { description: '1 − distance to the track before (1 for the first).' }),
    because: t.exposeString('because', { description: `${BECAUSE} Here A is the track before ("" for the first).` }),
  }),
});

builder.queryField('mix', (t) =>
  t.field({
    type: [MixTrack],
    description:
      'A playlist around several seeds (the seeds included): the seeds take turns adding their nearest tracks inside ' +
      '`where` under the caps; ordered by a nearest-neighbour tour from the first seed, improved by 2-opt, for small ' +
      'transitions (server/similarity/mix.ts). Weights as `similarTracks` (default: the spec’s).',
    args: {
      seeds: t.arg.idList({ required: true }),
      count: t.arg.int({ defaultValue: DEFAULT_MIX_LENGTH, description: `Tracks in the mix, seeds included (up to ${MAX_MIX_LENGTH}).` }),
      maxPerArtist: t.arg.int({ description: 'At most this many tracks per artist tag (≥ 1).' }),
      maxPerAlbum: t.arg.int({ description: 'At most this many tracks per album (≥ 1).' }),
      where: t.arg({ type: FingerprintWhere, description: 'Only tracks inside these ranges join (the seeds always do).' }),
      weights: t.arg({ type: [DimensionWeight], description: 'Custom weights, as `similarTracks`.' }),
      ...presetArgs(),
    },
    resolve: (_root, args, context) =>
      context.mixes.mix(
        args.seeds.map((id, i) => trackIdFromGlobalId(String(id), ['seeds', String(i)])),
        {
          count: args.count,
          maxPerArtist: args.maxPerArtist ?? null,
          maxPerAlbum: args.maxPerAlbum ?? null,
          where: (args.where as FingerprintWhereInput | null | undefined) ?? null,
          ...weightOptions(args),
        },
      ),
  }),
);
