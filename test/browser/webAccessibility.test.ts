/**
 * Accessibility of the library and track views, checked by axe-core (WCAG 2.1 A and AA rules: names and labels,
 * roles, contrast, …) in headless chromium at 1280×800 and at 390×844, on a real server (webHarness.ts).
 * axe runs in the page through the DevTools protocol (page.evaluate), which the app's CSP does not govern.
 */
import { describe, expect, test } from 'vitest';
import { wcagViolations as violations } from './axe.ts';
import { VIEWPORTS, eventually, useWebHarness } from './webHarness.ts';

const web = useWebHarness({ buildGraph: false });

describe.each(Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[])('at the %s size', (viewport) => {
  test('the library, filtered and unfiltered, has no WCAG 2.1 AA violation', async () => {
    const page = await web.page(viewport);
    await page.goto(web.url('/'));
    await eventually(() => page.locator('.table-status').textContent()).toBe('16 tracks');
    await page.locator('details.filters summary').evaluate((summary) => ((summary.parentElement as HTMLDetailsElement).open = true));
    await eventually(() => page.locator('.filters svg.histogram').count()).toBe(25);
    expect(await violations(page)).toEqual([]);
    await page.goto(web.url('/?lufs=-30..&tempoBpm=100..140'));
    await eventually(() => page.locator('.table-status').textContent()).toMatch(/match$/);
    expect(await violations(page)).toEqual([]);
  });

  test('a track with its similar tracks has no WCAG 2.1 AA violation', async () => {
    const page = await web.page(viewport);
    await page.goto(web.url(`/track/${encodeURIComponent(web.tracks[3]!.id)}`));
    await eventually(() => page.locator('.similar-row').count()).toBe(15);
    await page.getByRole('button', { name: 'Custom', exact: true }).click();
    await eventually(() => page.locator('.weights-grid input').count()).toBe(26);
    expect(await violations(page)).toEqual([]);
  });
});
