import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import {
  CALIBRATION_NEIGHBOURS,
  CALIBRATION_SAMPLE,
  calibrationFromDistances,
  similarityCalibration,
} from '../../server/similarity/calibration.ts';
import { liveRows } from '../../server/similarity/libraryIndex.ts';
import { normaliseVector } from '../../server/similarity/normalise.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../../server/similarity/weights.ts';
import { openLibrary, valuesAt } from './helpers.ts';

describe('calibrationFromDistances', () => {
  it('degenerate: no reference gives 1 − d; one distance; ties', () => {
    const none = calibrationFromDistances([]);
    expect(none.similarity(0)).toBe(1);
    expect(none.similarity(0.25)).toBeCloseTo(0.75, 12);
    const one = calibrationFromDistances([0.2]);
    expect(one.similarity(0.2)).toBeCloseTo(0.5, 12);
    expect(one.similarity(0.1)).toBeCloseTo(0.75, 12);
    const ties = calibrationFromDistances([0.1, 0.1, 0.1, NaN, -1, Infinity]);
    expect(ties.reference).toEqual(Float64Array.from([0.1, 0.1, 0.1]));
    expect(ties.similarity(0.1)).toBeCloseTo(0.25, 12);
    expect(ties.similarity(0.0999999)).toBeGreaterThan(0.75);
  });

  it('is 1 at 0, 0 at 1, non-increasing, and the median maps to 0.5', () => {
    const random = seededRandom(7);
    const distances = Array.from({ length: 501 }, () => 0.05 + 0.3 * random() ** 2);
    const calibration = calibrationFromDistances(distances);
    expect(calibration.similarity(0)).toBe(1);
    expect(calibration.similarity(1)).toBe(0);
    const sorted = [...distances].sort((a, b) => a - b);
    expect(calibration.similarity(sorted[250]!)).toBeCloseTo(0.5, 12);
    // the fraction of the reference at most d is 1 − s(d), within one step
    for (const q of [0.1, 0.25, 0.75, 0.9]) {
      const d = sorted[Math.round(q * 500)]!;
      expect(Math.abs(1 - calibration.similarity(d) - q)).toBeLessThan(2 / 501);
    }
    let previous = 1;
    for (let i = 0; i <= 2000; i++) {
      const s = calibration.similarity(i / 2000);
      expect(s).toBeLessThanOrEqual(previous);
      expect(s).toBeGreaterThanOrEqual(0);
      previous = s;
    }
  });
});

describe('similarityCalibration over a library', () => {
  let library: Awaited<ReturnType<typeof openLibrary>>;
  let orm: MikroORM;
  const TRACKS = 300;

  beforeAll(async () => {
    library = await openLibrary();
    orm = library.orm;
    const random = seededRandom(42);
    const em = orm.em.fork();
    const tracks = new TrackRepository(em);
    const inputs = [];
    for (let i = 0; i < TRACKS; i++) {
      const centre = i % 3 === 0 ? 0.2 : i % 3 === 1 ? 0.5 : 0.8;
      const values = valuesAt(() => Math.min(1, Math.max(0, centre + 0.15 * (random() - 0.5))));
      inputs.push({ trackId: (await tracks.add({ path: `/music/cal-${i}.flac` })).id, values });
    }
    await new FingerprintRepository(em).upsertMany(inputs);
  });
  afterAll(async () => library.close());

  it('the reference equals a plain f64 computation of the sampled tracks’ 10 nearest distances', async () => {
    const em = orm.em.fork();
    const index = await new SimilarityService(em).index();
    const calibration = await similarityCalibration(em, index);
    const rows = liveRows(index);
    const width = DIMENSIONS.length;
    const normalised = Array.from(rows, (row) => Array.from(normaliseVector(index.vectors.subarray(row * width, (row + 1) * width), index.ranges)));
    const expected: number[] = [];
    const sample = Math.min(CALIBRATION_SAMPLE, rows.length);
    for (let s = 0; s < sample; s++) {
      const a = Math.floor((s * rows.length) / sample);
      const distances = normalised
        .map((other, b) => (b === a ? Infinity : Math.sqrt(other.reduce((sum, x, j) => sum + DEFAULT_WEIGHT_VECTOR[j]! * (x - normalised[a]![j]!) ** 2, 0))))
        .sort((x, y) => x - y);
      expected.push(...distances.slice(0, CALIBRATION_NEIGHBOURS));
    }
    expected.sort((x, y) => x - y);
    expect(calibration.reference.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(calibration.reference[i]! - expected[i]!)).toBeLessThan(1e-5);
  });

  it('a track’s own similarity is 1, its neighbours’ scores fall with distance, and about half its 10 nearest reach 0.5', async () => {
    const em = orm.em.fork();
    const service = new SimilarityService(em);
    const index = await service.index();
    const calibration = await similarityCalibration(em, index);
    expect(calibration.similarity(0)).toBe(1);
    let atLeastHalf = 0;
    let total = 0;
    for (const trackId of Array.from(index.trackIds).slice(0, 30)) {
      const similar = await service.similarTracks(trackId, { first: 50 });
      const scores = similar.map((r) => calibration.similarity(r.distance));
      for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThanOrEqual(scores[i - 1]!);
      for (const s of scores.slice(0, CALIBRATION_NEIGHBOURS)) {
        total++;
        if (s >= 0.5) atLeastHalf++;
      }
      // the far cluster is far below the cut
      expect(scores[scores.length - 1]!).toBeLessThan(0.5);
    }
    expect(atLeastHalf / total).toBeGreaterThan(0.3);
    expect(atLeastHalf / total).toBeLessThan(0.7);
  });

  it('is cached per normalisation and library size', async () => {
    const em = orm.em.fork();
    const index = await new SimilarityService(em).index();
    expect(await similarityCalibration(em, index)).toBe(await similarityCalibration(em, index));
  });
});
