/**
 * The same recording as WAV, FLAC, MP3 192k and Opus 128k gives the same fingerprint within per-dimension
 * tolerances, and (SPEC: Checks) vectors whose normalised distance is ≤ 0.25 × the distance to another track.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encode, type EncodeFormat } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { type DimensionKey, type FingerprintValues, dimension, toVector } from '../../server/fingerprint/dimensions.ts';
import { FALLBACK_RANGES } from '../../server/similarity/normalise.ts';
import { explainDistance } from '../../server/similarity/similarityService.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../../server/similarity/weights.ts';
import { expectClose, expectCompleteAndInRange } from './catalogueExpectations.ts';

/**
 * How far a lossy codec may move each dimension. The distance layer compares dimensions through their
 * normalisation span (the catalogue's fallback range until a library has statistics), so the default is
 * 2.5 % of that span: a codec then moves no dimension's normalised coordinate by more than 0.025, far
 * below what separates two tracks. Measured on this mix, the worst are below 1 %: lufs (MP3 192k reads
 * 0.24 LU quieter than the WAV, and ffmpeg's own ebur128 says the same), crest_db (lossy coding changes
 * sample peaks) and the air band (codec low-pass ≈ 19–20 kHz).
 * Tighter where a codec has no business moving the value: the pulse and onsets are untouched by
 * perceptual coding at these rates, so tempo within 0.5 BPM (half the spec's ±1 BPM) and onsets
 * within 0.05 per second (≈ 4 onsets over 90 s).
 */
const TIGHTER: Partial<Record<DimensionKey, number>> = {
  tempoBpm: 0.5,
  transientDensity: 0.05,
};

function lossyTolerance(key: DimensionKey): number {
  const { lo, hi } = dimension(key).fallbackRange;
  return TIGHTER[key] ?? 0.025 * (hi - lo);
}

/**
 * SPEC "Weights for the default distance", computed by the similarity layer itself (explainDistance, the
 * exact f64 distance the service reports) with the fallback ranges of a library under 10 fingerprints.
 * test/similarity/crossFormat.test.ts runs the same check through the stored library and the WASM scan.
 */
function normalisedDistance(a: Partial<FingerprintValues>, b: Partial<FingerprintValues>): number {
  return explainDistance(toVector(a as FingerprintValues), toVector(b as FingerprintValues), FALLBACK_RANGES, DEFAULT_WEIGHT_VECTOR).distance;
}

describe('one recording in four formats', () => {
  const formats: readonly EncodeFormat[] = ['wav16', 'flac', 'mp3', 'opus'];
  const values = new Map<string, Partial<FingerprintValues>>();

  beforeAll(async () => {
    const recording = musicMix({ seconds: 90 });
    const other = musicMix({ seconds: 90, seed: 2, bpm: 100 });
    for (const format of [...formats, 'wav24'] as const) {
      values.set(format, (await analyseFile(await encode(recording, { format, name: 'mix-90s-a' }))).values);
    }
    values.set('other', (await analyseFile(await encode(other, { format: 'wav16', name: 'mix-90s-b' }))).values);
  });

  it('gives complete, in-range fingerprints in every format', () => {
    for (const [label, v] of values) expectCompleteAndInRange(v, label);
  });

  it('gives identical values for the two lossless 24-bit files (WAV and FLAC hold the same samples)', () => {
    expectClose(values.get('flac')!, values.get('wav24')!, (key) => 1e-9 * Math.max(1, Math.abs(values.get('wav24')![key]!)));
  });

  it.each(['flac', 'mp3', 'opus'])('%s stays within the per-dimension tolerances of the 16-bit WAV', (format) => {
    expectClose(values.get(format)!, values.get('wav16')!, lossyTolerance, undefined, format);
  });

  it.each(['flac', 'mp3', 'opus'])(
    '%s is ≤ 0.25 × the distance to another track away from the WAV (normalised default distance)',
    (format) => {
      const toOther = normalisedDistance(values.get('wav16')!, values.get('other')!);
      expect(toOther).toBeGreaterThan(0.05); // the other track is genuinely different
      expect(normalisedDistance(values.get('wav16')!, values.get(format)!)).toBeLessThanOrEqual(0.25 * toOther);
    },
  );
});
