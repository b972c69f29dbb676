import type { EntityManager } from '@mikro-orm/sqlite';
import DataLoader from 'dataloader';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { Track } from '../db/Track.ts';
import type { TrackFingerprint } from '../db/TrackFingerprint.ts';

/** The request's DataLoaders: one batch query per edge type and tick, results in key order. */
export interface Loaders {
  /** Track by id (null when there is none). */
  readonly track: DataLoader<number, Track | null>;
  /** Fingerprint by its track's id (null when the track has none). */
  readonly fingerprintByTrackId: DataLoader<number, TrackFingerprint | null>;
}

/** Creates fresh loaders bound to one request's EntityManager fork (never share them between requests). */
export function createLoaders(em: EntityManager): Loaders {
  const fingerprints = new FingerprintRepository(em);
  return {
    track: new DataLoader(async (ids) => {
      const rows = await em.find(Track, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    fingerprintByTrackId: new DataLoader((trackIds) => fingerprints.loadByTrackIds(trackIds)),
  };
}
