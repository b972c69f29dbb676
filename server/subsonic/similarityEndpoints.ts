/**
 * Sonic similarity (the `sonicSimilarity` extension) and instant mixes:
 * - getSonicSimilarTracks(id, count = 10): the nearest tracks (similarityService, default weights; the song
 *   itself left out), each as `{entry, similarity}` with the calibrated similarity to the song
 *   (server/similarity/calibration.ts).
 * - findSonicPath(startSongId, endSongId, count = 25): the sonic path (sonicPath.ts), start first and end last,
 *   each with the calibrated similarity to the start song (1 for the start).
 * - getSimilarSongs(id: song, album or artist; count = 50) and getSimilarSongs2(id: artist; count = 50): for a
 *   song its nearest tracks; for an album or artist a mix (mix.ts) around up to SEED_TRACKS of its analysed
 *   tracks; at most MAX_PER_ARTIST tracks per artist either way.
 */
import { CatalogService, artistIdOf, UNKNOWN_ARTIST } from '../library/catalogService.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { similarityCalibration } from '../similarity/calibration.ts';
import { MixService } from '../similarity/mix.ts';
import { SimilarityService } from '../similarity/similarityService.ts';
import { MAX_PATH_LENGTH, PathService } from '../similarity/sonicPath.ts';
import { rowOf } from '../similarity/libraryIndex.ts';
import { trackIdParameter } from './browsingEndpoints.ts';
import { childEntries } from './childEntry.ts';
import type { SubsonicContext, SubsonicHandler } from './subsonicContext.ts';
import { notFound } from './subsonicError.ts';

/** Most results of one similarity call. */
export const MAX_SIMILAR_RESULTS = 500;
/** Tracks per artist in a getSimilarSongs answer. */
export const MAX_PER_ARTIST = 3;
/** Seed tracks of an album or artist mix. */
export const SEED_TRACKS = 3;

async function tracksInOrder(context: SubsonicContext, ids: readonly number[]) {
  const records = await new TrackRepository(context.em).loadByIds(ids);
  return records.filter((r) => r !== null);
}

export const getSonicSimilarTracks: SubsonicHandler = async (context) => {
  const id = trackIdParameter(context, 'id');
  const count = context.params.integer('count', 10, 1, MAX_SIMILAR_RESULTS);
  const similarity = new SimilarityService(context.em);
  const results = await similarity.similarTracks(id, { first: count });
  const calibration = await similarityCalibration(context.em, await similarity.index());
  const entries = await childEntries(context, await tracksInOrder(context, results.map((r) => r.trackId)));
  return { sonicMatch: entries.map((entry, i) => ({ entry, similarity: calibration.similarity(results[i]!.distance) })) };
};

export const findSonicPath: SubsonicHandler = async (context) => {
  const start = trackIdParameter(context, 'startSongId');
  const end = trackIdParameter(context, 'endSongId');
  const count = context.params.integer('count', 25, 2, MAX_PATH_LENGTH);
  const similarity = new SimilarityService(context.em);
  const steps = await new PathService(context.em, similarity).sonicPath(start, end, { count });
  const calibration = await similarityCalibration(context.em, await similarity.index());
  const entries = await childEntries(context, await tracksInOrder(context, steps.map((s) => s.trackId)));
  return {
    sonicMatch: entries.map((entry, i) => ({ entry, similarity: i === 0 ? 1 : calibration.similarity(1 - steps[i]!.similarityToStart) })),
  };
};

/** A mix around up to SEED_TRACKS analysed tracks (evenly spread over `trackIds`), seeds left out. */
async function mixAround(context: SubsonicContext, trackIds: readonly number[], count: number): Promise<number[]> {
  const similarity = new SimilarityService(context.em);
  const index = await similarity.index();
  const analysed = trackIds.filter((id) => rowOf(index, id) >= 0);
  if (analysed.length === 0) return [];
  const seeds = Array.from({ length: Math.min(SEED_TRACKS, analysed.length) }, (_, i) => analysed[Math.floor((i * analysed.length) / Math.min(SEED_TRACKS, analysed.length))]!);
  const mix = await new MixService(context.em, similarity).mix(seeds, { count: Math.min(seeds.length + count, 500), maxPerArtist: MAX_PER_ARTIST + seeds.length });
  const seedSet = new Set(seeds);
  return mix.map((m) => m.trackId).filter((id) => !seedSet.has(id)).slice(0, count);
}

/** The similar songs of a song, album or artist id, at most MAX_PER_ARTIST per artist. */
async function similarSongs(context: SubsonicContext, id: string, count: number, allowSongsAndAlbums: boolean) {
  let ids: number[];
  if (allowSongsAndAlbums && /^\d{1,15}$/.test(id)) {
    const results = await new SimilarityService(context.em).similarTracks(trackIdParameter(context, 'id'), { first: count, maxPerArtist: MAX_PER_ARTIST });
    ids = results.map((r) => r.trackId);
  } else {
    const catalogs = new CatalogService(context.em);
    const catalog = await catalogs.catalog();
    const album = allowSongsAndAlbums ? catalog.album(id) : undefined;
    const artist = catalog.artist(id);
    if (album !== undefined) ids = await mixAround(context, (await catalogs.albumTracks(album)).map((t) => t.id), count);
    else if (artist !== undefined) {
      const own = (await catalogs.artistTracks(artist)).filter((t) => artistIdOf(t.artist ?? UNKNOWN_ARTIST) === artist.id);
      ids = await mixAround(context, own.map((t) => t.id), count);
    } else throw notFound(allowSongsAndAlbums ? 'Song, album or artist' : 'Artist', id);
  }
  return childEntries(context, await tracksInOrder(context, ids));
}

export const getSimilarSongs: SubsonicHandler = async (context) => {
  const id = context.params.required('id');
  const count = context.params.integer('count', 50, 1, MAX_SIMILAR_RESULTS);
  return { similarSongs: { song: await similarSongs(context, id, count, true) } };
};

export const getSimilarSongs2: SubsonicHandler = async (context) => {
  const id = context.params.required('id');
  const count = context.params.integer('count', 50, 1, MAX_SIMILAR_RESULTS);
  return { similarSongs2: { song: await similarSongs(context, id, count, false) } };
};
