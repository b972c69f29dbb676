/**
 * Paths, mixes and library work in a real browser on a real server with analysed generated audio
 * (test/browser/webHarness.ts): a path picked by typing starts and ends with the tracks picked and exports as
 * M3U8; a deep link with a stop; a mix from a seed under a per-artist cap; an extraction started from the page
 * and a scan of a root followed live over SSE to completion, with the failed file's reason; a job cancelled; no
 * WCAG 2.1 AA violation (axe-core) on any of the three views. Screenshots
 * docs/screenshots/paths.png, mix.png, work.png.
 */
import { link, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { corruptFile } from '../extraction/files.ts';
import { mixFile } from '../graphql/libraryFiles.ts';
import { wcagViolations } from './axe.ts';
import { pickTrack as pick, rowIds } from './pageActions.ts';
import { screenshot, useWebHarness } from './webHarness.ts';

const web = useWebHarness();

const byTitle = (title: string) => {
  const track = web.tracks.find((candidate) => candidate.title === title);
  if (!track) throw new Error(`no harness track titled ${title}`);
  return track;
};

test('a path between two tracks picked by typing starts and ends with them; its M3U8 lists the same tracks', async () => {
  const page = await web.page();
  await page.goto(web.url('/paths'));
  const start = byTitle('Mix at 90');
  const end = byTitle('Chords in A minor');
  await pick(page, 'Start', start.title);
  await pick(page, 'End', end.title);
  await page.getByRole('spinbutton', { name: 'Tracks' }).fill('8');
  await page.getByRole('button', { name: 'Make path' }).click();
  await expect.poll(() => rowIds(page, 'Path').then((ids) => ids.length), { timeout: 30_000 }).toBe(8);
  const ids = await rowIds(page, 'Path');
  expect(ids[0]).toBe(start.id);
  expect(ids.at(-1)).toBe(end.id);
  expect(new Set(ids).size).toBe(8);
  const query = new URL(page.url()).searchParams;
  expect([query.get('from'), query.get('to'), query.get('count')]).toEqual([start.id, end.id, '8']);

  // A step distance per step after the first, in [0, 1].
  const distances = await page.getByRole('table', { name: 'Path' }).locator('tbody tr td:nth-child(5)').allTextContents();
  expect(distances[0]).toBe('—');
  for (const text of distances.slice(1)) expect(Number(text)).toBeGreaterThanOrEqual(0);

  const exportLink = page.getByRole('link', { name: 'Export M3U8' });
  expect(await exportLink.getAttribute('download')).toMatch(/\.m3u8$/);
  const playlist = await (await fetch(web.url((await exportLink.getAttribute('href'))!))).text();
  const lines = playlist.trim().split('\n');
  expect(lines[0]).toBe('#EXTM3U');
  const urls = lines.filter((line) => line.startsWith('http'));
  expect(urls).toHaveLength(8);
  expect(urls[0]).toBe(web.url(`/audio/${start.databaseId}`));
  expect(urls.at(-1)).toBe(web.url(`/audio/${end.databaseId}`));
  expect(lines[lines.indexOf(urls[0]!) - 1]).toBe(`#EXTINF:4,${start.artist} - ${start.title}`);
  // A player opening the playlist gets the audio from those URLs (the /audio route, with Range).
  const stream = await fetch(urls[0]!, { headers: { range: 'bytes=0-99' } });
  expect(stream.status).toBe(206);
  expect(stream.headers.get('content-type')).toMatch(/^audio\//);
  expect((await stream.arrayBuffer()).byteLength).toBe(100);

  // The player queues the path: "Play all" plays the first step from /audio/, "Next" moves on.
  await page.getByRole('button', { name: 'Play all' }).click();
  const player = page.getByRole('region', { name: 'Path player' });
  await expect.poll(() => player.textContent()).toContain('Playing 1 of 8');
  expect(await player.textContent()).toContain(start.title);
  expect(await page.locator('audio').getAttribute('src')).toBe(`/audio/${encodeURIComponent(start.id)}`);
  await expect.poll(() => page.locator('audio').evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 20_000 }).toBeGreaterThan(0);
  expect(await wcagViolations(page)).toEqual([]);
  await screenshot(page, 'paths');
  await player.getByRole('button', { name: 'Next' }).click();
  await expect.poll(() => player.textContent()).toContain('Playing 2 of 8');
  expect(await page.locator('audio').getAttribute('src')).toBe(`/audio/${encodeURIComponent(ids[1]!)}`);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  expect(await page.locator('audio').count()).toBe(0);
});

test('a shared path link with a stop, a direction and a preset loads the pickers and passes the stop', async () => {
  const page = await web.page();
  const [from, via, to] = [byTitle('Mix at 100'), byTitle('Solo: ' + web.tracks.find((t) => t.title.startsWith('Solo: '))!.title.slice(6)), byTitle('Mix at 160')];
  await page.goto(web.url(`/paths?from=${encodeURIComponent(from.id)}&to=${encodeURIComponent(to.id)}&via=${encodeURIComponent(via.id)}&count=6&dir=TEMPO_BPM:ASCENDING&preset=SOUND`));
  await expect.poll(() => rowIds(page, 'Path').then((ids) => ids.length), { timeout: 30_000 }).toBe(6);
  const ids = await rowIds(page, 'Path');
  expect([ids[0], ids.at(-1)]).toEqual([from.id, to.id]);
  expect(ids).toContain(via.id);
  // The pickers show the tracks' titles, loaded from their ids.
  await expect.poll(() => page.getByRole('group', { name: 'Stop 1' }).textContent()).toContain(via.title);
  expect(await page.getByRole('combobox', { name: 'Direction: dimension' }).inputValue()).toBe('TEMPO_BPM');
  expect(await page.getByRole('combobox', { name: 'Sounding alike by' }).inputValue()).toBe('SOUND');
});

test('on a phone-sized window the picker works from the keyboard and the path fits the width', async () => {
  const page = await web.page('phone');
  await page.goto(web.url('/paths'));
  const start = byTitle('Mix at 120');
  const end = byTitle('Mix at 140');
  for (const [label, track] of [['Start', start], ['End', end]] as const) {
    const input = page.getByRole('combobox', { name: label, exact: true });
    await input.focus();
    await page.keyboard.type(track.title);
    await expect.poll(() => page.getByRole('option', { name: track.title }).count()).toBeGreaterThan(0);
    // The suggestions are ordered by the server; move to the wanted one with the arrow keys.
    const options = await page.getByRole('listbox').getByRole('option').allTextContents();
    for (let i = 0; i < options.findIndex((text) => text.startsWith(track.title)); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('group', { name: label, exact: true }).textContent()).toContain(track.title);
  }
  await page.getByRole('button', { name: 'Make path' }).press('Enter');
  await expect.poll(() => rowIds(page, 'Path').then((ids) => [ids[0], ids.at(-1)]), { timeout: 30_000 }).toEqual([start.id, end.id]);
  // Wide tables scroll inside their box: the page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await wcagViolations(page)).toEqual([]);
});

test('a mix from one seed under a preset starts with the seed and keeps the per-artist cap', async () => {
  const page = await web.page();
  await page.goto(web.url('/mix'));
  const seed = web.tracks.find((track) => track.artist === 'Kit Machine')!;
  await pick(page, 'Seed', seed.title, 'Seed 1');
  await page.getByRole('spinbutton', { name: 'Tracks' }).fill('8');
  await page.getByRole('spinbutton', { name: 'At most per artist' }).fill('2');
  await page.getByRole('combobox', { name: 'Sounding alike by' }).selectOption('RHYTHM');
  await page.getByRole('button', { name: 'Make mix' }).click();
  await expect.poll(() => rowIds(page, 'Mix').then((ids) => ids.length), { timeout: 30_000 }).toBe(8);
  const ids = await rowIds(page, 'Mix');
  expect(ids[0]).toBe(seed.id);
  const artists = await page.getByRole('table', { name: 'Mix' }).locator('tbody tr td:nth-child(3)').allTextContents();
  const perArtist = new Map<string, number>();
  for (const artist of artists) perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
  expect(Math.max(...perArtist.values())).toBeLessThanOrEqual(2);
  expect(new URL(page.url()).searchParams.get('maxPerArtist')).toBe('2');
  expect(new URL(page.url()).searchParams.get('preset')).toBe('RHYTHM');
  const playlist = await (await fetch(web.url((await page.getByRole('link', { name: 'Export M3U8' }).getAttribute('href'))!))).text();
  expect(playlist.split('\n').filter((line) => line.startsWith('http'))).toHaveLength(8);
  expect(await wcagViolations(page)).toEqual([]);
  await screenshot(page, 'mix');
});

/** Records every `data-job-status` the job panel shows (the page keeps it; read by `seenStatuses`). */
async function watchJobStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
    const record = () => {
      const status = document.querySelector('.job-panel')?.getAttribute('data-job-status');
      if (status && seen.at(-1) !== status) seen.push(status);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

const seenStatuses = (page: Page) => page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);

test('an extraction started from the page shows its progress to completion', async () => {
  const incoming = path.join(web.libraryRoot, 'incoming');
  await mkdir(incoming);
  for (const seed of [71, 72, 73]) {
    const file = await mixFile(incoming, `new-${seed}.flac`, { seconds: 8, seed, tags: { title: `New ${seed}`, artist: 'Newcomer' } });
    await web.gql('mutation ($p: String!) { addTrack(path: $p) { userErrors { code } } }', { p: file });
  }
  const page = await web.page();
  await page.goto(web.url('/work'));
  await expect.poll(() => page.getByLabel('Tracks by fingerprint status').textContent()).toContain('3 missing');
  await watchJobStatuses(page);
  await page.getByRole('combobox', { name: 'Analyse' }).selectOption('MISSING');
  await page.getByRole('button', { name: 'Start extraction' }).click();
  const panel = page.locator('.job-panel');
  await expect.poll(() => panel.getAttribute('data-job-status'), { timeout: 60_000 }).toBe('COMPLETED');
  expect(await seenStatuses(page)).toEqual(['RUNNING', 'COMPLETED']);
  expect(await panel.locator('.job-counts').textContent()).toMatch(/^3 of 3 files \(100 %\) · 3 analysed · 0 failed/);
  const bar = panel.getByRole('progressbar', { name: 'Job progress' });
  expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['3', '3']);
  expect(new URL(page.url()).searchParams.get('job')).toBeTruthy();
  await expect.poll(() => page.getByLabel('Tracks by fingerprint status').textContent()).toContain('0 missing');
  const recent = page.getByRole('region', { name: 'Recent jobs' });
  await expect.poll(() => recent.locator('li').first().textContent()).toMatch(/extraction \(missing\): completed, 3 of 3$/);
});

test('scanning a root from the page adds the new files, follows the extraction it starts, and names the failure', async () => {
  const later = path.join(web.libraryRoot, 'later');
  await mkdir(later);
  await mixFile(later, 'fresh.flac', { seconds: 8, seed: 74, tags: { title: 'Fresh', artist: 'Newcomer' } });
  corruptFile(later, 'broken.mp3');
  const page = await web.page();
  await page.goto(web.url('/work'));
  await watchJobStatuses(page);
  await page.getByRole('button', { name: `Scan ${web.libraryRoot}` }).click();
  const result = page.locator('.scan-result');
  await expect.poll(() => result.textContent(), { timeout: 60_000 }).toMatch(/done/);
  expect(await result.locator('.scan-counts').textContent()).toMatch(/^2 added · 0 updated · \d+ unchanged · \d+ audio files/);
  const panel = page.locator('.job-panel');
  await expect.poll(() => panel.getAttribute('data-job-status'), { timeout: 60_000 }).toBe('COMPLETED');
  expect((await seenStatuses(page)).at(-1)).toBe('COMPLETED');
  expect(await panel.locator('.job-counts').textContent()).toMatch(/^2 of 2 files \(100 %\) · 1 analysed · 1 failed/);
  const failures = page.getByRole('region', { name: /Failures/ });
  await expect.poll(() => failures.textContent()).toContain('broken.mp3');
  const failureRow = failures.locator('tbody tr').first();
  expect(await failureRow.locator('td').nth(1).textContent()).toMatch(/^[A-Z_]+$/);
  expect(await failureRow.locator('td').nth(2).textContent()).toContain('broken.mp3');
  expect(await wcagViolations(page)).toEqual([]);
  await screenshot(page, 'work');
});

test('a running extraction is cancelled from the page', async () => {
  // Eight 10-minute files (hard links of one generated mix): long enough to be cancelled mid-way.
  const slow = path.join(web.libraryRoot, 'slow');
  await mkdir(slow);
  const source = await encode(musicMix({ seconds: 600, seed: 76 }), { format: 'flac', name: 'web-cancel-10min' });
  for (let i = 0; i < 8; i++) {
    const file = path.join(slow, `long-${i}.flac`);
    await link(source, file);
    await web.gql('mutation ($p: String!) { addTrack(path: $p) { userErrors { code } } }', { p: file });
  }
  const page = await web.page();
  await page.goto(web.url('/work'));
  await page.getByRole('combobox', { name: 'Analyse' }).selectOption('MISSING');
  await page.getByRole('button', { name: 'Start extraction' }).click();
  const panel = page.locator('.job-panel');
  await expect.poll(() => panel.getAttribute('data-job-status'), { timeout: 30_000 }).toBe('RUNNING');
  await page.getByRole('button', { name: 'Cancel job' }).click();
  await expect.poll(() => panel.getAttribute('data-job-status'), { timeout: 30_000 }).toBe('CANCELLED');
  const counts = (await panel.locator('.job-counts').textContent())!;
  // The eight long files, plus the broken one of the scan above (FAILED without a fingerprint counts as missing).
  const [, processed, total] = /^(\d+) of (\d+) files/.exec(counts)!.map(Number);
  expect(total).toBe(9);
  expect(processed).toBeLessThan(total!);
  expect(await page.getByRole('button', { name: 'Cancel job' }).count()).toBe(0);
});
