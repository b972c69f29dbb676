/**
 * The web app's browser test harness: a real server (`listen`, port 0) on a real database of the test engine
 * (SQLite file or PostgreSQL), with a small library of generated, really analysed audio (16 tracks of 4 s:
 * music mixes at several tempos and levels, drum patterns, solo instruments, chord progressions), the kNN
 * graph built, and Debian's chromium through playwright-core.
 *
 * One server and one browser per test file:
 *
 * ```ts
 * const web = useWebHarness();
 * test('…', async () => {
 *   const page = await web.page();              // 1280×800; web.page('phone') for 390×844
 *   await page.goto(web.url('/'));
 *   await screenshot(page, 'library');          // docs/screenshots/library.png
 * });
 * ```
 *
 * Every page refuses requests to any host other than the server, and after each test the harness fails it
 * when a page tried one, threw an uncaught error, or broke the app's Content Security Policy.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { keyProgression } from '../../fixtures/chordProgression.ts';
import { DRUM_PATTERNS, renderDrumPattern } from '../../fixtures/drumPatterns.ts';
import { encode } from '../../fixtures/encode.ts';
import { PIECES, renderPiece } from '../../fixtures/instruments.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { DEFAULT_SAMPLE_RATE, type Pcm } from '../../fixtures/pcm.ts';
import type { PcmSource } from '../../fixtures/pcmSource.ts';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';
import { loadConfig, type AuralisConfig } from '../../server/config.ts';
import { listen, type RunningServer } from '../../server/graphql/listen.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';
import { ensureWebBuild } from './webBuild.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** Where `screenshot` writes: docs/screenshots/<name>.png (the README shows them). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
/**
 * How long `eventually` waits for the page (ms): generous, since the suite shares 2 cores with ffmpeg, the
 * analysis workers and other browsers.
 */
export const EVENTUALLY_MS = 20_000;

/** `expect.poll` with the harness's patience: `await eventually(() => status(page)).toBe('16 tracks')`. */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: EVENTUALLY_MS, interval: 50 });
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** One generated track of the harness library, as the server stored it. */
export interface LibraryTrack {
  /** Global ID (`Track.id`). */
  readonly id: string;
  readonly databaseId: number;
  readonly title: string;
  readonly artist: string;
  readonly album: string;
  readonly path: string;
}

export interface WebHarnessOptions {
  /** AURALIS_API_TOKEN of the server (mutations need it); default none. */
  readonly apiToken?: string;
  /** Start with no tracks at all (a first run: nothing added, analysed or built); default false. */
  readonly empty?: boolean;
  /** Build the kNN graph (`buildSimilarityGraph(k: 8)`) after the analysis; default true. */
  readonly buildGraph?: boolean;
  /** Other config of the server. */
  readonly config?: Partial<AuralisConfig>;
}

export interface WebHarness {
  readonly dir: string;
  readonly libraryRoot: string;
  readonly server: RunningServer;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly browser: Browser;
  /** The analysed library, in the order added (track ids ascending); none with `empty`. */
  readonly tracks: readonly LibraryTrack[];
  /** An absolute URL of this server for `pathAndQuery` (`/track/…`). */
  url(pathAndQuery: string): string;
  /** POSTs a GraphQL operation like any API client (with the token when set); throws on `errors`. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A new page in its own browser context, guarded against foreign hosts (checked after each test). */
  page(viewport?: keyof typeof VIEWPORTS): Promise<Page>;
  close(): Promise<void>;
}

/** What each harness track is made of: varied enough that similarity, the map, graph and paths have shape. */
interface TrackRecipe {
  readonly file: string;
  readonly tags: { title: string; artist: string; album: string; genre: string };
  readonly source: () => Pcm | PcmSource;
}

const SECONDS = 4;

function mono(samples: Float32Array): Pcm {
  return { samples, channels: 1, sampleRate: DEFAULT_SAMPLE_RATE };
}

/** A file-name-safe form of a pattern name (`waltz 3/4 108` → `waltz-3-4-108`). */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function drums(name: string): () => Pcm {
  const pattern = DRUM_PATTERNS.find((candidate) => candidate.name === name) ?? DRUM_PATTERNS[0]!;
  return () => renderDrumPattern(pattern, SECONDS);
}

/** 16 tracks by 6 artists (so per-artist caps matter), 5 albums. */
const RECIPES: readonly TrackRecipe[] = [
  ...[
    { bpm: 90, seed: 1, gain: 0.15 },
    { bpm: 100, seed: 2, gain: 0.3 },
    { bpm: 120, seed: 3, gain: 0.45 },
    { bpm: 124, seed: 4, gain: 0.3 },
    { bpm: 128, seed: 5, gain: 0.6 },
    { bpm: 140, seed: 6, gain: 0.2 },
    { bpm: 160, seed: 7, gain: 0.5 },
  ].map(({ bpm, seed, gain }, i): TrackRecipe => ({
    file: `mix-${bpm}.flac`,
    tags: { title: `Mix at ${bpm}`, artist: i % 2 === 0 ? 'Nadia' : 'Orbit Lane', album: 'Band Practice', genre: 'Pop' },
    source: () => musicMix({ seconds: SECONDS, bpm, seed, gain }),
  })),
  ...DRUM_PATTERNS.filter((_, i) => i % 9 === 0).map((pattern): TrackRecipe => ({
    file: `drums-${slug(pattern.name)}.flac`,
    tags: { title: `Drums: ${pattern.name}`, artist: 'Kit Machine', album: 'Loops', genre: 'Electronic' },
    source: drums(pattern.name),
  })),
  ...PIECES.slice(0, 3).map((piece, i): TrackRecipe => ({
    file: `solo-${piece.name}.flac`,
    tags: { title: `Solo: ${piece.name}`, artist: i === 0 ? 'Ada Keys' : 'String Theory', album: 'Solo Pieces', genre: 'Classical' },
    source: () => mono(renderPiece((['pianoTone', 'pluckedString', 'sawLead'] as const)[i]!, piece, SECONDS)),
  })),
  ...([[0, 'major'], [9, 'minor']] as const).map(([tonic, mode]): TrackRecipe => ({
    file: `chords-${tonic}-${mode}.flac`,
    tags: { title: `Chords in ${mode === 'major' ? 'C major' : 'A minor'}`, artist: 'Ada Keys', album: 'Cadences', genre: 'Ambient' },
    source: () => keyProgression(tonic, mode, { chordSeconds: 0.5, repeats: 2 }),
  })),
];

/** Writes a recipe's audio (encoded once, cached under test/.cache) into `dir` with its tags. */
async function writeTrackFile(dir: string, recipe: TrackRecipe): Promise<string> {
  const source = await encode(recipe.source(), { format: 'flac', name: `web-${path.parse(recipe.file).name}` });
  const target = path.join(dir, recipe.file);
  const metadata = Object.entries(recipe.tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
  const args = ['-nostdin', '-v', 'error', '-y', '-i', `file:${source}`, '-map', '0:a', '-c', 'copy', ...metadata, `file:${target}`];
  const child = spawn(resolveFfmpegBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed (${code}): ${stderr}`);
  return target;
}

/** Starts the server with the analysed library, and the browser. Prefer `useWebHarness` in test files. */
export async function startWebHarness(options: WebHarnessOptions = {}): Promise<WebHarness> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  await ensureWebBuild();
  const dir = await mkdtemp(path.join(tmpdir(), 'auralis-web-'));
  const libraryRoot = path.join(dir, 'library');
  await mkdir(libraryRoot);
  const config = loadConfig(
    {
      dbPath: await freshDatabaseUrl(path.join(dir, 'web.db')),
      host: '127.0.0.1',
      port: 0,
      libraryRoots: [libraryRoot],
      apiToken: options.apiToken,
      ...options.config,
    },
    {},
  );
  const server = await listen(config);
  const origin = new URL(server.url).origin;
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.apiToken !== undefined) headers.authorization = `Bearer ${options.apiToken}`;
    const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data: T; errors?: { message: string }[] };
    if (body.errors) throw new Error(`GraphQL errors: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data;
  };
  let browser: Browser | undefined;
  try {
    const recipes = options.empty ? [] : RECIPES;
    const written = await Promise.allSettled(recipes.map((recipe) => writeTrackFile(libraryRoot, recipe)));
    const files = written.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    const tracks: LibraryTrack[] = [];
    for (const [i, file] of files.entries()) {
      const added = await gql<any>(
        'mutation ($p: String!) { addTrack(path: $p) { track { id databaseId title artist album path } userErrors { code message } } }',
        { p: file },
      );
      if (added.addTrack.userErrors.length > 0) throw new Error(`addTrack ${recipes[i]!.file}: ${JSON.stringify(added.addTrack.userErrors)}`);
      tracks.push(added.addTrack.track);
    }
    if (!options.empty) await analyseAll(gql);
    if (!options.empty && (options.buildGraph ?? true)) {
      const built = await gql<any>('mutation { buildSimilarityGraph(k: 8) { userErrors { code message } } }');
      if (built.buildSimilarityGraph.userErrors.length > 0) throw new Error(`buildSimilarityGraph: ${JSON.stringify(built.buildSimilarityGraph.userErrors)}`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const launched = browser;
    const contexts: BrowserContext[] = [];
    return {
      dir,
      libraryRoot,
      server,
      origin,
      browser: launched,
      tracks,
      url: (pathAndQuery) => new URL(pathAndQuery, origin).href,
      gql,
      async page(viewport = 'desktop') {
        const context = await launched.newContext({ viewport: VIEWPORTS[viewport] });
        contexts.push(context);
        const page = await context.newPage();
        guardPage(context, page, origin);
        return page;
      },
      async close() {
        await Promise.allSettled(contexts.map((context) => context.close()));
        await launched.close();
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

/** Starts an extraction of every missing track and waits for it (≤ 2 min); every track must succeed. */
async function analyseAll(gql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>): Promise<void> {
  const started = await gql<any>('mutation { startExtraction(input: {selection: MISSING}) { job { id } userErrors { code message } } }');
  if (started.startExtraction.userErrors.length > 0) throw new Error(`startExtraction: ${JSON.stringify(started.startExtraction.userErrors)}`);
  const id = started.startExtraction.job.id as string;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { job } = await gql<any>('query ($id: ID!) { job(id: $id) { status total succeeded failures { path message } } }', { id });
    if (job.status !== 'RUNNING') {
      if (job.status !== 'COMPLETED' || job.succeeded !== job.total) throw new Error(`extraction ended ${job.status}: ${JSON.stringify(job)}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`extraction still running after 120 s: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What a page did wrong, per page; checked (and cleared) after each test. */
const pageProblems = new Map<Page, { foreign: string[]; errors: string[]; csp: string[] }>();

function isLocalRequest(url: URL, origin: string): boolean {
  return url.protocol === 'blob:' || url.protocol === 'data:' || url.origin === origin;
}

function guardPage(context: BrowserContext, page: Page, origin: string): void {
  const problems = { foreign: [] as string[], errors: [] as string[], csp: [] as string[] };
  pageProblems.set(page, problems);
  // Nothing leaves the machine even if the page tries (the tests must also pass offline).
  void context.route(
    (url) => !isLocalRequest(url, origin),
    (route) => {
      problems.foreign.push(route.request().url());
      return route.abort();
    },
  );
  page.on('pageerror', (error) => problems.errors.push(error.message));
  // A CSP violation is the page trying to load or run something the server did not serve.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.csp.push(message.text());
  });
}

/**
 * Fails the current test when a page of it asked another host for anything, threw an uncaught error, or
 * broke the Content Security Policy.
 */
export function expectPagesClean(): void {
  const take = (pick: (p: { foreign: string[]; errors: string[]; csp: string[] }) => string[]) =>
    [...pageProblems.values()].flatMap((p) => pick(p).splice(0));
  const foreign = take((p) => p.foreign);
  const errors = take((p) => p.errors);
  const csp = take((p) => p.csp);
  expect(foreign, 'requests to another host').toEqual([]);
  expect(errors, 'uncaught page errors').toEqual([]);
  expect(csp, 'Content Security Policy violations').toEqual([]);
}

/**
 * One harness per test file (beforeAll / afterAll), with the foreign-host and page-error check after each
 * test. The returned object forwards to the harness once it has started.
 */
export function useWebHarness(options: WebHarnessOptions = {}): WebHarness {
  let harness: WebHarness | undefined;
  beforeAll(async () => {
    harness = await startWebHarness(options);
  });
  afterEach(() => expectPagesClean());
  afterAll(async () => {
    await harness?.close();
  });
  const started = (): WebHarness => {
    if (harness === undefined) throw new Error('the web harness has not started (use it inside tests)');
    return harness;
  };
  return {
    get dir() { return started().dir; },
    get libraryRoot() { return started().libraryRoot; },
    get server() { return started().server; },
    get origin() { return started().origin; },
    get browser() { return started().browser; },
    get tracks() { return started().tracks; },
    url: (pathAndQuery) => started().url(pathAndQuery),
    gql: (query, variables) => started().gql(query, variables),
    page: (viewport) => started().page(viewport),
    close: () => started().close(),
  };
}

/** Saves the page as docs/screenshots/<name>.png (the viewport: 1280×800 on a desktop page). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
