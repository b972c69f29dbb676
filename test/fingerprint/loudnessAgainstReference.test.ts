/**
 * lufs through real files: EBU Tech 3341 cases (analytic answers) and agreement with ffmpeg's ebur128
 * filter on a music-like mix (SPEC: Checks).
 */
import { describe, expect, it } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { dbfs, sine } from '../../fixtures/pcm.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { ffmpegIntegratedLoudness } from './ffmpegLoudness.ts';

describe('lufs: EBU Tech 3341 through files', () => {
  it.each([
    ['flac', 2, -23],
    ['wav16', 2, -23],
    ['wav24', 2, -33],
    ['flac', 1, -23],
  ] as const)('a 1 kHz %s sine, %i channel(s), at %i dBFS reads that many LUFS ± 0.1', async (format, channels, level) => {
    const file = await encode(sine(1000, 20, { amplitude: dbfs(level), channels }), { format, name: `tech3341-${level}` });
    const { values } = await analyseFile(file);
    expect(Math.abs(values.lufs! - level)).toBeLessThanOrEqual(0.1);
  });
});

describe('lufs agrees with ffmpeg ebur128=dualmono=true within ±0.2 LU', () => {
  const mix = musicMix({ seconds: 90 });

  it.each([
    ['stereo WAV', { format: 'wav16' }],
    ['stereo MP3 192k', { format: 'mp3' }],
    ['mono FLAC (dual-mono)', { format: 'flac', channels: 1 }],
    ['22.05 kHz FLAC (ffmpeg resampled to 44.1 kHz first)', { format: 'flac', sampleRate: 22_050 }],
  ] as const)('on the music-like mix as %s', async (_label, options) => {
    const file = await encode(mix, { ...options, name: 'mix-90s-a' });
    const [ours, reference] = await Promise.all([analyseFile(file), ffmpegIntegratedLoudness(file)]);
    expect(reference).toBeGreaterThan(-40); // a sanity bound on the reference itself: the mix is not near silence
    expect(Math.abs(ours.values.lufs! - reference)).toBeLessThanOrEqual(0.2);
  });
});
