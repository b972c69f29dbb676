import type { EntityManager } from '@mikro-orm/sql';
import type { Selectable } from 'kysely';
import type { LibraryMapsTable } from './database.ts';
import { AuralisError } from '../errors.ts';
import { dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** The library's 2-D map as stored (`library_maps`, one row; server/db/LibraryMap.ts). */
export interface LibraryMapRecord {
  /** `library@<computed-at ms>` or `fallback` (server/similarity/graph.ts `normaliserIdentity`). */
  readonly normaliserIdentity: string;
  /** `library_changes` max(seq) the map reflects. */
  readonly changeSeq: number;
  /** UMAP settings: random seed, neighbours, optimisation epochs. */
  readonly seed: number;
  readonly neighbours: number;
  readonly epochs: number;
  /** Track ids, ascending. */
  readonly trackIds: Int32Array;
  /** Positions in [0, 1], one scale for both axes (`x[i]`, `y[i]` belong to `trackIds[i]`). */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Compute time, ms. */
  readonly milliseconds: number;
  readonly computedAt: Date;
}

/** Stored points whose byte count does not match their point count. Code `CORRUPT_LIBRARY_MAP`. */
export class CorruptLibraryMapError extends AuralisError {
  constructor(expected: number, received: number) {
    super('CORRUPT_LIBRARY_MAP', `library_maps.points: expected ${expected} bytes, received ${received}; build the map again`);
  }
}

const MAP_ID = 1;
/** Bytes per point: int32 track id, float32 x, float32 y. */
const BYTES_PER_POINT = 12;

/** The points as stored: little-endian int32 track ids, then float32 x, then float32 y. */
export function encodeMapPoints(trackIds: Int32Array, x: Float32Array, y: Float32Array): Uint8Array {
  const n = trackIds.length;
  const view = new DataView(new ArrayBuffer(n * BYTES_PER_POINT));
  for (let i = 0; i < n; i++) {
    view.setInt32(4 * i, trackIds[i]!, true);
    view.setFloat32(4 * (n + i), x[i]!, true);
    view.setFloat32(4 * (2 * n + i), y[i]!, true);
  }
  return new Uint8Array(view.buffer);
}

/** The stored bytes of `count` points back as arrays; CORRUPT_LIBRARY_MAP when the length does not match. */
export function decodeMapPoints(bytes: Uint8Array, count: number): { trackIds: Int32Array; x: Float32Array; y: Float32Array } {
  if (bytes.byteLength !== count * BYTES_PER_POINT) throw new CorruptLibraryMapError(count * BYTES_PER_POINT, bytes.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trackIds = new Int32Array(count);
  const x = new Float32Array(count);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    trackIds[i] = view.getInt32(4 * i, true);
    x[i] = view.getFloat32(4 * (count + i), true);
    y[i] = view.getFloat32(4 * (2 * count + i), true);
  }
  return { trackIds, x, y };
}

/** The columns of a stored map besides its points. */
const HEADER_COLUMNS = ['normaliser_identity', 'change_seq', 'seed', 'neighbours', 'epochs', 'milliseconds', 'computed_at'] as const;

/** A stored map's row (its HEADER_COLUMNS) as the record's fields without the points. */
function headerOf(row: Pick<Selectable<LibraryMapsTable>, (typeof HEADER_COLUMNS)[number]>): Omit<LibraryMapRecord, 'trackIds' | 'x' | 'y'> {
  return {
    normaliserIdentity: row.normaliser_identity,
    changeSeq: Number(row.change_seq),
    seed: Number(row.seed),
    neighbours: Number(row.neighbours),
    epochs: Number(row.epochs),
    milliseconds: Number(row.milliseconds),
    computedAt: dateOf(row.computed_at),
  };
}

/** The `library_maps` table: the one stored map (read whole, replaced whole). */
export class LibraryMapRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** The stored map, or null when none was computed. */
  async get(): Promise<LibraryMapRecord | null> {
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('library_maps')
        .select([...HEADER_COLUMNS, 'point_count', 'points'])
        .where('id', '=', MAP_ID),
    );
    if (row === undefined) return null;
    return { ...headerOf(row), ...decodeMapPoints(row.points, Number(row.point_count)) };
  }

  /** When and from what the stored map was computed (no points), or null. */
  async header(): Promise<Omit<LibraryMapRecord, 'trackIds' | 'x' | 'y'> | null> {
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em).selectFrom('library_maps').select(HEADER_COLUMNS).where('id', '=', MAP_ID),
    );
    return row === undefined ? null : headerOf(row);
  }

  /** Replaces the stored map. */
  async replace(map: LibraryMapRecord): Promise<void> {
    await this.#em.transactional(async (em) => {
      await runQuery(em, dbOf(em).deleteFrom('library_maps'));
      await runQuery(
        em,
        dbOf(em).insertInto('library_maps').values({
          id: MAP_ID,
          normaliser_identity: map.normaliserIdentity,
          change_seq: map.changeSeq,
          seed: map.seed,
          neighbours: map.neighbours,
          epochs: map.epochs,
          point_count: map.trackIds.length,
          points: encodeMapPoints(map.trackIds, map.x, map.y),
          milliseconds: Math.round(map.milliseconds),
          computed_at: timestampValue(em, map.computedAt),
        }),
      );
    });
  }
}
