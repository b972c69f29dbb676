/**
 * The library database as Kysely sees it: one interface per table, with the snake_case column names of the
 * migrations (migrations/) and the entities (Track.ts, TrackFingerprint.ts, FingerprintNormaliser.ts).
 * Repositories build every query against these types, so a column name that does not exist fails
 * `npm run typecheck`, and test/db/schema.test.ts keeps the entities, migrations and these names in step.
 */
import type { ColumnType, Generated } from 'kysely';
import type { DimensionColumn } from '../fingerprint/dimensions.ts';
import type { FactColumn } from '../fingerprint/facts.ts';
import type { FingerprintStatus } from './fingerprintStatus.ts';

/**
 * A `datetime` column: SQLite stores ms since the Unix epoch (MikroORM's SQLite datetime), PostgreSQL a
 * timestamptz (a Date). Written through `timestampValue` (sql.ts), read through `dateOf`.
 */
export type Timestamp = ColumnType<number | Date, number | Date, number | Date>;

export interface TracksTable {
  id: Generated<number>;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  album_artist: string | null;
  track_number: number | null;
  disc_number: number | null;
  year: number | null;
  genre: string | null;
  /** Seconds. */
  duration_seconds: number | null;
  /** Hz. */
  sample_rate: number | null;
  channels: number | null;
  codec: string | null;
  /** Bits per second. */
  bitrate: number | null;
  /** Bytes. */
  file_size: number | null;
  /** ms since the Unix epoch. */
  file_mtime: number | null;
  fingerprint_status: ColumnType<FingerprintStatus, FingerprintStatus | undefined, FingerprintStatus>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type FingerprintsTable = {
  id: Generated<number>;
  track_id: number;
  fingerprint_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Sparse gating-block loudness histogram (server/fingerprint/loudnessHistogram.ts); null before v2. */
  loudness_histogram: Uint8Array | null;
  /** 26 little-endian float64: MFCC means and standard deviations (server/fingerprint/timbre.ts); null before. */
  timbre: Uint8Array | null;
} & { [C in DimensionColumn]: number } & { [C in FactColumn]: number | null };

export interface NormalisersTable {
  /** camelCase catalogue key. */
  dimension: string;
  lo: number;
  hi: number;
  mean: number;
  std: number;
  /** JSON array of the percentiles 0…100 (rank normalisation); null in rows stored before fingerprint v2. */
  quantiles: string | null;
  fingerprint_count: number;
  fingerprint_version: number;
  computed_at: Timestamp;
}

export interface LibraryRootsTable {
  id: Generated<number>;
  /** Absolute real path of the folder. */
  path: string;
  created_at: Timestamp;
}

/** `upsert` / `delete` of a track's fingerprint (a track delete cascades), `normalisers`: the stored set was replaced. */
export type LibraryChangeKind = 'upsert' | 'delete' | 'normalisers';

export interface LibraryChangesTable {
  seq: Generated<number>;
  /** Null for a `normalisers` change. */
  track_id: number | null;
  kind: LibraryChangeKind;
  changed_at: Timestamp;
}

/** How the stored kNN graph was built (one row, id 1; server/db/SimilarityEdge.ts). */
export interface SimilarityGraphsTable {
  id: number;
  k: number;
  normaliser_identity: string;
  weights_identity: string;
  change_seq: number;
  built_at: Timestamp;
  updated_at: Timestamp;
}

/** The `rank`-th nearest neighbour of a track (1-based), exact f64 distance. */
export interface SimilarityEdgesTable {
  track_id: number;
  rank: number;
  neighbour_id: number;
  distance: number;
}

/** The stored library map (one row, id 1; server/db/LibraryMap.ts). */
export interface LibraryMapsTable {
  id: number;
  normaliser_identity: string;
  change_seq: number;
  seed: number;
  neighbours: number;
  epochs: number;
  point_count: number;
  /** Little-endian int32 track ids, then float32 x, then float32 y (`point_count` each). */
  points: Uint8Array;
  /** ms. */
  milliseconds: number;
  computed_at: Timestamp;
}

/** A Subsonic user (server/db/User.ts). */
export interface UsersTable {
  id: Generated<number>;
  name: string;
  /** AES-256-GCM envelope of the password (server/users/passwordCipher.ts); null = API key only. */
  password_cipher: string | null;
  /** Hex SHA-256 of the API key; null = none. */
  api_key_sha256: string | null;
  api_key_created_at: Timestamp | null;
  created_at: Timestamp;
}

/** A user's plays of a track (server/db/TrackPlay.ts). */
export interface TrackPlaysTable {
  user_id: number;
  track_id: number;
  play_count: number;
  last_played: Timestamp;
}

/** A user's star on a song, album or artist (server/db/Star.ts). */
export interface StarsTable {
  user_id: number;
  item_id: string;
  starred_at: Timestamp;
}

/** A user's 1…5 rating of a song, album or artist (server/db/Rating.ts). */
export interface RatingsTable {
  user_id: number;
  item_id: string;
  rating: number;
  rated_at: Timestamp;
}

export interface Database {
  tracks: TracksTable;
  track_fingerprints: FingerprintsTable;
  fingerprint_normalisers: NormalisersTable;
  library_roots: LibraryRootsTable;
  library_changes: LibraryChangesTable;
  similarity_graphs: SimilarityGraphsTable;
  similarity_edges: SimilarityEdgesTable;
  library_maps: LibraryMapsTable;
  users: UsersTable;
  track_plays: TrackPlaysTable;
  stars: StarsTable;
  ratings: RatingsTable;
}
