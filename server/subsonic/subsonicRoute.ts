/**
 * The OpenSubsonic face: `/rest/<method>` and `/rest/<method>.view`, GET or form POST. Per request: parameters,
 * the format (`f=json`, else XML), the client version, authentication (every method but
 * getOpenSubsonicExtensions), then the method's handler on a fresh EntityManager fork. Errors: a SubsonicError
 * answers with its code; a missing track, fingerprint, file or picture with 70; any other named error (e.g.
 * TOO_MANY_TRANSCODES, PATH_OUTSIDE_LIBRARY) with 0 and its message; anything else with 0 "internal error" (logged,
 * never shown). stream, download and getCoverArt answer with the media Response itself (mediaEndpoints.ts).
 */
import type { HttpRoute, HttpRouteOptions } from '../http/app.ts';
import { isAuralisError } from '../errors.ts';
import { secretKeySource } from '../users/secretKey.ts';
import { UserService } from '../users/userService.ts';
import { authenticate, checkClientVersion } from './authenticate.ts';
import { getAlbum, getArtist, getArtists, getIndexes, getMusicDirectory, getSong } from './browsingEndpoints.ts';
import { getAlbumList2, getGenres, getRandomSongs, search3 } from './listEndpoints.ts';
import { findSonicPath, getSimilarSongs, getSimilarSongs2, getSonicSimilarTracks } from './similarityEndpoints.ts';
import { type SubsonicHandler, subsonicContext } from './subsonicContext.ts';
import { SubsonicCode, SubsonicError } from './subsonicError.ts';
import { SubsonicParams } from './subsonicParams.ts';
import { type ResponseFormat, errorResponse, subsonicResponse } from './subsonicResponse.ts';
import { getLicense, getMusicFolders, getOpenSubsonicExtensions, ping } from './systemEndpoints.ts';
import { getNowPlaying, scrobble } from './playEndpoints.ts';
import { getStarred, getStarred2, setRating, star, unstar } from './markEndpoints.ts';
import { type SubsonicMediaHandler, download, getCoverArt, stream } from './mediaEndpoints.ts';

/** Every method served, by name. */
export const SUBSONIC_METHODS: Readonly<Record<string, SubsonicHandler>> = {
  ping,
  getLicense,
  getOpenSubsonicExtensions,
  getMusicFolders,
  getArtists,
  getArtist,
  getAlbum,
  getSong,
  getIndexes,
  getMusicDirectory,
  getAlbumList2,
  getRandomSongs,
  search3,
  getGenres,
  getSonicSimilarTracks,
  findSonicPath,
  getSimilarSongs,
  getSimilarSongs2,
  scrobble,
  getNowPlaying,
  star,
  unstar,
  getStarred,
  getStarred2,
  setRating,
};

/** Methods answered with a media Response (server/media/). */
export const SUBSONIC_MEDIA_METHODS: Readonly<Record<string, SubsonicMediaHandler>> = { stream, download, getCoverArt };

/** Named errors that mean "the requested data was not found" (70). */
const NOT_FOUND_CODES = new Set(['TRACK_NOT_FOUND', 'FINGERPRINT_NOT_FOUND', 'NO_COVER_ART', 'FILE_NOT_FOUND', 'NOT_A_FILE']);

/** Methods that need no authentication (the spec makes getOpenSubsonicExtensions public). */
const PUBLIC_METHODS = new Set(['getOpenSubsonicExtensions']);

const PREFIX = '/rest/';

/** The method name of a `/rest/` path, without `.view`. */
function methodOf(pathname: string): string {
  return pathname.slice(PREFIX.length).replace(/\.view$/, '');
}

function formatOf(params: SubsonicParams): ResponseFormat {
  return params.get('f') === 'json' ? 'json' : 'xml';
}

/** A named error as the Subsonic error it stands for. */
function asSubsonicError(error: unknown): SubsonicError | undefined {
  if (error instanceof SubsonicError) return error;
  if (!isAuralisError(error)) return undefined;
  if (NOT_FOUND_CODES.has(error.code)) return new SubsonicError(SubsonicCode.NOT_FOUND, error.message);
  return new SubsonicError(SubsonicCode.GENERIC, error.message);
}

/** The `/rest/` route of the HTTP app (server/http/app.ts). */
export function subsonicRoute(options: HttpRouteOptions & { readonly logError?: (error: unknown) => void }): HttpRoute {
  const logError = options.logError ?? ((error: unknown) => console.error('auralis /rest/:', error));
  const keySource = secretKeySource(options.config.dbPath, options.config.secretKey);
  return {
    name: 'subsonic',
    matches: (pathname) => pathname.startsWith(PREFIX),
    async handle(request) {
      let format: ResponseFormat = new URL(request.url).searchParams.get('f') === 'json' ? 'json' : 'xml';
      if (request.method !== 'GET' && request.method !== 'POST' && request.method !== 'HEAD') {
        return errorResponse(format, new SubsonicError(SubsonicCode.GENERIC, `method ${request.method}: expected GET or POST`), 405);
      }
      try {
        const params = await SubsonicParams.of(request);
        format = formatOf(params);
        const name = methodOf(new URL(request.url).pathname);
        const handler = Object.hasOwn(SUBSONIC_METHODS, name) ? SUBSONIC_METHODS[name] : undefined;
        const mediaHandler = Object.hasOwn(SUBSONIC_MEDIA_METHODS, name) ? SUBSONIC_MEDIA_METHODS[name] : undefined;
        if (handler === undefined && mediaHandler === undefined) {
          return errorResponse(format, new SubsonicError(SubsonicCode.GENERIC, `Unknown method ${JSON.stringify(name)}: not served by Auralis`), 404);
        }
        checkClientVersion(params);
        const em = options.orm.em.fork();
        const user = PUBLIC_METHODS.has(name) ? null : await authenticate(params, new UserService(em, keySource));
        const context = subsonicContext(params, em, options.config, user);
        if (mediaHandler !== undefined) return await mediaHandler(context, request, options.orm);
        return subsonicResponse(format, 'ok', await handler!(context));
      } catch (error) {
        const known = asSubsonicError(error);
        if (known !== undefined) return errorResponse(format, known);
        logError(error);
        return errorResponse(format, new SubsonicError(SubsonicCode.GENERIC, 'internal error'));
      }
    },
  };
}

/**
 * Whether a request target (path and query) is a Subsonic media call (stream, download, getCoverArt), whose
 * response `listen` ends on shutdown like `/audio/`'s (a paused player keeps its connection open).
 */
export function isSubsonicMediaPath(target: string): boolean {
  return /^\/rest\/(stream|download|getCoverArt)(\.view)?(\?|$)/.test(target);
}
