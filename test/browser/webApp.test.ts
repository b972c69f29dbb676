/**
 * The web app shell in a real browser on a real server: `/` renders the library from the API, the navigation
 * reaches every view (client-side, no reload), a deep link to a view loads it (SPA fallback), and no request
 * leaves the server (checked by the harness after each test).
 */
import { expect, test } from 'vitest';
import { useWebHarness } from './webHarness.ts';

const web = useWebHarness();

test('the shell renders the library and its navigation reaches every view', async () => {
  const page = await web.page();
  const response = await page.goto(web.url('/'));
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  expect(await page.title()).toBe('Auralis');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Library');
  await expect.poll(() => page.getByText(web.tracks[0]!.title).first().isVisible()).toBe(true);
  expect(await nav.getByRole('link', { name: 'GraphiQL' }).getAttribute('href')).toBe('/graphql');

  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));
  for (const [label, heading, pathname] of [
    ['Map', 'Map', '/map'],
    ['Graph', 'Graph', '/graph'],
    ['Paths & mixes', 'Paths', '/paths'],
    ['Library work', 'Library work', '/work'],
    ['Library', 'Library', '/'],
  ] as const) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(pathname);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(heading);
    expect(await nav.getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).toBe('page');
  }
  expect(loads).toEqual([]);
});

test('a deep link loads its view (the server answers index.html for client-side routes)', async () => {
  const page = await web.page();
  const track = web.tracks[2]!;
  const response = await page.goto(web.url(`/track/${encodeURIComponent(track.id)}`));
  expect(response?.status()).toBe(200);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(track.title);
  await page.goto(web.url('/no/such/view'));
  await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Not found');
});
