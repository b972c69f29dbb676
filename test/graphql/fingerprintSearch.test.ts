/**
 * `fingerprints(where, search)`: the range filter combined with the `tracks` list's text search (title, artist,
 * album or path, literal and case-insensitive), the same rows and pages from SQL and from the in-memory index,
 * on the test engine (AURALIS_TEST_ENGINE=postgres for PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seededRandom } from '../../fixtures/random.ts';
import { syntheticFingerprint } from '../../fixtures/syntheticFingerprint.ts';
import { FingerprintRepository } from '../../server/db/FingerprintRepository.ts';
import { TrackRepository } from '../../server/db/TrackRepository.ts';
import type { FingerprintValues } from '../../server/fingerprint/dimensions.ts';
import { libraryIndex, loadedLibraryIndex } from '../../server/similarity/libraryIndex.ts';
import { createHarness, type GraphQLResponse, type Harness } from './harness.ts';
import { storedValues } from '../support/storedValues.ts';

const TITLES = ['Live at Home', 'Studio Take', '50% Off', '500 Miles', 'Under_score', 'Quiet LIVE Set'];
const QUERY = `query ($where: FingerprintWhere, $search: String, $first: Int, $after: String) {
  fingerprints(where: $where, search: $search, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { track { databaseId } } }
  }
}`;

interface Stored {
  readonly id: number;
  readonly title: string;
  readonly artist: string;
  readonly album: string;
  readonly path: string;
  readonly values: FingerprintValues | null;
}

let h: Harness;
const library: Stored[] = [];
let where: Record<string, unknown>;
let inRange: (values: FingerprintValues) => boolean;

beforeAll(async () => {
  h = await createHarness();
  const random = seededRandom(1207);
  const em = h.orm.em.fork();
  const tracks = new TrackRepository(em);
  const fingerprints = new FingerprintRepository(em);
  for (let i = 0; i < 60; i++) {
    const fields = {
      title: `${TITLES[i % TITLES.length]} ${i}`,
      artist: i % 4 === 0 ? 'The Livewires' : `Band ${i % 3}`,
      album: `Album ${i % 5}`,
      path: `/music/t-${i}.flac`,
    };
    const track = await tracks.add(fields);
    // Every seventh track has no fingerprint: a text match alone does not list it.
    // As stored (f32), so that ranges drawn from these values sit exactly on stored values.
    const values = i % 7 === 3 ? null : storedValues(syntheticFingerprint(random));
    if (values !== null) await fingerprints.upsert({ trackId: track.id, values });
    library.push({ id: track.id, ...fields, values });
  }
  const lufs = library.flatMap((t) => (t.values ? [t.values.lufs] : [])).sort((a, b) => a - b);
  const tempo = library.flatMap((t) => (t.values ? [t.values.tempoBpm] : [])).sort((a, b) => a - b);
  const lufsFrom = lufs[Math.floor(lufs.length * 0.3)]!;
  const tempoAbove = tempo[Math.floor(tempo.length * 0.8)]!;
  where = { lufs: { gte: lufsFrom }, not: [{ tempoBpm: { gt: tempoAbove } }] };
  inRange = (v) => v.lufs >= lufsFrom && !(v.tempoBpm > tempoAbove);
}, 120_000);
afterAll(() => h?.close());

/** The expected ids: a fingerprint inside `where` (when given) and `search` a literal ASCII-case-insensitive substring. */
function expected(search: string | null, range: boolean): number[] {
  const needle = search?.trim().toLowerCase() ?? '';
  return library
    .filter((t) => t.values !== null && (!range || inRange(t.values)))
    .filter((t) => needle === '' || [t.title, t.artist, t.album, t.path].some((text) => text.toLowerCase().includes(needle)))
    .map((t) => t.id);
}

interface Connection {
  readonly totalCount: number;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly edges: readonly { readonly node: { readonly track: { readonly databaseId: number } } }[];
}

/** All pages of `fingerprints(where, search)` with `first` rows each: the ids, and the totalCount of every page. */
async function allPages(variables: { where?: unknown; search?: string | null }, first: number) {
  const ids: number[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (;;) {
    const r: GraphQLResponse<{ fingerprints: Connection }> = await h.gql(QUERY, { ...variables, first, after });
    expect(r.errors, JSON.stringify(variables)).toBeUndefined();
    const connection = r.data!.fingerprints;
    ids.push(...connection.edges.map((e) => e.node.track.databaseId));
    totals.add(connection.totalCount);
    if (!connection.pageInfo.hasNextPage) return { ids, totals: [...totals] };
    after = connection.pageInfo.endCursor;
  }
}

const CASES: readonly { search: string | null; range: boolean; note: string }[] = [
  { search: 'live', range: true, note: 'title, artist and case' },
  { search: 'LIVE', range: true, note: 'upper case' },
  { search: '50%', range: true, note: '% matches itself (not 500 Miles)' },
  { search: 'r_s', range: false, note: '_ matches itself (Under_score, not "Quiet LIVE Set")' },
  { search: 't-1', range: true, note: 'path' },
  { search: 'album 2', range: false, note: 'album, no range' },
  { search: '   ', range: true, note: 'blank: no text filter' },
  { search: null, range: true, note: 'no search' },
  { search: 'no such text', range: true, note: 'nothing' },
];

async function expectCases(): Promise<void> {
  for (const { search, range, note } of CASES) {
    const want = expected(search, range);
    const got = await allPages({ where: range ? where : undefined, search }, 4);
    expect(got.ids, note).toEqual(want);
    expect(got.totals, note).toEqual([want.length]);
  }
}

describe('fingerprints(where, search)', () => {
  test('the seeded library separates the cases', () => {
    expect(expected('live', true).length).toBeGreaterThan(3);
    expect(expected('live', true).length).toBeLessThan(expected('live', false).length);
    expect(expected('live', false).length).toBeLessThan(expected(null, false).length);
    expect(expected('50%', true).length).toBeGreaterThan(0);
    expect(expected('r_s', false).length).toBeGreaterThan(0);
    // A track matching the text but without a fingerprint exists and is not listed.
    expect(library.some((t) => t.values === null && t.title.toLowerCase().includes('live'))).toBe(true);
  });

  test('from SQL: exactly the fingerprints inside the range whose tracks match the text, in keyset pages', async () => {
    expect(await loadedLibraryIndex(h.orm.em.fork())).toBeUndefined();
    await expectCases();
  });

  test('is the intersection of tracks(where: {search}) and fingerprints(where)', async () => {
    const texts = await h.gql('query ($s: String) { tracks(first: 500, where: {search: $s}) { edges { node { databaseId } } } }', { s: 'live' });
    const ranged = await h.gql('query ($w: FingerprintWhere) { fingerprints(first: 500, where: $w) { edges { node { track { databaseId } } } } }', { w: where });
    const textIds = new Set(texts.data!.tracks.edges.map((e: { node: { databaseId: number } }) => e.node.databaseId));
    const both = ranged.data!.fingerprints.edges.map((e: { node: { track: { databaseId: number } } }) => e.node.track.databaseId).filter((id: number) => textIds.has(id));
    expect((await allPages({ where, search: 'live' }, 500)).ids).toEqual(both);
  });

  test('from the in-memory index: the same rows and pages as SQL', async () => {
    await libraryIndex(h.orm.em.fork());
    expect(await loadedLibraryIndex(h.orm.em.fork())).toBeDefined();
    await expectCases();
  });

  test('a search over 1000 characters is INVALID_ARGUMENT naming `search`', async () => {
    const r = await h.gql(QUERY, { where, search: 'x'.repeat(1001) });
    expect(r.errors?.[0].extensions?.code).toBe('INVALID_ARGUMENT');
    expect(r.errors?.[0].extensions?.field).toEqual(['search']);
    expect(r.errors?.[0].message).toBe('`search`: expected at most 1000 characters, received 1001');
    const atLimit = await h.gql(QUERY, { where, search: 'x'.repeat(1000) });
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data?.fingerprints.totalCount).toBe(0);
    expect(h.loggedErrors).toEqual([]);
  });
});
