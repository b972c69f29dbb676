/**
 * Sonic paths: an ordered list of tracks from one track to another (Plex "Sonic Adventure", OpenSubsonic
 * `findSonicPath`), through optional `via` tracks in order, with no track twice, each step as small as the library
 * allows, optionally monotone in some dimensions ("tempo going down").
 *
 * Method: interpolation between the anchors in normalised space, then one smoothing pass.
 * 1. The anchors are [from, …via, to]. The interior slots (count − anchors) are shared between the segments in
 *    proportion to their lengths (largest remainder), so every step of a segment is about as long.
 * 2. For slot i of k in a segment A → B the target is the point A + i/(k + 1)·(B − A) of the normalised space;
 *    it takes the nearest unused track (one WASM kernel scan), subject to the directions: each directed dimension
 *    must not go back against the previous step, nor past the next anchor, nor use more than twice its fair share
 *    of the range still to cover (so a greedy path keeps room for its later steps). When no track qualifies the
 *    bounds are dropped one by one ("monotone where the library allows it"; sonicPath.ts #pick).
 * 3. Smoothing: each interior step is re-targeted at the midpoint of its two neighbours; the nearest unused
 *    track there (same constraints between those neighbours) replaces it when the longer of its two steps
 *    shrinks. Greedy interpolation alone can pick a track near the line but off to one side of both of its
 *    neighbours; the midpoint pass pulls such steps in.
 * Why not a shortest path on the kNN graph: the graph is a separate, optional build (k = 20); a path over it
 * with a fixed number of steps is a constrained shortest-path problem, needs the graph to be current and
 * connected, and cannot honour directions cheaply. Interpolation needs only the in-memory index, is exact, and
 * costs 2·count kernel scans (bench/paths.ts: ≈ 10 ms at 100 000 tracks).
 *
 * Distances and similarities are those of similarTracks under the same weights (default, a preset, custom; with a
 * timbre weight the targets interpolate the normalised timbre too, or have none when an end has no timbre):
 * similarityToPrevious and similarityToStart = 1 − exact f64 distance, in [0, 1].
 */
import type { EntityManager } from '@mikro-orm/sql';
import { AuralisError } from '../errors.ts';
import { DIMENSIONS, type DimensionKey, isDimensionKey } from '../fingerprint/dimensions.ts';
import { KERNEL_STRIDE } from './distanceKernel.ts';
import { type LibraryIndex, packedRow, withKernel } from './libraryIndex.ts';
import { SimilarityService } from './similarityService.ts';
import { TIMBRE_LENGTH } from '../fingerprint/timbre.ts';
import { resolveDistanceWeights, type WeightInput, type WeightPreset } from './weights.ts';

const WIDTH = DIMENSIONS.length;
export const DEFAULT_PATH_LENGTH = 25;
export const MAX_PATH_LENGTH = 500;

export interface PathDirection {
  readonly dimension: DimensionKey;
  readonly order: 'ascending' | 'descending';
}

export interface PathOptions {
  /** Tracks in the path, the ends and `via` included (2 … MAX_PATH_LENGTH; default 25). */
  readonly count?: number | null;
  /** Tracks the path passes, in this order. */
  readonly via?: readonly number[] | null;
  readonly direction?: readonly PathDirection[] | null;
  /** As similarTracks: custom weights, replacing the preset's per dimension when a preset is given. */
  readonly weights?: WeightInput | null;
  readonly preset?: WeightPreset | null;
}

export interface PathStep {
  readonly trackId: number;
  /** 1 − distance to the step before (1 for the first step). */
  readonly similarityToPrevious: number;
  /** 1 − distance to `from`. */
  readonly similarityToStart: number;
  /** Why this step is close to (or far from) the one before (explain.ts); "" for the first step. */
  readonly because: string;
}

/** A path that cannot be asked for: repeated tracks, a count too small for its anchors, a repeated direction. Code `INVALID_PATH`. */
export class InvalidPathError extends AuralisError {
  constructor(message: string, field: readonly string[]) {
    super('INVALID_PATH', message, { field });
  }
}

interface Constraint {
  readonly column: number;
  /** +1 ascending, −1 descending. */
  readonly sign: number;
}

function checkPath(from: number, to: number, options: PathOptions): { count: number; via: number[]; constraints: Constraint[] } {
  const via = [...(options.via ?? [])];
  const count = options.count ?? DEFAULT_PATH_LENGTH;
  const anchors = [from, ...via, to];
  if (!Number.isInteger(count) || count < anchors.length || count > MAX_PATH_LENGTH) {
    throw new InvalidPathError(
      `count: expected an integer from ${anchors.length} (the ends and ${via.length} via) to ${MAX_PATH_LENGTH}, received ${String(count)}`,
      ['count'],
    );
  }
  const seen = new Set<number>();
  for (const [i, id] of anchors.entries()) {
    if (seen.has(id)) {
      const field = i === 0 ? 'from' : i === anchors.length - 1 ? 'to' : 'via';
      throw new InvalidPathError(`${field}: track ${id} appears twice among from, via and to; a path repeats no track`, [field]);
    }
    seen.add(id);
  }
  const constraints: Constraint[] = [];
  for (const [i, d] of (options.direction ?? []).entries()) {
    if (!isDimensionKey(d.dimension)) throw new InvalidPathError(`direction.${i}: \`${String(d.dimension)}\` is not a dimension`, ['direction', String(i)]);
    const column = DIMENSIONS.findIndex((spec) => spec.key === d.dimension);
    if (constraints.some((c) => c.column === column)) {
      throw new InvalidPathError(`direction.${i}: \`${d.dimension}\` is given twice; expected each dimension at most once`, ['direction', String(i)]);
    }
    constraints.push({ column, sign: d.order === 'descending' ? -1 : 1 });
  }
  return { count, via, constraints };
}

/** Interior slots per segment, in proportion to the segment lengths (largest remainder; ties to the earlier segment). */
export function shareSlots(lengths: readonly number[], slots: number): number[] {
  const total = lengths.reduce((s, x) => s + x, 0);
  const exact = lengths.map((x) => (total > 0 ? (slots * x) / total : slots / lengths.length));
  const shares = exact.map(Math.floor);
  let left = slots - shares.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    shares[i]! += 1;
  }
  return shares;
}

export class PathService {
  readonly #em: EntityManager;
  readonly #similarity: SimilarityService;

  constructor(em: EntityManager, similarity = new SimilarityService(em)) {
    this.#em = em;
    this.#similarity = similarity;
  }

  /**
   * The path from `from` to `to` (see the module comment). Shorter than `count` only when the library has
   * fewer fingerprinted tracks.
   * @throws TrackNotFoundError, FingerprintNotFoundError, InvalidPathError
   */
  async sonicPath(from: number, to: number, options: PathOptions = {}): Promise<PathStep[]> {
    const { count, via, constraints } = checkPath(from, to, options);
    const weights = resolveDistanceWeights(options.weights, options.preset);
    const index = await this.#similarity.index();
    const anchorIds = [from, ...via, to];
    const anchors: number[] = [];
    for (const id of anchorIds) anchors.push(await this.#similarity.rowOrFail(index, id));
    const metric = await this.#similarity.metric(index, weights);
    const used = new Uint8Array(index.trackIds.length);
    for (const row of anchors) used[row] = 1;
    const interior = Math.min(count, index.trackIds.length) - anchors.length;
    const lengths = anchors.slice(1).map((row, s) => metric.rowDistance(anchors[s]!, row));
    const shares = shareSlots(lengths, interior);

    const rows = await withKernel(this.#em, index, (kernel) => {
      const target = new Float64Array(WIDTH);
      const packedA = new Float32Array(KERNEL_STRIDE);
      const packedB = new Float32Array(KERNEL_STRIDE);
      const timbreTarget = new Float64Array(TIMBRE_LENGTH);
      let hasTimbreTarget = false;
      /** The timbre target at t between rows a and b (none when either has no timbre, or the weights use none). */
      const aimTimbre = (a: number, b: number, t: number) => {
        const ta = metric.timbreOf(a);
        const tb = metric.timbreOf(b);
        hasTimbreTarget = ta !== null && tb !== null;
        if (hasTimbreTarget) for (let j = 0; j < TIMBRE_LENGTH; j++) timbreTarget[j] = ta![j]! + t * (tb![j]! - ta![j]!);
      };
      const nearest = (low: number, high: number, slotsLeft: number) => {
        const distances = metric.scan(kernel, target, hasTimbreTarget ? timbreTarget : null);
        return this.#pick(index, distances, used, constraints, low, high, slotsLeft);
      };
      const path: number[] = [anchors[0]!];
      // 1. interpolation
      for (let s = 0; s < shares.length; s++) {
        const a = anchors[s]!;
        const b = anchors[s + 1]!;
        const k = shares[s]!;
        packedRow(index, a, packedA);
        packedRow(index, b, packedB);
        for (let i = 1; i <= k; i++) {
          const t = i / (k + 1);
          for (let j = 0; j < WIDTH; j++) {
            const x = packedA[j]!;
            target[j] = x + t * (packedB[j]! - x);
          }
          aimTimbre(a, b, t);
          const row = nearest(path[path.length - 1]!, b, k - i + 1);
          if (row < 0) break;
          used[row] = 1;
          path.push(row);
        }
        path.push(b);
      }
      // 2. smoothing: midpoint of the neighbours, for every interior step
      const isAnchor = new Set(anchors);
      for (let p = 1; p < path.length - 1; p++) {
        const current = path[p]!;
        if (isAnchor.has(current)) continue;
        const before = path[p - 1]!;
        const after = path[p + 1]!;
        packedRow(index, before, packedA);
        packedRow(index, after, packedB);
        for (let j = 0; j < WIDTH; j++) target[j] = (packedA[j]! + packedB[j]!) / 2;
        aimTimbre(before, after, 0.5);
        const row = nearest(before, after, 1);
        if (row < 0) continue;
        const worst = (x: number) => Math.max(metric.rowDistance(before, x), metric.rowDistance(x, after));
        if (worst(row) < worst(current) && this.#respects(index, constraints, before, row, after)) {
          used[current] = 0;
          used[row] = 1;
          path[p] = row;
        }
      }
      return path;
    });

    return rows.map((row, p) => {
      if (p === 0) return { trackId: index.trackIds[row]!, similarityToPrevious: 1, similarityToStart: 1, because: '' };
      const toStart = metric.compareRows(rows[0]!, row).distance;
      const step = metric.compareRows(rows[p - 1]!, row);
      return {
        trackId: index.trackIds[row]!,
        similarityToPrevious: clamp01(1 - step.distance),
        similarityToStart: clamp01(1 - toStart),
        because: step.because,
      };
    });
  }

  /** Whether `row` lies between `before` and `after` in every directed dimension (no step against a direction). */
  #respects(index: LibraryIndex, constraints: readonly Constraint[], before: number, row: number, after: number): boolean {
    for (const { column, sign } of constraints) {
      const v = index.vectors[row * WIDTH + column]!;
      if (sign * (v - index.vectors[before * WIDTH + column]!) < 0) return false;
      if (sign * (index.vectors[after * WIDTH + column]! - v) < 0) return false;
    }
    return true;
  }

  /**
   * The unused row nearest by `distances` under the directions, by the first level that has one:
   * 0. every directed value moves from `previous` towards `next` by at most twice its fair share of what is
   *    left (|next − previous| / (slotsLeft + 1)), so that a greedy path does not use up the range early;
   * 1. between `previous` and `next`; 2. not against the direction after `previous`; 3. any row.
   * A bound towards `next` applies only when `next` lies in the direction at all. −1 when every row is used.
   */
  #pick(
    index: LibraryIndex,
    distances: ArrayLike<number>,
    used: Uint8Array,
    constraints: readonly Constraint[],
    previous: number,
    next: number,
    slotsLeft: number,
  ): number {
    const n = distances.length;
    const lows = constraints.map((c) => index.vectors[previous * WIDTH + c.column]!);
    const highs = constraints.map((c) => index.vectors[next * WIDTH + c.column]!);
    const share = Math.min(1, 2 / (slotsLeft + 1));
    const LEVELS = 4;
    const best = new Int32Array(LEVELS).fill(-1);
    const bestDistance = new Float64Array(LEVELS).fill(Infinity);
    for (let row = 0; row < n; row++) {
      if (used[row]) continue;
      const d = distances[row]!;
      if (!(d < bestDistance[0]!)) continue;
      let level = 0;
      for (let c = 0; c < constraints.length; c++) {
        const { column, sign } = constraints[c]!;
        const v = index.vectors[row * WIDTH + column]!;
        const moved = sign * (v - lows[c]!);
        if (moved < 0) {
          level = 3;
          break;
        }
        const room = sign * (highs[c]! - lows[c]!);
        if (room < 0) continue;
        if (moved > room) level = Math.max(level, 2);
        else if (moved > room * share) level = Math.max(level, 1);
      }
      for (let l = level; l < LEVELS; l++) {
        if (d < bestDistance[l]!) {
          bestDistance[l] = d;
          best[l] = row;
        }
      }
    }
    for (let l = 0; l < LEVELS; l++) if (best[l]! >= 0) return best[l]!;
    return -1;
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
