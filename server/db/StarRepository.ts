import type { EntityManager } from '@mikro-orm/sql';
import { MAX_PARAMETERS, chunks, dateOf, dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** A user's star: the Subsonic id of a song (the track id in decimal), album (`al-…`) or artist (`ar-…`). */
export interface StarRecord {
  readonly itemId: string;
  readonly starredAt: Date;
}

/** Every statement on `stars` (server/db/Star.ts), through Kysely with bound parameters. */
export class StarRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Stars these items for the user at `at`, in one transaction; an item already starred keeps its first time. */
  async star(userId: number, itemIds: readonly string[], at: Date): Promise<void> {
    if (itemIds.length === 0) return;
    await this.#em.transactional(async (em) => {
      const starredAt = timestampValue(em, at);
      for (const chunk of chunks([...new Set(itemIds)], Math.floor(MAX_PARAMETERS / 3))) {
        await runQuery(
          em,
          dbOf(em)
            .insertInto('stars')
            .values(chunk.map((itemId) => ({ user_id: userId, item_id: itemId, starred_at: starredAt })))
            .onConflict((conflict) => conflict.columns(['user_id', 'item_id']).doNothing()),
        );
      }
    });
  }

  /** Removes the user's stars of these items (absent ones are no error). */
  async unstar(userId: number, itemIds: readonly string[]): Promise<void> {
    for (const chunk of chunks([...new Set(itemIds)], MAX_PARAMETERS - 1)) {
      await runQuery(this.#em, dbOf(this.#em).deleteFrom('stars').where('user_id', '=', userId).where('item_id', 'in', chunk));
    }
  }

  /** Every star of the user, latest first (ties by item id). */
  async all(userId: number): Promise<StarRecord[]> {
    const rows = await selectRows(
      this.#em,
      dbOf(this.#em)
        .selectFrom('stars')
        .select(['item_id as itemId', 'starred_at as starredAt'])
        .where('user_id', '=', userId)
        .orderBy('starred_at', 'desc')
        .orderBy('item_id'),
    );
    return rows.map((row) => ({ itemId: row.itemId, starredAt: dateOf(row.starredAt) }));
  }
}
