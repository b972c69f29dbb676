/**
 * A real browser (Debian's headless chromium through playwright-core) plays `/audio/:id` from a page of the
 * server itself: a WAV original (and seeks in it with Range requests), an AIFF transcoded to Opus; a foreign
 * page's `<audio>` gets nothing (403). No request leaves the machine.
 */
import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServerAdapter } from '@whatwg-node/server';
import { createAuralisApp } from '../../server/http/app.ts';
import { createHarness, type Harness } from '../graphql/harness.ts';
import { convert, sineWav } from './mediaFiles.ts';

const CHROMIUM = '/usr/bin/chromium';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

let h: Harness;
let server: Server;
const served: { path: string; secFetchSite: string | null; status: number }[] = [];
let base: string;
let browser: Browser;
const urls: Record<'wav' | 'aiff', string> = { wav: '', aiff: '' };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  h = await createHarness();
  const wav = path.join(h.libraryRoot, 'sine.wav');
  await copyFile(await sineWav(12), wav);
  const aiff = await convert(wav, path.join(h.libraryRoot, 'sine.aiff'), ['-c:a', 'pcm_s16be']);
  for (const [key, file] of [['wav', wav], ['aiff', aiff]] as const) {
    const added = await h.gql('mutation ($p: String!) { addTrack(path: $p) { track { audioUrl } } }', { p: file });
    urls[key] = added.data?.addTrack.track.audioUrl;
  }
  // The real app behind node:http as `auralis serve` puts it, recording what the server answered.
  const app = createAuralisApp({ config: h.config, orm: h.orm });
  server = createServer(
    createServerAdapter(async (request: Request) => {
      const response = await app.fetch(request);
      served.push({ path: new URL(request.url).pathname, secFetchSite: request.headers.get('sec-fetch-site'), status: response.status });
      return response;
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

/** A page that refuses (and records) any request to another host. */
async function localPage(): Promise<{ page: Page; foreign: string[]; statuses: { url: string; status: number }[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const foreign: string[] = [];
  const statuses: { url: string; status: number }[] = [];
  await context.route(
    (url) => !LOCAL_HOSTS.has(url.hostname) && url.protocol !== 'blob:' && url.protocol !== 'data:' && url.protocol !== 'about:',
    (route) => {
      foreign.push(route.request().url());
      return route.abort();
    },
  );
  page.on('response', (response) => statuses.push({ url: response.url(), status: response.status() }));

  return { page, foreign, statuses };
}

/** Plays `src` in an `<audio>` of the page until currentTime passes `seconds` (or the element fails). */
function playUntil(page: Page, src: string, seconds: number): Promise<{ currentTime: number; error: number | null }> {
  return page.evaluate(
    ({ src, seconds }) =>
      new Promise<{ currentTime: number; error: number | null }>((resolve) => {
        const audio = document.createElement('audio');
        audio.muted = true;
        audio.src = src;
        document.body.append(audio);
        audio.addEventListener('timeupdate', () => {
          if (audio.currentTime > seconds) resolve({ currentTime: audio.currentTime, error: null });
        });
        audio.addEventListener('error', () => resolve({ currentTime: audio.currentTime, error: audio.error?.code ?? -1 }));
        void audio.play().catch(() => undefined);
        (window as unknown as { audio: HTMLAudioElement }).audio = audio;
      }),
    { src, seconds },
  );
}

test('a page of the server plays the WAV original and seeks in it (Range requests, 206)', async () => {
  const { page, foreign, statuses } = await localPage();
  await page.goto(`${base}/audio/`); // any page of the server's own origin (a 404 here)
  expect(await playUntil(page, urls.wav, 0.1)).toMatchObject({ error: null });
  const seeked = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const audio = (window as unknown as { audio: HTMLAudioElement }).audio;
        audio.addEventListener('seeked', () => resolve(audio.currentTime), { once: true });
        audio.currentTime = 9;
      }),
  );
  expect(seeked).toBeGreaterThanOrEqual(8.9);
  expect(statuses.filter((entry) => entry.url.endsWith(urls.wav)).map((entry) => entry.status)).toContain(206);
  expect(foreign).toEqual([]);
  await page.context().close();
});

test('an AIFF (not browser-playable) arrives as Opus and plays', async () => {
  const { page, foreign, statuses } = await localPage();
  await page.goto(`${base}/audio/`);
  expect(await playUntil(page, urls.aiff, 0.1)).toMatchObject({ error: null });
  expect(statuses.filter((entry) => entry.url.endsWith(urls.aiff)).map((entry) => entry.status)).toContain(200);
  expect(foreign).toEqual([]);
  await page.context().close();
});

test('a foreign page (another origin) cannot play it: 403, the element reports an error', async () => {
  const { page, statuses } = await localPage();
  // 127.0.0.1 and localhost are different sites to the browser.
  const foreignBase = base.replace('127.0.0.1', 'localhost');
  await page.goto(`${foreignBase}/audio/`);
  served.length = 0;
  const result = await playUntil(page, `${base}${urls.wav}`, 0.1);
  expect(result.error).not.toBeNull();
  // The server saw the browser's cross-site request and refused it (the browser then blocks the JSON: ORB).
  expect(served.filter((entry) => entry.path === urls.wav)).toEqual([{ path: urls.wav, secFetchSite: 'cross-site', status: 403 }]);
  expect(statuses.some((entry) => entry.url === `${base}${urls.wav}` && entry.status === 200)).toBe(false);
  await page.context().close();
});
