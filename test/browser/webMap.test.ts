/**
 * The map and graph views in headless chromium on a real server with 16 analysed generated tracks
 * (test/browser/webHarness.ts; the kNN graph built with k = 8): the map is computed from the page, shows every track
 * as a WebGL point (the renderer's node count), colours by a dimension, shows a track on hover, opens it on click and
 * makes a playlist from a lasso; the graph shows a track's neighbourhood and moves on click. Every count is checked
 * against the API. Saves docs/screenshots/map.png and graph.png.
 */
import { describe, expect, test } from 'vitest';
import { wcagViolations as violations } from './axe.ts';
import { ensureMap as ensureMapOf, lasso, pointOnScreen } from './pageActions.ts';
import { eventually, screenshot, useWebHarness } from './webHarness.ts';

const web = useWebHarness();
const ensureMap = () => ensureMapOf(web);

describe('map', () => {
  test('computes the map from the page, draws every track, colours by a dimension, shows a track on hover and opens it on click', async () => {
    const page = await web.page();
    await page.goto(web.url('/map'));
    const canvas = page.locator('.map-canvas');
    await eventually(() => canvas.getAttribute('data-status')).toBe('MISSING');
    await page.getByRole('button', { name: 'Compute the map' }).click();
    await expect.poll(() => canvas.getAttribute('data-status'), { timeout: 120_000, interval: 100 }).toBe('READY');
    const { libraryMap } = await web.gql<any>('{ libraryMap { status count trackIds x y } }');
    expect(libraryMap.status).toBe('READY');
    expect(libraryMap.count).toBe(web.tracks.length);
    await eventually(() => canvas.getAttribute('data-points')).toBe(String(web.tracks.length));
    await eventually(() => page.getByTestId('map-status').textContent()).toBe(`${web.tracks.length} tracks.`);

    // Colour by tempo: the choice is in the URL, the legend spans the library's tempos.
    await page.getByLabel('Colour by').selectOption('TEMPO_BPM');
    await eventually(() => new URL(page.url()).searchParams.get('colour')).toBe('TEMPO_BPM');
    await eventually(() => page.getByLabel('Colour scale of Tempo').isVisible()).toBe(true);
    const colours = await page.evaluate(() => {
      const element = document.querySelector('.map-canvas') as HTMLElement & Record<string, any>;
      const graph = element.auralisMap.graph;
      return graph.mapNodes((_: string, attributes: { color: string }) => attributes.color);
    });
    expect(new Set(colours).size).toBeGreaterThan(4);
    await screenshot(page, 'map');

    // Hover a point: its title; click: its track page.
    const target = web.tracks[4]!;
    const at = await pointOnScreen(page, '.map-canvas', 'auralisMap', target.id);
    await page.mouse.move(at.x, at.y);
    await eventually(() => page.getByRole('tooltip').textContent()).toContain(target.title);
    await page.mouse.click(at.x, at.y);
    await eventually(() => new URL(page.url()).pathname).toBe(`/track/${encodeURIComponent(target.id)}`);
  });

  test('a shift-drag lasso selects the tracks inside it and makes a playlist (M3U8 export, mix seeds)', async () => {
    await ensureMap();
    const page = await web.page();
    await page.goto(web.url('/map'));
    const canvas = page.locator('.map-canvas');
    await eventually(() => canvas.getAttribute('data-points')).toBe(String(web.tracks.length));
    // A rectangle around the whole canvas: every track.
    const box = (await canvas.boundingBox())!;
    await lasso(page, [[2, 2], [box.width - 2, 2], [box.width - 2, box.height - 2], [2, box.height - 2]].map(([x, y]) => [box.x + x!, box.y + y!] as const));
    await eventually(() => page.getByRole('complementary', { name: 'Selection' }).locator('strong').textContent()).toBe(`${web.tracks.length} tracks selected`);
    const exportHref = await page.getByRole('link', { name: 'Export M3U8' }).getAttribute('href');
    const exported = new URL(exportHref!, web.origin).searchParams.get('ids')!.split(',');
    expect(exported.sort()).toEqual(web.tracks.map((t) => t.id).sort());
    const mixHref = await page.getByRole('link', { name: 'Mix from these' }).getAttribute('href');
    expect(new URL(mixHref!, web.origin).pathname).toBe('/mix');
    expect(new URL(mixHref!, web.origin).searchParams.get('seeds')!.split(',').sort()).toEqual(exported.sort());

    // A small lasso around one point selects just that track.
    const target = web.tracks[9]!;
    const at = await pointOnScreen(page, '.map-canvas', 'auralisMap', target.id);
    const others = await page.evaluate(
      ({ node }) => {
        const element = document.querySelector('.map-canvas') as HTMLElement & Record<string, any>;
        const { sigma, graph } = element.auralisMap;
        const own = sigma.graphToViewport(graph.getNodeAttributes(node));
        return graph.filterNodes((other: string, attributes: any) => {
          const p = sigma.graphToViewport(attributes);
          return other !== node && Math.abs(p.x - own.x) <= 4 && Math.abs(p.y - own.y) <= 4;
        });
      },
      { node: target.id },
    );
    await lasso(page, [[at.x - 4, at.y - 4], [at.x + 4, at.y - 4], [at.x + 4, at.y + 4], [at.x - 4, at.y + 4]]);
    const expected = 1 + others.length;
    await eventually(() => page.getByRole('complementary', { name: 'Selection' }).locator('strong').textContent())
      .toBe(`${expected} ${expected === 1 ? 'track' : 'tracks'} selected`);
    const ids = new URL((await page.getByRole('link', { name: 'Export M3U8' }).getAttribute('href'))!, web.origin).searchParams.get('ids')!.split(',');
    expect(ids).toContain(target.id);
  });

  test('pans and zooms from the keyboard', async () => {
    await ensureMap();
    const page = await web.page();
    await page.goto(web.url('/map'));
    const canvas = page.locator('.map-canvas');
    await eventually(() => canvas.getAttribute('data-points')).toBe(String(web.tracks.length));
    const ratio = () => page.evaluate(() => (document.querySelector('.map-canvas') as HTMLElement & Record<string, any>).auralisMap.sigma.getCamera().ratio);
    const before = await ratio();
    await canvas.focus();
    await page.keyboard.press('+');
    await eventually(ratio).toBeLessThan(before);
    const x = () => page.evaluate(() => (document.querySelector('.map-canvas') as HTMLElement & Record<string, any>).auralisMap.sigma.getCamera().x);
    const x0 = await x();
    await page.keyboard.press('ArrowRight');
    await eventually(x).toBeGreaterThan(x0);
  });
});

describe('graph', () => {
  test('shows the neighbourhood of a track and moves to a node on click', async () => {
    const page = await web.page();
    const centre = web.tracks[2]!;
    await page.goto(web.url(`/graph/${encodeURIComponent(centre.id)}`));
    const canvas = page.locator('.map-canvas');
    const { similarityGraph } = await web.gql<any>('query ($id: ID!) { similarityGraph(trackIds: [$id], depth: 2) { nodes { id } edges { source target } } }', {
      id: centre.id,
    });
    expect(similarityGraph.nodes.length).toBeGreaterThan(8);
    const pairs = new Set(similarityGraph.edges.map((e: any) => [e.source, e.target].sort().join('|')));
    await eventually(() => canvas.getAttribute('data-nodes')).toBe(String(similarityGraph.nodes.length));
    expect(await canvas.getAttribute('data-edges')).toBe(String(pairs.size));
    expect(await canvas.getAttribute('data-centre')).toBe(centre.id);
    // The nearest tracks are listed too (k = 8).
    await eventually(() => page.getByRole('navigation', { name: 'Nearest tracks' }).getByRole('link').count()).toBe(8);
    await screenshot(page, 'graph');

    // Click a neighbour: the URL and the centre move there.
    const { track } = await web.gql<any>('query ($id: ID!) { track(id: $id) { neighbours(first: 1) { track { id title } } } }', { id: centre.id });
    const next = track.neighbours[0].track;
    const at = await pointOnScreen(page, '.map-canvas', 'auralisGraph', next.id);
    await page.mouse.click(at.x, at.y);
    await eventually(() => new URL(page.url()).pathname).toBe(`/graph/${encodeURIComponent(next.id)}`);
    await eventually(() => canvas.getAttribute('data-centre')).toBe(next.id);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Graph: ${next.title}`);
  });

  test('without a track it opens the first track of the library; depth 1 shows the track and its k neighbours', async () => {
    const page = await web.page();
    await page.goto(web.url('/graph'));
    await eventually(() => new URL(page.url()).pathname).toBe(`/graph/${encodeURIComponent(web.tracks[0]!.id)}`);
    await page.getByLabel('Depth').selectOption('1');
    await eventually(() => new URL(page.url()).searchParams.get('depth')).toBe('1');
    await eventually(() => page.locator('.map-canvas').getAttribute('data-nodes')).toBe('9');
  });
});

describe('accessibility', () => {
  test('the map (coloured) and the graph have no WCAG 2.1 AA violation, at 1280×800 and 390×844', async () => {
    await ensureMap();
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await web.page(viewport);
      await page.goto(web.url('/map?colour=LUFS'));
      await eventually(() => page.locator('.map-canvas').getAttribute('data-points')).toBe(String(web.tracks.length));
      await eventually(() => page.getByLabel('Colour scale of Loudness').isVisible()).toBe(true);
      expect(await violations(page)).toEqual([]);
      await page.goto(web.url(`/graph/${encodeURIComponent(web.tracks[5]!.id)}`));
      await eventually(() => page.getByRole('navigation', { name: 'Nearest tracks' }).getByRole('link').count()).toBe(8);
      expect(await violations(page)).toEqual([]);
    }
  });
});
