import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embedDimensionTable, renderDimensionTable } from '../../server/fingerprint/dimension-table.ts';
import { DEFAULT_WEIGHTS, DIMENSIONS } from '../../server/fingerprint/dimensions.ts';

describe('the dimension catalogue', () => {
  it('has 25 dimensions with unique keys and columns', () => {
    expect(DIMENSIONS).toHaveLength(25);
    expect(new Set(DIMENSIONS.map((d) => d.key)).size).toBe(25);
    expect(new Set(DIMENSIONS.map((d) => d.column)).size).toBe(25);
  });

  it('scales the spec weights (raw sum 1.03) to sum to 1, with the spec group totals', () => {
    const total = Object.values(DEFAULT_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
    const groupTotal = (group: string) =>
      DIMENSIONS.filter((d) => d.group === group).reduce((sum, d) => sum + d.rawWeight, 0);
    expect(groupTotal('frequency')).toBeCloseTo(0.33, 12);
    expect(groupTotal('dynamics')).toBeCloseTo(0.23, 12);
    expect(groupTotal('temporal')).toBeCloseTo(0.18, 12);
    expect(groupTotal('spectral')).toBeCloseTo(0.12, 12);
    expect(groupTotal('harmonic')).toBeCloseTo(0.09, 12);
    expect(groupTotal('variation')).toBeCloseTo(0.05, 12);
    expect(groupTotal('stereo')).toBeCloseTo(0.03, 12);
  });

  it('is what the README documents (run `npm run docs` after changing the catalogue)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(embedDimensionTable(readme)).toBe(readme);
    expect(readme).toContain(renderDimensionTable());
  });
});
