import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { addTrackWithoutFingerprint, addTracks, valuesAt } from './helpers.ts';

const SIMILAR = /* GraphQL */ `
  query Similar($id: ID!, $first: Int, $weights: [DimensionWeight!], $exclude: [ID!]) {
    similarTracks(trackId: $id, first: $first, weights: $weights, exclude: $exclude) {
      rank
      distance
      similarity
      track { id databaseId path }
      contributions { dimension weight a b normalisedDelta contribution share }
    }
  }
`;

describe('GraphQL similarity', () => {
  let h: Harness;
  let ids: number[];
  const gid = (id: number) => encodeGlobalId('Track', id);

  beforeAll(async () => {
    h = await createHarness();
    const next = seededRandom(5);
    ids = await addTracks(h.orm, Array.from({ length: 40 }, () => valuesAt(() => next())));
  });
  afterAll(async () => h.close());

  it('similarTracks: ranked tracks with distance, similarity and contributions (the service’s answer)', async () => {
    const response = await h.gql(SIMILAR, { id: gid(ids[3]!), first: 5 });
    expect(response.errors).toBeUndefined();
    const results = response.data!.similarTracks as any[];
    expect(results.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.track.databaseId)).not.toContain(ids[3]);
    for (let i = 1; i < results.length; i++) expect(results[i].distance).toBeGreaterThanOrEqual(results[i - 1].distance);
    for (const r of results) {
      expect(r.similarity).toBeCloseTo(1 - r.distance, 12);
      expect(r.contributions).toHaveLength(DIMENSIONS.length);
      expect(r.contributions[0].dimension).toBe(DIMENSIONS[0].column.toUpperCase());
      const squares = r.contributions.reduce((s: number, c: any) => s + c.contribution ** 2, 0);
      expect(Math.abs(squares - r.distance ** 2)).toBeLessThan(1e-12);
    }
    // Track.similar gives the same list; compareTracks the same distance.
    const viaTrack = await h.gql(`query($id: ID!) { track(id: $id) { ... on Track { similar(first: 5) { rank distance track { databaseId } } } } }`, {
      id: gid(ids[3]!),
    });
    expect(viaTrack.errors).toBeUndefined();
    expect((viaTrack.data!.track.similar as any[]).map((r) => r.track.databaseId)).toEqual(results.map((r) => r.track.databaseId));
    const comparison = await h.gql(`query($a: ID!, $b: ID!) { compareTracks(a: $a, b: $b) { distance similarity a { databaseId } b { databaseId } contributions { contribution } } }`, {
      a: gid(ids[3]!),
      b: results[0].track.id,
    });
    expect(comparison.errors).toBeUndefined();
    expect(comparison.data!.compareTracks.distance).toBeCloseTo(results[0].distance, 12);
    expect(comparison.data!.compareTracks.b.databaseId).toBe(results[0].track.databaseId);
  });

  it('first: 500 with every field passes the query limits (graphql-armor)', async () => {
    const response = await h.gql(SIMILAR, { id: gid(ids[1]!), first: 500 });
    expect(response.errors).toBeUndefined();
    expect(response.data!.similarTracks).toHaveLength(ids.length - 1);
  });

  it('custom weights and exclusion', async () => {
    const all = await h.gql(SIMILAR, { id: gid(ids[0]!), first: 3, weights: [{ dimension: 'TEMPO_BPM', weight: 2 }] });
    expect(all.errors).toBeUndefined();
    const first = (all.data!.similarTracks as any[])[0];
    const tempo = first.contributions.find((c: any) => c.dimension === 'TEMPO_BPM');
    expect(tempo.weight).toBe(1);
    expect(first.distance).toBeCloseTo(tempo.contribution, 12);
    const without = await h.gql(SIMILAR, {
      id: gid(ids[0]!),
      first: 2,
      weights: [{ dimension: 'TEMPO_BPM', weight: 2 }],
      exclude: [first.track.id],
    });
    expect((without.data!.similarTracks as any[]).map((r) => r.track.id)).toEqual((all.data!.similarTracks as any[]).slice(1).map((r) => r.track.id));
  });

  it('reports and recomputes the normalisers', async () => {
    const status = await h.gql(`{ similarityNormalisers { source libraryFingerprintCount fingerprintCount computedAt dimensions { dimension lo hi mean std } } }`);
    expect(status.errors).toBeUndefined();
    const normalisers = status.data!.similarityNormalisers;
    expect(normalisers.source).toBe('LIBRARY');
    expect(normalisers.fingerprintCount).toBe(40);
    expect(normalisers.dimensions).toHaveLength(DIMENSIONS.length);
    expect(normalisers.dimensions[0].hi).toBeGreaterThan(normalisers.dimensions[0].lo);
    const recomputed = await h.gql(`mutation { recomputeNormalisers { normalisers { source fingerprintCount computedAt } userErrors { code } } }`);
    expect(recomputed.errors).toBeUndefined();
    expect(recomputed.data!.recomputeNormalisers.userErrors).toEqual([]);
    expect(recomputed.data!.recomputeNormalisers.normalisers.fingerprintCount).toBe(40);
    expect(Date.parse(recomputed.data!.recomputeNormalisers.normalisers.computedAt)).toBeGreaterThanOrEqual(Date.parse(normalisers.computedAt));
  });

  it('names its errors: unknown track, no fingerprint, bad weights, bad first, bad id', async () => {
    const noFingerprint = await addTrackWithoutFingerprint(h.orm, 'not-analysed');
    const codeOf = async (variables: Record<string, unknown>) => {
      const response = await h.gql(SIMILAR, variables);
      expect(response.data?.similarTracks ?? null).toBeNull();
      return { code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message };
    };
    expect((await codeOf({ id: gid(999_999) })).code).toBe('TRACK_NOT_FOUND');
    expect(await codeOf({ id: gid(noFingerprint) })).toEqual({ code: 'FINGERPRINT_NOT_FOUND', message: `track ${noFingerprint}: has no fingerprint` });
    expect((await codeOf({ id: gid(ids[0]!), weights: [{ dimension: 'LUFS', weight: 0 }] })).code).toBe('INVALID_WEIGHTS');
    expect((await codeOf({ id: gid(ids[0]!), weights: [{ dimension: 'LUFS', weight: -2 }] })).code).toBe('INVALID_WEIGHTS');
    expect((await codeOf({ id: gid(ids[0]!), first: 501 })).code).toBe('PAGE_SIZE_EXCEEDED');
    expect((await codeOf({ id: gid(ids[0]!), first: 0 })).code).toBe('INVALID_PAGINATION');
    expect((await codeOf({ id: 'nope' })).code).toBe('INVALID_ID');
    // An unknown dimension is refused by the enum before any resolver runs.
    const unknown = await h.gql(SIMILAR, { id: gid(ids[0]!), weights: [{ dimension: 'TEMPO', weight: 1 }] });
    expect(unknown.errors?.[0]?.message).toMatch(/TEMPO/);
    expect(h.loggedErrors).toEqual([]);
  });
});
