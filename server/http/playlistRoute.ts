/**
 * `GET /playlist.m3u8?ids=12,VHJhY2s6MTM=,…`: the given tracks, in the order given, as an extended M3U
 * playlist in UTF-8 (`#EXTM3U`, then per track `#EXTINF:<seconds>,<artist> - <title>` and the absolute URL of
 * its `/audio/<id>` stream on this server). The one M3U8 export: the web app links here for paths and mixes,
 * and any player can open the URL. A read, like a GraphQL query: no token needed. With AURALIS_API_TOKEN set the
 * `/audio` URLs need it too (`?token=`, the media route's rule): a request that sends the token (`Authorization:
 * Bearer` or `?token=`) gets it written into each URL, so the file plays as it is; one with a wrong token gets 401
 * UNAUTHENTICATED. Other errors answer JSON `{code, message}`: 400 INVALID_ARGUMENT / INVALID_ID / TOO_MANY_TRACKS,
 * 404 TRACK_NOT_FOUND, 405 for a method other than GET or HEAD.
 */
import path from 'node:path';
import type { TrackRecord } from '../db/TrackRepository.ts';
import { AuralisError, isAuralisError } from '../errors.ts';
import { authenticate } from '../graphql/auth.ts';
import { trackIdFromGlobalId } from '../graphql/globalId.ts';
import { TrackService } from '../library/trackService.ts';
import type { HttpRoute, HttpRouteOptions } from './app.ts';

/** The route's path. */
export const PLAYLIST_PATH = '/playlist.m3u8';
/** Most tracks in one playlist (a path or a mix has at most 500). */
export const MAX_PLAYLIST_TRACKS = 1000;

/** Control characters (line breaks included) that would break a playlist line. */
const LINE_BREAKERS = /[\u0000-\u001F\u007F\u2028\u2029]+/g;

/** One line of display text: control characters and line breaks become one space. */
function oneLine(text: string): string {
  return text.replace(LINE_BREAKERS, ' ').trim();
}

/** "Artist - Title", else the title, else the file name. */
export function displayName(track: Pick<TrackRecord, 'artist' | 'title' | 'path'>): string {
  const title = oneLine(track.title ?? '') || oneLine(path.basename(track.path));
  const artist = oneLine(track.artist ?? '');
  return artist === '' ? title : `${artist} - ${title}`;
}

/**
 * The playlist text: `#EXTM3U`, an optional `#PLAYLIST:` title, then `#EXTINF` (duration rounded to whole
 * seconds, −1 when unknown) and the track's `/audio/<database id>` URL under `origin` (with `?token=` when
 * `token` is given), each line ended by `\n`.
 */
export function formatM3u8(
  tracks: readonly Pick<TrackRecord, 'id' | 'artist' | 'title' | 'path' | 'durationSeconds'>[],
  origin: string,
  title?: string,
  token?: string,
): string {
  const lines = ['#EXTM3U'];
  const name = oneLine(title ?? '');
  if (name !== '') lines.push(`#PLAYLIST:${name}`);
  for (const track of tracks) {
    const seconds = track.durationSeconds == null || !Number.isFinite(track.durationSeconds) ? -1 : Math.round(track.durationSeconds);
    const url = new URL(`/audio/${track.id}`, origin);
    if (token !== undefined) url.searchParams.set('token', token);
    lines.push(`#EXTINF:${seconds},${displayName(track)}`, url.href);
  }
  return `${lines.join('\n')}\n`;
}

/** The track ids of `ids` (comma-separated database ids or Track global IDs, repeated parameters allowed). */
export function parsePlaylistIds(params: URLSearchParams): number[] {
  const values = params.getAll('ids').flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
  if (values.length === 0) {
    throw new AuralisError('INVALID_ARGUMENT', '`ids`: expected track ids (database ids or global IDs) separated by commas, received none', {
      field: ['ids'],
    });
  }
  if (values.length > MAX_PLAYLIST_TRACKS) {
    throw new AuralisError('TOO_MANY_TRACKS', `\`ids\`: expected at most ${MAX_PLAYLIST_TRACKS} tracks, received ${values.length}`, {
      field: ['ids'],
    });
  }
  return values.map((value, index) => {
    const field = ['ids', String(index)];
    if (/^[0-9]+$/.test(value)) {
      const id = Number(value);
      if (Number.isSafeInteger(id) && id >= 1) return id;
      throw new AuralisError('INVALID_ID', `\`ids\` ${index}: expected a track id ≥ 1, received ${JSON.stringify(value)}`, { field });
    }
    return trackIdFromGlobalId(value, field);
  });
}

/**
 * The API token the request sent (`Authorization: Bearer` or `?token=`) when AURALIS_API_TOKEN is set and it
 * matches; undefined when none is set or none was sent; UNAUTHENTICATED for a wrong one.
 */
function sentToken(request: Request, url: URL, apiToken: string | undefined): string | undefined {
  if (apiToken === undefined) return undefined;
  const header = request.headers.get('authorization');
  const query = url.searchParams.get('token');
  if (header === null && query === null) return undefined;
  const sent = header ?? `Bearer ${query}`;
  if (authenticate(new Headers({ authorization: sent }), apiToken).canMutate) return apiToken;
  throw new AuralisError('UNAUTHENTICATED', 'expected the API token configured in AURALIS_API_TOKEN (or none), received a different token or scheme', {
    field: ['token'],
  });
}

function errorResponse(status: number, error: AuralisError): Response {
  return Response.json({ code: error.code, message: error.message }, { status });
}

/** The `/playlist.m3u8` route of the app (server/http/app.ts). */
export function playlistRoute(options: HttpRouteOptions): HttpRoute {
  return {
    name: 'playlist',
    matches: (pathname) => pathname === PLAYLIST_PATH,
    async handle(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return new Response(`expected GET or HEAD, received ${request.method}\n`, { status: 405, headers: { allow: 'GET, HEAD' } });
      }
      const url = new URL(request.url);
      try {
        const token = sentToken(request, url, options.config.apiToken);
        const ids = parsePlaylistIds(url.searchParams);
        const em = options.orm.em.fork();
        // No path is read: the library roots do not matter here.
        const tracks = await new TrackService(em, []).requireMany(ids);
        const body = formatM3u8(tracks, url.origin, url.searchParams.get('title') ?? undefined, token);
        return new Response(request.method === 'HEAD' ? null : body, {
          headers: {
            'content-type': 'audio/x-mpegurl; charset=utf-8',
            'content-disposition': 'attachment; filename="auralis.m3u8"',
            'cache-control': 'no-store',
          },
        });
      } catch (error) {
        if (!isAuralisError(error)) throw error;
        const status = error.code === 'TRACK_NOT_FOUND' ? 404 : error.code === 'UNAUTHENTICATED' ? 401 : 400;
        return errorResponse(status, error);
      }
    },
  };
}
