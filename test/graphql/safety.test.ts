/**
 * Hostile and broken requests against the real yoga instance: each gets a clear, coded error, no stack
 * trace, and the server keeps answering the next request.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MASKED_MESSAGE } from '../../server/graphql/maskError.ts';
import { encodeGlobalId } from '../../server/graphql/globalId.ts';
import { createHarness, type Harness } from './harness.ts';
import { mixFile } from './libraryFiles.ts';

let h: Harness;
let outsideDir: string;

beforeAll(async () => {
  h = await createHarness();
  outsideDir = path.join(h.dir, 'outside');
  await mkdir(outsideDir);
});
afterAll(() => h.close());

/** After every hostile request, an ordinary one still works. */
async function expectStillServing(): Promise<void> {
  const ok = await h.gql('{ fingerprintDimensions { name } }');
  expect(ok.status).toBe(200);
  expect(ok.errors).toBeUndefined();
  expect(ok.data?.fingerprintDimensions).toHaveLength(25);
}

function expectNoStack(raw: string): void {
  expect(raw).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(raw).not.toContain('stack');
}

describe('malformed requests', () => {
  test('malformed JSON body gives 400 BAD_REQUEST', async () => {
    const response = await h.post('{"query": "{ tracks { totalCount } }"');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].message).toMatch(/invalid JSON/i);
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    await expectStillServing();
  });

  test('a syntax error gives 400 GRAPHQL_PARSE_FAILED with the position', async () => {
    const r = await h.gql('{ tracks { edges { node { title ');
    expect(r.status).toBe(400);
    expect(r.errors?.[0].message).toMatch(/Syntax Error: Expected Name, found <EOF>/);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    await expectStillServing();
  });

  test('an unknown field is a validation error without suggestions', async () => {
    const r = await h.gql('{ tracks { edges { node { titel } } } }');
    expect(r.errors?.[0].message).toMatch(/Cannot query field "titel" on type "Track"/);
    expect(r.raw).not.toMatch(/Did you mean/);
    await expectStillServing();
  });
});

describe('invalid arguments', () => {
  test('gte > lte names the dimension and both bounds', async () => {
    const r = await h.gql('{ fingerprints(where: { lufs: { gte: -10, lte: -14 } }) { totalCount } }');
    expect(r.errors?.[0].extensions?.code).toBe('INVALID_RANGE');
    expect(r.errors?.[0].message).toBe('`lufs`: range gte -10 > lte -14; no value can match');
    expect(r.errors?.[0].extensions?.field).toEqual(['where', 'lufs']);
    await expectStillServing();
  });

  test('an empty range nested in `or` names its path', async () => {
    const r = await h.gql('{ fingerprints(where: { or: [{ tempoBpm: { lte: 90 } }, { crestDb: { gt: 5, lt: 5 } }] }) { totalCount } }');
    expect(r.errors?.[0].extensions?.code).toBe('INVALID_RANGE');
    expect(r.errors?.[0].extensions?.field).toEqual(['where', 'or', '1', 'crestDb']);
  });

  test('an unknown id: null for a query, TRACK_NOT_FOUND for a mutation, INVALID_ID when malformed', async () => {
    const missing = encodeGlobalId('Track', 987654);
    const query = await h.gql('query ($id: ID!) { track(id: $id) { id } }', { id: missing });
    expect(query.errors).toBeUndefined();
    expect(query.data?.track).toBeNull();

    const mutation = await h.gql(
      'mutation ($id: ID!) { deleteTrack(id: $id) { deletedTrackId userErrors { field message code } } }',
      { id: missing },
    );
    expect(mutation.data?.deleteTrack.userErrors).toEqual([{ field: ['id'], message: 'track 987654: not found', code: 'TRACK_NOT_FOUND' }]);

    const foreign = await h.gql('query ($id: ID!) { node(id: $id) { id } }', { id: encodeGlobalId('Playlist', 1) });
    expect(foreign.errors?.[0].extensions?.code).toBe('INVALID_ID');
    expect(foreign.errors?.[0].message).toBe('expected the global ID of a Track, received one of a Playlist');

    const malformed = await h.gql('{ track(id: "not-a-global-id") { id } }');
    expect(malformed.errors?.[0].extensions?.code).toBe('INVALID_ID');
    expect(malformed.errors?.[0].message).toMatch(/expected a global ID such as ".+", received "not-a-global-id"/);
    await expectStillServing();
  });

  test('first: 100000 is refused with PAGE_SIZE_EXCEEDED, as a literal and as a variable', async () => {
    const literal = await h.gql('{ tracks(first: 100000) { edges { node { id } } } }');
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0].extensions?.code).toBe('PAGE_SIZE_EXCEEDED');
    expect(literal.errors?.[0].message).toBe('`first`: expected at most 500, received 100000');

    const variable = await h.gql('query ($n: Int) { fingerprints(first: $n) { totalCount } }', { n: 100000 });
    expect(variable.errors?.[0].extensions?.code).toBe('PAGE_SIZE_EXCEEDED');
    expect(variable.errors?.[0].message).toMatch(/at most 500, received 100000/);

    const atLimit = await h.gql('{ tracks(first: 500) { totalCount } }');
    expect(atLimit.errors).toBeUndefined();
  });

  test('a search, artist or album filter over 1000 characters is INVALID_ARGUMENT, not an internal error', async () => {
    const query = 'query ($where: TrackWhere) { tracks(where: $where) { totalCount } }';
    for (const field of ['search', 'artist', 'album']) {
      for (const length of [1001, 60_000]) {
        const r = await h.gql(query, { where: { [field]: 'x'.repeat(length) } });
        expect(r.errors?.[0].extensions?.code, `${field} ${length}`).toBe('INVALID_ARGUMENT');
        expect(r.errors?.[0].extensions?.field).toEqual(['where', field]);
        expect(r.errors?.[0].message).toBe(`\`where.${field}\`: expected at most 1000 characters, received ${length}`);
      }
      const atLimit = await h.gql(query, { where: { [field]: 'x'.repeat(1000) } });
      expect(atLimit.errors, field).toBeUndefined();
      expect(atLimit.data?.tracks.totalCount).toBe(0);
    }
    expect(h.loggedErrors).toEqual([]);
    await expectStillServing();
  });

  test('backward pagination and foreign cursors are named errors', async () => {
    const last = await h.gql('{ tracks(last: 5) { totalCount } }');
    expect(last.errors?.[0].extensions?.code).toBe('INVALID_PAGINATION');
    const cursor = await h.gql('{ tracks(after: "garbage") { totalCount } }');
    expect(cursor.errors?.[0].extensions?.code).toBe('INVALID_CURSOR');
  });
});

describe('query limits (graphql-armor)', () => {
  test('a depth bomb is refused before execution', async () => {
    const nested = 'fingerprint { track { '.repeat(6) + 'id' + ' } }'.repeat(6);
    const r = await h.gql(`{ tracks { edges { node { ${nested} } } } }`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('MAX_DEPTH_EXCEEDED');
    expect(r.errors?.[0].message).toMatch(/Query depth limit of 12 exceeded, found \d+/);
    await expectStillServing();
  });

  test('an alias bomb and a token flood are refused', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: libraryStats { trackCount }`).join(' ');
    const aliased = await h.gql(`{ ${aliases} }`);
    expect(aliased.errors?.[0].extensions?.code).toBe('MAX_ALIASES_EXCEEDED');

    const flood = await h.gql(`{ tracks { edges { node { ${'title '.repeat(3000)} } } } }`);
    expect(flood.errors?.[0].extensions?.code).toBe('MAX_TOKENS_EXCEEDED');
    await expectStillServing();
  });
});

describe('library roots', () => {
  test('a path outside the roots is refused without touching the file', async () => {
    const outside = await mixFile(outsideDir, 'outside.flac');
    const r = await h.gql('mutation ($p: String!) { addTrack(path: $p) { track { id } userErrors { field message code } } }', { p: outside });
    expect(r.data?.addTrack.track).toBeNull();
    expect(r.data?.addTrack.userErrors).toHaveLength(1);
    expect(r.data?.addTrack.userErrors[0]).toMatchObject({ field: ['path'], code: 'PATH_OUTSIDE_LIBRARY' });
    expect(r.data?.addTrack.userErrors[0].message).toContain(h.libraryRoot);
    await expectStillServing();
  });

  test('`..` segments that leave the root are refused', async () => {
    await mixFile(outsideDir, 'dotdot.flac');
    const sneaky = path.join(h.libraryRoot, '..', 'outside', 'dotdot.flac');
    const r = await h.gql('mutation ($p: String!) { addTrack(path: $p) { userErrors { code message } } }', { p: `${h.libraryRoot}/../outside/dotdot.flac` });
    expect(r.data?.addTrack.userErrors[0].code).toBe('PATH_OUTSIDE_LIBRARY');
    expect(r.data?.addTrack.userErrors[0].message).toContain(sneaky);
  });

  test('a symlink inside the root pointing outside is refused', async () => {
    const target = await mixFile(outsideDir, 'target.flac');
    const link = path.join(h.libraryRoot, 'escape.flac');
    await symlink(target, link);
    const r = await h.gql('mutation ($p: String!) { addTrack(path: $p) { track { id } userErrors { code message } } }', { p: link });
    expect(r.data?.addTrack.track).toBeNull();
    expect(r.data?.addTrack.userErrors[0].code).toBe('PATH_OUTSIDE_LIBRARY');
    expect(r.data?.addTrack.userErrors[0].message).toContain(`resolves to \`${target}\``);
    const count = await h.gql('{ tracks { totalCount } }');
    expect(count.data?.tracks.totalCount).toBe(0);
  });

  test('a file inside the root that does not exist, or a directory, gives FILE_NOT_FOUND / NOT_A_FILE', async () => {
    const gone = await h.gql('mutation ($p: String!) { addTrack(path: $p) { userErrors { code } } }', { p: path.join(h.libraryRoot, 'nope.flac') });
    expect(gone.data?.addTrack.userErrors[0].code).toBe('FILE_NOT_FOUND');
    await mkdir(path.join(h.libraryRoot, 'album'));
    const dir = await h.gql('mutation ($p: String!) { addTrack(path: $p) { userErrors { code } } }', { p: path.join(h.libraryRoot, 'album') });
    expect(dir.data?.addTrack.userErrors[0].code).toBe('NOT_A_FILE');
  });

  test('a text file inside the root is refused as UNREADABLE_FILE', async () => {
    const text = path.join(h.libraryRoot, 'notes.mp3');
    await writeFile(text, 'these are not mp3 frames\n'.repeat(20));
    const r = await h.gql('mutation ($p: String!) { addTrack(path: $p) { track { id } userErrors { code message } } }', { p: text });
    expect(r.data?.addTrack.track).toBeNull();
    expect(r.data?.addTrack.userErrors[0].code).toBe('UNREADABLE_FILE');
    expect(r.data?.addTrack.userErrors[0].message).toContain(text);
  });
});

describe('unexpected errors are masked', () => {
  test('a failing SQL statement reaches the client as "Unexpected error." without details, and is logged', async () => {
    const masked = await createHarness();
    try {
      await masked.orm.em.getConnection().execute('drop table "track_fingerprints"');
      const r = await masked.gql('{ fingerprints { totalCount } }');
      expect(r.errors?.[0].message).toBe(MASKED_MESSAGE);
      expect(r.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(r.raw).not.toMatch(/track_fingerprints|no such table|does not exist|SQLITE|relation/i);
      expectNoStack(r.raw);
      // SQLite: "no such table: track_fingerprints"; PostgreSQL: 'relation "track_fingerprints" does not exist'.
      expect(String(masked.loggedErrors[0])).toMatch(/no such table: track_fingerprints|relation "track_fingerprints" does not exist/);
      const still = await masked.gql('{ fingerprintDimensions { name } }');
      expect(still.data?.fingerprintDimensions).toHaveLength(25);
    } finally {
      await masked.close();
    }
  });
});

describe('API token', () => {
  let secured: Harness;
  beforeAll(async () => {
    secured = await createHarness({ apiToken: 's3cret-token' });
  });
  afterAll(() => secured.close());
  const mutation = 'mutation ($p: String!) { addTrack(path: $p) { userErrors { code } } }';

  test('a mutation without a token is refused with 401 UNAUTHENTICATED', async () => {
    const r = await secured.gql(mutation, { p: 'x.flac' });
    expect(r.status).toBe(401);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0].message).toMatch(/expected an `Authorization: Bearer <token>` header .*received none/);
  });

  test('a wrong token or scheme is refused', async () => {
    const wrong = await secured.gql(mutation, { p: 'x.flac' }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.errors?.[0].message).toMatch(/received a different token/);
    const basic = await secured.gql(mutation, { p: 'x.flac' }, { authorization: 'Basic czNjcmV0' });
    expect(basic.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('the right token runs the mutation; queries need none', async () => {
    const ok = await secured.gql(mutation, { p: 'x.flac' }, { authorization: 'Bearer s3cret-token' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.addTrack.userErrors[0].code).toBe('FILE_NOT_FOUND');
    const query = await secured.gql('{ tracks { totalCount } }');
    expect(query.data?.tracks.totalCount).toBe(0);
  });
});
