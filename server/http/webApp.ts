/**
 * The web app at `/`: GET and HEAD of the files Vite built into web/dist (`npm run build:web`), with their
 * content types; hashed assets (`/assets/*`) cached for a year, `index.html` revalidated on every load; any
 * other path without a dot in its last segment answers index.html (the app's router takes it from there).
 * Every answer carries a strict Content-Security-Policy: the page may load nothing from another host.
 * Registered last in server/http/app.ts, so `/graphql` and the other routes answer first.
 */
import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRoute } from './app.ts';

/** Where `npm run build:web` writes the app. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Only this server: scripts and styles from files (no inline code, no eval); images and media may also be
 * `data:`/`blob:` URLs made by the page itself (covers, canvas exports, the M3U8 download); workers from blob:.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Content types by file extension (lower case, with the dot); anything else is application/octet-stream. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** One year, in seconds: Vite puts a content hash in every name under /assets/, so they never change. */
const IMMUTABLE_SECONDS = 31_536_000;
/** Other files of web/dist (favicon …): one hour, in seconds. */
const PUBLIC_FILE_SECONDS = 3_600;

export interface WebAppRouteOptions {
  /** The built app; default web/dist beside the server. */
  readonly distDir?: string;
}

/** The `/` route: files of web/dist, the SPA fallback, and a clear page when the app is not built. */
export function createWebAppRoute(options: WebAppRouteOptions = {}): HttpRoute {
  const distDir = path.resolve(options.distDir ?? WEB_DIST_DIR);
  return {
    name: 'web',
    matches: () => true,
    async handle(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return new Response(`method ${request.method} not allowed: the web app answers GET and HEAD\n`, {
          status: 405,
          headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
        });
      }
      const head = request.method === 'HEAD';
      const indexFile = path.join(distDir, 'index.html');
      if (!(await isFile(indexFile))) return notBuilt(head);

      const { pathname } = new URL(request.url);
      const decoded = decodedPath(pathname);
      if (decoded === undefined) return plain(400, `bad path: ${pathname}\n`, head);
      const relative = decoded === '' ? 'index.html' : decoded;
      const file = path.resolve(distDir, relative);
      // `..` segments are resolved by URL parsing already; this also refuses encoded ones (%2e%2e).
      if (file !== distDir && !file.startsWith(distDir + path.sep)) return plain(404, `not found: ${pathname}\n`, head);
      if (await isFile(file)) return serveFile(file, relative, request, head);
      const lastSegment = relative.slice(relative.lastIndexOf('/') + 1);
      if (lastSegment.includes('.')) return plain(404, `not found: ${pathname}\n`, head);
      return serveFile(indexFile, 'index.html', request, head);
    },
  };
}

/** The path without its leading `/`, percent-decoded; undefined for malformed escapes or a NUL byte. */
function decodedPath(pathname: string): string | undefined {
  try {
    const decoded = decodeURIComponent(pathname).replace(/^\/+/, '');
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Security headers on every answer of this route. */
function baseHeaders(contentType: string): Headers {
  return new Headers({
    'content-type': contentType,
    'content-security-policy': WEB_APP_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
}

async function serveFile(file: string, relative: string, request: Request, head: boolean): Promise<Response> {
  const info = await stat(file);
  const headers = baseHeaders(CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  headers.set('etag', etag);
  headers.set('last-modified', info.mtime.toUTCString());
  if (relative === 'index.html') headers.set('cache-control', 'no-cache');
  else if (relative.startsWith('assets/')) headers.set('cache-control', `public, max-age=${IMMUTABLE_SECONDS}, immutable`);
  else headers.set('cache-control', `public, max-age=${PUBLIC_FILE_SECONDS}`);
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  headers.set('content-length', String(info.size));
  if (head) return new Response(null, { status: 200, headers });
  return new Response(await readFile(file), { status: 200, headers });
}

function plain(status: number, text: string, head: boolean): Response {
  const headers = baseHeaders('text/plain; charset=utf-8');
  return new Response(head ? null : text, { status, headers });
}

/** 503 with a page that says how to build the app (the API keeps working). */
function notBuilt(head: boolean): Response {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Auralis: web app not built</title></head>
<body>
<h1>The Auralis web app is not built</h1>
<p>web/dist has no index.html. Run <code>npm run build</code> (or <code>npm run build:web</code>) in the
Auralis folder, then reload this page.</p>
<p>The GraphQL API and GraphiQL are at <a href="/graphql">/graphql</a>.</p>
</body></html>
`;
  const headers = baseHeaders('text/html; charset=utf-8');
  headers.set('cache-control', 'no-store');
  return new Response(head ? null : page, { status: 503, headers });
}
