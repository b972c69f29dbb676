import type { EntityManager } from '@mikro-orm/sql';
import { FingerprintNotFoundError } from '../db/errors.ts';
import { type FingerprintRecord, FingerprintRepository } from '../db/FingerprintRepository.ts';
import { FingerprintStatus } from '../db/fingerprintStatus.ts';
import { type FingerprintWhere, checkFingerprintWhere } from '../db/fingerprintWhere.ts';
import { type KeysetPage, type KeysetRequest, checkKeysetRequest } from '../db/pagination.ts';
import { filterRows, loadedLibraryIndex } from '../similarity/libraryIndex.ts';
import { type TrackFilter, type TrackRecord, TrackRepository, isEmptyTrackFilter } from '../db/TrackRepository.ts';
import { AuralisError, isAuralisError } from '../errors.ts';
import type { FingerprintValues } from '../fingerprint/dimensions.ts';
import { type CompleteAnalysis, completeAnalysis } from '../fingerprint/analyse.ts';
import { checkFilterText } from './trackService.ts';
import { type LibraryRootSource, NoLibraryRootsError, resolveLibraryPath, rootsOf } from './pathGuard.ts';

/** The outcome of `extract`: the track (status updated), its fingerprint, and the analysis error if it failed. */
export interface ExtractionResult {
  readonly track: TrackRecord;
  readonly fingerprint: FingerprintRecord | null;
  /** False when the fingerprint was already CURRENT and `force` was not set. */
  readonly extracted: boolean;
  readonly error: AuralisError | undefined;
}

/** The ids of `ids` that are also in `candidates` (both ascending), or `ids` itself without candidates. */
function intersectAscending(ids: Int32Array, candidates: readonly number[] | undefined): Int32Array {
  if (candidates === undefined) return ids;
  const out = new Int32Array(Math.min(ids.length, candidates.length));
  let count = 0;
  let j = 0;
  for (const id of ids) {
    while (j < candidates.length && candidates[j]! < id) j++;
    if (j === candidates.length) break;
    if (candidates[j] === id) out[count++] = id;
  }
  return out.subarray(0, count);
}

/** How long one synchronous extraction may take before ffmpeg is stopped (ms). */
export const EXTRACT_TIMEOUT_MS = 120_000;

/** Fingerprint rules: range search, import (upsert), delete, and synchronous extraction of one track. */
export class FingerprintService {
  readonly #fingerprints: FingerprintRepository;
  readonly #tracks: TrackRepository;
  readonly #libraryRoots: LibraryRootSource;
  readonly #em: EntityManager;

  constructor(em: EntityManager, libraryRoots: LibraryRootSource) {
    this.#em = em;
    this.#fingerprints = new FingerprintRepository(em);
    this.#tracks = new TrackRepository(em);
    this.#libraryRoots = libraryRoots;
  }

  /**
   * Fingerprints matching `where` whose tracks match `search` (the `tracks` list's text search: title, artist,
   * album or path), ordered by track id (keyset pages): from the in-memory similarity index when this process
   * has it loaded (the text match picks the candidate track ids first, its columnar filter the rows, one
   * primary-key read fetches the page), by SQL otherwise; both give the same pages. A blank `search` matches
   * every track; one above MAX_FILTER_TEXT_LENGTH is INVALID_ARGUMENT.
   */
  async search(
    where: FingerprintWhere | null | undefined,
    page: KeysetRequest,
    search?: string | null,
  ): Promise<KeysetPage<FingerprintRecord>> {
    const checked = checkFingerprintWhere(where);
    const { first, after } = checkKeysetRequest(page);
    checkFilterText(search, ['search']);
    const tracks: TrackFilter = { search };
    const index = await loadedLibraryIndex(this.#em);
    if (index === undefined) return this.#fingerprints.page(where, page, tracks);
    const candidates = isEmptyTrackFilter(tracks) ? undefined : await this.#tracks.idsMatching(tracks);
    const rows = candidates?.length === 0 ? new Int32Array(0) : await filterRows(this.#em, index, checked);
    // Typed arrays throughout: a filter matching most of a 1 000 000-track library stays 4 bytes per match.
    const ids = intersectAscending(rows.map((row) => index.trackIds[row]!), candidates);
    let start = 0;
    if (after !== undefined) {
      let high = ids.length;
      while (start < high) {
        const mid = (start + high) >>> 1;
        if (ids[mid]! <= after.id) start = mid + 1;
        else high = mid;
      }
    }
    const pageIds = Array.from(ids.subarray(start, start + first));
    const nodes = await this.#fingerprints.loadByTrackIds(pageIds);
    // A write between the index read and this one: answer from SQL.
    if (nodes.some((node) => node === null)) return this.#fingerprints.page(where, page, tracks);
    return { nodes: nodes as FingerprintRecord[], hasNextPage: ids.length > start + first, totalCount: async () => ids.length };
  }

  /**
   * Stores imported values (all 25, finite, physical units) as the track's CURRENT fingerprint, replacing
   * any previous one, and clears `lastError`.
   */
  async upsert(trackId: number, values: Readonly<Record<string, unknown>>): Promise<FingerprintRecord> {
    await this.#tracks.getByIdOrFail(trackId, ['trackId']);
    return this.#fingerprints.upsert({ trackId, values: values as FingerprintValues });
  }

  /** Deletes the track's fingerprint (FINGERPRINT_NOT_FOUND when it has none); the track becomes MISSING. */
  async delete(trackId: number): Promise<TrackRecord> {
    await this.#tracks.getByIdOrFail(trackId, ['trackId']);
    if (!(await this.#fingerprints.delete(trackId))) throw new FingerprintNotFoundError(trackId, { field: ['trackId'] });
    return this.#tracks.getByIdOrFail(trackId, ['trackId']);
  }

  /**
   * Analyses the track's file now (synchronously for this request) unless its fingerprint is CURRENT and
   * `force` is false. Success: the fingerprint and status CURRENT are written in one transaction. Failure
   * (named error): only status FAILED and `lastError` are written; any previous fingerprint row stays as it
   * was. The file must still resolve inside the library roots; with no root at all it throws NO_LIBRARY_ROOTS
   * and writes nothing (a configuration error, not a property of the file). When the request is aborted
   * (client gone), ffmpeg is stopped and nothing is written.
   */
  async extract(trackId: number, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<ExtractionResult> {
    const track = await this.#tracks.getByIdOrFail(trackId, ['trackId']);
    const existing = await this.#fingerprints.getByTrackId(trackId);
    if (!options.force && existing !== null && track.fingerprintStatus === FingerprintStatus.CURRENT) {
      return { track, fingerprint: existing, extracted: false, error: undefined };
    }
    const roots = await rootsOf(this.#libraryRoots);
    if (roots.length === 0) throw new NoLibraryRootsError(['trackId']);
    let analysed: CompleteAnalysis;
    try {
      const path = await resolveLibraryPath(track.path, roots, ['trackId']);
      // Analysed in the shared worker pool (server/extraction/analysisPool.ts), so a long analysis does not
      // block other requests; loaded on first use, as only servers that extract need it.
      const { sharedAnalysisPool } = await import('../extraction/analysisPool.ts');
      const analysis = await sharedAnalysisPool().analyse(path, { signal: options.signal, timeoutMs: EXTRACT_TIMEOUT_MS });
      analysed = completeAnalysis(track.path, analysis);
    } catch (error) {
      // The client went away: nothing is known about the file, so its status stays as it was.
      if (isAuralisError(error) && error.code === 'ABORTED') throw error;
      const message = error instanceof Error ? error.message : String(error);
      await this.#tracks.setStatus(trackId, FingerprintStatus.FAILED, message);
      if (!isAuralisError(error)) throw error;
      return { track: await this.#tracks.getByIdOrFail(trackId, ['trackId']), fingerprint: existing, extracted: false, error };
    }
    const fingerprint = await this.#fingerprints.upsert({
      trackId,
      ...analysed,
    });
    return { track: await this.#tracks.getByIdOrFail(trackId, ['trackId']), fingerprint, extracted: true, error: undefined };
  }
}
