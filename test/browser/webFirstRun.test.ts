/**
 * A first run and failures, in headless chromium on a real server over a fresh empty database (no roots, no
 * tracks; test/browser/webHarness.ts with `empty`): every view says what to do next instead of an empty table or
 * a blank canvas; a path no route knows shows the not-found view with a link home; a GraphQL error shows its
 * message and code; when the server stops, a view says so with a code instead of going blank.
 */
import { expect, test } from 'vitest';
import { wcagViolations } from './axe.ts';
import { eventually, screenshot, useWebHarness } from './webHarness.ts';

const web = useWebHarness({ empty: true, config: { libraryRoots: [] } });

const NO_TRACKS = 'No tracks yet — scan a folder in Library work, or run auralis scan <folder>.';

test('on an empty library every view says what to do next', async () => {
  const page = await web.page();
  const notice = page.locator('.empty-library');

  await page.goto(web.url('/'));
  await eventually(() => notice.textContent()).toBe(NO_TRACKS);
  expect(await page.getByRole('grid', { name: 'Tracks' }).count()).toBe(0);
  expect(await notice.getByRole('link', { name: 'Library work' }).getAttribute('href')).toBe('/work');
  expect(await wcagViolations(page)).toEqual([]);
  await screenshot(page, 'first-run');

  // The map says why it cannot be computed, and offers no button that would fail.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map', exact: true }).click();
  await eventually(() => notice.textContent()).toBe(`A map needs at least 3 analysed tracks; this library has 0.${NO_TRACKS}`);
  // The map's status comes from its own query, which may answer after the library counts.
  await eventually(() => page.getByTestId('map-status').textContent()).toBe('No map: too few analysed tracks.');
  expect(await page.getByRole('button', { name: 'Compute the map' }).count()).toBe(0);

  for (const [pathname, reason] of [
    ['/graph', 'A graph needs at least 2 analysed tracks; this library has 0.'],
    ['/paths', 'A path needs at least 2 analysed tracks; this library has 0.'],
    ['/mix', 'A mix needs at least 1 analysed track; this library has 0.'],
  ] as const) {
    await page.goto(web.url(pathname));
    await eventually(() => notice.textContent()).toBe(`${reason}${NO_TRACKS}`);
  }

  // Library work, where the next step is taken, says there is no root yet.
  await page.goto(web.url('/work'));
  await eventually(() => page.getByText('No library root').textContent()).toContain('auralis scan <folder>');
});

test('a path no route knows shows the not-found view, whose link leads home', async () => {
  const page = await web.page();
  await page.goto(web.url('/no/such/view'));
  await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
  await page.getByRole('main').getByRole('link', { name: 'library' }).click();
  await eventually(() => new URL(page.url()).pathname).toBe('/');
  await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Library');
});

test('a GraphQL error shows its message and code', async () => {
  const page = await web.page();
  await page.goto(web.url('/track/not-an-id'));
  await eventually(() => page.getByRole('alert').textContent()).toMatch(/^Could not load the track: expected a global ID .* \(INVALID_ID\)$/);
  await page.goto(web.url('/graph/not-an-id'));
  await eventually(() => page.getByRole('status').first().textContent()).toMatch(/^Could not load the graph: .*\(INVALID_ID\)$/);
});

// Last: it stops the server.
test('when the server is down a view says so with a code, not a blank page', async () => {
  const page = await web.page();
  await page.goto(web.url('/'));
  await eventually(() => page.locator('.empty-library').textContent()).toBe(NO_TRACKS);
  await web.server.close();

  // A view whose code is not loaded yet.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Paths & mixes' }).click();
  await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('This view could not be shown');
  expect(await page.getByRole('alert').textContent()).toMatch(/^Its code could not be loaded from the server: .+ \(VIEW_LOAD_FAILED\)$/);
  expect(await page.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);

  // A view whose query gets no answer (back / forward to a track).
  await page.evaluate(() => {
    history.pushState(null, '', '/track/VHJhY2s6MQ%3D%3D');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await eventually(() => page.getByRole('alert').textContent()).toMatch(
    /^Could not load the track: The server did not answer \(.+\): is `auralis serve` running\? Reload when it is\. \(NETWORK_ERROR\)$/,
  );
});
