/**
 * No N+1: a page of 100 tracks with their fingerprints (and 100 fingerprints with their tracks) costs a small
 * constant number of SQL statements, counted through MikroORM's query logger.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { Track } from '../../server/db/Track.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import type { FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { createHarness, type Harness } from './harness.ts';
import { mixFile } from './libraryFiles.ts';
import { storedValues } from '../support/storedValues.ts';

const TRACKS = 100;
let h: Harness;
const valuesByTitle = new Map<string, FingerprintValues>();

beforeAll(async () => {
  h = await createHarness();
  // Four real analyses, shared round-robin by 100 tracks (the storage and the loaders are what is tested).
  const analysed: FingerprintValues[] = [];
  for (let seed = 1; seed <= 4; seed++) {
    const file = await mixFile(h.libraryRoot, `source-${seed}.flac`, { seed, bpm: 110 + 10 * seed, gain: 0.1 * seed });
    analysed.push((await analyseFile(file)).values as FingerprintValues);
  }
  const em = h.orm.em.fork();
  const tracks = Array.from({ length: TRACKS }, (_, i) =>
    em.create(Track, { path: `${h.libraryRoot}/track-${String(i).padStart(3, '0')}.flac`, title: `Track ${i}` }),
  );
  await em.flush();
  await new FingerprintRepository(em).upsertMany(tracks.map((t, i) => ({ trackId: t.id, values: analysed[i % 4] })));
  tracks.forEach((t, i) => valuesByTitle.set(t.title!, storedValues(analysed[i % 4]!)));
});
afterAll(() => h.close());

test('tracks(first: 100) { fingerprint } runs 2 statements, not 101', async () => {
  const { result, statements } = await h.countQueries(() =>
    h.gql('{ tracks(first: 100) { edges { node { title fingerprint { lufs tempoBpm crestDb vector } } } } }'),
  );
  const edges = result.data?.tracks.edges as { node: { title: string; fingerprint: { lufs: number; tempoBpm: number } } }[];
  expect(edges).toHaveLength(TRACKS);
  for (const { node } of edges) {
    expect(node.fingerprint.lufs).toBeCloseTo(valuesByTitle.get(node.title)!.lufs, 9);
    expect(node.fingerprint.tempoBpm).toBeCloseTo(valuesByTitle.get(node.title)!.tempoBpm, 9);
  }
  const selects = statements.filter((s) => /\bselect\b/i.test(s));
  expect(selects, statements.join('\n')).toHaveLength(2);
  expect(selects[0]).toMatch(/from [`"]?tracks/);
  expect(selects[1]).toMatch(/from [`"]?track_fingerprints[\s\S]*\bin\b/);
  expect(statements.length).toBeLessThanOrEqual(3);
});

test('fingerprints(first: 100) { track } batches the tracks too', async () => {
  const { result, statements } = await h.countQueries(() =>
    h.gql('{ fingerprints(first: 100, where: { lufs: { gte: -80 } }) { totalCount edges { node { lufs track { title fingerprint { crestDb } } } } } }'),
  );
  expect(result.data?.fingerprints.totalCount).toBe(TRACKS);
  expect(result.data?.fingerprints.edges).toHaveLength(TRACKS);
  // fingerprints page + count + one batched track load; the nested fingerprint comes from the primed loader.
  expect(statements.filter((s) => /\bselect\b/i.test(s)), statements.join('\n')).toHaveLength(3);
});

test('each request gets its own loaders: a second request sees a change made in between', async () => {
  const first = await h.gql('{ tracks(first: 1) { edges { node { id fingerprint { lufs } } } } }');
  const id = first.data?.tracks.edges[0].node.id as string;
  await h.gql('mutation ($id: ID!) { deleteFingerprint(trackId: $id) { userErrors { code } } }', { id });
  const second = await h.gql('{ tracks(first: 1) { edges { node { fingerprint { lufs } } } } }');
  expect(first.data?.tracks.edges[0].node.fingerprint).not.toBeNull();
  expect(second.data?.tracks.edges[0].node.fingerprint).toBeNull();
});
