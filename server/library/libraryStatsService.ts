import type { EntityManager } from '@mikro-orm/sql';
import { type FingerprintStats, FingerprintRepository } from '../db/FingerprintRepository.ts';
import { FINGERPRINT_STATUSES, type FingerprintStatus } from '../db/fingerprintStatus.ts';
import { TrackRepository } from '../db/TrackRepository.ts';

/** Library overview: tracks by fingerprint status, missing and stale counts, per-dimension statistics. */
export interface LibraryStats {
  readonly trackCount: number;
  readonly byStatus: readonly { readonly status: FingerprintStatus; readonly count: number }[];
  /** Tracks without a fingerprint row. */
  readonly missingCount: number;
  /** Tracks whose fingerprint is stale: the file changed since, or an older FINGERPRINT_VERSION. */
  readonly staleCount: number;
  readonly fingerprints: FingerprintStats;
}

export class LibraryStatsService {
  readonly #tracks: TrackRepository;
  readonly #fingerprints: FingerprintRepository;

  constructor(em: EntityManager) {
    this.#tracks = new TrackRepository(em);
    this.#fingerprints = new FingerprintRepository(em);
  }

  async get(): Promise<LibraryStats> {
    const counts = await this.#tracks.countByStatus();
    const byStatus = FINGERPRINT_STATUSES.map((status) => ({ status, count: counts[status] }));
    return {
      trackCount: byStatus.reduce((sum, s) => sum + s.count, 0),
      byStatus,
      missingCount: await this.#tracks.countSelection('MISSING'),
      staleCount: await this.#tracks.countSelection('STALE'),
      fingerprints: await this.#fingerprints.getStats(),
    };
  }
}
