/**
 * ReplayGain 2.0 and true peak through real files, against ffmpeg's ebur128 (peak=true for the true peak,
 * the integrated loudness of the concatenated album for album gain), plus the histogram arithmetic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { concat, dbfs, type Pcm, scale, sine } from '../../fixtures/pcm.ts';
import { renderAll } from '../../fixtures/pcmSource.ts';
import {
  albumReplayGain,
  HISTOGRAM_BINS,
  integratedLoudnessFromHistogram,
  InvalidLoudnessHistogramError,
  mergeHistograms,
  trackReplayGain,
} from '../../server/fingerprint/replayGain.ts';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { analyseFileWithFacts, type LevelsResult, SLOT_TRUE_PEAK_DBTP } from '../dsp-wasm/levelsFacts.ts';
import { ffmpegIntegratedLoudness, ffmpegTruePeakDbtp } from './ffmpegLoudness.ts';

const LUFS_SLOT = 7;

/**
 * 100 ms linear fades in and out (in place). An abrupt start or end rings above the sine's crest by an
 * amount that depends on the interpolation filter (ffmpeg's differs from ours by 0.5 dB there); a faded
 * sine has one true peak, its amplitude.
 */
function faded(pcm: Pcm): Pcm {
  const frames = pcm.samples.length / pcm.channels;
  const fade = pcm.sampleRate / 10;
  for (let i = 0; i < frames; i++) {
    const gain = Math.min(1, i / fade, (frames - 1 - i) / fade);
    for (let c = 0; c < pcm.channels; c++) pcm.samples[i * pcm.channels + c]! *= gain;
  }
  return pcm;
}

describe('true peak agrees with ffmpeg ebur128=peak=true within 0.1 dB', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp();
  });

  it.each([
    ['music-like mix, WAV 16-bit', () => renderAll(musicMix({ seconds: 30 })), 'wav16'],
    ['music-like mix, MP3 192k', () => renderAll(musicMix({ seconds: 30 })), 'mp3'],
    ['music-like mix driven to a 1.05 peak, 32-bit float WAV', () => renderAll(musicMix({ seconds: 30, gain: 0.42 })), 'wav32f'],
    ['a 15 kHz sine at −3 dBFS, FLAC', () => faded(sine(15_000, 5, { amplitude: dbfs(-3), channels: 2 })), 'flac'],
    ['a 19 kHz sine at −3 dBFS, 32-bit float WAV', () => faded(sine(19_000, 5, { amplitude: dbfs(-3), channels: 2 })), 'wav32f'],
  ] as const)('%s', async (_label, pcm, format) => {
    const file = await encode(pcm(), { format, name: 'true-peak' });
    const [ours, reference] = await Promise.all([analyseFileWithFacts(dsp, file), ffmpegTruePeakDbtp(file)]);
    expect(Math.abs(ours.slots[SLOT_TRUE_PEAK_DBTP]! - reference)).toBeLessThanOrEqual(0.1);
  });
});

describe('the loudness histogram', () => {
  let dsp: Dsp;
  let track: LevelsResult;
  beforeAll(async () => {
    dsp = await createDsp();
    track = await analyseFileWithFacts(dsp, await encode(musicMix({ seconds: 60 }), { format: 'flac', name: 'histogram' }));
  });

  it('recomputes the track’s own integrated loudness within 0.05 LU', () => {
    expect(track.histogram.length).toBe(HISTOGRAM_BINS);
    expect(Math.abs(integratedLoudnessFromHistogram(track.histogram) - track.slots[LUFS_SLOT]!)).toBeLessThanOrEqual(0.05);
  });

  it('counts every 400 ms gating block above −70 LUFS (75 % overlap: 10 per second, minus 3)', () => {
    const blocks = track.histogram.reduce((a, b) => a + b, 0);
    expect(blocks).toBe(60 * 10 - 3);
  });

  it('a 1 kHz −23 dBFS stereo sine fills one bin, the one holding −23 LUFS', async () => {
    const result = await analyseFileWithFacts(dsp, await encode(sine(1000, 5, { amplitude: dbfs(-23), channels: 2 }), { format: 'wav24', name: 'hist-sine' }));
    const filled = [...result.histogram.entries()].filter(([, count]) => count > 0);
    expect(filled).toHaveLength(1);
    expect(filled[0]![0]).toBe(Math.floor((-23 + 70) / 0.1 + 1e-6) - (result.slots[LUFS_SLOT]! < -23 ? 1 : 0));
  });

  it('silence gives an empty histogram and −70 LUFS', () => {
    expect(integratedLoudnessFromHistogram(new Array(HISTOGRAM_BINS).fill(0))).toBe(-70);
  });

  it('refuses a histogram of the wrong shape with a named error', () => {
    expect(() => integratedLoudnessFromHistogram([1, 2, 3])).toThrow(InvalidLoudnessHistogramError);
    expect(() => mergeHistograms([new Array(HISTOGRAM_BINS).fill(0.5)])).toThrow(/non-negative integer/);
    expect(() => albumReplayGain([])).toThrow(InvalidLoudnessHistogramError);
  });
});

describe('ReplayGain 2.0', () => {
  it('track gain is −18 − lufs and the peak is the linear true peak', () => {
    const gain = trackReplayGain(-9.5, -0.3);
    expect(gain.gainDb).toBeCloseTo(-8.5, 12);
    expect(gain.peak).toBeCloseTo(10 ** (-0.3 / 20), 12);
  });

  it('album gain from the tracks’ merged histograms matches ffmpeg on the concatenated album within 0.1 dB, peak too', async () => {
    const dsp = await createDsp();
    // A loud track, a quiet one (its blocks fall partly under the album's relative gate) and a quiet tone.
    const tracks = [
      renderAll(musicMix({ seconds: 20, seed: 1 })),
      scale(renderAll(musicMix({ seconds: 15, seed: 3, bpm: 100 })), 0.25),
      sine(440, 8, { amplitude: dbfs(-30), channels: 2 }),
    ];
    const analysed = [];
    for (const [index, pcm] of tracks.entries()) {
      const result = await analyseFileWithFacts(dsp, await encode(pcm, { format: 'wav24', name: `album-track-${index}` }));
      analysed.push({ histogram: result.histogram, truePeakDbtp: result.slots[SLOT_TRUE_PEAK_DBTP]! });
    }
    const albumFile = await encode(concat(...tracks), { format: 'wav24', name: 'album-concatenated' });
    const [albumLoudness, albumTruePeak] = await Promise.all([ffmpegIntegratedLoudness(albumFile), ffmpegTruePeakDbtp(albumFile)]);
    const album = albumReplayGain(analysed);
    expect(Math.abs(album.gainDb - (-18 - albumLoudness))).toBeLessThanOrEqual(0.1);
    expect(Math.abs(20 * Math.log10(album.peak) - albumTruePeak)).toBeLessThanOrEqual(0.1);
    // The album is not the mean of its tracks: the relative gate applies to the whole album.
    const trackLoudness = analysed.map((track) => integratedLoudnessFromHistogram(track.histogram));
    expect(Math.max(...trackLoudness) - Math.min(...trackLoudness)).toBeGreaterThan(5);
  });
});
