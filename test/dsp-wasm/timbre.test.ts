import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { concat, gaussian, mix, mono, sine, stereo, whiteNoise } from './signals.ts';
import { timbreReference } from './timbreReference.ts';

/** 32 in dsp-wasm/featureToggles.ts. */
const FEATURE_TIMBRE = 32;

/** The timbre values of a signal through the real core (debug build: assertions on). */
function timbreOf(dsp: Dsp, pcm: Float32Array, channels = 1): Float64Array {
  dsp.analyse(pcm, channels);
  return dsp.lastTimbre()!;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('timbre group: MFCC c1…c13 means and standard deviations beside the 25', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });

  it('silence gives 26 zeros (no non-silent frame); a signal below −70 dBFS too', () => {
    expect([...timbreOf(dsp, new Float32Array(44_100))]).toStrictEqual(new Array(26).fill(0));
    expect([...timbreOf(dsp, sine(1000, -80, 1))]).toStrictEqual(new Array(26).fill(0));
  });

  it('a NaN sample and a single loud frame stay finite; a track shorter than one frame gives zeros', () => {
    const broken = sine(440, -10, 1);
    broken[1000] = Number.NaN;
    expect(timbreOf(dsp, broken).every(Number.isFinite)).toBe(true);
    expect([...timbreOf(dsp, sine(440, -10, 0.01))]).toStrictEqual(new Array(26).fill(0));
  });

  it('one frame of white noise matches the plain-TypeScript MFCC of the same power spectrum to 1e-3', () => {
    // The core's first frame of a 2048-sample signal; the reference computes its power spectrum itself.
    const noise = whiteNoise(-12, 2048 / 44_100, 5);
    const values = timbreOf(dsp, noise);
    const reference = timbreReference(noise, 1);
    expect(maxAbsDifference(values, reference)).toBeLessThan(1e-3);
    expect(maxAbsDifference(values.subarray(13), new Array(13).fill(0))).toBeLessThan(1e-6);
  });

  it('matches the reference on a mix of tones, noise bursts and silence, stereo, to 2e-3', () => {
    const normal = gaussian(3);
    const left = concat(
      mix(sine(220, -12, 1.5), sine(1760, -24, 1.5)),
      new Float32Array(22_050),
      mono(1, (i) => 0.05 * normal() * Math.exp(-i / 8000)),
      sine(5000, -18, 1),
    );
    const right = concat(sine(330, -15, 1.5), new Float32Array(22_050), mono(1, () => 0.02 * normal()), sine(90, -6, 1));
    const pcm = stereo(left, right);
    const values = timbreOf(dsp, pcm, 2);
    const reference = timbreReference(pcm, 2);
    expect(maxAbsDifference(values, reference)).toBeLessThan(2e-3);
    // Not a vacuous match: the means span several units and the spread is real.
    expect(Math.max(...reference.slice(0, 13).map(Math.abs))).toBeGreaterThan(1);
    expect(Math.max(...reference.slice(13))).toBeGreaterThan(0.5);
  });

  it('is gain-invariant (c0 is left out): the same noise at −6 and −36 dBFS gives the same 26 values to 1e-3', () => {
    const loud = whiteNoise(-6, 2, 11);
    const quiet = Float32Array.from(loud, (v) => v * 10 ** (-30 / 20));
    expect(maxAbsDifference(timbreOf(dsp, loud), timbreOf(dsp, quiet))).toBeLessThan(1e-3);
  });

  it('a tone whose period divides the hop (every frame identical) has standard deviations ≈ 0; white noise spreads every coefficient', () => {
    // 10 cycles per 512-sample hop: 861.33 Hz.
    const steady = timbreOf(dsp, sine((10 * 44_100) / 512, -10, 2));
    expect(Math.max(...steady.subarray(13))).toBeLessThan(1e-3);
    // White noise: every frame's spectrum fluctuates (χ² per bin), so every coefficient spreads.
    const noise = timbreOf(dsp, whiteNoise(-10, 4, 7));
    expect(Math.min(...noise.subarray(13))).toBeGreaterThan(0.05);
  });

  it('the bench toggle FEATURE_TIMBRE leaves the 26 values NaN and the 25 unchanged', () => {
    const pcm = mix(sine(440, -12, 2), whiteNoise(-30, 2, 1));
    const on = dsp.analyse(pcm, 1);
    dsp.setDisabledFeatures(FEATURE_TIMBRE);
    try {
      const off = dsp.analyse(pcm, 1);
      expect(dsp.lastTimbre()!.every(Number.isNaN)).toBe(true);
      expect(maxAbsDifference(on, off)).toBe(0);
    } finally {
      dsp.setDisabledFeatures(0);
    }
  });
});
