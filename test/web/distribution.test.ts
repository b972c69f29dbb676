/**
 * The library distribution of the web app (web/src/distribution.ts) from 101 stored percentiles, against
 * analytic answers: a uniform library (quantile p = p), a flat stretch, and an all-equal library.
 */
import { describe, expect, test } from 'vitest';
import { histogram, percentileOf, shareBelow } from '../../web/src/distribution.ts';

/** Percentiles of a library uniform on [0, 100]: quantile p = p. */
const uniform = Array.from({ length: 101 }, (_, p) => p);
/** Uniform on [−30, −10] LUFS: quantile p = −30 + 0.2·p. */
const loudness = Array.from({ length: 101 }, (_, p) => -30 + 0.2 * p);

describe('percentileOf', () => {
  test('degenerate input: too few quantiles or a NaN value give NaN; outside the library 0 and 100', () => {
    expect(percentileOf(1, [])).toBeNaN();
    expect(percentileOf(1, [3])).toBeNaN();
    expect(percentileOf(Number.NaN, uniform)).toBeNaN();
    expect(percentileOf(-5, uniform)).toBe(0);
    expect(percentileOf(500, uniform)).toBe(100);
  });

  test('a uniform library: the percentile of x is x (interpolated between stored percentiles)', () => {
    for (const x of [0, 0.5, 12.25, 50, 99.9, 100]) expect(percentileOf(x, uniform)).toBeCloseTo(x, 9);
    expect(percentileOf(-20, loudness)).toBeCloseTo(50, 9);
    expect(percentileOf(-14, loudness)).toBeCloseTo(80, 9);
  });

  test('a value many tracks share (a flat stretch) sits in the middle of the stretch', () => {
    // 0 for percentiles 0…40 (41 % silence-like tracks), then rising to 60.
    const stretch = Array.from({ length: 101 }, (_, p) => (p <= 40 ? 0 : p - 40));
    expect(percentileOf(0, stretch)).toBeCloseTo(20, 9);
    expect(percentileOf(10, stretch)).toBeCloseTo(50, 9);
  });
});

describe('histogram', () => {
  test('a uniform library gives equal bins that sum to 1, over [min, max]', () => {
    const { min, max, shares } = histogram(loudness, 10);
    expect(min).toBeCloseTo(-30, 9);
    expect(max).toBeCloseTo(-10, 9);
    expect(shares).toHaveLength(10);
    for (const share of shares) expect(share).toBeCloseTo(0.1, 9);
  });

  test('mass follows the quantiles: half the library below the median, a point mass in one bin', () => {
    // Half of the library in [0, 1], the other half in [1, 100].
    const skewed = Array.from({ length: 101 }, (_, p) => (p <= 50 ? p / 50 : 1 + ((p - 50) / 50) * 99));
    expect(shareBelow(1, skewed)).toBeCloseTo(0.5, 9);
    const { shares } = histogram(skewed, 4);
    expect(shares[0]).toBeGreaterThan(0.5);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const equal = histogram(Array.from({ length: 101 }, () => 7), 5);
    expect(equal.shares).toEqual([1, 0, 0, 0, 0]);
  });
});
