/**
 * The library map (issue 12, item 5): `libraryMap` (every fingerprinted track's 2-D position as parallel arrays,
 * its status and the running build) and `buildLibraryMap` (a job). Thin resolvers over
 * server/similarity/libraryMap.ts and libraryMapJob.ts.
 */
import { builder } from '../server/graphql/builder.ts';
import { encodeGlobalId } from '../server/graphql/globalId.ts';
import { toPayload } from '../server/graphql/payload.ts';
import { type LibraryMapStatus, type LibraryMapView, MAP_SETTINGS } from '../server/similarity/libraryMap.ts';
import { DimensionEnum } from './dimension.ts';
import { JobPayload, JobRef } from './job.ts';

/** Map coordinates are sent with 6 decimals (the map spans 0…1: a millionth is far below a pixel). */
const COORDINATE_SCALE = 1e6;

const LibraryMapStatusEnum = builder.enumType('LibraryMapStatus', {
  description: 'Whether the stored map reflects the library.',
  values: {
    MISSING: { value: 'MISSING', description: 'No map was computed yet (`buildLibraryMap`).' },
    COMPUTING: { value: 'COMPUTING', description: 'A build runs (`job`); the points are the previous map’s, if any.' },
    READY: { value: 'READY', description: 'The map reflects every fingerprint and the current normalisers.' },
    STALE: {
      value: 'STALE',
      description: 'Fingerprints or normalisers changed since; tracks added or changed since sit at their nearest mapped neighbour until the next build.',
    },
  } satisfies Record<LibraryMapStatus, { value: LibraryMapStatus; description: string }>,
});

const BuildLibraryMapPayload = JobPayload(
  'BuildLibraryMapPayload',
  'The map build job (RUNNING, kind LIBRARY_MAP): a new one, or the one already running.',
);

const LibraryMapRef = builder.objectRef<LibraryMapView>('LibraryMap').implement({
  description:
    'A 2-D map of the library: UMAP of the normalised fingerprints weighted as `similarTracks` by default, so near on the map ' +
    `is similar. Points as parallel arrays (\`trackIds[i]\`, \`x[i]\`, \`y[i]\`), ascending track id. UMAP: ${MAP_SETTINGS.neighbours} ` +
    `neighbours, ${MAP_SETTINGS.epochs} epochs, seeded (the same library gives the same map).`,
  fields: (t) => ({
    status: t.field({ type: LibraryMapStatusEnum, resolve: (map) => map.status }),
    computedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the stored map was computed.', resolve: (map) => map.computedAt }),
    computeMilliseconds: t.int({
      nullable: true,
      description: 'How long the stored map took to compute, in ms.',
      resolve: (map) => (map.milliseconds === null ? null : Math.round(map.milliseconds)),
    }),
    job: t.field({
      type: JobRef,
      nullable: true,
      description: 'The running build (status COMPUTING), else null.',
      resolve: (map, _args, context) => (map.jobId === null ? null : context.jobs.get(map.jobId)),
    }),
    count: t.int({ description: 'Points: every fingerprinted track.', resolve: (map) => map.trackIds.length }),
    placed: t.exposeInt('placed', { description: 'Tracks added or changed since the map was computed, drawn at their nearest mapped neighbour.' }),
    trackIds: t.idList({ description: 'Global IDs of the tracks, ascending database id.', resolve: (map) => Array.from(map.trackIds, (id) => encodeGlobalId('Track', id)) }),
    x: t.floatList({ description: 'Horizontal positions in [0, 1] (6 decimals; one scale for both axes).', resolve: (map) => rounded(map.x) }),
    y: t.floatList({ description: 'Vertical positions in [0, 1] (6 decimals).', resolve: (map) => rounded(map.y) }),
    values: t.floatList({
      description: 'Each point’s value of one dimension (its unit, e.g. BPM or LUFS), in the order of `trackIds`: what to colour by.',
      args: { dimension: t.arg({ type: DimensionEnum, required: true }) },
      resolve: (map, args, context) => Array.from(context.libraryMap.values(map, args.dimension)),
    }),
  }),
});

function rounded(values: Float32Array): number[] {
  return Array.from(values, (v) => Math.round(v * COORDINATE_SCALE) / COORDINATE_SCALE);
}

builder.queryFields((t) => ({
  libraryMap: t.field({
    type: LibraryMapRef,
    description: 'The 2-D map of every fingerprinted track (`buildLibraryMap` computes it; until then status MISSING and no points).',
    resolve: (_root, _args, context) => context.libraryMap.current(),
  }),
}));

builder.mutationFields((t) => ({
  buildLibraryMap: t.field({
    type: BuildLibraryMapPayload,
    description:
      'Starts a job that computes the library map (UMAP in a worker thread) and replaces the stored one; follow it with `job(id)` ' +
      'or `jobProgress(id)`. While one runs, returns that job.',
    resolve: (_root, _args, context) => toPayload(async () => ({ job: await context.jobs.startLibraryMap() })),
  }),
}));
