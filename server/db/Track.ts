import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Float64Type, Int64Type } from './portableTypes.ts';
import { FINGERPRINT_STATUSES, FingerprintStatus } from './fingerprintStatus.ts';

/**
 * One audio file of the library (table `tracks`, the original design's v3 Track table).
 *
 * Tags come from the file's metadata and may be null. Format facts come from probing the file.
 * `fingerprintStatus` follows the track's fingerprint (see FingerprintStatus); `lastError` holds the
 * message of the last failed analysis. Columns are snake_case (MikroORM's underscore naming strategy).
 */
export const Track = defineEntity({
  name: 'Track',
  tableName: 'tracks',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Absolute path of the file; unique. */
    path: p.text().unique('tracks_path_unique'),
    title: p.text().nullable(),
    artist: p.text().nullable(),
    /** Indexed: a track's album mates (ReplayGain album values, OpenSubsonic albums) are found by album. */
    album: p.text().nullable().index('tracks_album_index'),
    albumArtist: p.text().nullable(),
    trackNumber: p.integer().nullable(),
    discNumber: p.integer().nullable(),
    year: p.integer().nullable(),
    genre: p.text().nullable(),
    /** Duration in seconds. */
    durationSeconds: p.type(new Float64Type('double')).nullable(),
    /** Native sample rate of the file in Hz (the analysis always runs at 44.1 kHz). */
    sampleRate: p.integer().nullable(),
    /** Channel count of the file. */
    channels: p.integer().nullable(),
    /** Codec name as reported by the probe (e.g. `mp3`, `flac`, `opus`). */
    codec: p.text().nullable(),
    /** Average bit rate in bits per second. */
    bitrate: p.integer().nullable(),
    /** File size in bytes (`integer` on SQLite, `bigint` on PostgreSQL, whose `int` stops at 2 GiB). */
    fileSize: p.type(Int64Type).nullable(),
    /** File modification time in milliseconds since the Unix epoch (what `fs.stat().mtimeMs` gives). */
    fileMtime: p.type(new Float64Type('double')).nullable(),
    fingerprintStatus: p.enum(FINGERPRINT_STATUSES).default(FingerprintStatus.MISSING),
    /** Message of the last failed analysis (null unless status is FAILED). */
    lastError: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type Track = InferEntity<typeof Track>;
