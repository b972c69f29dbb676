/**
 * `fingerprints(where)` from the in-memory index (the columnar SIMD filter, rangeFilter.ts) gives the same
 * matches and the same keyset pages as the SQL path, on a seeded library with random and / or / not filters
 * (strict and inclusive bounds, some exactly on stored values) and random pages, before and after deltas.
 * Runs on the test engine (AURALIS_TEST_ENGINE=postgres for PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { syntheticFingerprint } from '../../fixtures/syntheticFingerprint.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import type { FingerprintWhere } from '../../server/db/fingerprintWhere.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { FingerprintService } from '../../server/library/fingerprintService.ts';
import { libraryIndex, loadedLibraryIndex } from '../../server/similarity/libraryIndex.ts';
import { f32AtLeast, f32AtMost, nextDown, nextUp } from '../../server/similarity/rangeFilter.ts';
import { addTracks, openLibrary } from './helpers.ts';
import { storedValues } from '../support/storedValues.ts';

const random = seededRandom(307);
let library: Awaited<ReturnType<typeof openLibrary>>;
let stored: ReturnType<typeof syntheticFingerprint>[];
let ids: number[];

beforeAll(async () => {
  library = await openLibrary();
  // As the database stores them (f32), so that bounds drawn from `stored` sit exactly on stored values.
  stored = Array.from({ length: 600 }, () => storedValues(syntheticFingerprint(random)));
  ids = await addTracks(library.orm, stored);
}, 120_000);
afterAll(async () => library?.close());

function randomRange(key: (typeof DIMENSIONS)[number]['key']) {
  const d = DIMENSIONS.find((x) => x.key === key)!;
  const span = d.fallbackRange.hi - d.fallbackRange.lo;
  // Half of the bounds sit exactly on a stored value, to test inclusive against strict.
  const bound = () => (random() < 0.5 ? stored[Math.floor(random() * stored.length)]![key] : d.fallbackRange.lo + random() * span);
  const [a, b] = [bound(), bound()].sort((x, y) => x - y);
  const range: Record<string, number> = {};
  range[random() < 0.5 ? 'gte' : 'gt'] = a!;
  if (random() < 0.8) range[random() < 0.5 ? 'lte' : 'lt'] = b!;
  return range;
}

function randomWhere(depth = 0): FingerprintWhere {
  const where: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const key = DIMENSIONS[Math.floor(random() * DIMENSIONS.length)]!.key;
    where[key] = randomRange(key);
  }
  if (depth < 2 && random() < 0.4) where.or = Array.from({ length: Math.floor(random() * 3) }, () => randomWhere(depth + 1));
  if (depth < 2 && random() < 0.3) where.not = [randomWhere(depth + 1)];
  if (depth < 2 && random() < 0.2) where.and = [randomWhere(depth + 1)];
  return where as FingerprintWhere;
}

/** The neighbouring f32 of the f32 `v` (by bit pattern; v nonzero and finite). */
function nextF32(v: number, step: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, v);
  view.setInt32(0, view.getInt32(0) + step);
  return view.getFloat32(0);
}

async function allPages(search: (after: number | undefined) => Promise<{ ids: number[]; hasNextPage: boolean; total: number }>) {
  const pages = [];
  let after: number | undefined;
  for (;;) {
    const page = await search(after);
    pages.push(page);
    if (!page.hasNextPage || page.ids.length === 0) return pages;
    after = page.ids.at(-1);
  }
}

async function compareWithSql(rounds: number): Promise<void> {
  const service = new FingerprintService(library.orm.em.fork(), { roots: () => [] } as never);
  const sql = new FingerprintRepository(library.orm.em.fork());
  expect(await loadedLibraryIndex(library.orm.em.fork())).toBeDefined();
  for (let i = 0; i < rounds; i++) {
    const where = random() < 0.1 ? {} : randomWhere();
    const first = 1 + Math.floor(random() * 60);
    const viaIndex = await allPages(async (after) => {
      const page = await service.search(where, { first, after: after === undefined ? null : { id: after } });
      return { ids: page.nodes.map((n) => n.trackId), hasNextPage: page.hasNextPage, total: await page.totalCount() };
    });
    const viaSql = await allPages(async (after) => {
      const page = await sql.page(where, { first, after: after === undefined ? null : { id: after } });
      return { ids: page.nodes.map((n) => n.trackId), hasNextPage: page.hasNextPage, total: await page.totalCount() };
    });
    expect(viaIndex, JSON.stringify(where)).toEqual(viaSql);
  }
}

describe('fingerprints(where) from the in-memory index', () => {
  it('uses SQL while no index is loaded, and the same pages as SQL once it is', async () => {
    expect(await loadedLibraryIndex(library.orm.em.fork())).toBeUndefined();
    await libraryIndex(library.orm.em.fork());
    await compareWithSql(60);
  }, 120_000);

  it('gives the same pages as SQL after deltas (changed, removed and added rows)', async () => {
    const repo = new FingerprintRepository(library.orm.em.fork());
    for (let i = 0; i < 10; i++) await repo.upsert({ trackId: ids[i * 7]!, values: syntheticFingerprint(random) });
    for (let i = 0; i < 5; i++) await repo.delete(ids[300 + i]!);
    await addTracks(library.orm, Array.from({ length: 5 }, () => syntheticFingerprint(random)), 'later');
    expect((await libraryIndex(library.orm.em.fork())).generation).toBeGreaterThan(0);
    await compareWithSql(40);
  }, 120_000);

  it('turns strict bounds into the neighbouring doubles', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
  });

  it('turns a double bound into the f32 bound that selects the same f32 values', () => {
    const ulp1 = 2 ** -23; // f32 spacing in [1, 2)
    expect(f32AtLeast(1)).toBe(1);
    expect(f32AtMost(1)).toBe(1);
    expect(f32AtLeast(1 + Number.EPSILON)).toBe(1 + ulp1);
    expect(f32AtMost(1 + Number.EPSILON)).toBe(1);
    expect(f32AtMost(1 - Number.EPSILON / 2)).toBe(1 - ulp1 / 2);
    expect(f32AtLeast(-1 - Number.EPSILON)).toBe(-1);
    expect(f32AtMost(-1 - Number.EPSILON)).toBe(-1 - ulp1);
    expect(f32AtLeast(Number.MIN_VALUE)).toBe(2 ** -149);
    expect(f32AtMost(Number.MIN_VALUE)).toBe(0);
    expect(f32AtLeast(-Infinity)).toBe(-Infinity);
    expect(f32AtMost(Infinity)).toBe(Infinity);
    expect(f32AtLeast(-1e300)).toBe(-3.4028234663852886e38);
    expect(f32AtMost(1e300)).toBe(3.4028234663852886e38);
    // For every f32 v near a double bound x: v ≥ x ⇔ v ≥ f32AtLeast(x), v ≤ x ⇔ v ≤ f32AtMost(x).
    const next = seededRandom(41);
    for (let i = 0; i < 2000; i++) {
      const x = (next() - 0.5) * 10 ** Math.floor(next() * 12 - 6);
      const f = Math.fround(x);
      for (const v of [f, nextF32(f, 1), nextF32(f, -1)]) {
        expect(v >= x).toBe(v >= f32AtLeast(x));
        expect(v <= x).toBe(v <= f32AtMost(x));
      }
    }
  });
});
