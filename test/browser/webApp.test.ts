/**
 * The web app shell in a real browser on a real server: `/` renders the library from the API, the navigation
 * reaches every view (client-side, no reload), a deep link to a view loads it (SPA fallback), and no request
 * leaves the server (checked by the harness after each test).
 */
import { gql } from '@urql/core';
import { expect, test } from 'vitest';
import { createAuralisClient } from '../../web/src/client.ts';
import { eventually, expectPagesClean, useWebHarness } from './webHarness.ts';

const web = useWebHarness();

test('the shell renders the library and its navigation reaches every view', async () => {
  const page = await web.page();
  const response = await page.goto(web.url('/'));
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  expect(await page.title()).toBe('Auralis');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await eventually(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Library');
  await eventually(() => page.getByText(web.tracks[0]!.title).first().isVisible()).toBe(true);
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
    await eventually(() => new URL(page.url()).pathname).toBe(pathname);
    await eventually(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(heading);
    expect(await nav.getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).toBe('page');
  }
  expect(loads).toEqual([]);
});

test('a deep link loads its view (the server answers index.html for client-side routes)', async () => {
  const page = await web.page();
  const track = web.tracks[2]!;
  const response = await page.goto(web.url(`/track/${encodeURIComponent(track.id)}`));
  expect(response?.status()).toBe(200);
  await eventually(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(track.title);
  await page.goto(web.url('/no/such/view'));
  await eventually(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Not found');
});

test('a page that asks another host for anything fails its test (the harness guard)', async () => {
  const page = await web.page();
  await page.goto(web.url('/'));
  // The app's CSP blocks it in the page (a violation also fails the test) …
  await page.evaluate(() => fetch('http://192.0.2.1/x.js').catch(() => undefined));
  await eventually(() => {
    try {
      expectPagesClean();
      return 'clean';
    } catch (error) {
      return String(error);
    }
  }).toMatch(/Content Security Policy/);
  // … and a request that gets past it (a navigation) is refused and reported.
  await page.goto('http://192.0.2.1/').catch(() => undefined);
  await page.context().close();
  expect(() => expectPagesClean()).toThrow(/requests to another host/);
});

test("the web app's client follows a job's progress over SSE (urql fetch transport on yoga's text/event-stream)", async () => {
  const client = createAuralisClient(web.server.url);
  const started = await client.mutation(gql`mutation { startExtraction(input: {selection: ALL}) { job { id } userErrors { code } } }`, {}).toPromise();
  expect(started.error).toBeUndefined();
  const id: string = started.data.startExtraction.job.id;
  const events = await new Promise<{ status: string; processed: number; total: number }[]>((resolve, reject) => {
    const seen: { status: string; processed: number; total: number }[] = [];
    const { unsubscribe } = client
      .subscription(gql`subscription ($id: ID!) { jobProgress(id: $id) { id status processed total } }`, { id })
      .subscribe((result) => {
        if (result.error) {
          unsubscribe();
          reject(result.error);
          return;
        }
        seen.push(result.data.jobProgress);
        // The server ends the stream after the final event: no unsubscribe (which would abort the fetch).
        if (result.data.jobProgress.status !== 'RUNNING') resolve(seen);
      });
  });
  expect(events.length).toBeGreaterThan(1);
  expect(events.at(-1)).toMatchObject({ id, status: 'COMPLETED', processed: 16, total: 16 });
});
