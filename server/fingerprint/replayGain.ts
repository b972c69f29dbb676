/**
 * ReplayGain 2.0 from what the DSP core stores per track: track gain and peak from the track's integrated
 * loudness (lufs) and true peak (fact SLOT_TRUE_PEAK_DBTP), album gain and peak from the tracks'
 * gating-block loudness histograms (dsp-wasm/levels/loudness.ts, `loudnessHistogramPointer()`), merged by
 * adding counts the way libebur128's `ebur128_loudness_global_multiple` does in histogram mode.
 *
 * ReplayGain 2.0: gain = −18 LUFS − integrated loudness (dB; loudness by ITU-R BS.1770, here the analysis
 * convention of dimension 8: channel weights 1.0, mono as dual-mono); peak = the largest true peak
 * (BS.1770-4 Annex 2, 4× oversampling) as a linear sample value (full scale = 1), album peak = the
 * largest track peak. A silent track or album reads −70 LUFS (gain +52 dB) and the −120 dBTP floor (peak 1e-6).
 */
import { AuralisError } from '../errors.ts';

/** ReplayGain 2.0 reference loudness, LUFS. */
export const REPLAY_GAIN_REFERENCE_LUFS = -18;
/** Bins of a loudness histogram (dsp-wasm `loudnessHistogramLength()`). */
export const HISTOGRAM_BINS = 1000;
/** Lower edge of bin 0, LUFS (the absolute gate). */
export const HISTOGRAM_LOWEST_LUFS = -70;
/** Bin width, LU: bin i holds blocks in [−70 + i/10, −70 + (i+1)/10) LUFS, the last bin also louder ones. */
export const HISTOGRAM_STEP_LU = 0.1;
/** Loudness of silence (no block above the absolute gate), LUFS: the silence value of dimension 8. */
export const SILENCE_LUFS = -70;
/** The relative gate of BS.1770-4, LU below the absolutely gated loudness. */
const RELATIVE_GATE_LU = -10;

/** Block counts per bin: HISTOGRAM_BINS non-negative integers. */
export type LoudnessHistogram = ArrayLike<number>;

/** A histogram that is not HISTOGRAM_BINS non-negative integer counts (corrupt storage or a wrong build). */
export class InvalidLoudnessHistogramError extends AuralisError {
  constructor(message: string) {
    super('INVALID_LOUDNESS_HISTOGRAM', message);
  }
}

/** A true peak that is not a finite dBTP value. */
export class InvalidTruePeakError extends AuralisError {
  constructor(message: string) {
    super('INVALID_TRUE_PEAK', message);
  }
}

export interface ReplayGain {
  /** Gain to apply, dB: −18 − loudness. */
  readonly gainDb: number;
  /** True peak as a linear sample value (full scale = 1; may exceed 1). */
  readonly peak: number;
}

export interface AlbumTrack {
  /** The track's gating-block loudness histogram. */
  readonly histogram: LoudnessHistogram;
  /** The track's true peak, dBTP. */
  readonly truePeakDbtp: number;
}

function checkHistogram(histogram: LoudnessHistogram, label: string): void {
  if (histogram.length !== HISTOGRAM_BINS) {
    throw new InvalidLoudnessHistogramError(`${label}: expected ${HISTOGRAM_BINS} bins, received ${histogram.length}`);
  }
  for (let i = 0; i < HISTOGRAM_BINS; i++) {
    const count = histogram[i]!;
    if (!Number.isInteger(count) || count < 0) {
      throw new InvalidLoudnessHistogramError(`${label}: bin ${i}: expected a non-negative integer count, received ${count}`);
    }
  }
}

function checkTruePeak(dbtp: number, label: string): void {
  if (!Number.isFinite(dbtp)) throw new InvalidTruePeakError(`${label}: expected a finite true peak in dBTP, received ${dbtp}`);
}

/** Sum of histograms, bin by bin (an album's histogram). */
export function mergeHistograms(histograms: readonly LoudnessHistogram[]): Float64Array {
  const merged = new Float64Array(HISTOGRAM_BINS);
  histograms.forEach((histogram, index) => {
    checkHistogram(histogram, `histogram ${index}`);
    for (let i = 0; i < HISTOGRAM_BINS; i++) merged[i]! += histogram[i]!;
  });
  return merged;
}

/** Mean-square power z of a block of loudness `lufs` (BS.1770: L = −0.691 + 10·log10 z). */
const powerOf = (lufs: number): number => 10 ** ((lufs + 0.691) / 10);
const loudnessOf = (power: number): number => -0.691 + 10 * Math.log10(power);

/**
 * Gated integrated loudness (BS.1770-4) of the blocks a histogram holds, LUFS. Each block counts with
 * its bin's centre power (libebur128's histogram mode), so the result is within 0.05 LU of the exact
 * value; the relative gate (−10 LU) keeps the bins whose centre lies above it. No block → −70.
 */
export function integratedLoudnessFromHistogram(histogram: LoudnessHistogram): number {
  checkHistogram(histogram, 'histogram');
  let count = 0;
  let power = 0;
  for (let i = 0; i < HISTOGRAM_BINS; i++) {
    count += histogram[i]!;
    power += histogram[i]! * powerOf(binCentre(i));
  }
  if (count === 0) return SILENCE_LUFS;
  const relativeGate = loudnessOf(power / count) + RELATIVE_GATE_LU;
  let gatedCount = 0;
  let gatedPower = 0;
  for (let i = 0; i < HISTOGRAM_BINS; i++) {
    if (histogram[i]! > 0 && binCentre(i) > relativeGate) {
      gatedCount += histogram[i]!;
      gatedPower += histogram[i]! * powerOf(binCentre(i));
    }
  }
  return gatedCount === 0 ? SILENCE_LUFS : Math.max(SILENCE_LUFS, loudnessOf(gatedPower / gatedCount));
}

function binCentre(bin: number): number {
  return HISTOGRAM_LOWEST_LUFS + (bin + 0.5) * HISTOGRAM_STEP_LU;
}

/** Linear peak (full scale = 1) of a true peak in dBTP. */
export function linearPeak(dbtp: number): number {
  return 10 ** (dbtp / 20);
}

/** ReplayGain 2.0 track gain and peak from the track's integrated loudness (LUFS) and true peak (dBTP). */
export function trackReplayGain(lufs: number, truePeakDbtp: number): ReplayGain {
  if (!Number.isFinite(lufs)) throw new InvalidLoudnessHistogramError(`lufs: expected a finite loudness, received ${lufs}`);
  checkTruePeak(truePeakDbtp, 'truePeakDbtp');
  return { gainDb: REPLAY_GAIN_REFERENCE_LUFS - lufs, peak: linearPeak(truePeakDbtp) };
}

/**
 * ReplayGain 2.0 album gain and peak: the gated loudness of all the album's blocks together (merged
 * histograms: the relative gate applies to the album as a whole, as if its tracks were one stream) and
 * the largest track true peak. An empty album is refused.
 */
export function albumReplayGain(tracks: readonly AlbumTrack[]): ReplayGain {
  if (tracks.length === 0) throw new InvalidLoudnessHistogramError('album: expected at least one track, received none');
  tracks.forEach((track, index) => checkTruePeak(track.truePeakDbtp, `track ${index}: truePeakDbtp`));
  const loudness = integratedLoudnessFromHistogram(mergeHistograms(tracks.map((track) => track.histogram)));
  const peakDbtp = Math.max(...tracks.map((track) => track.truePeakDbtp));
  return { gainDb: REPLAY_GAIN_REFERENCE_LUFS - loudness, peak: linearPeak(peakDbtp) };
}
