import type { EntityManager } from '@mikro-orm/sqlite';
import DataLoader from 'dataloader';
import { type FingerprintRecord, LibraryReads, type TrackRecord } from '../library/libraryReads.ts';

/** The request's DataLoaders: one batch query per edge type and tick, results in key order. */
export interface Loaders {
  /** Track by id (null when there is none). */
  readonly track: DataLoader<number, TrackRecord | null>;
  /** Fingerprint by its track's id (null when the track has none). */
  readonly fingerprintByTrackId: DataLoader<number, FingerprintRecord | null>;
}

/** Creates fresh loaders bound to one request's EntityManager fork (never share them between requests). */
export function createLoaders(em: EntityManager): Loaders {
  const reads = new LibraryReads(em);
  return {
    track: new DataLoader((ids) => reads.tracksByIds(ids)),
    fingerprintByTrackId: new DataLoader((trackIds) => reads.fingerprintsByTrackIds(trackIds)),
  };
}
