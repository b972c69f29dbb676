/**
 * `auralis serve` as a real process: migrates the database on start, answers on 127.0.0.1, finishes an
 * in-flight request on SIGTERM before closing, and refuses a non-loopback host without a token.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mixFile } from './libraryFiles.ts';

const BIN = fileURLToPath(new URL('../../bin/auralis.js', import.meta.url));
let dir: string;
let libraryRoot: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'auralis-serve-'));
  libraryRoot = path.join(dir, 'library');
  await mkdir(libraryRoot);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function start(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, AURALIS_LIBRARY_ROOTS: libraryRoot, AURALIS_API_TOKEN: '', ...env },
  });
}

/** Resolves with the URL the server prints once it listens. */
async function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /GraphQL at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${err}`)));
  });
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
}

test('serves GraphQL and GraphiQL, then finishes an in-flight extraction on SIGTERM and exits 0', async () => {
  const child = start(['--port', '0', '--db', path.join(dir, 'serve.db')]);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const url = await listeningUrl(child);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);

  const graphiql = await fetch(url, { headers: { accept: 'text/html' } });
  expect(await graphiql.text()).toContain('QuietMidTempo');
  // The web app beside it, at the address the server prints.
  await expect.poll(() => stdout).toContain(`auralis: web app at ${new URL('/', url).href}\n`);
  const app = await fetch(new URL('/', url));
  expect(app.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(await app.text()).toContain('<title>Auralis</title>');

  const file = await mixFile(libraryRoot, 'long.flac', { seconds: 60, seed: 31 });
  const added = await post(url, 'mutation ($p: String!) { addTrack(path: $p) { track { id } userErrors { code } } }', { p: file });
  const id = added.data.addTrack.track.id;

  const inFlight = post(url, 'mutation ($id: ID!) { extractFingerprint(trackId: $id) { track { fingerprintStatus } userErrors { code } } }', { id });
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGTERM');
  const result = await inFlight;
  expect(result.errors).toBeUndefined();
  expect(result.data.extractFingerprint).toEqual({ track: { fingerprintStatus: 'CURRENT' }, userErrors: [] });
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  expect(stdout).toContain('SIGTERM, finishing in-flight requests');
  expect(stdout).toContain('auralis: stopped');

  // The database was migrated on start and the extraction was committed before the ORM closed.
  const again = start(['--port', '0', '--db', path.join(dir, 'serve.db')]);
  const url2 = await listeningUrl(again);
  const stats = await post(url2, '{ libraryStats { trackCount byStatus { status count } } }');
  expect(stats.data.libraryStats.byStatus.find((s: { status: string }) => s.status === 'CURRENT').count).toBe(1);
  again.kill('SIGINT');
  expect((await once(again, 'exit'))[0]).toBe(0);
});

test('refuses to listen on a non-loopback host without AURALIS_API_TOKEN', async () => {
  const child = start(['--host', '0.0.0.0', '--port', '0', '--db', path.join(dir, 'open.db')]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, 'exit');
  expect(code).toBe(1);
  expect(stderr.trim()).toMatch(/^auralis serve: refusing to listen on 0\.0\.0\.0: a non-loopback address needs AURALIS_API_TOKEN/);
  expect(stderr.trim().split('\n')).toHaveLength(1);
});
