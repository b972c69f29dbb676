/**
 * The cached similarity index follows the database, not one connection: it compares the `library_changes`
 * counter (max(seq)) per request, so writes made through another ORM (another process or a worker on another
 * machine; on PostgreSQL another pool) are seen by the next query, and an unchanged database costs that one
 * read. Runs on the test engine (AURALIS_TEST_ENGINE=postgres for PostgreSQL).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/sql';
import { seededRandom } from '../../fixtures/random.ts';
import { createOrm, openDatabase } from '../../server/db/createOrm.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { NormaliserRepository } from '../../server/db/NormaliserRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { FINGERPRINT_VERSION, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { SimilarityService } from '../../server/similarity/similarityService.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { addTracks, valuesAt } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'auralis-library-index-'));
/** The server's ORM, with every SQL statement it runs logged. */
let server: MikroORM;
/** Another ORM on the same database (another process; on PostgreSQL its own pool). */
let worker: MikroORM;
const statements: string[] = [];
const library = new Map<number, FingerprintValues>();
let ids: number[];

beforeAll(async () => {
  const url = await freshDatabaseUrl(path.join(dir, 'library.db'));
  server = await openDatabase({
    dbPath: url,
    overrides: { contextName: 'index-server', debug: ['query'], colors: false, logger: (message: string) => statements.push(message) },
  });
  worker = await createOrm({ dbPath: url, overrides: { contextName: 'index-worker' } });
  const next = seededRandom(29);
  const fingerprints = Array.from({ length: 40 }, () => valuesAt(() => next()));
  ids = await addTracks(server, fingerprints);
  ids.forEach((id, i) => library.set(id, fingerprints[i]!));
});

afterAll(async () => {
  await Promise.all([server?.close(), worker?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  statements.length = 0;
});

const service = () => new SimilarityService(server.em.fork());

describe('the similarity index follows the database', () => {
  it('answers from the cached index after one counter read while nothing changed', async () => {
    await service().similarTracks(ids[0]!, { first: 3 });
    statements.length = 0;
    const again = await service().similarTracks(ids[1]!, { first: 3 });
    expect(again).toHaveLength(3);
    expect(statements.filter((s) => s.includes('library_changes'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('track_fingerprints') || s.includes('fingerprint_normalisers'))).toEqual([]);
  });

  it('sees an upsert, an update and a track delete made through another ORM on the next query', async () => {
    const query = library.get(ids[5]!)!;
    const [before] = await service().similarTracks(ids[5]!, { first: 1 });
    expect(before!.distance).toBeGreaterThan(0);

    // A twin of the query track, written by the worker.
    const [twin] = await addTracks(worker, [{ ...query }], 'worker-twin');
    const [first] = await service().similarTracks(ids[5]!, { first: 1 });
    expect([first!.trackId, first!.distance]).toEqual([twin, 0]);

    // The worker moves the twin far away: the next answer is the old nearest again.
    const far = { ...query, tempoBpm: query.tempoBpm < 120 ? 180 : 60, lufs: query.lufs < -15 ? -5 : -30 };
    await new FingerprintRepository(worker.em.fork()).upsert({ trackId: twin!, values: far });
    const [moved] = await service().similarTracks(ids[5]!, { first: 1 });
    expect(moved!.trackId).toBe(before!.trackId);

    // The worker deletes the twin's track (its fingerprint goes by cascade): it is gone from every answer.
    expect(await new TrackRepository(worker.em.fork()).delete(twin!)).toBe(true);
    const all = await service().similarTracks(ids[5]!, { first: 100 });
    expect(all.map((s) => s.trackId)).not.toContain(twin);
    expect(all).toHaveLength(library.size - 1);
  });

  it('sees a fingerprint deleted through another ORM', async () => {
    const victim = ids[7]!;
    expect((await service().similarTracks(ids[6]!, { first: 100 })).map((s) => s.trackId)).toContain(victim);
    expect(await new FingerprintRepository(worker.em.fork()).delete(victim)).toBe(true);
    expect((await service().similarTracks(ids[6]!, { first: 100 })).map((s) => s.trackId)).not.toContain(victim);
    await new FingerprintRepository(worker.em.fork()).upsert({ trackId: victim, values: library.get(victim)! });
  });

  it('sees normalisers stored through another ORM', async () => {
    const before = await service().normalisers();
    expect(before.source).toBe('library');
    // The worker stores other statistics (for the current count and version, so no recompute is due).
    const shifted = before.stored!.dimensions.map((d) => ({
      dimension: d.dimension,
      lo: d.lo - 1,
      hi: d.hi + 1,
      mean: d.mean,
      std: d.std,
      quantiles: d.quantiles.map((q) => q - 1),
      fingerprintCount: before.libraryFingerprintCount,
      fingerprintVersion: FINGERPRINT_VERSION,
      computedAt: new Date(),
    }));
    await new NormaliserRepository(worker.em.fork()).replaceAll(shifted);
    const after = await service().normalisers();
    expect([...after.ranges.lo]).toEqual(shifted.map((d) => d.lo));
    expect([...after.ranges.hi]).toEqual(shifted.map((d) => d.hi));
    expect(after.stored!.dimensions.map((d) => [...d.quantiles])).toEqual(shifted.map((d) => [...d.quantiles]));
  });
});
