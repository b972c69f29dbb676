/** The codegen-generated typed client against the real yoga instance (its `fetch`, no port). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AuralisClientError, createAuralisClient, type AuralisClient } from '../../schema/client/auralisClient.ts';
import {
  AddTrackDocument,
  DimensionsDocument,
  ExtractFingerprintDocument,
  FingerprintRangeDocument,
  LibraryStatsDocument,
  TrackWithFingerprintDocument,
} from '../../schema/client/generated/graphql.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { createHarness, type Harness } from './harness.ts';
import { mixFile } from './libraryFiles.ts';

let h: Harness;
let client: AuralisClient;

beforeAll(async () => {
  h = await createHarness({ apiToken: 'client-token' });
  client = createAuralisClient({
    url: 'http://localhost/graphql',
    token: 'client-token',
    fetch: (url, init) => h.yoga.fetch(url, init),
  });
});
afterAll(() => h.close());

test('add, extract, read back and range-query a track with typed documents', async () => {
  const file = await mixFile(h.libraryRoot, 'typed.flac', { seed: 21, bpm: 128, tags: { title: 'Typed', artist: 'Client' } });
  const added = await client.request(AddTrackDocument, { path: file });
  expect(added.addTrack.userErrors).toEqual([]);
  const id = added.addTrack.track!.id;
  expect(added.addTrack.track).toMatchObject({ path: file, title: 'Typed', fingerprintStatus: 'MISSING' });

  const extracted = await client.request(ExtractFingerprintDocument, { trackId: id });
  expect(extracted.extractFingerprint.userErrors).toEqual([]);
  expect(extracted.extractFingerprint.track?.fingerprintStatus).toBe('CURRENT');
  const { lufs, tempoBpm } = extracted.extractFingerprint.fingerprint!;

  const read = await client.request(TrackWithFingerprintDocument, { id });
  expect(read.track?.fingerprint?.vector).toHaveLength(25);
  expect(read.track?.fingerprint?.groups.dynamics.lufs).toBe(lufs);
  expect(read.track?.fingerprint?.groups.temporal.tempoBpm).toBe(tempoBpm);

  const hit = await client.request(FingerprintRangeDocument, {
    where: { lufs: { gte: lufs - 0.5, lte: lufs + 0.5 }, tempoBpm: { gte: tempoBpm - 1, lte: tempoBpm + 1 } },
  });
  expect(hit.fingerprints.totalCount).toBe(1);
  expect(hit.fingerprints.edges[0].node.track.title).toBe('Typed');
  const miss = await client.request(FingerprintRangeDocument, { where: { lufs: { gt: lufs + 0.5 } } });
  expect(miss.fingerprints.totalCount).toBe(0);

  const stats = await client.request(LibraryStatsDocument);
  expect(stats.libraryStats.byStatus.find((s) => s.status === 'CURRENT')?.count).toBe(1);
});

test('the dimension catalogue comes back in spec order', async () => {
  const { fingerprintDimensions } = await client.request(DimensionsDocument);
  expect(fingerprintDimensions.map((d) => d.name)).toEqual(DIMENSIONS.map((d) => d.key));
  expect(fingerprintDimensions.map((d) => d.unit)).toEqual(DIMENSIONS.map((d) => d.unit));
});

test('server errors surface as AuralisClientError with their codes', async () => {
  const anonymous = createAuralisClient({ url: 'http://localhost/graphql', fetch: (url, init) => h.yoga.fetch(url, init) });
  const error = await anonymous.request(AddTrackDocument, { path: 'x.flac' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuralisClientError);
  expect((error as AuralisClientError).errors[0].extensions?.code).toBe('UNAUTHENTICATED');
});
