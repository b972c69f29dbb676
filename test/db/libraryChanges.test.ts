/**
 * `library_changes` (LibraryChangeRepository): every write of `track_fingerprints` or `fingerprint_normalisers`
 * records itself in its own transaction, one row per track (the latest change), so max(seq) is the change
 * counter the similarity index compares. Runs on the test engine (AURALIS_TEST_ENGINE=postgres for PostgreSQL).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { LibraryChangeRepository } from '../../server/db/LibraryChangeRepository.ts';
import { NormaliserRepository } from '../../server/db/NormaliserRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { dbOf, runQuery } from '../../server/db/sql.ts';
import { createOrm, openDatabase } from '../../server/db/createOrm.ts';
import { freshDatabaseUrl, testEngine } from '../support/testDatabase.ts';
import { syntheticValues, tempDir } from './helpers.ts';

const temp = tempDir();
let orm: MikroORM;
/** The database's URL (or SQLite file), for a second ORM. */
let url: string;

beforeAll(async () => {
  url = await freshDatabaseUrl(temp.file('changes.db'));
  orm = await openDatabase({ dbPath: url, overrides: { contextName: 'library-changes' } });
});

afterAll(async () => {
  await orm?.close();
  temp.cleanup();
});

beforeEach(async () => {
  const em = orm.em.fork();
  await runQuery(em, dbOf(em).deleteFrom('tracks'));
  await runQuery(em, dbOf(em).deleteFrom('library_changes'));
});

const changes = () => new LibraryChangeRepository(orm.em.fork());
const fingerprints = () => new FingerprintRepository(orm.em.fork());

/** Adds `n` tracks (paths /music/changes/<prefix>-<i>.flac); returns their ids in order. */
async function addTracks(n: number, prefix = 'track'): Promise<number[]> {
  const tracks = new TrackRepository(orm.em.fork());
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await tracks.add({ path: `/music/changes/${prefix}-${i}.flac` })).id);
  return ids;
}

describe('library_changes', () => {
  it('records an upsert and moves the counter with every write of the same track, keeping one row for it', async () => {
    const [id] = await addTracks(1);
    expect(await changes().latestSeq()).toBe(0);
    await fingerprints().upsert({ trackId: id!, values: syntheticValues(1) });
    const first = await changes().latestSeq();
    expect(first).toBeGreaterThan(0);
    await fingerprints().upsert({ trackId: id!, values: syntheticValues(2) });
    const second = await changes().latestSeq();
    expect(second).toBeGreaterThan(first);
    const log = await changes().after(0);
    expect(log.map((c) => [c.seq, c.trackId, c.kind])).toEqual([[second, id, 'upsert']]);
    expect(log[0]!.changedAt).toBeInstanceOf(Date);
  });

  it('bounds the log: upsertMany of 1 000 rows adds one row per track, and rewriting them adds none', async () => {
    const ids = await addTracks(1000, 'bulk');
    const inputs = ids.map((trackId, i) => ({ trackId, values: syntheticValues(i) }));
    expect(await fingerprints().upsertMany(inputs)).toBe(1000);
    expect(await changes().count()).toBe(1000);
    const afterInsert = await changes().latestSeq();
    expect(await fingerprints().upsertMany(inputs.map((input, i) => ({ ...input, values: syntheticValues(i + 1) })))).toBe(1000);
    expect(await changes().count()).toBe(1000);
    const afterUpdate = await changes().latestSeq();
    expect(afterUpdate).toBeGreaterThan(afterInsert);
    // The rows after the first write's counter are exactly the 1 000 tracks, each once.
    const since = await changes().after(afterInsert);
    expect(since.map((c) => c.trackId).sort((a, b) => a! - b!)).toEqual(ids);
    expect(new Set(since.map((c) => c.kind))).toEqual(new Set(['upsert']));
  });

  it('moves the counter when a fingerprint is deleted, and not for a track without one', async () => {
    const [withFingerprint, without] = await addTracks(2);
    await fingerprints().upsert({ trackId: withFingerprint!, values: syntheticValues(3) });
    const before = await changes().latestSeq();
    expect(await fingerprints().delete(without!)).toBe(false);
    expect(await changes().latestSeq()).toBe(before);
    expect(await fingerprints().delete(withFingerprint!)).toBe(true);
    expect(await changes().latestSeq()).toBeGreaterThan(before);
    expect((await changes().after(before)).map((c) => [c.trackId, c.kind])).toEqual([[withFingerprint, 'delete']]);
  });

  it('moves the counter when a track is deleted and its fingerprint goes with it (ON DELETE CASCADE)', async () => {
    const [fingerprinted, bare] = await addTracks(2);
    await fingerprints().upsert({ trackId: fingerprinted!, values: syntheticValues(4) });
    const before = await changes().latestSeq();
    const tracks = new TrackRepository(orm.em.fork());
    expect(await tracks.delete(bare!)).toBe(true);
    expect(await changes().latestSeq()).toBe(before);
    expect(await tracks.delete(fingerprinted!)).toBe(true);
    expect(await fingerprints().getByTrackId(fingerprinted!)).toBeNull();
    expect(await changes().latestSeq()).toBeGreaterThan(before);
    expect((await changes().after(before)).map((c) => [c.trackId, c.kind])).toEqual([[fingerprinted, 'delete']]);
    expect(await tracks.delete(fingerprinted!)).toBe(false);
  });

  it('records nothing for a write that fails (the log is in the write transaction)', async () => {
    const [id] = await addTracks(1);
    const rejected = await fingerprints()
      .upsertMany([
        { trackId: id!, values: syntheticValues(5) },
        { trackId: 987_654, values: syntheticValues(6) },
      ])
      .then(
        () => 'resolved',
        (error: { code?: string }) => error.code,
      );
    expect(rejected).toBe('TRACK_NOT_FOUND');
    expect(await changes().latestSeq()).toBe(0);
    expect(await changes().count()).toBe(0);
  });

  it('records a replacement of the stored normalisers as one row without a track', async () => {
    const normalisers = new NormaliserRepository(orm.em.fork());
    await normalisers.replaceAll([]);
    const first = await changes().latestSeq();
    await normalisers.replaceAll([]);
    const log = await changes().after(0);
    expect(log.map((c) => [c.trackId, c.kind])).toEqual([[null, 'normalisers']]);
    expect(log[0]!.seq).toBeGreaterThan(first);
  });

  it('refuses to record outside a transaction', async () => {
    await expect(changes().record('upsert', [1])).rejects.toThrow(/inside the transaction/);
    expect(await changes().count()).toBe(0);
  });
});

// SQLite serialises writers with BEGIN IMMEDIATE (test/db/writeLock.test.ts); a waiting better-sqlite3 writer
// blocks the event loop for the busy timeout, so this interleaving is shown on PostgreSQL only.
describe.runIf(testEngine() === 'postgresql')('library_changes under concurrent writers (PostgreSQL)', () => {
  it('hands out seq in commit order: a second writer waits for the first one’s commit', async () => {
    const [a, b] = await addTracks(2, 'concurrent');
    const other = await createOrm({ dbPath: url, overrides: { contextName: 'library-changes-other' } });
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = orm.em.fork().transactional(async (em) => {
        await new FingerprintRepository(em).upsertMany([{ trackId: a!, values: syntheticValues(7) }]);
        await gate;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      let secondDone = false;
      const second = new FingerprintRepository(other.em.fork()).upsert({ trackId: b!, values: syntheticValues(8) }).then(() => (secondDone = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(secondDone).toBe(false);
      release();
      await Promise.all([first, second]);
      const seqOf = new Map((await changes().after(0)).map((c) => [c.trackId, c.seq]));
      expect(seqOf.get(b!)!).toBeGreaterThan(seqOf.get(a!)!);
    } finally {
      await other.close();
    }
  });
});
