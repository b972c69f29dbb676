/**
 * True peak (fact SLOT_TRUE_PEAK_DBTP, BS.1770-4 Annex 2, 4× oversampling) on analytic signals, and the
 * block skipping checked against a plain-TypeScript reference that interpolates every sample.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { analyseWithFacts, SLOT_TRUE_PEAK_DBTP } from './levelsFacts.ts';
import { concat, gaussian, mono, sine, stereo } from './signals.ts';

function besselI0(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 40; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/**
 * The documented kernel (dsp-wasm/levels/truePeak.ts): Kaiser (β = 8) windowed sinc, half-width 16, 32 taps
 * per phase, unit DC gain, every output computed (no skipping), in f64.
 */
function referenceTruePeakDbtp(pcm: Float32Array, channels: number): number {
  const kernel = (d: number) => {
    const window = besselI0(8 * Math.sqrt(Math.max(0, 1 - (d / 16) ** 2))) / besselI0(8);
    return d === 0 ? 1 : (Math.sin(Math.PI * d) / (Math.PI * d)) * window;
  };
  const phases = [0.25, 0.5, 0.75].map((fraction) => {
    const taps = Array.from({ length: 32 }, (_, j) => kernel(j - 15 - fraction));
    const sum = taps.reduce((a, b) => a + b, 0);
    return taps.map((t) => t / sum);
  });
  const frames = pcm.length / channels;
  let peak = 0;
  for (let c = 0; c < channels; c++) {
    const x = (i: number) => (i >= 0 && i < frames ? pcm[i * channels + c]! : 0);
    for (let n = -1; n < frames; n++) {
      peak = Math.max(peak, Math.abs(x(n)));
      // between x[n] and x[n + 1]: taps on x[n − 15 .. n + 16]
      for (const taps of phases) {
        let y = 0;
        for (let j = 0; j < 32; j++) y += taps[j]! * x(n - 15 + j);
        peak = Math.max(peak, Math.abs(y));
      }
    }
  }
  return peak > 0 ? Math.max(-120, 20 * Math.log10(peak)) : -120;
}

describe('true peak (dBTP, 4× oversampling)', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });
  const truePeak = (pcm: Float32Array, channels: number, chunk?: number) =>
    analyseWithFacts(dsp, pcm, channels, chunk).slots[SLOT_TRUE_PEAK_DBTP]!;

  it('digital silence reads the −120 dBTP floor (finite)', () => {
    expect(truePeak(new Float32Array(2 * 44100), 2)).toBe(-120);
  });

  it('a 997 Hz sine at −6 dBFS reads −6.00 ± 0.02 dBTP', () => {
    const s = sine(997, -6, 3);
    expect(Math.abs(truePeak(stereo(s, s), 2) + 6)).toBeLessThanOrEqual(0.02);
  });

  it('a quarter-rate sine at 45° phase (samples 3.01 dB below its crest) reads its crest: −6.02 ± 0.05 dBTP', () => {
    // 0.2 s raised-cosine fades: an abrupt start or end would ring above the crest (a real inter-sample overshoot).
    const fade = (i: number) => Math.min(1, i / 8820, (132300 - 1 - i) / 8820);
    const envelope = (i: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, fade(i)));
    const s = mono(3, (i) => envelope(i) * 0.5 * Math.sin((Math.PI / 2) * i + Math.PI / 4));
    let samplePeak = 0;
    for (const v of s) samplePeak = Math.max(samplePeak, Math.abs(v));
    expect(20 * Math.log10(samplePeak)).toBeCloseTo(-9.03, 1); // the sample peak misses the crest
    expect(Math.abs(truePeak(s, 1) - 20 * Math.log10(0.5))).toBeLessThanOrEqual(0.05);
  });

  it('a single sample of 0.9 in silence reads 20·log10(0.9) (the sample itself is the peak)', () => {
    const s = new Float32Array(44100);
    s[20000] = 0.9;
    expect(truePeak(s, 1)).toBeCloseTo(20 * Math.log10(0.9), 4);
  });

  it('takes the largest channel: −20 dBFS on L and −8 dBFS on R read −8 dBTP', () => {
    expect(Math.abs(truePeak(stereo(sine(1000, -20, 2), sine(700, -8, 2)), 2) + 8)).toBeLessThanOrEqual(0.02);
  });

  it('skipping blocks that cannot raise the maximum gives the value of interpolating everything, at any chunking', () => {
    const normal = gaussian(7);
    const left = concat(mono(1, () => 0.05 * normal()), sine(15000, -3, 0.5), mono(1, () => 0.2 * normal()));
    const right = concat(sine(9000, -10, 1), mono(1.5, () => 0.1 * normal()));
    const pcm = stereo(left, right);
    const expected = referenceTruePeakDbtp(pcm, 2);
    for (const chunk of [undefined, 1000, 37]) {
      expect(Math.abs(truePeak(pcm, 2, chunk) - expected), `chunk ${chunk}`).toBeLessThan(1e-4);
    }
  });

  it('keeps the far taps in the second-stage bound: a worst-case pattern after a louder sine reads the reference', () => {
    // 32 samples of ±0.4 with the signs of the half-sample phase's taps interpolate to 0.4·Σ|h| there; before them a
    // 1 kHz sine sets the running peak between that and 0.4·Σ|h| over the 8 central taps, so only the far taps
    // (j < 12 or j > 19) carry the pattern above it.
    const rate = 44100;
    const window = (d: number) => besselI0(8 * Math.sqrt(Math.max(0, 1 - (d / 16) ** 2))) / besselI0(8);
    const raw = Array.from({ length: 32 }, (_, j) => {
      const d = j - 15 - 0.5;
      return (Math.sin(Math.PI * d) / (Math.PI * d)) * window(d);
    });
    const dc = raw.reduce((a, b) => a + b, 0);
    const taps = raw.map((t) => t / dc);
    const total = taps.reduce((a, t) => a + Math.abs(t), 0);
    const near = taps.slice(12, 20).reduce((a, t) => a + Math.abs(t), 0);
    const s = new Float32Array(rate);
    const sineAmplitude = (0.4 * (near + total)) / 2;
    for (let i = 0; i < rate / 2; i++) s[i] = sineAmplitude * Math.sin((2 * Math.PI * 1000 * i) / rate);
    const patternStart = Math.round(rate * 0.75);
    taps.forEach((t, j) => (s[patternStart + j] = 0.4 * Math.sign(t)));
    const expected = referenceTruePeakDbtp(s, 1);
    expect(expected).toBeGreaterThan(20 * Math.log10(sineAmplitude) + 0.05);
    for (const chunk of [undefined, 1000, 37]) {
      expect(Math.abs(truePeak(s, 1, chunk) - expected), `chunk ${chunk}`).toBeLessThan(1e-4);
    }
  });

  it('matches the reference on the last samples of a track (the zero flush at finish)', () => {
    const s = new Float32Array(44100);
    s[s.length - 1] = -0.7;
    s[s.length - 2] = 0.7;
    expect(Math.abs(truePeak(s, 1) - referenceTruePeakDbtp(s, 1))).toBeLessThan(1e-4);
  });
});
