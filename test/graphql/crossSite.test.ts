/**
 * Cross-site requests against the default setup (loopback, no token): a foreign web page must not be able
 * to run a mutation, through a form (urlencoded, multipart, text/plain) or a fetch with its Origin; CORS
 * headers go only to origins listed in AURALIS_CORS_ORIGINS; the server's own pages keep working.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { listen, type RunningServer } from '../../server/graphql/listen.ts';
import { createHarness, type Harness } from './harness.ts';
import { mixFile } from './libraryFiles.ts';

const EVIL = 'https://evil.example';
const LISTED = 'https://app.example:8443';
/** The global ID of track 1, as in the attack. */
const TRACK_1 = 'VHJhY2s6MQ==';
const DELETE_TRACK_1 = `mutation{deleteTrack(id:"${TRACK_1}"){deletedTrackId}}`;

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ corsOrigins: [LISTED] });
  const file = await mixFile(h.libraryRoot, 'victim.flac');
  const added = await h.gql('mutation ($p: String!) { addTrack(path: $p) { track { id } userErrors { code } } }', { p: file });
  expect(added.data?.addTrack.track.id).toBe(TRACK_1);
});
afterAll(() => h.close());

async function expectTrack1Exists(): Promise<void> {
  const r = await h.gql(`{ track(id: "${TRACK_1}") { id } }`);
  expect(r.data?.track).toEqual({ id: TRACK_1 });
}

function send(init: RequestInit & { headers?: Record<string, string> }, url = 'http://localhost/graphql'): Promise<Response> {
  return Promise.resolve(h.yoga.fetch(url, init));
}

async function codeOf(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

describe('forms and simple requests do not run', () => {
  test('the urlencoded deleteTrack from a foreign page does not delete the track (403)', async () => {
    const response = await send({
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: DELETE_TRACK_1 }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('CROSS_ORIGIN_FORBIDDEN');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await expectTrack1Exists();
  });

  test('urlencoded, multipart and text/plain bodies are refused with 415 even without an Origin', async () => {
    const urlencoded = await send({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: DELETE_TRACK_1 }).toString(),
    });
    expect(urlencoded.status).toBe(415);
    expect(await codeOf(urlencoded)).toBe('UNSUPPORTED_MEDIA_TYPE');

    const form = new FormData();
    form.set('operations', JSON.stringify({ query: DELETE_TRACK_1 }));
    form.set('map', '{}');
    const multipart = await send({ method: 'POST', body: form });
    expect(multipart.status).toBe(415);
    expect(await codeOf(multipart)).toBe('UNSUPPORTED_MEDIA_TYPE');

    for (const contentType of ['text/plain', 'text/plain; application/json', 'application/graphql', 'application/json, text/plain']) {
      const response = await send({ method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify({ query: DELETE_TRACK_1 }) });
      expect(response.status, contentType).toBe(415);
    }
    await expectTrack1Exists();
  });

  test('a multipart deleteTrack from a foreign page does not delete the track', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: DELETE_TRACK_1 }));
    form.set('map', '{}');
    const response = await send({ method: 'POST', headers: { origin: EVIL }, body: form });
    expect(response.status).toBe(403);
    await expectTrack1Exists();
  });

  test('a mutation over GET is refused (405) and a query over GET still answers', async () => {
    const mutation = await send({ method: 'GET', headers: { accept: 'application/json' } }, `http://localhost/graphql?query=${encodeURIComponent(DELETE_TRACK_1)}`);
    expect(mutation.status).toBe(405);
    await expectTrack1Exists();
    const query = await send({ method: 'GET', headers: { accept: 'application/json' } }, `http://localhost/graphql?query=${encodeURIComponent('{ tracks { totalCount } }')}`);
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { tracks: { totalCount: 1 } } });
  });
});

describe('Origin and CORS', () => {
  test('a foreign Origin with a JSON body gets 403 and no CORS headers; its preflight gets none either', async () => {
    const response = await send({
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/json' },
      body: JSON.stringify({ query: DELETE_TRACK_1 }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: "Origin https://evil.example: expected this server's own origin (http://localhost) or one listed in AURALIS_CORS_ORIGINS",
          extensions: { code: 'CROSS_ORIGIN_FORBIDDEN' },
        },
      ],
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();

    const preflight = await send({
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const read = await send({ method: 'GET', headers: { origin: EVIL, accept: 'application/json' } }, `http://localhost/graphql?query=${encodeURIComponent('{ tracks { totalCount } }')}`);
    expect(read.status).toBe(403);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    await expectTrack1Exists();
  });

  test('the same host on another port or scheme is another origin', async () => {
    for (const origin of ['http://localhost:8080', 'https://localhost', 'null']) {
      const response = await send({ method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ tracks { totalCount } }' }) });
      expect(response.status, origin).toBe(403);
    }
  });

  test('a listed origin gets CORS headers (without credentials) on the preflight and the request', async () => {
    const preflight = await send({
      method: 'OPTIONS',
      headers: { origin: LISTED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('accept, authorization, content-type');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const response = await send({ method: 'POST', headers: { origin: LISTED, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ tracks { totalCount } }' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('vary')).toMatch(/origin/i);
    expect(await response.json()).toEqual({ data: { tracks: { totalCount: 1 } } });
  });

  test("the server's own origin works (a browser on GraphiQL), with no CORS headers", async () => {
    const response = await send({
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/json; charset=utf-8', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ tracks { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toEqual({ data: { tracks: { totalCount: 1 } } });

    // The GraphQL-over-HTTP request type that yoga also parses (application/graphql-response+json is a response type).
    const graphqlJson = await send({ method: 'POST', headers: { 'content-type': 'application/graphql+json' }, body: JSON.stringify({ query: '{ tracks { totalCount } }' }) });
    expect(graphqlJson.status).toBe(200);
  });
});

describe('AURALIS_CORS_ORIGINS', () => {
  test('none by default; a comma-separated list is normalised as browsers send Origin', () => {
    expect(loadConfig({}, {}).corsOrigins).toEqual([]);
    expect(loadConfig({}, { AURALIS_CORS_ORIGINS: ' https://App.Example:8443/ , http://localhost:5173,https://a.example:443' }).corsOrigins).toEqual([
      'https://app.example:8443',
      'http://localhost:5173',
      'https://a.example',
    ]);
  });

  test('anything but scheme, host and port is refused, naming the entry', () => {
    for (const entry of ['*', 'app.example', 'https://app.example/path', 'ftp://app.example', 'https://user@app.example']) {
      expect(() => loadConfig({}, { AURALIS_CORS_ORIGINS: entry }), entry).toThrow(
        `AURALIS_CORS_ORIGINS: expected origins such as https://app.example:8443 (scheme, host, optional port), received "${entry}"`,
      );
    }
  });
});

describe('through a listening server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(loadConfig({ dbPath: path.join(h.dir, 'listening.db'), port: 0, libraryRoots: [h.libraryRoot], apiToken: undefined }, {}));
    const file = await mixFile(h.libraryRoot, 'victim-2.flac', { seed: 2 });
    const added = await post(server.url, 'mutation ($p: String!) { addTrack(path: $p) { track { id } } }', { p: file });
    expect(added.data.addTrack.track.id).toBe(TRACK_1);
  });
  afterAll(() => server.close());

  async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  }

  test("the curl attack (evil Origin, urlencoded) does not delete track 1; the server's own origin may", async () => {
    const attack = await fetch(server.url, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(DELETE_TRACK_1)}`,
    });
    expect(attack.status).toBe(403);
    expect(attack.headers.get('access-control-allow-origin')).toBeNull();
    const still = await post(server.url, `{ track(id: "${TRACK_1}") { id } }`);
    expect(still.data.track).toEqual({ id: TRACK_1 });

    const own = new URL(server.url).origin;
    const deleted = await post(server.url, DELETE_TRACK_1, {}, { origin: own });
    expect(deleted).toEqual({ data: { deleteTrack: { deletedTrackId: TRACK_1 } } });
  });
});
