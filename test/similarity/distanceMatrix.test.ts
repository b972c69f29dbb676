/**
 * GraphQL `distanceMatrix(trackIds)`: the kernel's pairwise distances against a brute-force f64 computation
 * (the exact distance `compareTracks` reports, within the kernel's f32 error), rows in the order given,
 * symmetric with a zero diagonal; more than 500 tracks → TOO_MANY_TRACKS; a missing fingerprint → a named error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { syntheticFingerprint } from '../../fixtures/syntheticFingerprint.ts';
import { toVector } from '../../server/fingerprint/dimensions.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { libraryIndex } from '../../server/similarity/libraryIndex.ts';
import { explainDistance } from '../../server/similarity/similarityService.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../../server/similarity/weights.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { addTrackWithoutFingerprint, addTracks } from './helpers.ts';

const MATRIX = /* GraphQL */ `
  query Matrix($ids: [ID!]!) {
    distanceMatrix(trackIds: $ids) {
      tracks { databaseId }
      distances
    }
  }
`;

describe('GraphQL distanceMatrix', () => {
  let h: Harness;
  let ids: number[];
  const values = new Map<number, ReturnType<typeof syntheticFingerprint>>();
  const gid = (id: number) => encodeGlobalId('Track', id);

  beforeAll(async () => {
    h = await createHarness();
    const random = seededRandom(41);
    const fingerprints = Array.from({ length: 60 }, () => syntheticFingerprint(random));
    ids = await addTracks(h.orm, fingerprints);
    ids.forEach((id, i) => values.set(id, fingerprints[i]!));
  }, 60_000);
  afterAll(async () => h.close());

  it('equals brute force, in the order given, symmetric with a zero diagonal', async () => {
    const order = [ids[7]!, ids[0]!, ids[59]!, ...ids.slice(10, 40).reverse(), ids[3]!];
    const response = await h.gql(MATRIX, { ids: order.map(gid) });
    expect(response.errors).toBeUndefined();
    const matrix = response.data!.distanceMatrix as { tracks: { databaseId: number }[]; distances: number[][] };
    expect(matrix.tracks.map((t) => t.databaseId)).toEqual(order);
    const { ranges } = await libraryIndex(h.orm.em.fork());
    expect(matrix.distances).toHaveLength(order.length);
    order.forEach((a, i) => {
      expect(matrix.distances[i]).toHaveLength(order.length);
      expect(matrix.distances[i]![i]).toBe(0);
      order.forEach((b, j) => {
        expect(matrix.distances[i]![j]).toBe(matrix.distances[j]![i]);
        const exact = explainDistance(toVector(values.get(a)!), toVector(values.get(b)!), ranges, DEFAULT_WEIGHT_VECTOR).distance;
        expect(Math.abs(matrix.distances[i]![j]! - exact)).toBeLessThan(1e-6);
      });
    });
  });

  it('refuses more than 500 tracks (TOO_MANY_TRACKS) and names a track without a fingerprint; the server keeps serving', async () => {
    const tooMany = await h.gql(MATRIX, { ids: Array.from({ length: 501 }, (_, i) => gid(ids[i % ids.length]!)) });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('TOO_MANY_TRACKS');
    expect(tooMany.errors?.[0]?.message).toMatch(/at most 500 tracks, received 501/);
    const bare = await addTrackWithoutFingerprint(h.orm, 'bare');
    const missing = await h.gql(MATRIX, { ids: [gid(ids[0]!), gid(bare)] });
    expect(missing.errors?.[0]?.extensions?.code).toBe('FINGERPRINT_NOT_FOUND');
    const full = await h.gql(MATRIX, { ids: Array.from({ length: 500 }, (_, i) => gid(ids[i % ids.length]!)) });
    expect(full.errors).toBeUndefined();
    expect((full.data!.distanceMatrix as { distances: number[][] }).distances).toHaveLength(500);
  });
});
