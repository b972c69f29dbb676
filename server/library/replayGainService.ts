/**
 * ReplayGain 2.0 values of stored fingerprints (docs/fingerprint.md, "ReplayGain 2.0"): track gain from the
 * stored integrated loudness against the −18 LUFS reference, track peak from the stored true peak, and album
 * gain and peak from the album's tracks' stored gating-block histograms, merged by adding counts the way
 * libebur128 merges its histogram-mode states, so the album loudness is the gated loudness of all the album's
 * blocks, not a mean of track values.
 *
 * NOTE for the merge: the levels engineer's server/fingerprint/replayGain.ts owns the histogram arithmetic;
 * `gatedLoudnessOfHistogram` below is the same BS.1770 gating and should call it once both are merged.
 */
import type { EntityManager } from '@mikro-orm/sqlite';
import { type FingerprintRecord, FingerprintRepository } from '../db/FingerprintRepository.ts';
import { TrackRepository } from '../db/TrackRepository.ts';

/** ReplayGain 2.0 reference loudness, LUFS. */
export const REPLAY_GAIN_REFERENCE_LUFS = -18;
/** Lowest loudness bin edge of the stored histogram (the absolute gate), LUFS; bins are 0.1 LU wide. */
export const HISTOGRAM_FLOOR_LUFS = -70;
export const HISTOGRAM_BIN_LU = 0.1;

export interface TrackReplayGain {
  /** Gain that brings the track to −18 LUFS, dB. */
  readonly trackGainDb: number;
  /** True peak as a linear amplitude (1 = full scale); null while the true peak is not stored. */
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
    trackPeak: fingerprint.truePeakDbtp === null ? null : 10 ** (fingerprint.truePeakDbtp / 20),
  };
}

/**
 * Integrated loudness (BS.1770-4) of the blocks counted in a histogram, LUFS: each bin stands for its centre
 * loudness (libebur128's histogram mode); relative gate −10 LU below the loudness of the blocks above the absolute
 * gate; a bin is kept when its centre energy reaches the relative threshold. −70 LUFS when no block counts.
 */
export function gatedLoudnessOfHistogram(counts: ArrayLike<number>): number {
  const energyOf = (bin: number) => 10 ** ((HISTOGRAM_FLOOR_LUFS + (bin + 0.5) * HISTOGRAM_BIN_LU + 0.691) / 10);
  let blocks = 0;
  let energy = 0;
  for (let bin = 0; bin < counts.length; bin++) {
    blocks += counts[bin]!;
    energy += counts[bin]! * energyOf(bin);
  }
  if (blocks === 0) return HISTOGRAM_FLOOR_LUFS;
  const relativeThreshold = (energy / blocks) * 10 ** (-10 / 10);
  let gatedBlocks = 0;
  let gatedEnergy = 0;
  for (let bin = 0; bin < counts.length; bin++) {
    if (energyOf(bin) < relativeThreshold) continue;
    gatedBlocks += counts[bin]!;
    gatedEnergy += counts[bin]! * energyOf(bin);
  }
  return gatedBlocks === 0 ? HISTOGRAM_FLOOR_LUFS : -0.691 + 10 * Math.log10(gatedEnergy / gatedBlocks);
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
  const merged = new Float64Array(Math.max(...album.map((id) => histograms.get(id)!.length)));
  for (const id of album) histograms.get(id)!.forEach((count, bin) => (merged[bin]! += count));
  const peakDbtp = Math.max(...album.map((id) => peakOf.get(id)!));
  return {
    albumGainDb: REPLAY_GAIN_REFERENCE_LUFS - gatedLoudnessOfHistogram(merged),
    albumPeak: 10 ** (peakDbtp / 20),
    trackCount: album.length,
  };
}
