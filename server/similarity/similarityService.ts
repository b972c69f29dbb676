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
import { DIMENSIONS, type DimensionKey, type FingerprintValues, toVector } from '../fingerprint/dimensions.ts';
import { type DistanceMatrix, distanceMatrix } from './distanceMatrix.ts';
import { InvalidFirstError } from './errors.ts';
import { type LibraryIndex, libraryIndex, liveDistances, rowOf, vectorOf, withKernel } from './libraryIndex.ts';
import { normaliseVector, type NormaliserRanges } from './normalise.ts';
import { type ActiveNormalisers, NormaliserStore, type StoredNormalisers } from './normalisers.ts';
import { kthSmallest, rowsAtMost, TIE_MARGIN } from './topK.ts';
import { resolveWeights, type WeightInput } from './weights.ts';

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
}

export interface SimilarTrackResult {
  readonly trackId: number;
  readonly distance: number;
  readonly similarity: number;
  /** 1-based position in the result list. */
  readonly rank: number;
  readonly contributions: readonly DimensionContribution[];
}

export interface TrackComparison {
  readonly a: number;
  readonly b: number;
  readonly distance: number;
  readonly similarity: number;
  readonly contributions: readonly DimensionContribution[];
}

export interface SimilarOptions {
  /** How many results (1 … MAX_SIMILAR; default DEFAULT_SIMILAR). */
  readonly first?: number | null;
  readonly weights?: WeightInput | null;
  /** Track ids never to return (the query track is always left out). */
  readonly exclude?: readonly number[] | null;
}

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
    };
  });
  return { distance, contributions };
}

function checkFirst(first: number | null | undefined): number {
  const value = first ?? DEFAULT_SIMILAR;
  if (!Number.isInteger(value) || value < 1 || value > MAX_SIMILAR) throw new InvalidFirstError(value, MAX_SIMILAR);
  return value;
}

export class SimilarityService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
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
    const row = await this.#rowOrFail(index, trackId);
    const query = vectorOf(index, row);
    return this.#nearest(index, query, weights, first, [trackId, ...(options.exclude ?? [])]);
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
    return this.#nearest(index, query, weights, first, options.exclude ?? []);
  }

  /**
   * Distance, similarity and per-dimension contributions between two tracks (a is the query side).
   * @throws TrackNotFoundError, FingerprintNotFoundError, InvalidWeightsError
   */
  async compareTracks(a: number, b: number, weightInput?: WeightInput | null): Promise<TrackComparison> {
    const weights = resolveWeights(weightInput);
    const index = await this.index();
    const rowA = await this.#rowOrFail(index, a);
    const rowB = await this.#rowOrFail(index, b);
    const { distance, contributions } = explainDistance(vectorOf(index, rowA), vectorOf(index, rowB), index.ranges, weights);
    return { a, b, distance, similarity: 1 - distance, contributions };
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

  async #rowOrFail(index: LibraryIndex, trackId: number): Promise<number> {
    const row = rowOf(index, trackId);
    if (row >= 0) return row;
    const found = await new TrackRepository(this.#em).getById(trackId);
    throw found ? new FingerprintNotFoundError(trackId) : new TrackNotFoundError(trackId);
  }

  async #nearest(
    index: LibraryIndex,
    query: ArrayLike<number>,
    weights: Float64Array,
    first: number,
    exclude: readonly number[],
  ): Promise<SimilarTrackResult[]> {
    const normalisedQuery = normaliseVector(query, index.ranges);
    const candidates = await withKernel(this.#em, index, (kernel) => {
      const distances = liveDistances(kernel, index, normalisedQuery, weights);
      for (const id of exclude) {
        const row = rowOf(index, id);
        if (row >= 0) distances[row] = Infinity;
      }
      const kth = kthSmallest(distances, first);
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
    return ranked.slice(0, first).map((r, i) => {
      const { distance, contributions } = explainDistance(query, vectorOf(index, r.row), index.ranges, weights);
      return { trackId: r.trackId, distance, similarity: 1 - distance, rank: i + 1, contributions };
    });
  }
}
