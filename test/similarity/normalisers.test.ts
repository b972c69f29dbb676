import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { DIMENSIONS, FINGERPRINT_VERSION, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { normaliseValue } from '../../server/similarity/normalise.ts';
import { MIN_LIBRARY_FINGERPRINTS, needsRecompute, NormaliserStore } from '../../server/similarity/normalisers.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';

/** Eleven tempos; with n = 11, p5 sits at rank 0.5 and p95 at rank 9.5 (linear interpolation). */
const TEMPOS = [62, 60, 70, 80, 90, 100, 110, 120, 130, 180, 140];
const TEMPO_P5 = (60 + 62) / 2; // 61, halfway between the two smallest
const TEMPO_P95 = (140 + 180) / 2; // 160, halfway between the two largest

describe('normaliser statistics', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  beforeEach(async () => ({ orm, close } = await openLibrary()));
  afterEach(async () => close());

  const library = (count: number, start = 0): FingerprintValues[] =>
    Array.from({ length: count }, (_, i) => valuesAt((j) => ((start + i) * 7 + j * 3) % 11 / 10));

  it('stores p5 / p95 (linear interpolation), mean and std of a small known library, and normalises with them', async () => {
    const fingerprints = TEMPOS.map((tempoBpm, i) => ({ ...valuesAt(i / 10), tempoBpm, silenceRatio: 0.25 }));
    await addTracks(orm, fingerprints);
    const status = await new SimilarityService(orm.em.fork()).normalisers();
    expect(status.source).toBe('library');
    expect(status.stored!.fingerprintCount).toBe(11);
    expect(status.stored!.fingerprintVersion).toBe(FINGERPRINT_VERSION);

    const stored = await new NormaliserStore(orm.em.fork()).load();
    const tempo = stored!.dimensions.find((d) => d.dimension === 'tempoBpm')!;
    expect(tempo.lo).toBeCloseTo(TEMPO_P5, 9);
    expect(tempo.hi).toBeCloseTo(TEMPO_P95, 9);
    const mean = TEMPOS.reduce((s, x) => s + x, 0) / TEMPOS.length;
    expect(tempo.mean).toBeCloseTo(mean, 9);
    expect(tempo.std).toBeCloseTo(Math.sqrt(TEMPOS.reduce((s, x) => s + (x - mean) ** 2, 0) / TEMPOS.length), 9);
    // Another dimension: values lo + (i/10)(hi − lo), i = 0…10, so p5 = lo + 0.05(hi − lo), p95 = lo + 0.95(hi − lo).
    const lufs = stored!.dimensions.find((d) => d.dimension === 'lufs')!;
    expect(lufs.lo).toBeCloseTo(-30 + 0.05 * 25, 9);
    expect(lufs.hi).toBeCloseTo(-30 + 0.95 * 25, 9);

    // x → clamp((x − lo)/(hi − lo), 0, 1); a constant dimension (silenceRatio) → 0.5.
    const tempoColumn = DIMENSIONS.findIndex((d) => d.key === 'tempoBpm');
    expect(status.ranges.lo[tempoColumn]).toBeCloseTo(61, 9);
    expect(normaliseValue(100, 61, 160)).toBeCloseTo(39 / 99, 12);
    expect(normaliseValue(60, 61, 160)).toBe(0);
    expect(normaliseValue(180, 61, 160)).toBe(1);
    const silence = DIMENSIONS.findIndex((d) => d.key === 'silenceRatio');
    expect(status.ranges.hi[silence]! - status.ranges.lo[silence]!).toBeLessThan(1e-9);
    expect(normaliseValue(0.25, status.ranges.lo[silence]!, status.ranges.hi[silence]!)).toBe(0.5);
  });

  it('uses the catalogue fallback ranges below 10 fingerprints and stores nothing', async () => {
    await addTracks(orm, library(MIN_LIBRARY_FINGERPRINTS - 1));
    const status = await new SimilarityService(orm.em.fork()).normalisers();
    expect(status.source).toBe('fallback');
    expect(status.libraryFingerprintCount).toBe(9);
    DIMENSIONS.forEach((d, j) => {
      expect(status.ranges.lo[j]).toBe(d.fallbackRange.lo);
      expect(status.ranges.hi[j]).toBe(d.fallbackRange.hi);
    });
    expect(await new NormaliserStore(orm.em.fork()).load()).toBeNull();
    // The tenth fingerprint switches to library statistics.
    await addTracks(orm, library(1, 9), 'tenth');
    const after = await new SimilarityService(orm.em.fork()).normalisers();
    expect(after.source).toBe('library');
    expect(after.stored!.fingerprintCount).toBe(10);
  });

  it('recomputes when the fingerprint count changed by more than 5 % of the stored count', async () => {
    await addTracks(orm, library(100));
    const service = () => new SimilarityService(orm.em.fork());
    const first = (await service().normalisers()).stored!;
    expect(first.fingerprintCount).toBe(100);
    await addTracks(orm, library(5, 100), 'plus5'); // 105: exactly 5 %, kept
    const kept = (await service().normalisers()).stored!;
    expect(kept.fingerprintCount).toBe(100);
    expect(kept.computedAt.getTime()).toBe(first.computedAt.getTime());
    await addTracks(orm, library(1, 105), 'plus6'); // 106: 6 %, recomputed
    const recomputed = (await service().normalisers()).stored!;
    expect(recomputed.fingerprintCount).toBe(106);
    // On request, regardless of the count.
    await addTracks(orm, library(1, 106), 'plus7');
    expect((await service().normalisers()).stored!.fingerprintCount).toBe(106);
    expect((await service().recomputeNormalisers()).stored!.fingerprintCount).toBe(107);
  });

  it('decides recomputation by count change, version and the 10-fingerprint floor', () => {
    const at = (fingerprintCount: number, fingerprintVersion = FINGERPRINT_VERSION) => ({ fingerprintCount, fingerprintVersion });
    expect(needsRecompute(null, 9)).toBe(false);
    expect(needsRecompute(null, 10)).toBe(true);
    expect(needsRecompute(at(200), 210)).toBe(false);
    expect(needsRecompute(at(200), 211)).toBe(true);
    expect(needsRecompute(at(200), 190)).toBe(false);
    expect(needsRecompute(at(200), 189)).toBe(true);
    expect(needsRecompute(at(200, FINGERPRINT_VERSION - 1), 200)).toBe(true);
  });
});
