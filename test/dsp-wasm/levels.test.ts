import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { concat, gaussian, mono, sine, slot, stereo, whiteNoise } from './signals.ts';
import { monoMix, variationReference, windowVariation } from './reference.ts';

/**
 * crest_db v2 (plain TypeScript): 20·log10(P95 / RMS); P95 = the 95th percentile (linear interpolation) of
 * the sample peaks of 4410-frame (100 ms) sub-blocks over all channels, the last partial one included;
 * RMS over all samples of all channels.
 */
function crestReference(pcm: Float32Array, channels: number): number {
  const frames = pcm.length / channels;
  const peaks: number[] = [];
  let squares = 0;
  for (let start = 0; start < frames; start += 4410) {
    let peak = 0;
    for (let i = start * channels; i < Math.min(frames, start + 4410) * channels; i++) {
      peak = Math.max(peak, Math.abs(pcm[i]!));
      squares += pcm[i]! * pcm[i]!;
    }
    peaks.push(peak);
  }
  peaks.sort((a, b) => a - b);
  const position = 0.95 * (peaks.length - 1);
  const lower = Math.floor(position);
  const p95 = peaks[lower]! + (position - lower) * ((peaks[lower + 1] ?? peaks[lower]!) - peaks[lower]!);
  return Math.max(0, 20 * Math.log10(p95 / Math.sqrt(squares / pcm.length)));
}

describe('loudness (BS.1770-4), crest, variation and stereo dimensions', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });

  describe('lufs (EBU Tech 3341 cases)', () => {
    it('1 kHz stereo sine at −23 dBFS reads −23.0 ± 0.1 LUFS', () => {
      const s = sine(1000, -23, 20);
      expect(dsp.analyse(stereo(s, s), 2)[slot('lufs')]).toBeCloseTo(-23, 1);
    });

    it('1 kHz stereo sine at −33 dBFS reads −33.0 ± 0.1 LUFS', () => {
      const s = sine(1000, -33, 20);
      expect(Math.abs(dsp.analyse(stereo(s, s), 2)[slot('lufs')]! + 33)).toBeLessThanOrEqual(0.1);
    });

    it('a mono −23 dBFS sine is measured as dual-mono: −23.0 ± 0.1, the same as its stereo copy', () => {
      const s = sine(1000, -23, 20);
      const monoLufs = dsp.analyse(s, 1)[slot('lufs')]!;
      expect(Math.abs(monoLufs + 23)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(monoLufs - dsp.analyse(stereo(s, s), 2)[slot('lufs')]!)).toBeLessThan(1e-9);
    });

    it('one channel alone is 3.01 dB below both channels (channel weights 1.0, summed powers)', () => {
      const s = sine(1000, -23, 10);
      const silent = new Float32Array(s.length);
      const both = dsp.analyse(stereo(s, s), 2)[slot('lufs')]!;
      const leftOnly = dsp.analyse(stereo(s, silent), 2)[slot('lufs')]!;
      expect(both - leftOnly).toBeCloseTo(10 * Math.log10(2), 3);
    });

    it('K-weighting follows BS.1770-4: tone levels relative to 1 kHz match the published 48 kHz filter within 0.1 dB', () => {
      // |H(f)| of the two stages with the coefficients printed in BS.1770-4 (Tables 1 and 2, fs = 48 kHz).
      const gainDb = (f: number): number => {
        const stage = (b: number[], a: number[]): number => {
          const w = (2 * Math.PI * f) / 48000;
          const num = [b[0]! + b[1]! * Math.cos(w) + b[2]! * Math.cos(2 * w), -(b[1]! * Math.sin(w) + b[2]! * Math.sin(2 * w))];
          const den = [1 + a[0]! * Math.cos(w) + a[1]! * Math.cos(2 * w), -(a[0]! * Math.sin(w) + a[1]! * Math.sin(2 * w))];
          return Math.hypot(num[0]!, num[1]!) / Math.hypot(den[0]!, den[1]!);
        };
        const shelf = stage([1.53512485958697, -2.69169618940638, 1.19839281085285], [-1.69065929318241, 0.73248077421585]);
        const highPass = stage([1, -2, 1], [-1.99004745483398, 0.99007225036621]);
        return 20 * Math.log10(shelf * highPass);
      };
      const lufsAt = (f: number) => dsp.analyse(sine(f, -20, 5), 1)[slot('lufs')]!;
      const at1k = lufsAt(1000);
      for (const f of [50, 100, 500, 3000, 10000]) {
        expect(Math.abs(lufsAt(f) - at1k - (gainDb(f) - gainDb(1000))), `${f} Hz`).toBeLessThan(0.1);
      }
    });

    it('the relative gate ignores a quiet passage 20 LU down (only the 3 straddling blocks move it)', () => {
      const loud = sine(1000, -20, 10);
      const quiet = sine(1000, -40, 10);
      const gated = dsp.analyse(concat(loud, quiet), 1)[slot('lufs')]!;
      const loudOnly = dsp.analyse(loud, 1)[slot('lufs')]!;
      // Without the relative gate the mean power would halve (−3 dB); with it, 97 loud blocks plus
      // blocks that are 3/4, 1/2 and 1/4 loud give 10·log10(98.5/100) ≈ −0.066 LU.
      expect(Math.abs(gated - loudOnly - 10 * Math.log10(98.5 / 100))).toBeLessThan(0.01);
    });

    it('10 s at −20 dBFS then 10 s at −30 dBFS: loudness_variation_std 5 ± 0.3 LU', () => {
      const s = concat(sine(1000, -20, 10), sine(1000, -30, 10));
      const values = dsp.analyse(stereo(s, s), 2);
      expect(Math.abs(values[slot('loudnessVariationStd')]! - 5)).toBeLessThanOrEqual(0.3);
    });

    it('a steady tone has loudness_variation_std ≈ 0', () => {
      expect(dsp.analyse(sine(1000, -20, 10), 1)[slot('loudnessVariationStd')]).toBeLessThan(0.01);
    });
  });

  describe('crest_db', () => {
    it('a sine gives 3.01 ± 0.05 dB at any level', () => {
      for (const level of [-1, -20, -50]) {
        expect(Math.abs(dsp.analyse(sine(997, level, 3), 1)[slot('crestDb')]! - 3.0103)).toBeLessThanOrEqual(0.05);
      }
    });

    it('a full-scale square wave gives 0 ± 0.05 dB', () => {
      const square = mono(3, (i) => (Math.floor(i / 50) % 2 === 0 ? 1 : -1));
      expect(Math.abs(dsp.analyse(stereo(square, square), 2)[slot('crestDb')]!)).toBeLessThanOrEqual(0.05);
    });

    it('takes peak and RMS over both channels: full-scale square on L, silence on R gives 10·log10(2) dB', () => {
      const square = mono(3, (i) => (Math.floor(i / 50) % 2 === 0 ? 1 : -1));
      const values = dsp.analyse(stereo(square, new Float32Array(square.length)), 2);
      expect(values[slot('crestDb')]).toBeCloseTo(10 * Math.log10(2), 6);
    });

    it('Gaussian noise gives 20·log10(P95/RMS): P95 = 95th percentile of the 100 ms sub-block peaks (v2)', () => {
      const normal = gaussian(11);
      const noise = mono(5.05, () => 0.1 * normal());
      expect(dsp.analyse(noise, 1)[slot('crestDb')]).toBeCloseTo(crestReference(noise, 1), 6);
      const pcm = stereo(noise, noise.map((v) => -0.5 * v));
      expect(dsp.analyse(pcm, 2, 1000)[slot('crestDb')]).toBeCloseTo(crestReference(pcm, 2), 6);
    });

    it('one sample cannot move it: a full-scale click in −20 dBFS noise changes crest_db by < 0.05 dB (v1: +17 dB)', () => {
      const normal = gaussian(12);
      const noise = mono(10, () => 0.1 * normal());
      const clicked = noise.slice();
      clicked[200_000] = 1;
      const crest = (pcm: Float32Array) => dsp.analyse(pcm, 1)[slot('crestDb')]!;
      expect(Math.abs(crest(clicked) - crest(noise))).toBeLessThan(0.05);
    });
  });

  describe('dynamic_range_variation and peak_consistency (500 ms windows, 250 ms hop, mono mix)', () => {
    it('a constant sine gives variation 0 and consistency 1', () => {
      const values = dsp.analyse(sine(440, -10, 5), 1);
      expect(values[slot('dynamicRangeVariation')]).toBeLessThan(0.01);
      expect(values[slot('peakConsistency')]).toBeGreaterThan(0.999);
    });

    it('match a plain-TypeScript reference on a signal with changing level and crest', () => {
      const random = gaussian(5);
      const parts = [sine(300, -6, 1.3), mono(0.9, () => 0.05 * random()), sine(2000, -30, 0.7), new Float32Array(30000), sine(80, -3, 1.1)];
      const left = concat(...parts);
      const right = concat(...parts.reverse());
      const pcm = stereo(left, right);
      const expected = variationReference(pcm, 2);
      const values = dsp.analyse(pcm, 2);
      expect(expected.crestStd).toBeGreaterThan(1); // the signal does vary
      expect(values[slot('dynamicRangeVariation')]).toBeCloseTo(expected.crestStd, 6);
      expect(values[slot('peakConsistency')]).toBeCloseTo(expected.peakConsistency, 6);
    });

    it('are computed on the mono mix (L+R)/2, not on the channels: channels with different envelopes', () => {
      // L: steady Gaussian noise. R: −L for 2 s (silent mix: those windows are skipped), then −L/2 plus
      // a 200 Hz tone for 2 s (a quieter, more tonal mix), then L for 2 s (the mix is L).
      const normal = gaussian(41);
      const left = mono(6, () => 0.1 * normal());
      const tone = sine(200, -10.5, 2);
      const right = Float32Array.from(left, (l, i) => (i < 88200 ? -l : i < 176400 ? -0.5 * l + tone[i - 88200]! : l));
      const pcm = stereo(left, right);
      const expected = variationReference(pcm, 2);
      const onChannels = windowVariation(pcm, 2);
      // The case separates the two readings: windows, crest spread and peak consistency all differ.
      expect(expected.windows).toBeLessThan(onChannels.windows);
      expect(Math.abs(expected.crestStd - onChannels.crestStd)).toBeGreaterThan(0.5);
      expect(Math.abs(expected.peakConsistency - onChannels.peakConsistency)).toBeGreaterThan(0.05);
      for (const chunk of [undefined, 1000]) {
        const values = dsp.analyse(pcm, 2, chunk);
        expect(values[slot('dynamicRangeVariation')], `chunk ${chunk}`).toBeCloseTo(expected.crestStd, 6);
        expect(values[slot('peakConsistency')], `chunk ${chunk}`).toBeCloseTo(expected.peakConsistency, 6);
      }
    });

    it('a stereo track reads like a mono file of its mono mix', () => {
      const random = gaussian(17);
      const left = concat(sine(440, -6, 1.5), mono(1.5, () => 0.2 * random()), sine(90, -20, 1));
      const right = Float32Array.from(left, (v, i) => -0.3 * v + 0.05 * Math.sin(i * 0.01));
      const pcm = stereo(left, right);
      const fromStereo = dsp.analyse(pcm, 2);
      const fromMix = dsp.analyse(monoMix(pcm, 2), 1);
      for (const key of ['dynamicRangeVariation', 'peakConsistency'] as const) {
        expect(Math.abs(fromStereo[slot(key)]! - fromMix[slot(key)]!), key).toBeLessThanOrEqual(1e-9 * Math.abs(fromMix[slot(key)]!));
      }
      expect(fromStereo[slot('dynamicRangeVariation')]).toBeGreaterThan(0.5); // the mix does vary
    });

    it('a silent mix (L = −R) gives the silence values: variation 0 and consistency 0', () => {
      const s = concat(sine(440, -6, 2), whiteNoise(-20, 2, 4));
      const values = dsp.analyse(stereo(s, Float32Array.from(s, (v) => -v)), 2);
      expect(values[slot('dynamicRangeVariation')]).toBe(0);
      expect(values[slot('peakConsistency')]).toBe(0);
      // On the channels the same windows would vary: a sine, then noise.
      expect(windowVariation(stereo(s, Float32Array.from(s, (v) => -v)), 2).crestStd).toBeGreaterThan(0.5);
    });

    it('fewer than 2 windows: variation 0 and consistency 1 (a 0.6 s clip has one window)', () => {
      const values = dsp.analyse(sine(440, -10, 0.6), 1);
      expect(values[slot('dynamicRangeVariation')]).toBe(0);
      expect(values[slot('peakConsistency')]).toBe(1);
    });
  });

  describe('stereo_width and phase_correlation', () => {
    it('dual-mono gives width 0 and phase 1', () => {
      const s = whiteNoise(-10, 3, 2);
      const values = dsp.analyse(stereo(s, s), 2);
      expect(values[slot('stereoWidth')]).toBeLessThan(1e-12);
      expect(values[slot('phaseCorrelation')]).toBeCloseTo(1, 12);
    });

    it('a mono file gives width 0 and phase 1', () => {
      const values = dsp.analyse(whiteNoise(-10, 3, 2), 1);
      expect(values[slot('stereoWidth')]).toBeLessThan(1e-12);
      expect(values[slot('phaseCorrelation')]).toBeCloseTo(1, 12);
    });

    it('independent noise gives width 0.5 ± 0.02 and phase 0 ± 0.02', () => {
      const values = dsp.analyse(stereo(whiteNoise(-10, 5, 21), whiteNoise(-10, 5, 22)), 2);
      expect(Math.abs(values[slot('stereoWidth')]! - 0.5)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(values[slot('phaseCorrelation')]!)).toBeLessThanOrEqual(0.02);
    });

    it('partially correlated channels: phase = the Pearson r of the samples, width = Σside²/(Σmid²+Σside²)', () => {
      const a = whiteNoise(-10, 3, 31);
      const b = whiteNoise(-10, 3, 32);
      const left = a;
      const right = Float32Array.from(a, (v, i) => 0.6 * v + 0.3 * b[i]! + 0.01);
      let sl = 0, sr = 0, sll = 0, srr = 0, slr = 0, mid = 0, side = 0;
      for (let i = 0; i < left.length; i++) {
        const l = left[i]!, r = right[i]!;
        sl += l; sr += r; sll += l * l; srr += r * r; slr += l * r;
        mid += ((l + r) / 2) ** 2;
        side += ((l - r) / 2) ** 2;
      }
      const n = left.length;
      const r = (slr / n - (sl / n) * (sr / n)) / Math.sqrt((sll / n - (sl / n) ** 2) * (srr / n - (sr / n) ** 2));
      const values = dsp.analyse(stereo(left, right), 2);
      expect(values[slot('phaseCorrelation')]).toBeCloseTo(r, 9);
      expect(values[slot('stereoWidth')]).toBeCloseTo(side / (mid + side), 9);
    });

    it('a channel with zero variance gives phase 1', () => {
      const s = sine(440, -6, 2);
      const values = dsp.analyse(stereo(s, new Float32Array(s.length).fill(0.25)), 2);
      expect(values[slot('phaseCorrelation')]).toBe(1);
    });
  });
});
