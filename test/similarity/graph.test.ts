import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { openDatabase } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { type SimilarityEdgeRecord, SimilarityEdgeRepository } from '../../server/db/SimilarityEdgeRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { DIMENSIONS, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { GraphService, InvalidGraphKError } from '../../server/similarity/graph.ts';
import { kernelLoads, libraryIndex } from '../../server/similarity/libraryIndex.ts';
import { normaliseVector } from '../../server/similarity/normalise.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { DEFAULT_WEIGHT_VECTOR } from '../../server/similarity/weights.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';

const WIDTH = DIMENSIONS.length;

/** The exact kNN of every fingerprinted track by brute force: every pair in f64, ties by track id. */
async function bruteForce(orm: MikroORM, k: number): Promise<SimilarityEdgeRecord[]> {
  const em = orm.em.fork();
  const { ranges } = await libraryIndex(em);
  const { trackIds, vectors } = await new FingerprintRepository(em).getVectorMatrix();
  const n = trackIds.length;
  const normalised = Array.from({ length: n }, (_, i) => normaliseVector(vectors.subarray(i * WIDTH, (i + 1) * WIDTH), ranges));
  const edges: SimilarityEdgeRecord[] = [];
  for (let a = 0; a < n; a++) {
    const others: { neighbourId: number; distance: number }[] = [];
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      let squared = 0;
      for (let j = 0; j < WIDTH; j++) squared += DEFAULT_WEIGHT_VECTOR[j]! * (normalised[b]![j]! - normalised[a]![j]!) ** 2;
      others.push({ neighbourId: trackIds[b]!, distance: Math.sqrt(squared) });
    }
    others.sort((x, y) => x.distance - y.distance || x.neighbourId - y.neighbourId);
    others.slice(0, k).forEach((o, i) => edges.push({ trackId: trackIds[a]!, rank: i + 1, ...o }));
  }
  return edges;
}

function expectSameGraph(stored: SimilarityEdgeRecord[], expected: SimilarityEdgeRecord[]): void {
  expect(stored.map((e) => [e.trackId, e.rank, e.neighbourId])).toEqual(expected.map((e) => [e.trackId, e.rank, e.neighbourId]));
  for (const [i, edge] of stored.entries()) expect(edge.distance).toBeCloseTo(expected[i]!.distance, 12);
}

/** Random fingerprints; every seventh repeats an earlier one, so distance ties (0) occur and are broken by id. */
function randomLibrary(next: () => number, count: number): FingerprintValues[] {
  const library: FingerprintValues[] = [];
  for (let i = 0; i < count; i++) library.push(i % 7 === 6 ? library[i - 3]! : valuesAt(() => next()));
  return library;
}

describe('the kNN similarity graph', () => {
  let library: Awaited<ReturnType<typeof openLibrary>>;

  beforeAll(async () => {
    library = await openLibrary();
  });

  afterAll(async () => {
    await library?.close();
  });

  it('refuses k outside 1…200 with INVALID_K', async () => {
    const graph = new GraphService(library.orm.em.fork());
    await expect(graph.build(0)).rejects.toBeInstanceOf(InvalidGraphKError);
    await expect(graph.build(2.5)).rejects.toMatchObject({ code: 'INVALID_K' });
    await expect(graph.build(201)).rejects.toMatchObject({ code: 'INVALID_K' });
  });

  it('stores each track’s exact k nearest neighbours, equal to brute force (ties by track id), as similarTracks ranks them', async () => {
    const next = seededRandom(11);
    await addTracks(library.orm, randomLibrary(next, 160), 'graph');
    const em = library.orm.em.fork();
    const result = await new GraphService(em).build(8);
    expect(result).toMatchObject({ k: 8, tracks: 160, edges: 160 * 8 });
    const stored = await new SimilarityEdgeRepository(em).all();
    expectSameGraph(stored, await bruteForce(library.orm, 8));
    const header = await new SimilarityEdgeRepository(em).header();
    expect(header).toMatchObject({ k: 8, weightsIdentity: 'default' });
    expect(header!.normaliserIdentity).toMatch(/^library@\d+$/);
    // The same lists as similarTracks.
    // Across two worker threads (graphWorker.ts): the same graph.
    expect(await new GraphService(em).build(8, { threads: 2 })).toMatchObject({ k: 8, tracks: 160, edges: 160 * 8 });
    expect(await new SimilarityEdgeRepository(em).all()).toEqual(stored);
    const someTrack = stored[8 * 40]!.trackId;
    const similar = await new SimilarityService(em).similarTracks(someTrack, { first: 8 });
    expect(similar.map((s) => s.trackId)).toEqual(stored.filter((e) => e.trackId === someTrack).map((e) => e.neighbourId));
  });

  it('updates incrementally after random adds, changes and deletes to exactly what a rebuild stores (two connections)', async () => {
    const next = seededRandom(5);
    const em = library.orm.em.fork();
    const graph = new GraphService(em);
    // A second connection (another process): its in-memory copy of the graph goes stale when the first one writes.
    const other = await openDatabase({ dbPath: library.dbUrl, overrides: { contextName: 'graph-other-connection' } });
    onTestFinished(() => other.close());
    const edges = new SimilarityEdgeRepository(em);
    const modes: string[] = [];
    let added = 0;
    for (let round = 0; round < 12; round++) {
      const fingerprints = new FingerprintRepository(library.orm.em.fork());
      const tracks = new TrackRepository(library.orm.em.fork());
      const { trackIds } = await fingerprints.getVectorMatrix();
      const pick = () => trackIds[Math.floor(next() * trackIds.length)]!;
      const operations = 1 + Math.floor(next() * 3);
      for (let op = 0; op < operations; op++) {
        const kind = next();
        if (kind < 0.3) await addTracks(library.orm, [valuesAt(() => next())], `added-${round}-${added++}`);
        else if (kind < 0.55) await fingerprints.upsert({ trackId: pick(), values: valuesAt(() => next()) });
        else if (kind < 0.65) {
          // A track moved onto another's fingerprint: a tie at distance 0.
          const { vectors } = await fingerprints.getVectorMatrix();
          const source = Math.floor(next() * trackIds.length);
          const values = Object.fromEntries(DIMENSIONS.map((d, j) => [d.key, vectors[source * WIDTH + j]!])) as FingerprintValues;
          await fingerprints.upsert({ trackId: pick(), values });
        } else if (kind < 0.85) await fingerprints.delete(pick());
        else await tracks.delete(pick());
      }
      const update = await (round % 3 === 2 ? new GraphService(other.em.fork()) : graph).update();
      modes.push(update.mode);
      const incremental = await edges.all();
      expectSameGraph(incremental, await bruteForce(library.orm, 8));
      // Every other round, the next update starts from this build (first connection's copy), else from the update's state.
      if (round % 2 === 0) {
        await graph.build(8);
        expect(await edges.all()).toEqual(incremental);
      }
    }
    expect(modes.filter((m) => m === 'incremental').length).toBeGreaterThanOrEqual(8);
  });

  it('a one-track update with retired rows in the index neither copies the index nor reloads the kernel, and equals a rebuild', async () => {
    const next = seededRandom(23);
    const em = library.orm.em.fork();
    const graph = new GraphService(em);
    await graph.build(8);
    const similarity = new SimilarityService(em);
    const fingerprints = new FingerprintRepository(library.orm.em.fork());
    const { trackIds } = await fingerprints.getVectorMatrix();
    // Changes leave retired rows (deadRows) in the delta-updated index.
    for (let i = 0; i < 3; i++) await fingerprints.upsert({ trackId: trackIds[i * 5]!, values: valuesAt(() => next()) });
    await similarity.similarTracks(trackIds[1]!, { first: 3 });
    expect((await libraryIndex(em)).deadRows.length).toBeGreaterThan(0);
    const loads = kernelLoads(em);
    const [added] = await addTracks(library.orm, [valuesAt(() => next())], 'one-track-update');
    expect((await graph.update()).mode).toBe('incremental');
    await similarity.similarTracks(added!, { first: 3 });
    expect(await graph.neighbours(added!, 8)).toHaveLength(8);
    // Before: the update walked a compact copy (one kernel load) and the next query reloaded the index's rows (another).
    expect(kernelLoads(em)).toBe(loads);
    expectSameGraph(await new SimilarityEdgeRepository(em).all(), await bruteForce(library.orm, 8));
  });

  it('keeps lists shorter than k in a library of fewer than k + 1 tracks, and grows them as tracks arrive', async () => {
    const small = await openLibrary();
    try {
      const em = small.orm.em.fork();
      const graph = new GraphService(em);
      const edges = new SimilarityEdgeRepository(em);
      const ids = await addTracks(small.orm, [valuesAt(0.1)]);
      await graph.build(3);
      expect(await edges.all()).toEqual([]);
      ids.push(...(await addTracks(small.orm, [valuesAt(0.2), valuesAt(0.9)], 'more')));
      expect((await graph.update()).mode).toBe('incremental');
      expectSameGraph(await edges.all(), await bruteForce(small.orm, 3));
      expect((await edges.all()).length).toBe(6);
      await new TrackRepository(small.orm.em.fork()).delete(ids[1]!);
      await graph.update();
      expectSameGraph(await edges.all(), await bruteForce(small.orm, 3));
      expect(await graph.update()).toEqual({ mode: 'current', rewritten: 0 });
    } finally {
      await small.close();
    }
  });
});
