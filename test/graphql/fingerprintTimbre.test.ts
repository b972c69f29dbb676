/** `TrackFingerprint.timbre` through the real yoga instance and real SQLite: 26 floats, or null; one query per page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import { syntheticValues } from '../db/helpers.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
const TIMBRE = Array.from({ length: 26 }, (_, i) => (i < 13 ? -12.5 + i : 0.125 * i));

beforeAll(async () => {
  h = await createHarness();
  const tracks = new TrackRepository(h.orm.em.fork());
  const fingerprints = new FingerprintRepository(h.orm.em.fork());
  for (const [index, title] of ['with', 'without'].entries()) {
    const track = await tracks.add({ path: `${h.libraryRoot}/${title}.flac`, title });
    await fingerprints.upsert({ trackId: track.id, values: syntheticValues(index + 1), timbre: title === 'with' ? TIMBRE : null });
  }
});
afterAll(() => h.close());

describe('TrackFingerprint.timbre', () => {
  it('serves the 26 stored values in order, null without them, from the page query itself (no extra statement per row)', async () => {
    const query = '{ fingerprints(first: 10) { edges { node { timbre track { title } } } } }';
    const { result, statements } = await h.countQueries(() => h.gql(query));
    expect(result.errors).toBeUndefined();
    const byTitle = new Map<string, any>(result.data!.fingerprints.edges.map((e: any) => [e.node.track.title, e.node.timbre]));
    expect(byTitle.get('with')).toStrictEqual(TIMBRE);
    expect(byTitle.get('without')).toBeNull();
    // The page, its track loader batch: no statement per fingerprint.
    expect(statements.filter((s) => /track_fingerprints/.test(s)).length).toBe(1);
  });
});
