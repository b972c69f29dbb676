/** `libraryStats`: track counts by fingerprint status and per-dimension statistics of the stored fingerprints. */
import type { DimensionStats } from '../server/db/FingerprintRepository.ts';
import type { FingerprintStatus } from '../server/db/fingerprintStatus.ts';
import { DIMENSIONS, type DimensionSpec } from '../server/fingerprint/dimensions.ts';
import { builder } from '../server/graphql/builder.ts';
import type { LibraryStats as LibraryStatsShape } from '../server/library/libraryStatsService.ts';
import { FingerprintDimension } from './dimension.ts';
import { FingerprintStatusEnum } from './track.ts';

const StatusCount = builder.objectRef<{ status: FingerprintStatus; count: number }>('StatusCount').implement({
  fields: (t) => ({
    status: t.field({ type: FingerprintStatusEnum, resolve: (s) => s.status }),
    count: t.exposeInt('count'),
  }),
});

const DimensionStatistics = builder
  .objectRef<DimensionStats & { spec: DimensionSpec }>('DimensionStatistics')
  .implement({
    description:
      'Statistics of one dimension over the stored fingerprints, in its physical unit. Percentiles interpolate ' +
      'linearly between order statistics.',
    fields: (t) => ({
      dimension: t.field({ type: FingerprintDimension, resolve: (s) => s.spec }),
      min: t.exposeFloat('min'),
      max: t.exposeFloat('max'),
      mean: t.exposeFloat('mean'),
      std: t.exposeFloat('std', { description: 'Population standard deviation.' }),
      p5: t.exposeFloat('p5', { description: '5th percentile.' }),
      p95: t.exposeFloat('p95', { description: '95th percentile.' }),
    }),
  });

const LibraryStats = builder.objectRef<LibraryStatsShape>('LibraryStats').implement({
  fields: (t) => ({
    trackCount: t.exposeInt('trackCount'),
    byStatus: t.field({ type: [StatusCount], description: 'Tracks per fingerprint status.', resolve: (s) => s.byStatus }),
    missingCount: t.exposeInt('missingCount', { description: 'Tracks without a fingerprint row.' }),
    staleCount: t.exposeInt('staleCount', {
      description: 'Tracks whose fingerprint is stale: the file changed since its analysis, or an older FINGERPRINT_VERSION.',
    }),
    fingerprintCount: t.int({ resolve: (s) => s.fingerprints.count }),
    dimensions: t.field({
      type: [DimensionStatistics],
      description: 'One entry per dimension in spec order; empty while no fingerprint is stored.',
      resolve: (s) => {
        const stats = s.fingerprints.dimensions;
        return stats === null ? [] : DIMENSIONS.map((spec) => ({ ...stats[spec.key], spec }));
      },
    }),
  }),
});

builder.queryField('libraryStats', (t) =>
  t.field({
    type: LibraryStats,
    description: 'Counts by status and per-dimension min / max / mean / std / p5 / p95.',
    resolve: (_root, _args, context) => context.stats.get(),
  }),
);
