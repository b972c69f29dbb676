import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { DIMENSIONS, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { TIMBRE_LENGTH } from '../../server/fingerprint/timbre.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { MixService } from '../../server/similarity/mix.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { PathService } from '../../server/similarity/sonicPath.ts';
import {
  DEFAULT_WEIGHT_VECTOR,
  resolveDistanceWeights,
  WEIGHT_PRESET_NAMES,
  WEIGHT_PRESET_SPECS,
  WEIGHT_PRESETS,
  type WeightPreset,
} from '../../server/similarity/weights.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { valuesAt } from './helpers.ts';

/**
 * Weight presets and the timbre weight (server/similarity/weights.ts WEIGHT_PRESET_SPECS) in the service and in
 * GraphQL, and timbre combined with `where`, caps and diversity, each checked against brute force over
 * compareTracks (exact f64) on a seeded library: 40 tracks with random values and random timbre (5 without timbre),
 * artists A…E in turn.
 */
const TRACKS = 40;
const WITHOUT_TIMBRE = new Set([3, 11, 19, 27, 35]);

let h: Harness;
const ids: number[] = [];
const artists = new Map<number, string>();
const lufsOf = new Map<number, number>();
const gid = (id: number) => encodeGlobalId('Track', id);
const service = () => new SimilarityService(h.orm.em.fork());

beforeAll(async () => {
  h = await createHarness();
  const next = seededRandom(11);
  const em = h.orm.em.fork();
  for (let i = 0; i < TRACKS; i++) {
    const artist = 'ABCDE'[i % 5]!;
    const track = await new TrackRepository(em).add({ path: `/music/preset-${i}.flac`, artist });
    const values: FingerprintValues = valuesAt(() => next());
    const timbre = WITHOUT_TIMBRE.has(i)
      ? null
      : Array.from({ length: TIMBRE_LENGTH }, (_, j) => (j < TIMBRE_LENGTH / 2 ? 40 * next() - 20 : 10 * next()));
    await new FingerprintRepository(em).upsert({ trackId: track.id, values, timbre });
    ids.push(track.id);
    artists.set(track.id, artist);
    lufsOf.set(track.id, values.lufs);
  }
}, 60_000);

afterAll(async () => h?.close());

/** Every other track by exact distance (compareTracks), nearest first, ties by id. */
async function bruteForce(queryId: number, weights: Parameters<SimilarityService['compareTracks']>[2], preset?: WeightPreset) {
  const all: { trackId: number; distance: number }[] = [];
  for (const id of ids) {
    if (id === queryId) continue;
    all.push({ trackId: id, distance: (await service().compareTracks(queryId, id, weights, preset)).distance });
  }
  return all.sort((a, b) => a.distance - b.distance || a.trackId - b.trackId);
}

describe('weight presets (weights.ts)', () => {
  it('every preset sums to 1 with its timbre weight, has a description, and DEFAULT is the spec’s weights', () => {
    expect(WEIGHT_PRESET_NAMES[0]).toBe('default');
    for (const name of WEIGHT_PRESET_NAMES) {
      const { dimensions, timbre } = resolveDistanceWeights(null, name);
      expect(dimensions.reduce((s, w) => s + w, 0) + timbre).toBeCloseTo(1, 12);
      expect(WEIGHT_PRESET_SPECS[name].description.length).toBeGreaterThan(60);
    }
    resolveDistanceWeights(null, 'default').dimensions.forEach((w, j) => expect(w).toBeCloseTo(DEFAULT_WEIGHT_VECTOR[j]!, 15));
    expect(resolveDistanceWeights(null, 'default').timbre).toBe(0);
    expect(resolveDistanceWeights(null, 'timbre')).toMatchObject({ timbre: 1 });
    const rhythm = resolveDistanceWeights(null, 'rhythm');
    const temporal = DIMENSIONS.map((d, j) => [d, rhythm.dimensions[j]!] as const).filter(([, w]) => w > 0);
    expect(temporal.map(([d]) => d.group)).toEqual(['temporal', 'temporal', 'temporal', 'temporal']);
    const loudness = resolveDistanceWeights(null, 'loudness');
    expect(loudness.dimensions[DIMENSIONS.findIndex((d) => d.key === 'lufs')]).toBeCloseTo(0.35, 12);
  });

  it('with a preset, `weights` replace that preset’s weight per dimension on its scale; the rest keep theirs', () => {
    const custom = resolveDistanceWeights({ lufs: 0.4 }, 'rhythm');
    const at = (key: string) => custom.dimensions[DIMENSIONS.findIndex((d) => d.key === key)]!;
    expect(at('lufs')).toBeCloseTo(0.4 / 1.4, 12);
    expect(at('tempoBpm')).toBeCloseTo(0.4 / 1.4, 12);
    expect(at('rhythmStability')).toBeCloseTo(0.25 / 1.4, 12);
    // SOUND with timbre replaced by 0 is the default distance.
    const noTimbre = resolveDistanceWeights({ timbre: 0 }, 'sound');
    expect(noTimbre.timbre).toBe(0);
    noTimbre.dimensions.forEach((w, j) => expect(w).toBeCloseTo(DEFAULT_WEIGHT_VECTOR[j]!, 12));
    expect(() => resolveDistanceWeights(null, 'jazz' as WeightPreset)).toThrowError(
      expect.objectContaining({ code: 'INVALID_WEIGHTS', message: expect.stringContaining('`jazz` is not a preset; expected one of default, sound') }),
    );
    expect(() => resolveDistanceWeights([{ dimension: 'lufs', weight: 1 }, { dimension: 'lufs', weight: 2 }], 'rhythm')).toThrowError(
      expect.objectContaining({ code: 'INVALID_WEIGHTS' }),
    );
    expect(() => resolveDistanceWeights({ timbre: -1 }, 'sound')).toThrowError(expect.objectContaining({ code: 'INVALID_WEIGHTS' }));
  });
});

describe('timbre combined with where, caps and diversity (similarityService.ts DistanceMetric)', () => {
  it('SOUND with `where`: the brute-force list of the tracks inside the ranges', async () => {
    const query = ids[0]!;
    const { lo, hi } = DIMENSIONS.find((d) => d.key === 'lufs')!.fallbackRange;
    const threshold = lo + 0.3 * (hi - lo); // valuesAt maps t ∈ [0, 1] to lo…hi: about 70 % pass
    const where = { lufs: { gte: threshold } };
    const results = await service().similarTracks(query, { first: 8, preset: 'sound', where });
    const expected = (await bruteForce(query, null, 'sound')).filter((r) => lufsOf.get(r.trackId)! >= threshold).slice(0, 8);
    expect(expected.length).toBe(8);
    expect(results.map((r) => r.trackId)).toEqual(expected.map((r) => r.trackId));
    results.forEach((r, i) => {
      expect(r.distance).toBeCloseTo(expected[i]!.distance, 12);
      expect(r.timbreDistance).toBeGreaterThan(0);
    });
  });

  it('a timbre weight with maxPerArtist: the brute-force list under the cap (a timbre-less query counts √(1/6))', async () => {
    for (const query of [ids[1]!, ids[3]!]) {
      const results = await service().similarTracks(query, { first: 6, weights: { timbre: 2, tempoBpm: 1 }, maxPerArtist: 1 });
      const perArtist = new Map<string, number>();
      const expected = (await bruteForce(query, { timbre: 2, tempoBpm: 1 })).filter((r) => {
        const artist = artists.get(r.trackId)!;
        perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
        return perArtist.get(artist)! <= 1;
      });
      expect(results.map((r) => r.trackId)).toEqual(expected.slice(0, 6).map((r) => r.trackId));
      expect(new Set(results.map((r) => artists.get(r.trackId))).size).toBe(results.length);
    }
  });

  it('SOUND with diversity 1: maximal marginal relevance over the timbre-inclusive distance (brute force)', async () => {
    const query = ids[2]!;
    const results = await service().similarTracks(query, { first: 5, preset: 'sound', diversity: 1 });
    const candidates = await bruteForce(query, WEIGHT_PRESETS.sound);
    const pair = new Map<string, number>();
    const pairDistance = async (a: number, b: number) => {
      const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
      if (!pair.has(key)) pair.set(key, (await service().compareTracks(a, b, WEIGHT_PRESETS.sound)).distance);
      return pair.get(key)!;
    };
    const chosen: number[] = [];
    while (chosen.length < 5) {
      let best = -1;
      let bestScore = -Infinity;
      for (const c of candidates) {
        if (chosen.includes(c.trackId)) continue;
        let redundancy = -Infinity;
        for (const t of chosen) redundancy = Math.max(redundancy, 1 - (await pairDistance(c.trackId, t)));
        const score = chosen.length === 0 ? 1 - c.distance : 0.5 * (1 - c.distance) - 0.5 * redundancy;
        if (score > bestScore + 1e-9) [best, bestScore] = [c.trackId, score];
      }
      chosen.push(best);
    }
    expect(results.map((r) => r.trackId)).toEqual(chosen);
    const plain = await service().similarTracks(query, { first: 5, preset: 'sound' });
    expect(plain.map((r) => r.trackId)).not.toEqual(chosen);
  });
});

describe('presets in GraphQL', () => {
  it('similarityPresets lists every preset with its description, dimensions and timbre weight (summing to 1)', async () => {
    const r = await h.gql(`{ similarityPresets { preset title description timbreWeight weights { dimension weight } } }`);
    expect(r.errors).toBeUndefined();
    const presets = r.data!.similarityPresets as { preset: string; title: string; description: string; timbreWeight: number; weights: { dimension: string; weight: number }[] }[];
    expect(presets.map((p) => p.preset)).toEqual(['DEFAULT', 'SOUND', 'TIMBRE', 'RHYTHM', 'LOUDNESS', 'TONAL_BALANCE']);
    for (const p of presets) {
      expect(p.description).toBe(WEIGHT_PRESET_SPECS[WEIGHT_PRESET_NAMES[presets.indexOf(p)]!].description);
      expect(p.weights.reduce((s, w) => s + w.weight, 0) + p.timbreWeight).toBeCloseTo(1, 12);
    }
    const rhythm = presets.find((p) => p.preset === 'RHYTHM')!;
    expect(rhythm.weights.map((w) => w.dimension)).toEqual(['TEMPO_BPM', 'RHYTHM_STABILITY', 'TRANSIENT_DENSITY', 'SILENCE_RATIO']);
    expect(presets.find((p) => p.preset === 'SOUND')!.timbreWeight).toBeCloseTo(0.6, 12);
  });

  it('similarTracks(preset, weights, timbreWeight, where, maxPerArtist) is the service’s answer; compareTracks agrees', async () => {
    const query = /* GraphQL */ `
      query($id: ID!, $preset: SimilarityPreset, $timbreWeight: Float, $weights: [DimensionWeight!], $where: FingerprintWhere) {
        similarTracks(trackId: $id, first: 5, preset: $preset, timbreWeight: $timbreWeight, weights: $weights, where: $where, maxPerArtist: 2) {
          distance timbreDistance track { databaseId }
        }
      }`;
    const where = { tempoBpm: { lte: 200 } };
    const r = await h.gql(query, { id: gid(ids[4]!), preset: 'RHYTHM', timbreWeight: 0.5, weights: [{ dimension: 'LUFS', weight: 0.2 }], where });
    expect(r.errors).toBeUndefined();
    const expected = await service().similarTracks(ids[4]!, {
      first: 5,
      preset: 'rhythm',
      weights: [{ dimension: 'lufs', weight: 0.2 }, { dimension: 'timbre', weight: 0.5 }],
      where,
      maxPerArtist: 2,
    });
    const got = r.data!.similarTracks as { distance: number; timbreDistance: number | null; track: { databaseId: number } }[];
    expect(got.map((s) => s.track.databaseId)).toEqual(expected.map((s) => s.trackId));
    got.forEach((s, i) => {
      expect(s.distance).toBeCloseTo(expected[i]!.distance, 12);
      expect(s.timbreDistance).toBeCloseTo(expected[i]!.timbreDistance!, 12);
    });
    const compare = await h.gql(`query($a: ID!, $b: ID!) { compareTracks(a: $a, b: $b, preset: SOUND) { distance timbreDistance } }`, {
      a: gid(ids[4]!),
      b: gid(ids[5]!),
    });
    expect(compare.errors).toBeUndefined();
    expect(compare.data!.compareTracks.distance).toBeCloseTo((await service().compareTracks(ids[4]!, ids[5]!, null, 'sound')).distance, 12);
    // Without a preset or timbre, timbreDistance is null and RHYTHM's weights as a list give the same list as the preset.
    const list = (await h.gql(`{ similarityPresets { preset weights { dimension weight } } }`)).data!.similarityPresets.find(
      (p: { preset: string }) => p.preset === 'RHYTHM',
    ).weights;
    const byList = await h.gql(`query($id: ID!, $w: [DimensionWeight!]) { similarTracks(trackId: $id, first: 5, weights: $w) { timbreDistance track { databaseId } } }`, {
      id: gid(ids[4]!),
      w: list,
    });
    const byPreset = await h.gql(`query($id: ID!) { similarTracks(trackId: $id, first: 5, preset: RHYTHM) { track { databaseId } } }`, { id: gid(ids[4]!) });
    expect(byList.data!.similarTracks.map((s: any) => s.track.databaseId)).toEqual(byPreset.data!.similarTracks.map((s: any) => s.track.databaseId));
    expect(byList.data!.similarTracks[0].timbreDistance).toBeNull();
  });

  it('an unknown preset is a validation error; a negative timbreWeight is INVALID_WEIGHTS', async () => {
    const bad = await h.gql(`{ similarTracks(trackId: "${gid(ids[0]!)}", preset: JAZZ) { distance } }`);
    expect(bad.errors?.[0]?.message).toContain('JAZZ');
    const negative = await h.gql(`{ similarTracks(trackId: "${gid(ids[0]!)}", preset: SOUND, timbreWeight: -1) { distance } }`);
    expect(negative.errors?.[0]?.extensions?.code).toBe('INVALID_WEIGHTS');
  });

  it('sonicPath and mix take a preset: their similarities are those of compareTracks under it', async () => {
    const path = await h.gql(
      `query($from: ID!, $to: ID!) { sonicPath(from: $from, to: $to, count: 6, preset: SOUND) { similarityToPrevious similarityToStart track { databaseId } } }`,
      { from: gid(ids[6]!), to: gid(ids[7]!) },
    );
    expect(path.errors).toBeUndefined();
    const steps = path.data!.sonicPath as { similarityToPrevious: number; similarityToStart: number; track: { databaseId: number } }[];
    expect(steps).toHaveLength(6);
    expect(steps[0]!.track.databaseId).toBe(ids[6]);
    expect(steps[5]!.track.databaseId).toBe(ids[7]);
    for (let p = 1; p < steps.length; p++) {
      const step = await service().compareTracks(steps[p - 1]!.track.databaseId, steps[p]!.track.databaseId, null, 'sound');
      expect(steps[p]!.similarityToPrevious).toBeCloseTo(1 - step.distance, 12);
    }
    // The service path under SOUND is the same path; under the default weights it is another one.
    const paths = new PathService(h.orm.em.fork());
    expect((await paths.sonicPath(ids[6]!, ids[7]!, { count: 6, preset: 'sound' })).map((s) => s.trackId)).toEqual(steps.map((s) => s.track.databaseId));

    const mix = await h.gql(`query($seeds: [ID!]!) { mix(seeds: $seeds, count: 8, preset: TIMBRE) { similarityToSeed similarityToPrevious track { databaseId } seed { databaseId } } }`, {
      seeds: [gid(ids[8]!), gid(ids[9]!)],
    });
    expect(mix.errors).toBeUndefined();
    const tracks = mix.data!.mix as { similarityToSeed: number; similarityToPrevious: number; track: { databaseId: number }; seed: { databaseId: number } }[];
    expect(tracks).toHaveLength(8);
    for (const [p, t] of tracks.entries()) {
      const toSeed = await service().compareTracks(t.seed.databaseId, t.track.databaseId, null, 'timbre');
      expect(t.similarityToSeed).toBeCloseTo(t.seed.databaseId === t.track.databaseId ? 1 : 1 - toSeed.distance, 12);
      if (p > 0) {
        const step = await service().compareTracks(tracks[p - 1]!.track.databaseId, t.track.databaseId, null, 'timbre');
        expect(t.similarityToPrevious).toBeCloseTo(1 - step.distance, 12);
      }
    }
    // Each seed's first pick is its nearest by timbre alone among the tracks not yet taken.
    const service2 = new MixService(h.orm.em.fork());
    expect((await service2.mix([ids[8]!, ids[9]!], { count: 8, preset: 'timbre' })).map((m) => m.trackId).sort()).toEqual(
      tracks.map((t) => t.track.databaseId).sort(),
    );
  });
});
