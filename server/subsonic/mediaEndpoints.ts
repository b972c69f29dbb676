/**
 * stream, download and getCoverArt: thin adapters over server/media/ (Range, ffmpeg transcoding, cover art).
 * - stream(id, format?, maxBitRate? kbit/s, timeOffset? s): `raw` the original file (HTTP Range), `mp3` / `opus`
 *   (`ogg` = Opus) a transcode; any other or no format: the original when a browser plays it and it fits
 *   maxBitRate, else Opus (server/media/audioResponse.ts).
 * - download(id): the original file, with Range.
 * - getCoverArt(id: a song id or an album id `al-…`, size? px): the embedded or folder picture, resized.
 * Answers are the media Response itself; failures are Subsonic errors (a missing song or picture: 70).
 */
import { TrackRepository } from '../db/TrackRepository.ts';
import { CatalogService } from '../library/catalogService.ts';
import { audioResponse, type AudioFormat } from '../media/audioResponse.ts';
import { coverArtResponse } from '../media/coverArtResponse.ts';
import { mediaResourcesFor } from '../media/mediaResources.ts';
import { trackFileResponse } from '../media/trackFileResponse.ts';
import type { MikroORM } from '@mikro-orm/sql';
import { trackIdParameter } from './browsingEndpoints.ts';
import type { SubsonicContext } from './subsonicContext.ts';
import { notFound } from './subsonicError.ts';

/** A method answered with a media Response instead of a `subsonic-response`. */
export type SubsonicMediaHandler = (context: SubsonicContext, request: Request, orm: MikroORM) => Promise<Response>;

const FORMAT_OF: Readonly<Record<string, AudioFormat>> = { raw: 'raw', mp3: 'mp3', opus: 'opus', ogg: 'opus' };

async function trackOf(context: SubsonicContext, name = 'id') {
  const id = trackIdParameter(context, name);
  const track = await new TrackRepository(context.em).getById(id);
  if (track === null) throw notFound('Song', String(id));
  return track;
}

export const stream: SubsonicMediaHandler = async (context, request, orm) => {
  const track = await trackOf(context);
  const format = FORMAT_OF[context.params.get('format') ?? ''];
  const maxBitRate = context.params.integer('maxBitRate', 0, 0, 100_000);
  const timeOffset = context.params.integer('timeOffset', 0, 0, 1_000_000);
  return audioResponse(
    request,
    track,
    { format, maxBitRateKbps: maxBitRate || undefined, timeOffsetSeconds: timeOffset || undefined },
    { roots: () => context.roots(), resources: mediaResourcesFor(orm) },
  );
};

export const download: SubsonicMediaHandler = async (context, request, orm) => {
  const track = await trackOf(context);
  return trackFileResponse(request, track, { roots: () => context.roots(), formats: mediaResourcesFor(orm).formats });
};

export const getCoverArt: SubsonicMediaHandler = async (context, request, orm) => {
  const id = context.params.required('id');
  let track;
  if (id.startsWith('al-')) {
    const catalogs = new CatalogService(context.em);
    const album = (await catalogs.catalog()).album(id);
    track = album === undefined ? undefined : (await catalogs.albumTracks(album))[0];
    if (track === undefined) throw notFound('Cover art', id);
  } else {
    track = await trackOf(context);
  }
  const size = context.params.integer('size', undefined, 1, 4096);
  const response = await coverArtResponse(track, size, { roots: () => context.roots(), cache: mediaResourcesFor(orm).covers });
  return request.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response;
};
