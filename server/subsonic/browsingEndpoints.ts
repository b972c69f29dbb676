/**
 * Browsing by tags (getArtists, getArtist, getAlbum, getSong) and by "folders" for folder-based clients
 * (getIndexes, getMusicDirectory): the folders are the same tag-derived artists (`ar-…`) holding albums
 * (`al-…`) holding songs. `musicFolderId` is accepted and ignored (every root is one library).
 */
import type { EntityManager } from '@mikro-orm/sql';
import { type TrackRecord, TrackRepository } from '../db/TrackRepository.ts';
import { type Catalog, type CatalogAlbum, type CatalogArtist, CatalogService } from '../library/catalogService.ts';
import { childEntries } from './childEntry.ts';
import { type SubsonicContext, type SubsonicHandler, type UserMarks, markFields, starredField } from './subsonicContext.ts';
import { notFound } from './subsonicError.ts';

/** Leading words left out when artists are indexed by letter. */
export const IGNORED_ARTICLES = ['The', 'El', 'La', 'Los', 'Las', 'Le', 'Les'];

/** The index letter of a name: its first letter after an ignored article, upper case; `#` for anything else. */
export function indexLetter(name: string): string {
  const words = name.trim().split(/\s+/);
  const rest = words.length > 1 && IGNORED_ARTICLES.some((a) => a.toLowerCase() === words[0]!.toLowerCase()) ? words.slice(1).join(' ') : name.trim();
  const first = rest.normalize('NFD').charAt(0).toUpperCase();
  return /\p{L}/u.test(first) ? first : '#';
}

function byLetter<T extends { readonly name: string }>(items: readonly T[]): { name: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const letter = indexLetter(item.name);
    let group = groups.get(letter);
    if (group === undefined) groups.set(letter, (group = []));
    group.push(item);
  }
  return [...groups].sort(([a], [b]) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b))).map(([name, grouped]) => ({ name, items: grouped }));
}

/** An ArtistID3, `starred` when the user starred it. */
export function artistEntry(artist: CatalogArtist, marks: UserMarks) {
  return { id: artist.id, name: artist.name, albumCount: artist.albums.length, ...starredField(marks, artist.id) };
}

/** An AlbumID3 (without songs), with the user's `starred` and `userRating`. */
export function albumEntry(album: CatalogAlbum, marks: UserMarks) {
  return {
    ...markFields(marks, album.id),
    id: album.id,
    name: album.name,
    artist: album.artist,
    artistId: album.artistId,
    coverArt: album.id,
    songCount: album.songCount,
    duration: Math.round(album.durationSeconds),
    created: album.created.toISOString(),
    ...(album.year === null ? {} : { year: album.year }),
    ...(album.genre === null ? {} : { genre: album.genre, genres: [...album.genres.keys()].map((name) => ({ name })) }),
  };
}

/** An album as a directory Child (getMusicDirectory of an artist, getStarred), with the user's `starred` and `userRating`. */
export function albumDirectory(album: CatalogAlbum, parent: string, marks: UserMarks) {
  return {
    ...markFields(marks, album.id),
    id: album.id,
    parent,
    isDir: true,
    title: album.name,
    album: album.name,
    artist: album.artist,
    coverArt: album.id,
    ...(album.year === null ? {} : { year: album.year }),
    ...(album.genre === null ? {} : { genre: album.genre }),
    created: album.created.toISOString(),
    duration: Math.round(album.durationSeconds),
  };
}

async function catalogOf(context: SubsonicContext): Promise<Catalog> {
  return new CatalogService(context.em).catalog();
}

export const getArtists: SubsonicHandler = async (context) => {
  const [catalog, marks] = await Promise.all([catalogOf(context), context.marks()]);
  return {
    artists: {
      ignoredArticles: IGNORED_ARTICLES.join(' '),
      index: byLetter(catalog.artists).map((group) => ({ name: group.name, artist: group.items.map((a) => artistEntry(a, marks)) })),
    },
  };
};

export const getArtist: SubsonicHandler = async (context) => {
  const id = context.params.required('id');
  const artist = (await catalogOf(context)).artist(id);
  if (artist === undefined) throw notFound('Artist', id);
  const marks = await context.marks();
  return { artist: { ...artistEntry(artist, marks), album: artist.albums.map((a) => albumEntry(a, marks)) } };
};

export const getAlbum: SubsonicHandler = async (context) => {
  const id = context.params.required('id');
  const album = (await catalogOf(context)).album(id);
  if (album === undefined) throw notFound('Album', id);
  const tracks = await new CatalogService(context.em).albumTracks(album);
  return { album: { ...albumEntry(album, await context.marks()), song: await childEntries(context, tracks) } };
};

/** The tracks of these song ids, in order; error 70 naming the first id no track has. */
export async function existingSongs(em: EntityManager, ids: readonly number[]): Promise<TrackRecord[]> {
  const tracks = ids.length === 0 ? [] : await new TrackRepository(em).loadByIds(ids);
  const missing = ids.findIndex((_, i) => tracks[i] === null);
  if (missing >= 0) throw notFound('Song', String(ids[missing]));
  return tracks as TrackRecord[];
}

/** Whether `raw` is a song id: a track id in decimal, ≥ 1 (album and artist ids start `al-` / `ar-`). */
export function isSongId(raw: string): boolean {
  return /^\d{1,15}$/.test(raw) && Number(raw) >= 1;
}

/** The track id of a song id, else error 70 (no song has it). */
export function songIdOf(raw: string): number {
  if (!isSongId(raw)) throw notFound('Song', raw);
  return Number(raw);
}

/** A track id parameter: a positive integer, else error 70 (no song has it). */
export function trackIdParameter(context: SubsonicContext, name: string): number {
  return songIdOf(context.params.required(name));
}

export const getSong: SubsonicHandler = async (context) => {
  const id = trackIdParameter(context, 'id');
  const track = await new TrackRepository(context.em).getById(id);
  if (track === null) throw notFound('Song', String(id));
  const [song] = await childEntries(context, [track]);
  return { song };
};

export const getIndexes: SubsonicHandler = async (context) => {
  const [catalog, marks] = await Promise.all([catalogOf(context), context.marks()]);
  const lastModified = Math.max(0, ...catalog.albums.map((a) => a.lastAdded.getTime()));
  return {
    indexes: {
      ignoredArticles: IGNORED_ARTICLES.join(' '),
      lastModified,
      index: byLetter(catalog.artists).map((group) => ({
        name: group.name,
        artist: group.items.map((a) => ({ id: a.id, name: a.name, ...markFields(marks, a.id) })),
      })),
    },
  };
};

export const getMusicDirectory: SubsonicHandler = async (context) => {
  const id = context.params.required('id');
  const catalog = await catalogOf(context);
  const artist = catalog.artist(id);
  if (artist !== undefined) {
    const marks = await context.marks();
    return {
      directory: { id: artist.id, name: artist.name, ...markFields(marks, artist.id), child: artist.albums.map((a) => albumDirectory(a, artist.id, marks)) },
    };
  }
  const album = catalog.album(id);
  if (album !== undefined) {
    const tracks = await new CatalogService(context.em).albumTracks(album);
    const marks = await context.marks();
    return {
      directory: { id: album.id, parent: album.artistId, name: album.name, ...markFields(marks, album.id), child: await childEntries(context, tracks) },
    };
  }
  throw notFound('Directory', id);
};
