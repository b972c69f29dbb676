import type { TrackRecord } from '../db/TrackRepository.ts';
import { type LibraryRootSource, resolveLibraryPath } from '../library/pathGuard.ts';

/** What the media functions need of a library track (a `TrackRecord` from the database has it all). */
export type MediaTrack = Pick<TrackRecord, 'id' | 'path' | 'durationSeconds' | 'channels' | 'bitrate'>;

/**
 * The real path of a track's file, checked now (not when it was scanned): it must resolve (realpath, all
 * symlinks followed) inside the library roots and be a regular file.
 * @throws PATH_OUTSIDE_LIBRARY (e.g. the file was replaced by a symlink to outside), FILE_NOT_FOUND, NOT_A_FILE
 */
export function resolveTrackFile(track: MediaTrack, roots: LibraryRootSource): Promise<string> {
  return resolveLibraryPath(track.path, roots, ['trackId']);
}
