/**
 * What several browser test files do on the app's pages: pick a track in a TrackPicker, read a playlist table's
 * rows, find a map or graph point on screen, lasso on the map, and make sure the library map is computed.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { WebHarness } from './webHarness.ts';

/**
 * Types into the picker labelled `label` and picks the suggestion whose text contains `title`; the picked track
 * then shows in the group `chosen` (the picker's label, or e.g. "Seed 1" for the mix's seed list).
 */
export async function pickTrack(page: Page, label: string, title: string, chosen = label): Promise<void> {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.fill(title);
  const option = page.getByRole('option').filter({ hasText: title }).first();
  await option.waitFor();
  await option.click();
  await expect.poll(() => page.getByRole('group', { name: chosen, exact: true }).textContent()).toContain(title);
}

/** The `data-track-id` of every row of the table labelled `name`. */
export function rowIds(page: Page, name: string): Promise<(string | null)[]> {
  return page
    .getByRole('table', { name, exact: true })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-track-id')));
}

/** The viewport position (page px) of a point of the map or graph, from the renderer the container exposes. */
export async function pointOnScreen(page: Page, selector: string, property: 'auralisMap' | 'auralisGraph', node: string): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ selector, property, node }) => {
      const element = document.querySelector(selector) as HTMLElement & Record<string, any>;
      const { sigma, graph } = element[property];
      const at = sigma.graphToViewport(graph.getNodeAttributes(node));
      const box = element.getBoundingClientRect();
      return { x: box.left + at.x, y: box.top + at.y };
    },
    { selector, property, node },
  );
}

/** Shift-drags a lasso through `corners` (page px) on the map, as a user selects tracks. */
export async function lasso(page: Page, corners: readonly (readonly [number, number])[]): Promise<void> {
  await page.keyboard.down('Shift');
  await page.mouse.move(corners[0]![0], corners[0]![1]);
  await page.mouse.down();
  for (const [x, y] of corners.slice(1)) await page.mouse.move(x, y, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}

/** Builds the library map through the API unless it is READY (tests that do not compute it from the page). */
export async function ensureMap(web: WebHarness): Promise<void> {
  const { libraryMap } = await web.gql<any>('{ libraryMap { status } }');
  if (libraryMap.status === 'READY') return;
  if (libraryMap.status !== 'COMPUTING') await web.gql('mutation { buildLibraryMap { job { id } } }');
  await expect.poll(async () => (await web.gql<any>('{ libraryMap { status } }')).libraryMap.status, { timeout: 120_000, interval: 200 }).toBe('READY');
}
