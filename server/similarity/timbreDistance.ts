/**
 * The timbre term of the distance (server/fingerprint/timbre.ts: 13 MFCC means, 13 standard deviations per track).
 *
 * Normalisation of the 26 values: per value j, the library's mean μⱼ and population standard deviation σⱼ over
 * the stored timbres, and x ↦ Φ((x − μⱼ)/σⱼ) (Φ the standard normal CDF; 0.5 when σⱼ < 1e-9): the percentile
 * under a normal model, the same [0, 1] scale as the 25 dimensions' rank normalisation, without storing quantiles.
 * The timbre distance of two tracks is the root mean square of the 26 normalised differences,
 * d_t = sqrt(Σⱼ Δⱼ² / 26) ∈ [0, 1], and the full distance is sqrt(Σᵢ wᵢ Δᵢ² + w_t·d_t²) with the 25 weights and
 * w_t summing to 1 (weights.ts), so it stays in [0, 1]. A pair in which either track has no stored timbre (rows
 * analysed before the timbre group, or a query by values) gets d_t = MISSING_TIMBRE_DISTANCE = √(1/6) ≈ 0.41,
 * the expected d_t of two unrelated tracks (E[(U − V)²] = 1/6 for independent uniform percentiles).
 */
import { TIMBRE_LENGTH } from '../fingerprint/timbre.ts';

export const MISSING_TIMBRE_DISTANCE = Math.sqrt(1 / 6);

/** The library's timbre, aligned with a LibraryIndex's rows. */
export interface TimbreTable {
  /** Normalised timbre per index row (rows × 26), NaN in rows without timbre. */
  readonly normalised: Float64Array;
  /** Per-value mean and standard deviation used (26 each). */
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Φ(z), the standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * The timbre table of index rows `rowTrackIds` from the stored matrix (`trackIds` ascending, 26 values per row).
 */
export function buildTimbreTable(rowTrackIds: Int32Array, stored: { trackIds: Int32Array; values: Float64Array }): TimbreTable {
  const count = stored.trackIds.length;
  const mean = new Float64Array(TIMBRE_LENGTH);
  const std = new Float64Array(TIMBRE_LENGTH);
  for (let i = 0; i < count; i++) for (let j = 0; j < TIMBRE_LENGTH; j++) mean[j]! += stored.values[i * TIMBRE_LENGTH + j]! / count;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < TIMBRE_LENGTH; j++) std[j]! += (stored.values[i * TIMBRE_LENGTH + j]! - mean[j]!) ** 2 / count;
  }
  for (let j = 0; j < TIMBRE_LENGTH; j++) std[j] = Math.sqrt(std[j]!);
  const normalised = new Float64Array(rowTrackIds.length * TIMBRE_LENGTH).fill(Number.NaN);
  let s = 0;
  for (let row = 0; row < rowTrackIds.length; row++) {
    const id = rowTrackIds[row]!;
    while (s < count && stored.trackIds[s]! < id) s++;
    if (s < count && stored.trackIds[s] === id) {
      normaliseTimbre(stored.values.subarray(s * TIMBRE_LENGTH, (s + 1) * TIMBRE_LENGTH), mean, std, normalised, row * TIMBRE_LENGTH);
    }
  }
  return { normalised, mean, std };
}

/** Writes Φ((x − μ)/σ) of 26 raw values to `out` at `offset`. */
export function normaliseTimbre(values: ArrayLike<number>, mean: ArrayLike<number>, std: ArrayLike<number>, out: Float64Array, offset = 0): Float64Array {
  for (let j = 0; j < TIMBRE_LENGTH; j++) {
    out[offset + j] = std[j]! < 1e-9 ? 0.5 : normalCdf((values[j]! - mean[j]!) / std[j]!);
  }
  return out;
}

/** d_t between two rows of a table (MISSING_TIMBRE_DISTANCE when either row has no timbre). */
export function timbreDistance(table: TimbreTable, rowA: number, rowB: number): number {
  const a = rowA * TIMBRE_LENGTH;
  const b = rowB * TIMBRE_LENGTH;
  if (Number.isNaN(table.normalised[a]) || Number.isNaN(table.normalised[b])) return MISSING_TIMBRE_DISTANCE;
  let squared = 0;
  for (let j = 0; j < TIMBRE_LENGTH; j++) squared += (table.normalised[a + j]! - table.normalised[b + j]!) ** 2;
  return Math.sqrt(squared / TIMBRE_LENGTH);
}

/** The normalised timbre of a row (a view of 26 values), or null when the row has none. */
export function timbreOfRow(table: TimbreTable, row: number): Float64Array | null {
  const offset = row * TIMBRE_LENGTH;
  return Number.isNaN(table.normalised[offset]) ? null : table.normalised.subarray(offset, offset + TIMBRE_LENGTH);
}

/**
 * d_t between a normalised timbre (26 values, e.g. a row's or a point between two rows) and a row of the table;
 * MISSING_TIMBRE_DISTANCE when the query is null or the row has no timbre.
 */
export function timbreDistanceTo(table: TimbreTable, query: ArrayLike<number> | null, row: number): number {
  const b = row * TIMBRE_LENGTH;
  if (query === null || Number.isNaN(table.normalised[b])) return MISSING_TIMBRE_DISTANCE;
  let squared = 0;
  for (let j = 0; j < TIMBRE_LENGTH; j++) squared += (query[j]! - table.normalised[b + j]!) ** 2;
  return Math.sqrt(squared / TIMBRE_LENGTH);
}
