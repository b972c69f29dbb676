import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { type FingerprintRecord, FingerprintRepository } from '../db/FingerprintRepository.ts';
import { type TrackRecord, TrackRepository } from '../db/TrackRepository.ts';
import type { ExtractionFailure } from '../extraction/extractor.ts';
import type { JobManager } from '../extraction/jobManager.ts';
import { type AlbumReplayGain, ReplayGainService } from '../library/replayGainService.ts';

/** The request's DataLoaders: one batch query per edge type and tick, results in key order. */
export interface Loaders {
  /** Track by id (null when there is none). */
  readonly track: DataLoader<number, TrackRecord | null>;
  /** Fingerprint by its track's id (null when the track has none). */
  readonly fingerprintByTrackId: DataLoader<number, FingerprintRecord | null>;
  /** Album ReplayGain by track id (null without an album or without v2 facts for all its tracks). */
  readonly albumReplayGain: DataLoader<number, AlbumReplayGain | null>;
  /**
   * A job's failed files by job id. Batches without caching: a subscription keeps its context for the whole
   * stream, and each event must read the failures anew.
   */
  readonly jobFailures: DataLoader<string, ExtractionFailure[]>;
  /** Forgets what the loaders hold about a track (after a mutation wrote it). */
  forget(trackId: number): void;
}

/**
 * Creates fresh loaders bound to one request's EntityManager fork (never share them between requests). The
 * batch functions are the repositories' own (TrackRepository.loadByIds, FingerprintRepository.loadByTrackIds).
 */
export function createLoaders(em: EntityManager, jobs: Pick<JobManager, 'failuresOf'>): Loaders {
  const tracks = new TrackRepository(em);
  const fingerprints = new FingerprintRepository(em);
  const track = new DataLoader<number, TrackRecord | null>((ids) => tracks.loadByIds(ids));
  const fingerprintByTrackId = new DataLoader<number, FingerprintRecord | null>((ids) => fingerprints.loadByTrackIds(ids));
  const replayGain = new ReplayGainService(em);
  const albumReplayGain = new DataLoader<number, AlbumReplayGain | null>((ids) => replayGain.albumGains(ids));
  return {
    track,
    fingerprintByTrackId,
    albumReplayGain,
    jobFailures: new DataLoader<string, ExtractionFailure[]>((ids) => jobs.failuresOf(ids), { cache: false }),
    forget(trackId) {
      track.clear(trackId);
      fingerprintByTrackId.clear(trackId);
      // Album values depend on the album's other tracks too.
      albumReplayGain.clearAll();
    },
  };
}
