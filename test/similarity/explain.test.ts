import { describe, expect, it } from 'vitest';
import { DIMENSIONS, type DimensionKey } from '../../server/fingerprint/dimensions.ts';
import { explainPair, formatValue, type ExplainedContribution } from '../../server/similarity/explain.ts';
import { explainDistance } from '../../server/similarity/similarityService.ts';
import { FALLBACK_RANGES } from '../../server/similarity/normalise.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../../server/similarity/weights.ts';
import { seededRandom } from '../../fixtures/random.ts';
import { valuesAt } from './helpers.ts';
import { toVector } from '../../server/fingerprint/dimensions.ts';

/** Contributions of a pair whose normalised deltas are given per dimension (default weights). */
function pair(deltas: Partial<Record<DimensionKey, number>>, base = 0.5) {
  const a = toVector(valuesAt(base));
  const b = toVector(valuesAt((j) => base + (deltas[DIMENSIONS[j]!.key] ?? 0)));
  return explainDistance(a, b, FALLBACK_RANGES, DEFAULT_WEIGHT_VECTOR);
}

describe('explainPair (because)', () => {
  it('identical pair: says so', () => {
    const { distance, contributions } = pair({});
    expect(explainPair(contributions, distance)).toEqual({ text: 'identical on every weighted dimension', reasons: [] });
  });

  it('a far pair names its largest contributions, largest first, with units and direction', () => {
    const { distance, contributions } = pair({ tempoBpm: 0.5, bassPct: -0.45, midPct: 0.3, crestDb: 0.3, spectralCentroid: 0.3, lufs: 0.02 });
    expect(distance).toBeGreaterThan(0.2);
    const explanation = explainPair(contributions, distance);
    const largest = [...contributions].sort((x, y) => y.contribution - x.contribution).slice(0, 2).map((c) => c.dimension);
    expect(explanation.reasons.slice(0, 2).map((r) => r.dimension)).toEqual(largest);
    expect(largest).toEqual(['tempoBpm', 'bassPct']);
    expect(explanation.reasons[0]!.text).toMatch(/^B is far faster \(\d+ BPM vs \d+ BPM\)$/);
    expect(explanation.reasons[1]!.text).toMatch(/^B has less bass \(\d+ % vs \d+ %\)$/);
    // The third reason: the heaviest dimension the pair shares (lufs weighs most of all).
    expect(explanation.reasons[2]).toMatchObject({ dimension: 'lufs', kind: 'shared' });
    expect(explanation.reasons[2]!.text).toMatch(/^both −\d+(–\d+)? LUFS$/);
    expect(explanation.text.split('; ')).toEqual(expect.arrayContaining(explanation.reasons.map((r) => r.text)));
  });

  it('a close pair: its heaviest shared dimensions, then its largest contribution', () => {
    const { distance, contributions } = pair({ spectralCentroid: 0.3, rhythmStability: 0.08 });
    expect(distance).toBeLessThanOrEqual(0.2);
    const explanation = explainPair(contributions, distance);
    expect(explanation.reasons.map((r) => r.kind)).toEqual(['shared', 'shared', 'differs']);
    const heaviest = DIMENSIONS.map((d, j) => ({ key: d.key, w: DEFAULT_WEIGHT_VECTOR[j]! }))
      .filter((d) => d.key !== 'spectralCentroid' && d.key !== 'rhythmStability')
      .sort((x, y) => y.w - x.w)
      .slice(0, 2)
      .map((d) => d.key);
    expect(explanation.reasons.slice(0, 2).map((r) => r.dimension)).toEqual(heaviest);
    expect(explanation.reasons[2]).toMatchObject({ dimension: 'spectralCentroid', text: expect.stringMatching(/^B is brighter \(/) });
  });

  it('degrees: far ≥ 0.5, plain ≥ 0.2, slightly below', () => {
    const c = (delta: number): ExplainedContribution => ({ dimension: 'bassPct', weight: 1, a: 10, b: 40, normalisedDelta: delta, contribution: Math.abs(delta) });
    expect(explainPair([c(0.6)], 0.6).text).toBe('B has far more bass (40 % vs 10 %)');
    expect(explainPair([c(0.3)], 0.3).text).toBe('B has more bass (40 % vs 10 %)');
    expect(explainPair([c(-0.1)], 0.1).text).toBe('B has slightly less bass (40 % vs 10 %)');
  });

  it('shared wording: one value or a span, adjectives from where the pair sits in the library', () => {
    const shared = (dimension: DimensionKey, a: number, b: number, normalisedMean: number): ExplainedContribution => ({
      dimension, weight: 0.5, a, b, normalisedDelta: 0.01, contribution: 0.007, normalisedMean,
    });
    const other: ExplainedContribution = { dimension: 'airPct', weight: 0.01, a: 1, b: 9, normalisedDelta: 0.4, contribution: 0.04 };
    const text = explainPair([shared('tempoBpm', 126.2, 127.9, 0.5), shared('lufs', -8.2, -7.9, 0.9), other], 0.05).text;
    // Equal weight and |Δ|: spec order (lufs before tempoBpm).
    expect(text).toBe('both loud, −8 LUFS; both 126–128 BPM; B has more air (9 % vs 1 %)');
    expect(formatValue('spectralCentroid', 2450)).toBe('2.5 kHz');
    expect(formatValue('phaseCorrelation', -0.004)).toBe('0.00');
  });

  it('on random pairs the named differences are always the largest contributions', () => {
    const next = seededRandom(3);
    for (let i = 0; i < 200; i++) {
      const a = toVector(valuesAt(() => next()));
      const b = toVector(valuesAt(() => next()));
      const { distance, contributions } = explainDistance(a, b, FALLBACK_RANGES, DEFAULT_WEIGHT_VECTOR);
      const explanation = explainPair(contributions, distance);
      expect(explanation.reasons.length).toBeGreaterThanOrEqual(2);
      expect(explanation.reasons.length).toBeLessThanOrEqual(3);
      const differing = contributions.filter((c) => Math.abs(c.normalisedDelta) >= 0.05).sort((x, y) => y.contribution - x.contribution);
      const named = explanation.reasons.filter((r) => r.kind === 'differs').map((r) => r.dimension);
      expect(named).toEqual(differing.slice(0, named.length).map((c) => c.dimension));
      expect(named[0]).toBe([...contributions].sort((x, y) => y.contribution - x.contribution)[0]!.dimension);
    }
  });
});
