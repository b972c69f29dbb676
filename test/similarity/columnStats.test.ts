import { describe, expect, it } from 'vitest';
import { InvalidFingerprintError } from '../../server/db/errors.ts';
import { columnStats, percentileOfSorted } from '../../server/similarity/columnStats.ts';
import { resolveWeights } from '../../server/similarity/weights.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { openLibrary, valuesAt } from './helpers.ts';

describe('columnStats', () => {
  it('agrees with the plain two-pass formulas on ordinary values', () => {
    const values = [3, -1.5, 7.25, 0, 12, 4];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
    const stats = columnStats(values);
    expect(stats.mean).toBe(mean);
    expect(stats.std).toBeCloseTo(std, 14);
    expect([stats.min, stats.max]).toEqual([-1.5, 12]);
    expect(stats.p5).toBeCloseTo(-1.5 + 0.25 * 1.5, 14); // rank 0.25 between −1.5 and 0
  });

  it('does not overflow on values near the largest double', () => {
    const twice = columnStats([1.7e308, 1.7e308]);
    expect(twice).toMatchObject({ mean: 1.7e308, std: 0, p5: 1.7e308, p95: 1.7e308 });
    const apart = columnStats([-1.7e308, 1.7e308]);
    expect(apart.mean).toBe(0);
    expect(apart.std).toBeCloseTo(1.7e308, -300);
    expect(Number.isFinite(apart.p5) && Number.isFinite(apart.p95)).toBe(true);
    expect(apart.p95).toBeCloseTo(0.9 * 1.7e308, -300);
    expect(percentileOfSorted([-Number.MAX_VALUE, Number.MAX_VALUE], 0.5)).toBe(0);
  });
});

describe('hostile weights and query values', () => {
  it('weights above MAX_WEIGHT, or whose sum overflows, are INVALID_WEIGHTS', () => {
    expect(() => resolveWeights({ tempoBpm: 1e308, lufs: 1e308 })).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHTS' }));
    expect(() => resolveWeights({ tempoBpm: 1001 })).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHTS' }));
    expect(resolveWeights({ tempoBpm: 1000, lufs: 0.001 }).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('similarToValues (auralis similar on a file outside the library) uses the same range check', async () => {
    const { orm, close } = await openLibrary();
    try {
      const query = new SimilarityService(orm.em.fork()).similarToValues({ ...valuesAt(0.5), tempoBpm: 1e200 });
      await expect(query).rejects.toBeInstanceOf(InvalidFingerprintError);
      await expect(query).rejects.toMatchObject({ code: 'INVALID_FINGERPRINT', field: ['values', 'tempoBpm'] });
    } finally {
      await close();
    }
  });
});
