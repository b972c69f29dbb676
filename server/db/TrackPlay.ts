import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Track } from './Track.ts';
import { User } from './User.ts';

/**
 * How often and when a user played a track (table `track_plays`, primary key (user_id, track_id)): what OpenSubsonic
 * `scrobble` submissions record, and what the `frequent` / `recent` album lists and a song's `playCount` / `played`
 * read. Both foreign keys ON DELETE CASCADE (`track_id` indexed for that). All SQL goes through TrackPlayRepository.
 */
export const TrackPlay = defineEntity({
  name: 'TrackPlay',
  tableName: 'track_plays',
  properties: {
    user: () => p.manyToOne(User).primary().deleteRule('cascade').index('track_plays_user_id_index'),
    track: () => p.manyToOne(Track).primary().deleteRule('cascade').index('track_plays_track_id_index'),
    /** Completed plays (scrobble submissions). */
    playCount: p.integer(),
    /** The latest play's time (the client's `time`, else when the server received it). */
    lastPlayed: p.datetime(),
  },
});

export type TrackPlay = InferEntity<typeof TrackPlay>;
