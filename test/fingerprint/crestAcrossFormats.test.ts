/**
 * crest_db v2 (SPEC v2, deliverable 3): the same recording in WAV, FLAC, MP3, Opus and AAC stays within
 * 0.5 dB, and so does a mix whose decoded peaks reach 1.05 when integer PCM clips them to 1.0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encode, type EncodeFormat } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';

describe('crest_db across encodings of one recording', () => {
  const crest = new Map<string, number>();
  beforeAll(async () => {
    const recording = musicMix({ seconds: 90 });
    for (const format of ['wav16', 'flac', 'mp3', 'opus', 'aac'] as const satisfies readonly EncodeFormat[]) {
      crest.set(format, (await analyseFile(await encode(recording, { format, name: 'mix-90s-a' }))).values.crestDb!);
    }
    // gain 0.42: the float mix peaks at ≈ 1.05 (true peak ≈ +0.4 dBTP); 16-bit PCM clips those samples.
    const hot = musicMix({ seconds: 90, gain: 0.42 });
    for (const format of ['wav32f', 'wav16'] as const) {
      crest.set(`hot-${format}`, (await analyseFile(await encode(hot, { format, name: 'mix-90s-hot' }))).values.crestDb!);
    }
  }, 120_000);

  it.each(['flac', 'mp3', 'opus', 'aac'])('%s is within 0.5 dB of the 16-bit WAV', (format) => {
    expect(crest.get('wav16')).toBeGreaterThan(3); // a mix, not a sine
    expect(Math.abs(crest.get(format)! - crest.get('wav16')!)).toBeLessThanOrEqual(0.5);
  });

  it('clipping the decoded peaks of 1.05 to 1.0 (16-bit PCM of a hot float mix) moves it by ≤ 0.5 dB', () => {
    expect(Math.abs(crest.get('hot-wav16')! - crest.get('hot-wav32f')!)).toBeLessThanOrEqual(0.5);
  });
});
