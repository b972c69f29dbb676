/**
 * Harmonic group (SPEC-fingerprint.md dimensions 18–20) through the real compiled WASM: YIN f0 of
 * sines, pitch_stability, harmonic_ratio of chords and clicks, chroma_energy against its analytic
 * values, degenerate input, and a plain-TypeScript YIN (direct difference function) reference.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { interleave, scale, silence, sine, whiteNoise } from '../../fixtures/pcm.ts';
import { chord, clickTrain, heldMelody, mix } from '../../fixtures/rhythm.ts';
import { slot } from './signals.ts';
import { referenceChromaEnergy, referenceDecimate, referenceHarmonicRatio, referenceYinFrame } from './temporalReference.ts';

interface HarmonicExports {
  readonly memory: WebAssembly.Memory;
  pitchTrackPointer(): number;
  pitchTrackLength(): number;
  decimatorTapsPointer(): number;
}

const HARMONIC = slot('harmonicRatio');
const PITCH = slot('pitchStability');
const CHROMA = slot('chromaEnergy');

let dsp: Dsp;
beforeAll(async () => {
  dsp = await createDsp();
});

function pitchTrack(): Float32Array {
  const e = dsp.rawExports as unknown as HarmonicExports;
  return new Float32Array(e.memory.buffer, e.pitchTrackPointer(), e.pitchTrackLength()).slice();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

describe('YIN f0 track', () => {
  for (const frequency of [65.4, 110, 440, 880, 1500]) {
    it(`a ${frequency} Hz sine reads f0 within ±0.5 % in (nearly) every frame`, () => {
      dsp.analyse(sine(frequency, 3, { amplitude: 0.5 }).samples, 1);
      const track = Array.from(pitchTrack());
      // 3 s at 11.025 kHz, 512-sample window, 128-sample step
      expect(track.length).toBeGreaterThan(240);
      const voiced = track.filter((f) => f > 0);
      expect(voiced.length).toBeGreaterThanOrEqual(0.98 * track.length);
      expect(Math.abs(median(voiced) / frequency - 1)).toBeLessThanOrEqual(0.005);
      const within = voiced.filter((f) => Math.abs(f / frequency - 1) <= 0.005).length;
      expect(within).toBeGreaterThanOrEqual(0.95 * voiced.length);
    });
  }

  it('matches a plain-TypeScript YIN (direct difference function) on the same decimated signal', () => {
    // two partials and a glide, so that frames differ
    const rate = 44_100;
    const samples = new Float32Array(rate);
    for (let i = 0; i < samples.length; i++) {
      const t = i / rate;
      const f = 180 + 120 * t;
      samples[i] = 0.4 * Math.sin(2 * Math.PI * (180 * t + 60 * t * t)) + 0.2 * Math.sin(4 * Math.PI * (180 * t + 60 * t * t)) + 0.01 * Math.sin(f);
    }
    dsp.analyse(samples, 1);
    const track = pitchTrack();
    const e = dsp.rawExports as unknown as HarmonicExports;
    const taps = new Float32Array(e.memory.buffer, e.decimatorTapsPointer(), 48).slice();
    const decimated = referenceDecimate(samples, taps);
    let compared = 0;
    for (let frame = 0; frame < track.length; frame++) {
      const reference = referenceYinFrame(decimated, frame * 128, rate / 4);
      if (reference === 0 || track[frame] === 0) {
        expect(track[frame]).toBe(reference);
        continue;
      }
      expect(Math.abs(track[frame]! / reference - 1)).toBeLessThan(1e-4);
      compared++;
    }
    expect(compared).toBeGreaterThan(70);
  });
});

describe('pitch_stability', () => {
  it('a sustained tone > 0.9, white noise < 0.2, a melody of held notes in between', () => {
    const sustained = dsp.analyse(sine(220, 10, { amplitude: 0.5 }).samples, 1)[PITCH]!;
    const noise = dsp.analyse(whiteNoise(10, { amplitude: 0.5 }).samples, 1)[PITCH]!;
    // 40 notes of 0.15 s (≈ 13 YIN frames each): every note change is one unstable pair or more
    const notes = Array.from({ length: 40 }, (_, i) => 220 * 2 ** (((i * 5) % 12) / 12));
    const melody = dsp.analyse(heldMelody(notes, 0.15).samples, 1)[PITCH]!;
    expect(sustained).toBeGreaterThan(0.9);
    expect(noise).toBeLessThan(0.2);
    expect(melody).toBeGreaterThan(0.6);
    expect(melody).toBeLessThan(0.97);
    expect(melody).toBeLessThan(sustained);
  });
});

describe('pitch_stability v2: stable voiced pairs over non-silent pairs', () => {
  it('a tone for half the time and noise for the other half reads ≈ 0.5 (v1 read ≈ 1: it counted voiced pairs only)', () => {
    const tone = sine(220, 5, { amplitude: 0.3 });
    const noise = whiteNoise(5, { amplitude: 0.3, seed: 21 });
    const value = dsp.analyse(new Float32Array([...tone.samples, ...noise.samples]), 1)[PITCH]!;
    expect(Math.abs(value - 0.5)).toBeLessThan(0.05);
  });

  it('silence is left out: a tone with silent gaps still reads > 0.95', () => {
    const tone = sine(330, 2, { amplitude: 0.3 });
    const gap = silence(2);
    const value = dsp.analyse(new Float32Array([...tone.samples, ...gap.samples, ...tone.samples, ...gap.samples]), 1)[PITCH]!;
    expect(value).toBeGreaterThan(0.95);
  });

  it('is continuous in the voiced share: 0.2 s or 0.1 s of tone in 9.8 s of noise read ≈ 0.02 and ≈ 0.01, not 0 or 1', () => {
    const noise = whiteNoise(9.8, { amplitude: 0.3, seed: 22 });
    const read = (seconds: number): number =>
      dsp.analyse(new Float32Array([...sine(440, seconds, { amplitude: 0.3 }).samples, ...noise.samples]), 1)[PITCH]!;
    const [longer, shorter] = [read(0.2), read(0.1)];
    expect(Math.abs(longer - 0.2 / 10)).toBeLessThan(0.01);
    expect(Math.abs(shorter - 0.1 / 9.9)).toBeLessThan(0.01);
  });
});

describe('harmonic_ratio', () => {
  it('a sustained chord > 0.9, a click train < 0.2, their mix in between', () => {
    const sustained = chord([261.6, 329.6, 392.0], 10);
    const clicks = clickTrain(120, 10, { amplitude: 0.9 });
    const harmonic = dsp.analyse(sustained.samples, 1)[HARMONIC]!;
    const percussive = dsp.analyse(clicks.samples, 1)[HARMONIC]!;
    const both = dsp.analyse(mix(scale(sustained, 0.5), clicks).samples, 1)[HARMONIC]!;
    expect(harmonic).toBeGreaterThan(0.9);
    expect(percussive).toBeLessThan(0.2);
    expect(both).toBeGreaterThan(percussive + 0.1);
    expect(both).toBeLessThan(harmonic - 0.1);
  });

  it('matches a plain-TypeScript median-filter HPSS (f64, sorted medians) within 1e-4', () => {
    // hop 512 × 4 (HPSS_DECIMATION in dsp-wasm/harmonic/hpss.ts), time kernel 5, frequency kernel 17
    for (const pcm of [mix(chord([261.6, 329.6, 392], 2, 0.3), clickTrain(150, 2)), whiteNoise(1, { amplitude: 0.3, seed: 4 })]) {
      const wasm = dsp.analyse(pcm.samples, 1)[HARMONIC]!;
      const reference = referenceHarmonicRatio(pcm.samples, 4);
      expect(reference).toBeGreaterThan(0.05);
      expect(Math.abs(wasm - reference)).toBeLessThan(1e-4);
    }
  });

  it('the mask exponent is the written one: p = 2 on the power spectrogram, not p = 2 on magnitudes (fingerprint v2)', () => {
    // v1 left p open; on this mix the two readings differ by far more than the tolerance, so the test tells them apart
    const pcm = mix(chord([261.6, 329.6, 392], 3, 0.3), clickTrain(150, 3));
    const wasm = dsp.analyse(pcm.samples, 1)[HARMONIC]!;
    const written = referenceHarmonicRatio(pcm.samples, 4, 2);
    const magnitudeWiener = referenceHarmonicRatio(pcm.samples, 4, 1);
    expect(Math.abs(written - magnitudeWiener)).toBeGreaterThan(0.02);
    expect(Math.abs(wasm - written)).toBeLessThan(1e-4);
  });

  it('white noise sits near the middle (neither kernel wins)', () => {
    const value = dsp.analyse(whiteNoise(10, { amplitude: 0.5 }).samples, 1)[HARMONIC]!;
    expect(value).toBeGreaterThan(0.3);
    expect(value).toBeLessThan(0.7);
  });
});

describe('chroma_energy', () => {
  it('a pure tone above 500 Hz ≈ 1', () => {
    for (const frequency of [1000, 1760]) {
      expect(dsp.analyse(sine(frequency, 5, { amplitude: 0.5 }).samples, 1)[CHROMA]!).toBeGreaterThan(0.95);
    }
  });

  it('matches a plain-TypeScript chroma reference within 1e-5 (melody with harmonics, noise, silence gaps)', () => {
    const melody = heldMelody([196, 247, 294, 370, 440, 523], 0.4, 0.4);
    const gap = silence(0.3);
    const noise = whiteNoise(0.5, { amplitude: 0.1, seed: 9 });
    const pcm = new Float32Array([...melody.samples, ...gap.samples, ...noise.samples]);
    const wasm = dsp.analyse(pcm, 1)[CHROMA]!;
    const reference = referenceChromaEnergy(pcm);
    expect(reference).toBeGreaterThan(0.2);
    expect(Math.abs(wasm - reference)).toBeLessThan(1e-5);
  });

  it('white noise < 0.1', () => {
    expect(dsp.analyse(whiteNoise(10, { amplitude: 0.5 }).samples, 1)[CHROMA]!).toBeLessThan(0.1);
  });

  it('n equal pitch classes give 1 − ln n / ln 12: the C6–E6–G6 triad (n = 3) and a C6–G6 fifth (n = 2)', () => {
    const triad = dsp.analyse(chord([1047, 1319, 1568], 5).samples, 1)[CHROMA]!;
    expect(Math.abs(triad - (1 - Math.log(3) / Math.log(12)))).toBeLessThanOrEqual(0.05);
    const fifth = dsp.analyse(chord([1047, 1568], 5).samples, 1)[CHROMA]!;
    expect(Math.abs(fifth - (1 - Math.log(2) / Math.log(12)))).toBeLessThanOrEqual(0.05);
  });
});

describe('degenerate input', () => {
  it('digital silence gives 0, 0, 0', () => {
    const values = dsp.analyse(silence(5).samples, 1);
    expect(values[HARMONIC]).toBe(0);
    expect(values[PITCH]).toBe(0);
    expect(values[CHROMA]).toBe(0);
  });

  it('stereo L = −R has a silent mono mix: 0, 0, 0', () => {
    const left = chord([440, 554, 659], 5);
    const values = dsp.analyse(interleave(left, scale(left, -1)).samples, 2);
    expect(values[HARMONIC]).toBe(0);
    expect(values[PITCH]).toBe(0);
    expect(values[CHROMA]).toBe(0);
  });

  it('a 0.6 s tone gives finite values that still describe it (debug build, assertions on)', async () => {
    const debug = await createDsp({ debug: true });
    const values = debug.analyse(sine(1000, 0.6, { amplitude: 0.5 }).samples, 1);
    expect(values[HARMONIC]!).toBeGreaterThan(0.9);
    expect(values[PITCH]!).toBeGreaterThan(0.9);
    expect(values[CHROMA]!).toBeGreaterThan(0.9);
  });

  it('mono, dual-mono and chunked input agree within 1e-9', () => {
    const pcm = mix(chord([261.6, 329.6], 6), clickTrain(100, 6));
    const mono = dsp.analyse(pcm.samples, 1);
    const dual = dsp.analyse(interleave(pcm, pcm).samples, 2);
    const chunked = dsp.analyse(pcm.samples, 1, 777);
    for (const s of [HARMONIC, PITCH, CHROMA]) {
      expect(Math.abs(dual[s]! - mono[s]!)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(chunked[s]! - mono[s]!)).toBeLessThanOrEqual(1e-9);
    }
  });
});
