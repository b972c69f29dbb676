/**
 * Degenerate inputs through real files (SPEC: "Digital silence, a 0.6 s clip, a mono file, a 6-channel file
 * and a 96 kHz file all give finite values that follow the table above"), plus 8-bit, clipped and L = −R.
 * Written over the catalogue, so every dimension it lists is covered.
 */
import { describe, expect, it } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { clip, dbfs, interleave, type Pcm, scale, silence, sine, whiteNoise } from '../../fixtures/pcm.ts';
import { renderAll } from '../../fixtures/pcmSource.ts';
import { checkValues } from '../../server/db/fingerprintInput.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { monoMix } from '../dsp-wasm/reference.ts';
import { expectClose, expectCompleteAndInRange } from './catalogueExpectations.ts';

/**
 * Dimensions computed from the mono mix m = (L+R)/2 (SPEC: analysis conventions: everything except the
 * stereo group, lufs and crest_db). loudness_variation_std (22) is the momentary loudness of lufs, so it
 * stays on the channels; dynamic_range_variation (21) and peak_consistency (23) are mono-based. This
 * matches the DSP core's own tests (test/dsp-wasm/degenerate.test.ts).
 */
const CHANNEL_BASED_KEYS: readonly string[] = ['lufs', 'crestDb', 'loudnessVariationStd'];
const MONO_BASED = DIMENSIONS.filter((d) => d.group !== 'stereo' && !CHANNEL_BASED_KEYS.includes(d.key)).map((d) => d.key);

/** Mono samples of a stereo Pcm: (L + R) / 2. */
function monoOf(pcm: Pcm): Pcm {
  return { samples: monoMix(pcm.samples, pcm.channels), channels: 1, sampleRate: pcm.sampleRate };
}

describe('degenerate files give finite values that follow the spec', () => {
  it('digital silence gives every dimension its silence value', async () => {
    const analysis = await analyseFile(await encode(silence(5, { channels: 2 }), { format: 'wav16', name: 'silence' }));
    expect(analysis.missing).toEqual([]);
    for (const d of DIMENSIONS) {
      expect(Math.abs(analysis.values[d.key]! - d.silenceValue), `${d.key} = ${analysis.values[d.key]}`).toBeLessThanOrEqual(1e-9);
    }
    expect(() => checkValues(analysis.values, { partial: false })).not.toThrow();
  });

  it('a 0.6 s clip is analysed: complete, in range, no tempo (< 3 s) and its real duration', async () => {
    const clipPcm = interleave(sine(440, 0.6, { amplitude: 0.3 }), whiteNoise(0.6, { amplitude: 0.1, seed: 6 }));
    const analysis = await analyseFile(await encode(clipPcm, { format: 'wav16', name: 'clip-0.6s' }));
    expectCompleteAndInRange(analysis.values, '0.6 s');
    expect(analysis.durationSeconds).toBeCloseTo(0.6, 3);
    expect(analysis.values.tempoBpm).toBe(0);
    expect(analysis.values.rhythmStability).toBe(0);
  });

  it('a mono file reads like the same audio as dual-mono stereo, with width 0 and phase 1', async () => {
    const mono = monoOf(renderAll(musicMix({ seconds: 20, seed: 3 })));
    const dualMono = interleave(mono, mono);
    const fromMono = await analyseFile(await encode(mono, { format: 'wav32f', name: 'mix-mono' }));
    const fromStereo = await analyseFile(await encode(dualMono, { format: 'wav32f', name: 'mix-dual-mono' }));
    expect(fromMono.channels).toBe(1);
    expectCompleteAndInRange(fromMono.values, 'mono');
    expect(fromMono.values.stereoWidth).toBe(0);
    expect(fromMono.values.phaseCorrelation).toBe(1);
    // Same samples on both paths: only float rounding of (L+R)/2 and channel sums may differ.
    expectClose(fromMono.values, fromStereo.values, (key) => 1e-6 * Math.max(1, Math.abs(fromStereo.values[key]!)));
  });

  it("a 6-channel file reads like ffmpeg's stereo down-mix of it", async () => {
    const seconds = 8;
    const six = interleave(
      sine(440, seconds, { amplitude: 0.3 }), // FL
      sine(660, seconds, { amplitude: 0.3 }), // FR
      whiteNoise(seconds, { amplitude: 0.05, seed: 61 }), // FC
      sine(50, seconds, { amplitude: 0.3 }), // LFE (ffmpeg's matrix leaves it out)
      whiteNoise(seconds, { amplitude: 0.05, seed: 62 }), // BL
      whiteNoise(seconds, { amplitude: 0.05, seed: 63 }), // BR
    );
    const surround = await analyseFile(await encode(six, { format: 'wav32f', name: 'six-channels' }));
    const downMixed = await analyseFile(await encode(six, { format: 'wav32f', channels: 2, name: 'six-to-stereo' }));
    expect(surround.channels).toBe(6);
    expectCompleteAndInRange(surround.values, '6 ch');
    expectClose(surround.values, downMixed.values, (key) => 1e-6 * Math.max(1, Math.abs(downMixed.values[key]!)));
    expect(surround.values.stereoWidth).toBeGreaterThan(0.3); // two different tones left and right
  });

  it('a 96 kHz file is resampled: 1 kHz −23 dBFS sine keeps lufs, crest and centroid', async () => {
    const file = await encode(sine(1000, 10, { amplitude: dbfs(-23), channels: 2, sampleRate: 96_000 }), {
      format: 'wav24',
      name: 'sine-96k',
    });
    const analysis = await analyseFile(file);
    expect(analysis.sampleRate).toBe(96_000);
    expectCompleteAndInRange(analysis.values, '96 kHz');
    expect(Math.abs(analysis.values.lufs! + 23)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(analysis.values.crestDb! - 3.01)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(analysis.values.spectralCentroid! - 1000)).toBeLessThanOrEqual(25);
  });

  it('an 8-bit file: a half-scale 1 kHz sine keeps its level, crest and centroid', async () => {
    const analysis = await analyseFile(await encode(sine(1000, 10, { amplitude: 0.5 }), { format: 'wav8' }));
    expect(analysis.codec).toBe('pcm_u8');
    expectCompleteAndInRange(analysis.values, '8-bit');
    // Peak 0.5 → −6.02 dBFS; a 1 kHz sine reads its peak level in LUFS (Tech 3341), dual-mono.
    expect(Math.abs(analysis.values.lufs! - 20 * Math.log10(0.5))).toBeLessThanOrEqual(0.1);
    // 8-bit rounding moves the peak by ≤ 1/256 (0.07 dB) and adds noise ≈ 44 dB down: ±0.1 dB.
    expect(Math.abs(analysis.values.crestDb! - 3.01)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(analysis.values.spectralCentroid! - 1000)).toBeLessThanOrEqual(25);
  });

  it('a hard-clipped sine: crest_db matches a plain-TypeScript reference over the same samples', async () => {
    const clipped = clip(sine(1000, 5, { amplitude: 3, channels: 2 }), 0.9);
    const analysis = await analyseFile(await encode(clipped, { format: 'wav32f', name: 'clipped' }));
    expectCompleteAndInRange(analysis.values, 'clipped');
    let peak = 0;
    let sumSquares = 0;
    for (const s of clipped.samples) {
      peak = Math.max(peak, Math.abs(s));
      sumSquares += s * s;
    }
    const referenceCrest = 20 * Math.log10(peak / Math.sqrt(sumSquares / clipped.samples.length));
    expect(referenceCrest).toBeLessThan(1.5); // near-square: well below a sine's 3.01 dB
    expect(Math.abs(analysis.values.crestDb! - referenceCrest)).toBeLessThanOrEqual(0.01);
  });

  it('a broken float file (noise at 1e30, clamped to ±1e6 by the core) is within every valid range', async () => {
    const huge = scale(interleave(whiteNoise(4, { seed: 71 }), whiteNoise(4, { seed: 72 })), 1e30);
    const analysis = await analyseFile(await encode(huge, { format: 'wav32f', name: 'broken-float' }));
    expectCompleteAndInRange(analysis.values, 'broken float');
    expect(analysis.values.lufs).toBeGreaterThan(100); // +120 dBFS noise: far above 0 LUFS, still valid
  });

  it('the loudest possible input (±1e6 alternating every sample, the K-weighting at its maximum gain) stays below the lufs bound', async () => {
    const seconds = 3;
    const samples = Float32Array.from({ length: 44_100 * seconds * 2 }, (_, i) => ((i >> 1) % 2 === 0 ? 1e6 : -1e6));
    const analysis = await analyseFile(await encode({ samples, channels: 2, sampleRate: 44_100 }, { format: 'wav32f', name: 'loudest' }));
    expectCompleteAndInRange(analysis.values, 'loudest');
    expect(analysis.values.lufs).toBeGreaterThan(120);
    expect(analysis.values.lufs).toBeLessThan(DIMENSIONS.find((d) => d.key === 'lufs')!.range.max);
  });

  it('L = −R: mono-based dimensions take their silence values; lufs and the stereo pair describe it', async () => {
    const tone = sine(1000, 10, { amplitude: dbfs(-23) });
    const inverted = { ...tone, samples: tone.samples.map((s) => -s) };
    const analysis = await analyseFile(await encode(interleave(tone, inverted), { format: 'wav32f', name: 'l-minus-r' }));
    expectCompleteAndInRange(analysis.values, 'L=−R');
    for (const key of MONO_BASED) {
      const expected = DIMENSIONS.find((d) => d.key === key)!.silenceValue;
      expect(Math.abs(analysis.values[key]! - expected), `${key} = ${analysis.values[key]}`).toBeLessThanOrEqual(1e-9);
    }
    expect(MONO_BASED).toEqual(expect.arrayContaining(['dynamicRangeVariation', 'peakConsistency']));
    expect(Math.abs(analysis.values.lufs! + 23)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(analysis.values.crestDb! - 3.01)).toBeLessThanOrEqual(0.05);
    expect(analysis.values.stereoWidth).toBeCloseTo(1, 6);
    expect(analysis.values.phaseCorrelation).toBeCloseTo(-1, 6);
  });
});
