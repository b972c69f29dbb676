/**
 * GraphQL's `extractFingerprint` analyses in the shared worker pool, not on the server's main thread:
 * the pool counts the file, the values equal a direct analysis, and other requests are answered while a
 * long analysis runs.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedAnalysisPool } from '../../server/extraction/analysisPool.ts';
import { closeJobs } from '../../server/extraction/jobManager.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSION_KEYS, storedValue } from '../../server/fingerprint/dimensions.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { goodTrack } from './files.ts';

const EXTRACT = `mutation ($id: ID!) {
  extractFingerprint(trackId: $id, force: true) {
    extracted track { fingerprintStatus } fingerprint { ${DIMENSION_KEYS.join(' ')} } userErrors { code message }
  }
}`;

describe('extractFingerprint through the worker pool', () => {
  let h: Harness;
  const add = async (file: string): Promise<string> => {
    const r = await h.gql<{ addTrack: { track: { id: string } } }>('mutation ($p: String!) { addTrack(path: $p) { track { id } } }', { p: file });
    return r.data!.addTrack.track.id;
  };
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await closeJobs(h.orm); // also closes the shared pool
    await h.close();
  });

  it('the file is analysed by the pool and the stored values equal a direct analysis', async () => {
    const file = path.join(h.libraryRoot, 'pooled.mp3');
    copyFileSync(await goodTrack(101), file);
    const id = await add(file);
    const before = sharedAnalysisPool().completed;
    const r = await h.gql<{ extractFingerprint: { extracted: boolean; fingerprint: Record<string, number>; userErrors: unknown[] } }>(EXTRACT, { id });
    expect(r.data!.extractFingerprint.userErrors).toEqual([]);
    expect(r.data!.extractFingerprint.extracted).toBe(true);
    expect(sharedAnalysisPool().completed).toBe(before + 1);
    const direct = await analyseFile(file);
    for (const key of DIMENSION_KEYS) {
      const expected = storedValue(direct.values[key]!); // stored as the nearest f32
      expect(Math.abs(r.data!.extractFingerprint.fingerprint[key]! - expected), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    }
  });

  it('other requests are answered while a long extraction runs', async () => {
    const file = path.join(h.libraryRoot, 'long.mp3');
    copyFileSync(await goodTrack(102, 240), file);
    const id = await add(file);
    const order: string[] = [];
    const extraction = h.gql(EXTRACT, { id }).then((r) => {
      order.push('extract');
      return r;
    });
    // Wait until a pool thread has taken the file, then ask something else.
    while (sharedAnalysisPool().queued > 0 || order.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stats = await h.gql<{ tracks: { totalCount: number } }>('{ tracks(first: 1) { totalCount } }');
    order.push('query');
    expect(stats.data!.tracks.totalCount).toBe(2);
    const extracted = await extraction;
    expect((extracted.data as { extractFingerprint: { track: { fingerprintStatus: string } } }).extractFingerprint.track.fingerprintStatus).toBe(
      'CURRENT',
    );
    expect(order).toEqual(['query', 'extract']);
  });
});
