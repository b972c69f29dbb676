import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The stored 2-D map of the library (server/similarity/libraryMap.ts): one row (id 1) of `library_maps` with the
 * UMAP embedding of every fingerprinted track and what it was computed from (the normaliser identity and the
 * `library_changes` seq, the similarity graph's definition of "current"). All SQL goes through LibraryMapRepository.
 */
export const LibraryMap = defineEntity({
  name: 'LibraryMap',
  tableName: 'library_maps',
  properties: {
    /** Always 1: one map per database. */
    id: p.integer().primary().autoincrement(false),
    /** The normalisers the input was normalised with: `library@<computed-at ms>` or `fallback`. */
    normaliserIdentity: p.text(),
    /** `library_changes` max(seq) the map reflects. */
    changeSeq: p.integer(),
    /** UMAP settings: seed of the random source, neighbours, optimisation epochs. */
    seed: p.integer(),
    neighbours: p.integer(),
    epochs: p.integer(),
    /** Points in `points`. */
    pointCount: p.integer(),
    /**
     * Little-endian, three runs of `pointCount` values: int32 track ids (ascending), float32 x, float32 y
     * (x, y in [0, 1], one scale for both axes).
     */
    points: p.type('blob'),
    /** Compute time in ms. */
    milliseconds: p.integer(),
    computedAt: p.datetime(),
  },
});

export type LibraryMap = InferEntity<typeof LibraryMap>;
