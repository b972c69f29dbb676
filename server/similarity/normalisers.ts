/**
 * The stored normaliser statistics (table `fingerprint_normalisers`) and the policy of when to
 * recompute them (docs/fingerprint.md, "Rank normalisation"):
 *
 * - fewer than MIN_LIBRARY_FINGERPRINTS fingerprints → the catalogue's fixed fallback ranges;
 * - otherwise the stored quantiles (percentiles 0…100; value → percentile) beside lo = p5 / hi = p95 (linear interpolation between order statistics, computed
 *   by FingerprintRepository.getStats over every stored fingerprint), recomputed when none are stored,
 *   when they were computed for another FINGERPRINT_VERSION, or when the library's fingerprint count
 *   differs from the stored count by more than RECOMPUTE_CHANGE (5 %) of the stored count;
 * - `recompute()` recomputes on request (GraphQL `recomputeNormalisers`).
 */
import type { EntityManager } from '@mikro-orm/sql';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { NormaliserRepository } from '../db/NormaliserRepository.ts';
import { DIMENSIONS, type DimensionKey, FINGERPRINT_VERSION } from '../fingerprint/dimensions.ts';
import { FALLBACK_RANGES, type NormaliserRanges, type RankMap, rankMap } from './normalise.ts';

/** Below this many fingerprints the fallback ranges are used and nothing is stored. */
export const MIN_LIBRARY_FINGERPRINTS = 10;
/** Relative change of the fingerprint count (vs the stored count) beyond which the stats are recomputed. */
export const RECOMPUTE_CHANGE = 0.05;

/** Stored statistics of one dimension, in its physical unit. */
export interface NormaliserDimension {
  readonly dimension: DimensionKey;
  /** 5th percentile. */
  readonly lo: number;
  /** 95th percentile. */
  readonly hi: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /** Percentiles 0…100 (QUANTILE_COUNT ascending values): the rank normalisation map. */
  readonly quantiles: Float64Array;
}

/** The whole stored set (one row per dimension, sharing count, version and time). */
export interface StoredNormalisers {
  /** Spec order. */
  readonly dimensions: readonly NormaliserDimension[];
  readonly fingerprintCount: number;
  readonly fingerprintVersion: number;
  readonly computedAt: Date;
}

/** What the distance uses now: the ranges, and the stored set behind them (null for the fallback). */
export interface ActiveNormalisers {
  readonly ranges: NormaliserRanges;
  readonly stored: StoredNormalisers | null;
  /** Fingerprints in the library when this was decided. */
  readonly libraryCount: number;
  /** True when this call (re)computed and stored the statistics. */
  readonly recomputed: boolean;
}

/** Whether stored statistics must be recomputed for a library of `currentCount` fingerprints. */
export function needsRecompute(
  stored: Pick<StoredNormalisers, 'fingerprintCount' | 'fingerprintVersion'> | null,
  currentCount: number,
): boolean {
  if (currentCount < MIN_LIBRARY_FINGERPRINTS) return false;
  if (stored === null || stored.fingerprintVersion !== FINGERPRINT_VERSION || stored.fingerprintCount <= 0) return true;
  return Math.abs(currentCount - stored.fingerprintCount) > RECOMPUTE_CHANGE * stored.fingerprintCount;
}

/** The last stored set's rank maps (derived, immutable; building them takes ≈ 0.1 s), keyed by what they derive from. */
let lastRankMaps: { readonly key: string; readonly maps: readonly RankMap[] } | undefined;

function rankMapsOf(stored: StoredNormalisers): readonly RankMap[] {
  const key = JSON.stringify([stored.fingerprintCount, stored.dimensions.map((d) => [d.std, [...d.quantiles]])]);
  if (lastRankMaps?.key !== key) {
    lastRankMaps = { key, maps: stored.dimensions.map((d) => rankMap(d.quantiles, d.std, stored.fingerprintCount)) };
  }
  return lastRankMaps.maps;
}

/** The normalisation of a stored set, in spec order: its rank maps (from the quantiles), lo = p5, hi = p95. */
export function rangesOf(stored: StoredNormalisers): NormaliserRanges {
  return {
    lo: Float64Array.from(stored.dimensions, (d) => d.lo),
    hi: Float64Array.from(stored.dimensions, (d) => d.hi),
    source: 'library',
    rankMaps: rankMapsOf(stored),
  };
}

/** Reads, recomputes and applies the stored normaliser statistics of one database. */
export class NormaliserStore {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /**
   * The stored set, or null when none is stored, it does not cover every catalogue dimension, or a row has no
   * quantiles (stored before v2: recomputed).
   */
  async load(): Promise<StoredNormalisers | null> {
    const rows = await new NormaliserRepository(this.#em).getAll();
    const byKey = new Map(rows.map((row) => [row.dimension, row]));
    if (rows.length === 0 || DIMENSIONS.some((d) => byKey.get(d.key)?.quantiles == null)) return null;
    const first = byKey.get(DIMENSIONS[0].key)!;
    return {
      dimensions: DIMENSIONS.map((d) => {
        const row = byKey.get(d.key)!;
        return { dimension: d.key, lo: row.lo, hi: row.hi, mean: row.mean, std: row.std, quantiles: row.quantiles! };
      }),
      fingerprintCount: first.fingerprintCount,
      fingerprintVersion: first.fingerprintVersion,
      computedAt: first.computedAt,
    };
  }

  /**
   * Computes the statistics over every stored fingerprint and replaces the stored set (one
   * transaction). With fewer than MIN_LIBRARY_FINGERPRINTS fingerprints nothing is computed, the
   * stored set is removed and null is returned (the fallback ranges apply).
   */
  async recompute(): Promise<StoredNormalisers | null> {
    const stats = await new FingerprintRepository(this.#em).getStats();
    const computedAt = new Date();
    if (stats.count < MIN_LIBRARY_FINGERPRINTS || stats.dimensions === null) {
      await new NormaliserRepository(this.#em).replaceAll([]);
      return null;
    }
    const dimensions = DIMENSIONS.map((d) => {
      const s = stats.dimensions![d.key];
      return { dimension: d.key, lo: s.p5, hi: s.p95, mean: s.mean, std: s.std, quantiles: s.quantiles };
    });
    await new NormaliserRepository(this.#em).replaceAll(
      dimensions.map((d) => ({ ...d, fingerprintCount: stats.count, fingerprintVersion: FINGERPRINT_VERSION, computedAt })),
    );
    return { dimensions, fingerprintCount: stats.count, fingerprintVersion: FINGERPRINT_VERSION, computedAt };
  }

  /** The ranges to use for a library of `libraryCount` fingerprints, recomputing the stored set when due. */
  async active(libraryCount: number): Promise<ActiveNormalisers> {
    const stored = await this.load();
    if (libraryCount < MIN_LIBRARY_FINGERPRINTS) return { ranges: FALLBACK_RANGES, stored, libraryCount, recomputed: false };
    if (needsRecompute(stored, libraryCount)) {
      const fresh = await this.recompute();
      if (fresh !== null) return { ranges: rangesOf(fresh), stored: fresh, libraryCount: fresh.fingerprintCount, recomputed: true };
      return { ranges: FALLBACK_RANGES, stored: null, libraryCount, recomputed: true };
    }
    return { ranges: rangesOf(stored!), stored, libraryCount, recomputed: false };
  }
}
