/**
 * Lists: getAlbumList2, getRandomSongs, search3, getGenres. Album lists are cut from the tag-derived catalog
 * (server/library/catalogService.ts); `frequent` and `recent` from the requesting user's plays (scrobbles:
 * server/db/TrackPlayRepository.ts), each album with its `playCount` and `played`; `starred` the user's starred albums,
 * latest star first (server/db/StarRepository.ts); `highest` the albums the user rated, best first (server/db/RatingRepository.ts).
 */
import { TrackPlayRepository } from '../db/TrackPlayRepository.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { type Catalog, type CatalogAlbum, CatalogService, albumIdOf, compareNames } from '../library/catalogService.ts';
import { albumEntry, artistEntry } from './browsingEndpoints.ts';
import { childEntries } from './childEntry.ts';
import type { SubsonicContext, SubsonicHandler } from './subsonicContext.ts';
import { SubsonicCode, SubsonicError, missingParameter } from './subsonicError.ts';

/** Most entries one list returns. */
export const MAX_LIST_SIZE = 500;

const ALBUM_LIST_TYPES = ['random', 'newest', 'alphabeticalByName', 'alphabeticalByArtist', 'byGenre', 'byYear', 'frequent', 'recent', 'highest', 'starred'] as const;
const YEAR_MAX = 9999;

/** A deterministic-free shuffle (Fisher–Yates with Math.random). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** An album the user played: its plays summed over its songs, and the latest of them. */
interface PlayedAlbum {
  readonly album: CatalogAlbum;
  playCount: number;
  lastPlayed: Date;
}

/**
 * The albums the request's user played: `frequent` most plays first (ties: the latest play first), `recent` the
 * latest play first (ties: most plays). Songs no longer in the library are left out.
 */
async function playedAlbums(context: SubsonicContext, catalog: Catalog, order: 'frequent' | 'recent'): Promise<PlayedAlbum[]> {
  const plays = await new TrackPlayRepository(context.em).all(context.user!.id);
  const tracks = await new TrackRepository(context.em).loadByIds(plays.map((play) => play.trackId));
  const byAlbum = new Map<string, PlayedAlbum>();
  plays.forEach((play, i) => {
    const track = tracks[i];
    const album = track == null ? undefined : catalog.album(albumIdOf(track));
    if (album === undefined) return;
    const entry = byAlbum.get(album.id);
    if (entry === undefined) {
      byAlbum.set(album.id, { album, playCount: play.playCount, lastPlayed: play.lastPlayed });
      return;
    }
    entry.playCount += play.playCount;
    if (play.lastPlayed > entry.lastPlayed) entry.lastPlayed = play.lastPlayed;
  });
  const byCount = (a: PlayedAlbum, b: PlayedAlbum) => b.playCount - a.playCount;
  const byTime = (a: PlayedAlbum, b: PlayedAlbum) => b.lastPlayed.getTime() - a.lastPlayed.getTime();
  return [...byAlbum.values()].sort((a, b) =>
    (order === 'frequent' ? byCount(a, b) || byTime(a, b) : byTime(a, b) || byCount(a, b)) || a.album.id.localeCompare(b.album.id),
  );
}

export const getAlbumList2: SubsonicHandler = async (context) => {
  const { params } = context;
  const type = params.required('type');
  if (!(ALBUM_LIST_TYPES as readonly string[]).includes(type)) {
    throw new SubsonicError(SubsonicCode.GENERIC, `type: expected one of ${ALBUM_LIST_TYPES.join(', ')}, received ${JSON.stringify(type)}`);
  }
  const size = params.integer('size', 10, 1, MAX_LIST_SIZE);
  const offset = params.integer('offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const [catalog, marks] = await Promise.all([new CatalogService(context.em).catalog(), context.marks()]);
  const albums = catalog.albums;
  if (type === 'frequent' || type === 'recent') {
    const played = (await playedAlbums(context, catalog, type)).slice(offset, offset + size);
    return {
      albumList2: {
        album: played.map((entry) => ({ ...albumEntry(entry.album, marks), playCount: entry.playCount, played: entry.lastPlayed.toISOString() })),
      },
    };
  }
  let list: readonly CatalogAlbum[];
  switch (type) {
    case 'random':
      list = shuffled(albums);
      break;
    case 'newest':
      list = [...albums].sort((a, b) => b.lastAdded.getTime() - a.lastAdded.getTime() || a.id.localeCompare(b.id));
      break;
    case 'alphabeticalByName':
      list = albums;
      break;
    case 'alphabeticalByArtist':
      list = [...albums].sort((a, b) => compareNames(a.artist, b.artist) || compareNames(a.name, b.name) || a.id.localeCompare(b.id));
      break;
    case 'byGenre': {
      const genre = params.get('genre');
      if (genre === undefined || genre === '') throw missingParameter('genre');
      list = albums.filter((a) => a.genres.has(genre));
      break;
    }
    case 'byYear': {
      if (!params.has('fromYear')) throw missingParameter('fromYear');
      if (!params.has('toYear')) throw missingParameter('toYear');
      const from = params.integer('fromYear', 0, 0, YEAR_MAX);
      const to = params.integer('toYear', 0, 0, YEAR_MAX);
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      list = albums
        .filter((a) => a.year !== null && a.year >= lo && a.year <= hi)
        .sort((a, b) => (from <= to ? a.year! - b.year! : b.year! - a.year!) || compareNames(a.name, b.name));
      break;
    }
    case 'starred':
      // The stars are read latest first.
      list = [...marks.stars.keys()].flatMap((id) => catalog.album(id) ?? []);
      break;
    case 'highest':
      list = albums
        .filter((album) => marks.ratings.has(album.id))
        .sort((a, b) => marks.ratings.get(b.id)! - marks.ratings.get(a.id)! || compareNames(a.name, b.name) || a.id.localeCompare(b.id));
      break;
    default:
      list = [];
  }
  return { albumList2: { album: list.slice(offset, offset + size).map((album) => albumEntry(album, marks)) } };
};

export const getRandomSongs: SubsonicHandler = async (context) => {
  const { params } = context;
  const size = params.integer('size', 10, 1, MAX_LIST_SIZE);
  const genre = params.get('genre') || null;
  const fromYear = params.integer('fromYear', undefined, 0, YEAR_MAX) ?? null;
  const toYear = params.integer('toYear', undefined, 0, YEAR_MAX) ?? null;
  const tracks = await new TrackRepository(context.em).random(size, { genre, fromYear, toYear });
  return { randomSongs: { song: await childEntries(context, tracks) } };
};

/** search3's query without the quotes some clients put around it; "" lists everything (clients sync so). */
function searchText(raw: string | undefined): string {
  return (raw ?? '').trim().replace(/^"(.*)"$/, '$1').trim();
}

export const search3: SubsonicHandler = async (context) => {
  const { params } = context;
  if (!params.has('query')) throw missingParameter('query');
  const text = searchText(params.get('query'));
  const count = (name: string) => params.integer(name, 20, 0, MAX_LIST_SIZE);
  const offset = (name: string) => params.integer(name, 0, 0, Number.MAX_SAFE_INTEGER);
  const needle = text.normalize('NFKC').toLowerCase();
  const matches = (name: string) => needle === '' || name.normalize('NFKC').toLowerCase().includes(needle);
  const [catalog, marks] = await Promise.all([new CatalogService(context.em).catalog(), context.marks()]);
  const artists = catalog.artists.filter((a) => matches(a.name));
  const albums = catalog.albums.filter((a) => matches(a.name) || matches(a.artist));
  const songCount = count('songCount');
  const tracks = songCount === 0 ? [] : await new TrackRepository(context.em).searchSlice(text, songCount, offset('songOffset'));
  const artistStart = offset('artistOffset');
  const albumStart = offset('albumOffset');
  return {
    searchResult3: {
      artist: artists.slice(artistStart, artistStart + count('artistCount')).map((artist) => artistEntry(artist, marks)),
      album: albums.slice(albumStart, albumStart + count('albumCount')).map((album) => albumEntry(album, marks)),
      song: await childEntries(context, tracks),
    },
  };
};

export const getGenres: SubsonicHandler = async (context) => {
  const genres = (await new CatalogService(context.em).catalog()).genres;
  return { genres: { genre: genres.map((g) => ({ value: g.name, songCount: g.songCount, albumCount: g.albumCount })) } };
};
