/**
 * Per-library normalisation of fingerprint values (docs/fingerprint.md, "Rank normalisation"):
 *
 * - library (v2): rank normalisation, x → its percentile in the library, from the stored quantiles, so a
 *   skewed dimension (air, flatness, presence) spreads over 0…1 instead of collapsing to 0 or 1. The
 *   distribution is the stored percentiles smoothed by a logistic kernel of Scott's bandwidth for the
 *   library's size (`RankMap`): a step CDF would move a value by a whole rank for a tiny change (the
 *   encodings of one song, a cluster of near-duplicates), which is noise, not information;
 * - fallback (fewer than 10 fingerprints): x → clamp((x − lo)/(hi − lo), 0, 1) over the catalogue's fixed
 *   ranges, 0.5 when hi − lo < 1e-9 (the v1 rule).
 */
import { DIMENSIONS } from '../fingerprint/dimensions.ts';

/** Below this spread (in the dimension's unit) every value normalises to 0.5. */
export const DEGENERATE_SPREAD = 1e-9;

/** The normalisation ranges of the 25 dimensions in spec order, and where they come from. */
export interface NormaliserRanges {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** `library`: stored quantiles (rank normalisation); `fallback`: the catalogue's fixed ranges (< 10 fingerprints). */
  readonly source: 'library' | 'fallback';
  /** Per dimension (spec order) the value → percentile map of the library; null = the linear lo/hi map. */
  readonly rankMaps: readonly RankMap[] | null;
}

/** Points of a RankMap's table. */
export const RANK_TABLE_POINTS = 2048;
/** The table spans the quantiles ± this many logistic scales (the kernel's tail beyond is < 1e-5). */
const TAIL_SCALES = 12;

/**
 * The smoothed percentile function of one dimension, tabulated: F(x) = mean over the stored quantiles qₖ of
 * 1/(1 + exp(−(x − qₖ)/s)), a logistic kernel of standard deviation h (s = h·√3/π), h = rankBandwidth (Scott's
 * rule 1.06·σ·n^(−1/5)) for a library of n fingerprints. Read by linear
 * interpolation between RANK_TABLE_POINTS equally spaced points; 0 below and 1 above the table. `table` null:
 * a degenerate dimension (σ = 0), every value 0.5 (the v1 rule).
 */
export interface RankMap {
  readonly start: number;
  readonly step: number;
  readonly table: Float64Array | null;
  /** The kernel's standard deviation h, in the dimension's unit (0 when degenerate). */
  readonly bandwidth: number;
}

/**
 * Kernel bandwidth of a dimension, in its unit: Scott's normal-reference rule h = 1.06·σ·n^(−1/5) (Scott 1992)
 * for a library of n fingerprints. Silverman's narrower 0.9·min(σ, IQR/1.34)·n^(−1/5) was tried first: on a
 * 12-track library holding four encodings of one song, the Opus version's siblings then came out at 0.26 × the
 * nearest other track (the check allows 0.25); the cross-encoding drift, not the library's shape, sets the scale
 * that must not be resolved.
 */
export function rankBandwidth(std: number, count: number): number {
  return 1.06 * std * Math.max(1, count) ** -0.2;
}

/** The tabulated smoothed percentile function of one dimension (see RankMap). */
export function rankMap(quantiles: ArrayLike<number>, std: number, count: number): RankMap {
  const bandwidth = rankBandwidth(std, count);
  if (!(bandwidth > DEGENERATE_SPREAD) || !Number.isFinite(bandwidth)) return { start: 0, step: 0, table: null, bandwidth: 0 };
  const scale = (bandwidth * Math.sqrt(3)) / Math.PI;
  const start = quantiles[0]! - TAIL_SCALES * scale;
  const end = quantiles[quantiles.length - 1]! + TAIL_SCALES * scale;
  const step = (end - start) / (RANK_TABLE_POINTS - 1);
  const table = new Float64Array(RANK_TABLE_POINTS);
  for (let i = 0; i < RANK_TABLE_POINTS; i++) table[i] = smoothedPercentile(start + i * step, quantiles, scale);
  return { start, step, table, bandwidth };
}

/** The exact kernel-smoothed percentile (what RankMap tabulates): mean logistic CDF with scale `scale` around each quantile. */
export function smoothedPercentile(x: number, quantiles: ArrayLike<number>, scale: number): number {
  let sum = 0;
  for (let k = 0; k < quantiles.length; k++) sum += 1 / (1 + Math.exp(-(x - quantiles[k]!) / scale));
  return sum / quantiles.length;
}

/** The percentile (0…1) of `x` under a RankMap. */
export function rankPercentile(x: number, map: RankMap): number {
  const { table } = map;
  if (table === null) return 0.5;
  const position = (x - map.start) / map.step;
  if (!(position > 0)) return position === 0 ? table[0]! : 0;
  if (position >= RANK_TABLE_POINTS - 1) return position === RANK_TABLE_POINTS - 1 ? table[RANK_TABLE_POINTS - 1]! : 1;
  const i = Math.floor(position);
  const f = position - i;
  return table[i]! + f * (table[i + 1]! - table[i]!);
}

/** The catalogue's fixed fallback ranges (used while the library holds fewer than 10 fingerprints). */
export const FALLBACK_RANGES: NormaliserRanges = {
  lo: Float64Array.from(DIMENSIONS, (d) => d.fallbackRange.lo),
  hi: Float64Array.from(DIMENSIONS, (d) => d.fallbackRange.hi),
  source: 'fallback',
  rankMaps: null,
};

/** One value, normalised to [0, 1]. */
export function normaliseValue(x: number, lo: number, hi: number): number {
  const spread = hi - lo;
  if (spread < DEGENERATE_SPREAD) return 0.5;
  const t = (x - lo) / spread;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/**
 * Rows `from` … `to − 1` of a row-major table of raw values (25 per row) normalised into `out`, row r at
 * r × `stride` (the values only; what is between is left as it is): normaliseVector per row, without a view per row.
 */
export function normaliseRows(values: Float64Array | Float32Array, from: number, to: number, ranges: NormaliserRanges, out: Float64Array | Float32Array, stride: number): void {
  const width = DIMENSIONS.length;
  const { rankMaps } = ranges;
  for (let row = from; row < to; row++) {
    const source = row * width;
    const target = row * stride;
    if (rankMaps !== null) {
      for (let j = 0; j < width; j++) out[target + j] = rankPercentile(values[source + j]!, rankMaps[j]!);
    } else {
      for (let j = 0; j < width; j++) out[target + j] = normaliseValue(values[source + j]!, ranges.lo[j]!, ranges.hi[j]!);
    }
  }
}

/** A vector of 25 values (spec order), normalised into `out` (default: a new array). */
export function normaliseVector(
  values: ArrayLike<number>,
  ranges: NormaliserRanges,
  out: Float64Array | Float32Array = new Float64Array(DIMENSIONS.length),
  offset = 0,
): Float64Array | Float32Array {
  const { rankMaps } = ranges;
  if (rankMaps !== null) {
    for (let j = 0; j < DIMENSIONS.length; j++) out[offset + j] = rankPercentile(values[j]!, rankMaps[j]!);
  } else {
    for (let j = 0; j < DIMENSIONS.length; j++) out[offset + j] = normaliseValue(values[j]!, ranges.lo[j]!, ranges.hi[j]!);
  }
  return out;
}
