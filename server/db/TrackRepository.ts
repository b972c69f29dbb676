import path from 'node:path';
import type { EntityManager } from '@mikro-orm/sql';
import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';
import { FINGERPRINT_VERSION } from '../fingerprint/dimensions.ts';
import type { Database, TracksTable } from './database.ts';
import { DuplicateTrackError, InvalidTrackError, TrackNotFoundError } from './errors.ts';
import { checkTrackId } from './fingerprintInput.ts';
import { FINGERPRINT_STATUSES, FingerprintStatus, isFingerprintStatus } from './fingerprintStatus.ts';
import { LibraryChangeRepository } from './LibraryChangeRepository.ts';
import { containsPattern } from './likeContains.ts';
import { type KeysetPage, type KeysetRequest, checkKeysetRequest } from './pagination.ts';
import { type Db, MAX_PARAMETERS, chunks, dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';
import type { TrackFacts } from './trackFacts.ts';

/** What identifies a tag group: the artist, album artist and album tags (null = no tag). */
export interface TrackTagKey {
  readonly artist: string | null;
  readonly albumArtist: string | null;
  readonly album: string | null;
}

/** A distinct (artist, album artist, album, genre) of the library with its totals (TrackRepository.tagGroups). */
export interface TrackTagGroup extends TrackTagKey {
  readonly genre: string | null;
  readonly trackCount: number;
  /** Sum of the known durations, seconds. */
  readonly durationSeconds: number;
  /** Latest year tag of the group; null when none. */
  readonly year: number | null;
  readonly firstAdded: Date;
  readonly lastAdded: Date;
}

/** A `tracks` row: camelCase properties, timestamps as Dates. The one read shape of a track. */
export interface TrackRecord extends TrackFacts {
  readonly id: number;
  /** Absolute path of the file. */
  readonly path: string;
  readonly fingerprintStatus: FingerprintStatus;
  /** Message of the last failed analysis (null unless FAILED). */
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Tags and format facts of a track; everything but `path` may be null or absent (= unknown). */
export type TrackFields = Partial<TrackFacts>;

/** What `add` and `upsertByPath` need: an absolute path plus any known fields. */
export interface TrackInput extends TrackFields {
  readonly path: string;
}

/** Filters of track lists, combined with AND. */
export interface TrackFilter {
  /** Case-insensitive (ASCII) literal substring of title, artist, album or path (`%` and `_` match themselves). */
  readonly search?: string | null;
  /** Exact artist. */
  readonly artist?: string | null;
  /** Exact album. */
  readonly album?: string | null;
  readonly fingerprintStatus?: FingerprintStatus | null;
}

/** Sortable track properties (a keyset position holds the value and the id, which breaks ties). */
export const TRACK_ORDER_FIELDS = ['id', 'title', 'artist', 'album', 'path', 'year', 'durationSeconds'] as const;
export type TrackOrderField = (typeof TRACK_ORDER_FIELDS)[number];
export interface TrackOrder {
  readonly field: TrackOrderField;
  readonly direction: 'asc' | 'desc';
}

/** Which tracks extraction works on: MISSING (no fingerprint row), STALE (see `isStale`), ALL. */
export const TRACK_SELECTIONS = ['MISSING', 'STALE', 'ALL'] as const;
export type TrackSelection = (typeof TRACK_SELECTIONS)[number];

/** What a library scan compares for each stored track. */
export interface TrackScanState {
  readonly id: number;
  readonly path: string;
  readonly fileSize: number | null;
  readonly fileMtime: number | null;
  readonly status: FingerprintStatus;
  readonly hasFingerprint: boolean;
}

const TEXT_FIELDS = ['title', 'artist', 'album', 'albumArtist', 'genre', 'codec'] as const;
const INTEGER_FIELDS = ['trackNumber', 'discNumber', 'year', 'sampleRate', 'channels', 'fileSize'] as const;
const NUMBER_FIELDS = ['durationSeconds', 'bitrate'] as const;
const FIELD_NAMES = new Set<string>(['path', ...TEXT_FIELDS, ...INTEGER_FIELDS, ...NUMBER_FIELDS, 'fileMtime']);

/** camelCase property → snake_case column, for the fields a caller may write or order by. */
const COLUMN = {
  path: 'path',
  title: 'title',
  artist: 'artist',
  album: 'album',
  albumArtist: 'album_artist',
  trackNumber: 'track_number',
  discNumber: 'disc_number',
  year: 'year',
  genre: 'genre',
  durationSeconds: 'duration_seconds',
  sampleRate: 'sample_rate',
  channels: 'channels',
  codec: 'codec',
  bitrate: 'bitrate',
  fileSize: 'file_size',
  fileMtime: 'file_mtime',
} as const;
type FieldName = keyof typeof COLUMN;

/** The select list: every column aliased to its record property, so rows need only their dates converted. */
const TRACK_SELECT = [
  'id',
  'path',
  'title',
  'artist',
  'album',
  'album_artist as albumArtist',
  'track_number as trackNumber',
  'disc_number as discNumber',
  'year',
  'genre',
  'duration_seconds as durationSeconds',
  'sample_rate as sampleRate',
  'channels',
  'codec',
  'bitrate',
  'file_size as fileSize',
  'file_mtime as fileMtime',
  'fingerprint_status as fingerprintStatus',
  'last_error as lastError',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

type Row = Omit<TrackRecord, 'createdAt' | 'updatedAt'> & { createdAt: number | Date; updatedAt: number | Date };

/** A selected row as a TrackRecord (in place: only the two timestamps change). */
function toRecord(row: Row): TrackRecord {
  const record = row as unknown as { createdAt: Date; updatedAt: Date; fileSize: number | null };
  record.createdAt = dateOf(row.createdAt);
  record.updatedAt = dateOf(row.updatedAt);
  record.fileSize = fileSizeOf(row.fileSize);
  return row as unknown as TrackRecord;
}

/** A stored file size as a number: `bigint` on PostgreSQL, which pg returns as a decimal string. */
function fileSizeOf(value: number | string | null): number | null {
  return value == null ? null : Number(value);
}

type TracksEb = ExpressionBuilder<Database, 'tracks'>;

/** "The track has no fingerprint row": the ONE definition of MISSING for selections, lists and counts. */
export function withoutFingerprint(eb: TracksEb): Expression<SqlBool> {
  return eb.not(eb.exists(eb.selectFrom('track_fingerprints').select('track_fingerprints.id').whereRef('track_fingerprints.track_id', '=', 'tracks.id')));
}

/**
 * "The track's fingerprint is stale": the ONE definition, for `extract --stale`, the STALE job selection and
 * `libraryStats.staleCount`. Stale = the file changed since its analysis (the scan sets status STALE) or the
 * stored fingerprint is of a version below FINGERPRINT_VERSION.
 */
export function isStale(eb: TracksEb): Expression<SqlBool> {
  return eb.or([
    eb('tracks.fingerprint_status', '=', FingerprintStatus.STALE),
    eb.exists(
      eb
        .selectFrom('track_fingerprints')
        .select('track_fingerprints.id')
        .whereRef('track_fingerprints.track_id', '=', 'tracks.id')
        .where('track_fingerprints.fingerprint_version', '<', FINGERPRINT_VERSION),
    ),
  ]);
}

/** Whether `filter` restricts nothing (a blank `search` restricts nothing). */
export function isEmptyTrackFilter(filter: TrackFilter): boolean {
  return !filter.search?.trim() && filter.artist == null && filter.album == null && filter.fingerprintStatus == null;
}

/**
 * `select tracks.id from tracks where <filter>`, as a subquery for another table's list (e.g.
 * `track_fingerprints.track_id in (…)`): the same condition as `page` and `count`, values bound.
 */
export function trackIdsMatching(db: Db, filter: TrackFilter) {
  return db
    .selectFrom('tracks')
    .select('tracks.id')
    .where((eb) => trackFilter(eb, filter));
}

/**
 * Every query and write of `tracks`, on the EntityManager it is given (per request: a fork; inside its
 * transaction when one is open). Reads return TrackRecords. Lists are keyset pages ordered by a field then
 * id. Deleting a track deletes its fingerprint (ON DELETE CASCADE).
 */
export class TrackRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Adds a track (status MISSING). TRACK_ALREADY_EXISTS when the path is taken, INVALID_TRACK for bad fields. */
  async add(input: TrackInput): Promise<TrackRecord> {
    const fields = checkTrackFields(input, { requirePath: true });
    const now = timestampValue(this.#em, new Date());
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em)
        .insertInto('tracks')
        .values({ ...toColumns(fields), path: fields.path!, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('path').doNothing())
        .returning(TRACK_SELECT),
    );
    if (!row) throw new DuplicateTrackError(fields.path!);
    return toRecord(row as Row);
  }

  /**
   * Adds the track, or updates the given fields of the track with this path (what a library scan does):
   * `INSERT … ON CONFLICT (path) DO NOTHING`, then for a known path an `UPDATE … WHERE path`. Returns the track
   * and whether it was created. (Comparing created_at with the statement's time could not tell: two calls in
   * the same millisecond both looked "created".)
   */
  async upsertByPath(input: TrackInput): Promise<{ track: TrackRecord; created: boolean }> {
    const fields = checkTrackFields(input, { requirePath: true });
    const columns = toColumns(fields);
    const path = fields.path!;
    // A row deleted between the two statements makes the update miss: the insert is then tried again.
    for (;;) {
      const now = timestampValue(this.#em, new Date());
      const [inserted] = await selectRows(
        this.#em,
        dbOf(this.#em)
          .insertInto('tracks')
          .values({ ...columns, path, created_at: now, updated_at: now })
          .onConflict((oc) => oc.column('path').doNothing())
          .returning(TRACK_SELECT),
      );
      if (inserted) return { track: toRecord(inserted as Row), created: true };
      const [updated] = await selectRows(
        this.#em,
        dbOf(this.#em).updateTable('tracks').set({ ...columns, updated_at: now }).where('path', '=', path).returning(TRACK_SELECT),
      );
      if (updated) return { track: toRecord(updated as Row), created: false };
    }
  }

  /** The track with this id, or null. */
  async getById(id: number): Promise<TrackRecord | null> {
    checkTrackId(id, ['id']);
    const [row] = await selectRows(this.#em, dbOf(this.#em).selectFrom('tracks').select(TRACK_SELECT).where('id', '=', id));
    return row ? toRecord(row as Row) : null;
  }

  /** The track with this id; TRACK_NOT_FOUND (naming `field`) otherwise. */
  async getByIdOrFail(id: number, field: readonly string[] = ['id']): Promise<TrackRecord> {
    const track = await this.getById(id);
    if (!track) throw new TrackNotFoundError(id, { field });
    return track;
  }

  /** The track with this absolute path, or null. */
  async getByPath(trackPath: string): Promise<TrackRecord | null> {
    const [row] = await selectRows(this.#em, dbOf(this.#em).selectFrom('tracks').select(TRACK_SELECT).where('path', '=', trackPath));
    return row ? toRecord(row as Row) : null;
  }

  /** Batch load for DataLoader: ONE query per chunk of ids, results in key order, null for unknown ids. */
  async loadByIds(ids: readonly number[]): Promise<(TrackRecord | null)[]> {
    ids.forEach((id, index) => checkTrackId(id, ['ids', String(index)]));
    const byId = new Map<number, TrackRecord>();
    for (const chunk of chunks([...new Set(ids)], MAX_PARAMETERS)) {
      const rows = await selectRows(this.#em, dbOf(this.#em).selectFrom('tracks').select(TRACK_SELECT).where('id', 'in', chunk));
      for (const row of rows) byId.set(row.id, toRecord(row as Row));
    }
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * The tracks of each given track's album, ids ascending (the track itself included): same `album` and same
   * `album_artist` (NULL equals NULL). A track without an album tag, or absent, has no entry. One query per chunk.
   */
  async albumMates(ids: readonly number[]): Promise<Map<number, number[]>> {
    ids.forEach((id, index) => checkTrackId(id, ['ids', String(index)]));
    const mates = new Map<number, number[]>();
    for (const chunk of chunks([...new Set(ids)], MAX_PARAMETERS)) {
      const rows = await selectRows(
        this.#em,
        dbOf(this.#em)
          .selectFrom('tracks')
          .select(['id', 'album', 'album_artist as albumArtist'])
          .where('album', 'in', (eb) => eb.selectFrom('tracks as given').select('given.album').where('given.id', 'in', chunk))
          .orderBy('id'),
      );
      const byAlbum = new Map<string, number[]>();
      const keyOf = (album: string, albumArtist: string | null) => JSON.stringify([album, albumArtist]);
      for (const row of rows) {
        const key = keyOf(row.album!, row.albumArtist);
        if (!byAlbum.has(key)) byAlbum.set(key, []);
        byAlbum.get(key)!.push(row.id);
      }
      for (const row of rows) {
        if (chunk.includes(row.id)) mates.set(row.id, byAlbum.get(keyOf(row.album!, row.albumArtist))!);
      }
    }
    return mates;
  }

  /** Paths of the given tracks; ids without a track are absent from the map. */
  async pathsOf(ids: readonly number[]): Promise<Map<number, string>> {
    const paths = new Map<number, string>();
    for (const chunk of chunks([...new Set(ids)], MAX_PARAMETERS)) {
      const rows = await selectRows(this.#em, dbOf(this.#em).selectFrom('tracks').select(['id', 'path']).where('id', 'in', chunk));
      for (const row of rows) paths.set(row.id, row.path);
    }
    return paths;
  }

  /** Changes fields of a track (TRACK_NOT_FOUND, TRACK_ALREADY_EXISTS, INVALID_TRACK). Returns it. */
  async update(id: number, patch: TrackFields & { readonly path?: string }, field: readonly string[] = ['id']): Promise<TrackRecord> {
    checkTrackId(id, ['id']);
    const fields = checkTrackFields(patch, { requirePath: false });
    if (fields.path !== undefined) {
      const owner = await this.getByPath(fields.path);
      if (owner && owner.id !== id) throw new DuplicateTrackError(fields.path);
    }
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em)
        .updateTable('tracks')
        .set({ ...toColumns(fields), updated_at: timestampValue(this.#em, new Date()) })
        .where('id', '=', id)
        .returning(TRACK_SELECT),
    );
    if (!row) throw new TrackNotFoundError(id, { field });
    return toRecord(row as Row);
  }

  /**
   * Sets the fingerprint status of tracks, and `lastError` (kept only for FAILED; cleared otherwise).
   * Returns how many tracks exist among `ids`.
   */
  async setStatus(ids: number | readonly number[], status: FingerprintStatus, lastError: string | null = null): Promise<number> {
    checkFingerprintStatus(status);
    const list = typeof ids === 'number' ? [ids] : ids;
    const now = timestampValue(this.#em, new Date());
    let affected = 0;
    for (const chunk of chunks(list, MAX_PARAMETERS)) {
      const result = await runQuery(
        this.#em,
        dbOf(this.#em)
          .updateTable('tracks')
          .set({
            fingerprint_status: status,
            last_error: status === FingerprintStatus.FAILED ? (lastError ?? 'unknown error') : null,
            updated_at: now,
          })
          .where('id', 'in', chunk),
      );
      affected += result.affected;
    }
    return affected;
  }

  /**
   * Deletes a track and, through the database's ON DELETE CASCADE, its fingerprint (recorded in
   * `library_changes` in the same transaction). Returns whether it existed.
   */
  async delete(id: number): Promise<boolean> {
    checkTrackId(id, ['id']);
    return this.#em.transactional(async (em) => {
      const changes = new LibraryChangeRepository(em);
      await changes.lock();
      const fingerprinted = await selectRows(em, dbOf(em).selectFrom('track_fingerprints').select('id').where('track_id', '=', id));
      const deleted = (await runQuery(em, dbOf(em).deleteFrom('tracks').where('id', '=', id))).affected > 0;
      if (deleted && fingerprinted.length > 0) await changes.record('delete', [id]);
      return deleted;
    });
  }

  /**
   * One keyset page of tracks matching `filter`, ordered by `order` then id in the same direction (NULLs
   * first ascending, last descending, on every engine). `after` is the position of the last row seen.
   */
  async page(filter: TrackFilter, order: TrackOrder, request: KeysetRequest): Promise<KeysetPage<TrackRecord>> {
    const { first, after } = checkKeysetRequest(request);
    const direction = order.direction === 'desc' ? 'desc' : 'asc';
    const column = order.field === 'id' ? undefined : COLUMN[order.field];
    let query = dbOf(this.#em)
      .selectFrom('tracks')
      .select(TRACK_SELECT)
      .where((eb) => trackFilter(eb, filter));
    if (after !== undefined) query = query.where((eb) => keysetAfter(eb, column, direction, after));
    if (column !== undefined) {
      query = query.orderBy(column, (ob) => (direction === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast()));
    }
    const rows = await selectRows(this.#em, query.orderBy('id', direction).limit(first + 1));
    return {
      nodes: rows.slice(0, first).map((row) => toRecord(row as Row)),
      hasNextPage: rows.length > first,
      totalCount: () => this.count(filter),
    };
  }

  /** Number of tracks matching the filter. */
  async count(filter: TrackFilter = {}): Promise<number> {
    const [row] = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('tracks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => trackFilter(eb, filter)),
    );
    return Number(row!.n);
  }

  /** Ids of the tracks matching the filter, ascending. */
  async idsMatching(filter: TrackFilter): Promise<number[]> {
    const rows = await selectRows(this.#em, trackIdsMatching(dbOf(this.#em), filter).orderBy('tracks.id'));
    return rows.map((row) => row.id);
  }

  /** One keyset page (by id) of the tracks that have no fingerprint row. */
  async pageMissing(request: KeysetRequest): Promise<KeysetPage<TrackRecord>> {
    const { first, after } = checkKeysetRequest(request);
    let query = dbOf(this.#em).selectFrom('tracks').select(TRACK_SELECT).where(withoutFingerprint);
    if (after !== undefined) query = query.where('id', '>', after.id);
    const rows = await selectRows(this.#em, query.orderBy('id').limit(first + 1));
    return {
      nodes: rows.slice(0, first).map((row) => toRecord(row as Row)),
      hasNextPage: rows.length > first,
      totalCount: () => this.countSelection('MISSING'),
    };
  }

  /** Ids of the tracks a selection names, ascending (see TRACK_SELECTIONS, withoutFingerprint, isStale). */
  async selectIds(selection: TrackSelection): Promise<number[]> {
    const rows = await selectRows(this.#em, this.#selection(selection).select('id').orderBy('id'));
    return rows.map((row) => row.id);
  }

  /** Number of tracks a selection names. */
  async countSelection(selection: TrackSelection): Promise<number> {
    const [row] = await selectRows(this.#em, this.#selection(selection).select((eb) => eb.fn.countAll<number>().as('n')));
    return Number(row!.n);
  }

  /** Number of tracks per fingerprint status (every status present, 0 when none). */
  async countByStatus(): Promise<Record<FingerprintStatus, number>> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('tracks')
        .select(['fingerprint_status as status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('fingerprint_status'),
    );
    const counts = Object.fromEntries(FINGERPRINT_STATUSES.map((s) => [s, 0])) as Record<FingerprintStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /** Every stored track with what a scan compares (one query). */
  async scanStates(): Promise<TrackScanState[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('tracks')
        .select((eb) => [
          'id',
          'path',
          'file_size as fileSize',
          'file_mtime as fileMtime',
          'fingerprint_status as status',
          eb.case().when(withoutFingerprint(eb)).then(0).else(1).end().as('hasFingerprint'),
        ]),
    );
    return rows.map((row) => ({ ...row, fileSize: fileSizeOf(row.fileSize), hasFingerprint: Number(row.hasFingerprint) === 1 }));
  }

  /**
   * The library's tag groups: one row per distinct (artist, album artist, album, genre) with its track count,
   * summed duration (s), latest year and first / last added time. What artist and album lists are made of.
   */
  async tagGroups(): Promise<TrackTagGroup[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('tracks')
        .select((eb) => [
          'artist',
          'album_artist as albumArtist',
          'album',
          'genre',
          eb.fn.countAll<number>().as('trackCount'),
          eb.fn.sum<number | null>('duration_seconds').as('durationSeconds'),
          eb.fn.max('year').as('year'),
          eb.fn.min('created_at').as('firstAdded'),
          eb.fn.max('created_at').as('lastAdded'),
        ])
        .groupBy(['artist', 'album_artist', 'album', 'genre']),
    );
    return rows.map((row) => ({
      artist: row.artist,
      albumArtist: row.albumArtist,
      album: row.album,
      genre: row.genre,
      trackCount: Number(row.trackCount),
      durationSeconds: row.durationSeconds === null ? 0 : Number(row.durationSeconds),
      year: row.year === null ? null : Number(row.year),
      firstAdded: dateOf(row.firstAdded as number | Date),
      lastAdded: dateOf(row.lastAdded as number | Date),
    }));
  }

  /**
   * The tracks whose (artist, album artist, album) is one of `groups` (NULL matches NULL), by disc, track
   * number, title, id. One query per chunk of groups.
   */
  async byTagGroups(groups: readonly TrackTagKey[]): Promise<TrackRecord[]> {
    const out: TrackRecord[] = [];
    for (const chunk of chunks(groups, Math.floor(MAX_PARAMETERS / 3))) {
      if (chunk.length === 0) continue;
      const rows = await selectRows(
        this.#em,
        dbOf(this.#em)
          .selectFrom('tracks')
          .select(TRACK_SELECT)
          .where((eb) =>
            eb.or(
              chunk.map((g) =>
                eb.and([
                  g.artist === null ? eb('artist', 'is', null) : eb('artist', '=', g.artist),
                  g.albumArtist === null ? eb('album_artist', 'is', null) : eb('album_artist', '=', g.albumArtist),
                  g.album === null ? eb('album', 'is', null) : eb('album', '=', g.album),
                ]),
              ),
            ),
          ),
      );
      for (const row of rows) out.push(toRecord(row as Row));
    }
    const text = (v: string | null) => v ?? '';
    return out.sort(
      (a, b) =>
        (a.discNumber ?? 0) - (b.discNumber ?? 0) || (a.trackNumber ?? 0) - (b.trackNumber ?? 0) || text(a.title).localeCompare(text(b.title)) || a.id - b.id,
    );
  }

  /** Up to `count` tracks in random order (SQL `random()`), optionally of one genre and inside a year range. */
  async random(count: number, filter: { readonly genre?: string | null; readonly fromYear?: number | null; readonly toYear?: number | null } = {}): Promise<TrackRecord[]> {
    let query = dbOf(this.#em).selectFrom('tracks').select(TRACK_SELECT);
    if (filter.genre != null) query = query.where('genre', '=', filter.genre);
    if (filter.fromYear != null) query = query.where('year', '>=', filter.fromYear);
    if (filter.toYear != null) query = query.where('year', '<=', filter.toYear);
    const rows = await selectRows(this.#em, query.orderBy(sql`random()`).limit(count));
    return rows.map((row) => toRecord(row as Row));
  }

  /** `limit` tracks from `offset` (by id) whose title, artist, album or path contains `search` (as `page`'s filter). */
  async searchSlice(search: string, limit: number, offset: number): Promise<TrackRecord[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('tracks')
        .select(TRACK_SELECT)
        .where((eb) => trackFilter(eb, { search }))
        .orderBy('id')
        .limit(limit)
        .offset(offset),
    );
    return rows.map((row) => toRecord(row as Row));
  }

  #selection(selection: TrackSelection) {
    const query = dbOf(this.#em).selectFrom('tracks');
    switch (selection) {
      case 'MISSING':
        return query.where(withoutFingerprint);
      case 'STALE':
        return query.where(isStale);
      case 'ALL':
        return query;
      default:
        throw new InvalidTrackError(`selection: expected one of ${TRACK_SELECTIONS.join(', ')}, received ${String(selection)}`, {
          field: ['selection'],
        });
    }
  }
}

/** INVALID_TRACK unless `status` is one of FINGERPRINT_STATUSES. */
function checkFingerprintStatus(status: unknown): FingerprintStatus {
  if (!isFingerprintStatus(status)) {
    throw new InvalidTrackError(`fingerprintStatus: expected one of ${FINGERPRINT_STATUSES.join(', ')}, received ${String(status)}`, {
      field: ['fingerprintStatus'],
    });
  }
  return status;
}

/** The condition of `filter` (AND of the given parts; true when none). */
function trackFilter(eb: TracksEb, filter: TrackFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    // lower() on both sides: case-insensitive on every engine (SQLite's LIKE already is, for ASCII).
    parts.push(
      eb.or(
        (['title', 'artist', 'album', 'path'] as const).map((c) => sql<SqlBool>`lower(${sql.ref(`tracks.${c}`)}) like lower(${pattern}) escape '\\'`),
      ),
    );
  }
  if (filter.artist != null) parts.push(eb('artist', '=', filter.artist));
  if (filter.album != null) parts.push(eb('album', '=', filter.album));
  if (filter.fingerprintStatus != null) parts.push(eb('fingerprint_status', '=', checkFingerprintStatus(filter.fingerprintStatus)));
  return eb.and(parts);
}

/**
 * "Strictly after the position" for an order on `column` (then id) in `direction`, with NULLs first
 * ascending and last descending (as `page` sorts them).
 */
function keysetAfter(
  eb: TracksEb,
  column: (typeof COLUMN)[FieldName] | undefined,
  direction: 'asc' | 'desc',
  after: { readonly id: number; readonly value?: unknown },
): Expression<SqlBool> {
  const beyond = direction === 'asc' ? '>' : '<';
  if (column === undefined) return eb('id', beyond, after.id);
  const value = after.value as string | number | null | undefined;
  if (value === undefined) {
    throw new InvalidTrackError('`after`: expected a position with the value of the ordered field', { field: ['after'] });
  }
  if (value === null) {
    return direction === 'asc'
      ? eb.or([eb(column, 'is not', null), eb.and([eb(column, 'is', null), eb('id', '>', after.id)])])
      : eb.and([eb(column, 'is', null), eb('id', '<', after.id)]);
  }
  const tail = [eb(column, beyond, value), eb.and([eb(column, '=', value), eb('id', beyond, after.id)])];
  return eb.or(direction === 'asc' ? tail : [...tail, eb(column, 'is', null)]);
}

/** Checked fields as snake_case column values (of the types checkTrackFields guarantees). */
function toColumns(fields: CheckedFields): Partial<Omit<TracksTable, 'id' | 'fingerprint_status' | 'created_at' | 'updated_at'>> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) out[COLUMN[name as FieldName]] = value;
  return out;
}

type CheckedFields = { path?: string } & { [K in Exclude<FieldName, 'path'>]?: string | number | null };

/** Checks track fields; returns only the fields that were given (null stays null). */
function checkTrackFields(input: TrackFields & { readonly path?: string }, options: { requirePath: boolean }): CheckedFields {
  if (input === null || typeof input !== 'object') {
    throw new InvalidTrackError(`track: expected an object of fields, received ${String(input)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!FIELD_NAMES.has(name)) {
      throw new InvalidTrackError(`\`${name}\`: unknown track field; expected one of ${[...FIELD_NAMES].join(', ')}`, {
        field: [name],
      });
    }
    if (value === undefined) continue;
    out[name] = value;
  }
  if (options.requirePath && out.path === undefined) {
    throw new InvalidTrackError('path: expected an absolute file path, received nothing', { field: ['path'] });
  }
  if (out.path !== undefined) {
    // A name that is not UTF-8 is stored as a `file:///` URL of its exact bytes (server/audio/storedPath.ts).
    if (typeof out.path !== 'string' || !(path.isAbsolute(out.path) || out.path.startsWith('file:///'))) {
      throw new InvalidTrackError(`path: expected an absolute file path, received ${JSON.stringify(out.path)}`, {
        field: ['path'],
      });
    }
    if (!out.path.startsWith('file:///')) out.path = path.normalize(out.path);
  }
  for (const name of TEXT_FIELDS) {
    if (out[name] != null && typeof out[name] !== 'string') {
      throw new InvalidTrackError(`${name}: expected text or null, received ${JSON.stringify(out[name])}`, { field: [name] });
    }
  }
  for (const name of INTEGER_FIELDS) {
    const value = out[name];
    if (value != null && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)) {
      throw new InvalidTrackError(`${name}: expected a non-negative integer or null, received ${JSON.stringify(value)}`, {
        field: [name],
      });
    }
  }
  for (const name of NUMBER_FIELDS) {
    const value = out[name];
    if (value != null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new InvalidTrackError(`${name}: expected a non-negative finite number or null, received ${JSON.stringify(value)}`, {
        field: [name],
      });
    }
  }
  if (out.fileMtime != null && (typeof out.fileMtime !== 'number' || !Number.isFinite(out.fileMtime))) {
    throw new InvalidTrackError(`fileMtime: expected milliseconds since the epoch or null, received ${JSON.stringify(out.fileMtime)}`, {
      field: ['fileMtime'],
    });
  }
  if (typeof out.bitrate === 'number') out.bitrate = Math.round(out.bitrate);
  return out as CheckedFields;
}
