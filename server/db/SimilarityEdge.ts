import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Float64Type } from './portableTypes.ts';
import { Track } from './Track.ts';

/**
 * The stored kNN similarity graph (server/similarity/graph.ts). One row of `similarity_graphs` (id 1) says how
 * the graph was built: k, the normaliser identity and the weights identity (the distance it ranks by), and the
 * `library_changes` seq it is current at; `similarity_edges` holds each track's k nearest neighbours. All SQL
 * goes through SimilarityEdgeRepository.
 */
export const SimilarityGraph = defineEntity({
  name: 'SimilarityGraph',
  tableName: 'similarity_graphs',
  properties: {
    /** Always 1: one graph per database. */
    id: p.integer().primary().autoincrement(false),
    /** Neighbours per track (1 … 200). */
    k: p.integer(),
    /** The normalisers the distances were computed with: `library@<computed-at ms>` or `fallback`. */
    normaliserIdentity: p.text(),
    /** The weights the distances were computed with (`default` or a hash of the 25 weights). */
    weightsIdentity: p.text(),
    /** `library_changes` max(seq) the graph reflects (incremental updates process the rows after it). */
    changeSeq: p.integer(),
    builtAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export type SimilarityGraph = InferEntity<typeof SimilarityGraph>;

/**
 * One edge of the kNN graph (table `similarity_edges`, primary key (track_id, rank)): `neighbour` is the
 * `rank`-th nearest track of `track` (1 = nearest; ties by ascending track id) at `distance` (exact f64, the
 * similarTracks distance under the graph's normalisers and weights, in [0, 1]). Both foreign keys ON DELETE
 * CASCADE; `neighbour_id` is indexed (which tracks point at a changed track).
 */
export const SimilarityEdge = defineEntity({
  name: 'SimilarityEdge',
  tableName: 'similarity_edges',
  properties: {
    track: () => p.manyToOne(Track).primary().deleteRule('cascade').index('similarity_edges_track_id_index'),
    /** 1-based position in the track's neighbour list. */
    rank: p.integer().primary(),
    neighbour: () => p.manyToOne(Track).deleteRule('cascade').index('similarity_edges_neighbour_id_index'),
    distance: p.type(new Float64Type('double')),
  },
});

export type SimilarityEdge = InferEntity<typeof SimilarityEdge>;
