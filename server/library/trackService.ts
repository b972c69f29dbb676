import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/sqlite';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { DuplicateTrackError, InvalidTrackError, TrackNotFoundError } from '../db/errors.ts';
import type { FingerprintStatus } from '../db/fingerprintStatus.ts';
import { Track } from '../db/Track.ts';
import { containsPattern, likeContains } from '../db/likeContains.ts';
import type { TrackTags } from '../db/trackFacts.ts';
import { AuralisError } from '../errors.ts';
import type { Loaders } from '../graphql/loaders.ts';
import { afterTrackId, encodeCursor, type Page, type PageRequest, pageOf } from '../graphql/pagination.ts';
import { columnOf, joinSql, LibraryReads, type SqlFragment, type TrackRecord } from './libraryReads.ts';
import { type LibraryRootSource, resolveLibraryPath } from './pathGuard.ts';
import { readTrackFile } from './readTrackFile.ts';

/** Filters of the `tracks` connection; all given ones must hold. */
export interface TrackWhere {
  /** Case-insensitive (ASCII) literal substring of title, artist, album or path (`%` and `_` match themselves). */
  readonly search?: string | null;
  /** Exact artist tag. */
  readonly artist?: string | null;
  /** Exact album tag. */
  readonly album?: string | null;
  readonly fingerprintStatus?: FingerprintStatus | null;
}

/**
 * Longest `search`, `artist` or `album` filter, in characters (UTF-16 code units). Far above any tag, and
 * far below SQLite's 50 000-byte limit on a LIKE pattern, past which the query itself failed.
 */
export const MAX_FILTER_TEXT_LENGTH = 1000;

/** Sortable Track properties (the cursor holds the value and the id, which breaks ties). */
export const TRACK_ORDER_FIELDS = ['id', 'title', 'artist', 'album', 'path', 'year', 'durationSeconds'] as const;
export type TrackOrderField = (typeof TRACK_ORDER_FIELDS)[number];
export interface TrackOrder {
  readonly field: TrackOrderField;
  readonly direction: 'asc' | 'desc';
}

/** Tag fields a client may edit with `updateTrack` (null clears a tag). */
export type TrackPatch = Partial<TrackTags>;

const TEXT_TAGS = ['title', 'artist', 'album', 'albumArtist', 'genre'] as const;
const INTEGER_TAGS = ['trackNumber', 'discNumber', 'year'] as const;

/** Track rules: adding a file (path guard, tags, format facts), editing tags, deleting, listing with keyset pages. */
export class TrackService {
  readonly #em: EntityManager;
  readonly #loaders: Loaders;
  readonly #libraryRoots: LibraryRootSource;
  readonly #fingerprints: FingerprintRepository;
  readonly #reads: LibraryReads;

  constructor(em: EntityManager, loaders: Loaders, libraryRoots: LibraryRootSource) {
    this.#em = em;
    this.#loaders = loaders;
    this.#libraryRoots = libraryRoots;
    this.#fingerprints = new FingerprintRepository(em);
    this.#reads = new LibraryReads(em);
  }

  /** The track, or null (batched through the request's loader). */
  get(id: number): Promise<TrackRecord | null> {
    return this.#loaders.track.load(id);
  }

  /** The track, or TRACK_NOT_FOUND naming `field`. */
  async require(id: number, field: readonly string[] = ['id']): Promise<TrackRecord> {
    const track = await this.get(id);
    if (track === null) throw new TrackNotFoundError(id, { field });
    return track;
  }

  /** The managed entity, for writes; TRACK_NOT_FOUND naming `field`. */
  async requireEntity(id: number, field: readonly string[] = ['id']): Promise<Track> {
    const track = await this.#em.findOne(Track, id);
    if (track === null) throw new TrackNotFoundError(id, { field });
    return track;
  }

  /** One page of tracks, ordered by `order` then id (keyset pagination: stable under inserts). */
  async list(where: TrackWhere, order: TrackOrder, page: PageRequest): Promise<Page<TrackRecord>> {
    const filter = trackFilter(where);
    const combined = page.after === undefined ? filter : joinSql([filter, keysetAfter(order, page.after)], 'and');
    const direction = order.direction === 'asc' ? 'asc' : 'desc';
    const orderBy =
      order.field === 'id' ? `\`id\` ${direction}` : `\`${columnOf(order.field)}\` ${direction}, \`id\` ${direction}`;
    const rows = await this.#reads.tracks(combined, orderBy, page.first + 1);
    for (const row of rows) this.#loaders.track.prime(row.id, row);
    return pageOf(
      rows,
      page,
      (track) => encodeCursor(order.field === 'id' ? [track.id] : [track[order.field] ?? null, track.id]),
      () => this.#reads.countTracks(filter),
    );
  }

  /** One page of the tracks that have no fingerprint row, by id. */
  async missing(page: PageRequest): Promise<Page<TrackRecord>> {
    const rows = (await this.#fingerprints.getMissing({ limit: page.first + 1, after: afterTrackId(page) })).map(asRecord);
    for (const row of rows) this.#loaders.track.prime(row.id, row);
    return pageOf(rows, page, (track) => encodeCursor([track.id]), () => this.#fingerprints.countMissing());
  }

  /**
   * Adds the file at `path` (which must resolve inside the library roots): tags and format facts from its
   * headers, status MISSING. TRACK_ALREADY_EXISTS when the (resolved) path is already a track.
   */
  async add(path: string): Promise<Track> {
    const resolved = await resolveLibraryPath(path, this.#libraryRoots, ['path']);
    if ((await this.#em.count(Track, { path: resolved })) > 0) throw new DuplicateTrackError(resolved);
    const facts = await readTrackFile(resolved);
    const track = this.#em.create(Track, { path: resolved, ...facts });
    try {
      await this.#em.flush();
    } catch (error) {
      // Another request added the same file between the check and the insert.
      if (error instanceof UniqueConstraintViolationException) throw new DuplicateTrackError(resolved);
      throw error;
    }
    this.#loaders.track.prime(track.id, asRecord(track));
    return track;
  }

  /** Edits the tags given in `patch` (absent: unchanged; null: cleared). */
  async update(id: number, patch: TrackPatch): Promise<Track> {
    const track = await this.requireEntity(id);
    const changes: Record<string, string | number | null> = {};
    for (const key of TEXT_TAGS) {
      const value = patch[key];
      if (value === undefined) continue;
      changes[key] = value === null || value.trim() === '' ? null : value.trim();
    }
    for (const key of INTEGER_TAGS) {
      const value = patch[key];
      if (value === undefined) continue;
      if (value !== null && (!Number.isInteger(value) || value < 0)) {
        throw new InvalidTrackError(`\`${key}\`: expected a non-negative integer, received ${value}`, {
          field: ['input', key],
        });
      }
      changes[key] = value;
    }
    this.#em.assign(track, changes);
    await this.#em.flush();
    this.#loaders.track.clear(id).prime(id, asRecord(track));
    return track;
  }

  /** Deletes the track (its fingerprint goes with it: ON DELETE CASCADE). Returns the deleted id. */
  async delete(id: number): Promise<number> {
    const track = await this.requireEntity(id);
    this.#em.remove(track);
    await this.#em.flush();
    this.#loaders.track.clear(id);
    this.#loaders.fingerprintByTrackId.clear(id);
    return id;
  }
}

/** The SQL condition of `where` over `tracks`. */
function trackFilter(where: TrackWhere): SqlFragment {
  for (const field of ['search', 'artist', 'album'] as const) {
    const length = where[field]?.length ?? 0;
    if (length > MAX_FILTER_TEXT_LENGTH) {
      throw new AuralisError('INVALID_ARGUMENT', `\`where.${field}\`: expected at most ${MAX_FILTER_TEXT_LENGTH} characters, received ${length}`, {
        field: ['where', field],
      });
    }
  }
  const parts: SqlFragment[] = [];
  const search = where.search?.trim();
  if (search) {
    const columns = ['`title`', '`artist`', '`album`', '`path`'];
    parts.push({ sql: columns.map(likeContains).join(' or '), params: columns.map(() => containsPattern(search)) });
  }
  if (where.artist != null) parts.push({ sql: '`artist` = ?', params: [where.artist] });
  if (where.album != null) parts.push({ sql: '`album` = ?', params: [where.album] });
  if (where.fingerprintStatus != null) parts.push({ sql: '`fingerprint_status` = ?', params: [where.fingerprintStatus] });
  return joinSql(parts, 'and');
}

/** An entity seen through the read model's shape (same property names). */
export function asRecord(track: Track): TrackRecord {
  return track as unknown as TrackRecord;
}

/**
 * The keyset condition "strictly after the cursor row" for `order` (then id in the same direction).
 * SQLite sorts NULL first ascending and last descending; the conditions follow that.
 */
function keysetAfter(order: TrackOrder, cursor: readonly unknown[]): SqlFragment {
  const id = cursor[cursor.length - 1] as number;
  const asc = order.direction === 'asc';
  const beyond = asc ? '>' : '<';
  if (order.field === 'id') return { sql: `\`id\` ${beyond} ?`, params: [id] };
  if (cursor.length !== 2) {
    throw new AuralisError('INVALID_CURSOR', '`after`: expected a cursor issued for the same `orderBy`', { field: ['after'] });
  }
  const column = `\`${columnOf(order.field)}\``;
  const value = cursor[0];
  if (value === null) {
    return asc
      ? { sql: `${column} is not null or (${column} is null and \`id\` > ?)`, params: [id] }
      : { sql: `${column} is null and \`id\` < ?`, params: [id] };
  }
  return asc
    ? { sql: `${column} > ? or (${column} = ? and \`id\` > ?)`, params: [value, value, id] }
    : { sql: `${column} < ? or (${column} = ? and \`id\` < ?) or ${column} is null`, params: [value, value, id] };
}
