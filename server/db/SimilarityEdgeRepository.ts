import type { EntityManager } from '@mikro-orm/sql';
import { type Compilable, CompiledQuery, type Insertable } from 'kysely';
import type { Database } from './database.ts';
import { MAX_PARAMETERS, chunks, dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** How the stored graph was built (`similarity_graphs`, one row). */
export interface SimilarityGraphRecord {
  /** Neighbours per track. */
  readonly k: number;
  /** `library@<computed-at ms>` or `fallback` (server/similarity/graph.ts). */
  readonly normaliserIdentity: string;
  /** `default` or a hash of the weights. */
  readonly weightsIdentity: string;
  /** `library_changes` max(seq) the edges reflect. */
  readonly changeSeq: number;
  readonly builtAt: Date;
  readonly updatedAt: Date;
}

/** One stored edge: `neighbourId` is the `rank`-th nearest track of `trackId` (exact distance in [0, 1]). */
export interface SimilarityEdgeRecord {
  readonly trackId: number;
  readonly rank: number;
  readonly neighbourId: number;
  readonly distance: number;
}

/** Bound parameters per inserted edge. */
const PARAMETERS_PER_EDGE = 4;
/** Edges per multi-row INSERT (within MAX_PARAMETERS). */
export const EDGE_CHUNK_ROWS = Math.floor(MAX_PARAMETERS / PARAMETERS_PER_EDGE);
/** Ids per `in (…)` list. */
const ID_CHUNK = 10_000;

const GRAPH_ID = 1;

/**
 * The kNN graph tables (`similarity_graphs`, `similarity_edges`; server/db/SimilarityEdge.ts). Writes run in
 * the caller's transaction when one is open; `replaceAll` and `replaceTracks` open their own otherwise.
 */
export class SimilarityEdgeRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** The graph's header, or null when none was built. */
  async header(): Promise<SimilarityGraphRecord | null> {
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('similarity_graphs')
        .select(['k', 'normaliser_identity', 'weights_identity', 'change_seq', 'built_at', 'updated_at'])
        .where('id', '=', GRAPH_ID),
    );
    if (row === undefined) return null;
    return {
      k: Number(row.k),
      normaliserIdentity: row.normaliser_identity,
      weightsIdentity: row.weights_identity,
      changeSeq: Number(row.change_seq),
      builtAt: dateOf(row.built_at),
      updatedAt: dateOf(row.updated_at),
    };
  }

  /** Replaces the whole graph: every edge and the header. */
  async replaceAll(header: Omit<SimilarityGraphRecord, 'builtAt' | 'updatedAt'>, edges: readonly SimilarityEdgeRecord[]): Promise<void> {
    await this.#em.transactional(async (em) => {
      await runQuery(em, dbOf(em).deleteFrom('similarity_edges'));
      await insertEdges(em, edges);
      const now = timestampValue(em, new Date());
      await runQuery(em, dbOf(em).deleteFrom('similarity_graphs'));
      await runQuery(
        em,
        dbOf(em).insertInto('similarity_graphs').values({
          id: GRAPH_ID,
          k: header.k,
          normaliser_identity: header.normaliserIdentity,
          weights_identity: header.weightsIdentity,
          change_seq: header.changeSeq,
          built_at: now,
          updated_at: now,
        }),
      );
    });
  }

  /** Replaces the edges of `trackIds` by `edges` (which must belong to them) and moves the header to `changeSeq`. */
  async replaceTracks(trackIds: readonly number[], edges: readonly SimilarityEdgeRecord[], changeSeq: number): Promise<void> {
    await this.#em.transactional(async (em) => {
      for (const chunk of chunks([...new Set(trackIds)], ID_CHUNK)) {
        await runQuery(em, dbOf(em).deleteFrom('similarity_edges').where('track_id', 'in', chunk));
      }
      await insertEdges(em, edges);
      await runQuery(
        em,
        dbOf(em)
          .updateTable('similarity_graphs')
          .set({ change_seq: changeSeq, updated_at: timestampValue(em, new Date()) })
          .where('id', '=', GRAPH_ID),
      );
    });
  }

  /** The first `first` edges of a track, by rank. */
  async neighbours(trackId: number, first: number): Promise<SimilarityEdgeRecord[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('similarity_edges')
        .select(['track_id as trackId', 'rank', 'neighbour_id as neighbourId', 'distance'])
        .where('track_id', '=', trackId)
        .orderBy('rank')
        .limit(first),
    );
    return rows.map(edgeOf);
  }

  /** Every edge of these tracks, by track id then rank. */
  async edgesOf(trackIds: readonly number[]): Promise<SimilarityEdgeRecord[]> {
    const edges: SimilarityEdgeRecord[] = [];
    for (const chunk of chunks([...new Set(trackIds)], ID_CHUNK)) {
      const rows = await selectRows(
        this.#em,
        dbOf(this.#em)
          .selectFrom('similarity_edges')
          .select(['track_id as trackId', 'rank', 'neighbour_id as neighbourId', 'distance'])
          .where('track_id', 'in', chunk)
          .orderBy('track_id')
          .orderBy('rank'),
      );
      for (const row of rows) edges.push(edgeOf(row));
    }
    return edges;
  }

  /** Every edge, by track id then rank. */
  async all(): Promise<SimilarityEdgeRecord[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('similarity_edges')
        .select(['track_id as trackId', 'rank', 'neighbour_id as neighbourId', 'distance'])
        .orderBy('track_id')
        .orderBy('rank'),
    );
    return rows.map(edgeOf);
  }

}

function edgeOf(row: { trackId: number; rank: number; neighbourId: number; distance: number }): SimilarityEdgeRecord {
  return { trackId: Number(row.trackId), rank: Number(row.rank), neighbourId: Number(row.neighbourId), distance: Number(row.distance) };
}

/** SQL text of the `rows`-row edge insert per Kysely adapter (dialect), compiled once by Kysely (as LibraryChangeRepository). */
const insertSql = new WeakMap<object, Map<number, string>>();

async function insertEdges(em: EntityManager, edges: readonly SimilarityEdgeRecord[]): Promise<void> {
  const db = dbOf(em);
  const adapter = db.getExecutor().adapter;
  let cache = insertSql.get(adapter);
  if (cache === undefined) insertSql.set(adapter, (cache = new Map()));
  for (const chunk of chunks(edges, EDGE_CHUNK_ROWS)) {
    let text = cache.get(chunk.length);
    if (text === undefined) {
      const placeholder: Insertable<Database['similarity_edges']> = { track_id: 0, rank: 0, neighbour_id: 0, distance: 0 };
      const compiled = db.insertInto('similarity_edges').values(Array.from({ length: chunk.length }, () => placeholder)).compile();
      if (compiled.parameters.length !== chunk.length * PARAMETERS_PER_EDGE) {
        throw new Error(`similarity_edges insert of ${chunk.length} rows: expected ${chunk.length * PARAMETERS_PER_EDGE} parameters, Kysely compiled ${compiled.parameters.length}`);
      }
      text = compiled.sql;
      cache.set(chunk.length, text);
    }
    const parameters: number[] = new Array(chunk.length * PARAMETERS_PER_EDGE);
    chunk.forEach((e, i) => {
      parameters[i * 4] = e.trackId;
      parameters[i * 4 + 1] = e.rank;
      parameters[i * 4 + 2] = e.neighbourId;
      parameters[i * 4 + 3] = e.distance;
    });
    const sqlText = text;
    await runQuery(em, { compile: () => CompiledQuery.raw(sqlText, parameters) } as Compilable<unknown>);
  }
}
