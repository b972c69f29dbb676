/**
 * Mixes: a playlist around several seed tracks, ordered for smooth transitions.
 *
 * Selection: the seeds first (always in the mix; they count against the caps), then the seeds take turns, each
 * adding its nearest track not yet in the mix that lies inside `where` and that the per-artist / per-album caps
 * still allow, so every seed gets an equal share of the neighbourhood (a plain "nearest to any seed" would let
 * the seed with the densest surroundings take the whole mix). Each seed's candidates are its nearest
 * max(4·count, 200) tracks (one kernel scan each); a seed whose candidates run out stops taking turns.
 * Order: a nearest-neighbour tour from the first seed, then 2-opt (reversing a stretch whenever that shortens
 * the sum of transition distances, until no reversal does; the first track stays first).
 * Distances are those of similarTracks under the same weights (default, a preset, custom, timbre included);
 * similarities = 1 − distance.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { AuralisError } from '../errors.ts';
import { checkFingerprintWhere, type FingerprintWhere } from '../db/fingerprintWhere.ts';
import { withKernel, vectorOf } from './libraryIndex.ts';
import { normaliseVector } from './normalise.ts';
import { matchingRows } from './rowFilter.ts';
import { Caps, type CapLimits, checkSelection, type TrackGrouping } from './selection.ts';
import { SimilarityService } from './similarityService.ts';
import { kthSmallest, rowsAtMost } from './topK.ts';
import { resolveDistanceWeights, type WeightInput, type WeightPreset } from './weights.ts';

export const DEFAULT_MIX_LENGTH = 50;
export const MAX_MIX_LENGTH = 500;
const CANDIDATE_FACTOR = 4;
const MIN_CANDIDATES = 200;

export interface MixOptions extends CapLimits {
  /** Tracks in the mix, seeds included (seeds … MAX_MIX_LENGTH; default 50). */
  readonly count?: number | null;
  /** Only tracks inside these ranges join the mix (the seeds always do). */
  readonly where?: FingerprintWhere | null;
  /** As similarTracks: custom weights, replacing the preset's per dimension when a preset is given. */
  readonly weights?: WeightInput | null;
  readonly preset?: WeightPreset | null;
}

export interface MixEntry {
  readonly trackId: number;
  /** The seed this track was chosen for (itself for a seed). */
  readonly seedId: number;
  /** 1 − distance to that seed. */
  readonly similarityToSeed: number;
  /** 1 − distance to the track before (1 for the first). */
  readonly similarityToPrevious: number;
  /** Why this track follows the one before (explain.ts); "" for the first. */
  readonly because: string;
}

/** Seeds or a count that cannot make a mix. Code `INVALID_MIX`. */
export class InvalidMixError extends AuralisError {
  constructor(message: string, field: readonly string[]) {
    super('INVALID_MIX', message, { field });
  }
}

/** Total transition distance of an open tour. */
function tourLength(tour: readonly number[], distance: (a: number, b: number) => number): number {
  let sum = 0;
  for (let i = 1; i < tour.length; i++) sum += distance(tour[i - 1]!, tour[i]!);
  return sum;
}

/**
 * Orders `items` (the first stays first) for small transitions: nearest-neighbour tour, then 2-opt on the open
 * path until no reversal of a stretch shortens it (at most 50 passes).
 */
export function smoothOrder(items: readonly number[], distance: (a: number, b: number) => number): number[] {
  if (items.length <= 2) return [...items];
  const left = new Set(items.slice(1));
  const tour = [items[0]!];
  while (left.size > 0) {
    const last = tour[tour.length - 1]!;
    let best = -1;
    let bestDistance = Infinity;
    for (const item of left) {
      const d = distance(last, item);
      if (d < bestDistance) {
        bestDistance = d;
        best = item;
      }
    }
    tour.push(best);
    left.delete(best);
  }
  const n = tour.length;
  for (let pass = 0; pass < 50; pass++) {
    let improved = false;
    for (let i = 1; i < n - 1; i++) {
      for (let k = i + 1; k < n; k++) {
        // Reverse tour[i..k]: edges (i−1, i) and (k, k+1) become (i−1, k) and (i, k+1).
        const before = distance(tour[i - 1]!, tour[i]!) + (k + 1 < n ? distance(tour[k]!, tour[k + 1]!) : 0);
        const after = distance(tour[i - 1]!, tour[k]!) + (k + 1 < n ? distance(tour[i]!, tour[k + 1]!) : 0);
        if (after < before - 1e-12) {
          for (let x = i, y = k; x < y; x++, y--) [tour[x], tour[y]] = [tour[y]!, tour[x]!];
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return tour;
}

export { tourLength };

export class MixService {
  readonly #em: EntityManager;
  readonly #similarity: SimilarityService;

  constructor(em: EntityManager, similarity = new SimilarityService(em)) {
    this.#em = em;
    this.#similarity = similarity;
  }

  /**
   * A mix around `seeds` (see the module comment); shorter than `count` only when the library (inside `where`,
   * under the caps) has fewer tracks.
   * @throws InvalidMixError, TrackNotFoundError, FingerprintNotFoundError, INVALID_RANGE, INVALID_ARGUMENT (caps)
   */
  async mix(seeds: readonly number[], options: MixOptions = {}): Promise<MixEntry[]> {
    const count = options.count ?? DEFAULT_MIX_LENGTH;
    if (seeds.length === 0) throw new InvalidMixError('seeds: expected at least one track, received none', ['seeds']);
    if (new Set(seeds).size !== seeds.length) throw new InvalidMixError('seeds: a track is given twice; expected distinct tracks', ['seeds']);
    if (!Number.isInteger(count) || count < seeds.length || count > MAX_MIX_LENGTH) {
      throw new InvalidMixError(`count: expected an integer from ${seeds.length} (the seeds) to ${MAX_MIX_LENGTH}, received ${String(count)}`, ['count']);
    }
    checkSelection(options);
    const weights = resolveDistanceWeights(options.weights, options.preset);
    const where = checkFingerprintWhere(options.where);
    const index = await this.#similarity.index();
    const seedRows: number[] = [];
    for (const id of seeds) seedRows.push(await this.#similarity.rowOrFail(index, id));
    const metric = await this.#similarity.metric(index, weights);
    const mask = matchingRows(index, where);
    const perSeed = Math.min(index.trackIds.length, Math.max(CANDIDATE_FACTOR * count, MIN_CANDIDATES));

    // Each seed's nearest candidates inside `where`, nearest first (f32 order, ties by row = track id).
    const candidates = await withKernel(this.#em, index, (kernel) =>
      seedRows.map((seedRow) => {
        const query = normaliseVector(vectorOf(index, seedRow), index.ranges);
        const distances = metric.scan(kernel, query, metric.timbreOf(seedRow));
        if (mask !== null) for (let row = 0; row < mask.length; row++) if (mask[row] === 0) distances[row] = Infinity;
        const kth = kthSmallest(distances, perSeed);
        const rows = rowsAtMost(distances, kth);
        return rows.sort((a, b) => distances[a]! - distances[b]! || a - b);
      }),
    );
    const pool = [...new Set(candidates.flat())];
    const groups = await this.#similarity.groupings(pool.map((row) => index.trackIds[row]!).concat(seeds));
    const none: TrackGrouping = { artist: null, album: null };
    const groupOf = (row: number) => groups.get(index.trackIds[row]!) ?? none;

    const caps = new Caps(options);
    const chosen = new Map<number, number>(); // row → seed index
    seedRows.forEach((row, s) => {
      chosen.set(row, s);
      caps.add(groupOf(row));
    });
    const cursors = seedRows.map(() => 0);
    const active = new Set(seedRows.map((_, s) => s));
    while (chosen.size < count && active.size > 0) {
      for (const s of [...active]) {
        if (chosen.size >= count) break;
        const list = candidates[s]!;
        let c = cursors[s]!;
        while (c < list.length && (chosen.has(list[c]!) || !caps.allows(groupOf(list[c]!)))) c++;
        if (c >= list.length) {
          active.delete(s);
          cursors[s] = c;
          continue;
        }
        chosen.set(list[c]!, s);
        caps.add(groupOf(list[c]!));
        cursors[s] = c + 1;
      }
    }

    const distance = (a: number, b: number) => metric.rowDistance(a, b);
    const order = smoothOrder([seedRows[0]!, ...[...chosen.keys()].filter((row) => row !== seedRows[0])], distance);
    return order.map((row, p) => {
      const seedRow = seedRows[chosen.get(row)!]!;
      const toSeed = row === seedRow ? 0 : metric.compareRows(seedRow, row).distance;
      const step = p === 0 ? null : metric.compareRows(order[p - 1]!, row);
      return {
        trackId: index.trackIds[row]!,
        seedId: index.trackIds[seedRow]!,
        similarityToSeed: 1 - toSeed,
        similarityToPrevious: step === null ? 1 : 1 - step.distance,
        because: step?.because ?? '',
      };
    });
  }
}

