/**
 * The read side of the GraphQL API: hand-written SQL mapped to plain records, one statement per list or batch.
 *
 * Why not `em.find`: hydrating entities costs about 50 µs per row in MikroORM 7 (measured: 2.4 ms for a page of
 * 51 tracks against 0.1 ms for the same SELECT), which capped `tracks(first: 50) { fingerprint }` near 200 req/s.
 * Why not `em.execute`: it prepares the statement again on every call. Reads need no unit of work, so they run
 * on the connection's better-sqlite3 handle with prepared statements cached per SQL text (the SQL is built from
 * catalogue columns and fixed fragments only, so the cache stays small), and are reported to MikroORM's query
 * logger like any other statement. Every write still goes through the entities and repositories.
 * Records have the entities' property names, so the GraphQL types accept either.
 */
import type { EntityManager } from '@mikro-orm/sqlite';
import type { FingerprintStatus } from '../db/fingerprintStatus.ts';
import type { TrackFacts } from '../db/trackFacts.ts';
import { DIMENSIONS, type FingerprintValues } from '../fingerprint/dimensions.ts';

/** A SQL boolean expression and its positional parameters. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Fragments joined with `and` or `or`, each in parentheses; of none, `and` is true (`1`) and `or` false (`0`). */
export function joinSql(parts: readonly SqlFragment[], operator: 'and' | 'or'): SqlFragment {
  if (parts.length === 0) return { sql: operator === 'and' ? '1' : '0', params: [] };
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(` ${operator} `), params: parts.flatMap((p) => p.params) };
}

/** A `tracks` row with camelCase properties (the Track entity's shape, without the ORM). */
export interface TrackRecord extends TrackFacts {
  readonly id: number;
  readonly path: string;
  readonly fingerprintStatus: FingerprintStatus;
  readonly lastError: string | null;
  /** A Date on entities; ms since the Unix epoch on read records (the DateTime scalar takes both). */
  readonly createdAt: Date | number;
  readonly updatedAt: Date | number;
}

/** A `track_fingerprints` row: the 25 values plus bookkeeping (the TrackFingerprint entity's shape). */
export type FingerprintRecord = FingerprintValues & {
  readonly id: number;
  /** The owning track, as a reference (only its id), like the entity's `track`. */
  readonly track: { readonly id: number };
  readonly fingerprintVersion: number;
  readonly createdAt: Date | number;
  readonly updatedAt: Date | number;
};

const TRACK_PROPERTIES = [
  'id', 'path', 'title', 'artist', 'album', 'albumArtist', 'trackNumber', 'discNumber', 'year', 'genre',
  'durationSeconds', 'sampleRate', 'channels', 'codec', 'bitrate', 'fileSize', 'fileMtime', 'fingerprintStatus',
  'lastError',
] as const;

/** camelCase property → snake_case column (MikroORM's underscore naming strategy). */
export function columnOf(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const alias = (column: string, property: string) => (column === property ? `\`${column}\`` : `\`${column}\` as \`${property}\``);

/**
 * Select lists that alias each snake_case column to its camelCase property, so that better-sqlite3 builds the
 * record directly (mapping 50 fingerprints in JavaScript cost as much as the query itself).
 */
const TRACK_SELECT = [
  ...TRACK_PROPERTIES.map((p) => alias(columnOf(p), p)),
  alias('created_at', 'createdAt'),
  alias('updated_at', 'updatedAt'),
].join(', ');
const FINGERPRINT_SELECT = [
  '`id`',
  alias('track_id', 'trackId'),
  alias('fingerprint_version', 'fingerprintVersion'),
  alias('created_at', 'createdAt'),
  alias('updated_at', 'updatedAt'),
  ...DIMENSIONS.map((d) => alias(d.column, d.key)),
].join(', ');

type Row = Record<string, unknown>;

/**
 * An aliased `tracks` row is a TrackRecord as it is. Timestamps stay ms since the Unix epoch (how MikroORM's
 * SQLite datetime and the repositories store them); the DateTime scalar formats them only when selected.
 */
function toTrackRecord(row: Row): TrackRecord {
  return row as unknown as TrackRecord;
}

/** Completes an aliased `track_fingerprints` row into a FingerprintRecord (in place): the track reference. */
function toFingerprintRecord(row: Row): FingerprintRecord {
  row.track = { id: row.trackId };
  return row as unknown as FingerprintRecord;
}

interface NativeStatement {
  all(...params: unknown[]): unknown[];
}
interface NativeDatabase {
  prepare(sql: string): NativeStatement;
}

/** Prepared statements per better-sqlite3 handle, by SQL text. */
const STATEMENTS = new WeakMap<NativeDatabase, Map<string, NativeStatement>>();
/** Beyond this many distinct SQL texts (odd `where` shapes), the cache is cleared rather than grown. */
const MAX_CACHED_STATEMENTS = 500;

function preparedStatement(database: NativeDatabase, sql: string): NativeStatement {
  let cache = STATEMENTS.get(database);
  if (cache === undefined) STATEMENTS.set(database, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement === undefined) {
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
    statement = database.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** Read queries of one request, on its EntityManager's connection. */
export class LibraryReads {
  readonly #em: EntityManager;
  #database: NativeDatabase | undefined;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Tracks by id, in key order, null where there is none (DataLoader batch function). */
  async tracksByIds(ids: readonly number[]): Promise<(TrackRecord | null)[]> {
    const rows = await this.#all(`select ${TRACK_SELECT} from \`tracks\` where \`id\` in (select value from json_each(?))`, [JSON.stringify(ids)]);
    const byId = new Map(rows.map((row) => [row.id as number, toTrackRecord(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Fingerprints by track id, in key order, null where there is none (DataLoader batch function). */
  async fingerprintsByTrackIds(trackIds: readonly number[]): Promise<(FingerprintRecord | null)[]> {
    const rows = await this.#all(
      `select ${FINGERPRINT_SELECT} from \`track_fingerprints\` where \`track_id\` in (select value from json_each(?))`,
      [JSON.stringify(trackIds)],
    );
    const byTrack = new Map(rows.map((row) => [row.trackId as number, toFingerprintRecord(row)]));
    return trackIds.map((id) => byTrack.get(id) ?? null);
  }

  /** Tracks matching `where` (SQL over `tracks`), ordered by `orderBy`, at most `limit`. */
  async tracks(where: SqlFragment, orderBy: string, limit: number): Promise<TrackRecord[]> {
    const rows = await this.#all(`select ${TRACK_SELECT} from \`tracks\` where ${where.sql} order by ${orderBy} limit ?`, [...where.params, limit]);
    return rows.map(toTrackRecord);
  }

  async countTracks(where: SqlFragment): Promise<number> {
    const [row] = await this.#all(`select count(*) as n from \`tracks\` where ${where.sql}`, where.params);
    return row.n as number;
  }

  /** Fingerprints matching `where` (SQL over `track_fingerprints`) with track id above `afterTrackId`, by track id. */
  async fingerprints(where: SqlFragment, afterTrackId: number | undefined, limit: number): Promise<FingerprintRecord[]> {
    const after = afterTrackId === undefined ? '' : ' and `track_id` > ?';
    const params = afterTrackId === undefined ? [...where.params, limit] : [...where.params, afterTrackId, limit];
    const rows = await this.#all(`select ${FINGERPRINT_SELECT} from \`track_fingerprints\` where (${where.sql})${after} order by \`track_id\` limit ?`, params);
    return rows.map(toFingerprintRecord);
  }

  async countFingerprints(where: SqlFragment): Promise<number> {
    const [row] = await this.#all(`select count(*) as n from \`track_fingerprints\` where ${where.sql}`, where.params);
    return row.n as number;
  }

  async #all(sql: string, params: readonly unknown[]): Promise<Row[]> {
    this.#database ??= (await this.#em.getConnection().getNativeClient()) as NativeDatabase;
    const statement = preparedStatement(this.#database, sql);
    const started = performance.now();
    const rows = statement.all(...params) as Row[];
    this.#em.config.getLogger().logQuery({
      query: sql,
      params: [...params],
      took: Math.round(performance.now() - started),
      results: rows.length,
      level: 'info',
    });
    return rows;
  }
}
