import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { createOrm } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { DIMENSIONS, toVector, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { type RankMap, rankPercentile } from '../../server/similarity/normalise.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../../server/similarity/weights.ts';
import { addTrackWithoutFingerprint, addTracks, openLibrary, valuesAt } from './helpers.ts';
import { storedValues } from '../support/storedValues.ts';

const WIDTH = DIMENSIONS.length;

/** The whole ranking by brute force in f64, straight from the definitions (rank normalisation over the stored quantiles). */
function bruteForce(
  library: ReadonlyMap<number, FingerprintValues>,
  query: FingerprintValues,
  rankMaps: readonly RankMap[],
  weights: ArrayLike<number>,
): { trackId: number; distance: number }[] {
  // Rank normalisation through the library's maps (their values are checked in normalisers.test.ts).
  const n = (x: number, j: number) => rankPercentile(x, rankMaps[j]!);
  const q = toVector(query);
  return [...library]
    .map(([trackId, values]) => {
      const v = toVector(values);
      let sum = 0;
      for (let j = 0; j < WIDTH; j++) sum += weights[j]! * (n(v[j]!, j) - n(q[j]!, j)) ** 2;
      return { trackId, distance: Math.sqrt(sum) };
    })
    .sort((a, b) => a.distance - b.distance || a.trackId - b.trackId);
}

describe('similarTracks over a random library with duplicates', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let dbUrl: string;
  const library = new Map<number, FingerprintValues>();
  let ids: number[];

  beforeAll(async () => {
    ({ orm, close, dbUrl } = await openLibrary());
    const next = seededRandom(11);
    const fingerprints = Array.from({ length: 300 }, () => valuesAt(() => next()));
    // Exact duplicates of track 0's fingerprint, inserted later (higher ids): equal distances, ties by id.
    for (let i = 0; i < 4; i++) fingerprints.push({ ...fingerprints[0]! });
    // And duplicates of another track, to tie in the middle of the ranking.
    for (let i = 0; i < 3; i++) fingerprints.push({ ...fingerprints[17]! });
    ids = await addTracks(orm, fingerprints);
    ids.forEach((id, i) => library.set(id, storedValues(fingerprints[i]!)));
  });
  afterAll(async () => close());

  const service = () => new SimilarityService(orm.em.fork());

  it('each result’s distance, contributions and because (computed when read) are compareTracks’ for the pair, and serialise', async () => {
    for (const options of [{ first: 12 }, { first: 12, exclude: [ids[5]!, ids[9]!] }, { first: 6, diversity: 0.7 }]) {
      const results = await service().similarTracks(ids[42]!, options);
      for (const r of results) {
        const pair = await service().compareTracks(ids[42]!, r.trackId);
        expect(r.distance).toBe(pair.distance);
        expect(r.contributions).toEqual(pair.contributions);
        expect(r.because).toBe(pair.because);
      }
      const copy = JSON.parse(JSON.stringify(results[0]));
      expect(copy.because).toBe(results[0]!.because);
      expect(copy.contributions).toHaveLength(WIDTH);
    }
  });

  it('ranks exactly as a brute-force f64 scan, ties broken by track id, the query left out', async () => {
    const status = await service().normalisers();
    expect(status.source).toBe('library');
    for (const queryId of [ids[0]!, ids[17]!, ids[123]!]) {
      const results = await service().similarTracks(queryId, { first: 50 });
      const others = new Map(library);
      others.delete(queryId);
      const expected = bruteForce(others, library.get(queryId)!, status.ranges.rankMaps!, DEFAULT_WEIGHT_VECTOR).slice(0, 50);
      expect(results.map((r) => r.trackId)).toEqual(expected.map((e) => e.trackId));
      results.forEach((r, i) => {
        expect(Math.abs(r.distance - expected[i]!.distance)).toBeLessThan(1e-12);
        expect(r.rank).toBe(i + 1);
        expect(r.similarity).toBeCloseTo(1 - r.distance, 12);
      });
    }
    // The duplicates of track 0 come first, at distance 0, in id order.
    const top = await service().similarTracks(ids[0]!, { first: 4 });
    expect(top.map((r) => r.trackId)).toEqual(ids.slice(300, 304));
    for (const r of top) expect(r.distance).toBe(0);
  });

  it('gives the same answer on every call', async () => {
    const a = await service().similarTracks(ids[17]!, { first: 100 });
    const b = await service().similarTracks(ids[17]!, { first: 100 });
    expect(b.map((r) => [r.trackId, r.distance])).toEqual(a.map((r) => [r.trackId, r.distance]));
  });

  it('leaves out the excluded ids and fills up with the next ones', async () => {
    const all = await service().similarTracks(ids[5]!, { first: 20 });
    const exclude = [all[0]!.trackId, all[3]!.trackId, 999_999];
    const results = await service().similarTracks(ids[5]!, { first: 18, exclude });
    expect(results.map((r) => r.trackId)).toEqual(all.map((r) => r.trackId).filter((id) => !exclude.includes(id)));
  });

  it('returns every other track when first exceeds the library', async () => {
    const { orm: small, close: closeSmall } = await openLibrary();
    try {
      const smallIds = await addTracks(small, [0.1, 0.2, 0.9].map((t) => valuesAt(t)));
      const results = await new SimilarityService(small.em.fork()).similarTracks(smallIds[0]!, { first: 10 });
      expect(results.map((r) => r.trackId)).toEqual([smallIds[1], smallIds[2]]);
    } finally {
      await closeSmall();
    }
  });

  it('explains a distance: the contributions’ squares sum to distance², the shares to 1, and compareTracks agrees', async () => {
    const [nearest] = await service().similarTracks(ids[42]!, { first: 1 });
    const comparison = await service().compareTracks(ids[42]!, nearest!.trackId);
    expect(comparison.distance).toBeCloseTo(nearest!.distance, 12);
    expect(comparison.similarity).toBeCloseTo(1 - nearest!.distance, 12);
    const squares = comparison.contributions.reduce((s, c) => s + c.contribution ** 2, 0);
    expect(Math.abs(squares - comparison.distance ** 2)).toBeLessThan(1e-12);
    expect(comparison.contributions.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
    expect(comparison.contributions.map((c) => c.dimension)).toEqual(DIMENSIONS.map((d) => d.key));
    const tempo = comparison.contributions.find((c) => c.dimension === 'tempoBpm')!;
    expect(tempo.a).toBe(library.get(ids[42]!)!.tempoBpm);
    expect(tempo.b).toBe(library.get(nearest!.trackId)!.tempoBpm);
  });

  it('with weight only on tempo, the nearest track is the one of the closest tempo', async () => {
    const query = library.get(ids[60]!)!;
    const [nearest] = await service().similarTracks(ids[60]!, { first: 1, weights: { tempoBpm: 3 } });
    const closest = [...library]
      .filter(([id]) => id !== ids[60])
      .sort(([ia, a], [ib, b]) => Math.abs(a.tempoBpm - query.tempoBpm) - Math.abs(b.tempoBpm - query.tempoBpm) || ia - ib)[0]!;
    expect(nearest!.trackId).toBe(closest[0]);
    const tempo = nearest!.contributions.find((c) => c.dimension === 'tempoBpm')!;
    expect(tempo.weight).toBe(1); // re-scaled to sum to 1
    expect(nearest!.distance).toBeCloseTo(tempo.contribution, 12);
    // The list form gives the same.
    const [viaList] = await service().similarTracks(ids[60]!, { first: 1, weights: [{ dimension: 'tempoBpm', weight: 0.5 }] });
    expect(viaList!.trackId).toBe(closest[0]);
  });

  it('sees a new fingerprint on the next call (the cached index follows the table)', async () => {
    const query = library.get(ids[7]!)!;
    const [twin] = await addTracks(orm, [{ ...query }], 'twin');
    const [first] = await service().similarTracks(ids[7]!, { first: 1 });
    expect(first!.trackId).toBe(twin);
    expect(first!.distance).toBe(0);
    // Moving the twin far away (an update) is seen too.
    await new FingerprintRepository(orm.em.fork()).upsert({ trackId: twin!, values: { ...query, tempoBpm: query.tempoBpm < 120 ? 180 : 60, lufs: -5 } });
    const [after] = await service().similarTracks(ids[7]!, { first: 1 });
    expect(after!.trackId).not.toBe(twin);
  });

  it('sees a fingerprint written through another connection (another process or worker)', async () => {
    const other = await createOrm({ dbPath: dbUrl, overrides: { contextName: 'similarity-other-connection' } });
    try {
      const query = library.get(ids[9]!)!;
      const [twin] = await addTracks(other, [{ ...query }], 'other-connection');
      const [first] = await service().similarTracks(ids[9]!, { first: 1 });
      expect(first!.trackId).toBe(twin);
    } finally {
      await other.close();
    }
  });

  it('fails with named errors', async () => {
    const noFingerprint = await addTrackWithoutFingerprint(orm, 'unanalysed');
    const codeOf = async (run: () => Promise<unknown>) => run().then(() => 'resolved', (e: { code?: string }) => e.code);
    expect(await codeOf(() => service().similarTracks(987_654))).toBe('TRACK_NOT_FOUND');
    expect(await codeOf(() => service().similarTracks(noFingerprint))).toBe('FINGERPRINT_NOT_FOUND');
    expect(await codeOf(() => service().compareTracks(ids[0]!, noFingerprint))).toBe('FINGERPRINT_NOT_FOUND');
    expect(await codeOf(() => service().similarTracks(ids[0]!, { weights: { tempoBpm: 0 } }))).toBe('INVALID_WEIGHTS');
    expect(await codeOf(() => service().similarTracks(ids[0]!, { weights: { tempo: 1 } }))).toBe('INVALID_WEIGHTS');
    expect(await codeOf(() => service().similarTracks(ids[0]!, { weights: { lufs: -1 } }))).toBe('INVALID_WEIGHTS');
    expect(await codeOf(() => service().similarTracks(ids[0]!, { first: 0 }))).toBe('INVALID_PAGINATION');
    expect(await codeOf(() => service().similarTracks(ids[0]!, { first: 501 }))).toBe('PAGE_SIZE_EXCEEDED');
    await expect(service().similarTracks(ids[0]!, { weights: { tempo: 1 } })).rejects.toThrow(/`tempo` is not a dimension; expected catalogue names/);
  });
});
