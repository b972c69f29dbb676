/**
 * What a track row records about its file besides the path, with the Track entity's property names
 * (server/db/Track.ts): the tags of its metadata and the format facts of its headers; null = unknown.
 * The repository's fields, the library's file facts and tag patches, and the GraphQL read records are
 * all made of these.
 */

/** Tags from the file's metadata. */
export interface TrackTags {
  readonly title: string | null;
  readonly artist: string | null;
  readonly album: string | null;
  readonly albumArtist: string | null;
  readonly trackNumber: number | null;
  readonly discNumber: number | null;
  readonly year: number | null;
  readonly genre: string | null;
}

/** Format facts from the file's headers. */
export interface TrackFormat {
  /** Seconds. */
  readonly durationSeconds: number | null;
  /** Native sample rate of the file in Hz (the analysis always runs at 44.1 kHz). */
  readonly sampleRate: number | null;
  readonly channels: number | null;
  /** Codec as music-metadata names it, lower-cased (e.g. `mpeg 1 layer 3`, `flac`, `pcm`). */
  readonly codec: string | null;
  /** Average bit rate in bits per second (rounded to an integer when stored). */
  readonly bitrate: number | null;
}

/** The file's size and modification time. */
export interface TrackFileStat {
  /** Bytes. */
  readonly fileSize: number | null;
  /** Milliseconds since the Unix epoch (`fs.stat().mtimeMs`). */
  readonly fileMtime: number | null;
}

/** Everything a track row records about its file besides the path. */
export interface TrackFacts extends TrackTags, TrackFormat, TrackFileStat {}
