import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './User.ts';

/**
 * A user's rating, 1…5, of a song, album or artist (table `ratings`, primary key (user_id, item_id)): OpenSubsonic
 * `setRating` (0 removes it). `item_id` is a Subsonic id as in `stars` (server/db/Star.ts): a track id in decimal,
 * `al-…` or `ar-…`, kept without a foreign key since album and artist ids are derived from tags. The user's rows go with
 * the user (ON DELETE CASCADE). All SQL goes through RatingRepository.
 */
export const Rating = defineEntity({
  name: 'Rating',
  tableName: 'ratings',
  properties: {
    user: () => p.manyToOne(User).primary().deleteRule('cascade').index('ratings_user_id_index'),
    itemId: p.text().primary(),
    /** 1…5. */
    rating: p.integer(),
    ratedAt: p.datetime(),
  },
});

export type Rating = InferEntity<typeof Rating>;
