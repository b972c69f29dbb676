import type { EntityManager } from '@mikro-orm/sql';
import { InvalidTrackError, TrackNotFoundError } from '../db/errors.ts';
import { AuralisError } from '../errors.ts';
import type { KeysetPage, KeysetRequest } from '../db/pagination.ts';
import type { TrackTags } from '../db/trackFacts.ts';
import { type TrackFilter, type TrackOrder, type TrackRecord, TrackRepository } from '../db/TrackRepository.ts';
import { type LibraryRootSource, resolveLibraryPath } from './pathGuard.ts';
import { readTrackFile } from './readTrackFile.ts';

/** Filters of the `tracks` list; all given ones must hold. */
export type TrackWhere = TrackFilter;

/**
 * Longest `search`, `artist` or `album` filter, in characters (UTF-16 code units). Far above any tag, and
 * far below SQLite's 50 000-byte limit on a LIKE pattern, past which the query itself failed.
 */
export const MAX_FILTER_TEXT_LENGTH = 1000;

/** INVALID_ARGUMENT naming `field` (e.g. `['where', 'search']`) when `text` is longer than MAX_FILTER_TEXT_LENGTH. */
export function checkFilterText(text: string | null | undefined, field: readonly string[]): void {
  const length = text?.length ?? 0;
  if (length > MAX_FILTER_TEXT_LENGTH) {
    throw new AuralisError('INVALID_ARGUMENT', `\`${field.join('.')}\`: expected at most ${MAX_FILTER_TEXT_LENGTH} characters, received ${length}`, {
      field,
    });
  }
}

/** Tag fields a client may edit with `updateTrack` (null clears a tag). */
export type TrackPatch = Partial<TrackTags>;

const TEXT_TAGS = ['title', 'artist', 'album', 'albumArtist', 'genre'] as const;
const INTEGER_TAGS = ['trackNumber', 'discNumber', 'year'] as const;

/**
 * NUL and the other C0 control characters except tab, line feed and carriage return. Tags edited through
 * the API are stored without them (server/db/README.md, "Text values"): they are never meaningful in a tag,
 * and they break the tools that read tags back. Values are bound either way, so keeping them would be safe.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A tag as stored: control characters removed, trimmed, empty → null. */
export function cleanTag(value: string | null): string | null {
  if (value === null) return null;
  const cleaned = value.replace(CONTROL_CHARACTERS, '').trim();
  return cleaned === '' ? null : cleaned;
}

/** Track rules: adding a file (path guard, tags, format facts), editing tags, deleting, listing with keyset pages. */
export class TrackService {
  readonly #tracks: TrackRepository;
  readonly #libraryRoots: LibraryRootSource;

  constructor(em: EntityManager, libraryRoots: LibraryRootSource) {
    this.#tracks = new TrackRepository(em);
    this.#libraryRoots = libraryRoots;
  }

  /** The track, or null. */
  get(id: number): Promise<TrackRecord | null> {
    return this.#tracks.getById(id);
  }

  /**
   * The tracks of `ids` in the order given (repeats kept), one query per chunk; TRACK_NOT_FOUND naming
   * `ids.<index>` for the first id without a track.
   */
  async requireMany(ids: readonly number[]): Promise<TrackRecord[]> {
    const tracks = await this.#tracks.loadByIds(ids);
    const missing = tracks.indexOf(null);
    if (missing >= 0) throw new TrackNotFoundError(ids[missing]!, { field: ['ids', String(missing)] });
    return tracks as TrackRecord[];
  }

  /** The track, or TRACK_NOT_FOUND naming `field`. */
  require(id: number, field: readonly string[] = ['id']): Promise<TrackRecord> {
    return this.#tracks.getByIdOrFail(id, field);
  }

  /** One page of tracks, ordered by `order` then id (keyset pagination: stable under inserts). */
  list(where: TrackWhere, order: TrackOrder, page: KeysetRequest): Promise<KeysetPage<TrackRecord>> {
    for (const field of ['search', 'artist', 'album'] as const) checkFilterText(where[field], ['where', field]);
    return this.#tracks.page(where, order, page);
  }

  /** One page of the tracks that have no fingerprint row, by id. */
  missing(page: KeysetRequest): Promise<KeysetPage<TrackRecord>> {
    return this.#tracks.pageMissing(page);
  }

  /**
   * Adds the file at `path` (which must resolve inside the library roots): tags and format facts from its
   * headers, status MISSING. TRACK_ALREADY_EXISTS when the (resolved) path is already a track.
   */
  async add(path: string): Promise<TrackRecord> {
    const resolved = await resolveLibraryPath(path, this.#libraryRoots, ['path']);
    const facts = await readTrackFile(resolved);
    return this.#tracks.add({ path: resolved, ...facts });
  }

  /** Edits the tags given in `patch` (absent: unchanged; null or blank: cleared; control characters removed). */
  async update(id: number, patch: TrackPatch): Promise<TrackRecord> {
    const changes: Record<string, string | number | null> = {};
    for (const key of TEXT_TAGS) {
      const value = patch[key];
      if (value === undefined) continue;
      changes[key] = cleanTag(value);
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
    return this.#tracks.update(id, changes);
  }

  /** Deletes the track (its fingerprint goes with it: ON DELETE CASCADE). Returns the deleted id. */
  async delete(id: number): Promise<number> {
    await this.#tracks.getByIdOrFail(id);
    await this.#tracks.delete(id);
    return id;
  }
}
