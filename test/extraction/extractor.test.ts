import type { MikroORM } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { openTestDatabase } from '../support/testDatabase.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { AnalysisPool } from '../../server/extraction/analysisPool.ts';
import {
  type ExtractionProgress,
  extractFingerprints,
  selectTrackIds,
} from '../../server/extraction/extractor.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSION_KEYS, FINGERPRINT_VERSION, storedValue } from '../../server/fingerprint/dimensions.ts';
import { sql, syntheticValues, tempDir } from '../db/helpers.ts';
import { corruptFile, goodTrack, scratchDir, zeroByteFile } from './files.ts';

describe('extractFingerprints', () => {
  const db = tempDir('auralis-extractor-');
  const scratch = scratchDir();
  let orm: MikroORM;
  const pool = new AnalysisPool({ workers: 2 });
  beforeAll(async () => {
    orm = await openTestDatabase(db.file('library.db'));
  });
  afterAll(async () => {
    await pool.close();
    await orm.close();
    db.cleanup();
    scratch.cleanup();
  });

  const addTrack = async (path: string) => (await new TrackRepository(orm.em.fork()).add({ path })).id;
  const statusOf = async (id: number) =>
    (await sql<{ fingerprint_status: string; last_error: string | null }>(orm, 'select fingerprint_status, last_error from tracks where id = ?', [id]))[0]!;
  const fingerprintRows = async (id: number) =>
    Number((await sql<{ n: number | string }>(orm, 'select count(*) as n from track_fingerprints where track_id = ?', [id]))[0]!.n); // pg: bigint as string

  it('a batch with a corrupt file, a zero-byte file and good files: good ones CURRENT with the analysed values, bad ones FAILED with lastError and no fingerprint row', async () => {
    const goodFiles = await Promise.all([41, 42, 43].map((seed) => goodTrack(seed)));
    const good = await Promise.all(goodFiles.map(addTrack));
    const corrupt = await addTrack(corruptFile(scratch.dir, 'batch-corrupt.mp3'));
    const empty = await addTrack(zeroByteFile(scratch.dir, 'batch-empty.flac'));
    const events: ExtractionProgress[] = [];
    const failures: string[] = [];
    const summary = await extractFingerprints(orm, pool, {
      trackIds: [good[0]!, corrupt, good[1]!, empty, good[2]!],
      onProgress: (p) => events.push(p),
      onFailure: (f) => failures.push(f.code),
    });
    expect(summary).toMatchObject({ outcome: 'COMPLETED', total: 5, processed: 5, succeeded: 3, failed: 2, skipped: 0 });
    expect(summary.failures.map((f) => f.trackId).sort()).toEqual([corrupt, empty].sort());
    expect(failures).toEqual(summary.failures.map((f) => f.code));
    for (const id of [corrupt, empty]) {
      const row = await statusOf(id);
      expect(row.fingerprint_status).toBe('FAILED');
      expect(row.last_error).toMatch(/batch-(corrupt|empty)/);
      expect(await fingerprintRows(id)).toBe(0);
    }
    const repository = new FingerprintRepository(orm.em.fork());
    for (const [i, id] of good.entries()) {
      expect((await statusOf(id)).fingerprint_status).toBe('CURRENT');
      const stored = await repository.getByTrackId(id);
      const direct = await analyseFile(goodFiles[i]!);
      expect(stored!.fingerprintVersion).toBe(FINGERPRINT_VERSION);
      for (const key of DIMENSION_KEYS) {
        // Stored as the nearest f32 of the analysed value.
        expect(Math.abs(stored![key] - storedValue(direct.values[key]!)), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(direct.values[key]!)));
      }
    }
    // Progress: one event at the start, one per file, counts never going back, a rate once files are done.
    expect(events).toHaveLength(6);
    expect(events[0]).toMatchObject({ processed: 0, total: 5, currentFile: null, etaSeconds: null });
    events.slice(1).forEach((event, i) => {
      expect(event.processed).toBe(i + 1);
      expect(event.succeeded + event.failed + event.skipped).toBe(event.processed);
      expect(event.rate).toBeGreaterThan(0);
      expect(event.etaSeconds).toBeCloseTo((event.total - event.processed) / event.rate, 6);
      expect(typeof event.currentFile).toBe('string');
    });
    expect(events.at(-1)!.etaSeconds).toBe(0);
  });

  it('selections: MISSING has no fingerprint row, STALE is status STALE or an older version, ALL is every track', async () => {
    const all = await selectTrackIds(orm, 'ALL');
    const missing = await selectTrackIds(orm, 'MISSING');
    const withRows = await sql<{ track_id: number }>(orm, 'select track_id from track_fingerprints order by track_id');
    expect(missing).toEqual(all.filter((id) => !withRows.some((r) => r.track_id === id)));
    const [first] = withRows.map((r) => r.track_id);
    await new TrackRepository(orm.em.fork()).setStatus(first!, 'STALE');
    expect(await selectTrackIds(orm, 'STALE')).toEqual([first]);
    await expect(selectTrackIds(orm, 'SOME' as 'ALL')).rejects.toMatchObject({ code: 'INVALID_EXTRACTION' });
  });

  it('failure policy abort: stops after N failures, later files are not analysed', async () => {
    const bad = [];
    for (let i = 0; i < 4; i++) bad.push(await addTrack(corruptFile(scratch.dir, `abort-${i}.mp3`)));
    const summary = await extractFingerprints(orm, pool, {
      trackIds: bad,
      concurrency: 1,
      failurePolicy: { mode: 'abort', maxFailures: 2 },
    });
    expect(summary).toMatchObject({ outcome: 'ABORTED', failed: 2, succeeded: 0, total: 4 });
    expect((await statusOf(bad[2]!)).fingerprint_status).toBe('MISSING');
    expect((await statusOf(bad[3]!)).fingerprint_status).toBe('MISSING');
    await expect(
      extractFingerprints(orm, pool, { trackIds: bad, failurePolicy: { mode: 'abort', maxFailures: 0 } }),
    ).rejects.toMatchObject({ code: 'INVALID_EXTRACTION' });
  });

  it('cancellation stops cleanly: files in flight are abandoned, nothing is written for them, the rest stay untouched', async () => {
    const long = await Promise.all([51, 52, 53, 54].map((seed) => goodTrack(seed, 90)));
    const ids = await Promise.all(long.map(addTrack));
    const controller = new AbortController();
    const running = extractFingerprints(orm, pool, {
      trackIds: ids,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.processed === 1) controller.abort();
      },
    });
    // The first long file ends the wait; abort also when nothing has finished within 300 ms.
    const timer = setTimeout(() => controller.abort(), 300);
    const summary = await running;
    clearTimeout(timer);
    expect(summary.outcome).toBe('CANCELLED');
    expect(summary.processed).toBeLessThan(ids.length);
    expect(summary.failed).toBe(0);
    const statuses = await Promise.all(ids.map(statusOf));
    expect(statuses.filter((s) => s.fingerprint_status === 'CURRENT')).toHaveLength(summary.succeeded);
    expect(statuses.filter((s) => s.fingerprint_status === 'MISSING')).toHaveLength(ids.length - summary.succeeded);
  });

  it('a per-file timeout marks the file FAILED with DECODE_TIMEOUT', async () => {
    const id = await addTrack(await goodTrack(61, 120));
    const summary = await extractFingerprints(orm, pool, { trackIds: [id], timeoutMs: 30 });
    expect(summary.failures).toMatchObject([{ trackId: id, code: 'DECODE_TIMEOUT' }]);
    expect(await statusOf(id)).toMatchObject({ fingerprint_status: 'FAILED', last_error: expect.stringMatching(/30 ms/) });
    expect(await fingerprintRows(id)).toBe(0);
  });

  it('a failed re-analysis keeps the previous fingerprint row as it was; a vanished track is skipped', async () => {
    const path = corruptFile(scratch.dir, 'had-values.mp3');
    const id = await addTrack(path);
    await new FingerprintRepository(orm.em.fork()).upsert({ trackId: id, values: syntheticValues(3) });
    const summary = await extractFingerprints(orm, pool, { trackIds: [id, 999_999] });
    expect(summary).toMatchObject({ failed: 1, skipped: 1, processed: 2 });
    const stored = await new FingerprintRepository(orm.em.fork()).getByTrackId(id);
    expect(stored!.lufs).toBe(syntheticValues(3).lufs);
    expect((await statusOf(id)).fingerprint_status).toBe('FAILED');
  });
});
