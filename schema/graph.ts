/**
 * The stored kNN similarity graph: the `buildSimilarityGraph` mutation (a job, followed with `job` / `jobProgress`),
 * `Track.neighbours` and `similarityGraph` (nodes and edges for drawing). Thin resolvers over
 * server/similarity/graph.ts and graphJob.ts.
 */
import { builder } from '../server/graphql/builder.ts';
import { encodeGlobalId, trackIdFromGlobalId } from '../server/graphql/globalId.ts';
import { toPayload } from '../server/graphql/payload.ts';
import { DEFAULT_GRAPH_K, MAX_GRAPH_DEPTH, MAX_GRAPH_K, MAX_GRAPH_NODES, MAX_NEIGHBOURS, type Subgraph } from '../server/similarity/graph.ts';
import type { SimilarityEdgeRecord } from '../server/db/SimilarityEdgeRepository.ts';
import type { TrackRecord } from '../server/db/TrackRepository.ts';
import { DEFAULT_SIMILAR } from '../server/similarity/similarityService.ts';
import { JobPayload } from './job.ts';
import { SimilarTrack } from './similarity.ts';
import { TrackRef } from './track.ts';
import { FingerprintWhere } from './fingerprintWhere.ts';
import type { FingerprintWhere as FingerprintWhereInput } from '../server/db/fingerprintWhere.ts';

const BuildSimilarityGraphPayload = JobPayload(
  'BuildSimilarityGraphPayload',
  'The graph build job just started (RUNNING, kind SIMILARITY_GRAPH); a bad `k` is in `userErrors` (INVALID_K).',
);

const SimilarityGraphEdge = builder.objectRef<SimilarityEdgeRecord>('SimilarityGraphEdge').implement({
  description: '`target` is the `rank`-th nearest track of `source` in the stored graph.',
  fields: (t) => ({
    source: t.id({ description: 'Global ID of the track.', resolve: (e) => encodeGlobalId('Track', e.trackId) }),
    target: t.id({ description: 'Global ID of its neighbour.', resolve: (e) => encodeGlobalId('Track', e.neighbourId) }),
    rank: t.exposeInt('rank', { description: '1 = nearest; ties broken by ascending track id.' }),
    distance: t.exposeFloat('distance', { description: 'As `similarTracks` (default weights), in [0, 1].' }),
    similarity: t.float({ description: '1 − distance.', resolve: (e) => 1 - e.distance }),
  }),
});

const SimilarityGraph = builder.objectRef<Subgraph>('SimilarityGraph').implement({
  description: 'Part of the stored kNN graph, for drawing.',
  fields: (t) => ({
    nodes: t.field({
      type: [TrackRef],
      description: 'The seeds (in the order given), then the tracks reached, breadth first.',
      resolve: async (g, _args, context) =>
        (await context.loaders.track.loadMany([...g.nodes])).filter((track): track is TrackRecord => track !== null && !(track instanceof Error)),
    }),
    edges: t.field({ type: [SimilarityGraphEdge], description: 'The stored edges between the nodes.', resolve: (g) => [...g.edges] }),
    truncated: t.exposeBoolean('truncated', { description: `True when the walk stopped at ${MAX_GRAPH_NODES} nodes.` }),
  }),
});

builder.mutationFields((t) => ({
  buildSimilarityGraph: t.field({
    type: BuildSimilarityGraphPayload,
    description:
      'Starts a job that computes every fingerprinted track’s exact k nearest neighbours (default weights, ties by track id) ' +
      'and replaces the stored graph; follow it with `job(id)` or `jobProgress(id)`. Later fingerprint changes update the graph ' +
      'incrementally (the result equals a rebuild); a change of the normalisers rebuilds it.',
    args: { k: t.arg.int({ defaultValue: DEFAULT_GRAPH_K, description: `Neighbours per track, 1 … ${MAX_GRAPH_K}.` }) },
    resolve: (_root, args, context) => toPayload(async () => ({ job: await context.jobs.startSimilarityGraph(args.k) })),
  }),
}));

builder.objectField(TrackRef, 'neighbours', (t) =>
  t.field({
    type: [SimilarTrack],
    description:
      'This track’s nearest tracks from the stored kNN graph (`buildSimilarityGraph`), nearest first, as `similar` with the ' +
      'default weights; empty when no graph was built. At most the graph’s k.',
    args: { first: t.arg.int({ defaultValue: DEFAULT_SIMILAR, description: `1 … ${MAX_NEIGHBOURS}.` }) },
    resolve: (track, args, context) => context.graph.neighbours(track.id, args.first ?? DEFAULT_SIMILAR),
  }),
);

builder.queryFields((t) => ({
  similarityGraph: t.field({
    type: SimilarityGraph,
    description:
      `The stored kNN graph around the given tracks (\`trackIds\`) or the tracks inside \`where\` (exactly one of them): every ` +
      `track within \`depth\` steps (0 … ${MAX_GRAPH_DEPTH}), at most ${MAX_GRAPH_NODES}, and the edges between them.`,
    args: {
      trackIds: t.arg.idList(),
      where: t.arg({ type: FingerprintWhere }),
      depth: t.arg.int({ defaultValue: 1 }),
    },
    resolve: (_root, args, context) =>
      context.graph.subgraph(
        {
          trackIds: args.trackIds?.map((id, i) => trackIdFromGlobalId(String(id), ['trackIds', String(i)])) ?? null,
          where: (args.where as FingerprintWhereInput | null | undefined) ?? null,
        },
        args.depth ?? 1,
      ),
  }),
}));
