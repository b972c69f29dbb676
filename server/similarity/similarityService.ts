/**
 * "Find similar": the weighted, library-normalised distance between fingerprints
 * (SPEC-fingerprint.md, "Weights for the default distance"), over the in-memory packed library
 * (libraryIndex.ts) scanned by the WASM kernel (distanceKernel.ts).
 *
 * distance = sqrt(Σᵢ wᵢ (aᵢ − bᵢ)²) over the normalised values a, b ∈ [0, 1]; with weights summing to 1
 * it lies in [0, 1], and similarity = 1 − distance. Results are ordered by distance, ties by ascending
 * track id. Reported distances are exact f64 values (see topK.ts for how the f32 scan is re-ranked).
 *
 * Contributions explain a distance per dimension: `contribution = sqrt(wᵢ)·|aᵢ − bᵢ|`, so that
 * Σ contribution² = distance² exactly; `share = wᵢ (aᵢ − bᵢ)² / distance²` is its fraction of the
 * squared distance (the shares sum to 1; all 0 when the distance is 0).
 *
 * With a `timbre` weight w_t > 0 (weights.ts, e.g. the `sound` preset) the distance is
 * sqrt(Σᵢ wᵢ Δᵢ² + w_t·d_t²) with d_t the timbre distance (timbreDistance.ts); the 25 contributions keep their
 * definition and their shares then sum to 1 − w_t·d_t²/distance² (the rest is the timbre term, `timbreShare`).
 */
import type { EntityManager } from '@mikro-orm/sqlite';
import { FingerprintNotFoundError, TrackNotFoundError } from '../db/errors.ts';
import { checkValues } from '../db/fingerprintInput.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { completeAnalysis } from '../fingerprint/analyse.ts';
import { type LibraryRootSource, resolveLibraryPath } from '../library/pathGuard.ts';
import { DIMENSIONS, type FingerprintValues, toVector } from '../fingerprint/dimensions.ts';
import { checkFingerprintWhere, type CheckedWhere, type FingerprintWhere } from '../db/fingerprintWhere.ts';
import { type DistanceMatrix, distanceMatrix } from './distanceMatrix.ts';
import { InvalidFirstError, InvalidWeightsError } from './errors.ts';
import { type ExplainedContribution, explainPair } from './explain.ts';
import { KERNEL_STRIDE } from './distanceKernel.ts';
import { type LibraryIndex, libraryIndex, liveDistances, rowOf, vectorOf, withKernel } from './libraryIndex.ts';
import { matchingRows } from './rowFilter.ts';
import { type Candidate, Caps, type CapLimits, checkSelection, groupingOf, selectResults, type TrackGrouping } from './selection.ts';
import { normaliseVector, type NormaliserRanges } from './normalise.ts';
import { type ActiveNormalisers, NormaliserStore, type StoredNormalisers } from './normalisers.ts';
import { kthSmallest, rowsAtMost, TIE_MARGIN } from './topK.ts';
import { type DistanceWeights, resolveDistanceWeights, type WeightInput } from './weights.ts';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { buildTimbreTable, MISSING_TIMBRE_DISTANCE, timbreDistance, type TimbreTable } from './timbreDistance.ts';

/** How long `similarToFile` may analyse a file (ms), as a synchronous extraction. */
const ANALYSE_TIMEOUT_MS = 120_000;

/** Most results one similarity query returns. */
export const MAX_SIMILAR = 500;
export const DEFAULT_SIMILAR = 10;

const WIDTH = DIMENSIONS.length;

/**
 * One dimension's part in a distance: what an explanation reads (explain.ts; weight used, the weights summing to 1;
 * the contributions' squares sum to distance²), plus its share and where the pair sits in the library.
 */
export interface DimensionContribution extends ExplainedContribution {
  /** weight·normalisedDelta² / distance² (0 when the distance is 0); the shares sum to 1. */
  readonly share: number;
  /** (normalised a + normalised b) / 2, in [0, 1]: where the pair sits in the library (explain.ts adjectives). */
  readonly normalisedMean: number;
}

export interface SimilarTrackResult {
  readonly trackId: number;
  readonly distance: number;
  /** The timbre distance d_t (timbreDistance.ts) when the weights include timbre, else undefined. */
  readonly timbreDistance?: number;
  readonly similarity: number;
  /** 1-based position in the result list. */
  readonly rank: number;
  readonly contributions: readonly DimensionContribution[];
  /** The two or three dimensions that make the pair close or far, in words (explain.ts). */
  readonly because: string;
}

export interface TrackComparison {
  readonly a: number;
  readonly b: number;
  readonly distance: number;
  /** The timbre distance d_t when the weights include timbre, else undefined. */
  readonly timbreDistance?: number;
  readonly similarity: number;
  readonly contributions: readonly DimensionContribution[];
  /** The two or three dimensions that make the pair close or far, in words (explain.ts). */
  readonly because: string;
}

export interface SimilarOptions extends CapLimits {
  /** How many results (1 … MAX_SIMILAR; default DEFAULT_SIMILAR). */
  readonly first?: number | null;
  readonly weights?: WeightInput | null;
  /** Track ids never to return (the query track is always left out). */
  readonly exclude?: readonly number[] | null;
  /** Exact pre-filter: only tracks inside these ranges (server/db/fingerprintWhere.ts semantics). */
  readonly where?: FingerprintWhere | null;
  /** 0 (default) = nearest only … 1 = maximal marginal relevance (selection.ts). */
  readonly diversity?: number | null;
}

/** Candidate pool per requested result when caps or diversity choose among more than the nearest (grown ×2 while short). */
const POOL_FACTOR = 5;
const MIN_POOL = 50;

/** The normalisers in use and how they came about (GraphQL `similarityNormalisers`). */
export interface NormaliserStatus {
  readonly source: 'library' | 'fallback';
  /** Fingerprints in the library now. */
  readonly libraryFingerprintCount: number;
  /** The stored set, when one is in use. */
  readonly stored: StoredNormalisers | null;
  readonly ranges: NormaliserRanges;
}

function statusOf(active: ActiveNormalisers): NormaliserStatus {
  return {
    source: active.ranges.source,
    libraryFingerprintCount: active.libraryCount,
    stored: active.ranges.source === 'library' ? active.stored : null,
    ranges: active.ranges,
  };
}

/** Exact distance and its per-dimension explanation between two raw vectors (spec order). */
export function explainDistance(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  ranges: NormaliserRanges,
  weights: ArrayLike<number>,
): { distance: number; contributions: DimensionContribution[] } {
  const na = normaliseVector(a, ranges);
  const nb = normaliseVector(b, ranges);
  let squared = 0;
  const deltas = new Float64Array(WIDTH);
  for (let j = 0; j < WIDTH; j++) {
    deltas[j] = nb[j]! - na[j]!;
    squared += weights[j]! * deltas[j]! ** 2;
  }
  const distance = Math.sqrt(squared);
  const contributions = DIMENSIONS.map((d, j) => {
    const term = weights[j]! * deltas[j]! ** 2;
    return {
      dimension: d.key,
      weight: weights[j]!,
      a: a[j]!,
      b: b[j]!,
      normalisedDelta: deltas[j]!,
      contribution: Math.sqrt(weights[j]!) * Math.abs(deltas[j]!),
      share: squared > 0 ? term / squared : 0,
      normalisedMean: (na[j]! + nb[j]!) / 2,
    };
  });
  return { distance, contributions };
}

/** A pair's distance, similarity, contributions and `because`. */
export function comparePair(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  ranges: NormaliserRanges,
  weights: ArrayLike<number>,
): { distance: number; similarity: number; contributions: DimensionContribution[]; because: string } {
  const { distance, contributions } = explainDistance(a, b, ranges, weights);
  return { distance, similarity: 1 - distance, contributions, because: explainPair(contributions, distance).text };
}

/** Distance between two rows of the index over its packed f32 normalised values (selection, paths). */
export function rowDistance(index: LibraryIndex, weights: ArrayLike<number>, rowA: number, rowB: number): number {
  const a = rowA * KERNEL_STRIDE;
  const b = rowB * KERNEL_STRIDE;
  let squared = 0;
  for (let j = 0; j < WIDTH; j++) squared += weights[j]! * (index.packed[a + j]! - index.packed[b + j]!) ** 2;
  return Math.sqrt(squared);
}

/** Timbre tables per index object (an index is replaced, never changed, when the library changes). */
const timbreTables = new WeakMap<LibraryIndex, Promise<TimbreTable>>();

/** explainDistance plus the timbre term: the full distance, d_t, and the 25 contributions with shares of the full distance². */
export function explainWithTimbre(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  ranges: NormaliserRanges,
  weights: DistanceWeights,
  timbreDistanceValue: number,
): { distance: number; timbreDistance: number; contributions: DimensionContribution[] } {
  const explained = explainDistance(a, b, ranges, weights.dimensions);
  const squared = explained.distance ** 2 + weights.timbre * timbreDistanceValue ** 2;
  const contributions = explained.contributions.map((c) => ({
    ...c,
    share: squared > 0 ? (c.weight * c.normalisedDelta ** 2) / squared : 0,
  }));
  return { distance: Math.sqrt(squared), timbreDistance: timbreDistanceValue, contributions };
}

/**
 * The timbre term is not yet combined with the pre-filter, the caps or diversity (they select among the 25's
 * nearest): asking for both is INVALID_WEIGHTS naming the option, never a silently ignored option.
 */
function checkTimbreOptions(options: SimilarOptions): void {
  const combined = (['where', 'maxPerArtist', 'maxPerAlbum', 'diversity'] as const).find((key) => options[key] != null && options[key] !== 0);
  if (combined !== undefined) {
    throw new InvalidWeightsError(`\`${combined}\` cannot yet be combined with a timbre weight; leave one of them out`);
  }
}

function checkFirst(first: number | null | undefined): number {
  const value = first ?? DEFAULT_SIMILAR;
  if (!Number.isInteger(value) || value < 1 || value > MAX_SIMILAR) throw new InvalidFirstError(value, MAX_SIMILAR);
  return value;
}

export class SimilarityService {
  readonly #em: EntityManager;
  readonly #libraryRoots: LibraryRootSource;

  /** @param libraryRoots the roots `similarToFile` may read (none: every path is refused) */
  constructor(em: EntityManager, libraryRoots: LibraryRootSource = []) {
    this.#em = em;
    this.#libraryRoots = libraryRoots;
  }

  /** The current index (rebuilt when fingerprints or normalisers changed). */
  index(): Promise<LibraryIndex> {
    return libraryIndex(this.#em);
  }

  /**
   * The tracks nearest to `trackId`, nearest first.
   * @throws TrackNotFoundError, FingerprintNotFoundError, InvalidWeightsError, InvalidFirstError
   */
  async similarTracks(trackId: number, options: SimilarOptions = {}): Promise<SimilarTrackResult[]> {
    const first = checkFirst(options.first);
    const weights = resolveDistanceWeights(options.weights);
    const index = await this.index();
    const row = await this.rowOrFail(index, trackId);
    const query = vectorOf(index, row);
    const exclude = [trackId, ...(options.exclude ?? [])];
    if (weights.timbre > 0) {
      checkTimbreOptions(options);
      return this.#nearestWithTimbre(index, row, query, weights, first, exclude);
    }
    return this.#nearest(index, query, weights.dimensions, first, exclude, options);
  }

  /**
   * The tracks nearest to a fingerprint that need not be stored (e.g. of a file outside the library).
   * @throws InvalidFingerprintError when a dimension is missing or not finite (checkValues, as for storing);
   *   UnknownDimensionError, InvalidWeightsError, InvalidFirstError
   */
  async similarToValues(values: Partial<FingerprintValues>, options: SimilarOptions = {}): Promise<SimilarTrackResult[]> {
    const first = checkFirst(options.first);
    const weights = resolveDistanceWeights(options.weights);
    const query = toVector(checkValues(values, { partial: false }) as FingerprintValues);
    const index = await this.index();
    // No timbre comes with bare values: the timbre term is MISSING_TIMBRE_DISTANCE for every row.
    if (weights.timbre > 0) {
      checkTimbreOptions(options);
      return this.#nearestWithTimbre(index, -1, query, weights, first, options.exclude ?? []);
    }
    return this.#nearest(index, query, weights.dimensions, first, options.exclude ?? [], options);
  }

  /**
   * The tracks nearest to an audio file inside the library roots: a library track with a fingerprint is queried
   * by its stored fingerprint (and left out of the results); any other file is analysed now in the shared
   * analysis pool and nothing is stored.
   * @throws PATH_OUTSIDE_LIBRARY, FILE_NOT_FOUND, NOT_A_FILE, INVALID_PATH (pathGuard.ts), the analysis errors
   *   (e.g. DECODE_FAILED), and as similarToValues
   */
  async similarToFile(filePath: string, options: SimilarOptions = {}): Promise<SimilarTrackResult[]> {
    checkFirst(options.first);
    const resolved = await resolveLibraryPath(filePath, this.#libraryRoots, ['path']);
    const track = await new TrackRepository(this.#em).getByPath(resolved);
    if (track !== null && rowOf(await this.index(), track.id) >= 0) return this.similarTracks(track.id, options);
    const { sharedAnalysisPool } = await import('../extraction/analysisPool.ts');
    const analysis = completeAnalysis(resolved, await sharedAnalysisPool().analyse(resolved, { timeoutMs: ANALYSE_TIMEOUT_MS }));
    const exclude = [...(options.exclude ?? []), ...(track ? [track.id] : [])];
    return this.similarToValues(analysis.values, { ...options, exclude });
  }

  /**
   * Distance, similarity and per-dimension contributions between two tracks (a is the query side).
   * @throws TrackNotFoundError, FingerprintNotFoundError, InvalidWeightsError
   */
  async compareTracks(a: number, b: number, weightInput?: WeightInput | null): Promise<TrackComparison> {
    const weights = resolveDistanceWeights(weightInput);
    const index = await this.index();
    const rowA = await this.rowOrFail(index, a);
    const rowB = await this.rowOrFail(index, b);
    if (weights.timbre > 0) {
      const table = await this.#timbreTable(index);
      const explained = explainWithTimbre(vectorOf(index, rowA), vectorOf(index, rowB), index.ranges, weights, timbreDistance(table, rowA, rowB));
      return { a, b, ...explained, similarity: 1 - explained.distance, because: explainPair(explained.contributions, explained.distance).text };
    }
    return { a, b, ...comparePair(vectorOf(index, rowA), vectorOf(index, rowB), index.ranges, weights.dimensions) };
  }

  /**
   * Pairwise distances of up to 500 tracks, rows in the order given (distanceMatrix.ts).
   * @throws TooManyTracksError, TrackNotFoundError, FingerprintNotFoundError, InvalidWeightsError
   */
  distanceMatrix(trackIds: readonly number[], weights?: WeightInput | null): Promise<DistanceMatrix> {
    return distanceMatrix(this.#em, trackIds, weights);
  }

  /** The normalisers in use now (recomputing them first when due). */
  async normalisers(): Promise<NormaliserStatus> {
    return statusOf((await this.index()).normalisers);
  }

  /** Recomputes and stores the normaliser statistics now (fallback below 10 fingerprints). */
  async recomputeNormalisers(): Promise<NormaliserStatus> {
    const store = new NormaliserStore(this.#em);
    await store.recompute();
    return this.normalisers();
  }

  /**
   * The index row of a track.
   * @throws TrackNotFoundError (no such track), FingerprintNotFoundError (no fingerprint)
   */
  async rowOrFail(index: LibraryIndex, trackId: number): Promise<number> {
    const row = rowOf(index, trackId);
    if (row >= 0) return row;
    const found = await new TrackRepository(this.#em).getById(trackId);
    throw found ? new FingerprintNotFoundError(trackId) : new TrackNotFoundError(trackId);
  }

  /** Artist / album grouping of tracks (one query per chunk of ids), for the caps. */
  async groupings(trackIds: readonly number[]): Promise<Map<number, TrackGrouping>> {
    const records = await new TrackRepository(this.#em).loadByIds(trackIds);
    return new Map(trackIds.map((id, i) => [id, groupingOf(records[i] ?? null)]));
  }

  /** The library's timbre aligned with this index's rows (loaded once per index). */
  #timbreTable(index: LibraryIndex): Promise<TimbreTable> {
    let table = timbreTables.get(index);
    if (table === undefined) {
      table = new FingerprintRepository(this.#em).getTimbreMatrix().then((stored) => buildTimbreTable(index.trackIds, stored));
      timbreTables.set(index, table);
      table.catch(() => timbreTables.delete(index));
    }
    return table;
  }

  /** #nearest with the timbre term: the kernel scans the 25, the timbre term is added per row in f64. */
  async #nearestWithTimbre(
    index: LibraryIndex,
    queryRow: number,
    query: ArrayLike<number>,
    weights: DistanceWeights,
    first: number,
    exclude: readonly number[],
  ): Promise<SimilarTrackResult[]> {
    const table = await this.#timbreTable(index);
    const normalisedQuery = normaliseVector(query, index.ranges);
    const squared25 = await withKernel(this.#em, index, (kernel) => Float64Array.from(liveDistances(kernel, index, normalisedQuery, weights.dimensions), (d) => d * d));
    const rows = index.trackIds.length;
    const combined = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      const dt = queryRow < 0 ? MISSING_TIMBRE_DISTANCE : timbreDistance(table, queryRow, row);
      combined[row] = Math.sqrt(squared25[row]! + weights.timbre * dt * dt);
    }
    for (const id of exclude) {
      const row = rowOf(index, id);
      if (row >= 0) combined[row] = Infinity;
    }
    const kth = kthSmallest(combined, first);
    const candidates = rowsAtMost(combined, kth === Infinity ? Infinity : kth + TIE_MARGIN);
    const ranked = candidates.map((row) => {
      const dt = queryRow < 0 ? MISSING_TIMBRE_DISTANCE : timbreDistance(table, queryRow, row);
      return { row, trackId: index.trackIds[row]!, ...explainWithTimbre(query, vectorOf(index, row), index.ranges, weights, dt) };
    });
    ranked.sort((x, y) => x.distance - y.distance || x.trackId - y.trackId);
    return ranked.slice(0, first).map((r, i) => ({
      trackId: r.trackId,
      distance: r.distance,
      timbreDistance: r.timbreDistance,
      similarity: 1 - r.distance,
      rank: i + 1,
      contributions: r.contributions,
      because: explainPair(r.contributions, r.distance).text,
    }));
  }

  async #nearest(
    index: LibraryIndex,
    query: ArrayLike<number>,
    weights: Float64Array,
    first: number,
    exclude: readonly number[],
    options: SimilarOptions,
  ): Promise<SimilarTrackResult[]> {
    const { diversity } = checkSelection(options);
    const where: CheckedWhere = checkFingerprintWhere(options.where);
    const caps = new Caps(options);
    const choosing = caps.active || diversity > 0;
    const normalisedQuery = Float64Array.from(normaliseVector(query, index.ranges));
    const mask = matchingRows(index, where);
    const available = index.trackIds.length;
    let pool = choosing ? Math.max(first * POOL_FACTOR, MIN_POOL) : first;
    let chosen: Candidate[];
    for (;;) {
      const ranked = await this.#ranked(index, normalisedQuery, weights, pool, exclude, mask);
      if (!choosing) {
        chosen = ranked.slice(0, first);
        break;
      }
      const groups = caps.active ? await this.groupings(ranked.map((r) => r.trackId)) : new Map<number, TrackGrouping>();
      const none: TrackGrouping = { artist: null, album: null };
      chosen = selectResults(ranked, first, {
        caps: new Caps(options),
        groupOf: (id) => groups.get(id) ?? none,
        diversity,
        pairDistance: (x, y) => rowDistance(index, weights, x, y),
      });
      // Short because the caps exhausted the pool while more candidates exist: grow the pool.
      if (chosen.length >= first || ranked.length < pool || pool >= available) break;
      pool = Math.min(available, pool * 2);
    }
    return chosen.map((r, i) => ({ trackId: r.trackId, rank: i + 1, ...comparePair(query, vectorOf(index, r.row), index.ranges, weights) }));
  }

  /** The `count` rows nearest to a normalised query (exact f64 order, ties by track id), outside `exclude`, inside `mask`. */
  async #ranked(
    index: LibraryIndex,
    normalisedQuery: Float64Array,
    weights: Float64Array,
    count: number,
    exclude: readonly number[],
    mask: Uint8Array | null,
  ): Promise<Candidate[]> {
    const candidates = await withKernel(this.#em, index, (kernel) => {
      const distances = liveDistances(kernel, index, normalisedQuery, weights);
      for (const id of exclude) {
        const row = rowOf(index, id);
        if (row >= 0) distances[row] = Infinity;
      }
      if (mask !== null) for (let row = 0; row < mask.length; row++) if (mask[row] === 0) distances[row] = Infinity;
      const kth = kthSmallest(distances, count);
      return rowsAtMost(distances, kth === Infinity ? Infinity : kth + TIE_MARGIN);
    });
    const normalisedRow = new Float64Array(WIDTH);
    const ranked = candidates.map((row) => {
      normaliseVector(vectorOf(index, row), index.ranges, normalisedRow);
      let squared = 0;
      for (let j = 0; j < WIDTH; j++) squared += weights[j]! * (normalisedRow[j]! - normalisedQuery[j]!) ** 2;
      return { row, trackId: index.trackIds[row]!, distance: Math.sqrt(squared) };
    });
    ranked.sort((x, y) => x.distance - y.distance || x.trackId - y.trackId);
    return ranked.slice(0, count);
  }
}
