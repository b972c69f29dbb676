import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, DspArgumentError, missingSlots, type Dsp } from '../../server/fingerprint/wasm.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { sine, slot, stereo, whiteNoise } from './signals.ts';

describe('server/fingerprint/wasm.ts loader', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });

  it('exposes one result slot per catalogued dimension and an input buffer of capacityFrames × 2 floats', () => {
    expect(dsp.rawExports.resultCount()).toBe(DIMENSIONS.length);
    expect(dsp.capacityFrames).toBeGreaterThanOrEqual(4096);
    expect(dsp.input().length).toBe(dsp.capacityFrames * 2);
    expect(dsp.inputBytes().byteLength).toBe(dsp.capacityFrames * 8);
  });

  it('rejects bad arguments in TypeScript with DSP_INVALID_ARGUMENT and a message naming what was expected', () => {
    expect(() => dsp.begin(3)).toThrowError(/channels: expected 1 or 2, received 3/);
    expect(() => dsp.begin(0)).toThrowError(DspArgumentError);
    dsp.begin(2);
    expect(() => dsp.push(dsp.capacityFrames + 1)).toThrowError(
      new RegExp(`frames: expected an integer in 0\\.\\.${dsp.capacityFrames}, received ${dsp.capacityFrames + 1}`),
    );
    expect(() => dsp.push(1.5)).toThrowError(/received 1\.5/);
    expect(() => dsp.push(-1)).toThrowError(/received -1/);
    try {
      dsp.push(Number.NaN);
      expect.unreachable();
    } catch (error) {
      expect((error as DspArgumentError).code).toBe('DSP_INVALID_ARGUMENT');
    }
    dsp.finish();
    expect(() => dsp.push(10)).toThrowError(/expected begin\(channels\) first/);
    expect(() => dsp.finish()).toThrowError(/expected begin\(channels\) first/);
    expect(() => dsp.analyse(new Float32Array(3), 2)).toThrowError(/whole number of 2-channel frames, received 3 samples/);
  });

  it('missingSlots lists exactly the NaN slots', () => {
    const values = new Float64Array(DIMENSIONS.length).fill(1);
    values[3] = Number.NaN;
    values[17] = Number.NaN;
    expect(missingSlots(values)).toStrictEqual([3, 17]);
  });

  it('computes every dimension owned by the core framework (never NaN), and a fresh copy on each finish', () => {
    const pcm = stereo(sine(440, -10, 2), whiteNoise(-20, 2, 1));
    const first = dsp.analyse(pcm, 2);
    const framework = [
      'subBassPct', 'bassPct', 'lowMidPct', 'midPct', 'upperMidPct', 'presencePct', 'airPct', 'lufs', 'crestDb',
      'bassMidRatio', 'silenceRatio', 'spectralCentroid', 'spectralRolloff', 'spectralFlatness',
      'dynamicRangeVariation', 'loudnessVariationStd', 'peakConsistency', 'stereoWidth', 'phaseCorrelation',
    ] as const;
    for (const key of framework) expect(Number.isFinite(first[slot(key)]), key).toBe(true);
    const second = dsp.analyse(pcm, 2);
    expect(second).not.toBe(first);
  });

  it('reuses an instance across tracks: begin resets all state (A, B, A gives A twice)', () => {
    const a = stereo(sine(1000, -12, 3), sine(1000, -12, 3));
    const b = whiteNoise(-6, 4, 7);
    const first = dsp.analyse(a, 2);
    dsp.analyse(b, 1);
    const again = dsp.analyse(a, 2);
    first.forEach((value, i) => {
      if (Number.isNaN(value)) expect(again[i]).toBeNaN();
      else expect(Math.abs(again[i]! - value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
    });
  });

  it('the release build gives the same values as the debug build', async () => {
    const release = await createDsp();
    const pcm = stereo(sine(220, -15, 2.5), whiteNoise(-25, 2.5, 3));
    const fromDebug = dsp.analyse(pcm, 2);
    const fromRelease = release.analyse(pcm, 2);
    fromDebug.forEach((value, i) => {
      if (Number.isNaN(value)) expect(fromRelease[i]).toBeNaN();
      else expect(Math.abs(fromRelease[i]! - value)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
    });
  });

  it('memory stays bounded: 10 minutes streamed in chunks need < 16 MB, and reusing the instance allocates nothing', async () => {
    const release = await createDsp();
    const memoryBytes = () => (release.rawExports.memory as WebAssembly.Memory).buffer.byteLength;
    const streamMinutes = (minutes: number): Float64Array => {
      release.begin(2);
      const total = Math.round(minutes * 60 * 44100);
      for (let start = 0; start < total; start += release.capacityFrames) {
        const frames = Math.min(release.capacityFrames, total - start);
        const input = release.input();
        for (let j = 0; j < frames; j++) {
          const v = 0.3 * Math.sin((start + j) * 0.05) * (1 + 0.5 * Math.sin((start + j) / 44100));
          input[2 * j] = v;
          input[2 * j + 1] = 0.5 * v;
        }
        release.push(frames);
      }
      return release.finish();
    };
    streamMinutes(10);
    const afterFirst = memoryBytes();
    const values = streamMinutes(10);
    expect(memoryBytes()).toBe(afterFirst);
    expect(afterFirst).toBeLessThan(16 * 1024 * 1024);
    expect(values[slot('lufs')]).toBeGreaterThan(-20);
  });
});
