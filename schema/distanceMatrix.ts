/** `distanceMatrix(trackIds)`: pairwise distances of up to 500 tracks. Thin resolver over SimilarityService.distanceMatrix. */
import { builder } from '../server/graphql/builder.ts';
import { trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import { type DistanceMatrix as MatrixShape, MAX_MATRIX_TRACKS } from '../server/similarity/distanceMatrix.ts';
import { TrackRef } from './track.ts';

const DistanceMatrix = builder.objectRef<MatrixShape>('DistanceMatrix').implement({
  description: 'Pairwise distances (as `similarTracks`, default weights, in [0, 1]): symmetric, zero diagonal.',
  fields: (t) => ({
    tracks: t.field({
      type: [TrackRef],
      description: 'The tracks, in the order given.',
      resolve: (m, _args, context) => Promise.all(m.trackIds.map(async (id) => (await context.loaders.track.load(id))!)),
    }),
    distances: t.field({
      type: t.listRef(t.listRef('Float')),
      description: '`distances[i][j]` between `tracks[i]` and `tracks[j]` (the WASM kernel’s f32 values, within 1e-6 of `compareTracks`).',
      resolve: (m) => m.distances.map((row) => Array.from(row)),
    }),
  }),
});

builder.queryField('distanceMatrix', (t) =>
  t.field({
    type: DistanceMatrix,
    description: `Pairwise distances of up to ${MAX_MATRIX_TRACKS} tracks (more → TOO_MANY_TRACKS), rows in the order given.`,
    args: { trackIds: t.arg.idList({ required: true }) },
    resolve: (_root, args, context) =>
      context.similarity.distanceMatrix(args.trackIds.map((id, i) => trackIdFromGlobalId(String(id), ['trackIds', String(i)]))),
  }),
);
