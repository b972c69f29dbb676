import { stat } from 'node:fs/promises';
import { parseFile } from 'music-metadata';
import type { TrackFormat, TrackTags } from '../db/trackFacts.ts';
import { AuralisError } from '../errors.ts';

/** What `addTrack` stores about a file before any analysis: its tags and format facts. */
export interface TrackFileFacts extends TrackTags, TrackFormat {
  /** Bytes. */
  readonly fileSize: number;
  /** Modification time in ms since the Unix epoch. */
  readonly fileMtime: number;
}

/**
 * Reads tags and format facts with music-metadata (headers only, no decoding; covers skipped).
 * A file music-metadata cannot parse, or whose headers describe no audio stream, gives UNREADABLE_FILE.
 */
export async function readTrackFile(path: string, field: readonly string[] = ['path']): Promise<TrackFileFacts> {
  const info = await stat(path);
  let metadata;
  try {
    metadata = await parseFile(path, { skipCovers: true, duration: true });
  } catch (error) {
    throw new AuralisError(
      'UNREADABLE_FILE',
      `\`${path}\`: expected an audio file with readable headers, could not read it (${(error as Error).message})`,
      { field, cause: error },
    );
  }
  const { common, format } = metadata;
  if (format.sampleRate === undefined && format.duration === undefined && format.codec === undefined) {
    throw new AuralisError(
      'UNREADABLE_FILE',
      `\`${path}\`: expected an audio file, found no audio stream (no codec, sample rate or duration in its headers)`,
      { field },
    );
  }
  return {
    title: common.title ?? null,
    artist: common.artist ?? null,
    album: common.album ?? null,
    albumArtist: common.albumartist ?? null,
    trackNumber: common.track.no ?? null,
    discNumber: common.disk.no ?? null,
    year: common.year ?? null,
    genre: common.genre?.[0] ?? null,
    durationSeconds: finiteOrNull(format.duration),
    sampleRate: finiteOrNull(format.sampleRate),
    channels: finiteOrNull(format.numberOfChannels),
    codec: format.codec?.toLowerCase() ?? format.container?.toLowerCase() ?? null,
    bitrate: format.bitrate === undefined ? null : Math.round(format.bitrate),
    fileSize: info.size,
    fileMtime: info.mtimeMs,
  };
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
