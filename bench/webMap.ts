/**
 * `node bench/webMap.ts [--tracks 10000]` → bench/results/web-map.json: the map view (web/src/views/Map.tsx) with
 * 10 000 tracks in headless chromium (Debian's, WebGL by SwiftShader: no GPU, so a pessimistic renderer), on a real
 * server over a temporary SQLite file with the synthetic library of bench/graph.ts and its library map built.
 * Measures the time from navigation to every point drawn (`data-points`), then the frame intervals (requestAnimationFrame)
 * while the camera zooms in, pans and zooms out for a few seconds, and after choosing a colour dimension: median,
 * p95, largest, and the frames longer than 100 ms ("stalls"). Needs `npm run build:web` (web/dist).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { seededRandom } from '../fixtures/random.ts';
import { loadConfig } from '../server/config.ts';
import { createOrm, migrateToLatest } from '../server/db/createOrm.ts';
import { listen } from '../server/graphql/listen.ts';
import { LibraryMapService } from '../server/similarity/libraryMap.ts';
import { ensureWebBuild } from '../test/browser/webBuild.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';
import { growSyntheticLibrary } from './syntheticLibrary.ts';

const STALL_MS = 100;

function tracksOf(argv: readonly string[]): number {
  const at = argv.indexOf('--tracks');
  return at >= 0 ? Number(argv[at + 1]) : 10_000;
}

/** Frame interval summary in ms. */
function frames(intervals: readonly number[]): Record<string, number> {
  return {
    frames: intervals.length,
    medianMs: Number(percentile(intervals, 0.5).toFixed(1)),
    p95Ms: Number(percentile(intervals, 0.95).toFixed(1)),
    largestMs: Number(Math.max(...intervals).toFixed(1)),
    stalls: intervals.filter((ms) => ms > STALL_MS).length,
  };
}

const tracks = tracksOf(process.argv);
await ensureWebBuild();
const dir = mkdtempSync(path.join(os.tmpdir(), 'auralis-bench-webmap-'));
const dbPath = path.join(dir, 'bench.db');
const orm = await createOrm({ dbPath });
await migrateToLatest(orm);
await growSyntheticLibrary(orm, tracks, seededRandom(9));
const built = await new LibraryMapService(orm.em.fork()).build();
await orm.close();

const server = await listen(loadConfig({ dbPath, host: '127.0.0.1', port: 0, libraryRoots: [], apiToken: undefined }, {}));
const origin = new URL(server.url).origin;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const loadBefore = os.loadavg()[0];
  const started = performance.now();
  await page.goto(`${origin}/map`);
  await page.waitForSelector(`.map-canvas[data-points="${tracks}"]`, { timeout: 120_000 });
  const firstDrawMs = performance.now() - started;

  /** Animates the camera for `ms` (zoom in, pan in a circle, zoom out) and returns the rAF intervals. */
  const animate = (ms: number) =>
    page.evaluate(async (duration) => {
      const element = document.querySelector('.map-canvas') as HTMLElement & Record<string, any>;
      const camera = element.auralisMap.sigma.getCamera();
      const intervals: number[] = [];
      const start = performance.now();
      let last = start;
      await new Promise<void>((resolve) => {
        const tick = (now: number) => {
          intervals.push(now - last);
          last = now;
          const t = (now - start) / duration;
          if (t >= 1) return resolve();
          const zoom = t < 0.5 ? 1 - 1.8 * t : 0.1 + 1.8 * (t - 0.5);
          camera.setState({ ratio: Math.max(0.05, zoom), x: 0.5 + 0.3 * Math.cos(2 * Math.PI * t), y: 0.5 + 0.3 * Math.sin(2 * Math.PI * t) });
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      return intervals.slice(1);
    }, ms);

  const plain = await animate(4000);
  const colourStarted = performance.now();
  await page.selectOption('select', 'TEMPO_BPM');
  await page.waitForFunction(() => {
    const element = document.querySelector('.map-canvas') as HTMLElement & Record<string, any>;
    return element.auralisMap.graph.someNode((_: string, a: { color: string }) => a.color !== '#7cc4ff');
  });
  const colourMs = performance.now() - colourStarted;
  const coloured = await animate(4000);
  const result = {
    environment: machineEnvironment(),
    method:
      'headless chromium (SwiftShader WebGL) on /map of a served synthetic library; frame intervals by requestAnimationFrame while ' +
      `the sigma camera zooms 1 → 0.1 → 1 and circles over 4 s; stalls: frames longer than ${STALL_MS} ms`,
    targets: { stalls: 0 },
    results: {
      tracks,
      mapComputeSeconds: Number((built.milliseconds / 1000).toFixed(2)),
      firstDrawMs: Math.round(firstDrawMs),
      colourByTempoMs: Math.round(colourMs),
      panZoom: frames(plain),
      panZoomColoured: frames(coloured),
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg()[0],
    },
  };
  console.log(JSON.stringify(result.results));
  console.log(`wrote ${writeBenchResult('web-map', result)}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
