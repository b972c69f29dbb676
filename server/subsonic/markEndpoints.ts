/**
 * What a user marks: `setRating(id, rating)` (1…5 for a song, album `al-…` or artist `ar-…`; 0 removes it:
 * server/db/RatingRepository.ts) and stars: `star` / `unstar` (songs by `id`, albums by `albumId`, artists by `artistId`, each repeatable; an `id` that is
 * an album or artist folder id, `al-…` / `ar-…`, stars that album or artist, as folder-based clients send it) and
 * `getStarred2` / `getStarred` (the user's starred artists, albums and songs, latest star first; items no longer in
 * the library are left out). Stored per user: server/db/StarRepository.ts.
 */
import { RatingRepository } from '../db/RatingRepository.ts';
import { StarRepository } from '../db/StarRepository.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { CatalogService } from '../library/catalogService.ts';
import { albumDirectory, albumEntry, artistEntry, existingSongs, isSongId, songIdOf } from './browsingEndpoints.ts';
import { childEntries } from './childEntry.ts';
import { type SubsonicContext, type SubsonicHandler, markFields } from './subsonicContext.ts';
import { SubsonicCode, SubsonicError, missingParameter, notFound } from './subsonicError.ts';

/** Most items one star or unstar call may name. */
export const MAX_STAR_ITEMS = 500;

/** Items a request names, by kind. */
interface MarkedItems {
  readonly songs: number[];
  readonly albums: string[];
  readonly artists: string[];
}

/** `ids` sorted by kind (`al-…` albums, `ar-…` artists, else songs: error 70 unless a song id), added to `albums` / `artists`. */
function itemsOf(ids: readonly string[], albums: string[] = [], artists: string[] = []): MarkedItems {
  const songs: number[] = [];
  for (const id of ids) {
    if (id.startsWith('al-')) albums.push(id);
    else if (id.startsWith('ar-')) artists.push(id);
    else songs.push(songIdOf(id));
  }
  return { songs, albums, artists };
}

/** Error 70 naming the first item not in the library (songs, then albums, then artists). */
async function assertItemsExist(context: SubsonicContext, { songs, albums, artists }: MarkedItems): Promise<void> {
  await existingSongs(context.em, songs);
  if (albums.length + artists.length === 0) return;
  const catalog = await new CatalogService(context.em).catalog();
  const album = albums.find((id) => catalog.album(id) === undefined);
  if (album !== undefined) throw notFound('Album', album);
  const artist = artists.find((id) => catalog.artist(id) === undefined);
  if (artist !== undefined) throw notFound('Artist', artist);
}

/** The items a star / unstar request names (`id`, `albumId`, `artistId`, each repeatable), checked in form. */
function itemIdsOf(context: SubsonicContext): MarkedItems {
  const { params } = context;
  const { songs, albums, artists } = itemsOf(params.all('id'), params.all('albumId'), params.all('artistId'));
  const count = songs.length + albums.length + artists.length;
  if (count === 0) throw missingParameter('id');
  if (count > MAX_STAR_ITEMS) throw new SubsonicError(SubsonicCode.GENERIC, `at most ${MAX_STAR_ITEMS} items per call, received ${count}`);
  return { songs, albums, artists };
}

export const star: SubsonicHandler = async (context) => {
  const items = itemIdsOf(context);
  await assertItemsExist(context, items);
  const { songs, albums, artists } = items;
  await new StarRepository(context.em).star(context.user!.id, [...songs.map(String), ...albums, ...artists], new Date());
  return {};
};

export const setRating: SubsonicHandler = async (context) => {
  const id = context.params.required('id');
  const rating = context.params.requiredInteger('rating', 0, 5);
  if (rating > 0) await assertItemsExist(context, itemsOf([id]));
  await new RatingRepository(context.em).set(context.user!.id, id, rating, new Date());
  return {};
};

export const unstar: SubsonicHandler = async (context) => {
  const { songs, albums, artists } = itemIdsOf(context);
  await new StarRepository(context.em).unstar(context.user!.id, [...songs.map(String), ...albums, ...artists]);
  return {};
};

/** The user's starred items still in the library, latest star first. */
async function starredItems(context: SubsonicContext) {
  const [marks, catalog] = await Promise.all([context.marks(), new CatalogService(context.em).catalog()]);
  const ids = [...marks.stars.keys()];
  const songIds = ids.filter(isSongId).map(Number);
  const tracks = (await new TrackRepository(context.em).loadByIds(songIds)).filter((track) => track !== null);
  return {
    marks,
    artists: ids.flatMap((id) => catalog.artist(id) ?? []),
    albums: ids.flatMap((id) => catalog.album(id) ?? []),
    songs: await childEntries(context, tracks),
  };
}

export const getStarred2: SubsonicHandler = async (context) => {
  const { marks, artists, albums, songs } = await starredItems(context);
  return {
    starred2: {
      artist: artists.map((artist) => artistEntry(artist, marks)),
      album: albums.map((album) => albumEntry(album, marks)),
      song: songs,
    },
  };
};

export const getStarred: SubsonicHandler = async (context) => {
  const { marks, artists, albums, songs } = await starredItems(context);
  return {
    starred: {
      artist: artists.map((artist) => ({ id: artist.id, name: artist.name, ...markFields(marks, artist.id) })),
      album: albums.map((album) => albumDirectory(album, album.artistId, marks)),
      song: songs,
    },
  };
};
