import type { EntityManager } from '@mikro-orm/sql';
import { dbOf, runQuery, selectRows, timestampValue } from './sql.ts';

/** Every statement on `ratings` (server/db/Rating.ts), through Kysely with bound parameters. */
export class RatingRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Sets the user's rating of an item (1…5, checked by the caller), or removes it (0). */
  async set(userId: number, itemId: string, rating: number, at: Date): Promise<void> {
    if (rating === 0) {
      await runQuery(this.#em, dbOf(this.#em).deleteFrom('ratings').where('user_id', '=', userId).where('item_id', '=', itemId));
      return;
    }
    const ratedAt = timestampValue(this.#em, at);
    await runQuery(
      this.#em,
      dbOf(this.#em)
        .insertInto('ratings')
        .values({ user_id: userId, item_id: itemId, rating, rated_at: ratedAt })
        .onConflict((conflict) => conflict.columns(['user_id', 'item_id']).doUpdateSet({ rating, rated_at: ratedAt })),
    );
  }

  /** Every rating of the user: item id → 1…5. */
  async all(userId: number): Promise<Map<string, number>> {
    const rows = await selectRows(this.#em, dbOf(this.#em).selectFrom('ratings').select(['item_id', 'rating']).where('user_id', '=', userId));
    return new Map(rows.map((row) => [row.item_id, Number(row.rating)]));
  }
}
