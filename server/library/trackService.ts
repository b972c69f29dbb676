import type { EntityManager } from '@mikro-orm/sqlite';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { DuplicateTrackError, InvalidTrackError, TrackNotFoundError } from '../db/errors.ts';
import type { FingerprintStatus } from '../db/fingerprintStatus.ts';
import { Track } from '../db/Track.ts';
import { AuralisError } from '../errors.ts';
import type { Loaders } from '../graphql/loaders.ts';
import { encodeCursor, type Page, type PageRequest } from '../graphql/pagination.ts';
import { resolveLibraryPath } from './pathGuard.ts';
import { readTrackFile } from './readTrackFile.ts';

/** Filters of the `tracks` connection; all given ones must hold. */
export interface TrackWhere {
  /** Case-insensitive substring of title, artist, album or path (`%` and `_` act as SQL wildcards). */
  readonly search?: string | null;
  /** Exact artist tag. */
  readonly artist?: string | null;
  /** Exact album tag. */
  readonly album?: string | null;
  readonly fingerprintStatus?: FingerprintStatus | null;
}

/** Sortable Track properties (the cursor holds the value and the id, which breaks ties). */
export const TRACK_ORDER_FIELDS = ['id', 'title', 'artist', 'album', 'path', 'year', 'durationSeconds'] as const;
export type TrackOrderField = (typeof TRACK_ORDER_FIELDS)[number];
export interface TrackOrder {
  readonly field: TrackOrderField;
  readonly direction: 'asc' | 'desc';
}

/** Tag fields a client may edit with `updateTrack` (null clears a tag). */
export interface TrackPatch {
  readonly title?: string | null;
  readonly artist?: string | null;
  readonly album?: string | null;
  readonly albumArtist?: string | null;
  readonly trackNumber?: number | null;
  readonly discNumber?: number | null;
  readonly year?: number | null;
  readonly genre?: string | null;
}

const TEXT_TAGS = ['title', 'artist', 'album', 'albumArtist', 'genre'] as const;
const INTEGER_TAGS = ['trackNumber', 'discNumber', 'year'] as const;

/** Track rules: adding a file (path guard, tags, format facts), editing tags, deleting, listing with keyset pages. */
export class TrackService {
  readonly #em: EntityManager;
  readonly #loaders: Loaders;
  readonly #libraryRoots: readonly string[];
  readonly #fingerprints: FingerprintRepository;

  constructor(em: EntityManager, loaders: Loaders, libraryRoots: readonly string[]) {
    this.#em = em;
    this.#loaders = loaders;
    this.#libraryRoots = libraryRoots;
    this.#fingerprints = new FingerprintRepository(em);
  }

  /** The track, or null (batched through the request's loader). */
  get(id: number): Promise<Track | null> {
    return this.#loaders.track.load(id);
  }

  /** The track, or TRACK_NOT_FOUND naming `field`. */
  async require(id: number, field: readonly string[] = ['id']): Promise<Track> {
    const track = await this.get(id);
    if (track === null) throw withField(new TrackNotFoundError(id), field);
    return track;
  }

  /** One page of tracks, ordered by `order` then id (keyset pagination: stable under inserts). */
  async list(where: TrackWhere, order: TrackOrder, page: PageRequest): Promise<Page<Track>> {
    const filter = this.#filter(where);
    const after = page.after === undefined ? undefined : keysetAfter(order, page.after);
    const conditions = [filter, after].filter((c) => c !== undefined && Object.keys(c).length > 0);
    const query = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0] : { $and: conditions };
    const orderBy = order.field === 'id' ? { id: order.direction } : { [order.field]: order.direction, id: order.direction };
    const rows = await this.#em.find(Track, query as object, { orderBy: orderBy as never, limit: page.first + 1 });
    for (const row of rows) this.#loaders.track.prime(row.id, row);
    return {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== undefined,
      cursorOf: (track) => encodeCursor(order.field === 'id' ? [track.id] : [track[order.field] ?? null, track.id]),
      totalCount: () => this.#em.count(Track, filter as object),
    };
  }

  /** One page of the tracks that have no fingerprint row, by id. */
  async missing(page: PageRequest): Promise<Page<Track>> {
    const after = page.after === undefined ? undefined : (page.after[page.after.length - 1] as number);
    const rows = await this.#fingerprints.getMissing({ limit: page.first + 1, after });
    for (const row of rows) this.#loaders.track.prime(row.id, row);
    return {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: after !== undefined,
      cursorOf: (track) => encodeCursor([track.id]),
      totalCount: () => this.#fingerprints.countMissing(),
    };
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
    await this.#em.flush();
    return track;
  }

  /** Edits the tags given in `patch` (absent: unchanged; null: cleared). */
  async update(id: number, patch: TrackPatch): Promise<Track> {
    const track = await this.require(id);
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
    return track;
  }

  /** Deletes the track (its fingerprint goes with it: ON DELETE CASCADE). Returns the deleted id. */
  async delete(id: number): Promise<number> {
    const track = await this.require(id);
    this.#em.remove(track);
    await this.#em.flush();
    this.#loaders.track.clear(id);
    this.#loaders.fingerprintByTrackId.clear(id);
    return id;
  }

  #filter(where: TrackWhere): Record<string, unknown> {
    const conditions: Record<string, unknown>[] = [];
    const search = where.search?.trim();
    if (search) {
      const like = `%${search}%`;
      conditions.push({
        $or: [{ title: { $like: like } }, { artist: { $like: like } }, { album: { $like: like } }, { path: { $like: like } }],
      });
    }
    if (where.artist != null) conditions.push({ artist: where.artist });
    if (where.album != null) conditions.push({ album: where.album });
    if (where.fingerprintStatus != null) conditions.push({ fingerprintStatus: where.fingerprintStatus });
    if (conditions.length === 0) return {};
    return conditions.length === 1 ? conditions[0] : { $and: conditions };
  }
}

/**
 * The keyset condition "strictly after the cursor row" for `order` (then id in the same direction).
 * SQLite sorts NULL first ascending and last descending; the conditions follow that.
 */
function keysetAfter(order: TrackOrder, cursor: readonly unknown[]): Record<string, unknown> {
  const id = cursor[cursor.length - 1] as number;
  const asc = order.direction === 'asc';
  const beyond = asc ? '$gt' : '$lt';
  if (order.field === 'id') return { id: { [beyond]: id } };
  if (cursor.length !== 2) {
    throw new AuralisError('INVALID_CURSOR', '`after`: expected a cursor issued for the same `orderBy`', { field: ['after'] });
  }
  const field = order.field;
  const value = cursor[0];
  if (value === null) {
    return asc ? { $or: [{ [field]: { $ne: null } }, { [field]: null, id: { $gt: id } }] } : { [field]: null, id: { $lt: id } };
  }
  const tie = { [field]: value, id: { [beyond]: id } };
  return asc
    ? { $or: [{ [field]: { $gt: value } }, tie] }
    : { $or: [{ [field]: { $lt: value } }, tie, { [field]: null }] };
}

function withField<E extends AuralisError>(error: E, field: readonly string[]): E {
  (error as { field: readonly string[] | undefined }).field = field;
  return error;
}
