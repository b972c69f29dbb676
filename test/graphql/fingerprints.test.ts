/**
 * Fingerprints through GraphQL, with values from real analysis of generated audio: extraction (success,
 * skip, force, failure), import, delete, range queries with and / or / not, and library statistics.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSIONS, DIMENSION_GROUPS, FINGERPRINT_VERSION, type FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { createHarness, type Harness } from './harness.ts';
import { mixFile } from './libraryFiles.ts';
import { storedValues } from '../support/storedValues.ts';

const ALL_FIELDS = DIMENSIONS.map((d) => d.key).join(' ');
const EXTRACT = `mutation ($id: ID!, $force: Boolean) {
  extractFingerprint(trackId: $id, force: $force) {
    extracted
    track { id fingerprintStatus lastError }
    fingerprint { ${ALL_FIELDS} vector version groups { ${DIMENSION_GROUPS.map((g) => `${g} { ${DIMENSIONS.filter((d) => d.group === g).map((d) => d.key).join(' ')} }`).join(' ')} } }
    userErrors { field message code }
  }
}`;

/** Five mixes that differ in loudness (gain) and tempo, so that range queries have something to separate. */
const MIXES = [
  { file: 'quiet-slow.flac', gain: 0.05, bpm: 120, seed: 11 },
  { file: 'quiet-fast.flac', gain: 0.05, bpm: 140, seed: 12 },
  { file: 'loud-slow.flac', gain: 0.4, bpm: 120, seed: 13 },
  { file: 'loud-fast.flac', gain: 0.4, bpm: 150, seed: 14 },
  { file: 'mid.flac', gain: 0.15, bpm: 140, seed: 15 },
] as const;

let h: Harness;
const tracks = new Map<string, { id: string; path: string; truth: FingerprintValues }>();

async function add(filePath: string): Promise<string> {
  const r = await h.gql('mutation ($p: String!) { addTrack(path: $p) { track { id } userErrors { code message } } }', { p: filePath });
  expect(r.data?.addTrack.userErrors).toEqual([]);
  return r.data?.addTrack.track.id;
}

beforeAll(async () => {
  h = await createHarness();
  for (const mix of MIXES) {
    const file = await mixFile(h.libraryRoot, mix.file, { seconds: 8, gain: mix.gain, bpm: mix.bpm, seed: mix.seed, tags: { title: mix.file } });
    // The truth: the analysis facade called directly on the same file, as stored (each value the nearest f32).
    const truth = storedValues((await analyseFile(file)).values as FingerprintValues);
    tracks.set(mix.file, { id: await add(file), path: file, truth });
  }
});
afterAll(() => h.close());

describe('extractFingerprint', () => {
  test('analyses the file and stores exactly what the analysis gives; status CURRENT', async () => {
    for (const [file, { id, truth }] of tracks) {
      const r = await h.gql(EXTRACT, { id });
      const payload = r.data?.extractFingerprint;
      expect(payload.userErrors, file).toEqual([]);
      expect(payload.extracted).toBe(true);
      expect(payload.track).toEqual({ id, fingerprintStatus: 'CURRENT', lastError: null });
      expect(payload.fingerprint.version).toBe(FINGERPRINT_VERSION);
      DIMENSIONS.forEach((d, i) => {
        expect(payload.fingerprint[d.key], `${file} ${d.key}`).toBeCloseTo(truth[d.key], 9);
        expect(payload.fingerprint.vector[i]).toBe(payload.fingerprint[d.key]);
        expect(payload.fingerprint.groups[d.group][d.key]).toBe(payload.fingerprint[d.key]);
      });
    }
    // The mixes really differ where the range tests below rely on it.
    expect(tracks.get('loud-fast.flac')!.truth.lufs - tracks.get('quiet-fast.flac')!.truth.lufs).toBeGreaterThan(15);
    expect(tracks.get('loud-slow.flac')!.truth.tempoBpm).toBeLessThan(130);
    expect(tracks.get('loud-fast.flac')!.truth.tempoBpm).toBeGreaterThan(130);
  });

  test('skips a CURRENT fingerprint unless forced', async () => {
    const { id } = tracks.get('mid.flac')!;
    const skipped = await h.gql(EXTRACT, { id });
    expect(skipped.data?.extractFingerprint.extracted).toBe(false);
    expect(skipped.data?.extractFingerprint.fingerprint.lufs).toBeCloseTo(tracks.get('mid.flac')!.truth.lufs, 9);
    const forced = await h.gql(EXTRACT, { id, force: true });
    expect(forced.data?.extractFingerprint.extracted).toBe(true);
  });

  test('a file that stopped decoding: FAILED with lastError, no fingerprint row written', async () => {
    const broken = path.join(h.libraryRoot, 'broken.flac');
    await copyFile(tracks.get('mid.flac')!.path, broken);
    const id = await add(broken);
    await writeFile(broken, Buffer.alloc(4096, 0x5a));
    const r = await h.gql(EXTRACT, { id });
    const payload = r.data?.extractFingerprint;
    expect(payload.extracted).toBe(false);
    expect(payload.fingerprint).toBeNull();
    expect(payload.track.fingerprintStatus).toBe('FAILED');
    expect(payload.track.lastError).toMatch(/broken\.flac`: ffmpeg could not decode \(.+\)/);
    expect(payload.userErrors).toEqual([{ field: ['trackId'], code: 'UNREADABLE_FILE', message: payload.track.lastError }]);
    const rows = await h.orm.em.fork().getConnection().execute(
      'select count(*) as n from track_fingerprints f join tracks t on t.id = f.track_id where t.path = ?',
      [broken],
    );
    expect(Number(rows[0].n)).toBe(0); // count(*) is a bigint on PostgreSQL: pg returns '0'
    await h.gql('mutation ($id: ID!) { deleteTrack(id: $id) { userErrors { code } } }', { id });
  });

  test('a failure keeps the previous fingerprint untouched', async () => {
    const copy = path.join(h.libraryRoot, 'was-good.flac');
    await copyFile(tracks.get('loud-slow.flac')!.path, copy);
    const id = await add(copy);
    const first = await h.gql(EXTRACT, { id });
    expect(first.data?.extractFingerprint.track.fingerprintStatus).toBe('CURRENT');
    await writeFile(copy, 'not audio any more');
    const again = await h.gql(EXTRACT, { id, force: true });
    expect(again.data?.extractFingerprint.track.fingerprintStatus).toBe('FAILED');
    expect(again.data?.extractFingerprint.fingerprint.lufs).toBeCloseTo(tracks.get('loud-slow.flac')!.truth.lufs, 9);
    await h.gql('mutation ($id: ID!) { deleteTrack(id: $id) { userErrors { code } } }', { id });
  });
});

describe('fingerprints range queries', () => {
  const RANGE = `query ($where: FingerprintWhere, $first: Int, $after: String) {
    fingerprints(where: $where, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { lufs tempoBpm track { title } } }
    }
  }`;

  /** The titles whose analysed values satisfy `predicate`, in track id order (the query's order). */
  function expected(predicate: (v: FingerprintValues) => boolean): string[] {
    return [...tracks].filter(([, t]) => predicate(t.truth)).map(([file]) => file);
  }
  async function titles(where: unknown): Promise<string[]> {
    const r = await h.gql(RANGE, { where, first: 100 });
    expect(r.errors).toBeUndefined();
    expect(r.data?.fingerprints.totalCount).toBe(r.data?.fingerprints.edges.length);
    return r.data?.fingerprints.edges.map((e: { node: { track: { title: string } } }) => e.node.track.title);
  }

  test('ranges on three dimensions combine with AND', async () => {
    const where = { lufs: { gte: -30 }, tempoBpm: { gte: 100, lte: 160 }, crestDb: { gt: 0 } };
    const result = await titles(where);
    expect(result).toEqual(expected((v) => v.lufs >= -30 && v.tempoBpm >= 100 && v.tempoBpm <= 160 && v.crestDb > 0));
    expect(result.length).toBeGreaterThan(0);
    expect(result.length).toBeLessThan(tracks.size);
  });

  test('"quiet OR slow" with or, and "neither" with not', async () => {
    const quiet = { lufs: { lt: -30 } };
    const slow = { tempoBpm: { lt: 130 } };
    const either = await titles({ or: [quiet, slow] });
    expect(either).toEqual(expected((v) => v.lufs < -30 || v.tempoBpm < 130));
    expect(either).toEqual(expect.arrayContaining(['quiet-slow.flac', 'quiet-fast.flac', 'loud-slow.flac']));
    const neither = await titles({ not: [quiet, slow] });
    expect(neither).toEqual(expected((v) => !(v.lufs < -30) && !(v.tempoBpm < 130)));
    expect([...either, ...neither].sort()).toEqual([...tracks.keys()].sort());
    const none = await titles({ or: [] });
    expect(none).toEqual([]);
  });

  test('pages follow the track id with keyset cursors', async () => {
    const first = await h.gql(RANGE, { first: 2 });
    expect(first.data?.fingerprints.pageInfo.hasNextPage).toBe(true);
    const second = await h.gql(RANGE, { first: 10, after: first.data?.fingerprints.pageInfo.endCursor });
    const all = [...first.data?.fingerprints.edges, ...second.data?.fingerprints.edges].map((e: { node: { track: { title: string } } }) => e.node.track.title);
    expect(all).toEqual([...tracks.keys()]);
  });
});

describe('upsertFingerprint and deleteFingerprint', () => {
  const UPSERT = `mutation ($id: ID!, $values: FingerprintValuesInput!) {
    upsertFingerprint(trackId: $id, values: $values) { track { fingerprintStatus } fingerprint { lufs tempoBpm } userErrors { field code message } }
  }`;

  test('imports values as a CURRENT fingerprint, replacing the old one', async () => {
    const copy = path.join(h.libraryRoot, 'imported.flac');
    await copyFile(tracks.get('quiet-slow.flac')!.path, copy);
    const id = await add(copy);
    const values = tracks.get('loud-fast.flac')!.truth;
    const r = await h.gql(UPSERT, { id, values });
    expect(r.data?.upsertFingerprint.userErrors).toEqual([]);
    expect(r.data?.upsertFingerprint.track.fingerprintStatus).toBe('CURRENT');
    expect(r.data?.upsertFingerprint.fingerprint.lufs).toBeCloseTo(values.lufs, 9);

    const deleted = await h.gql('mutation ($id: ID!) { deleteFingerprint(trackId: $id) { track { fingerprintStatus fingerprint { lufs } } userErrors { code } } }', { id });
    expect(deleted.data?.deleteFingerprint).toEqual({ track: { fingerprintStatus: 'MISSING', fingerprint: null }, userErrors: [] });
    const twice = await h.gql('mutation ($id: ID!) { deleteFingerprint(trackId: $id) { userErrors { field code message } } }', { id });
    expect(twice.data?.deleteFingerprint.userErrors[0]).toMatchObject({ field: ['trackId'], code: 'FINGERPRINT_NOT_FOUND' });
    await h.gql('mutation ($id: ID!) { deleteTrack(id: $id) { userErrors { code } } }', { id });
  });

  test('an unknown track gives TRACK_NOT_FOUND and writes nothing', async () => {
    const r = await h.gql(UPSERT, { id: Buffer.from('Track:4242').toString('base64'), values: tracks.get('mid.flac')!.truth });
    expect(r.data?.upsertFingerprint.userErrors).toEqual([{ field: ['trackId'], code: 'TRACK_NOT_FOUND', message: 'track 4242: not found' }]);
  });

  test('a missing dimension is refused by GraphQL input validation', async () => {
    const { lufs: _dropped, ...partial } = tracks.get('mid.flac')!.truth;
    const r = await h.gql(UPSERT, { id: tracks.get('mid.flac')!.id, values: partial });
    expect(r.errors?.[0].message).toMatch(/FingerprintValuesInput" to include required field "lufs"/);
  });
});

describe('libraryStats', () => {
  test('counts by status and per-dimension statistics agree with the analysed values', async () => {
    const r = await h.gql(`{ libraryStats {
      trackCount missingCount staleCount fingerprintCount
      byStatus { status count }
      dimensions { dimension { name unit } min max mean p5 p95 }
    } }`);
    const stats = r.data?.libraryStats;
    expect(stats.trackCount).toBe(tracks.size);
    expect(stats.fingerprintCount).toBe(tracks.size);
    expect(stats.missingCount).toBe(0);
    expect(stats.byStatus).toEqual([
      { status: 'MISSING', count: 0 },
      { status: 'CURRENT', count: tracks.size },
      { status: 'STALE', count: 0 },
      { status: 'FAILED', count: 0 },
    ]);
    expect(stats.dimensions).toHaveLength(25);
    DIMENSIONS.forEach((d, i) => {
      const values = [...tracks.values()].map((t) => t.truth[d.key]).sort((a, b) => a - b);
      const entry = stats.dimensions[i];
      expect(entry.dimension).toEqual({ name: d.key, unit: d.unit });
      expect(entry.min).toBeCloseTo(values[0], 9);
      expect(entry.max).toBeCloseTo(values[values.length - 1], 9);
      expect(entry.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
      // n = 5: rank (n − 1)·0.05 = 0.2 → x0 + 0.2·(x1 − x0); 0.95 → x3 + 0.8·(x4 − x3).
      expect(entry.p5).toBeCloseTo(values[0] + 0.2 * (values[1] - values[0]), 9);
      expect(entry.p95).toBeCloseTo(values[3] + 0.8 * (values[4] - values[3]), 9);
    });
  });
});
