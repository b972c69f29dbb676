/**
 * The web app route (server/http/webApp.ts) over a small built app in a temp folder: content types, caching,
 * the SPA fallback, the CSP, refused paths and methods, and the page shown when the app is not built.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWebAppRoute, WEB_APP_CSP } from '../../server/http/webApp.ts';

let dir: string;
const INDEX = '<!doctype html><title>Auralis</title><script type="module" src="/assets/index-abc123.js"></script>';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'auralis-web-'));
  await mkdir(path.join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'dist', 'index.html'), INDEX);
  await writeFile(path.join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'dist', 'assets', 'index-def456.css'), 'body{}');
  await writeFile(path.join(dir, 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(dir, 'secret.txt'), 'outside web/dist');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function get(url: string, init: RequestInit = {}): Promise<Response> {
  return createWebAppRoute({ distDir: path.join(dir, 'dist') }).handle(new Request(`http://127.0.0.1${url}`, init));
}

describe('web app route', () => {
  test('/ answers index.html, revalidated on every load, with a strict CSP', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(WEB_APP_CSP);
    expect(WEB_APP_CSP).toContain("default-src 'self'");
    expect(WEB_APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(INDEX);
  });

  test('hashed assets get their content type and a year of immutable caching; other files an hour', async () => {
    const script = await get('/assets/index-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('/assets/index-def456.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  test('client-side routes (no dot in the last segment) answer index.html; missing files 404', async () => {
    for (const route of ['/track/VHJhY2s6MQ', '/map', '/graph/VHJhY2s6Mg', '/paths?from=1', '/work']) {
      const response = await get(route);
      expect(response.status, route).toBe(200);
      expect(await response.text(), route).toBe(INDEX);
    }
    const missing = await get('/assets/gone-123.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(WEB_APP_CSP);
  });

  test('HEAD has the headers and no body; a matching ETag gives 304', async () => {
    const head = await get('/assets/index-abc123.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('console.log(1)'.length));
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await get('/assets/index-abc123.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  test('paths outside web/dist, malformed escapes and other methods are refused', async () => {
    const escaped = await get('/%2e%2e/secret.txt');
    expect(escaped.status).toBe(404);
    expect(await escaped.text()).not.toContain('outside web/dist');
    expect((await get('/..%2fsecret.txt')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/a%00b')).status).toBe(400);
    const post = await get('/', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  test('without a build, every path answers 503 with a page that says to run npm run build', async () => {
    const route = createWebAppRoute({ distDir: path.join(dir, 'not-built') });
    for (const url of ['/', '/track/1', '/assets/x.js']) {
      const response = await route.handle(new Request(`http://127.0.0.1${url}`));
      expect(response.status, url).toBe(503);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const page = await response.text();
      expect(page).toContain('npm run build');
      expect(page).toContain('href="/graphql"');
    }
  });
});
