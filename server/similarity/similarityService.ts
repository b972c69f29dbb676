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
 * definition and their shares then sum to 1 − w_t·d_t²/distance² (the rest is the timbre term). Every option
 * (where, caps, diversity) works the same with and without it (DistanceMetric).
 */
import type { EntityManager } from '@mikro-orm/sql';
import { FingerprintNotFoundError, TrackNotFoundError } from '../db/errors.ts';
import { checkValues } from '../db/fingerprintInput.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { completeAnalysis } from '../fingerprint/analyse.ts';
import { type LibraryRootSource, resolveLibraryPath } from '../library/pathGuard.ts';
import { DIMENSIONS, type FingerprintValues, toVector } from '../fingerprint/dimensions.ts';
import { checkFingerprintWhere, type CheckedWhere, type FingerprintWhere } from '../db/fingerprintWhere.ts';
import { type DistanceMatrix, distanceMatrix } from './distanceMatrix.ts';
import { InvalidFirstError } from './errors.ts';
import { type ExplainedContribution, explainPair } from './explain.ts';
import { type DistanceKernel, KERNEL_STRIDE } from './distanceKernel.ts';
import { type LibraryIndex, libraryIndex, liveDistances, liveNearest, packedRow, rowOf, vectorOf, withKernel } from './libraryIndex.ts';
import { matchingRows } from './rowFilter.ts';
import { type Candidate, Caps, type CapLimits, checkSelection, groupingOf, selectResults, type TrackGrouping } from './selection.ts';
import { normaliseVector, type NormaliserRanges } from './normalise.ts';
import { type ActiveNormalisers, NormaliserStore, type StoredNormalisers } from './normalisers.ts';
import { kthSmallest, rowsAtMost, TIE_MARGIN } from './topK.ts';
import { type DistanceWeights, resolveDistanceWeights, type WeightInput, type WeightPreset } from './weights.ts';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { buildTimbreTable, timbreDistanceTo, timbreOfRow, type TimbreTable } from './timbreDistance.ts';

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
  /** Custom weights; with a preset they replace that preset's weight per dimension (weights.ts resolveDistanceWeights). */
  readonly weights?: WeightInput | null;
  /** A named weight set (weights.ts WEIGHT_PRESET_SPECS); none: `weights` alone, or the defaults. */
  readonly preset?: WeightPreset | null;
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

const rowScratchA = new Float32Array(KERNEL_STRIDE);
const rowScratchB = new Float32Array(KERNEL_STRIDE);

/** Distance between two rows of the index over their packed f32 normalised values (packedRow; selection, paths). */
export function rowDistance(index: LibraryIndex, weights: ArrayLike<number>, rowA: number, rowB: number): number {
  const a = packedRow(index, rowA, rowScratchA);
  const b = packedRow(index, rowB, rowScratchB);
  let squared = 0;
  for (let j = 0; j < WIDTH; j++) squared += weights[j]! * (a[j]! - b[j]!) ** 2;
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
 * The distance one query uses over one index: the 25 weighted dimensions, plus the timbre term when the weights give
 * timbre a weight (`timbre` is then the index's timbre table, else null). `scan` gives every row's distance from the
 * kernel's f32 values (for choosing candidates; dead rows Infinity), `exact` the f64 distance used for ranking, and
 * `compare` the reported distance with its explanation.
 */
export class DistanceMetric {
  readonly index: LibraryIndex;
  readonly weights: DistanceWeights;
  readonly timbre: TimbreTable | null;

  constructor(index: LibraryIndex, weights: DistanceWeights, timbre: TimbreTable | null) {
    this.index = index;
    this.weights = weights;
    this.timbre = timbre;
  }

  /** The normalised timbre of a row (26 values), or null when it has none or this metric has no timbre term. */
  timbreOf(row: number): Float64Array | null {
    return this.timbre === null ? null : timbreOfRow(this.timbre, row);
  }

  /**
   * Distances from a normalised query (with its normalised timbre; null = none, counted as
   * MISSING_TIMBRE_DISTANCE) to every row of the index; dead rows Infinity.
   */
  scan(kernel: DistanceKernel, normalisedQuery: ArrayLike<number>, queryTimbre: ArrayLike<number> | null): Float32Array | Float64Array {
    const distances = liveDistances(kernel, this.index, normalisedQuery, this.weights.dimensions);
    if (this.timbre === null) return distances;
    const combined = new Float64Array(distances.length);
    const weight = this.weights.timbre;
    for (let row = 0; row < distances.length; row++) {
      const dt = timbreDistanceTo(this.timbre, queryTimbre, row);
      combined[row] = Math.sqrt(distances[row]! * distances[row]! + weight * dt * dt);
    }
    return combined;
  }

  /** Distance between two rows over the packed f32 normalised values, plus the timbre term (selection, paths, mixes). */
  rowDistance(rowA: number, rowB: number): number {
    const d25 = rowDistance(this.index, this.weights.dimensions, rowA, rowB);
    if (this.timbre === null) return d25;
    const dt = timbreDistanceTo(this.timbre, timbreOfRow(this.timbre, rowA), rowB);
    return Math.sqrt(d25 * d25 + this.weights.timbre * dt * dt);
  }

  /** Exact f64 distance from a normalised query (and its timbre) to a row, as `compare` reports it. */
  exact(normalisedQuery: ArrayLike<number>, queryTimbre: ArrayLike<number> | null, row: number, scratch = new Float64Array(WIDTH)): number {
    normaliseVector(vectorOf(this.index, row), this.index.ranges, scratch);
    const weights = this.weights.dimensions;
    let squared = 0;
    for (let j = 0; j < WIDTH; j++) squared += weights[j]! * (scratch[j]! - normalisedQuery[j]!) ** 2;
    if (this.timbre === null) return Math.sqrt(squared);
    const dt = timbreDistanceTo(this.timbre, queryTimbre, row);
    return Math.sqrt(Math.sqrt(squared) ** 2 + this.weights.timbre * dt ** 2);
  }

  /** Distance, similarity, the 25 contributions and `because` from a raw vector (spec order) with its timbre to a row. */
  compare(a: ArrayLike<number>, aTimbre: ArrayLike<number> | null, row: number): Omit<TrackComparison, 'a' | 'b'> {
    if (this.timbre === null) return comparePair(a, vectorOf(this.index, row), this.index.ranges, this.weights.dimensions);
    const dt = timbreDistanceTo(this.timbre, aTimbre, row);
    const explained = explainWithTimbre(a, vectorOf(this.index, row), this.index.ranges, this.weights, dt);
    return { ...explained, similarity: 1 - explained.distance, because: explainPair(explained.contributions, explained.distance).text };
  }

  /**
   * A ranked result: the candidate's exact distance (as `compare` reports it) now, its contributions and `because`
   * computed when first read (a client that asks for neither does not pay for them).
   */
  result(a: ArrayLike<number>, aTimbre: ArrayLike<number> | null, candidate: Candidate, rank: number): SimilarTrackResult {
    const { row, trackId, distance } = candidate;
    const timbreDistance = this.timbre === null ? undefined : timbreDistanceTo(this.timbre, aTimbre, row);
    let explained: Omit<TrackComparison, 'a' | 'b'> | undefined;
    const explain = () => (explained ??= this.compare(a, aTimbre, row));
    return Object.defineProperties(
      { trackId, rank, distance, similarity: 1 - distance, ...(timbreDistance === undefined ? {} : { timbreDistance }) },
      {
        contributions: { enumerable: true, get: () => explain().contributions },
        because: { enumerable: true, get: () => explain().because },
      },
    ) as SimilarTrackResult;
  }

  /** `compare` between two rows. */
  compareRows(rowA: number, rowB: number): Omit<TrackComparison, 'a' | 'b'> {
    return this.compare(vectorOf(this.index, rowA), this.timbreOf(rowA), rowB);
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
    const weights = resolveDistanceWeights(options.weights, options.preset);
    const index = await this.index();
    const row = await this.rowOrFail(index, trackId);
    const metric = await this.metric(index, weights);
    return this.#nearest(metric, vectorOf(index, row), metric.timbreOf(row), first, [trackId, ...(options.exclude ?? [])], options);
  }

  /**
   * The tracks nearest to a fingerprint that need not be stored (e.g. of a file outside the library).
   * @throws InvalidFingerprintError when a dimension is missing or not finite (checkValues, as for storing);
   *   UnknownDimensionError, InvalidWeightsError, InvalidFirstError
   */
  async similarToValues(values: Partial<FingerprintValues>, options: SimilarOptions = {}): Promise<SimilarTrackResult[]> {
    const first = checkFirst(options.first);
    const weights = resolveDistanceWeights(options.weights, options.preset);
    const query = toVector(checkValues(values, { partial: false }) as FingerprintValues);
    const metric = await this.metric(await this.index(), weights);
    // No timbre comes with bare values: the timbre term is MISSING_TIMBRE_DISTANCE for every row.
    return this.#nearest(metric, query, null, first, options.exclude ?? [], options);
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
  async compareTracks(a: number, b: number, weightInput?: WeightInput | null, preset?: WeightPreset | null): Promise<TrackComparison> {
    const weights = resolveDistanceWeights(weightInput, preset);
    const index = await this.index();
    const rowA = await this.rowOrFail(index, a);
    const rowB = await this.rowOrFail(index, b);
    const metric = await this.metric(index, weights);
    return { a, b, ...metric.compareRows(rowA, rowB) };
  }

  /** The distance under these weights over this index (with the index's timbre table when the weights use timbre). */
  async metric(index: LibraryIndex, weights: DistanceWeights): Promise<DistanceMetric> {
    return new DistanceMetric(index, weights, weights.timbre > 0 ? await this.#timbreTable(index) : null);
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

  /** The `first` results for a raw query vector (spec order) with its normalised timbre (null = none). */
  async #nearest(
    metric: DistanceMetric,
    query: ArrayLike<number>,
    queryTimbre: ArrayLike<number> | null,
    first: number,
    exclude: readonly number[],
    options: SimilarOptions,
  ): Promise<SimilarTrackResult[]> {
    const { index } = metric;
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
      const ranked = await this.#ranked(metric, normalisedQuery, queryTimbre, pool, exclude, mask);
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
        pairDistance: (x, y) => metric.rowDistance(x, y),
      });
      // Short because the caps exhausted the pool while more candidates exist: grow the pool.
      if (chosen.length >= first || ranked.length < pool || pool >= available) break;
      pool = Math.min(available, pool * 2);
    }
    return chosen.map((r, i) => metric.result(query, queryTimbre, r, i + 1));
  }

  /** The `count` rows nearest to a normalised query (exact f64 order, ties by track id), outside `exclude`, inside `mask`. */
  async #ranked(
    metric: DistanceMetric,
    normalisedQuery: Float64Array,
    queryTimbre: ArrayLike<number> | null,
    count: number,
    exclude: readonly number[],
    mask: Uint8Array | null,
  ): Promise<Candidate[]> {
    const { index } = metric;
    const candidates = await withKernel(this.#em, index, (kernel) => {
      if (metric.timbre === null && mask === null && count <= kernel.maxNearest) {
        // The common case in one pass of the kernel: no host loop over every row.
        const excludeRows = exclude.map((id) => rowOf(index, id));
        return liveNearest(kernel, index, normalisedQuery, metric.weights.dimensions, count, excludeRows, TIE_MARGIN).rows;
      }
      const distances = metric.scan(kernel, normalisedQuery, queryTimbre);
      for (const id of exclude) {
        const row = rowOf(index, id);
        if (row >= 0) distances[row] = Infinity;
      }
      if (mask !== null) for (let row = 0; row < mask.length; row++) if (mask[row] === 0) distances[row] = Infinity;
      const kth = kthSmallest(distances, count);
      return rowsAtMost(distances, kth === Infinity ? Infinity : kth + TIE_MARGIN);
    });
    const scratch = new Float64Array(WIDTH);
    const ranked = Array.from(candidates, (row) => ({ row, trackId: index.trackIds[row]!, distance: metric.exact(normalisedQuery, queryTimbre, row, scratch) }));
    ranked.sort((x, y) => x.distance - y.distance || x.trackId - y.trackId);
    return ranked.slice(0, count);
  }
}
