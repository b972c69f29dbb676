/**
 * Fingerprint v2 tempo (docs/fingerprint.md dimension 11) through the real compiled WASM: generated
 * drum patterns of many styles against their quarter-note tempo, the 4-minute music mix, and the
 * facts tempoConfidence / tempoAlternateBpm (slots 25, 26) against the plain-TypeScript reference.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { DRUM_PATTERNS, renderDrumPattern } from '../../fixtures/drumPatterns.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { renderAll } from '../../fixtures/pcmSource.ts';
import { clickTrain } from '../../fixtures/rhythm.ts';
import { silence, sine } from '../../fixtures/pcm.ts';
import { slot } from './signals.ts';
import { referenceTempo } from './temporalReference.ts';

/** dsp-wasm/slots.ts: facts after the 25 dimensions. */
const SLOT_TEMPO_CONFIDENCE = 25;
const SLOT_TEMPO_ALTERNATE_BPM = 26;
const TEMPO = slot('tempoBpm');

interface RawExports {
  readonly memory: WebAssembly.Memory;
  finish(): number;
  factCount(): number;
  onsetEnvelopePointer(): number;
  onsetEnvelopeLength(): number;
  onsetHighEnvelopePointer(): number;
}

let dsp: Dsp;
beforeAll(async () => {
  dsp = await createDsp();
});

/** Dimensions and facts (31 values) of an in-memory signal. */
function analyseWithFacts(samples: Float32Array, channels: number): Float64Array {
  const raw = dsp.rawExports as unknown as RawExports;
  dsp.begin(channels);
  const frames = samples.length / channels;
  for (let start = 0; start < frames; start += dsp.capacityFrames) {
    const count = Math.min(dsp.capacityFrames, frames - start);
    dsp.input().set(samples.subarray(start * channels, (start + count) * channels), 0);
    dsp.push(count);
  }
  const pointer = raw.finish();
  return new Float64Array(raw.memory.buffer, pointer, 25 + raw.factCount()).slice();
}

function envelope(): Float32Array {
  const raw = dsp.rawExports as unknown as RawExports;
  return new Float32Array(raw.memory.buffer, raw.onsetEnvelopePointer(), raw.onsetEnvelopeLength()).slice();
}

function highEnvelope(): Float32Array {
  const raw = dsp.rawExports as unknown as RawExports;
  return new Float32Array(raw.memory.buffer, raw.onsetHighEnvelopePointer(), raw.onsetEnvelopeLength()).slice();
}

const within = (value: number, truth: number, share: number): boolean => Math.abs(value / truth - 1) <= share;

describe('drum patterns (30 s each) against their quarter-note tempo', () => {
  it('the v1 failures read the beat: four-on-the-floor 128 (v1: 64), eighth-note hats 95 (v1: 190)', () => {
    for (const name of ['four-on-the-floor 128', 'eighth-note hats 95', 'sixteenth-note hats 94', 'swing 100']) {
      const pattern = DRUM_PATTERNS.find((p) => p.name === name)!;
      const values = analyseWithFacts(renderDrumPattern(pattern, 30).samples, 1);
      expect(Math.abs(values[TEMPO]! - pattern.bpm), `${name} read ${values[TEMPO]}`).toBeLessThanOrEqual(1);
    }
  });

  it('at least 35 of the 36 patterns read within ±4 %; every style has a majority, every breakbeat reads the beat', () => {
    const results = DRUM_PATTERNS.map((pattern) => {
      const values = analyseWithFacts(renderDrumPattern(pattern, 30).samples, 1);
      return { pattern, tempo: values[TEMPO]!, ok: within(values[TEMPO]!, pattern.bpm, 0.04) };
    });
    const misses = results.filter((r) => !r.ok).map((r) => `${r.pattern.name} → ${r.tempo.toFixed(1)}`);
    // Known miss (docs/fingerprint.md): swing 140 reads 70 (the prior decides; its ride is a 1.7 kHz rim, not in the hats' band).
    expect(results.filter((r) => r.ok).length, misses.join('; ')).toBeGreaterThanOrEqual(35);
    // The two-step breakbeats read their half tempo before the syncopation check (step 4b).
    expect(results.filter((r) => r.pattern.style === 'breakbeat' && !r.ok), misses.join('; ')).toEqual([]);
    for (const style of new Set(DRUM_PATTERNS.map((p) => p.style))) {
      const ofStyle = results.filter((r) => r.pattern.style === style);
      expect(ofStyle.filter((r) => r.ok).length, `${style}: ${misses.join('; ')}`).toBeGreaterThan(ofStyle.length / 2);
    }
  });
});

describe('the 4-minute music mix', () => {
  for (const bpm of [120, 128]) {
    it(`musicMix 240 s at ${bpm} BPM reads ${bpm} ± 1 BPM with an alternate at half or double`, () => {
      const values = analyseWithFacts(renderAll(musicMix({ seconds: 240, bpm })).samples, 2);
      expect(Math.abs(values[TEMPO]! - bpm)).toBeLessThanOrEqual(1);
      const alternate = values[SLOT_TEMPO_ALTERNATE_BPM]!;
      expect(within(alternate, bpm / 2, 0.04) || within(alternate, bpm * 2, 0.04), `alternate ${alternate}`).toBe(true);
      expect(values[SLOT_TEMPO_CONFIDENCE]!).toBeGreaterThan(0.5);
      expect(values[SLOT_TEMPO_CONFIDENCE]!).toBeLessThanOrEqual(1);
    });
  }
});

describe('fast mixes: the beat, not a dotted (three-eighth) period', () => {
  // Eighth-note hats make every multiple of the eighth a strong period; the prior preferred three eighths
  // (150 → 100 BPM) until the dotted check (docs/fingerprint.md dimension 11, step 3b).
  for (const seconds of [8, 30]) {
    it(`musicMix ${seconds} s at 150, 160 and 175 BPM reads the beat ± 4 %`, () => {
      for (const [bpm, seed] of [[150, 14], [160, 1], [175, 1]] as const) {
        const values = analyseWithFacts(renderAll(musicMix({ seconds, bpm, seed, gain: 0.4 })).samples, 2);
        expect(within(values[TEMPO]!, bpm, 0.04), `${bpm} BPM read ${values[TEMPO]}`).toBe(true);
      }
    });
  }
});

describe('tempoConfidence and tempoAlternateBpm', () => {
  it('equal the reference (confidence ±1e-3, BPM ±1e-3) on clicks, patterns and the mix', () => {
    const signals: [Float32Array, number][] = [
      [clickTrain(120, 20).samples, 1],
      [renderDrumPattern(DRUM_PATTERNS.find((p) => p.style === 'waltz')!, 20).samples, 1],
      [renderDrumPattern(DRUM_PATTERNS.find((p) => p.style === 'sparse ambient pulse')!, 20).samples, 1],
      [renderDrumPattern(DRUM_PATTERNS.find((p) => p.name === 'breakbeat 172')!, 20).samples, 1],
      [renderDrumPattern(DRUM_PATTERNS.find((p) => p.name === 'half-time 85')!, 20).samples, 1],
      [renderDrumPattern(DRUM_PATTERNS.find((p) => p.name === 'sixteenth-note hats 88')!, 20).samples, 1],
      [renderAll(musicMix({ seconds: 30, seed: 2 })).samples, 2],
      [renderAll(musicMix({ seconds: 8, bpm: 150, seed: 14, gain: 0.4 })).samples, 2],
    ];
    for (const [samples, channels] of signals) {
      const values = analyseWithFacts(samples, channels);
      const reference = referenceTempo(envelope(), highEnvelope());
      expect(Math.abs(values[TEMPO]! - reference.bpm)).toBeLessThan(1e-3);
      expect(Math.abs(values[SLOT_TEMPO_CONFIDENCE]! - reference.confidence)).toBeLessThan(1e-3);
      expect(Math.abs(values[SLOT_TEMPO_ALTERNATE_BPM]! - reference.alternateBpm)).toBeLessThan(1e-3);
    }
  });

  it('a click train is a clear pulse: confidence ≥ 0.8, alternate at half the rate', () => {
    const values = analyseWithFacts(clickTrain(120, 20).samples, 1);
    expect(values[SLOT_TEMPO_CONFIDENCE]!).toBeGreaterThanOrEqual(0.8);
    expect(Math.abs(values[SLOT_TEMPO_ALTERNATE_BPM]! - 60)).toBeLessThanOrEqual(1);
  });

  it('silence, a steady tone and 2 s of clicks give tempo 0, confidence 0, alternate 0', () => {
    for (const samples of [silence(10).samples, sine(440, 10, { amplitude: 0.5 }).samples, clickTrain(120, 2).samples]) {
      const values = analyseWithFacts(samples, 1);
      expect([values[TEMPO], values[SLOT_TEMPO_CONFIDENCE], values[SLOT_TEMPO_ALTERNATE_BPM]]).toEqual([0, 0, 0]);
    }
  });
});
