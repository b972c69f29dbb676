/**
 * Plays: `scrobble` (a completed play, `submission=true` by default, raises the user's play count and last-played
 * time of each song: server/db/TrackPlayRepository.ts; `submission=false` says what the user is playing now) and
 * `getNowPlaying` (every user's current song). "Now playing" lives in this process only, per database: an entry
 * lasts until its song could have ended (its duration, else NOW_PLAYING_FALLBACK_SECONDS, plus a minute) or the
 * user's next one replaces it.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { TrackPlayRepository } from '../db/TrackPlayRepository.ts';
import { type TrackRecord, TrackRepository } from '../db/TrackRepository.ts';
import { existingSongs, songIdOf } from './browsingEndpoints.ts';
import { childEntries } from './childEntry.ts';
import type { SubsonicHandler } from './subsonicContext.ts';
import { SubsonicCode, SubsonicError, missingParameter } from './subsonicError.ts';

/** How long a "now playing" entry lasts when its song's duration is unknown (s). */
export const NOW_PLAYING_FALLBACK_SECONDS = 600;
/** Grace after a song's duration before its "now playing" entry goes (s). */
const NOW_PLAYING_GRACE_SECONDS = 60;
/** Most songs one scrobble call may submit. */
export const MAX_SCROBBLE_SONGS = 500;

interface NowPlayingEntry {
  readonly trackId: number;
  readonly userName: string;
  readonly playerName: string;
  readonly playerId: number;
  readonly since: number;
  readonly until: number;
}

interface NowPlayingBoard {
  /** By user id: what that user plays now. */
  readonly entries: Map<number, NowPlayingEntry>;
  /** `user id + client name` → a small stable player id. */
  readonly players: Map<string, number>;
}

/** Per database connection (two databases in one process never share a board). */
const boards = new WeakMap<object, NowPlayingBoard>();

function boardOf(em: EntityManager): NowPlayingBoard {
  const connection = em.getConnection();
  let board = boards.get(connection);
  if (board === undefined) {
    board = { entries: new Map(), players: new Map() };
    boards.set(connection, board);
  }
  return board;
}

/** The songs of a request (`id`, repeatable), in order: each a positive whole number of an existing track, else error 70. */
async function songsOf(em: EntityManager, raw: readonly string[]): Promise<TrackRecord[]> {
  if (raw.length === 0) throw missingParameter('id');
  if (raw.length > MAX_SCROBBLE_SONGS) throw new SubsonicError(SubsonicCode.GENERIC, `id: at most ${MAX_SCROBBLE_SONGS} songs per call, received ${raw.length}`);
  return existingSongs(em, raw.map(songIdOf));
}

export const scrobble: SubsonicHandler = async (context) => {
  const { params, em } = context;
  const user = context.user!;
  const songs = await songsOf(em, params.all('id'));
  const ids = songs.map((song) => song.id);
  const times = params.all('time');
  if (times.length > 0 && times.length !== ids.length) {
    throw new SubsonicError(SubsonicCode.GENERIC, `time: expected one per id (${ids.length}), received ${times.length}`);
  }
  const playedAt = ids.map((_, i) => {
    if (times.length === 0) return new Date();
    const raw = times[i]!;
    const ms = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(ms) || ms > Date.now() + 86_400_000) {
      throw new SubsonicError(SubsonicCode.GENERIC, `time: expected milliseconds since 1970 no later than tomorrow, received ${JSON.stringify(raw)}`);
    }
    return new Date(ms);
  });
  const submission = params.get('submission') ?? 'true';
  if (submission !== 'true' && submission !== 'false') {
    throw new SubsonicError(SubsonicCode.GENERIC, `submission: expected true or false, received ${JSON.stringify(submission)}`);
  }
  if (submission === 'true') {
    await new TrackPlayRepository(em).record(
      user.id,
      ids.map((trackId, i) => ({ trackId, playedAt: playedAt[i]! })),
    );
    return {};
  }
  // Now playing: the last song given.
  const track = songs.at(-1)!;
  const board = boardOf(em);
  const playerName = params.get('c') ?? '';
  const playerKey = `${user.id}\u0000${playerName}`;
  if (!board.players.has(playerKey)) board.players.set(playerKey, board.players.size + 1);
  const since = Date.now();
  const seconds = (track.durationSeconds ?? NOW_PLAYING_FALLBACK_SECONDS) + NOW_PLAYING_GRACE_SECONDS;
  board.entries.set(user.id, { trackId: track.id, userName: user.name, playerName, playerId: board.players.get(playerKey)!, since, until: since + seconds * 1000 });
  return {};
};

export const getNowPlaying: SubsonicHandler = async (context) => {
  const board = boardOf(context.em);
  const now = Date.now();
  for (const [userId, entry] of board.entries) if (entry.until <= now) board.entries.delete(userId);
  const entries = [...board.entries.values()].sort((a, b) => b.since - a.since);
  const tracks = await new TrackRepository(context.em).loadByIds(entries.map((e) => e.trackId));
  const playing = entries.filter((_, i) => tracks[i] !== null);
  const children = await childEntries(context, tracks.filter((t) => t !== null));
  return {
    nowPlaying: {
      entry: children.map((child, i) => ({
        ...child,
        username: playing[i]!.userName,
        minutesAgo: Math.floor((now - playing[i]!.since) / 60_000),
        playerId: playing[i]!.playerId,
        ...(playing[i]!.playerName === '' ? {} : { playerName: playing[i]!.playerName }),
      })),
    },
  };
};
