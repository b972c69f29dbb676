import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sqlite';
import {
  DIMENSIONS,
  type DimensionKey,
  type FingerprintValues,
  FINGERPRINT_VERSION,
} from '../fingerprint/dimensions.ts';
import { type DimensionRanges, checkDimensionRange, checkDimensionRanges, rangeComparisons, rangesToFilter } from './dimensionRanges.ts';
import {
  DuplicateFingerprintError,
  FingerprintNotFoundError,
  InvalidFingerprintError,
  TrackNotFoundError,
  UnknownDimensionError,
} from './errors.ts';
import { type FingerprintInput, checkTrackId, checkValues, checkVersion } from './fingerprintInput.ts';
import { FingerprintStatus } from './fingerprintStatus.ts';
import { type PageOptions, checkPage } from './pagination.ts';
import { Track } from './Track.ts';
import { TrackFingerprint } from './TrackFingerprint.ts';
import { columnStats } from '../similarity/columnStats.ts';

export { percentileOfSorted } from '../similarity/columnStats.ts';

/** Rows per multi-row INSERT of a bulk upsert (29 bound parameters each; SQLite allows 32 766). */
export const UPSERT_CHUNK_ROWS = 500;

/**
 * How upsertMany sends rows: `prepared` (default where available: one prepared single-row statement
 * re-run per row, SQLite only) or `multiRow` (statements of UPSERT_CHUNK_ROWS rows, any driver).
 */
export type UpsertStrategy = 'prepared' | 'multiRow';

/** Statistics of one dimension over the stored fingerprints, in its physical unit. */
export interface DimensionStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /** 5th percentile, linear interpolation between order statistics (numpy's default). */
  readonly p5: number;
  /** 95th percentile, same method. */
  readonly p95: number;
}

/** Per-dimension statistics of the library; `dimensions` is null while no fingerprint is stored. */
export interface FingerprintStats {
  readonly count: number;
  readonly dimensions: Readonly<Record<DimensionKey, DimensionStats>> | null;
}

/**
 * A stored fingerprint as a plain, read-only object: the 25 values plus ids, version and timestamps.
 * The `…Records` methods return these without creating entities (no identity map, no change
 * tracking), several times faster than entities for long lists (bench/db.ts); use them for read-only
 * lists, and the entity methods where an entity is needed.
 */
export type FingerprintRecord = Readonly<FingerprintValues> & {
  readonly id: number;
  readonly trackId: number;
  readonly fingerprintVersion: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

/** Every stored fingerprint as a packed matrix, for the in-memory similarity scan. */
export interface VectorMatrix {
  /** Track ids in ascending order; row i of `vectors` belongs to `trackIds[i]`. */
  readonly trackIds: Int32Array;
  /** Row-major, DIMENSIONS.length values per row, in spec order (physical units). */
  readonly vectors: Float64Array;
  /** FINGERPRINT_VERSION of each row. */
  readonly versions: Int32Array;
}

const TABLE = 'track_fingerprints';
const DIMENSION_COLUMNS = DIMENSIONS.map((d) => d.column);
const INSERT_COLUMNS = ['track_id', ...DIMENSION_COLUMNS, 'fingerprint_version', 'created_at', 'updated_at'];
const ROW_PLACEHOLDERS = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
const UPSERT_PREFIX = `insert into \`${TABLE}\` (${INSERT_COLUMNS.map((c) => `\`${c}\``).join(', ')}) values `;
const UPSERT_SUFFIX =
  ' on conflict (`track_id`) do update set ' +
  [...DIMENSION_COLUMNS, 'fingerprint_version', 'updated_at'].map((c) => `\`${c}\` = excluded.\`${c}\``).join(', ');

/** The condition on `tracks as t` that the track has no fingerprint row. */
const WITHOUT_FINGERPRINT = 'not exists (select 1 from `track_fingerprints` as f where f.`track_id` = t.`id`)';

/** Positional parameters of one row, in INSERT_COLUMNS order. */
function rowParameters(trackId: number, values: Partial<FingerprintValues>, version: number, now: number): unknown[] {
  return [trackId, ...DIMENSIONS.map((d) => values[d.key]), version, now, now];
}

/** Status a track gets when it holds a fingerprint of this version. */
function statusFor(version: number): FingerprintStatus {
  return version >= FINGERPRINT_VERSION ? FingerprintStatus.CURRENT : FingerprintStatus.STALE;
}

/**
 * Queries and writes of `track_fingerprints`, on the EntityManager it is given (per request: a fork).
 *
 * Rules every method follows:
 * - Input is checked before anything is written, and a bad call writes nothing: unknown dimension →
 *   `UNKNOWN_DIMENSION`, bad range → `INVALID_RANGE`, limit above MAX_PAGE_SIZE (500) →
 *   `PAGE_SIZE_EXCEEDED`, bad values → `INVALID_FINGERPRINT`, absent track → `TRACK_NOT_FOUND`.
 * - Writes of a fingerprint keep the track's `fingerprintStatus` in step, in the same transaction:
 *   CURRENT (or STALE for an older version) with `lastError` cleared after a write, MISSING after a delete.
 * - Lists are ordered by track id, ascending, so pages are deterministic; `after` is a keyset cursor
 *   on the track id.
 */
export class FingerprintRepository {
  readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /**
   * Inserts the fingerprint of a track that has none: a plain INSERT, so that a concurrent writer
   * cannot be overwritten; the UNIQUE track_id turns a second one into FINGERPRINT_ALREADY_EXISTS.
   */
  async add(input: FingerprintInput): Promise<TrackFingerprint> {
    return this.store(input, { replace: false });
  }

  /**
   * Stores the fingerprint of a track, replacing any previous one, as ONE statement
   * `INSERT … ON CONFLICT(track_id) DO UPDATE` (the row keeps its id and `createdAt`), and updates the
   * track's status, both in one transaction. Returns the stored fingerprint.
   */
  async upsert(input: FingerprintInput): Promise<TrackFingerprint> {
    return this.store(input, { replace: true });
  }

  /**
   * Stores many fingerprints in one transaction: every input is checked first (a bad one rejects the
   * whole call, nothing is written), then each row goes through the same single
   * `INSERT … ON CONFLICT(track_id) DO UPDATE` statement. On SQLite (better-sqlite3) that statement is
   * prepared once per connection and re-run per row, which measured about 2× faster than multi-row
   * statements (bench/db.ts); other drivers, or `strategy: 'multiRow'`, send multi-row statements of
   * UPSERT_CHUNK_ROWS rows. A track id given twice keeps the last values. Returns the number written.
   */
  async upsertMany(inputs: readonly FingerprintInput[], options: { strategy?: UpsertStrategy } = {}): Promise<number> {
    if (!Array.isArray(inputs)) {
      throw new InvalidFingerprintError(`inputs: expected an array, received ${String(inputs)}`);
    }
    const latest = new Map<number, { values: Partial<FingerprintValues>; version: number }>();
    inputs.forEach((input, index) => {
      try {
        const trackId = checkTrackId(input?.trackId);
        latest.delete(trackId);
        latest.set(trackId, { values: checkValues(input.values, { partial: false }), version: checkVersion(input.version) });
      } catch (error) {
        if (error instanceof InvalidFingerprintError || error instanceof UnknownDimensionError) {
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
    await this.em.transactional(async (em) => {
      await assertTracksExist(em, trackIds);
      const now = Date.now();
      const native = options.strategy === 'multiRow' ? undefined : await nativeSqlite(em);
      if (native) {
        const statement = preparedUpsert(native);
        for (const id of trackIds) {
          const { values, version } = latest.get(id)!;
          statement.run(rowParameters(id, values, version, now));
        }
      } else {
        for (let start = 0; start < trackIds.length; start += UPSERT_CHUNK_ROWS) {
          const chunk = trackIds.slice(start, start + UPSERT_CHUNK_ROWS);
          const parameters: unknown[] = [];
          for (const id of chunk) {
            const { values, version } = latest.get(id)!;
            parameters.push(...rowParameters(id, values, version, now));
          }
          const sql = UPSERT_PREFIX + chunk.map(() => ROW_PLACEHOLDERS).join(', ') + UPSERT_SUFFIX;
          await em.execute(sql, parameters, 'run');
        }
      }
      const byStatus = new Map<FingerprintStatus, number[]>();
      for (const [id, { version }] of latest) {
        const status = statusFor(version);
        if (!byStatus.has(status)) byStatus.set(status, []);
        byStatus.get(status)!.push(id);
      }
      for (const [status, ids] of byStatus) await setStatus(em, ids, status);
    });
    await this.refreshManagedTracks(trackIds);
    await this.refreshManagedFingerprints(trackIds);
    return trackIds.length;
  }

  /**
   * Changes some values of an existing fingerprint (FINGERPRINT_NOT_FOUND when the track has none).
   * `version` defaults to the stored one. Returns the updated fingerprint.
   */
  async update(trackId: number, values: Partial<FingerprintValues>, options: { version?: number } = {}): Promise<TrackFingerprint> {
    checkTrackId(trackId);
    const changes = checkValues(values, { partial: true });
    if (options.version !== undefined) checkVersion(options.version);
    const current = await this.getByTrackId(trackId, { refresh: true });
    if (!current) throw new FingerprintNotFoundError(trackId);
    const version = options.version ?? current.fingerprintVersion;
    return this.upsert({ trackId, values: { ...fingerprintValuesOf(current), ...changes }, version });
  }

  /** Deletes the fingerprint of a track and marks the track MISSING. Returns whether there was one. */
  async delete(trackId: number): Promise<boolean> {
    checkTrackId(trackId);
    const deleted = await this.em.transactional(async (em) => {
      const count = await em.nativeDelete(TrackFingerprint, { track: trackId });
      if (count > 0) await setStatus(em, [trackId], FingerprintStatus.MISSING);
      return count > 0;
    });
    for (const fp of this.managedFingerprints([trackId])) this.em.getUnitOfWork().unsetIdentity(fp);
    await this.refreshManagedTracks([trackId]);
    return deleted;
  }

  /** The fingerprint of a track, or null. */
  async getByTrackId(trackId: number, options: { refresh?: boolean } = {}): Promise<TrackFingerprint | null> {
    checkTrackId(trackId);
    return this.em.findOne(TrackFingerprint, { track: trackId }, { refresh: options.refresh ?? false });
  }

  /**
   * Batch load for DataLoader: ONE query for all ids, results in key order, null where a track has no
   * fingerprint (or does not exist). Duplicate ids are allowed.
   */
  async loadByTrackIds(trackIds: readonly number[]): Promise<(TrackFingerprint | null)[]> {
    trackIds.forEach((id, index) => checkTrackId(id, ['trackIds', String(index)]));
    if (trackIds.length === 0) return [];
    const unique = [...new Set(trackIds)];
    const found = await this.em.find(TrackFingerprint, { track: { $in: unique } });
    const byTrack = new Map(found.map((fp) => [trackIdOf(fp), fp]));
    return trackIds.map((id) => byTrack.get(id) ?? null);
  }

  /** A page of fingerprints ordered by track id (limit ≤ 500, offset, or keyset `after`). */
  async getAll(page: PageOptions = {}): Promise<TrackFingerprint[]> {
    return this.findWhere({}, page);
  }

  /** Number of stored fingerprints. */
  async count(): Promise<number> {
    return this.em.count(TrackFingerprint, {});
  }

  /** Whether the track has a fingerprint. */
  async exists(trackId: number): Promise<boolean> {
    checkTrackId(trackId);
    return (await this.em.count(TrackFingerprint, { track: trackId })) > 0;
  }

  /** A page of the tracks that have no fingerprint row, ordered by id (keyset `after` on the track id). */
  async getMissing(page: PageOptions = {}): Promise<Track[]> {
    const { limit, offset, after } = checkPage(page);
    if (limit === 0) return [];
    const rows = await this.em.execute(
      `select t.* from \`tracks\` as t where ${WITHOUT_FINGERPRINT}` +
        (after === undefined ? '' : ' and t.`id` > ?') +
        ' order by t.`id` limit ? offset ?',
      after === undefined ? [limit, offset] : [after, limit, offset],
      'all',
    );
    return rows.map((row) => this.em.map(Track, row));
  }

  /** Number of tracks that have no fingerprint row. */
  async countMissing(): Promise<number> {
    const [row] = await this.em.execute<{ n: number }[]>(
      `select count(*) as n from \`tracks\` as t where ${WITHOUT_FINGERPRINT}`,
      [],
      'all',
    );
    return row!.n;
  }

  /** A page of fingerprints whose version is below FINGERPRINT_VERSION (to re-analyse), by track id. */
  async getStale(page: PageOptions = {}): Promise<TrackFingerprint[]> {
    return this.findWhere({ fingerprintVersion: { $lt: FINGERPRINT_VERSION } }, page);
  }

  /** Number of fingerprints whose version is below FINGERPRINT_VERSION. */
  async countStale(): Promise<number> {
    return this.em.count(TrackFingerprint, { fingerprintVersion: { $lt: FINGERPRINT_VERSION } });
  }

  /** Fingerprints with min ≤ dimension ≤ max (physical unit), by track id. */
  async getByDimensionRange(dimension: string, min: number, max: number, page: PageOptions = {}): Promise<TrackFingerprint[]> {
    const range = checkDimensionRange(dimension, { gte: min, lte: max });
    return this.findWhere(rangesToFilter([range]), page);
  }

  /**
   * Fingerprints inside every given range (AND), e.g.
   * `{ lufs: { gte: -14, lte: -10 }, tempoBpm: { gte: 118, lte: 122 } }`, ordered by track id.
   * Validation: UNKNOWN_DIMENSION, INVALID_RANGE (non-finite bound, gte > lte …), PAGE_SIZE_EXCEEDED.
   */
  async getByMultiDimensionRange(where: DimensionRanges, page: PageOptions = {}): Promise<TrackFingerprint[]> {
    return this.findWhere(rangesToFilter(checkDimensionRanges(where)), page);
  }

  /** Number of fingerprints inside every given range (same validation as getByMultiDimensionRange). */
  async countByMultiDimensionRange(where: DimensionRanges): Promise<number> {
    return this.em.count(TrackFingerprint, rangesToFilter(checkDimensionRanges(where)));
  }

  /**
   * A page of fingerprints matching a MikroORM filter, ordered by track id, with keyset `after`.
   * For composed conditions: build the parts with checkDimensionRanges + rangesToFilter (which
   * validate) and combine them with `$and` / `$or` / `$not`.
   */
  async findWhere(filter: FilterQuery<TrackFingerprint>, page: PageOptions = {}): Promise<TrackFingerprint[]> {
    const { limit, offset, after } = checkPage(page);
    if (limit === 0) return [];
    const where = (after === undefined ? filter : { $and: [filter, { track: { $gt: after } }] }) as FilterQuery<TrackFingerprint>;
    return this.em.find(TrackFingerprint, where, { orderBy: { track: 'asc' }, limit, offset });
  }

  /** Number of fingerprints matching a MikroORM filter (see findWhere). */
  async countWhere(filter: FilterQuery<TrackFingerprint>): Promise<number> {
    return this.em.count(TrackFingerprint, filter);
  }

  /**
   * Same query and validation as getByMultiDimensionRange, returning FingerprintRecords (plain
   * objects, no entities): the fast path for long read-only lists.
   */
  async getRecordsByMultiDimensionRange(where: DimensionRanges, page: PageOptions = {}): Promise<FingerprintRecord[]> {
    const ranges = checkDimensionRanges(where);
    const { limit, offset, after } = checkPage(page);
    if (limit === 0) return [];
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    for (const comparison of ranges.flatMap(rangeComparisons)) {
      conditions.push(comparison.sql);
      parameters.push(...comparison.params);
    }
    if (after !== undefined) {
      conditions.push('`track_id` > ?');
      parameters.push(after);
    }
    const rows = await this.em.execute<Record<string, number>[]>(
      `select * from \`${TABLE}\`${conditions.length > 0 ? ` where ${conditions.join(' and ')}` : ''} ` +
        'order by `track_id` limit ? offset ?',
      [...parameters, limit, offset],
      'all',
    );
    return rows.map(toRecord);
  }

  /** A page of FingerprintRecords ordered by track id (see getRecordsByMultiDimensionRange). */
  async getAllRecords(page: PageOptions = {}): Promise<FingerprintRecord[]> {
    return this.getRecordsByMultiDimensionRange({}, page);
  }

  /**
   * Batch load of FingerprintRecords for DataLoader: ONE query, results in key order, null where a
   * track has no fingerprint.
   */
  async loadRecordsByTrackIds(trackIds: readonly number[]): Promise<(FingerprintRecord | null)[]> {
    trackIds.forEach((id, index) => checkTrackId(id, ['trackIds', String(index)]));
    if (trackIds.length === 0) return [];
    const rows = await this.em.execute<Record<string, number>[]>(
      `select * from \`${TABLE}\` where \`track_id\` in (select value from json_each(?))`,
      [JSON.stringify([...new Set(trackIds)])],
      'all',
    );
    const byTrack = new Map(rows.map((row) => [row.track_id!, toRecord(row)]));
    return trackIds.map((id) => byTrack.get(id) ?? null);
  }

  /**
   * min / max / mean / std / p5 / p95 of every dimension over the stored fingerprints (all versions).
   * p5 and p95 interpolate linearly between order statistics: at rank h = (n − 1)·q,
   * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). Computed by columnStats (server/similarity/), which cannot overflow.
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

  /** Every stored fingerprint as a packed matrix in track-id order (one query, no entities). */
  async getVectorMatrix(): Promise<VectorMatrix> {
    const rows = await this.em.execute<Record<string, number>[]>(
      `select \`track_id\`, \`fingerprint_version\`, ${DIMENSION_COLUMNS.map((c) => `\`${c}\``).join(', ')} from \`${TABLE}\` order by \`track_id\``,
      [],
      'all',
    );
    const width = DIMENSIONS.length;
    const trackIds = new Int32Array(rows.length);
    const versions = new Int32Array(rows.length);
    const vectors = new Float64Array(rows.length * width);
    rows.forEach((row, i) => {
      trackIds[i] = row.track_id!;
      versions[i] = row.fingerprint_version!;
      for (let j = 0; j < width; j++) vectors[i * width + j] = row[DIMENSION_COLUMNS[j]!]!;
    });
    return { trackIds, vectors, versions };
  }

  /** add (`replace: false`: a plain INSERT) and upsert (`replace: true`: INSERT … ON CONFLICT DO UPDATE). */
  private async store(input: FingerprintInput, options: { replace: boolean }): Promise<TrackFingerprint> {
    const trackId = checkTrackId(input.trackId);
    const values = checkValues(input.values, { partial: false });
    const version = checkVersion(input.version);
    const sql = UPSERT_PREFIX + ROW_PLACEHOLDERS + (options.replace ? UPSERT_SUFFIX : '');
    await this.em.transactional(async (em) => {
      await assertTracksExist(em, [trackId]);
      try {
        await em.execute(sql, rowParameters(trackId, values, version, Date.now()), 'run');
      } catch (error) {
        if (!options.replace && error instanceof UniqueConstraintViolationException) throw new DuplicateFingerprintError(trackId);
        throw error;
      }
      await setStatus(em, [trackId], statusFor(version));
    });
    await this.refreshManagedTracks([trackId]);
    return (await this.getByTrackId(trackId, { refresh: true }))!;
  }

  private managedFingerprints(trackIds: readonly number[]): TrackFingerprint[] {
    const wanted = new Set(trackIds);
    const managed: TrackFingerprint[] = [];
    for (const entity of this.em.getUnitOfWork().getIdentityMap()) {
      if (entity instanceof TrackFingerprint.class && wanted.has(trackIdOf(entity as TrackFingerprint))) {
        managed.push(entity as TrackFingerprint);
      }
    }
    return managed;
  }

  /** Tracks already loaded in this EntityManager get their new status from the database. */
  private async refreshManagedTracks(trackIds: readonly number[]): Promise<void> {
    const wanted = new Set(trackIds);
    const ids: number[] = [];
    for (const entity of this.em.getUnitOfWork().getIdentityMap()) {
      if (entity instanceof Track.class && wanted.has((entity as Track).id)) ids.push((entity as Track).id);
    }
    if (ids.length > 0) await this.em.find(Track, { id: { $in: ids } }, { refresh: true });
  }

  private async refreshManagedFingerprints(trackIds: readonly number[]): Promise<void> {
    const managed = this.managedFingerprints(trackIds);
    if (managed.length > 0) {
      await this.em.find(TrackFingerprint, { track: { $in: managed.map(trackIdOf) } }, { refresh: true });
    }
  }
}

/** A raw `track_fingerprints` row (snake_case columns, timestamps in ms) as a FingerprintRecord. */
function toRecord(row: Record<string, number>): FingerprintRecord {
  const record: Record<string, unknown> = {
    id: row.id,
    trackId: row.track_id,
    fingerprintVersion: row.fingerprint_version,
    createdAt: new Date(row.created_at!),
    updatedAt: new Date(row.updated_at!),
  };
  for (const d of DIMENSIONS) record[d.key] = row[d.column];
  return record as FingerprintRecord;
}

/** The 25 values of a stored fingerprint. */
export function fingerprintValuesOf(fingerprint: TrackFingerprint): FingerprintValues {
  return Object.fromEntries(DIMENSIONS.map((d) => [d.key, fingerprint[d.key]])) as FingerprintValues;
}

/** The id of the track a fingerprint belongs to (works on unloaded references). */
export function trackIdOf(fingerprint: TrackFingerprint): number {
  return fingerprint.track.id;
}

interface NativeStatement {
  run(parameters: readonly unknown[]): unknown;
}
interface NativeSqlite {
  prepare(sql: string): NativeStatement;
}

/** The single-row upsert, prepared once per better-sqlite3 connection (the WeakMap holds no connection alive). */
const preparedUpserts = new WeakMap<NativeSqlite, NativeStatement>();

function preparedUpsert(database: NativeSqlite): NativeStatement {
  let statement = preparedUpserts.get(database);
  if (!statement) {
    statement = database.prepare(UPSERT_PREFIX + ROW_PLACEHOLDERS + UPSERT_SUFFIX);
    preparedUpserts.set(database, statement);
  }
  return statement;
}

/**
 * The better-sqlite3 handle behind this EntityManager, when there is one. Its statements run on the same
 * (single) connection, hence inside the transaction MikroORM opened.
 */
async function nativeSqlite(em: EntityManager): Promise<NativeSqlite | undefined> {
  const client: unknown = await em.getConnection().getNativeClient();
  return typeof (client as Partial<NativeSqlite> | null)?.prepare === 'function' ? (client as NativeSqlite) : undefined;
}

/** Track ids per `json_each(?)` list of one statement. */
const IDS_PER_STATEMENT = 10_000;

function* idChunks(ids: readonly number[]): Generator<readonly number[]> {
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) yield ids.slice(start, start + IDS_PER_STATEMENT);
}

/** Throws TrackNotFoundError naming the first id that has no track. */
async function assertTracksExist(em: EntityManager, trackIds: readonly number[]): Promise<void> {
  const found = new Set<number>();
  for (const chunk of idChunks(trackIds)) {
    const rows = await em.execute<{ id: number }[]>(
      `select \`id\` from \`tracks\` where \`id\` in (select value from json_each(?))`,
      [JSON.stringify(chunk)],
      'all',
    );
    for (const row of rows) found.add(row.id);
  }
  const missing = trackIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new TrackNotFoundError(missing);
}

async function setStatus(em: EntityManager, trackIds: readonly number[], status: FingerprintStatus): Promise<void> {
  const now = Date.now();
  for (const chunk of idChunks(trackIds)) {
    await em.execute(
      'update `tracks` set `fingerprint_status` = ?, `last_error` = null, `updated_at` = ? ' +
        'where `id` in (select value from json_each(?))',
      [status, now, JSON.stringify(chunk)],
      'run',
    );
  }
}

