/**
 * Hostile values (issue 8): a value outside a dimension's valid range is refused with INVALID_FINGERPRINT
 * and nothing is written, so one bad import cannot poison the normalisers, similarity or statistics of the
 * whole library; weights that overflow their sum are INVALID_WEIGHTS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { addTrackWithoutFingerprint, addTracks, valuesAt } from '../similarity/helpers.ts';
import { createHarness, type Harness } from './harness.ts';

const UPSERT = /* GraphQL */ `
  mutation ($id: ID!, $values: FingerprintValuesInput!) {
    upsertFingerprint(trackId: $id, values: $values) { fingerprint { tempoBpm } userErrors { field code message } }
  }
`;

describe('absurd values and weights', () => {
  let h: Harness;
  let ids: number[];
  const gid = (id: number) => encodeGlobalId('Track', id);

  beforeAll(async () => {
    h = await createHarness();
    const next = seededRandom(8);
    ids = await addTracks(h.orm, Array.from({ length: 12 }, () => valuesAt(() => next())));
  });
  afterAll(async () => h.close());

  const healthy = async () => {
    const similar = await h.gql(`query($id: ID!) { similarTracks(trackId: $id, first: 3) { distance similarity } }`, { id: gid(ids[0]!) });
    expect(similar.errors).toBeUndefined();
    expect(similar.data!.similarTracks).toHaveLength(3);
    for (const r of similar.data!.similarTracks) expect(Number.isFinite(r.distance) && r.distance > 0).toBe(true);
    const compare = await h.gql(`query($a: ID!, $b: ID!) { compareTracks(a: $a, b: $b) { distance } }`, { a: gid(ids[0]!), b: gid(ids[1]!) });
    expect(compare.errors).toBeUndefined();
    expect(compare.data!.compareTracks.distance).toBeGreaterThan(0);
    const stats = await h.gql(`{ libraryStats { fingerprintCount dimensions { dimension { name } min max mean std p5 p95 } } }`);
    expect(stats.errors).toBeUndefined();
    expect(stats.data!.libraryStats.fingerprintCount).toBe(ids.length);
    const recompute = await h.gql(`mutation { recomputeNormalisers { userErrors { code } } }`);
    expect(recompute.errors).toBeUndefined();
    expect(recompute.data!.recomputeNormalisers.userErrors).toEqual([]);
  };

  it('tempoBpm 1e200 is INVALID_FINGERPRINT naming tempoBpm, nothing is written, and the library keeps working', async () => {
    const target = ids[5]!;
    const before = await h.gql(`query($id: ID!) { track(id: $id) { ... on Track { fingerprint { tempoBpm } } } }`, { id: gid(target) });
    const r = await h.gql(UPSERT, { id: gid(target), values: { ...valuesAt(0.5), tempoBpm: 1e200 } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.upsertFingerprint.fingerprint).toBeNull();
    const [error] = r.data!.upsertFingerprint.userErrors;
    expect(error).toMatchObject({ code: 'INVALID_FINGERPRINT', field: ['values', 'tempoBpm'] });
    expect(error.message).toMatch(/tempoBpm.*1e\+200/);
    const after = await h.gql(`query($id: ID!) { track(id: $id) { ... on Track { fingerprint { tempoBpm } } } }`, { id: gid(target) });
    expect(after.data).toEqual(before.data);
    await healthy();
  });

  it('a fresh track with 1.7e308 values is refused too; libraryStats stays finite', async () => {
    for (const name of ['huge-a', 'huge-b']) {
      const id = await addTrackWithoutFingerprint(h.orm, name);
      const r = await h.gql(UPSERT, { id: gid(id), values: { ...valuesAt(0.5), spectralCentroid: 1.7e308 } });
      expect(r.data!.upsertFingerprint.userErrors[0]).toMatchObject({ code: 'INVALID_FINGERPRINT', field: ['values', 'spectralCentroid'] });
    }
    await healthy();
  });

  it('each dimension refuses a value just outside its valid range and accepts its bounds and its silence value', async () => {
    const id = await addTrackWithoutFingerprint(h.orm, 'bounds');
    for (const d of DIMENSIONS) {
      for (const bad of [d.range.min - Math.max(1, Math.abs(d.range.min)) * 1e-3, d.range.max + Math.max(1, Math.abs(d.range.max)) * 1e-3]) {
        if (bad === d.silenceValue) continue;
        const r = await h.gql(UPSERT, { id: gid(id), values: { ...valuesAt(0.5), [d.key]: bad } });
        expect(r.data!.upsertFingerprint.userErrors[0], `${d.key} = ${bad}`).toMatchObject({ code: 'INVALID_FINGERPRINT', field: ['values', d.key] });
      }
      for (const good of [d.range.min, d.range.max, d.silenceValue]) {
        const r = await h.gql(UPSERT, { id: gid(id), values: { ...valuesAt(0.5), [d.key]: good } });
        expect(r.data!.upsertFingerprint.userErrors, `${d.key} = ${good}`).toEqual([]);
      }
    }
  });

  it('fingerprintDimensions exposes each valid range', async () => {
    const r = await h.gql(`{ fingerprintDimensions { name range { min max } silenceValue } }`);
    const tempo = r.data!.fingerprintDimensions.find((d: { name: string }) => d.name === 'tempoBpm');
    expect(tempo).toEqual({ name: 'tempoBpm', range: { min: 30, max: 300 }, silenceValue: 0 });
  });

  it('weights 1e308 twice (a sum that overflows) are INVALID_WEIGHTS, not "every similarity is 1"', async () => {
    const weights = [
      { dimension: 'TEMPO_BPM', weight: 1e308 },
      { dimension: 'LUFS', weight: 1e308 },
    ];
    const r = await h.gql(`query($id: ID!, $w: [DimensionWeight!]) { similarTracks(trackId: $id, first: 3, weights: $w) { similarity } }`, {
      id: gid(ids[0]!),
      w: weights,
    });
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('INVALID_WEIGHTS');
  });
});
