/**
 * Key and mode facts of fingerprint v2 (dsp-wasm/harmonic/keyChroma.ts, keyEstimate.ts) through the
 * real compiled WASM: generated I–IV–V–I / i–iv–V–i progressions in all 24 keys, single tones, the
 * plain-TypeScript reference of the key chroma and the Temperley correlation, and degenerate input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { musicalKey } from '../../server/fingerprint/key.ts';
import { CADENCE, keyProgression, type KeyMode, PITCH_CLASS_NAMES } from '../../fixtures/chordProgression.ts';
import { interleave, scale, silence, sine, whiteNoise } from '../../fixtures/pcm.ts';
import { clickTrain, mix } from '../../fixtures/rhythm.ts';
import { referenceKey, referenceKeyChroma } from './harmonicReference.ts';

/** Fact slots (dsp-wasm/slots.ts): after the 25 dimensions. */
const SLOT_KEY_PITCH_CLASS = 28;
const SLOT_KEY_MODE = 29;
const SLOT_KEY_CONFIDENCE = 30;
const SLOT_TOTAL = 31;

interface KeyExports {
  readonly memory: WebAssembly.Memory;
  finish(): number;
  keyChromaPointer(): number;
  keyScoresPointer(): number;
}

interface KeyFacts {
  readonly pitchClass: number;
  readonly mode: number;
  readonly confidence: number;
}

let dsp: Dsp;
beforeAll(async () => {
  dsp = await createDsp();
});

/** Analyses `pcm` and reads the three key facts from the result array (the loader returns the 25 only). */
function analyseKey(pcm: Float32Array, channels = 1, chunkFrames = dsp.capacityFrames, target = dsp): KeyFacts {
  const e = target.rawExports as unknown as KeyExports;
  target.begin(channels);
  const frames = pcm.length / channels;
  for (let start = 0; start < frames; start += chunkFrames) {
    const count = Math.min(chunkFrames, frames - start);
    target.input().set(pcm.subarray(start * channels, (start + count) * channels), 0);
    target.push(count);
  }
  const values = new Float64Array(e.memory.buffer, e.finish(), SLOT_TOTAL);
  return { pitchClass: values[SLOT_KEY_PITCH_CLASS]!, mode: values[SLOT_KEY_MODE]!, confidence: values[SLOT_KEY_CONFIDENCE]! };
}

function keyChroma(): Float64Array {
  const e = dsp.rawExports as unknown as KeyExports;
  return new Float64Array(e.memory.buffer, e.keyChromaPointer(), 12).slice();
}

function keyScores(): Float64Array {
  const e = dsp.rawExports as unknown as KeyExports;
  return new Float64Array(e.memory.buffer, e.keyScoresPointer(), 24).slice();
}

describe('key on generated chord progressions', () => {
  it('names the key of I–IV–V–I and i–iv–V–i in all 24 keys, with confidence > 0.6', () => {
    const wrong: string[] = [];
    for (const mode of ['major', 'minor'] as const satisfies readonly KeyMode[]) {
      for (let tonic = 0; tonic < 12; tonic++) {
        const facts = analyseKey(keyProgression(tonic, mode).samples);
        const expected = musicalKey(tonic, mode).name;
        const received = musicalKey(facts.pitchClass, facts.mode).name;
        if (received !== expected) wrong.push(`${expected} read as ${received}`);
        expect(facts.confidence).toBeGreaterThan(0.6);
        expect(facts.confidence).toBeLessThanOrEqual(1);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a minor cadence beats its parallel major by a margin (the leading tone counts)', () => {
    for (let tonic = 0; tonic < 12; tonic++) {
      analyseKey(keyProgression(tonic, 'minor', { progression: CADENCE.minor }).samples);
      const scores = keyScores();
      expect(scores[12 + tonic]! - scores[tonic]!, PITCH_CLASS_NAMES[tonic]).toBeGreaterThan(0.05);
    }
  });

  it('keeps the key under drums and at −30 dB', () => {
    const progression = keyProgression(7, 'major', { repeats: 3 });
    const drums = clickTrain(120, 12, { amplitude: 0.5 });
    expect(analyseKey(mix(progression, drums).samples)).toMatchObject({ pitchClass: 7, mode: 1 });
    expect(analyseKey(scale(progression, 10 ** (-30 / 20)).samples)).toMatchObject({ pitchClass: 7, mode: 1 });
  });
});

describe('key chroma', () => {
  it('a held A (220 Hz sine) puts ≥ 95 % of the chroma on A and reads A major with r of a single class', () => {
    const facts = analyseKey(sine(220, 5, { amplitude: 0.5 }).samples);
    const chroma = keyChroma();
    expect(chroma[9]!).toBeGreaterThanOrEqual(0.95);
    // one class: r = (p_tonic − mean p) / ‖p − mean p‖ · √(12/11); the tonic weighs 5 in both profiles, so
    // A major and A minor tie and the order rule takes the major
    const profile = [5, 2, 3.5, 2, 4.5, 4, 2, 4.5, 2, 3.5, 1.5, 4];
    const mean = profile.reduce((a, b) => a + b, 0) / 12;
    const norm = Math.sqrt(profile.reduce((a, b) => a + (b - mean) ** 2, 0));
    const analytic = ((5 - mean) / norm) * Math.sqrt(12 / 11);
    expect(facts).toMatchObject({ pitchClass: 9, mode: 1 });
    expect(Math.abs(facts.confidence - analytic)).toBeLessThan(0.02);
  });

  it('a quarter-tone (A + 50 cents) splits evenly between A and A♯ (cos² weighting)', () => {
    analyseKey(sine(440 * 2 ** (0.5 / 12), 5, { amplitude: 0.5 }).samples);
    const chroma = keyChroma();
    expect(Math.abs(chroma[9]! - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(chroma[10]! - 0.5)).toBeLessThan(0.05);
  });

  it('matches the plain-TypeScript reference (chroma within 1e-5, the 24 correlations within 1e-5, the same key)', () => {
    for (const pcm of [
      keyProgression(3, 'minor', { repeats: 1 }),
      mix(keyProgression(10, 'major', { repeats: 1, chordSeconds: 0.7 }), whiteNoise(2.8, { amplitude: 0.05, seed: 3 })),
    ]) {
      const facts = analyseKey(pcm.samples);
      const chroma = keyChroma();
      const scores = keyScores();
      const reference = referenceKeyChroma(pcm.samples);
      const key = referenceKey(reference);
      for (let c = 0; c < 12; c++) expect(Math.abs(chroma[c]! - reference[c]!)).toBeLessThan(1e-5);
      for (let i = 0; i < 24; i++) expect(Math.abs(scores[i]! - key.scores[i]!)).toBeLessThan(1e-5);
      expect(facts.pitchClass).toBe(key.pitchClass);
      expect(facts.mode).toBe(key.mode);
      expect(Math.abs(facts.confidence - key.confidence)).toBeLessThan(1e-5);
    }
  });
});

describe('key: degenerate input', () => {
  it('digital silence and L = −R give C major with confidence 0 ("no key")', () => {
    expect(analyseKey(silence(3).samples)).toEqual({ pitchClass: 0, mode: 1, confidence: 0 });
    const left = keyProgression(2, 'major', { repeats: 1 });
    expect(analyseKey(interleave(left, scale(left, -1)).samples, 2)).toEqual({ pitchClass: 0, mode: 1, confidence: 0 });
  });

  it('white noise has a weak key (confidence < 0.5)', () => {
    expect(analyseKey(whiteNoise(10, { amplitude: 0.5, seed: 5 }).samples).confidence).toBeLessThan(0.5);
  });

  it('a 0.6 s chord gives finite facts (debug build, assertions on)', async () => {
    const debug = await createDsp({ debug: true });
    const facts = analyseKey(keyProgression(0, 'major', { chordSeconds: 0.15, repeats: 1 }).samples, 1, debug.capacityFrames, debug);
    expect(Number.isInteger(facts.pitchClass)).toBe(true);
    expect(facts.confidence).toBeGreaterThan(0);
  });

  it('mono, dual-mono and chunked input agree within 1e-9', () => {
    const pcm = keyProgression(5, 'minor', { repeats: 1 });
    const mono = analyseKey(pcm.samples);
    const dual = analyseKey(interleave(pcm, pcm).samples, 2);
    const chunked = analyseKey(pcm.samples, 1, 777);
    for (const other of [dual, chunked]) {
      expect(other.pitchClass).toBe(mono.pitchClass);
      expect(other.mode).toBe(mono.mode);
      expect(Math.abs(other.confidence - mono.confidence)).toBeLessThanOrEqual(1e-9);
    }
  });
});
