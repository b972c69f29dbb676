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
 */
import type { EntityManager } from '@mikro-orm/sqlite';
import { FingerprintNotFoundError, TrackNotFoundError } from '../db/errors.ts';
import { checkValues } from '../db/fingerprintInput.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { completeAnalysis } from '../fingerprint/analyse.ts';
import { type LibraryRootSource, resolveLibraryPath } from '../library/pathGuard.ts';
import { DIMENSIONS, type DimensionKey, type FingerprintValues, toVector } from '../fingerprint/dimensions.ts';
import { checkFingerprintWhere, type CheckedWhere, type FingerprintWhere } from '../db/fingerprintWhere.ts';
import { InvalidFirstError } from './errors.ts';
import { explainPair } from './explain.ts';
import { KERNEL_STRIDE } from './distanceKernel.ts';
import { type LibraryIndex, libraryIndex, rowOf, vectorOf, withKernel } from './libraryIndex.ts';
import { matchingRows } from './rowFilter.ts';
import { type Candidate, Caps, type CapLimits, checkSelection, groupingOf, selectResults, type TrackGrouping } from './selection.ts';
import { normaliseVector, type NormaliserRanges } from './normalise.ts';
import { type ActiveNormalisers, NormaliserStore, type StoredNormalisers } from './normalisers.ts';
import { kthSmallest, rowsAtMost, TIE_MARGIN } from './topK.ts';
import { resolveWeights, type WeightInput } from './weights.ts';

/** How long `similarToFile` may analyse a file (ms), as a synchronous extraction. */
const ANALYSE_TIMEOUT_MS = 120_000;

/** Most results one similarity query returns. */
export const MAX_SIMILAR = 500;
export const DEFAULT_SIMILAR = 10;

const WIDTH = DIMENSIONS.length;

/** One dimension's part in a distance. */
export interface DimensionContribution {
  readonly dimension: DimensionKey;
  /** Weight used (the weights sum to 1). */
  readonly weight: number;
  /** Raw values of the query (a) and the other track (b), in the dimension's unit. */
  readonly a: number;
  readonly b: number;
  /** Normalised b − normalised a, in [−1, 1]. */
  readonly normalisedDelta: number;
  /** sqrt(weight)·|normalisedDelta|; the contributions' squares sum to distance². */
  readonly contribution: number;
  /** weight·normalisedDelta² / distance² (0 when the distance is 0); the shares sum to 1. */
  readonly share: number;
  /** (normalised a + normalised b) / 2, in [0, 1]: where the pair sits in the library (explain.ts adjectives). */
  readonly normalisedMean: number;
}

export interface SimilarTrackResult {
  readonly trackId: number;
  readonly distance: number;
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
    const weights = resolveWeights(options.weights);
    const index = await this.index();
    const row = await this.rowOrFail(index, trackId);
    const query = vectorOf(index, row);
    return this.#nearest(index, query, weights, first, [trackId, ...(options.exclude ?? [])], options);
  }

  /**
   * The tracks nearest to a fingerprint that need not be stored (e.g. of a file outside the library).
   * @throws InvalidFingerprintError when a dimension is missing or not finite (checkValues, as for storing);
   *   UnknownDimensionError, InvalidWeightsError, InvalidFirstError
   */
  async similarToValues(values: Partial<FingerprintValues>, options: SimilarOptions = {}): Promise<SimilarTrackResult[]> {
    const first = checkFirst(options.first);
    const weights = resolveWeights(options.weights);
    const query = toVector(checkValues(values, { partial: false }) as FingerprintValues);
    const index = await this.index();
    return this.#nearest(index, query, weights, first, options.exclude ?? [], options);
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
    const weights = resolveWeights(weightInput);
    const index = await this.index();
    const rowA = await this.rowOrFail(index, a);
    const rowB = await this.rowOrFail(index, b);
    return { a, b, ...comparePair(vectorOf(index, rowA), vectorOf(index, rowB), index.ranges, weights) };
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
      const distances = kernel.distances(normalisedQuery, weights);
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
