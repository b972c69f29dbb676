/**
 * Choosing results from a ranked candidate pool: per-artist / per-album caps and maximal marginal relevance
 * (Carbonell & Goldstein 1998). Pure.
 *
 * Greedy: at each step the candidate with the best score among those the caps still allow is taken, where
 * score = (1 − λ)·similarity to the query − λ·max similarity to the results taken so far, λ = diversity / 2,
 * similarity = 1 − distance. diversity 0 is the nearest-first list; diversity 1 is MMR's balanced λ = 0.5
 * (relevance and novelty weigh the same; beyond that the query would stop mattering). Ties: the nearer
 * candidate, then the lower track id.
 */
import { AuralisError } from '../errors.ts';

export interface Candidate {
  readonly row: number;
  readonly trackId: number;
  /** Distance to the query, 0…1. */
  readonly distance: number;
}

/** The artist and album a track counts against (lower-cased tags; null = not capped). */
export interface TrackGrouping {
  readonly artist: string | null;
  readonly album: string | null;
}

export interface CapLimits {
  readonly maxPerArtist?: number | null;
  readonly maxPerAlbum?: number | null;
}

/** A cap or diversity outside its range. Code `INVALID_ARGUMENT`. */
export class InvalidSelectionError extends AuralisError {
  constructor(field: string, expected: string, received: unknown) {
    super('INVALID_ARGUMENT', `${field}: expected ${expected}, received ${String(received)}`, { field: [field] });
  }
}

/** Checks maxPerArtist / maxPerAlbum (integers ≥ 1 or absent) and diversity (0…1, default 0). */
export function checkSelection(options: CapLimits & { readonly diversity?: number | null }): { diversity: number } {
  for (const name of ['maxPerArtist', 'maxPerAlbum'] as const) {
    const value = options[name];
    if (value != null && (!Number.isInteger(value) || value < 1)) throw new InvalidSelectionError(name, 'an integer ≥ 1', value);
  }
  const diversity = options.diversity ?? 0;
  if (typeof diversity !== 'number' || !(diversity >= 0 && diversity <= 1)) {
    throw new InvalidSelectionError('diversity', 'a number from 0 (nearest only) to 1 (maximal marginal relevance)', diversity);
  }
  return { diversity };
}

/** Grouping of a track record: artist tag; album = album tag with its album artist (or artist). */
export function groupingOf(track: { artist?: string | null; album?: string | null; albumArtist?: string | null } | null): TrackGrouping {
  const clean = (s: string | null | undefined) => (s == null || s.trim() === '' ? null : s.trim().toLowerCase());
  const artist = clean(track?.artist);
  const album = clean(track?.album);
  return { artist, album: album === null ? null : `${clean(track?.albumArtist) ?? artist ?? ''}\u0000${album}` };
}

/** Counts per artist and album; `allows` a track while both counts are below their caps. */
export class Caps {
  readonly #limits: CapLimits;
  readonly #artists = new Map<string, number>();
  readonly #albums = new Map<string, number>();

  constructor(limits: CapLimits) {
    this.#limits = limits;
  }

  get active(): boolean {
    return this.#limits.maxPerArtist != null || this.#limits.maxPerAlbum != null;
  }

  allows(group: TrackGrouping): boolean {
    const { maxPerArtist, maxPerAlbum } = this.#limits;
    if (maxPerArtist != null && group.artist !== null && (this.#artists.get(group.artist) ?? 0) >= maxPerArtist) return false;
    if (maxPerAlbum != null && group.album !== null && (this.#albums.get(group.album) ?? 0) >= maxPerAlbum) return false;
    return true;
  }

  add(group: TrackGrouping): void {
    if (group.artist !== null) this.#artists.set(group.artist, (this.#artists.get(group.artist) ?? 0) + 1);
    if (group.album !== null) this.#albums.set(group.album, (this.#albums.get(group.album) ?? 0) + 1);
  }
}

/**
 * Up to `count` candidates (given nearest first), greedily, under the caps and with diversity.
 * @param pairDistance distance between two candidates' rows (0…1); only called when diversity > 0
 */
export function selectResults(
  candidates: readonly Candidate[],
  count: number,
  options: {
    readonly caps: Caps;
    readonly groupOf: (trackId: number) => TrackGrouping;
    readonly diversity: number;
    readonly pairDistance: (rowA: number, rowB: number) => number;
  },
): Candidate[] {
  const { caps, groupOf, diversity, pairDistance } = options;
  const chosen: Candidate[] = [];
  if (diversity === 0) {
    for (const c of candidates) {
      if (chosen.length >= count) break;
      const group = groupOf(c.trackId);
      if (!caps.allows(group)) continue;
      caps.add(group);
      chosen.push(c);
    }
    return chosen;
  }
  const lambda = diversity / 2;
  const remaining = [...candidates];
  // Highest similarity of each remaining candidate to the results chosen so far.
  const redundancy = new Float64Array(remaining.length).fill(-Infinity);
  const alive = new Uint8Array(remaining.length).fill(1);
  while (chosen.length < count) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < remaining.length; i++) {
      if (!alive[i]) continue;
      if (!caps.allows(groupOf(remaining[i]!.trackId))) {
        alive[i] = 0;
        continue;
      }
      const relevance = 1 - remaining[i]!.distance;
      const score = chosen.length === 0 ? relevance : (1 - lambda) * relevance - lambda * redundancy[i]!;
      if (score > bestScore + 1e-12) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) break;
    const pick = remaining[best]!;
    alive[best] = 0;
    caps.add(groupOf(pick.trackId));
    chosen.push(pick);
    for (let i = 0; i < remaining.length; i++) {
      if (alive[i]) redundancy[i] = Math.max(redundancy[i]!, 1 - pairDistance(pick.row, remaining[i]!.row));
    }
  }
  return chosen;
}
