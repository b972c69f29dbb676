/**
 * The incrementally maintained similarity index (deltas from `library_changes`) answers exactly like an index
 * freshly built from the same database: after rounds of random adds, value changes, fingerprint deletes and
 * track deletes, every answer of the long-lived server ORM (which applied the rounds as deltas) equals the
 * answer of a new ORM on the same database (which builds from scratch). The two compute the same f32 scan and
 * the same f64 re-rank on the same normalised inputs, so distances are compared exactly. Runs on the test engine
 * (AURALIS_TEST_ENGINE=postgres for PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { syntheticFingerprint } from '../../fixtures/syntheticFingerprint.ts';
import { createOrm } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { libraryIndex, rowOf, vectorOf } from '../../server/similarity/libraryIndex.ts';
import { MixService } from '../../server/similarity/mix.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { PathService } from '../../server/similarity/sonicPath.ts';
import { addTracks, openLibrary } from './helpers.ts';

const random = seededRandom(113);
let library: Awaited<ReturnType<typeof openLibrary>>;
/** Track ids that hold a fingerprint now. */
const live = new Set<number>();
/** Track ids that exist without a fingerprint. */
const bare = new Set<number>();
let added = 0;

const pickFrom = (ids: Set<number>) => [...ids][Math.floor(random() * ids.size)]!;

beforeAll(async () => {
  library = await openLibrary();
  const ids = await addTracks(library.orm, Array.from({ length: 1200 }, () => syntheticFingerprint(random)), 'seed');
  for (const id of ids) live.add(id);
}, 120_000);

afterAll(async () => {
  await library?.close();
});

/** One random round that keeps the fingerprint count (so no normaliser recompute is due). */
async function randomRound(changes: number, removals: number): Promise<void> {
  const em = library.orm.em.fork();
  const fingerprints = new FingerprintRepository(em);
  const tracks = new TrackRepository(em);
  for (let i = 0; i < changes; i++) await fingerprints.upsert({ trackId: pickFrom(live), values: syntheticFingerprint(random) });
  for (let i = 0; i < removals; i++) {
    const victim = pickFrom(live);
    live.delete(victim);
    if (random() < 0.5) {
      await fingerprints.delete(victim);
      bare.add(victim);
    } else {
      await tracks.delete(victim);
    }
  }
  for (let i = 0; i < removals; i++) {
    // Half of the additions give a bare track its fingerprint back, half add new tracks.
    if (bare.size > 0 && random() < 0.5) {
      const id = pickFrom(bare);
      bare.delete(id);
      await fingerprints.upsert({ trackId: id, values: syntheticFingerprint(random) });
      live.add(id);
    } else {
      const [id] = await addTracks(library.orm, [syntheticFingerprint(random)], `added-${added++}`);
      live.add(id!);
    }
  }
}

/** The answers the spec fixes: for some query tracks and one outside fingerprint, the top 25 with distances. */
async function answers(orm: MikroORM, queries: readonly number[]) {
  const service = new SimilarityService(orm.em.fork());
  const lists = [];
  for (const id of queries) lists.push(await service.similarTracks(id, { first: 25 }));
  lists.push(await service.similarToValues(syntheticFingerprint(seededRandom(5)), { first: 25 }));
  lists.push(await service.similarTracks(queries[0]!, { first: 25, weights: { lufs: 3, tempoBpm: 1, bassPct: 2 } }));
  const ranked = lists.map((list) => list.map((r) => [r.trackId, r.distance, r.rank]));
  // Paths and mixes scan the same index: they must never pick a retired row either.
  const path = await new PathService(orm.em.fork()).sonicPath(queries[0]!, queries[1]!, { count: 12 });
  const mix = await new MixService(orm.em.fork()).mix([queries[0]!, queries[2]!], { count: 12 });
  return [...ranked, path.map((step) => [step.trackId, step.similarityToPrevious]), mix.map((entry) => [entry.trackId, entry.similarityToPrevious])];
}

async function expectSameAsFreshBuild(): Promise<void> {
  const queries = Array.from({ length: 6 }, () => pickFrom(live));
  const incremental = await answers(library.orm, queries);
  const fresh = await createOrm({ dbPath: library.dbUrl, overrides: { contextName: `fresh-${added}-${queries[0]}` } });
  try {
    expect(incremental).toEqual(await answers(fresh, queries));
    const rebuilt = await libraryIndex(fresh.em.fork());
    expect(rebuilt.generation).toBe(0);
    expect(rebuilt.size).toBe(live.size);
  } finally {
    await fresh.close();
  }
}

describe('incremental similarity index', () => {
  it('applies random adds, changes and deletes as deltas and answers like a fresh build', async () => {
    const before = await libraryIndex(library.orm.em.fork());
    expect(before.size).toBe(live.size);
    for (let round = 0; round < 5; round++) {
      await randomRound(6, 4);
      const index = await libraryIndex(library.orm.em.fork());
      // Applied as a delta (a rebuild starts again at generation 0), with the same normalisers.
      expect(index.generation).toBe(before.generation + round + 1);
      expect(index.normalisers.stored?.computedAt).toEqual(before.normalisers.stored?.computedAt);
      expect(index.size).toBe(live.size);
      await expectSameAsFreshBuild();
    }
  }, 120_000);

  it('keeps an older snapshot consistent while later deltas retire its rows', async () => {
    const old = await libraryIndex(library.orm.em.fork());
    const id = pickFrom(live);
    const oldValues = Float64Array.from(vectorOf(old, rowOf(old, id)));
    await new FingerprintRepository(library.orm.em.fork()).upsert({ trackId: id, values: syntheticFingerprint(random) });
    const current = await libraryIndex(library.orm.em.fork());
    expect(current.generation).toBe(old.generation + 1);
    expect([...vectorOf(old, rowOf(old, id))]).toEqual([...oldValues]);
    expect([...vectorOf(current, rowOf(current, id))]).not.toEqual([...oldValues]);
  });

  it('compacts after many retired rows and still answers like a fresh build', async () => {
    const em = library.orm.em.fork();
    const changed = [...live].slice(0, 1100);
    await new FingerprintRepository(em).upsertMany(changed.map((trackId) => ({ trackId, values: syntheticFingerprint(random) })));
    const index = await libraryIndex(library.orm.em.fork());
    expect(index.generation).toBeGreaterThan(0);
    // Compacted: no dead rows, rows in ascending track-id order again.
    expect(index.deadRows.length).toBe(0);
    expect(index.trackIds.length).toBe(live.size);
    expect([...index.trackIds]).toEqual([...live].sort((a, b) => a - b));
    await expectSameAsFreshBuild();
  }, 120_000);

  it('rebuilds when the normalisation changes (count drift beyond 5 %) and answers like a fresh build', async () => {
    const ids = await addTracks(library.orm, Array.from({ length: 80 }, () => syntheticFingerprint(random)), 'drift');
    for (const id of ids) live.add(id);
    const index = await libraryIndex(library.orm.em.fork());
    expect(index.generation).toBe(0);
    expect(index.normalisers.stored?.fingerprintCount).toBe(live.size);
    await expectSameAsFreshBuild();
  }, 120_000);
});
