/**
 * Artists and albums derived from the tracks' tags (there are no artist or album tables): an album is the
 * tracks with the same album artist (the album-artist tag, else the artist tag) and album tag; an artist is
 * every name that is an album artist or a track artist. Names are compared normalised (Unicode NFKC, trimmed,
 * inner spaces collapsed, lower case), so "The Band" and "the  band" are one artist. Ids are stable across
 * requests and restarts: `ar-` / `al-` + the first 16 hex digits of the SHA-256 of the normalised name(s).
 * Tracks without the tag fall under UNKNOWN_ARTIST / UNKNOWN_ALBUM.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { type TrackRecord, TrackRepository, type TrackTagGroup, type TrackTagKey } from '../db/TrackRepository.ts';

export const UNKNOWN_ARTIST = '[Unknown Artist]';
export const UNKNOWN_ALBUM = '[Unknown Album]';

/** The comparison form of a name: NFKC, trimmed, inner white space collapsed, lower case. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** The id of an artist name (`ar-…`). */
export function artistIdOf(name: string | null): string {
  return `ar-${digest(normaliseName(name ?? UNKNOWN_ARTIST))}`;
}

/** The album artist of a track's tags: the album-artist tag, else the artist tag. */
export function albumArtistOf(tags: { readonly artist: string | null; readonly albumArtist: string | null }): string {
  return tags.albumArtist ?? tags.artist ?? UNKNOWN_ARTIST;
}

/** The id of the album a track's tags put it in (`al-…`). */
export function albumIdOf(tags: TrackTagKey): string {
  return `al-${digest(`${normaliseName(albumArtistOf(tags))}\u0000${normaliseName(tags.album ?? UNKNOWN_ALBUM)}`)}`;
}

export interface CatalogAlbum {
  readonly id: string;
  readonly name: string;
  readonly artist: string;
  readonly artistId: string;
  readonly songCount: number;
  /** Seconds. */
  readonly durationSeconds: number;
  readonly year: number | null;
  /** The genre most of its tracks carry. */
  readonly genre: string | null;
  /** When its first track was added. */
  readonly created: Date;
  /** When its last track was added ("newest" lists). */
  readonly lastAdded: Date;
  /** The tag groups of its tracks (what TrackRepository.byTagGroups reads). */
  readonly groups: readonly TrackTagKey[];
  readonly genres: ReadonlyMap<string, number>;
}

export interface CatalogArtist {
  readonly id: string;
  readonly name: string;
  /** Its albums: those it is the album artist of, and those holding a track it is the artist of. */
  readonly albums: readonly CatalogAlbum[];
}

export interface CatalogGenre {
  readonly name: string;
  readonly songCount: number;
  readonly albumCount: number;
}

/** One snapshot of the library's artists, albums and genres (one query). */
export class Catalog {
  readonly artists: readonly CatalogArtist[];
  readonly albums: readonly CatalogAlbum[];
  readonly genres: readonly CatalogGenre[];
  readonly #artists: Map<string, CatalogArtist>;
  readonly #albums: Map<string, CatalogAlbum>;

  constructor(groups: readonly TrackTagGroup[]) {
    interface AlbumDraft {
      id: string;
      name: string;
      artist: string;
      songCount: number;
      durationSeconds: number;
      year: number | null;
      created: Date;
      lastAdded: Date;
      groups: TrackTagKey[];
      genres: Map<string, number>;
      trackArtists: Set<string>;
    }
    const albums = new Map<string, AlbumDraft>();
    for (const group of groups) {
      const id = albumIdOf(group);
      let album = albums.get(id);
      if (album === undefined) {
        album = {
          id,
          name: group.album ?? UNKNOWN_ALBUM,
          artist: albumArtistOf(group),
          songCount: 0,
          durationSeconds: 0,
          year: null,
          created: group.firstAdded,
          lastAdded: group.lastAdded,
          groups: [],
          genres: new Map(),
          trackArtists: new Set(),
        };
        albums.set(id, album);
      }
      album.songCount += group.trackCount;
      album.durationSeconds += group.durationSeconds;
      if (group.year !== null && (album.year === null || group.year > album.year)) album.year = group.year;
      if (group.firstAdded < album.created) album.created = group.firstAdded;
      if (group.lastAdded > album.lastAdded) album.lastAdded = group.lastAdded;
      if (!album.groups.some((g) => g.artist === group.artist && g.albumArtist === group.albumArtist && g.album === group.album)) {
        album.groups.push({ artist: group.artist, albumArtist: group.albumArtist, album: group.album });
      }
      if (group.genre !== null) album.genres.set(group.genre, (album.genres.get(group.genre) ?? 0) + group.trackCount);
      album.trackArtists.add(group.artist ?? UNKNOWN_ARTIST);
    }
    const artistAlbums = new Map<string, { name: string; albums: Set<string> }>();
    const addArtist = (name: string, albumId: string) => {
      const id = artistIdOf(name);
      let entry = artistAlbums.get(id);
      if (entry === undefined) artistAlbums.set(id, (entry = { name, albums: new Set() }));
      entry.albums.add(albumId);
    };
    const finished = new Map<string, CatalogAlbum>();
    for (const album of albums.values()) {
      addArtist(album.artist, album.id);
      for (const name of album.trackArtists) addArtist(name, album.id);
      const genre = [...album.genres].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
      finished.set(album.id, { ...album, artistId: artistIdOf(album.artist), genre });
    }
    this.#albums = finished;
    this.albums = [...finished.values()].sort((a, b) => compareNames(a.name, b.name) || a.id.localeCompare(b.id));
    this.#artists = new Map(
      [...artistAlbums].map(([id, entry]) => [
        id,
        { id, name: entry.name, albums: [...entry.albums].map((a) => finished.get(a)!).sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || compareNames(a.name, b.name)) },
      ]),
    );
    this.artists = [...this.#artists.values()].sort((a, b) => compareNames(a.name, b.name) || a.id.localeCompare(b.id));
    const genres = new Map<string, { songCount: number; albums: Set<string> }>();
    for (const album of finished.values()) {
      for (const [name, count] of album.genres) {
        let entry = genres.get(name);
        if (entry === undefined) genres.set(name, (entry = { songCount: 0, albums: new Set() }));
        entry.songCount += count;
        entry.albums.add(album.id);
      }
    }
    this.genres = [...genres]
      .map(([name, g]) => ({ name, songCount: g.songCount, albumCount: g.albums.size }))
      .sort((a, b) => compareNames(a.name, b.name));
  }

  artist(id: string): CatalogArtist | undefined {
    return this.#artists.get(id);
  }

  album(id: string): CatalogAlbum | undefined {
    return this.#albums.get(id);
  }
}

/** Case-insensitive name order. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base' });
}

/** Reads the catalog and an album's tracks (one request's EntityManager). */
export class CatalogService {
  readonly #tracks: TrackRepository;

  constructor(em: EntityManager) {
    this.#tracks = new TrackRepository(em);
  }

  async catalog(): Promise<Catalog> {
    return new Catalog(await this.#tracks.tagGroups());
  }

  /** An album's tracks by disc and track number. */
  async albumTracks(album: CatalogAlbum): Promise<TrackRecord[]> {
    return this.#tracks.byTagGroups(album.groups);
  }

  /** The tracks of every album of an artist whose track artist or album artist is the artist. */
  async artistTracks(artist: CatalogArtist): Promise<TrackRecord[]> {
    const tracks = await this.#tracks.byTagGroups(artist.albums.flatMap((a) => a.groups));
    return tracks.filter((t) => artistIdOf(t.artist ?? UNKNOWN_ARTIST) === artist.id || artistIdOf(albumArtistOf(t)) === artist.id);
  }
}
