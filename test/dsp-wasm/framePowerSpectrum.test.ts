import { describe, expect, it } from 'vitest';
import { directDft, FramePowerSpectrum, hannWindow } from '../../fixtures/framePowerSpectrum.ts';
import { seededRandom } from '../../fixtures/random.ts';

/** |X[k]|² of the direct DFT (O(n²), no FFT). */
function directPower(x: Float64Array): Float64Array {
  const { re, im } = directDft(x);
  return re.map((r, k) => r * r + im[k]! * im[k]!);
}

describe('fixtures/framePowerSpectrum.ts (the references\' STFT) against a direct DFT', () => {
  it('windowed random frames of 8…2048 samples match |X[k]|² of the direct DFT to 1e-9 of the peak', () => {
    const random = seededRandom(7);
    for (const n of [8, 64, 512, 2048]) {
      const signal = Float64Array.from({ length: n + 37 }, () => 2 * random() - 1);
      const window = hannWindow(n);
      const expected = directPower(Float64Array.from({ length: n }, (_, i) => signal[37 + i]! * window[i]!));
      const actual = new FramePowerSpectrum(window).power(signal, 37);
      expect(actual.length).toBe(n / 2 + 1);
      const peak = Math.max(...expected);
      for (let k = 0; k <= n / 2; k++) expect(Math.abs(actual[k]! - expected[k]!)).toBeLessThan(1e-9 * peak);
    }
  });

  it('a rectangular-window cosine on bin 5 of 64 puts (n/2)² in bin 5 and nothing elsewhere', () => {
    const n = 64;
    const cosine = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 5 * t) / n));
    const power = new FramePowerSpectrum(new Float64Array(n).fill(1)).power(cosine, 0);
    expect(power[5]).toBeCloseTo((n / 2) ** 2, 9);
    for (let k = 0; k <= n / 2; k++) if (k !== 5) expect(power[k]).toBeLessThan(1e-20);
  });

  it('rejects a window that is not a power of two and a frame outside the signal', () => {
    expect(() => new FramePowerSpectrum(hannWindow(100))).toThrow(/power-of-two length ≥ 2, received 100/);
    expect(() => new FramePowerSpectrum(hannWindow(8)).power(new Float64Array(10), 3)).toThrow(/inside a signal of 10 samples, received start 3/);
  });
});
