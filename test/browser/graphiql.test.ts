/**
 * GraphiQL in a real browser (Debian's headless chromium through playwright-core) against a real server on
 * 127.0.0.1: the page renders offline with the example query in its editor, runs it and shows the result,
 * and asks no other host for anything (no CDN). Saves docs/screenshots/graphiql.png.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { DIMENSIONS } from '../../server/fingerprint/dimensions.ts';
import { listen, type RunningServer } from '../../server/graphql/listen.ts';
import { mixFile } from '../graphql/libraryFiles.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/graphiql.png', import.meta.url));
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

let dir: string;
let server: RunningServer;
let browser: Browser;

/** POSTs like any API client (JSON, no Origin). */
async function gql(query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: any; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  dir = await mkdtemp(path.join(tmpdir(), 'auralis-browser-'));
  const libraryRoot = path.join(dir, 'library');
  await mkdir(libraryRoot);
  server = await listen(loadConfig({ dbPath: path.join(dir, 'browser.db'), host: '127.0.0.1', port: 0, libraryRoots: [libraryRoot], apiToken: undefined }, {}));
  // One track that the example query (lufs ≤ −14, tempo 90…130 BPM) finds, with imported fingerprint values.
  const file = await mixFile(libraryRoot, 'quiet.flac', { tags: { title: 'Quiet Mid-Tempo Song', artist: 'Nadia' } });
  const added = await gql('mutation ($p: String!) { addTrack(path: $p) { track { id } } }', { p: file });
  const values = { ...Object.fromEntries(DIMENSIONS.map((d) => [d.key, d.silenceValue])), lufs: -20, tempoBpm: 104 };
  await gql('mutation ($id: ID!, $v: FingerprintValuesInput!) { upsertFingerprint(trackId: $id, values: $v) { userErrors { code } } }', {
    id: added.addTrack.track.id,
    v: values,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The visible text of a Monaco editor inside `selector` (Monaco renders spaces as U+00A0). */
function editorText(page: Page, selector: string): Promise<string> {
  return page
    .locator(`${selector} .view-lines`)
    .first()
    .innerText()
    .then((text) => text.replace(/\u00a0/g, ' '));
}

test('GraphiQL renders offline with the example query, runs it, and requests nothing from another host', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'blob:' || url.protocol === 'data:') return;
    if (!LOCAL_HOSTS.has(url.hostname)) foreign.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Nothing leaves the machine even if the page tries (this test must also pass offline).
  await context.route((url) => !LOCAL_HOSTS.has(url.hostname) && url.protocol !== 'blob:' && url.protocol !== 'data:', (route) => route.abort());

  const response = await page.goto(server.url);
  expect(response?.status()).toBe(200);
  expect(await page.title()).toBe('Auralis');

  const query = page.locator('.graphiql-query-editor');
  await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 30_000 }).toContain('query QuietMidTempo');
  const shown = await editorText(page, '.graphiql-query-editor');
  expect(shown).toContain('# Quiet tracks at a mid tempo (LUFS, BPM).');
  expect(shown).toContain('lufs: { lte: -14 }');
  expect(shown).toContain('tempoBpm: { gte: 90, lte: 130 }');

  await query.click();
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => editorText(page, '.graphiql-response'), { timeout: 30_000 }).toContain('"totalCount": 1');
  const result = await editorText(page, '.graphiql-response');
  expect(result).toContain('"title": "Quiet Mid-Tempo Song"');
  expect(result).toContain('"lufs": -20');
  expect(result).toContain('"tempoBpm": 104');

  await mkdir(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  expect(foreign).toEqual([]);
  expect(pageErrors).toEqual([]);
  await context.close();
});
