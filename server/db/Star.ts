import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './User.ts';

/**
 * What a user starred (table `stars`, primary key (user_id, item_id)): OpenSubsonic `star` / `unstar` of songs
 * (`item_id` the track id in decimal), albums (`al-…`) and artists (`ar-…`). Album and artist ids are derived from
 * tags (server/library/catalogService.ts), so an item id is kept without a foreign key: a star whose item is gone
 * (a deleted track, retagged files) is left out when read and counts again if the item returns. The user's rows go
 * with the user (ON DELETE CASCADE). All SQL goes through StarRepository.
 */
export const Star = defineEntity({
  name: 'Star',
  tableName: 'stars',
  properties: {
    user: () => p.manyToOne(User).primary().deleteRule('cascade').index('stars_user_id_index'),
    /** The Subsonic id of the starred song, album or artist. */
    itemId: p.text().primary(),
    starredAt: p.datetime(),
  },
});

export type Star = InferEntity<typeof Star>;
