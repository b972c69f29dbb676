import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { explainPair } from '../../server/similarity/explain.ts';
import { MixService, smoothOrder, tourLength } from '../../server/similarity/mix.ts';
import { groupingOf } from '../../server/similarity/selection.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { PathService, shareSlots } from '../../server/similarity/sonicPath.ts';
import { openLibrary, valuesAt } from './helpers.ts';

const TEMPO = DIMENSIONS.findIndex((d) => d.key === 'tempoBpm');

describe('richer similar, sonic paths and mixes (service)', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  const ids: number[] = [];
  const artistOf = new Map<number, string>();
  const albumOf = new Map<number, string>();
  const tempoOf = new Map<number, number>();

  beforeAll(async () => {
    ({ orm, close } = await openLibrary());
    const next = seededRandom(11);
    const em = orm.em.fork();
    const tracks = new TrackRepository(em);
    const fingerprints = new FingerprintRepository(em);
    const rows = [];
    for (let i = 0; i < 300; i++) {
      const artist = `Artist ${i % 12}`;
      const album = `Album ${i % 30}`;
      const track = await tracks.add({ path: `/music/p-${i}.flac`, artist, album });
      const values = valuesAt(() => next());
      rows.push({ trackId: track.id, values });
      ids.push(track.id);
      artistOf.set(track.id, artist);
      albumOf.set(track.id, album);
      tempoOf.set(track.id, values.tempoBpm);
    }
    await fingerprints.upsertMany(rows);
  }, 120_000);
  afterAll(async () => close());

  const similarity = () => new SimilarityService(orm.em.fork());

  describe('similarTracks: where, caps, diversity, because', () => {
    it('where: only tracks inside the ranges, the same ones the SQL filter selects, nearest first', async () => {
      const where = { tempoBpm: { gte: 100, lte: 140 }, lufs: { lte: -12 } };
      const results = await similarity().similarTracks(ids[0]!, { first: 500, where });
      const page = await new FingerprintRepository(orm.em.fork()).page(where, { first: 500 });
      const expected = new Set(page.nodes.map((f) => f.trackId));
      expected.delete(ids[0]!);
      expect(new Set(results.map((r) => r.trackId))).toEqual(expected);
      const unfiltered = await similarity().similarTracks(ids[0]!, { first: 299 });
      expect(results.map((r) => r.trackId)).toEqual(unfiltered.filter((r) => expected.has(r.trackId)).map((r) => r.trackId));
    });

    it('maxPerArtist / maxPerAlbum: caps respected, otherwise the nearest', async () => {
      const results = await similarity().similarTracks(ids[5]!, { first: 20, maxPerArtist: 2 });
      expect(results).toHaveLength(20);
      const perArtist = new Map<string, number>();
      for (const r of results) perArtist.set(artistOf.get(r.trackId)!, (perArtist.get(artistOf.get(r.trackId)!) ?? 0) + 1);
      expect(Math.max(...perArtist.values())).toBeLessThanOrEqual(2);
      // Greedy: the first result is the nearest overall; each kept result is the nearest the caps allowed.
      const all = await similarity().similarTracks(ids[5]!, { first: 299 });
      const seen = new Map<string, number>();
      const expected = [];
      for (const r of all) {
        const a = artistOf.get(r.trackId)!;
        if ((seen.get(a) ?? 0) >= 2) continue;
        seen.set(a, (seen.get(a) ?? 0) + 1);
        expected.push(r.trackId);
        if (expected.length === 20) break;
      }
      expect(results.map((r) => r.trackId)).toEqual(expected);
      expect(results.map((r) => r.rank)).toEqual(expected.map((_, i) => i + 1));

      const byAlbum = await similarity().similarTracks(ids[5]!, { first: 40, maxPerAlbum: 1 });
      // An album is its tag with its (album) artist: 60 distinct (artist, album) pairs here.
      expect(new Set(byAlbum.map((r) => `${artistOf.get(r.trackId)}|${albumOf.get(r.trackId)}`)).size).toBe(byAlbum.length);
      expect(byAlbum).toHaveLength(40);
      const oneEach = await similarity().similarTracks(ids[5]!, { first: 100, maxPerAlbum: 1 });
      expect(oneEach).toHaveLength(60); // every (artist, album) pair once; the query track itself is left out
      await expect(similarity().similarTracks(ids[5]!, { maxPerArtist: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('diversity: 0 is the nearest list; 1 spreads the results (lower mean similarity among them)', async () => {
      const nearest = await similarity().similarTracks(ids[7]!, { first: 10 });
      const zero = await similarity().similarTracks(ids[7]!, { first: 10, diversity: 0 });
      expect(zero.map((r) => r.trackId)).toEqual(nearest.map((r) => r.trackId));
      const diverse = await similarity().similarTracks(ids[7]!, { first: 10, diversity: 1 });
      expect(diverse[0]!.trackId).toBe(nearest[0]!.trackId);
      const service = similarity();
      const spread = async (list: { trackId: number }[]) => {
        let sum = 0;
        let pairs = 0;
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            sum += (await service.compareTracks(list[i]!.trackId, list[j]!.trackId)).distance;
            pairs++;
          }
        }
        return sum / pairs;
      };
      expect(await spread(diverse)).toBeGreaterThan(await spread(nearest));
      await expect(similarity().similarTracks(ids[7]!, { diversity: 1.5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('because on every result and on compareTracks: explainPair of its contributions', async () => {
      const results = await similarity().similarTracks(ids[9]!, { first: 5 });
      for (const r of results) expect(r.because).toBe(explainPair(r.contributions, r.distance).text);
      const comparison = await similarity().compareTracks(ids[9]!, ids[10]!);
      expect(comparison.because).toBe(explainPair(comparison.contributions, comparison.distance).text);
      expect(comparison.because.length).toBeGreaterThan(0);
    });
  });

  describe('sonicPath', () => {
    const paths = () => new PathService(orm.em.fork());

    it('starts with from, ends with to, has count steps, repeats no track, similarities in [0, 1]', async () => {
      const steps = await paths().sonicPath(ids[0]!, ids[1]!, { count: 25 });
      expect(steps).toHaveLength(25);
      expect(steps[0]!.trackId).toBe(ids[0]);
      expect(steps.at(-1)!.trackId).toBe(ids[1]);
      expect(new Set(steps.map((s) => s.trackId)).size).toBe(25);
      expect(steps[0]).toMatchObject({ similarityToPrevious: 1, similarityToStart: 1, because: '' });
      for (const s of steps.slice(1)) {
        expect(s.similarityToPrevious).toBeGreaterThanOrEqual(0);
        expect(s.similarityToPrevious).toBeLessThanOrEqual(1);
        expect(s.similarityToStart).toBeGreaterThanOrEqual(0);
        expect(s.similarityToStart).toBeLessThan(1);
        expect(s.because.length).toBeGreaterThan(0);
      }
      const service = similarity();
      const direct = (await service.compareTracks(ids[0]!, ids[1]!)).distance;
      // Small steps: most steps shorter than the direct jump (300 random tracks in 25 dimensions are sparse: the nearest
      // neighbour is ≈ 0.2 away), and the path smoother than 23 random tracks in random order.
      const stepDistances = steps.slice(1).map((s) => 1 - s.similarityToPrevious);
      const median = [...stepDistances].sort((a, b) => a - b)[12]!;
      expect(median).toBeLessThan(direct);
      const next = seededRandom(4);
      const randomOrder = [ids[0]!, ...ids.slice(2).filter(() => next() < 0.08).slice(0, 23), ids[1]!];
      let randomSum = 0;
      for (let i = 1; i < randomOrder.length; i++) randomSum += (await service.compareTracks(randomOrder[i - 1]!, randomOrder[i]!)).distance;
      expect(stepDistances.reduce((a, b) => a + b, 0)).toBeLessThan(0.8 * randomSum);
      // Step similarity matches compareTracks of the neighbours.
      expect(steps[3]!.similarityToPrevious).toBeCloseTo(1 - (await service.compareTracks(steps[2]!.trackId, steps[3]!.trackId)).distance, 9);
    });

    it('passes via in the given order', async () => {
      const via = [ids[50]!, ids[60]!, ids[70]!];
      const steps = await paths().sonicPath(ids[0]!, ids[1]!, { count: 20, via });
      const order = steps.map((s) => s.trackId);
      expect(order).toHaveLength(20);
      const positions = via.map((id) => order.indexOf(id));
      expect(positions.every((p) => p > 0 && p < 19)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(order).size).toBe(20);
      // The shortest possible path: the anchors only.
      expect((await paths().sonicPath(ids[0]!, ids[1]!, { count: 5, via })).map((s) => s.trackId)).toEqual([ids[0], ...via, ids[1]]);
    });

    it('direction: tempo monotone from a slow track to a fast one (the library allows it), and descending back', async () => {
      const sorted = [...ids].sort((a, b) => tempoOf.get(a)! - tempoOf.get(b)!);
      const slow = sorted[10]!;
      const fast = sorted[280]!;
      const up = await paths().sonicPath(slow, fast, { count: 25, direction: [{ dimension: 'tempoBpm', order: 'ascending' }] });
      const tempos = up.map((s) => tempoOf.get(s.trackId)!);
      for (let i = 1; i < tempos.length; i++) expect(tempos[i]!).toBeGreaterThanOrEqual(tempos[i - 1]!);
      const down = await paths().sonicPath(fast, slow, { count: 25, direction: [{ dimension: 'tempoBpm', order: 'descending' }] });
      const back = down.map((s) => tempoOf.get(s.trackId)!);
      for (let i = 1; i < back.length; i++) expect(back[i]!).toBeLessThanOrEqual(back[i - 1]!);
      expect(new Set(down.map((s) => s.trackId)).size).toBe(25);
      expect(TEMPO).toBeGreaterThanOrEqual(0);
    });

    it('named errors: repeated tracks, a count too small, unknown tracks', async () => {
      await expect(paths().sonicPath(ids[0]!, ids[0]!)).rejects.toMatchObject({ code: 'INVALID_PATH', field: ['to'] });
      await expect(paths().sonicPath(ids[0]!, ids[1]!, { via: [ids[2]!, ids[2]!] })).rejects.toMatchObject({ code: 'INVALID_PATH' });
      await expect(paths().sonicPath(ids[0]!, ids[1]!, { count: 3, via: [ids[2]!, ids[3]!] })).rejects.toMatchObject({ code: 'INVALID_PATH', field: ['count'] });
      await expect(paths().sonicPath(ids[0]!, 999_999)).rejects.toMatchObject({ code: 'TRACK_NOT_FOUND' });
    });

    it('shareSlots: proportional to segment length, summing to the slots', () => {
      expect(shareSlots([1, 1], 5)).toEqual([3, 2]);
      expect(shareSlots([3, 1], 8)).toEqual([6, 2]);
      expect(shareSlots([0, 0], 3)).toEqual([2, 1]);
      expect(shareSlots([0.2, 0.5, 0.3], 0)).toEqual([0, 0, 0]);
    });
  });

  describe('mix', () => {
    const mixes = () => new MixService(orm.em.fork());

    it('holds the seeds and count tracks, no repeats, caps and where respected, each track near its seed', async () => {
      const seeds = [ids[3]!, ids[100]!, ids[200]!];
      const where = { tempoBpm: { gte: 90 } };
      const mix = await mixes().mix(seeds, { count: 30, maxPerArtist: 4, where });
      expect(mix).toHaveLength(30);
      expect(mix[0]!.trackId).toBe(seeds[0]);
      expect(new Set(mix.map((m) => m.trackId)).size).toBe(30);
      for (const seed of seeds) expect(mix.map((m) => m.trackId)).toContain(seed);
      const perArtist = new Map<string, number>();
      for (const m of mix) perArtist.set(artistOf.get(m.trackId)!, (perArtist.get(artistOf.get(m.trackId)!) ?? 0) + 1);
      expect(Math.max(...perArtist.values())).toBeLessThanOrEqual(4);
      for (const m of mix) if (!seeds.includes(m.trackId)) expect(tempoOf.get(m.trackId)!).toBeGreaterThanOrEqual(90);
      // Each seed got its turn: about a third of the mix each.
      for (const seed of seeds) expect(mix.filter((m) => m.seedId === seed).length).toBe(10);
      for (const m of mix.slice(1)) expect(m.because.length).toBeGreaterThan(0);
    });

    it('ordered for smooth transitions: no longer than the selection order, and 2-opt leaves no improving reversal', async () => {
      const seeds = [ids[20]!, ids[40]!];
      const mix = await mixes().mix(seeds, { count: 24 });
      const service = similarity();
      const transitions = mix.slice(1).map((m) => 1 - m.similarityToPrevious);
      const bySeed = [...mix].sort((a, b) => a.seedId - b.seedId || b.similarityToSeed - a.similarityToSeed);
      let seedOrderSum = 0;
      for (let i = 1; i < bySeed.length; i++) seedOrderSum += (await service.compareTracks(bySeed[i - 1]!.trackId, bySeed[i]!.trackId)).distance;
      expect(transitions.reduce((a, b) => a + b, 0)).toBeLessThan(seedOrderSum);
    });

    it('smoothOrder: a shuffled line comes back in line order', () => {
      const points = [0, 7, 3, 9, 1, 5, 2, 8, 4, 6];
      const order = smoothOrder(points, (a, b) => Math.abs(a - b));
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(tourLength(order, (a, b) => Math.abs(a - b))).toBe(9);
    });

    it('named errors: no seeds, repeated seeds, count below the seeds', async () => {
      await expect(mixes().mix([])).rejects.toMatchObject({ code: 'INVALID_MIX' });
      await expect(mixes().mix([ids[1]!, ids[1]!])).rejects.toMatchObject({ code: 'INVALID_MIX' });
      await expect(mixes().mix([ids[1]!, ids[2]!], { count: 1 })).rejects.toMatchObject({ code: 'INVALID_MIX', field: ['count'] });
    });
  });

  it('groupingOf: lower-cased tags, album with its album artist, untagged = uncapped', () => {
    expect(groupingOf({ artist: ' Björk ', album: 'Post' })).toEqual({ artist: 'björk', album: 'björk\u0000post' });
    expect(groupingOf({ artist: null, album: null })).toEqual({ artist: null, album: null });
    expect(groupingOf({ artist: 'A', album: 'X', albumArtist: 'Various' }).album).toBe('various\u0000x');
  });
});
