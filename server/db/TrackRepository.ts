import path from 'node:path';
import { type FilterQuery, raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sqlite';
import { DuplicateTrackError, InvalidTrackError, TrackNotFoundError } from './errors.ts';
import { checkTrackId } from './fingerprintInput.ts';
import { FINGERPRINT_STATUSES, type FingerprintStatus, isFingerprintStatus } from './fingerprintStatus.ts';
import { containsPattern, likeContains } from './likeContains.ts';
import { type PageOptions, checkPage } from './pagination.ts';
import { Track } from './Track.ts';
import type { TrackFacts } from './trackFacts.ts';

/** Tags and format facts of a track; everything but `path` may be null or absent (= unknown). */
export type TrackFields = Partial<TrackFacts>;

/** What `add` needs: an absolute path plus any known fields. */
export interface TrackInput extends TrackFields {
  readonly path: string;
}

/** What `update` may change (a new path must be absolute and unused). */
export interface TrackPatch extends TrackFields {
  readonly path?: string;
}

/** Filters of track lists, combined with AND. */
export interface TrackFilter {
  /** Case-insensitive (ASCII) literal substring of title, artist or album (`%` and `_` match themselves). */
  readonly search?: string | null;
  /** Exact artist. */
  readonly artist?: string | null;
  /** Exact album. */
  readonly album?: string | null;
  readonly fingerprintStatus?: FingerprintStatus | null;
}

const TEXT_FIELDS = ['title', 'artist', 'album', 'albumArtist', 'genre', 'codec'] as const;
const INTEGER_FIELDS = ['trackNumber', 'discNumber', 'year', 'sampleRate', 'channels', 'fileSize'] as const;
const NUMBER_FIELDS = ['durationSeconds', 'bitrate'] as const;
const FIELD_NAMES = new Set<string>(['path', ...TEXT_FIELDS, ...INTEGER_FIELDS, ...NUMBER_FIELDS, 'fileMtime']);

/**
 * Queries and writes of `tracks`, on the EntityManager it is given (per request: a fork).
 * Lists are ordered by id; `after` is a keyset cursor on the id; limit ≤ 500 (PAGE_SIZE_EXCEEDED).
 * Deleting a track deletes its fingerprint (ON DELETE CASCADE in the database).
 */
export class TrackRepository {
  readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /** Adds a track (status MISSING). TRACK_ALREADY_EXISTS when the path is taken, INVALID_TRACK for bad fields. */
  async add(input: TrackInput): Promise<Track> {
    const fields = checkTrackFields(input, { requirePath: true });
    if (await this.getByPath(fields.path as string)) throw new DuplicateTrackError(fields.path as string);
    const track = this.em.create(Track, fields as unknown as TrackInput);
    await this.em.flush();
    return track;
  }

  /**
   * Adds the track, or updates the fields of the track that has this path (what a library scan does).
   * Returns the track and whether it was created.
   */
  async upsertByPath(input: TrackInput): Promise<{ track: Track; created: boolean }> {
    const fields = checkTrackFields(input, { requirePath: true });
    const existing = await this.getByPath(fields.path as string);
    if (!existing) {
      const track = this.em.create(Track, fields as unknown as TrackInput);
      await this.em.flush();
      return { track, created: true };
    }
    this.em.assign(existing, fields);
    await this.em.flush();
    return { track: existing, created: false };
  }

  /** The track with this id, or null. */
  async getById(id: number): Promise<Track | null> {
    checkTrackId(id, ['id']);
    return this.em.findOne(Track, { id });
  }

  /** The track with this id; TRACK_NOT_FOUND otherwise. */
  async getByIdOrFail(id: number): Promise<Track> {
    const track = await this.getById(id);
    if (!track) throw new TrackNotFoundError(id);
    return track;
  }

  /** The track with this absolute path, or null. */
  async getByPath(trackPath: string): Promise<Track | null> {
    return this.em.findOne(Track, { path: trackPath });
  }

  /** Batch load for DataLoader: ONE query, results in key order, null for unknown ids. */
  async loadByIds(ids: readonly number[]): Promise<(Track | null)[]> {
    ids.forEach((id, index) => checkTrackId(id, ['ids', String(index)]));
    if (ids.length === 0) return [];
    const found = await this.em.find(Track, { id: { $in: [...new Set(ids)] } });
    const byId = new Map(found.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Changes fields of a track (TRACK_NOT_FOUND, TRACK_ALREADY_EXISTS, INVALID_TRACK). Returns it. */
  async update(id: number, patch: TrackPatch): Promise<Track> {
    const fields = checkTrackFields(patch, { requirePath: false });
    const track = await this.getByIdOrFail(id);
    if (fields.path !== undefined && fields.path !== track.path) {
      if (await this.getByPath(fields.path as string)) throw new DuplicateTrackError(fields.path as string);
    }
    this.em.assign(track, fields);
    await this.em.flush();
    return track;
  }

  /**
   * Sets the fingerprint status, and `lastError` (kept only for FAILED; cleared otherwise).
   * Used by extraction: FAILED with the reason, or back to MISSING.
   */
  async setStatus(id: number, status: FingerprintStatus, lastError: string | null = null): Promise<Track> {
    checkFingerprintStatus(status);
    const track = await this.getByIdOrFail(id);
    track.fingerprintStatus = status;
    track.lastError = status === 'FAILED' ? (lastError ?? 'unknown error') : null;
    await this.em.flush();
    return track;
  }

  /** Deletes a track and, through the database's ON DELETE CASCADE, its fingerprint. Returns whether it existed. */
  async delete(id: number): Promise<boolean> {
    checkTrackId(id, ['id']);
    const count = await this.em.nativeDelete(Track, { id });
    const uow = this.em.getUnitOfWork();
    for (const entity of uow.getIdentityMap()) {
      const owner = (entity as { track?: { id?: number } }).track;
      if ((entity instanceof Track.class && (entity as Track).id === id) || owner?.id === id) uow.unsetIdentity(entity);
    }
    return count > 0;
  }

  /** A page of tracks ordered by id, optionally filtered. */
  async getAll(page: PageOptions = {}, filter: TrackFilter = {}): Promise<Track[]> {
    const { limit, offset, after } = checkPage(page);
    if (limit === 0) return [];
    const where = trackWhere(filter);
    const keyed = (after === undefined ? where : { $and: [where, { id: { $gt: after } }] }) as FilterQuery<Track>;
    return this.em.find(Track, keyed, { orderBy: { id: 'asc' }, limit, offset });
  }

  /** Number of tracks matching the filter. */
  async count(filter: TrackFilter = {}): Promise<number> {
    return this.em.count(Track, trackWhere(filter));
  }

  /** Number of tracks per fingerprint status (every status present, 0 when none). */
  async countByStatus(): Promise<Record<FingerprintStatus, number>> {
    const rows = await this.em.execute<{ status: FingerprintStatus; n: number }[]>(
      'select `fingerprint_status` as status, count(*) as n from `tracks` group by `fingerprint_status`',
      [],
      'all',
    );
    const counts = Object.fromEntries(FINGERPRINT_STATUSES.map((s) => [s, 0])) as Record<FingerprintStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** Whether a track with this id exists. */
  async exists(id: number): Promise<boolean> {
    checkTrackId(id, ['id']);
    return (await this.em.count(Track, { id })) > 0;
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

function trackWhere(filter: TrackFilter): FilterQuery<Track> {
  const where: Record<PropertyKey, unknown> = {};
  if (filter.fingerprintStatus != null) where.fingerprintStatus = checkFingerprintStatus(filter.fingerprintStatus);
  if (filter.artist != null) where.artist = filter.artist;
  if (filter.album != null) where.album = filter.album;
  if (filter.search != null && filter.search !== '') {
    const pattern = containsPattern(filter.search);
    const columns = ['title', 'artist', 'album'];
    const condition = raw(
      (alias) => `(${columns.map((c) => likeContains(`${alias}.\`${c}\``)).join(' or ')})`,
      columns.map(() => pattern),
    );
    where[condition] = [];
  }
  return where as FilterQuery<Track>;
}

/** Checks track fields; returns only the fields that were given (null stays null). */
function checkTrackFields(input: TrackPatch, options: { requirePath: boolean }): Record<string, unknown> {
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
  return out;
}
