/**
 * The whole HTTP surface as one fetch handler (`Request` → `Response`): `/graphql` (yoga: the API, GraphiQL
 * and the SSE subscriptions) and the routes added beside it (audio, OpenSubsonic, the web app). Tests call
 * `app.fetch` with no port, as they call `yoga.fetch`; `auralis serve` puts it behind `http.createServer`.
 */
import type { MikroORM } from '@mikro-orm/sql';
import type { AuralisConfig } from '../config.ts';
import { createAuralisYoga, type AuralisYoga } from '../graphql/yoga.ts';
import { subsonicRoute } from '../subsonic/subsonicRoute.ts';
import { mediaRoute } from './mediaRoute.ts';
import { playlistRoute } from './playlistRoute.ts';
import { createWebAppRoute } from './webApp.ts';

/** One family of paths: the first route whose `matches` accepts a request's path answers it. */
export interface HttpRoute {
  /** A short name for logs and tests (`graphql`, `audio`, …). */
  readonly name: string;
  matches(pathname: string): boolean;
  handle(request: Request): Promise<Response>;
}

/** What every route is built from. */
export interface HttpRouteOptions {
  readonly config: AuralisConfig;
  readonly orm: MikroORM;
}

export interface AuralisAppOptions extends HttpRouteOptions {
  /** Where unexpected (masked) errors are logged; default stderr. */
  readonly logError?: (error: unknown) => void;
}

export interface AuralisApp {
  readonly yoga: AuralisYoga;
  readonly routes: readonly HttpRoute[];
  fetch(request: Request): Promise<Response>;
}

/** Builds the yoga instance and the routes beside it; no route answers → 404. */
export function createAuralisApp(options: AuralisAppOptions): AuralisApp {
  const yoga = createAuralisYoga(options);
  const routes: HttpRoute[] = [
    {
      name: 'graphql',
      matches: (pathname) => pathname === '/graphql' || pathname.startsWith('/graphql/'),
      handle: async (request) => yoga.fetch(request),
    },
    subsonicRoute(options),
    mediaRoute(options),
    playlistRoute(options),
    // Last: it answers every path the routes above leave (the app's files and its client-side routes).
    createWebAppRoute(),
  ];
  return {
    yoga,
    routes,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      const route = routes.find((candidate) => candidate.matches(pathname));
      if (route !== undefined) return route.handle(request);
      return notFound(pathname);
    },
  };
}

/** The plain-text 404 of a path no route serves. */
export function notFound(pathname: string): Response {
  return new Response(`not found: ${pathname}\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
