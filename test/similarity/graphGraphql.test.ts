import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { SimilarityEdgeRepository } from '../../server/db/SimilarityEdgeRepository.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { addTracks, valuesAt } from './helpers.ts';

/** Polls `job(id)` until it is no longer RUNNING. */
async function finished(h: Harness, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 200; i++) {
    const response = await h.gql(`query($id: ID!) { job(id: $id) { id kind status processed total selection error } }`, { id });
    const job = response.data!.job;
    if (job.status !== 'RUNNING') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('graph job did not finish');
}

describe('GraphQL: buildSimilarityGraph, Track.neighbours, similarityGraph', () => {
  let h: Harness;
  let ids: number[];
  const gid = (id: number) => encodeGlobalId('Track', id);

  beforeAll(async () => {
    h = await createHarness();
    const next = seededRandom(19);
    ids = await addTracks(h.orm, Array.from({ length: 60 }, () => valuesAt(() => next())));
  });
  afterAll(async () => h.close());

  it('refuses k outside 1…200 in userErrors (INVALID_K), storing nothing', async () => {
    const response = await h.gql(`mutation { buildSimilarityGraph(k: 0) { job { id } userErrors { code field } } }`);
    expect(response.data!.buildSimilarityGraph).toEqual({ job: null, userErrors: [{ code: 'INVALID_K', field: ['k'] }] });
    expect(await new SimilarityEdgeRepository(h.orm.em.fork()).header()).toBeNull();
  });

  it('Track.neighbours is empty before a graph is built', async () => {
    const response = await h.gql(`query($id: ID!) { node(id: $id) { ... on Track { neighbours { rank } } } }`, { id: gid(ids[0]!) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.node.neighbours).toEqual([]);
  });

  it('builds the graph as a job (kind SIMILARITY_GRAPH, progress in tracks) and serves neighbours equal to similar', async () => {
    const started = await h.gql(`mutation { buildSimilarityGraph(k: 6) { job { id kind status total } userErrors { code } } }`);
    expect(started.data!.buildSimilarityGraph.userErrors).toEqual([]);
    expect(started.data!.buildSimilarityGraph.job).toMatchObject({ kind: 'SIMILARITY_GRAPH', status: 'RUNNING', total: 60 });
    const job = await finished(h, started.data!.buildSimilarityGraph.job.id);
    expect(job).toMatchObject({ kind: 'SIMILARITY_GRAPH', status: 'COMPLETED', processed: 60, total: 60, selection: null, error: null });

    const response = await h.gql(
      `query($id: ID!) { node(id: $id) { ... on Track {
        neighbours(first: 4) { track { databaseId } rank distance similarity because }
        similar(first: 4) { track { databaseId } rank distance }
      } } }`,
      { id: gid(ids[3]!) },
    );
    expect(response.errors).toBeUndefined();
    const { neighbours, similar } = response.data!.node;
    expect(neighbours.map((n: any) => n.track.databaseId)).toEqual(similar.map((s: any) => s.track.databaseId));
    for (const [i, n] of neighbours.entries()) {
      expect(n.rank).toBe(i + 1);
      expect(n.distance).toBeCloseTo(similar[i].distance, 12);
      expect(n.because).not.toBe('');
    }
  });

  it('Track.neighbours follows a fingerprint change (incremental update before reading)', async () => {
    // Track 10 moves onto track 3's fingerprint: it becomes 3's nearest neighbour (distance 0).
    const repo = new FingerprintRepository(h.orm.em.fork());
    const stored = await repo.getVectorMatrix();
    const row = stored.trackIds.indexOf(ids[3]!);
    const values = Object.fromEntries(
      (await import('../../server/fingerprint/dimensions.ts')).DIMENSIONS.map((d, j) => [d.key, stored.vectors[row * 25 + j]!]),
    ) as any;
    await repo.upsert({ trackId: ids[10]!, values });
    const response = await h.gql(`query($id: ID!) { node(id: $id) { ... on Track { neighbours(first: 1) { track { databaseId } distance } } } }`, {
      id: gid(ids[3]!),
    });
    expect(response.data!.node.neighbours).toEqual([{ track: { databaseId: ids[10] }, distance: 0 }]);
  });

  it('similarityGraph: the seeds, their neighbours at depth 1, and the edges among them', async () => {
    const response = await h.gql(
      `query($ids: [ID!]!) { similarityGraph(trackIds: $ids, depth: 1) { nodes { databaseId } edges { source target rank distance } truncated } }`,
      { ids: [gid(ids[0]!), gid(ids[1]!)] },
    );
    expect(response.errors).toBeUndefined();
    const graph = response.data!.similarityGraph;
    const nodes = graph.nodes.map((n: any) => n.databaseId);
    expect(nodes.slice(0, 2)).toEqual([ids[0], ids[1]]);
    expect(new Set(nodes).size).toBe(nodes.length);
    expect(graph.truncated).toBe(false);
    const gids = new Set(nodes.map(gid));
    for (const e of graph.edges) {
      expect(gids.has(e.source) && gids.has(e.target)).toBe(true);
    }
    // Every seed's 6 edges are there.
    expect(graph.edges.filter((e: any) => e.source === gid(ids[0]!))).toHaveLength(6);
    const zero = await h.gql(`query($ids: [ID!]!) { similarityGraph(trackIds: $ids, depth: 0) { nodes { databaseId } edges { rank } } }`, {
      ids: [gid(ids[0]!)],
    });
    expect(zero.data!.similarityGraph).toEqual({ nodes: [{ databaseId: ids[0] }], edges: [] });
    const bad = await h.gql(`query($ids: [ID!]!) { similarityGraph(trackIds: $ids, depth: 4) { truncated } }`, { ids: [gid(ids[0]!)] });
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_DEPTH');
  });

  it('similarityGraph(where): the tracks inside the ranges are the seeds; trackIds and where together are refused', async () => {
    const repo = new FingerprintRepository(h.orm.em.fork());
    const { vectors, trackIds } = await repo.getVectorMatrix();
    const lufs = (await import('../../server/fingerprint/dimensions.ts')).DIMENSIONS.findIndex((d) => d.key === 'lufs');
    const expected = Array.from(trackIds).filter((_, row) => vectors[row * 25 + lufs]! >= -12);
    expect(expected.length).toBeGreaterThan(0);
    const response = await h.gql(`{ similarityGraph(where: {lufs: {gte: -12}}, depth: 0) { nodes { databaseId } edges { source target } } }`);
    expect(response.errors).toBeUndefined();
    const graph = response.data!.similarityGraph;
    expect(graph.nodes.map((n: any) => n.databaseId)).toEqual(expected);
    const gids = new Set(expected.map(gid));
    for (const e of graph.edges) expect(gids.has(e.source) && gids.has(e.target)).toBe(true);
    const both = await h.gql(`query($ids: [ID!]!) { similarityGraph(trackIds: $ids, where: {lufs: {gte: -12}}) { truncated } }`, { ids: [gid(ids[0]!)] });
    expect(both.errors?.[0]?.extensions?.code).toBe('INVALID_GRAPH_SELECTION');
  });
});
