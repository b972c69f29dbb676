import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysePcm, completeAnalysis } from '../../server/fingerprint/analyse.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { FACTS, FACT_KEYS, emptyFacts, fact, isValidFact } from '../../server/fingerprint/facts.ts';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { sine, stereo } from '../dsp-wasm/signals.ts';

/** `tempoAlternateBpm` → `TEMPO_ALTERNATE_BPM`. */
const screamingSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

describe('server/fingerprint/facts.ts: the fact catalogue', () => {
  it('lists the fact slots of dsp-wasm/slots.ts in slot order, right after the 25 dimensions', async () => {
    const text = await readFile(new URL('../../dsp-wasm/slots.ts', import.meta.url), 'utf8');
    const slotOf = (name: string) => Number(new RegExp(`export const SLOT_${name}: i32 = (\\d+);`).exec(text)?.[1]);
    FACTS.forEach((f, index) => expect(slotOf(screamingSnake(f.key)), f.key).toBe(DIMENSIONS.length + index));
    expect(Number(/export const FACT_COUNT: i32 = (\d+);/.exec(text)?.[1])).toBe(FACTS.length);
  });

  it('has unique keys and snake_case columns that collide with no dimension column', () => {
    expect(new Set(FACT_KEYS).size).toBe(FACTS.length);
    const columns = new Set<string>(DIMENSIONS.map((d) => d.column));
    for (const f of FACTS) {
      expect(f.column).toBe(screamingSnake(f.key).toLowerCase());
      expect(columns.has(f.column), f.column).toBe(false);
    }
  });

  it('isValidFact: finite, inside the range, whole where the fact is an integer', () => {
    expect(isValidFact(fact('keyPitchClass'), 11)).toBe(true);
    expect(isValidFact(fact('keyPitchClass'), 12)).toBe(false);
    expect(isValidFact(fact('keyPitchClass'), 2.5)).toBe(false);
    expect(isValidFact(fact('keyMode'), 1)).toBe(true);
    expect(isValidFact(fact('tempoConfidence'), 1 + 1e-12)).toBe(true);
    expect(isValidFact(fact('tempoConfidence'), 1.01)).toBe(false);
    expect(isValidFact(fact('truePeakDbtp'), -0.3)).toBe(true);
    expect(isValidFact(fact('truePeakDbtp'), Number.NaN)).toBe(false);
    expect(isValidFact(fact('tempoAlternateBpm'), Number.POSITIVE_INFINITY)).toBe(false);
    expect(Object.values(emptyFacts()).every((v) => v === null)).toBe(true);
  });
});

describe('server/fingerprint/wasm.ts: facts and histogram beside the 25 values', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });

  it('checks the fact count of the build and reads the fact slots after each finish (a fresh copy)', () => {
    expect(dsp.rawExports.factCount()).toBe(FACTS.length);
    expect(dsp.lastFacts()).toHaveLength(FACTS.length);
    dsp.analyse(stereo(sine(440, -10, 1), sine(440, -10, 1)), 2);
    const first = dsp.lastFacts();
    expect(first).toHaveLength(FACTS.length);
    first.fill(123);
    expect(dsp.lastFacts()[0]).not.toBe(123);
  });

  it('analysePcm returns every fact key: a value, or null listed in missingFacts (never a fake number)', async () => {
    const analysis = await analysePcm(stereo(sine(220, -12, 2), sine(220, -12, 2)), 2, { dsp });
    expect(Object.keys(analysis.facts)).toStrictEqual([...FACT_KEYS]);
    for (const f of FACTS) {
      const value = analysis.facts[f.key];
      if (value === null) expect(analysis.missingFacts).toContain(f.key);
      else {
        expect(analysis.missingFacts).not.toContain(f.key);
        expect(isValidFact(f, value), `${f.key} = ${value}`).toBe(true);
      }
    }
    if (analysis.loudnessHistogram !== null) expect(analysis.loudnessHistogram.every((n) => n >= 0)).toBe(true);
  });
});

describe('completeAnalysis: what extraction stores', () => {
  it('passes a full analysis through and refuses one with a missing dimension, fact or histogram, naming them', async () => {
    const dsp = await createDsp();
    const analysis = await analysePcm(stereo(sine(330, -12, 2), sine(330, -12, 2)), 2, { dsp });
    const complete = completeAnalysis('a.flac', analysis);
    expect(Object.keys(complete.facts)).toStrictEqual([...FACT_KEYS]);
    expect(complete.loudnessHistogram.length).toBeGreaterThan(0);
    const broken = {
      ...analysis,
      values: { ...analysis.values, lufs: undefined },
      facts: { ...analysis.facts, keyMode: null },
      loudnessHistogram: null,
    };
    expect(() => completeAnalysis('b.flac', broken)).toThrowError(
      expect.objectContaining({
        code: 'INCOMPLETE_FINGERPRINT',
        message: '`b.flac`: expected all 25 dimensions, 6 facts, the loudness histogram and the timbre values from the analysis, missing 3: lufs, keyMode, loudnessHistogram',
      }),
    );
  });

  it('a release-build analysis of silence and of a tone computes every fact (none left NaN)', async () => {
    for (const [pcm, channels] of [[new Float32Array(44_100), 1], [sine(440, -10, 2), 1]] as const) {
      const analysis = await analysePcm(pcm, channels);
      expect(analysis.missingFacts).toStrictEqual([]);
      for (const f of FACTS) expect(isValidFact(f, analysis.facts[f.key]!), `${f.key} = ${analysis.facts[f.key]}`).toBe(true);
    }
  });
});
