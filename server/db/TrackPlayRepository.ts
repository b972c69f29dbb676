import type { EntityManager } from '@mikro-orm/sql';
import { MAX_PARAMETERS, chunks, dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** A user's plays of one track. */
export interface TrackPlayRecord {
  readonly trackId: number;
  readonly playCount: number;
  readonly lastPlayed: Date;
}

interface Row {
  trackId: number;
  playCount: number;
  lastPlayed: number | Date;
}

function toRecord(row: Row): TrackPlayRecord {
  return { trackId: Number(row.trackId), playCount: Number(row.playCount), lastPlayed: dateOf(row.lastPlayed) };
}

/** Every statement on `track_plays` (server/db/TrackPlay.ts), through Kysely with bound parameters. */
export class TrackPlayRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /**
   * Records one completed play of each entry, in one transaction: the count goes up by one and the last play
   * becomes the later of the stored one and `playedAt` (a client may submit plays out of order, e.g. offline ones).
   * The tracks and the user must exist (foreign keys; callers check tracks first for a named error).
   */
  async record(userId: number, plays: readonly { readonly trackId: number; readonly playedAt: Date }[]): Promise<void> {
    await this.#em.transactional(async (em) => {
      for (const { trackId, playedAt } of plays) {
        const at = timestampValue(em, playedAt);
        await runQuery(
          em,
          dbOf(em)
            .insertInto('track_plays')
            .values({ user_id: userId, track_id: trackId, play_count: 1, last_played: at })
            .onConflict((conflict) =>
              conflict.columns(['user_id', 'track_id']).doUpdateSet((eb) => ({
                play_count: eb('track_plays.play_count', '+', 1),
                last_played: eb
                  .case()
                  .when('excluded.last_played', '>', eb.ref('track_plays.last_played'))
                  .then(eb.ref('excluded.last_played'))
                  .else(eb.ref('track_plays.last_played'))
                  .end(),
              })),
            ),
        );
      }
    });
  }

  /** This user's plays of these tracks (absent: never played), one query per chunk of ids. */
  async ofTracks(userId: number, trackIds: readonly number[]): Promise<Map<number, TrackPlayRecord>> {
    const plays = new Map<number, TrackPlayRecord>();
    for (const chunk of chunks([...new Set(trackIds)], MAX_PARAMETERS - 1)) {
      const rows = await selectRows(this.#em, this.#playsOf(userId).where('track_id', 'in', chunk));
      for (const row of rows) plays.set(Number(row.trackId), toRecord(row as Row));
    }
    return plays;
  }

  /** Every track this user played, most recently played first (ties by track id). */
  async all(userId: number): Promise<TrackPlayRecord[]> {
    const rows = await selectRows(this.#em, this.#playsOf(userId).orderBy('last_played', 'desc').orderBy('track_id'));
    return rows.map((row) => toRecord(row as Row));
  }

  /** `select track_id, play_count, last_played from track_plays where user_id = ?`. */
  #playsOf(userId: number) {
    return dbOf(this.#em)
      .selectFrom('track_plays')
      .select(['track_id as trackId', 'play_count as playCount', 'last_played as lastPlayed'])
      .where('user_id', '=', userId);
  }
}
