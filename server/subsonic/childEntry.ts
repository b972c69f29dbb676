/**
 * `Child` entries (OpenSubsonic "Child") of library tracks: tags, format facts, the tag-derived album and artist
 * ids (server/library/catalogService.ts), `bpm` (the fingerprint's tempo, rounded; absent without a pulse) and
 * `replayGain` (track gain and peak from the fingerprint, album gain and peak when the whole album is analysed:
 * server/library/replayGainService.ts), and the requesting user's `playCount` / `played` (server/db/TrackPlay.ts:
 * scrobbles), `starred` (server/db/Star.ts) and `userRating` (server/db/Rating.ts). `path` is relative to the library root holding the file (never the server's absolute path). For n
 * tracks: four to six queries, whatever n.
 */
import path from 'node:path';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { TrackPlayRepository } from '../db/TrackPlayRepository.ts';
import type { TrackRecord } from '../db/TrackRepository.ts';
import { albumArtistOf, albumIdOf, artistIdOf, UNKNOWN_ALBUM, UNKNOWN_ARTIST } from '../library/catalogService.ts';
import { ReplayGainService, trackReplayGain } from '../library/replayGainService.ts';
import { type SubsonicContext, markFields } from './subsonicContext.ts';

/** MIME type per file suffix (lower case); anything else is application/octet-stream. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  m4a: 'audio/mp4',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  wma: 'audio/x-ms-wma',
  wv: 'audio/x-wavpack',
  ape: 'audio/x-ape',
  mpc: 'audio/x-musepack',
};

export interface ChildReplayGain {
  /** dB. */
  readonly trackGain: number;
  /** Linear amplitude (1 = full scale). */
  readonly trackPeak?: number;
  readonly albumGain?: number;
  readonly albumPeak?: number;
}

/** The Child fields Auralis fills (all optional ones only when known). */
export interface ChildEntry {
  readonly id: string;
  readonly parent: string;
  readonly isDir: false;
  readonly title: string;
  readonly album: string;
  readonly artist: string;
  readonly track?: number;
  readonly year?: number;
  readonly genre?: string;
  /** getCoverArt id: the song's own (its embedded or folder picture). */
  readonly coverArt: string;
  readonly size?: number;
  readonly contentType: string;
  readonly suffix: string;
  /** Seconds, rounded. */
  readonly duration?: number;
  /** kbit/s, rounded. */
  readonly bitRate?: number;
  /** Hz. */
  readonly samplingRate?: number;
  readonly channelCount?: number;
  readonly path: string;
  readonly isVideo: false;
  readonly discNumber?: number;
  /** ISO 8601: when the track was added. */
  readonly created: string;
  readonly albumId: string;
  readonly artistId: string;
  readonly type: 'music';
  readonly mediaType: 'song';
  /** Beats per minute, rounded; absent when unknown or no pulse. */
  readonly bpm?: number;
  readonly replayGain?: ChildReplayGain;
  readonly genres?: readonly { readonly name: string }[];
  readonly artists: readonly { readonly id: string; readonly name: string }[];
  readonly displayArtist: string;
  readonly albumArtists: readonly { readonly id: string; readonly name: string }[];
  readonly displayAlbumArtist: string;
  /** The requesting user's completed plays (scrobbles); absent when never played. */
  readonly playCount?: number;
  /** ISO 8601: the requesting user's latest play; absent when never played. */
  readonly played?: string;
  /** ISO 8601: when the requesting user starred the song; absent when not starred. */
  readonly starred?: string;
  /** The requesting user's rating, 1…5; absent when not rated. */
  readonly userRating?: number;
}

function suffixOf(filePath: string): string {
  return path.extname(decodeURIComponent(filePath.startsWith('file:///') ? new URL(filePath).pathname : filePath)).slice(1).toLowerCase();
}

/** The file's path below the library root that holds it, else artist/album/file name. */
function displayPath(track: TrackRecord, roots: readonly string[]): string {
  const filePath = track.path.startsWith('file:///') ? decodeURIComponent(new URL(track.path).pathname) : track.path;
  for (const root of roots) {
    const relative = path.relative(root, filePath);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return [track.albumArtist ?? track.artist ?? UNKNOWN_ARTIST, track.album ?? UNKNOWN_ALBUM, path.basename(filePath)].join('/');
}

/** Child entries for `tracks`, in their order, as the request's user sees them. */
export async function childEntries(context: SubsonicContext, tracks: readonly TrackRecord[]): Promise<ChildEntry[]> {
  if (tracks.length === 0) return [];
  const { em, user } = context;
  const ids = tracks.map((t) => t.id);
  const [fingerprints, albumGains, plays, roots, marks] = await Promise.all([
    new FingerprintRepository(em).loadByTrackIds(ids),
    new ReplayGainService(em).albumGains(ids),
    user === null ? new Map() : new TrackPlayRepository(em).ofTracks(user.id, ids),
    context.roots(),
    context.marks(),
  ]);
  return tracks.map((track, i) => {
    const play = plays.get(track.id);
    const fingerprint = fingerprints[i] ?? null;
    const albumGain = albumGains[i] ?? null;
    const artist = track.artist ?? UNKNOWN_ARTIST;
    const albumArtist = albumArtistOf(track);
    const albumId = albumIdOf(track);
    const suffix = suffixOf(track.path);
    let replayGain: ChildReplayGain | undefined;
    if (fingerprint !== null) {
      const gain = trackReplayGain(fingerprint);
      replayGain = {
        trackGain: gain.trackGainDb,
        ...(gain.trackPeak === null ? {} : { trackPeak: gain.trackPeak }),
        ...(albumGain === null ? {} : { albumGain: albumGain.albumGainDb, albumPeak: albumGain.albumPeak }),
      };
    }
    const fileName = path.basename(track.path);
    return {
      id: String(track.id),
      parent: albumId,
      isDir: false,
      title: track.title ?? fileName.slice(0, fileName.length - (suffix.length > 0 ? suffix.length + 1 : 0)),
      album: track.album ?? UNKNOWN_ALBUM,
      artist,
      ...(track.trackNumber === null ? {} : { track: track.trackNumber }),
      ...(track.year === null ? {} : { year: track.year }),
      ...(track.genre === null ? {} : { genre: track.genre, genres: [{ name: track.genre }] }),
      coverArt: String(track.id),
      ...(track.fileSize === null ? {} : { size: track.fileSize }),
      contentType: CONTENT_TYPES[suffix] ?? 'application/octet-stream',
      suffix,
      ...(track.durationSeconds === null ? {} : { duration: Math.round(track.durationSeconds) }),
      ...(track.bitrate === null ? {} : { bitRate: Math.round(track.bitrate / 1000) }),
      ...(track.sampleRate === null ? {} : { samplingRate: track.sampleRate }),
      ...(track.channels === null ? {} : { channelCount: track.channels }),
      path: displayPath(track, roots),
      isVideo: false,
      ...(track.discNumber === null ? {} : { discNumber: track.discNumber }),
      created: track.createdAt.toISOString(),
      albumId,
      artistId: artistIdOf(artist),
      type: 'music',
      mediaType: 'song',
      ...(fingerprint !== null && fingerprint.tempoBpm > 0 ? { bpm: Math.round(fingerprint.tempoBpm) } : {}),
      ...(replayGain === undefined ? {} : { replayGain }),
      artists: [{ id: artistIdOf(artist), name: artist }],
      displayArtist: artist,
      albumArtists: [{ id: artistIdOf(albumArtist), name: albumArtist }],
      displayAlbumArtist: albumArtist,
      ...(play === undefined ? {} : { playCount: play.playCount, played: play.lastPlayed.toISOString() }),
      ...markFields(marks, String(track.id)),
    };
  });
}
