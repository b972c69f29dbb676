import type { EntityManager } from '@mikro-orm/sql';
import { type Compilable, CompiledQuery, type SelectExpression } from 'kysely';
import { DIMENSIONS, type DimensionKey, type FingerprintValues, FINGERPRINT_VERSION, storedValue } from '../fingerprint/dimensions.ts';
import type { Database } from './database.ts';
import { InvalidFingerprintError, InvalidRangeError, TrackNotFoundError, UnknownDimensionError } from './errors.ts';
import { FACTS, type FingerprintFacts } from '../fingerprint/facts.ts';
import { decodeLoudnessHistogram, encodeLoudnessHistogram } from '../fingerprint/loudnessHistogram.ts';
import { TIMBRE_LENGTH, checkTimbre, decodeTimbre, encodeTimbre } from '../fingerprint/timbre.ts';
import { type FingerprintInput, checkFacts, checkTrackId, checkValues, checkVersion } from './fingerprintInput.ts';
import { FingerprintStatus } from './fingerprintStatus.ts';
import { type CheckedWhere, type FingerprintWhere, checkFingerprintWhere, whereCondition } from './fingerprintWhere.ts';
import { LibraryChangeRepository } from './LibraryChangeRepository.ts';
import { type KeysetPage, type KeysetRequest, checkKeysetRequest } from './pagination.ts';
import { MAX_PARAMETERS, chunks, dateOf, dbOf, runQuery, eachRowArray, selectRows, timestampValue } from './sql.ts';
import { type TrackFilter, TrackRepository, isEmptyTrackFilter, trackIdsMatching } from './TrackRepository.ts';
import { type ColumnStats, columnStats } from '../similarity/columnStats.ts';

/**
 * Rows per keyset page when reading every fingerprint (getVectorMatrix; the event loop runs between pages). Rows
 * arrive one at a time as arrays (eachRowArray): with a page of row objects alive at once, a server that built its
 * index at 1 000 000 fingerprints ended between 695 and 946 MB RSS (V8 kept a grown young generation and heap pages),
 * with rows one at a time between 626 and 700 MB.
 */
export const MATRIX_PAGE_ROWS = 1024;

/** track id, version and the 25 values of every fingerprint, in track-id order (getVectorMatrix). */
function vectorMatrixQuery(em: EntityManager) {
  return dbOf(em)
    .selectFrom('track_fingerprints')
    .select(['track_id', 'fingerprint_version', ...DIMENSIONS.map((d) => d.column)])
    .orderBy('track_id');
}

/** A typed array grown to `length` (its values kept). */
function grow<T extends Int32Array | Float32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}

/** Statistics of one dimension over the stored fingerprints, in its physical unit (columnStats). */
export type DimensionStats = ColumnStats;

/** Per-dimension statistics of the library; `dimensions` is null while no fingerprint is stored. */
export interface FingerprintStats {
  readonly count: number;
  readonly dimensions: Readonly<Record<DimensionKey, DimensionStats>> | null;
}

/**
 * A `track_fingerprints` row: the 25 values, the facts (null = not computed, e.g. a v1 row), ids, version and
 * timestamps. The one read shape of a fingerprint (the loudness histogram is read apart: `loudnessHistograms`).
 */
export type FingerprintRecord = Readonly<FingerprintValues> & Readonly<FingerprintFacts> & {
  readonly id: number;
  readonly trackId: number;
  /** FINGERPRINT_VERSION that produced the values. */
  readonly fingerprintVersion: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The 26 timbre values (server/fingerprint/timbre.ts), null when not computed. */
  readonly timbre: readonly number[] | null;
};

/** Every stored fingerprint as a packed matrix, for the in-memory similarity scan. */
export interface VectorMatrix {
  /** Track ids in ascending order; row i of `vectors` belongs to `trackIds[i]`. */
  readonly trackIds: Int32Array;
  /** Row-major, DIMENSIONS.length values per row, in spec order (physical units; stored values are f32: storedValue). */
  readonly vectors: Float32Array;
  /** FINGERPRINT_VERSION of each row. */
  readonly versions: Int32Array;
}

/** Aggregates of `track_fingerprints` that change with any write (the similarity index's cache key). */
export interface FingerprintTableState {
  readonly count: number;
  /** Latest updated_at (ms since the epoch), null when empty. */
  readonly latestUpdate: number | null;
  readonly maxId: number | null;
  readonly trackIdSum: number;
}

/** Bound parameters of one upserted row: track_id, version, created_at, updated_at, 25 values, the facts, the histogram, timbre. */
const PARAMETERS_PER_ROW = DIMENSIONS.length + FACTS.length + 6;
/**
 * Rows per multi-row `INSERT … ON CONFLICT` of upsertMany (within MAX_PARAMETERS).
 *
 * Measured (issue 9, 100 000 upserts on SQLite, insert / update in s, this 2-core machine at load 5–8):
 * 1 103 rows 5.4 / 6.0, 3.4 / 6.9, 5.5 / 6.9; 256 rows 3.6 / 6.8, 6.7 / 9.1; 128 rows 5.7 / 23.0; 64 rows
 * 6.1 / 10.7; 8 rows 13.5 / 17.9; one row per statement (the compiled single-row upsert per row in the one
 * transaction) 17.9 / 30.0. Kysely's SQLite driver runs `db.prepare(sql)` for every query, so a smaller
 * statement is not reused, only prepared more often; a CPU profile of the 1 103-row case put ~1.5 s in
 * `prepare` and most of the rest in SQLite running the statements. The largest chunk stays (888 rows with
 * the v2 fact and histogram columns); the bench's cached native single-row statement (bench/db.ts) is the
 * engine's floor beside it.
 */
export const UPSERT_CHUNK_ROWS = Math.floor(MAX_PARAMETERS / PARAMETERS_PER_ROW);

const FINGERPRINT_SELECT: readonly SelectExpression<Database, 'track_fingerprints'>[] = [
  'id',
  'track_id as trackId',
  'fingerprint_version as fingerprintVersion',
  'created_at as createdAt',
  'updated_at as updatedAt',
  ...DIMENSIONS.map((d) => `${d.column} as ${d.key}` as const),
  ...FACTS.map((f) => `${f.column} as ${f.key}` as const),
  'timbre',
];

type Row = Record<string, number | Date | Uint8Array | number[] | null>;

/** A selected row as a FingerprintRecord (in place: only the two timestamps change). */
function toRecord(row: Row): FingerprintRecord {
  row.createdAt = dateOf(row.createdAt as Date);
  row.updatedAt = dateOf(row.updatedAt as Date);
  row.timbre = row.timbre == null ? null : decodeTimbre(row.timbre as Uint8Array);
  return row as unknown as FingerprintRecord;
}

/** Status a track gets when it holds a fingerprint of this version. */
function statusFor(version: number): FingerprintStatus {
  return version >= FINGERPRINT_VERSION ? FingerprintStatus.CURRENT : FingerprintStatus.STALE;
}

/**
 * Every query and write of `track_fingerprints`, on the EntityManager it is given (per request: a fork).
 *
 * - Input is checked before anything is written, and a bad call writes nothing: unknown dimension →
 *   `UNKNOWN_DIMENSION`, bad range → `INVALID_RANGE`, `first` above MAX_PAGE_SIZE (500) →
 *   `PAGE_SIZE_EXCEEDED`, bad values → `INVALID_FINGERPRINT`, absent track → `TRACK_NOT_FOUND`.
 * - Writes keep the track's `fingerprintStatus` in step, in the same transaction: CURRENT (STALE for an
 *   older version) with `lastError` cleared after a write, MISSING after a delete. Each write is recorded in
 *   `library_changes` in that transaction too (LibraryChangeRepository), before any row is written.
 * - Lists are keyset pages ordered by track id.
 */
export class FingerprintRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /**
   * Stores the fingerprint of a track, replacing any previous one, with ONE statement
   * `INSERT … ON CONFLICT (track_id) DO UPDATE` (the row keeps its id and createdAt), and sets the track's
   * status, in one transaction. Returns the stored fingerprint.
   */
  async upsert(input: FingerprintInput): Promise<FingerprintRecord> {
    const trackId = checkTrackId(input?.trackId);
    await this.upsertMany([input]);
    return (await this.getByTrackId(trackId))!;
  }

  /**
   * Stores many fingerprints in one transaction: every input is checked first (a bad one rejects the whole
   * call, nothing is written), then multi-row `INSERT … ON CONFLICT (track_id) DO UPDATE` statements of
   * UPSERT_CHUNK_ROWS rows. A track id given twice keeps the last values. Returns the number written.
   */
  async upsertMany(inputs: readonly FingerprintInput[]): Promise<number> {
    if (!Array.isArray(inputs)) {
      throw new InvalidFingerprintError(`inputs: expected an array, received ${String(inputs)}`);
    }
    const latest = new Map<
      number,
      {
        values: Partial<FingerprintValues>;
        version: number;
        facts: FingerprintFacts;
        histogram: Uint8Array | null;
        timbre: Uint8Array | null;
      }
    >();
    inputs.forEach((input, index) => {
      try {
        const trackId = checkTrackId(input?.trackId);
        latest.delete(trackId);
        latest.set(trackId, {
          values: checkValues(input.values, { partial: false }),
          version: checkVersion(input.version),
          facts: checkFacts(input.facts),
          histogram: checkHistogram(input.loudnessHistogram),
          timbre: encodedTimbre(input.timbre),
        });
      } catch (error) {
        if (inputs.length > 1 && (error instanceof InvalidFingerprintError || error instanceof UnknownDimensionError)) {
          throw new InvalidFingerprintError(`inputs[${index}]: ${error.message}`, {
            field: ['inputs', String(index), ...(error.field ?? [])],
            cause: error,
          });
        }
        throw error;
      }
    });
    const trackIds = [...latest.keys()];
    if (trackIds.length === 0) return 0;
    await this.#em.transactional(async (em) => {
      await new LibraryChangeRepository(em).record('upsert', trackIds);
      await assertTracksExist(em, trackIds);
      const now = timestampValue(em, new Date());
      for (const chunk of chunks(trackIds, UPSERT_CHUNK_ROWS)) {
        const parameters: (number | Date | Uint8Array | null)[] = [];
        for (const trackId of chunk) {
          const { values, version, facts, histogram, timbre } = latest.get(trackId)!;
          parameters.push(trackId, version, now, now);
          for (const d of DIMENSIONS) parameters.push(storedValue(values[d.key]!));
          for (const f of FACTS) parameters.push(facts[f.key]);
          parameters.push(histogram, timbre);
        }
        await runQuery(em, upsertStatement(em, chunk.length, parameters));
      }
      const byStatus = new Map<FingerprintStatus, number[]>();
      for (const [id, { version }] of latest) {
        const status = statusFor(version);
        if (!byStatus.has(status)) byStatus.set(status, []);
        byStatus.get(status)!.push(id);
      }
      const tracks = new TrackRepository(em);
      for (const [status, ids] of byStatus) await tracks.setStatus(ids, status);
    });
    return trackIds.length;
  }

  /** Deletes the fingerprint of a track and marks the track MISSING. Returns whether there was one. */
  async delete(trackId: number): Promise<boolean> {
    checkTrackId(trackId);
    return this.#em.transactional(async (em) => {
      const changes = new LibraryChangeRepository(em);
      await changes.lock();
      const { affected } = await runQuery(em, dbOf(em).deleteFrom('track_fingerprints').where('track_id', '=', trackId));
      if (affected > 0) {
        await new TrackRepository(em).setStatus(trackId, FingerprintStatus.MISSING);
        await changes.record('delete', [trackId]);
      }
      return affected > 0;
    });
  }

  /** The fingerprint of a track, or null. */
  async getByTrackId(trackId: number): Promise<FingerprintRecord | null> {
    checkTrackId(trackId);
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em).selectFrom('track_fingerprints').select(FINGERPRINT_SELECT).where('track_id', '=', trackId),
    );
    return row ? toRecord(row as Row) : null;
  }

  /**
   * Batch load for DataLoader: ONE query per chunk of ids, results in key order, null where a track has no
   * fingerprint (or does not exist). Duplicate ids are allowed.
   */
  async loadByTrackIds(trackIds: readonly number[]): Promise<(FingerprintRecord | null)[]> {
    trackIds.forEach((id, index) => checkTrackId(id, ['trackIds', String(index)]));
    const byTrack = new Map<number, FingerprintRecord>();
    for (const chunk of chunks([...new Set(trackIds)], MAX_PARAMETERS)) {
      const rows = await selectRows(
        this.#em,
        dbOf(this.#em).selectFrom('track_fingerprints').select(FINGERPRINT_SELECT).where('track_id', 'in', chunk),
      );
      for (const row of rows) {
        const record = toRecord(row as Row);
        byTrack.set(record.trackId, record);
      }
    }
    return trackIds.map((id) => byTrack.get(id) ?? null);
  }

  /**
   * One keyset page (by track id) of the fingerprints matching `where`, e.g.
   * `{ lufs: { gte: -14, lte: -10 }, or: [{ tempoBpm: { lt: 90 } }, { tempoBpm: { gt: 160 } }] }`, whose
   * tracks also match `tracks` (TrackRepository's filter, e.g. `{ search: 'bach' }`; `track_id in (…)`).
   * Validation: UNKNOWN_DIMENSION, INVALID_RANGE, INVALID_FILTER, PAGE_SIZE_EXCEEDED.
   */
  async page(
    where: FingerprintWhere | null | undefined,
    request: KeysetRequest = {},
    tracks: TrackFilter = {},
  ): Promise<KeysetPage<FingerprintRecord>> {
    const checked = checkFingerprintWhere(where);
    const { first, after } = checkKeysetRequest(request);
    let query = this.#matching(checked, tracks).select(FINGERPRINT_SELECT);
    if (after !== undefined) query = query.where('track_id', '>', after.id);
    const rows = await selectRows(this.#em, query.orderBy('track_id').limit(first + 1));
    return {
      nodes: rows.slice(0, first).map((row) => toRecord(row as Row)),
      hasNextPage: rows.length > first,
      totalCount: () => this.#count(checked, tracks),
    };
  }

  /** Number of fingerprints matching `where` (all of them without one) whose tracks match `tracks`. */
  async count(where?: FingerprintWhere | null, tracks: TrackFilter = {}): Promise<number> {
    return this.#count(checkFingerprintWhere(where), tracks);
  }

  async #count(where: CheckedWhere, tracks: TrackFilter): Promise<number> {
    const [row] = await selectRows(this.#em, this.#matching(where, tracks).select((eb) => eb.fn.countAll<number>().as('n')));
    return Number(row!.n);
  }

  /** `from track_fingerprints where <where> [and track_id in (<tracks>)]`. */
  #matching(where: CheckedWhere, tracks: TrackFilter) {
    const db = dbOf(this.#em);
    const query = db.selectFrom('track_fingerprints').where((eb) => whereCondition(eb, where));
    return isEmptyTrackFilter(tracks) ? query : query.where('track_id', 'in', trackIdsMatching(db, tracks));
  }

  /**
   * min / max / mean / std / p5 / p95 of every dimension over the stored fingerprints (all versions).
   * p5 and p95 interpolate linearly between order statistics: at rank h = (n − 1)·q,
   * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
   */
  async getStats(): Promise<FingerprintStats> {
    const { vectors, trackIds } = await this.getVectorMatrix();
    const n = trackIds.length;
    if (n === 0) return { count: 0, dimensions: null };
    const width = DIMENSIONS.length;
    const column = new Float64Array(n);
    const dimensions = {} as Record<DimensionKey, DimensionStats>;
    DIMENSIONS.forEach((d, j) => {
      for (let i = 0; i < n; i++) column[i] = vectors[i * width + j]!;
      dimensions[d.key] = columnStats(column);
    });
    return { count: n, dimensions };
  }

  /**
   * The stored loudness histograms of these tracks (dense block counts per bin), one query per chunk; a track
   * without a fingerprint or without a stored histogram (v1, or a build that does not export it) is absent.
   */
  async loudnessHistograms(trackIds: readonly number[]): Promise<Map<number, Float64Array>> {
    trackIds.forEach((id, index) => checkTrackId(id, ['trackIds', String(index)]));
    const histograms = new Map<number, Float64Array>();
    for (const chunk of chunks([...new Set(trackIds)], MAX_PARAMETERS)) {
      const rows = await selectRows(
        this.#em,
        dbOf(this.#em)
          .selectFrom('track_fingerprints')
          .select(['track_id', 'loudness_histogram'])
          .where('track_id', 'in', chunk)
          .where('loudness_histogram', 'is not', null),
      );
      for (const row of rows) histograms.set(row.track_id, decodeLoudnessHistogram(row.loudness_histogram!));
    }
    return histograms;
  }

  /**
   * Every stored timbre as a packed matrix in track-id order (one query): `trackIds[i]` has the 26 values
   * `values[26·i … 26·i + 25]` (server/fingerprint/timbre.ts); fingerprints without timbre are left out.
   */
  async getTimbreMatrix(): Promise<{ readonly trackIds: Int32Array; readonly values: Float64Array }> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('track_fingerprints')
        .select(['track_id', 'timbre'])
        .where('timbre', 'is not', null)
        .orderBy('track_id'),
    );
    const trackIds = new Int32Array(rows.length);
    const values = new Float64Array(rows.length * TIMBRE_LENGTH);
    rows.forEach((row, i) => {
      trackIds[i] = Number(row.track_id);
      values.set(decodeTimbre(row.timbre!), i * TIMBRE_LENGTH);
    });
    return { trackIds, values };
  }

  /**
   * Every stored fingerprint as a packed matrix in track-id order (one query); with `trackIds`, only those
   * tracks' fingerprints (absent ones left out; one query per chunk of MAX_PARAMETERS ids).
   */
  async getVectorMatrix(trackIds?: readonly number[]): Promise<VectorMatrix> {
    const select = () => vectorMatrixQuery(this.#em);
    if (trackIds === undefined) return this.#streamVectorMatrix();
    trackIds.forEach((id, index) => checkTrackId(id, ['trackIds', String(index)]));
    const rows: Record<string, number>[] = [];
    for (const chunk of chunks([...new Set(trackIds)], MAX_PARAMETERS)) {
      rows.push(...((await selectRows(this.#em, select().where('track_id', 'in', chunk))) as unknown as Record<string, number>[]));
    }
    rows.sort((a, b) => a.track_id! - b.track_id!);
    const width = DIMENSIONS.length;
    const ids = new Int32Array(rows.length);
    const versions = new Int32Array(rows.length);
    const vectors = new Float32Array(rows.length * width);
    rows.forEach((row, i) => {
      ids[i] = row.track_id!;
      versions[i] = row.fingerprint_version!;
      for (let j = 0; j < width; j++) vectors[i * width + j] = row[DIMENSIONS[j]!.column]!;
    });
    return { trackIds: ids, vectors, versions };
  }

  /**
   * Every stored fingerprint in track-id order, read in keyset pages of MATRIX_PAGE_ROWS straight into the typed
   * arrays (sized by a count first, grown if rows arrive meanwhile), so that no more than one page of row objects
   * is alive at a time (1 000 000 rows as objects would take ≈ 1 GB; the matrix takes 108 MB). The pages are
   * separate statements: a write between them may or may not be seen, as with a write just after one query; the
   * similarity index reads the change counter before and applies later changes as deltas.
   */
  async #streamVectorMatrix(): Promise<VectorMatrix> {
    const select = () => vectorMatrixQuery(this.#em);
    const width = DIMENSIONS.length;
    let capacity = Math.max(1, await this.count());
    let ids = new Int32Array(capacity);
    let versions = new Int32Array(capacity);
    let vectors = new Float32Array(capacity * width);
    let n = 0;
    // Track ids are positive: every page is the same statement (`track_id > ?`), prepared once.
    let after = 0;
    for (;;) {
      const query = select().where('track_id', '>', after);
      // Rows as arrays [track_id, fingerprint_version, 25 values] (vectorMatrixQuery's order), one at a time.
      const count = await eachRowArray(this.#em, query.limit(MATRIX_PAGE_ROWS), (row) => {
        if (n === capacity) {
          capacity = Math.ceil(capacity * 1.25);
          ids = grow(ids, capacity);
          versions = grow(versions, capacity);
          vectors = grow(vectors, capacity * width);
        }
        ids[n] = row[0] as number;
        versions[n] = row[1] as number;
        const base = n * width;
        for (let j = 0; j < width; j++) vectors[base + j] = row[2 + j] as number;
        n++;
      });
      if (count < MATRIX_PAGE_ROWS) break;
      after = ids[n - 1]!;
    }
    if (n === capacity) return { trackIds: ids, vectors, versions };
    return { trackIds: ids.slice(0, n), vectors: vectors.slice(0, n * width), versions: versions.slice(0, n) };
  }

  /** Count, latest update, max id and sum of track ids: one aggregate that moves with any write. */
  async tableState(): Promise<FingerprintTableState> {
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('track_fingerprints')
        .select((eb) => [
          eb.fn.countAll<number>().as('count'),
          eb.fn.max('updated_at').as('latestUpdate'),
          eb.fn.max('id').as('maxId'),
          eb.fn.sum<number>('track_id').as('trackIdSum'),
        ]),
    );
    return {
      count: Number(row!.count),
      latestUpdate: row!.latestUpdate == null ? null : dateOf(row!.latestUpdate).getTime(),
      maxId: row!.maxId == null ? null : Number(row!.maxId),
      trackIdSum: Number(row!.trackIdSum ?? 0),
    };
  }
}

/** The 25 values of a stored fingerprint. */
export function fingerprintValuesOf(fingerprint: Readonly<FingerprintValues>): FingerprintValues {
  return Object.fromEntries(DIMENSIONS.map((d) => [d.key, fingerprint[d.key]])) as FingerprintValues;
}

export { percentileOfSorted } from '../similarity/columnStats.ts';

/** Columns of an upserted row, in the order upsertStatement's parameters follow. */
const UPSERT_COLUMNS = [
  'track_id',
  'fingerprint_version',
  'created_at',
  'updated_at',
  ...DIMENSIONS.map((d) => d.column),
  ...FACTS.map((f) => f.column),
  'loudness_histogram',
  'timbre',
] as const;

/** SQL text of the `rows`-row upsert per Kysely executor (dialect), compiled once by Kysely. */
const upsertSql = new WeakMap<object, Map<number, string>>();

/**
 * The multi-row `INSERT … ON CONFLICT (track_id) DO UPDATE` of `rows` rows with these parameters (row by row,
 * in UPSERT_COLUMNS order). Kysely builds and compiles the statement once per row count and dialect (building
 * a 1 103-row insert costs more than running it); later calls reuse its SQL text with new bound parameters.
 */
function upsertStatement(
  em: EntityManager,
  rows: number,
  parameters: readonly (number | Date | Uint8Array | null)[],
): Compilable<unknown> {
  const db = dbOf(em);
  const adapter = db.getExecutor().adapter;
  let cache = upsertSql.get(adapter);
  if (cache === undefined) upsertSql.set(adapter, (cache = new Map()));
  let text = cache.get(rows);
  if (text === undefined) {
    const placeholderRow = Object.fromEntries(UPSERT_COLUMNS.map((column) => [column, 0])) as unknown as Database['track_fingerprints'];
    const compiled = db
      .insertInto('track_fingerprints')
      .values(Array.from({ length: rows }, () => placeholderRow) as never)
      .onConflict((oc) =>
        oc.column('track_id').doUpdateSet((eb) => {
          const set: Record<string, unknown> = {};
          for (const column of UPSERT_COLUMNS.slice(1)) {
            if (column !== 'created_at') set[column] = eb.ref(`excluded.${column}`);
          }
          return set as never;
        }),
      )
      .compile();
    if (compiled.parameters.length !== rows * UPSERT_COLUMNS.length) {
      throw new Error(`upsert of ${rows} rows: expected ${rows * UPSERT_COLUMNS.length} parameters, Kysely compiled ${compiled.parameters.length}`);
    }
    text = compiled.sql;
    cache.set(rows, text);
  }
  const sqlText = text;
  return { compile: () => CompiledQuery.raw(sqlText, [...parameters]) };
}

/** The stored form of an input histogram (null when none); INVALID_FINGERPRINT when it is not block counts. */
function checkHistogram(histogram: ArrayLike<number> | null | undefined): Uint8Array | null {
  if (histogram === undefined || histogram === null) return null;
  try {
    return encodeLoudnessHistogram(histogram);
  } catch (error) {
    throw new InvalidFingerprintError((error as Error).message, { field: ['loudnessHistogram'], cause: error });
  }
}

/** The stored form of input timbre values (null when none); INVALID_FINGERPRINT when they are not 26 valid numbers. */
function encodedTimbre(timbre: ArrayLike<number> | null | undefined): Uint8Array | null {
  const checked = checkTimbre(timbre);
  return checked === null ? null : encodeTimbre(checked);
}

/** Throws TrackNotFoundError naming the first id that has no track. */
async function assertTracksExist(em: EntityManager, trackIds: readonly number[]): Promise<void> {
  const found = new Set<number>();
  for (const chunk of chunks(trackIds, MAX_PARAMETERS)) {
    const rows = await selectRows(em, dbOf(em).selectFrom('tracks').select('id').where('id', 'in', chunk));
    for (const row of rows) found.add(row.id);
  }
  const missing = trackIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new TrackNotFoundError(missing);
}
