/**
 * End to end through the real ffmpeg and the analyseFile facade: the temporal and harmonic
 * dimensions survive encoding (FLAC, MP3 192k, Opus 128k at 48 kHz, a 96 kHz WAV) and every one of
 * the 25 dimensions is present.
 */
import { describe, expect, it } from 'vitest';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { encode, type EncodeFormat } from '../../fixtures/encode.ts';
import { interleave, sine } from '../../fixtures/pcm.ts';
import { chord, clickTimes, clickTrain, drumLoop } from '../../fixtures/rhythm.ts';

describe('temporal and harmonic dimensions from encoded files', () => {
  const formats: { format: EncodeFormat; sampleRate?: number }[] = [
    { format: 'flac' },
    { format: 'mp3' },
    { format: 'opus' },
    { format: 'wav24', sampleRate: 96_000 },
  ];
  for (const { format, sampleRate } of formats) {
    it(`128 BPM click train as ${format}${sampleRate ? ` at ${sampleRate} Hz` : ''}: tempo ±1, stability ≥ 0.95, density ±5 %, all 25 present`, async () => {
      const seconds = 20;
      const pcm = clickTrain(128, seconds);
      const file = await encode(interleave(pcm, pcm), { format, sampleRate, name: 'h2-clicks128' });
      const analysis = await analyseFile(file);
      expect(analysis.missing).toEqual([]);
      expect(Object.keys(analysis.values).length).toBe(DIMENSIONS.length);
      expect(Math.abs(analysis.values.tempoBpm! - 128)).toBeLessThanOrEqual(1);
      expect(analysis.values.rhythmStability!).toBeGreaterThanOrEqual(0.95);
      const truth = clickTimes(128, seconds).length / seconds;
      expect(Math.abs(analysis.values.transientDensity! - truth) / truth).toBeLessThanOrEqual(0.05);
      expect(analysis.values.harmonicRatio!).toBeLessThan(0.2);
    });
  }

  it('a 150 BPM drum loop as MP3 reads 150 ± 1 BPM', async () => {
    const file = await encode(drumLoop(150, 20), { format: 'mp3', name: 'h2-drums150' });
    const analysis = await analyseFile(file);
    expect(Math.abs(analysis.values.tempoBpm! - 150)).toBeLessThanOrEqual(1);
  });

  it('a full-scale sustained chord through Opus and MP3 has no onsets (codec noise is not a pulse)', async () => {
    for (const format of ['opus', 'mp3'] as const) {
      const pcm = chord([130.8, 164.8, 196, 261.6, 329.6], 8, 0.9);
      const { values } = await analyseFile(await encode(pcm, { format, name: 'h2-chord' }));
      expect(values.tempoBpm).toBe(0);
      expect(values.rhythmStability).toBe(0);
      expect(values.transientDensity).toBe(0);
    }
  });

  it('a sustained 880 Hz tone as Opus: harmonic, stable pitch, one pitch class; no tempo', async () => {
    const file = await encode(sine(880, 8, { amplitude: 0.4 }), { format: 'opus', name: 'h2-tone880' });
    const { values } = await analyseFile(file);
    expect(values.harmonicRatio!).toBeGreaterThan(0.9);
    expect(values.pitchStability!).toBeGreaterThan(0.9);
    expect(values.chromaEnergy!).toBeGreaterThan(0.9);
    expect(values.tempoBpm).toBe(0);
    expect(values.transientDensity!).toBeLessThan(0.5);
  });
});
