import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encode, FIXTURE_CACHE_DIR } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { interleave, sine, whiteNoise } from '../../fixtures/pcm.ts';
import { decodeToFloat32 } from '../../server/audio/decodeToFloat32.ts';
import { analyseFile, analysePcm, type FileAnalysis, MINIMUM_DURATION_SECONDS } from '../../server/fingerprint/analyse.ts';
import { DIMENSION_KEYS, FINGERPRINT_VERSION } from '../../server/fingerprint/dimensions.ts';
import { createDsp } from '../../server/fingerprint/wasm.ts';
import { expectClose, expectCompleteAndInRange } from './catalogueExpectations.ts';

const relative = (reference: number) => 1e-9 * Math.max(1, Math.abs(reference));

describe('analyseFile', () => {
  it('returns the catalogue-keyed values, the version and the source facts', async () => {
    const file = await encode(musicMix({ seconds: 30, seed: 4 }), { format: 'mp3', sampleRate: 48_000, name: 'mix-30s-48k' });
    const analysis = await analyseFile(file);
    expect(Object.keys(analysis.values)).toEqual(DIMENSION_KEYS.filter((k) => !analysis.missing.includes(k)));
    expect(analysis.missing).toEqual([]);
    expectCompleteAndInRange(analysis.values);
    expect(analysis).toMatchObject({ version: FINGERPRINT_VERSION, codec: 'mp3', container: 'mp3', channels: 2, sampleRate: 48_000 });
    expect(Math.abs(analysis.durationSeconds - 30)).toBeLessThan(0.03);
  });

  it('streams to the same values as analysing the fully decoded PCM in memory', async () => {
    // The socket delivers reads of any size (some ending mid-sample); the DSP must see exactly the same frames.
    const file = await encode(musicMix({ seconds: 20, seed: 5 }), { format: 'opus', name: 'mix-20s' });
    const streamed = await analyseFile(file);
    const decoded = await decodeToFloat32(file);
    const inMemory = await analysePcm(decoded.samples, decoded.format.channels, { chunkFrames: 1000 });
    expect(streamed.durationSeconds).toBe(inMemory.durationSeconds);
    expectClose(streamed.values, inMemory.values, (key) => relative(inMemory.values[key]!));
  });

  it(`rejects less than ${MINIMUM_DURATION_SECONDS} s of audio as TOO_SHORT, and accepts just over`, async () => {
    const short = await encode(sine(440, 0.4, { amplitude: 0.5 }), { format: 'wav16', name: 'sine-0.4s' });
    await expect(analyseFile(short)).rejects.toMatchObject({
      code: 'TOO_SHORT',
      message: `\`${short}\`: expected at least 0.5 s of audio, received 0.400 s`,
    });
    const enough = await encode(sine(440, 0.51, { amplitude: 0.5 }), { format: 'wav16', name: 'sine-0.51s' });
    expect((await analyseFile(enough)).durationSeconds).toBeCloseTo(0.51, 4);
  });

  it('names every kind of bad file', async () => {
    const folder = path.join(FIXTURE_CACHE_DIR, 'bad files for analyseFile');
    mkdirSync(folder, { recursive: true });
    const empty = path.join(folder, 'empty.flac');
    writeFileSync(empty, '');
    const text = path.join(folder, 'readme.mp3');
    writeFileSync(text, 'not audio at all\n'.repeat(50));
    const truncated = path.join(folder, 'truncated.mp3');
    const mp3 = await readFile(await encode(whiteNoise(3, { amplitude: 0.2 }), { format: 'mp3' }));
    writeFileSync(truncated, mp3.subarray(0, 500));
    const cases: [string, string][] = [
      [empty, 'UNREADABLE_FILE'],
      [text, 'UNREADABLE_FILE'],
      [truncated, 'UNREADABLE_FILE'],
      [path.join(folder, 'missing.ogg'), 'FILE_NOT_FOUND'],
      [folder, 'NOT_A_FILE'],
    ];
    for (const [file, code] of cases) {
      await expect(analyseFile(file), file).rejects.toMatchObject({ code, message: expect.stringContaining(`\`${file}\``) });
    }
  });

  it('runs concurrent analyses in one thread on separate DSP instances, each as if alone', async () => {
    const files = await Promise.all(
      [11, 12, 13].map((seed) => encode(musicMix({ seconds: 12, seed }), { format: 'flac', name: `mix-12s-${seed}` })),
    );
    const alone: FileAnalysis[] = [];
    for (const file of files) alone.push(await analyseFile(file));
    const together = await Promise.all(files.map((file) => analyseFile(file)));
    together.forEach((analysis, i) =>
      expectClose(analysis.values, alone[i]!.values, (key) => relative(alone[i]!.values[key]!), undefined, files[i]),
    );
    // The three mixes differ (different seeds), so equal results cannot come from one shared state.
    expect(alone[0]!.values.crestDb).not.toBeCloseTo(alone[1]!.values.crestDb!, 6);
  });

  it('aborts with ABORTED, and the same DSP instance then analyses the next file correctly', async () => {
    const dsp = await createDsp();
    const long = await encode(musicMix({ seconds: 60 }), { format: 'flac', name: 'mix-60s' });
    const small = await encode(interleave(sine(440, 3, { amplitude: 0.4 }), whiteNoise(3, { amplitude: 0.1 })), { format: 'wav16' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(analyseFile(long, { dsp, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    const afterAbort = await analyseFile(small, { dsp });
    const fresh = await analyseFile(small, { dsp: await createDsp() });
    expectClose(afterAbort.values, fresh.values, (key) => relative(fresh.values[key]!));
  });
});

describe('analysePcm', () => {
  it('checks its input before it reaches WASM', async () => {
    await expect(analysePcm(new Float32Array(44_100 * 3), 3)).rejects.toMatchObject({ code: 'INVALID_PCM' });
    await expect(analysePcm(new Float32Array(44_100 * 2 + 1), 2)).rejects.toMatchObject({ code: 'INVALID_PCM' });
    await expect(analysePcm(new Float32Array(1000), 1)).rejects.toMatchObject({ code: 'TOO_SHORT' });
    await expect(analysePcm([0.1, 0.2] as unknown as Float32Array, 1)).rejects.toMatchObject({ code: 'INVALID_PCM' });
  });
});
