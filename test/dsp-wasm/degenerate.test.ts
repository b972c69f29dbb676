import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { concat, gaussian, mix, mono, sine, slot, stereo, whiteNoise } from './signals.ts';

/**
 * Dimensions computed from the mono mix m = (L+R)/2 (SPEC-fingerprint.md, "Analysis conventions":
 * everything except the stereo group, lufs and crest_db; loudness_variation_std is lufs' momentary
 * loudness, so it stays on the channels too). Includes dynamic_range_variation and peak_consistency.
 */
const CHANNEL_BASED_KEYS: readonly string[] = ['lufs', 'crestDb', 'loudnessVariationStd'];
const MONO_BASED = DIMENSIONS.flatMap((d, i) => (d.group !== 'stereo' && !CHANNEL_BASED_KEYS.includes(d.key) ? [i] : []));

function expectSilenceValues(values: Float64Array, slots: number[]): void {
  for (const i of slots) {
    if (Number.isNaN(values[i])) continue; // not computed by this build: omitted, never faked
    expect(values[i], DIMENSIONS[i]!.key).toBe(DIMENSIONS[i]!.silenceValue);
  }
}

describe('degenerate input', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });

  it('digital silence gives every silence value of the spec (stereo and mono)', () => {
    const all = DIMENSIONS.map((_, i) => i);
    expectSilenceValues(dsp.analyse(new Float32Array(44100 * 3 * 2), 2), all);
    expectSilenceValues(dsp.analyse(new Float32Array(44100 * 3), 1), all);
  });

  it('no samples at all, and a single sample, give finite values (silence values for no samples)', () => {
    dsp.begin(2);
    const empty = dsp.finish();
    expectSilenceValues(empty, DIMENSIONS.map((_, i) => i));
    const one = dsp.analyse(Float32Array.of(0.5, -0.5), 2);
    one.forEach((v, i) => expect(Number.isNaN(v) || Number.isFinite(v), DIMENSIONS[i]!.key).toBe(true));
    expect(one[slot('crestDb')]).toBeCloseTo(0, 9); // peak = RMS for one sample per channel
    expect(one[slot('stereoWidth')]).toBeCloseTo(1, 9);
  });

  it('L = −R: the mono mix is silent, so mono-based dimensions take silence values; lufs and the stereo pair describe it', () => {
    const s = whiteNoise(-12, 3, 5);
    const values = dsp.analyse(stereo(s, Float32Array.from(s, (v) => -v)), 2);
    expectSilenceValues(values, MONO_BASED);
    expect(MONO_BASED).toContain(slot('dynamicRangeVariation'));
    expect(MONO_BASED).toContain(slot('peakConsistency'));
    expect(values[slot('dynamicRangeVariation')]).toBe(0);
    expect(values[slot('peakConsistency')]).toBe(0);
    expect(values[slot('stereoWidth')]).toBeCloseTo(1, 9);
    expect(values[slot('phaseCorrelation')]).toBeCloseTo(-1, 9);
    expect(values[slot('lufs')]).toBeGreaterThan(-20);
    expect(values[slot('crestDb')]).toBeGreaterThan(3);
  });

  it('NaN and ±Infinity samples are treated as 0', () => {
    const clean = stereo(sine(440, -10, 2), whiteNoise(-20, 2, 8));
    const dirty = clean.slice();
    const zeroed = clean.slice();
    for (const [index, bad] of [[10, Number.NaN], [5001, Infinity], [40000, -Infinity], [88199, Number.NaN]] as const) {
      dirty[index] = bad;
      zeroed[index] = 0;
    }
    const fromDirty = dsp.analyse(dirty, 2);
    const fromZeroed = dsp.analyse(zeroed, 2);
    fromZeroed.forEach((value, i) => {
      if (Number.isNaN(value)) expect(fromDirty[i]).toBeNaN();
      else expect(fromDirty[i], DIMENSIONS[i]!.key).toBeCloseTo(value, 12);
    });
  });

  it('absurdly large finite samples (a broken float file) still give finite values', () => {
    const huge = Float32Array.from(whiteNoise(0, 3, 12), (v) => v * 1e30);
    const values = dsp.analyse(stereo(huge, huge.slice().reverse()), 2);
    values.forEach((v, i) => expect(Number.isNaN(v) || Number.isFinite(v), DIMENSIONS[i]!.key).toBe(true));
    expect(values[slot('lufs')]).toBeGreaterThan(100);
    expect(Math.abs(values[slot('spectralFlatness')]! - 0.5615)).toBeLessThan(0.05); // clamping keeps it noise-like
  });

  it('an all-NaN track is digital silence', () => {
    expectSilenceValues(dsp.analyse(new Float32Array(44100 * 2).fill(Number.NaN), 1), DIMENSIONS.map((_, i) => i));
  });

  it('a 0.6 s clip gives finite values and a DC offset does not break the stereo pair', () => {
    const clip = dsp.analyse(sine(440, -10, 0.6), 1);
    clip.forEach((v) => expect(Number.isNaN(v) || Number.isFinite(v)).toBe(true));
    const dc = dsp.analyse(stereo(new Float32Array(44100).fill(0.5), new Float32Array(44100).fill(0.5)), 2);
    expect(dc[slot('phaseCorrelation')]).toBe(1);
    expect(dc[slot('stereoWidth')]).toBeCloseTo(0, 12);
    expect(dc[slot('crestDb')]).toBeCloseTo(0, 9);
  });

  describe('chunk-boundary invariance', () => {
    const random = gaussian(99);
    const left = concat(
      mix(sine(110, -8, 1.5), mono(1.5, () => 0.05 * random())),
      new Float32Array(7000),
      mix(sine(2500, -20, 1.4), sine(60, -10, 1.4)),
    );
    const right = Float32Array.from(left, (v, i) => 0.5 * v + 0.02 * Math.sin(i * 0.37));

    for (const channels of [2, 1]) {
      it(`${channels === 2 ? 'stereo' : 'mono'}: chunks of 1, 777 and capacity frames give the same values within 1e-9 relative`, () => {
        const pcm = channels === 2 ? stereo(left, right) : left;
        const whole = dsp.analyse(pcm, channels);
        for (const chunk of [1, 777]) {
          const chunked = dsp.analyse(pcm, channels, chunk);
          whole.forEach((value, i) => {
            if (Number.isNaN(value)) expect(chunked[i]).toBeNaN();
            else {
              expect(Math.abs(chunked[i]! - value), `${DIMENSIONS[i]!.key}, chunk ${chunk}`).toBeLessThanOrEqual(
                1e-9 * Math.max(Math.abs(value), 1e-300),
              );
            }
          });
        }
      });
    }
  });
});
