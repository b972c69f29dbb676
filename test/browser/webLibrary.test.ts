/**
 * The library, track and similar views in headless chromium on a real server with 16 analysed generated tracks
 * (test/browser/webHarness.ts): search, filters (from the URL and from a slider) → a track → its values,
 * facts and similar tracks → "play from here"; keyboard use; the phone size. Every count the page shows is
 * checked against the API. Saves docs/screenshots/library.png and track.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { eventually, screenshot, useWebHarness } from './webHarness.ts';

const web = useWebHarness();

/** The status line of the table ("16 tracks", "3 tracks match"). */
function status(page: Page): Promise<string | null> {
  return page.locator('.table-status').textContent();
}

/** Titles of the rendered rows, in order. */
function rowTitles(page: Page): Promise<string[]> {
  return page.locator('.table-body .table-row .c-title').allTextContents();
}

async function matching(where: Record<string, unknown>): Promise<string[]> {
  const data = await web.gql<any>('query ($w: FingerprintWhere!) { fingerprints(first: 100, where: $w) { edges { node { track { title } } } } }', { w: where });
  return data.fingerprints.edges.map((e: any) => e.node.track.title);
}

describe('library', () => {
  test('lists every track, searches by text, and filters by dimension from the URL', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    await eventually(() => status(page)).toBe('16 tracks');
    expect((await rowTitles(page)).sort()).toEqual(web.tracks.map((t) => t.title).sort());
    await screenshot(page, 'library');

    await page.getByLabel('Search', { exact: true }).fill('drums');
    await eventually(() => status(page)).toBe('4 tracks match');
    expect(new URL(page.url()).search).toBe('?q=drums');
    expect((await rowTitles(page)).every((title) => title.startsWith('Drums:'))).toBe(true);

    // A shared link: tempo 110…135 BPM and loudness ≥ −30 LUFS.
    await page.goto(web.url('/?tempoBpm=110..135&lufs=-30..'));
    const expected = await matching({ tempoBpm: { gte: 110, lte: 135 }, lufs: { gte: -30 } });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(16);
    await eventually(() => status(page)).toBe(`${expected.length} ${expected.length === 1 ? 'track' : 'tracks'} match`);
    expect((await rowTitles(page)).sort()).toEqual(expected.sort());
    await eventually(() => page.locator('summary', { hasText: 'Filters' }).textContent()).toBe('Filters (2)');
    expect(await page.getByLabel('Search', { exact: true }).isDisabled()).toBe(true);
  });

  test('a slider moved with the keyboard becomes a FingerprintWhere in the URL, over the library histogram', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    await eventually(() => status(page)).toBe('16 tracks');
    // One histogram per dimension (the library has ≥ 10 fingerprints: percentiles are stored).
    await eventually(() => page.locator('.filters svg.histogram').count()).toBe(25);
    expect(await page.locator('.filters fieldset legend').allTextContents()).toEqual([
      'Frequency', 'Dynamics', 'Rhythm & time', 'Spectral shape', 'Harmonic', 'Variation', 'Stereo',
    ]);
    const minimum = page.getByRole('slider', { name: 'Loudness minimum (LUFS)' });
    await minimum.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageUp');
    await eventually(() => new URL(page.url()).searchParams.get('lufs')).toMatch(/^-?\d+(\.\d+)?\.\.$/);
    const gte = Number(new URL(page.url()).searchParams.get('lufs')!.split('..')[0]);
    const expected = await matching({ lufs: { gte } });
    expect(expected.length).toBeLessThan(16);
    await eventually(() => status(page)).toBe(`${expected.length} ${expected.length === 1 ? 'track' : 'tracks'} match`);
    expect((await rowTitles(page)).sort()).toEqual(expected.sort());

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(() => status(page)).toBe('16 tracks');
    expect(new URL(page.url()).search).toBe('');
  });

  test('the table is keyboard-operable: arrows move the active row, Enter opens it', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    await eventually(() => status(page)).toBe('16 tracks');
    const grid = page.getByRole('grid', { name: 'Tracks' });
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await grid.getAttribute('aria-activedescendant')).toBe('library-row-2');
    const title = await page.locator('#library-row-2 .c-title').textContent();
    await page.keyboard.press('Enter');
    await eventually(() => new URL(page.url()).pathname).toMatch(/^\/track\//);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  });
});

describe('track and similar', () => {
  test('filter → track: the 25 values with units and percentiles, the facts, similar tracks → play from here', async () => {
    const page = await web.page();
    const requests: string[] = [];
    page.on('request', (request) => {
      // urql sends queries as GET when they fit in a URL, else POST.
      if (new URL(request.url()).pathname === '/graphql') requests.push(decodeURIComponent(request.url()) + (request.postData() ?? ''));
    });
    await page.goto(web.url('/?tempoBpm=118..130'));
    const expected = await matching({ tempoBpm: { gte: 118, lte: 130 } });
    await eventually(() => rowTitles(page)).toEqual(expected);
    await page.locator('.table-body .table-row', { hasText: expected[0]! }).click();
    const track = web.tracks.find((t) => t.title === expected[0])!;
    await eventually(() => decodeURIComponent(new URL(page.url()).pathname)).toBe(`/track/${track.id}`);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(track.title);

    // The 25 values, by category, with units and a percentile each.
    await eventually(() => page.locator('.value-row').count()).toBe(25);
    expect(await page.locator('.value-group h3').allTextContents()).toEqual([
      'Frequency', 'Dynamics', 'Rhythm & time', 'Spectral shape', 'Harmonic', 'Variation', 'Stereo',
    ]);
    const { track: stored } = await web.gql<any>('query ($id: ID!) { track(id: $id) { fingerprint { lufs tempoBpm key { name camelot } replayGain { trackGainDb } } } }', { id: track.id });
    const loudness = page.locator('.value-row', { hasText: 'Loudness' }).first();
    expect(await loudness.locator('.value-number').textContent()).toBe(`${stored.fingerprint.lufs.toFixed(1).replace('-', '−')} LUFS`);
    expect(await loudness.locator('.percentile').getAttribute('aria-label')).toMatch(/^Loudness: \d+(st|nd|rd|th) percentile$/);
    expect(await page.locator('.value-row', { hasText: 'Tempo' }).first().locator('.value-number').textContent()).toMatch(/ BPM$/);
    // Facts: key and ReplayGain as stored.
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain(`${stored.fingerprint.key.name} (${stored.fingerprint.key.camelot})`);
    expect(facts).toContain('ReplayGain (track)');
    expect(facts).toContain('Tempo confidence');

    // Similar: the other 15 tracks with similarity, because and contribution bars.
    await eventually(() => page.locator('.similar-row').count()).toBe(15);
    const first = page.locator('.similar-row').first();
    expect(await first.locator('.because').textContent()).not.toBe('');
    expect(await first.locator('.contributions').first().locator('li').count()).toBe(4);
    expect(await first.locator('.contribution-bar').first().getAttribute('aria-label')).toMatch(/% of the distance/);
    const { similarTracks } = await web.gql<any>('query ($id: ID!) { similarTracks(trackId: $id, first: 20) { track { title } } }', { id: track.id });
    expect(await page.locator('.similar-row .similar-text a').allTextContents()).toEqual(similarTracks.map((s: any) => s.track.title));
    await screenshot(page, 'track');

    // The server's presets are offered; one is sent as `preset`; the per-artist cap keeps one track per artist.
    const { similarityPresets } = await web.gql<any>('{ similarityPresets { title } }');
    expect(await page.getByRole('group', { name: 'Weight preset' }).getByRole('button').allTextContents()).toEqual([
      ...similarityPresets.map((p: any) => p.title),
      'Custom',
    ]);
    await page.getByRole('button', { name: 'Rhythm', exact: true }).click();
    await eventually(() => requests.some((body) => body.includes('SimilarTracks') && body.includes('"preset":"RHYTHM"'))).toBe(true);
    expect(await page.getByRole('button', { name: 'Rhythm', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Per artist').selectOption('1');
    await eventually(async () => {
      const artists = await page.locator('.similar-row .similar-text .muted').allTextContents();
      return artists.length > 0 && new Set(artists.map((a) => a.split(' · ')[0])).size === artists.length;
    }).toBe(true);

    // Play from the second result: the player's queue is the list from there on.
    const rows = page.locator('.similar-row');
    const count = await rows.count();
    const second = await rows.nth(1).locator('.similar-text a').textContent();
    await rows.nth(1).getByRole('button', { name: /^Play from / }).click();
    await eventually(() => page.locator('.player-title').textContent()).toContain(second!);
    expect(await page.locator('.player-now .muted').textContent()).toBe(`Playing 1 of ${count - 1}`);
    const secondId = web.tracks.find((t) => t.title === second)!.id;
    expect(await page.locator('.player audio').getAttribute('src')).toBe(`/audio/${encodeURIComponent(secondId)}`);
  });

  // /audio/:trackId is built on branch `media`: until its route is in the app, /audio/ is the web route's 404.
  test('play from here plays: the audio element reaches currentTime > 0', async (context) => {
    const probe = await fetch(web.url(`/audio/${encodeURIComponent(web.tracks[0]!.id)}`), { method: 'HEAD' });
    if (probe.status === 404 && probe.headers.get('content-type') === 'text/plain; charset=utf-8') context.skip('no /audio/ route yet (branch media)');
    const page = await web.page();
    await page.goto(web.url(`/track/${encodeURIComponent(web.tracks[2]!.id)}`));
    await eventually(() => page.locator('.similar-row').count()).toBe(15);
    await page.locator('.similar-row').first().getByRole('button', { name: /^Play from / }).click();
    await eventually(() => page.locator('.player audio').evaluate((audio: HTMLAudioElement) => audio.currentTime)).toBeGreaterThan(0);
  });
});

describe('phone size (390×844)', () => {
  test('the library and a track render without horizontal scrolling', async () => {
    const page = await web.page('phone');
    await page.goto(web.url('/'));
    await eventually(() => status(page)).toBe('16 tracks');
    expect(await page.locator('.table-body .table-row').first().isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Filters fold away on a phone; the navigation stays reachable.
    expect(await page.locator('details.filters').getAttribute('open')).toBeNull();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map' }).isVisible()).toBe(true);
    await page.goto(web.url(`/track/${encodeURIComponent(web.tracks[0]!.id)}`));
    await eventually(() => page.locator('.similar-row').count()).toBe(15);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'track-phone');
  });
});
