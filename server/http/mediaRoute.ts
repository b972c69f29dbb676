/**
 * `GET|HEAD /audio/:trackId` and `GET|HEAD /cover/:trackId`: the media layer (server/media/) over HTTP.
 *
 * - `trackId`: the database id (`/audio/12`) or the Track's GraphQL global ID (`/audio/VHJhY2s6MTI%3D`).
 * - `/audio/`: `?format=raw|opus|mp3` (absent: the original when a browser plays it, else Opus),
 *   `?maxBitRate=` kbit/s, `?t=` seconds into the track (transcodes only; the original seeks by Range).
 * - `/cover/`: `?size=` pixels (largest edge), `?format=jpeg|png|webp`.
 * - The token rule of mutations: with AURALIS_API_TOKEN set, `Authorization: Bearer <token>` or
 *   `?token=<token>` (an `<audio>` element cannot send headers; a token in a URL ends up in logs and history).
 * - Cross-site: a foreign `Origin` (the GraphQL rule, crossSiteGuardPlugin.ts) or, without Origin,
 *   `Sec-Fetch-Site: cross-site` (a foreign page's `<audio src>` or link) is refused with 403.
 * Errors are JSON `{"error": {"code", "message"}}` with the status of their code (STATUS_BY_CODE).
 */
import type { EntityManager } from '@mikro-orm/sql';
import { TrackRepository } from '../db/TrackRepository.ts';
import { TrackNotFoundError } from '../db/errors.ts';
import { AuralisError, isAuralisError } from '../errors.ts';
import { authenticate } from '../graphql/auth.ts';
import { foreignOriginProblem } from '../graphql/crossSiteGuardPlugin.ts';
import { trackIdFromGlobalId } from '../graphql/globalId.ts';
import { LibraryRootService } from '../library/libraryRoots.ts';
import { AUDIO_FORMATS, type AudioFormat, audioResponse } from '../media/audioResponse.ts';
import { COVER_FORMATS, type CoverFormat, coverArtResponse } from '../media/coverArtResponse.ts';
import { InvalidMediaArgumentError, TooManyTranscodesError } from '../media/errors.ts';
import { mediaResourcesFor, untilShutdown } from '../media/mediaResources.ts';
import type { HttpRoute, HttpRouteOptions } from './app.ts';

/** HTTP status of each named error code the media routes answer with; any other error is a masked 500. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INVALID_ID: 400,
  INVALID_ARGUMENT: 400,
  INVALID_PATH: 400,
  UNAUTHENTICATED: 401,
  CROSS_ORIGIN_FORBIDDEN: 403,
  PATH_OUTSIDE_LIBRARY: 403,
  NO_LIBRARY_ROOTS: 403,
  TRACK_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  NOT_A_FILE: 404,
  NO_COVER_ART: 404,
  METHOD_NOT_ALLOWED: 405,
  TRANSCODE_FAILED: 422,
  UNREADABLE_FILE: 422,
  TOO_MANY_TRANSCODES: 503,
  FFMPEG_NOT_FOUND: 503,
};

const PATTERN = /^\/(audio|cover)\/([^/]+)$/;

/** Headers a listed cross-origin page may read (seeking needs Content-Range). */
const EXPOSED_HEADERS = 'accept-ranges, content-length, content-range, x-content-duration';

export interface MediaRouteOptions extends HttpRouteOptions {
  /** Where unexpected (masked) errors are logged; default stderr. */
  readonly logError?: (error: unknown) => void;
}

/** Whether a request path (with or without its query) is one of this route's: `/audio/…` or `/cover/…`. */
export function isMediaPath(pathname: string): boolean {
  return pathname.startsWith('/audio/') || pathname.startsWith('/cover/');
}

/** The `/audio/` and `/cover/` route (one entry of server/http/app.ts `routes`). */
export function mediaRoute(options: MediaRouteOptions): HttpRoute {
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  return {
    name: 'media',
    matches: isMediaPath,
    async handle(request) {
      let response: Response;
      try {
        response = await serve(request, options);
      } catch (error) {
        response = errorResponse(error, logError);
      }
      return withCrossOriginHeaders(request, response, options.config.corsOrigins);
    },
  };
}

async function serve(request: Request, options: MediaRouteOptions): Promise<Response> {
  const url = new URL(request.url);
  const match = PATTERN.exec(url.pathname);
  if (match === null) throw new TrackNotFoundError(url.pathname);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new AuralisError('METHOD_NOT_ALLOWED', `${request.method} ${url.pathname}: expected GET or HEAD`);
  }
  const crossSite = foreignOriginProblem(request, options.config.corsOrigins) ?? crossSiteFetchProblem(request);
  if (crossSite !== undefined) throw new AuralisError('CROSS_ORIGIN_FORBIDDEN', crossSite);
  checkToken(request, url, options.config.apiToken);

  const [, kind, rawId] = match;
  const trackId = parseTrackId(rawId);
  const em: EntityManager = options.orm.em.fork();
  const track = await new TrackRepository(em).getById(trackId);
  if (track === null) throw new TrackNotFoundError(trackId, { field: ['trackId'] });
  const libraryRoots = new LibraryRootService(em, options.config.libraryRoots);
  const roots = () => libraryRoots.paths();
  const resources = mediaResourcesFor(options.orm);

  if (kind === 'cover') {
    const response = await coverArtResponse(track, optionalInteger(url, 'size'), {
      roots,
      cache: resources.covers,
      format: optionalChoice<CoverFormat>(url, 'format', COVER_FORMATS),
    });
    return request.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response;
  }
  return audioResponse(
    untilShutdown(request, resources),
    track,
    {
      format: optionalChoice<AudioFormat>(url, 'format', AUDIO_FORMATS),
      maxBitRateKbps: optionalNumber(url, 'maxBitRate'),
      timeOffsetSeconds: optionalNumber(url, 't'),
    },
    { roots, resources },
  );
}

/**
 * The second half of the cross-site rule, for requests a browser sends without Origin: a foreign page's
 * `<audio src>`, `<img src>` or link is marked `Sec-Fetch-Site: cross-site`.
 */
function crossSiteFetchProblem(request: Request): string | undefined {
  if (request.headers.get('origin') !== null) return undefined;
  const site = request.headers.get('sec-fetch-site');
  if (site?.toLowerCase() !== 'cross-site') return undefined;
  return `Sec-Fetch-Site: cross-site: expected a request from this server's own pages (same-origin, same-site or none)`;
}

/** The token rule of mutations (server/graphql/auth.ts), with `?token=` beside the header. */
function checkToken(request: Request, url: URL, apiToken: string | undefined): void {
  if (apiToken === undefined) return;
  const header = request.headers.get('authorization');
  const query = url.searchParams.get('token');
  const sent = header ?? (query === null ? null : `Bearer ${query}`);
  if (sent !== null && authenticate(new Headers({ authorization: sent }), apiToken).canMutate) return;
  const received = sent === null ? 'none' : 'a different token or scheme';
  throw new AuralisError(
    'UNAUTHENTICATED',
    `media needs the API token (AURALIS_API_TOKEN is set): expected \`Authorization: Bearer <token>\` or \`?token=<token>\`, received ${received}`,
  );
}

/** A positive database id (`12`) or a Track global ID; INVALID_ID otherwise. */
export function parseTrackId(raw: string): number {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    text = raw;
  }
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    if (Number.isSafeInteger(id) && id >= 1) return id;
    throw new AuralisError('INVALID_ID', `expected a track id ≥ 1 or a Track global ID, received ${JSON.stringify(text)}`, { field: ['trackId'] });
  }
  return trackIdFromGlobalId(text, ['trackId']);
}

function optionalNumber(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new InvalidMediaArgumentError(name, 'a number ≥ 0', raw);
  return value;
}

function optionalInteger(url: URL, name: string): number | undefined {
  const value = optionalNumber(url, name);
  if (value !== undefined && !Number.isInteger(value)) throw new InvalidMediaArgumentError(name, 'an integer', url.searchParams.get(name));
  return value;
}

function optionalChoice<T extends string>(url: URL, name: string, choices: readonly T[]): T | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new InvalidMediaArgumentError(name, `one of ${choices.join(', ')}`, raw);
  return raw as T;
}

/** A named error as JSON with its status; anything else is logged and masked (500). */
function errorResponse(error: unknown, logError: (error: unknown) => void): Response {
  const status = isAuralisError(error) ? STATUS_BY_CODE[error.code] : undefined;
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  if (!isAuralisError(error) || status === undefined) {
    logError(error);
    return new Response(JSON.stringify({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' } }), { status: 500, headers });
  }
  if (error instanceof TooManyTranscodesError) headers.set('retry-after', String(error.retryAfterSeconds));
  if (error.code === 'UNAUTHENTICATED') headers.set('www-authenticate', 'Bearer');
  if (error.code === 'METHOD_NOT_ALLOWED') headers.set('allow', 'GET, HEAD');
  return new Response(JSON.stringify({ error: { code: error.code, message: error.message } }), { status, headers });
}

/** `Vary: Origin` always; CORS headers (no credentials) for an origin listed in AURALIS_CORS_ORIGINS. */
function withCrossOriginHeaders(request: Request, response: Response, allowedOrigins: readonly string[]): Response {
  response.headers.append('vary', 'Origin');
  const origin = request.headers.get('origin');
  if (origin !== null && allowedOrigins.includes(origin)) {
    response.headers.set('access-control-allow-origin', origin);
    response.headers.set('access-control-expose-headers', EXPOSED_HEADERS);
  }
  return response;
}
