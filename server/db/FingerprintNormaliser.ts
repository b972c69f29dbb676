import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Float64Type } from './portableTypes.ts';

/**
 * The stored normaliser statistics of one dimension (table `fingerprint_normalisers`, one row per
 * catalogue dimension), computed over the library's fingerprints (SPEC-fingerprint.md, "Weights for the
 * default distance"): `lo` = 5th and `hi` = 95th percentile (linear interpolation between order
 * statistics), mean, population std, in the dimension's physical unit. `fingerprintCount` is the number
 * of fingerprints they were computed from and `fingerprintVersion` the FINGERPRINT_VERSION at the time;
 * server/similarity/normalisers.ts decides when they are stale (count changed by more than 5 %, or
 * another version). Not stored while the library holds fewer than 10 fingerprints (fallback ranges).
 */
export const FingerprintNormaliser = defineEntity({
  name: 'FingerprintNormaliser',
  tableName: 'fingerprint_normalisers',
  properties: {
    /** camelCase catalogue key of the dimension. */
    dimension: p.text().primary(),
    lo: p.type(new Float64Type('real')),
    hi: p.type(new Float64Type('real')),
    mean: p.type(new Float64Type('real')),
    std: p.type(new Float64Type('real')),
    fingerprintCount: p.integer(),
    fingerprintVersion: p.integer(),
    computedAt: p.datetime(),
    /** JSON array of the percentiles 0…100 (rank normalisation, v2); NULL in rows stored before v2. */
    quantiles: p.text().nullable(),
  },
});

export type FingerprintNormaliser = InferEntity<typeof FingerprintNormaliser>;
