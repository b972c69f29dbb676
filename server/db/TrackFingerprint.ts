import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import {
  DIMENSIONS,
  type DimensionGroup,
  type DimensionKey,
  type FingerprintValues,
  toGroups,
  toVector,
} from '../fingerprint/dimensions.ts';
import { FACTS, type FactKey } from '../fingerprint/facts.ts';
import { Float64Type } from './portableTypes.ts';
import { Track } from './Track.ts';

/** Dimensions with their own single-column index (the common filters; ARCHITECTURE.md "Storage"). */
const SINGLE_INDEXED: ReadonlySet<DimensionKey> = new Set<DimensionKey>(['bassPct', 'midPct', 'lufs', 'crestDb', 'tempoBpm']);

/** A 64-bit float: `real` on SQLite (the migrations' name), `double precision` on PostgreSQL. */
const dimensionProperty = () => p.type(new Float64Type('real'));

/**
 * One 64-bit float NOT NULL column per catalogue dimension (REAL on SQLite): camelCase property, the catalogue's snake_case
 * column, and an index `track_fingerprints_<column>_index` for the SINGLE_INDEXED ones.
 */
const dimensionProperties = Object.fromEntries(
  DIMENSIONS.map((d) => {
    const property = dimensionProperty().fieldName(d.column);
    return [d.key, SINGLE_INDEXED.has(d.key) ? property.index(`track_fingerprints_${d.column}_index`) : property];
  }),
) as { [K in DimensionKey]: ReturnType<typeof dimensionProperty> };

/**
 * One nullable 64-bit float column per fact (server/fingerprint/facts.ts), after every v1 column (migration
 * Migration20261225000001_fingerprint_v2 appends them): NULL = not computed (a v1 row, or a fact not computed yet).
 */
const factProperties = Object.fromEntries(
  FACTS.map((f) => [f.key, p.type(new Float64Type('real')).fieldName(f.column).nullable()]),
) as { [K in FactKey]: ReturnType<typeof dimensionProperty> };

/**
 * The 25-dimension fingerprint of one track (table `track_fingerprints`), one-to-one with Track.
 *
 * `track_id` is UNIQUE and references `tracks(id) ON DELETE CASCADE` (enforced by SQLite: every
 * connection runs `PRAGMA foreign_keys = ON`). Values are in the physical units of the catalogue
 * (server/fingerprint/dimensions.ts); `fingerprintVersion` is the FINGERPRINT_VERSION that produced them. The
 * v2 facts and the loudness histogram follow as nullable columns.
 */
export const TrackFingerprint = defineEntity({
  name: 'TrackFingerprint',
  tableName: 'track_fingerprints',
  properties: {
    id: p.integer().primary().autoincrement(),
    track: () =>
      p.oneToOne(Track).owner().deleteRule('cascade').unique('track_fingerprints_track_id_unique'),
    ...dimensionProperties,
    fingerprintVersion: p.integer().index('track_fingerprints_fingerprint_version_index'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    ...factProperties,
    /** The gating-block loudness histogram, sparse (server/fingerprint/loudnessHistogram.ts); NULL before v2. */
    loudnessHistogram: p.type('blob').nullable(),
    /** 26 float64: MFCC means and standard deviations (server/fingerprint/timbre.ts); NULL before the timbre group. */
    timbre: p.type('blob').nullable(),
  },
});

// The composite index of typical multi-dimension filters (loudness first: the most selective).
TrackFingerprint.addIndex({
  name: 'track_fingerprints_lufs_crest_db_bass_pct_tempo_bpm_index',
  properties: ['lufs', 'crestDb', 'bassPct', 'tempoBpm'],
});

export type TrackFingerprint = InferEntity<typeof TrackFingerprint>;

/** The 25 values of a stored fingerprint, keyed by camelCase dimension name. */
export function fingerprintValues(fingerprint: FingerprintValues): FingerprintValues {
  return Object.fromEntries(DIMENSIONS.map((d) => [d.key, fingerprint[d.key]])) as FingerprintValues;
}

/** The 25 values in spec order (the vector the distance layer and GraphQL `vector` use). */
export function fingerprintToVector(fingerprint: FingerprintValues): number[] {
  return toVector(fingerprint);
}

/** The values split into the seven categories of the catalogue. */
export function fingerprintToGroups(
  fingerprint: FingerprintValues,
): Record<DimensionGroup, Partial<FingerprintValues>> {
  return toGroups(fingerprint);
}
