/**
 * `node bench/web.ts [--sizes 10000] [--runs 7]` → bench/results/web.json: the first render of the web app's
 * library view `/` in Debian's headless chromium (playwright-core), on a real server (`listen`) over a synthetic
 * library (bench/syntheticLibrary.ts, seeded) on a temporary SQLite file.
 * - firstRows: from navigation start to the first track rows in the DOM (a MutationObserver installed before the
 *   page's scripts, in the page's clock), and the wall time from `goto` to those rows being visible;
 * - baseline in the same run: a blank round trip (`/favicon.svg`, a 253-byte file of the same server, to `load`);
 * - virtualisation: rows in the DOM at first render and after scrolling to the end of the table (every keyset
 *   page loaded), the time that takes, and the longest frame while scrolling back up through the loaded rows.
 * Each run uses a new browser context (no HTTP cache); runs alternate app and baseline. Target: firstRows ≤ 1.5 s
 * at 10 000 tracks. Records the load average (the machine is shared: timings are noisy).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { seededRandom } from '../fixtures/random.ts';
import { loadConfig } from '../server/config.ts';
import { createOrm, migrateToLatest } from '../server/db/createOrm.ts';
import { listen } from '../server/graphql/listen.ts';
import { ensureWebBuild } from '../test/browser/webBuild.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';
import { growSyntheticLibrary } from './syntheticLibrary.ts';

const CHROMIUM = '/usr/bin/chromium';
const TARGET_MS = 1500;
const ROW_SELECTOR = '.table-body .table-row .c-title a';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

/** Runs before the page's own scripts: notes the page-clock time (ms since navigation start) of the first row. */
const FIRST_ROW_OBSERVER = `
  new MutationObserver((_, observer) => {
    if (document.querySelector(${JSON.stringify(ROW_SELECTOR)})) {
      window.__firstRowsMs = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

const round = (ms: number) => Math.round(ms * 10) / 10;
const summary = (samples: number[]) => ({ p50: round(percentile(samples, 0.5)), min: round(Math.min(...samples)), max: round(Math.max(...samples)) });

async function firstRender(browser: Browser, origin: string): Promise<{ pageMs: number; wallMs: number; domRows: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(FIRST_ROW_OBSERVER);
    const started = performance.now();
    await page.goto(`${origin}/`, { waitUntil: 'commit' });
    await page.locator(ROW_SELECTOR).first().waitFor({ state: 'visible' });
    const wallMs = performance.now() - started;
    const pageMs = (await page.evaluate(() => (window as unknown as { __firstRowsMs: number }).__firstRowsMs)) as number;
    const domRows = await page.locator('.table-body .table-row').count();
    return { pageMs, wallMs, domRows };
  } finally {
    await context.close();
  }
}

async function blankRoundTrip(browser: Browser, origin: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${origin}/favicon.svg`, { waitUntil: 'load' });
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

/** Scrolls the table to its end (loading every keyset page), then back up through the rows frame by frame. */
async function scrollThrough(browser: Browser, origin: string, size: number): Promise<Record<string, unknown>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.locator(ROW_SELECTOR).first().waitFor({ state: 'visible' });
    const started = performance.now();
    // Keep jumping to the bottom until the last row (the size-th) shows its title.
    for (;;) {
      await page.locator('.table-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
      const last = await page.locator(`.table-row[aria-rowindex="${size + 1}"] ${'.c-title a'}`).count();
      if (last > 0) break;
      if (performance.now() - started > 120_000) throw new Error('the table did not reach its last row in 120 s');
      await page.waitForTimeout(50);
    }
    const toEndMs = performance.now() - started;
    const domRowsAtEnd = await page.locator('.table-body .table-row').count();
    // 240 frames of 600 px each (≈ 4 000 rows) upward: the longest frame interval.
    const frames = await page.locator('.table-scroll').evaluate(
      (element) =>
        new Promise<number[]>((resolve) => {
          const intervals: number[] = [];
          let previous = performance.now();
          let step = 0;
          const tick = () => {
            const now = performance.now();
            intervals.push(now - previous);
            previous = now;
            element.scrollTop -= 600;
            if (++step < 240) requestAnimationFrame(tick);
            else resolve(intervals.slice(1));
          };
          requestAnimationFrame(tick);
        }),
    );
    return {
      scrollToEndMs: round(toEndMs),
      domRowsAtEnd,
      scrollFrameMs: { p50: round(percentile(frames, 0.5)), p95: round(percentile(frames, 0.95)), max: round(Math.max(...frames)) },
    };
  } finally {
    await context.close();
  }
}

async function measure(browser: Browser, size: number, runs: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auralis-bench-web-'));
  const dbPath = path.join(dir, 'bench.db');
  try {
    const orm = await createOrm({ dbPath });
    await migrateToLatest(orm);
    await growSyntheticLibrary(orm, size, seededRandom(12));
    await orm.close();
    const server = await listen(loadConfig({ dbPath, host: '127.0.0.1', port: 0, libraryRoots: [], apiToken: undefined }, {}));
    try {
      const origin = new URL(server.url).origin;
      await firstRender(browser, origin); // warm-up: server statements, chromium's code cache of nothing shared
      await blankRoundTrip(browser, origin);
      const page: number[] = [];
      const wall: number[] = [];
      const blank: number[] = [];
      let domRows = 0;
      for (let run = 0; run < runs; run++) {
        const first = await firstRender(browser, origin);
        page.push(first.pageMs);
        wall.push(first.wallMs);
        domRows = first.domRows;
        blank.push(await blankRoundTrip(browser, origin));
      }
      const firstRowsMs = summary(page);
      return {
        tracks: size,
        runs,
        firstRowsMs,
        firstRowsWallMs: summary(wall),
        baselineBlankRoundTripMs: summary(blank),
        domRowsAtFirstRender: domRows,
        withinTarget: firstRowsMs.p50 <= TARGET_MS,
        ...(await scrollThrough(browser, origin, size)),
      };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = option('sizes', '10000').split(',').map(Number);
const runs = Number(option('runs', '7'));
await ensureWebBuild();
const loadBefore = os.loadavg()[0];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const results: Record<string, unknown>[] = [];
try {
  for (const size of sizes) {
    const result = await measure(browser, size, runs);
    console.log(JSON.stringify(result));
    results.push(result);
  }
} finally {
  await browser.close();
}
const file = writeBenchResult('web', {
  benchmark: 'web',
  description:
    'First render of the web app library view / in headless chromium (ms from navigation start to the first track rows), beside a blank round trip to the same server; rows in the DOM; scrolling to the end through every keyset page.',
  targetFirstRowsMs: TARGET_MS,
  environment: { ...machineEnvironment(), loadAverageBefore: loadBefore, chromium: browser.version() },
  results,
});
console.log(`wrote ${file}`);
