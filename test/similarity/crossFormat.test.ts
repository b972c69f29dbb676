/**
 * SPEC "Checks", through the real similarity service: the WAV, FLAC, MP3 192k and Opus 128k versions of
 * one generated mix, stored in a library next to other generated mixes, are each other's nearest
 * neighbours, each at a distance ≤ 0.25 × the distance to the nearest other track. Fingerprints come from
 * the real analysis (ffmpeg decode + WASM DSP); the ranking from the stored library and the WASM scan.
 * Two libraries: 8 tracks (the fallback ranges) and 12 tracks (stored p5 / p95 statistics).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { encode, type EncodeFormat } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import type { FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { addTracks, openLibrary } from './helpers.ts';

const FORMATS: readonly EncodeFormat[] = ['wav16', 'flac', 'mp3', 'opus'];
/**
 * Other mixes: (seed, tempo in BPM, gain). The fixture generator's arrangements share their instruments, so
 * two mixes at the same tempo and level are near-twins (≈ 0.01 apart); the others differ in tempo (by
 * ≥ 10 BPM) and in level, as different tracks of a real library do. The first is the crossFormat test's
 * own "other" track.
 */
const OTHERS: readonly (readonly [number, number, number])[] = [
  [2, 100, 0.3],
  [3, 90, 0.15],
  [4, 132, 0.45],
  [5, 140, 0.1],
  [6, 108, 0.2],
  [7, 150, 0.35],
  [8, 85, 0.4],
  [9, 160, 0.12],
];

/**
 * Seeds stored as mono files. The generator's stereo mixes all have about the same image (width ≈ 0.06),
 * so a library of them alone has a p5…p95 stereo spread of a few thousandths, and codec-level width
 * changes (≈ 0.004) would fill it; a library with mono recordings in it spreads like a real one.
 */
const MONO = new Set([3, 6, 9]);

const versions: FingerprintValues[] = [];
const others: FingerprintValues[] = [];

beforeAll(async () => {
  const recording = musicMix({ seconds: 90 });
  for (const format of FORMATS) {
    versions.push((await analyseFile(await encode(recording, { format, name: 'mix-90s-a' }))).values as FingerprintValues);
  }
  for (const [seed, bpm, gain] of OTHERS) {
    const name = seed === 2 ? 'mix-90s-b' : `mix-90s-seed${seed}`;
    const mix = seed === 2 ? musicMix({ seconds: 90, seed, bpm }) : musicMix({ seconds: 90, seed, bpm, gain });
    const channels = MONO.has(seed) ? 1 : undefined;
    others.push((await analyseFile(await encode(mix, { format: 'wav16', name, channels }))).values as FingerprintValues);
  }
}, 120_000);

describe.each([
  { label: '8 tracks, fallback ranges', otherCount: 4, source: 'fallback' },
  { label: '12 tracks, library statistics', otherCount: 8, source: 'library' },
])('one recording in four formats, in a library of $label', ({ otherCount, source }) => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let versionIds: number[];

  beforeAll(async () => {
    ({ orm, close } = await openLibrary());
    versionIds = await addTracks(orm, versions, 'version');
    await addTracks(orm, others.slice(0, otherCount), 'other');
  });
  afterAll(async () => close());

  it(`normalises with the ${source} ranges`, async () => {
    expect((await new SimilarityService(orm.em.fork()).normalisers()).source).toBe(source);
  });

  it.each(FORMATS.map((format, i) => [format, i] as const))(
    '%s: the other three versions are its nearest neighbours, each ≤ 0.25 × the distance to the nearest other track',
    async (_format, i) => {
      const results = await new SimilarityService(orm.em.fork()).similarTracks(versionIds[i]!, { first: 4 });
      const siblings = versionIds.filter((id) => id !== versionIds[i]);
      expect(results.slice(0, 3).map((r) => r.trackId).sort((a, b) => a - b)).toEqual(siblings);
      const nearestOther = results[3]!;
      expect(versionIds).not.toContain(nearestOther.trackId);
      expect(nearestOther.distance).toBeGreaterThan(0.02); // the other tracks are genuinely different
      for (const sibling of results.slice(0, 3)) expect(sibling.distance).toBeLessThanOrEqual(0.25 * nearestOther.distance);
    },
  );
});
