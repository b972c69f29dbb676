import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { concat, gaussian, mix, mono, sine, slot, stereo, whiteNoise } from './signals.ts';
import { spectralReference } from './reference.ts';

const BAND_SLOTS = DIMENSIONS.flatMap((d, i) => (d.group === 'frequency' ? [i] : []));
const BIN_HZ = 44100 / 2048;

describe('frequency bands, bass_mid_ratio, spectral shape and silence_ratio', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });

  it('the catalogue has the seven frequency bands in spec order', () => {
    expect(BAND_SLOTS).toStrictEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  const centres = [34.6, 122, 354, 1000, 2828, 4899, 10954];
  centres.forEach((frequency, band) => {
    it(`a ${frequency} Hz tone (band ${band + 1}'s geometric centre) puts ≥ 95 % in its band; bands sum to 100`, () => {
      const values = dsp.analyse(sine(frequency, -10, 3), 1);
      const shares = BAND_SLOTS.map((s) => values[s]!);
      expect(shares[band]).toBeGreaterThanOrEqual(95);
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(1e-6);
    });
  });

  it('bass_mid_ratio: equal power at 122 Hz and 1 kHz gives ≈ 0 dB; a lone 122 Hz tone is clamped to +60', () => {
    const even = dsp.analyse(mix(sine(122, -12, 3), sine(1000, -12, 3)), 1)[slot('bassMidRatio')]!;
    expect(Math.abs(even)).toBeLessThan(0.3);
    const bassOnly = dsp.analyse(sine(122, -12, 3), 1)[slot('bassMidRatio')]!;
    expect(bassOnly).toBeGreaterThan(30);
    expect(bassOnly).toBeLessThanOrEqual(60);
    const louderBass = dsp.analyse(mix(sine(122, -6, 3), sine(1000, -16, 3)), 1)[slot('bassMidRatio')]!;
    expect(Math.abs(louderBass - 10)).toBeLessThan(0.3);
  });

  it('white noise has spectral_flatness 0.56 ± 0.03 (e^−γ) and spreads evenly over the bands', () => {
    const values = dsp.analyse(whiteNoise(-10, 5, 3), 1);
    expect(Math.abs(values[slot('spectralFlatness')]! - Math.exp(-0.5772156649))).toBeLessThanOrEqual(0.03);
    // Share of a flat spectrum = the band's width / 19 980 Hz.
    expect(values[slot('airPct')]).toBeCloseTo((100 * 14000) / 19980, 0);
    expect(values[slot('midPct')]).toBeCloseTo((100 * 1500) / 19980, 0);
  });

  it('Gaussian white noise also reads 0.56 ± 0.03, at any level (the floor makes it scale-free)', () => {
    const normal = gaussian(9);
    for (const scale of [0.3, 0.001]) {
      const values = dsp.analyse(mono(4, () => scale * normal()), 1);
      expect(Math.abs(values[slot('spectralFlatness')]! - 0.5615)).toBeLessThanOrEqual(0.03);
    }
  });

  it('a sine has spectral_flatness < 0.01', () => {
    expect(dsp.analyse(sine(1000, -6, 3), 1)[slot('spectralFlatness')]).toBeLessThan(0.01);
  });

  it('a 1 kHz sine has spectral_centroid 1000 ± 25 Hz and rolloff within one bin of 1 kHz', () => {
    const values = dsp.analyse(sine(1000, -6, 3), 1);
    expect(Math.abs(values[slot('spectralCentroid')]! - 1000)).toBeLessThanOrEqual(25);
    expect(Math.abs(values[slot('spectralRolloff')]! - 1000)).toBeLessThanOrEqual(BIN_HZ);
  });

  it('two equal tones at 500 Hz and 4 kHz: centroid ≈ 2250 Hz, rolloff ≈ 4 kHz', () => {
    const values = dsp.analyse(mix(sine(500, -12, 3), sine(4000, -12, 3)), 1);
    expect(Math.abs(values[slot('spectralCentroid')]! - 2250)).toBeLessThanOrEqual(25);
    expect(Math.abs(values[slot('spectralRolloff')]! - 4000)).toBeLessThanOrEqual(BIN_HZ);
  });

  it('matches a plain-TypeScript f64 reference (bands, bass_mid_ratio, centroid, rolloff, flatness, silence_ratio)', () => {
    const random = gaussian(17);
    const left = concat(
      mix(sine(55, -12, 1), sine(440, -18, 1), mono(1, () => 0.02 * random())),
      new Float32Array(20000), // silent gap: silent frames are left out, quiet frames counted
      mono(0.3, (i) => 1e-4 * Math.sin(i / 3)), // −80 dBFS: non-silent? no, below −70: silent
      mix(sine(3000, -20, 1.2), sine(7000, -26, 1.2), sine(150, -14, 1.2)),
    );
    const right = Float32Array.from(left, (v, i) => 0.7 * v + 0.2 * (left[i - 3] ?? 0)); // filtered copy, same gaps
    const pcm = stereo(left, right);
    const expected = spectralReference(pcm, 2);
    const values = dsp.analyse(pcm, 2);
    BAND_SLOTS.forEach((s, band) => expect(Math.abs(values[s]! - expected.bandShares[band]!), `band ${band}`).toBeLessThan(1e-3));
    expect(values[slot('bassMidRatio')]).toBeCloseTo(expected.bassMidRatio, 3);
    expect(Math.abs(values[slot('spectralCentroid')]! / expected.centroid - 1)).toBeLessThan(1e-4);
    expect(Math.abs(values[slot('spectralRolloff')]! - expected.rolloff)).toBeLessThanOrEqual(BIN_HZ + 1e-9);
    expect(Math.abs(values[slot('spectralFlatness')]! / expected.flatness - 1)).toBeLessThan(1e-3);
    expect(values[slot('silenceRatio')]).toBeCloseTo(expected.silenceRatio, 9);
    expect(expected.silenceRatio).toBeGreaterThan(0.1);
  });

  it('silence_ratio counts frames below −60 dBFS and frames 50 dB below the loudest', () => {
    // 2 s at −10 dBFS, 2 s at −65 dBFS (55 dB down: quiet by both rules), 2 s at −40 dBFS (30 dB down: loud).
    const s = concat(sine(500, -10, 2), sine(500, -65, 2), sine(500, -40, 2));
    const expected = spectralReference(s, 1).silenceRatio;
    const value = dsp.analyse(s, 1)[slot('silenceRatio')]!;
    expect(value).toBeCloseTo(expected, 9);
    expect(Math.abs(value - 1 / 3)).toBeLessThan(0.02);
    // the relative rule alone: a −55 dBFS passage after a −1 dBFS one (54 dB down) is quiet
    const relative = concat(sine(500, -1, 2), sine(500, -55, 2));
    expect(Math.abs(dsp.analyse(relative, 1)[slot('silenceRatio')]! - 0.5)).toBeLessThan(0.02);
  });
});
