import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { JobRepository } from '../../server/db/JobRepository.ts';
import { LibraryMapRepository } from '../../server/db/LibraryMapRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { LibraryMapService, type LibraryMapView } from '../../server/similarity/libraryMap.ts';
import { MAP_JOB_SELECTION, runLibraryMapJob, startLibraryMapJob } from '../../server/similarity/libraryMapJob.ts';
import { NormaliserStore } from '../../server/similarity/normalisers.ts';
import { addTracks, openLibrary, valuesAt } from './helpers.ts';

const CLUSTERS = 4;
const PER_CLUSTER = 40;

/** Fingerprints in CLUSTERS tight groups around random centres (t ∈ [0.1, 0.9] per dimension, ±0.02 around it). */
function clustered(seed: number): { values: ReturnType<typeof valuesAt>[]; cluster: number[] } {
  const next = seededRandom(seed);
  const centres = Array.from({ length: CLUSTERS }, () => Array.from({ length: 25 }, () => 0.1 + 0.8 * next()));
  const values: ReturnType<typeof valuesAt>[] = [];
  const cluster: number[] = [];
  for (let i = 0; i < CLUSTERS * PER_CLUSTER; i++) {
    const c = i % CLUSTERS;
    values.push(valuesAt((j) => centres[c]![j]! + (next() - 0.5) * 0.04));
    cluster.push(c);
  }
  return { values, cluster };
}

function pointOf(view: LibraryMapView, trackId: number): { x: number; y: number } {
  const i = view.trackIds.indexOf(trackId);
  expect(i).toBeGreaterThanOrEqual(0);
  return { x: view.x[i]!, y: view.y[i]! };
}

describe('library map (UMAP of the normalised fingerprints)', () => {
  let library: Awaited<ReturnType<typeof openLibrary>>;
  let ids: number[];
  let clusterOf: Map<number, number>;
  let fingerprints: ReturnType<typeof valuesAt>[];

  beforeAll(async () => {
    library = await openLibrary();
    const { values, cluster } = clustered(12);
    fingerprints = values;
    ids = await addTracks(library.orm, values);
    clusterOf = new Map(ids.map((id, i) => [id, cluster[i]!]));
  });
  afterAll(async () => library?.close());

  it('is MISSING before the first build, with no points', async () => {
    const view = await new LibraryMapService(library.orm.em.fork()).current();
    expect(view).toMatchObject({ status: 'MISSING', placed: 0, computedAt: null, jobId: null });
    expect(view.trackIds.length).toBe(0);
  });

  it('keeps neighbourhoods: clusters of fingerprints stay separate clusters in 2-D', async () => {
    const record = await new LibraryMapService(library.orm.em.fork()).build();
    expect(Array.from(record.trackIds)).toEqual(ids);
    const view = await new LibraryMapService(library.orm.em.fork()).current();
    expect(view.status).toBe('READY');
    expect(view.placed).toBe(0);
    const n = view.trackIds.length;
    for (let i = 0; i < n; i++) {
      expect(view.x[i]).toBeGreaterThanOrEqual(0);
      expect(view.x[i]).toBeLessThanOrEqual(1);
      expect(view.y[i]).toBeGreaterThanOrEqual(0);
      expect(view.y[i]).toBeLessThanOrEqual(1);
    }
    // Each point's 5 nearest points on the map belong to its own cluster.
    let sameCluster = 0;
    for (let i = 0; i < n; i++) {
      const nearest = Array.from({ length: n }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => Math.hypot(view.x[a]! - view.x[i]!, view.y[a]! - view.y[i]!) - Math.hypot(view.x[b]! - view.x[i]!, view.y[b]! - view.y[i]!))
        .slice(0, 5);
      sameCluster += nearest.filter((j) => clusterOf.get(view.trackIds[j]!) === clusterOf.get(view.trackIds[i]!)).length;
    }
    expect(sameCluster / (n * 5)).toBeGreaterThan(0.98);
    // Every cluster's spread (largest distance of a member to its centroid) is below half the distance to the nearest other centroid.
    const centroids = Array.from({ length: CLUSTERS }, (_, c) => {
      const members = Array.from({ length: n }, (_, i) => i).filter((i) => clusterOf.get(view.trackIds[i]!) === c);
      const x = members.reduce((s, i) => s + view.x[i]!, 0) / members.length;
      const y = members.reduce((s, i) => s + view.y[i]!, 0) / members.length;
      return { x, y, spread: Math.max(...members.map((i) => Math.hypot(view.x[i]! - x, view.y[i]! - y))) };
    });
    for (const [c, centroid] of centroids.entries()) {
      const nearestOther = Math.min(...centroids.filter((_, o) => o !== c).map((o) => Math.hypot(o.x - centroid.x, o.y - centroid.y)));
      expect(centroid.spread).toBeLessThan(nearestOther / 2);
    }
  });

  it('is reproducible: the same library and seed give the same map', async () => {
    const first = await new LibraryMapRepository(library.orm.em.fork()).get();
    const again = await new LibraryMapService(library.orm.em.fork()).build();
    let largest = 0;
    for (let i = 0; i < again.trackIds.length; i++) {
      largest = Math.max(largest, Math.abs(again.x[i]! - first!.x[i]!), Math.abs(again.y[i]! - first!.y[i]!));
    }
    expect(largest).toBeLessThan(1e-6);
  });

  it('answers from the stored map while the library is unchanged (no rebuild), STALE after a change with new tracks placed at their nearest mapped neighbour', async () => {
    const service = new LibraryMapService(library.orm.em.fork());
    const stored = await new LibraryMapRepository(library.orm.em.fork()).header();
    const before = await service.current();
    const again = await new LibraryMapService(library.orm.em.fork()).current();
    expect(again.status).toBe('READY');
    expect(again.computedAt?.getTime()).toBe(stored!.computedAt.getTime());
    expect(Array.from(again.x)).toEqual(Array.from(before.x));

    // A new track next to track ids[1] (cluster 1), and a removed track.
    const neighbour = ids[1]!;
    const nearNeighbour = Object.fromEntries(Object.entries(fingerprints[1]!).map(([key, value]) => [key, value + 1e-6])) as ReturnType<typeof valuesAt>;
    const [added] = await addTracks(library.orm, [nearNeighbour], 'added');
    await new TrackRepository(library.orm.em.fork()).delete(ids[2]!);
    const stale = await new LibraryMapService(library.orm.em.fork()).current();
    expect(stale.status).toBe('STALE');
    expect(stale.placed).toBe(1);
    expect(stale.computedAt?.getTime()).toBe(stored!.computedAt.getTime());
    expect(stale.trackIds.includes(ids[2]!)).toBe(false);
    expect(stale.trackIds.length).toBe(ids.length);
    const placed = pointOf(stale, added!);
    const at = pointOf(before, neighbour);
    expect(placed.x).toBe(at.x);
    expect(placed.y).toBe(at.y);
    // Unchanged tracks keep their stored positions.
    expect(pointOf(stale, ids[0]!)).toEqual(pointOf(before, ids[0]!));

    await new LibraryMapService(library.orm.em.fork()).build();
    const rebuilt = await new LibraryMapService(library.orm.em.fork()).current();
    expect(rebuilt).toMatchObject({ status: 'READY', placed: 0 });
    expect(rebuilt.trackIds.includes(added!)).toBe(true);
  });

  it('is STALE after the normalisers change, keeping every stored position', async () => {
    const before = await new LibraryMapService(library.orm.em.fork()).current();
    expect(before.status).toBe('READY');
    await new NormaliserStore(library.orm.em.fork()).recompute();
    const after = await new LibraryMapService(library.orm.em.fork()).current();
    expect(after).toMatchObject({ status: 'STALE', placed: 0 });
    expect(Array.from(after.x)).toEqual(Array.from(before.x));
  });

  it('gives each point its raw value of a dimension for colouring', async () => {
    const service = new LibraryMapService(library.orm.em.fork());
    const view = await service.current();
    const tempos = service.values(view, 'tempoBpm');
    const stored = await new FingerprintRepository(library.orm.em.fork()).getByTrackId(view.trackIds[3]!);
    expect(tempos[3]).toBeCloseTo(stored!.tempoBpm, 9);
  });
});

describe('library map builds as jobs', () => {
  let library: Awaited<ReturnType<typeof openLibrary>>;

  beforeAll(async () => {
    library = await openLibrary();
    await addTracks(library.orm, clustered(5).values.slice(0, 30));
  });
  afterAll(async () => library?.close());

  it('starts one build at a time: a second start returns the running job, which completes with processed = total', async () => {
    const [first, second] = await Promise.all([startLibraryMapJob(library.orm), startLibraryMapJob(library.orm)]);
    expect(second.id).toBe(first.id);
    const during = await new LibraryMapService(library.orm.em.fork()).current();
    expect(during).toMatchObject({ status: 'COMPUTING', jobId: first.id });
    const jobs = new JobRepository(library.orm.em.fork());
    for (let i = 0; i < 200; i++) {
      if ((await jobs.get(first.id))!.status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const done = (await jobs.get(first.id))!;
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'COMPLETED', selection: MAP_JOB_SELECTION });
    expect(done.processed).toBe(done.total);
    const view = await new LibraryMapService(library.orm.em.fork()).current();
    expect(view).toMatchObject({ status: 'READY', jobId: null });
    expect(view.trackIds.length).toBe(30);
  });

  it('a cancelled job stores nothing; a shutdown ends one FAILED', async () => {
    const before = await new LibraryMapRepository(library.orm.em.fork()).header();
    const jobs = new JobRepository(library.orm.em.fork());
    const cancelled = await jobs.createTask({ id: 'map-cancelled', selection: MAP_JOB_SELECTION, total: 10 });
    expect(await jobs.cancel(cancelled.id)).toBe(true);
    await runLibraryMapJob(library.orm, cancelled.id);
    expect(await jobs.get(cancelled.id)).toMatchObject({ status: 'CANCELLED' });
    const stopped = await jobs.createTask({ id: 'map-stopped', selection: MAP_JOB_SELECTION, total: 10 });
    await runLibraryMapJob(library.orm, stopped.id, AbortSignal.abort());
    expect(await jobs.get(stopped.id)).toMatchObject({ status: 'FAILED', error: 'the server stopped before the library map was computed; start it again' });
    expect((await new LibraryMapRepository(library.orm.em.fork()).header())!.computedAt.getTime()).toBe(before!.computedAt.getTime());
  });
});
