/**
 * ReplayGain 2.0 values of stored fingerprints (docs/fingerprint.md, "ReplayGain 2.0"), with the arithmetic
 * of server/fingerprint/replayGain.ts: track gain from the stored integrated loudness against −18 LUFS, track
 * peak from the stored true peak, album gain and peak from the album's tracks' stored gating-block histograms
 * merged by adding counts (libebur128's histogram mode), so the album loudness is the gated loudness of all the
 * album's blocks, not a mean of track values. An album = the tracks with the same album and album artist.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { type FingerprintRecord, FingerprintRepository } from '../db/FingerprintRepository.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { REPLAY_GAIN_REFERENCE_LUFS, albumReplayGain, linearPeak } from '../fingerprint/replayGain.ts';

export interface TrackReplayGain {
  /** Gain that brings the track to −18 LUFS, dB. */
  readonly trackGainDb: number;
  /** True peak as a linear amplitude (1 = full scale); null while the true peak is not stored (a v1 row). */
  readonly trackPeak: number | null;
}

export interface AlbumReplayGain {
  /** Gain that brings the album (all its tracks' gated blocks together) to −18 LUFS, dB. */
  readonly albumGainDb: number;
  /** Largest true peak of the album's tracks, linear amplitude. */
  readonly albumPeak: number;
  /** Tracks the album values cover. */
  readonly trackCount: number;
}

/** ReplayGain track values of a stored fingerprint. */
export function trackReplayGain(fingerprint: Pick<FingerprintRecord, 'lufs' | 'truePeakDbtp'>): TrackReplayGain {
  return {
    trackGainDb: REPLAY_GAIN_REFERENCE_LUFS - fingerprint.lufs,
    trackPeak: fingerprint.truePeakDbtp === null ? null : linearPeak(fingerprint.truePeakDbtp),
  };
}
/** Album values for tracks of the library (one request's EntityManager). */
export class ReplayGainService {
  readonly #tracks: TrackRepository;
  readonly #fingerprints: FingerprintRepository;

  constructor(em: EntityManager) {
    this.#tracks = new TrackRepository(em);
    this.#fingerprints = new FingerprintRepository(em);
  }

  /**
   * Album ReplayGain of each given track, in key order (a DataLoader batch: three queries for any number of
   * tracks). Null when the track has no album tag, or when a track of its album has no fingerprint, no stored
   * histogram or no true peak (a v1 fingerprint): album values are never computed from part of an album.
   */
  async albumGains(trackIds: readonly number[]): Promise<(AlbumReplayGain | null)[]> {
    const mates = await this.#tracks.albumMates(trackIds);
    const albumTracks = [...new Set([...mates.values()].flat())];
    const [histograms, fingerprints] = await Promise.all([
      this.#fingerprints.loudnessHistograms(albumTracks),
      this.#fingerprints.loadByTrackIds(albumTracks),
    ]);
    const peakOf = new Map(fingerprints.flatMap((fp) => (fp?.truePeakDbtp == null ? [] : [[fp.trackId, fp.truePeakDbtp] as const])));
    const byAlbum = new Map<string, AlbumReplayGain | null>();
    return trackIds.map((trackId) => {
      const album = mates.get(trackId);
      if (album === undefined) return null;
      const key = album.join(',');
      if (!byAlbum.has(key)) byAlbum.set(key, albumValues(album, histograms, peakOf));
      return byAlbum.get(key)!;
    });
  }
}

function albumValues(
  album: readonly number[],
  histograms: ReadonlyMap<number, Float64Array>,
  peakOf: ReadonlyMap<number, number>,
): AlbumReplayGain | null {
  if (album.some((id) => !histograms.has(id) || !peakOf.has(id))) return null;
  const { gainDb, peak } = albumReplayGain(album.map((id) => ({ histogram: histograms.get(id)!, truePeakDbtp: peakOf.get(id)! })));
  return { albumGainDb: gainDb, albumPeak: peak, trackCount: album.length };
}
