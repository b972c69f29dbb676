/** Assertions written over the dimension catalogue, so that they cover every dimension it lists. */
import { expect } from 'vitest';
import { checkValues } from '../../server/db/fingerprintInput.ts';
import { DIMENSIONS, type DimensionKey, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';

/**
 * Every catalogue dimension is present, finite and inside its valid range (or its silence value), and
 * storage's own check (checkValues) accepts the whole analysis: no real analysis is ever refused.
 */
export function expectCompleteAndInRange(values: Partial<FingerprintValues>, label = ''): void {
  for (const d of DIMENSIONS) {
    const value = values[d.key];
    expect(value, `${label} ${d.key}`).toBeTypeOf('number');
    expect(Number.isFinite(value), `${label} ${d.key} = ${value} is finite`).toBe(true);
    if (value === d.silenceValue) continue;
    expect(value!, `${label} ${d.key} ≥ ${d.range.min}`).toBeGreaterThanOrEqual(d.range.min - 1e-9);
    expect(value!, `${label} ${d.key} ≤ ${d.range.max}`).toBeLessThanOrEqual(d.range.max + 1e-9);
  }
  expect(() => checkValues(values, { partial: false }), `${label}: checkValues accepts the analysis`).not.toThrow();
}

/** `|a − b| ≤ tolerance` for each listed dimension, with the dimension named on failure. */
export function expectClose(
  actual: Partial<FingerprintValues>,
  expected: Partial<FingerprintValues>,
  tolerance: (key: DimensionKey) => number,
  keys: readonly DimensionKey[] = DIMENSIONS.map((d) => d.key),
  label = '',
): void {
  for (const key of keys) {
    const a = actual[key];
    const b = expected[key];
    expect(a, `${label} ${key} present`).toBeTypeOf('number');
    expect(Math.abs(a! - b!), `${label} ${key}: ${a} vs ${b} (tolerance ${tolerance(key)})`).toBeLessThanOrEqual(
      tolerance(key),
    );
  }
}
