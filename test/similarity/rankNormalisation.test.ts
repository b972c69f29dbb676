/**
 * Rank normalisation (docs/fingerprint.md "Rank normalisation", issue 10 deliverable 5): a value's percentile in
 * the library, from the stored quantiles smoothed by a kernel of Scott's bandwidth. Checked against the
 * exact smoothed percentile, and on a skewed dimension where the v1 linear p5/p95 map is an on/off flag.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { gaussianFrom, seededRandom } from '../../fixtures/random.ts';
import { DIMENSIONS, type FingerprintValues, storedValue } from '../../server/fingerprint/dimensions.ts';
import { QUANTILE_COUNT, columnStats } from '../../server/similarity/columnStats.ts';
import { normaliseValue, rankBandwidth, rankMap, rankPercentile, smoothedPercentile } from '../../server/similarity/normalise.ts';
import { NormaliserStore } from '../../server/similarity/normalisers.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';

/** n log-normal "air %" values (median ≈ 1.5 %, a long tail to 25 %): skewed like air / flatness / presence on real music. */
function skewed(n: number, seed: number): number[] {
  const gauss = gaussianFrom(seededRandom(seed));
  return Array.from({ length: n }, () => Math.min(100, 1.5 * Math.exp(1.1 * gauss())));
}

/** Largest gap between the empirical CDF of normalised values and the uniform one (0 = perfectly spread). */
function uniformityGap(normalised: readonly number[]): number {
  const sorted = [...normalised].sort((a, b) => a - b);
  return Math.max(...sorted.map((v, i) => Math.max(Math.abs(v - i / sorted.length), Math.abs(v - (i + 1) / sorted.length))));
}

describe('rank maps', () => {
  it('tabulate the smoothed percentile within 2e-4 of the 0…1 scale (linear interpolation on 2 048 points; an outlier at 100 % stretches the table), 0 below and 1 above, monotone', () => {
    const values = skewed(2000, 5);
    const stats = columnStats(values);
    expect(stats.quantiles).toHaveLength(QUANTILE_COUNT);
    const map = rankMap(stats.quantiles, stats.std, values.length);
    const scale = (map.bandwidth * Math.sqrt(3)) / Math.PI;
    expect(map.bandwidth).toBeCloseTo(rankBandwidth(stats.std, 2000), 15);
    let previous = -1;
    for (let x = -5; x <= 40; x += 0.0137) {
      const p = rankPercentile(x, map);
      expect(Math.abs(p - smoothedPercentile(x, stats.quantiles, scale)), `x = ${x}`).toBeLessThan(2e-4);
      expect(p).toBeGreaterThanOrEqual(previous);
      previous = p;
    }
    expect(rankPercentile(-1e9, map)).toBe(0);
    expect(rankPercentile(1e9, map)).toBe(1);
  });

  it('spread a skewed dimension evenly over 0…1, where the v1 linear p5/p95 map turns it into a flag', () => {
    const values = skewed(2000, 7);
    const stats = columnStats(values);
    const map = rankMap(stats.quantiles, stats.std, values.length);
    const ranked = values.map((x) => rankPercentile(x, map));
    const linear = values.map((x) => normaliseValue(x, stats.p5, stats.p95));
    // The kernel (Scott's h ≈ 0.8 % here) smears the steep lower tail; the linear map loses far more of the scale.
    expect(uniformityGap(ranked)).toBeLessThan(0.13);
    expect(uniformityGap(linear)).toBeGreaterThan(0.25); // half the library squeezed into the bottom fifth
    // The lower half of the library (values below the median, ≈ 1.5 %) keeps half of the scale.
    const median = stats.quantiles[50]!;
    expect(rankPercentile(median, map)).toBeCloseTo(0.5, 1);
    expect(normaliseValue(median, stats.p5, stats.p95)).toBeLessThan(0.15);
  });

  it('give a mass point (many equal values) the middle of its mass, and a constant dimension 0.5', () => {
    const values = [...Array(600).fill(0), ...skewed(400, 9).map((x) => x / 100)];
    const stats = columnStats(values);
    const map = rankMap(stats.quantiles, stats.std, values.length);
    expect(rankPercentile(0, map)).toBeGreaterThan(0.25);
    expect(rankPercentile(0, map)).toBeLessThan(0.35); // 60 % of the library at 0: the middle of its mass is 0.3
    const constant = columnStats(Array(50).fill(0.25));
    expect(rankPercentile(0.25, rankMap(constant.quantiles, constant.std, 50))).toBe(0.5);
    expect(rankPercentile(7, rankMap(constant.quantiles, constant.std, 50))).toBe(0.5);
  });
});

describe('stored quantiles', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  beforeEach(async () => ({ orm, close } = await openLibrary()));
  afterEach(async () => close());

  it('are stored per dimension with the normalisers (exact round trip) and drive the library normalisation', async () => {
    const air = skewed(40, 3).map(storedValue);
    const fingerprints: FingerprintValues[] = air.map((airPct, i) => ({ ...valuesAt(((i * 7) % 40) / 39), airPct }));
    await addTracks(orm, fingerprints);
    const status = await new SimilarityService(orm.em.fork()).normalisers();
    expect(status.source).toBe('library');
    const stored = (await new NormaliserStore(orm.em.fork()).load())!;
    const airColumn = DIMENSIONS.findIndex((d) => d.key === 'airPct');
    const expected = columnStats(air).quantiles;
    expect([...stored.dimensions[airColumn]!.quantiles]).toStrictEqual([...expected]);
    const map = status.ranges.rankMaps![airColumn]!;
    expect(map.bandwidth).toBeCloseTo(rankBandwidth(columnStats(air).std, 40), 12);
    const scale = (map.bandwidth * Math.sqrt(3)) / Math.PI;
    for (const x of [0, expected[10]!, expected[50]!, expected[90]!, 30]) {
      expect(Math.abs(rankPercentile(x, map) - smoothedPercentile(x, expected, scale))).toBeLessThan(2e-4);
    }
  });
});
