import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { addTracks, valuesAt } from './helpers.ts';

/** Polls `job(id)` until it is no longer RUNNING. */
async function finished(h: Harness, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 400; i++) {
    const response = await h.gql(`query($id: ID!) { job(id: $id) { id kind status processed total selection error } }`, { id });
    const job = response.data!.job;
    if (job.status !== 'RUNNING') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('map job did not finish');
}

const MAP = `{ libraryMap { status computedAt computeMilliseconds count placed trackIds x y values(dimension: TEMPO_BPM) job { id kind } } }`;

describe('GraphQL: libraryMap, buildLibraryMap', () => {
  let h: Harness;
  let ids: number[];

  beforeAll(async () => {
    h = await createHarness();
    const next = seededRandom(23);
    ids = await addTracks(h.orm, Array.from({ length: 40 }, () => valuesAt(() => next())));
  });
  afterAll(async () => h.close());

  it('is MISSING with no points before the first build', async () => {
    const response = await h.gql(MAP);
    expect(response.errors).toBeUndefined();
    expect(response.data!.libraryMap).toEqual({
      status: 'MISSING',
      computedAt: null,
      computeMilliseconds: null,
      count: 0,
      placed: 0,
      trackIds: [],
      x: [],
      y: [],
      values: [],
      job: null,
    });
  });

  it('builds the map as a job (kind LIBRARY_MAP, progress in steps) and serves every track as parallel arrays', async () => {
    const started = await h.gql(`mutation { buildLibraryMap { job { id kind status total } userErrors { code } } }`);
    expect(started.data!.buildLibraryMap.userErrors).toEqual([]);
    const { id } = started.data!.buildLibraryMap.job;
    expect(started.data!.buildLibraryMap.job).toMatchObject({ kind: 'LIBRARY_MAP', status: 'RUNNING' });
    const again = await h.gql(`mutation { buildLibraryMap { job { id } } }`);
    expect(again.data!.buildLibraryMap.job.id).toBe(id);
    const job = await finished(h, id);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ kind: 'LIBRARY_MAP', status: 'COMPLETED', selection: null, error: null });
    expect(job.processed).toBe(job.total);

    const response = await h.gql(MAP);
    expect(response.errors).toBeUndefined();
    const map = response.data!.libraryMap;
    expect(map).toMatchObject({ status: 'READY', count: 40, placed: 0, job: null });
    expect(map.computeMilliseconds).toBeGreaterThanOrEqual(0);
    expect(map.trackIds).toEqual(ids.map((trackId) => encodeGlobalId('Track', trackId)));
    expect(map.x).toHaveLength(40);
    expect(map.y).toHaveLength(40);
    for (const v of [...map.x, ...map.y]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const stored = await new FingerprintRepository(h.orm.em.fork()).getByTrackId(ids[7]!);
    expect(map.values[7]).toBeCloseTo(stored!.tempoBpm, 9);
  });

  it('is STALE after a fingerprint change, the new track drawn where its nearest neighbour is', async () => {
    await addTracks(h.orm, [valuesAt(0.5)], 'late');
    const response = await h.gql(`{ libraryMap { status count placed } }`);
    expect(response.data!.libraryMap).toEqual({ status: 'STALE', count: 41, placed: 1 });
  });

  it('refuses buildLibraryMap without the token when one is configured', async () => {
    const secured = await createHarness({ apiToken: 'map-token' });
    try {
      const refused = await secured.gql(`mutation { buildLibraryMap { job { id } } }`);
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const read = await secured.gql(`{ libraryMap { status } }`);
      expect(read.data!.libraryMap).toEqual({ status: 'MISSING' });
    } finally {
      await secured.close();
    }
  });
});
