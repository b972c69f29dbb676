/**
 * The views as one product, in headless chromium on a real server with 16 analysed generated tracks and the kNN
 * graph (test/browser/webHarness.ts): a map lasso becomes an M3U8 playlist of exactly the selection, and a mix
 * from it that plays; a track leads to its graph, whose nodes lead back to track views; a track leads to a path
 * from or to it. (Library row → track → similar → play from here: webLibrary.test.ts.)
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { ensureMap, lasso, pickTrack, pointOnScreen, rowIds } from './pageActions.ts';
import { eventually, useWebHarness } from './webHarness.ts';

const web = useWebHarness();

/** Opens the map and lassoes its left half; returns the ids the lasso encloses, by the renderer's own positions. */
async function lassoLeftHalf(page: Page): Promise<string[]> {
  await ensureMap(web);
  await page.goto(web.url('/map'));
  const canvas = page.locator('.map-canvas');
  await eventually(() => canvas.getAttribute('data-points')).toBe(String(web.tracks.length));
  const box = (await canvas.boundingBox())!;
  const right = box.width / 2;
  const inside: string[] = [];
  for (const track of web.tracks) {
    const at = await pointOnScreen(page, '.map-canvas', 'auralisMap', track.id);
    if (at.x > box.x + 2 && at.x < box.x + right && at.y > box.y + 2 && at.y < box.y + box.height - 2) inside.push(track.id);
  }
  expect(inside.length, 'tracks in the left half').toBeGreaterThan(0);
  expect(inside.length, 'tracks in the left half').toBeLessThan(web.tracks.length);
  await lasso(page, [[2, 2], [right, 2], [right, box.height - 2], [2, box.height - 2]].map(([x, y]) => [box.x + x!, box.y + y!] as const));
  await eventually(() => page.getByRole('complementary', { name: 'Selection' }).locator('strong').textContent()).toBe(
    `${inside.length} ${inside.length === 1 ? 'track' : 'tracks'} selected`,
  );
  return inside;
}

test('map lasso → Export M3U8: the playlist holds exactly the selected tracks', async () => {
  const page = await web.page();
  const selected = await lassoLeftHalf(page);
  const href = await page.getByRole('link', { name: 'Export M3U8' }).getAttribute('href');
  const response = await fetch(web.url(href!));
  expect(response.status).toBe(200);
  const lines = (await response.text()).trim().split('\n');
  expect(lines[0]).toBe('#EXTM3U');
  const streamed = lines.filter((line) => line.startsWith('http')).map((url) => Number(new URL(url).pathname.split('/').at(-1)));
  const expected = web.tracks.filter((track) => selected.includes(track.id)).map((track) => track.databaseId);
  expect(streamed.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
});

test('map lasso → Mix from these: /mix with the selection as seeds, and the mix plays', async () => {
  const page = await web.page();
  const selected = await lassoLeftHalf(page);
  await page.getByRole('link', { name: 'Mix from these' }).click();
  await eventually(() => new URL(page.url()).pathname).toBe('/mix');
  expect(new URL(page.url()).searchParams.get('seeds')!.split(',').sort()).toEqual([...selected].sort());
  await eventually(() => page.getByRole('group', { name: /^Seed \d+$/ }).count()).toBe(selected.length);
  await expect.poll(() => rowIds(page, 'Mix').then((ids) => ids.length), { timeout: 30_000 }).toBeGreaterThanOrEqual(selected.length);
  const ids = await rowIds(page, 'Mix');
  for (const seed of selected) expect(ids).toContain(seed);
  await page.getByRole('button', { name: 'Play all' }).click();
  await expect.poll(() => page.locator('audio').evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 20_000 }).toBeGreaterThan(0);
});

test('track → Graph → a node moves the graph → the centre node opens its track view', async () => {
  const page = await web.page();
  const start = web.tracks[2]!;
  await page.goto(web.url(`/track/${encodeURIComponent(start.id)}`));
  await page.getByRole('navigation', { name: 'From this track' }).getByRole('link', { name: 'Graph' }).click();
  await eventually(() => new URL(page.url()).pathname).toBe(`/graph/${encodeURIComponent(start.id)}`);
  const canvas = page.locator('.map-canvas');
  await eventually(() => canvas.getAttribute('data-centre')).toBe(start.id);

  const { track } = await web.gql<any>('query ($id: ID!) { track(id: $id) { neighbours(first: 1) { track { id title } } } }', { id: start.id });
  const next = track.neighbours[0].track;
  const at = await pointOnScreen(page, '.map-canvas', 'auralisGraph', next.id);
  await page.mouse.click(at.x, at.y);
  await eventually(() => canvas.getAttribute('data-centre')).toBe(next.id);

  const centre = await pointOnScreen(page, '.map-canvas', 'auralisGraph', next.id);
  await page.mouse.click(centre.x, centre.y);
  await eventually(() => new URL(page.url()).pathname).toBe(`/track/${encodeURIComponent(next.id)}`);
  await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(next.title);
});

test('track → Path from here and Path to here: the path starts or ends with the track', async () => {
  const page = await web.page();
  const [from, to] = [web.tracks[0]!, web.tracks[12]!];
  await page.goto(web.url(`/track/${encodeURIComponent(from.id)}`));
  await page.getByRole('link', { name: 'Path from here' }).click();
  await eventually(() => new URL(page.url()).searchParams.get('from')).toBe(from.id);
  await eventually(() => page.getByRole('group', { name: 'Start', exact: true }).textContent()).toContain(from.title);
  await pickTrack(page, 'End', to.title);
  await page.getByRole('button', { name: 'Make path' }).click();
  await expect.poll(() => rowIds(page, 'Path').then((ids) => ids.length), { timeout: 30_000 }).toBeGreaterThan(1);
  const forward = await rowIds(page, 'Path');
  expect([forward[0], forward.at(-1)]).toEqual([from.id, to.id]);

  await page.goto(web.url(`/track/${encodeURIComponent(to.id)}`));
  await page.getByRole('link', { name: 'Path to here' }).click();
  await eventually(() => new URL(page.url()).searchParams.get('to')).toBe(to.id);
  await eventually(() => page.getByRole('group', { name: 'End', exact: true }).textContent()).toContain(to.title);
});
