/**
 * The analysis facade: file → ffmpeg (decodeAudio) → WASM DSP core → the fingerprint values, keyed by the
 * catalogue's camelCase names. Decoding and analysis overlap: ffmpeg decodes in its own process while each
 * chunk it delivers is analysed here, copied once into the WASM input buffer.
 *
 * No default vector, ever: a file that cannot be analysed throws a named error, and a dimension the DSP
 * core does not compute (NaN from `finish`) is left out of `values` and listed in `missing`.
 */
import { type DecodeOptions, ANALYSIS_SAMPLE_RATE, decodeAudio } from '../audio/decodeAudio.ts';
import { TooShortError } from '../audio/errors.ts';
import { AuralisError } from '../errors.ts';
import { InvalidPcmError, NonFiniteResultError } from './analysisErrors.ts';
import { DIMENSIONS, type DimensionKey, FINGERPRINT_VERSION, type FingerprintValues } from './dimensions.ts';
import { withDsp } from './dspPool.ts';
import { FACTS, type FactKey, type FingerprintFacts } from './facts.ts';
import type { Dsp } from './wasm.ts';

/** Files with less audio than this are rejected with `TOO_SHORT` (SPEC: analysis conventions), in seconds. */
export const MINIMUM_DURATION_SECONDS = 0.5;
const MINIMUM_FRAMES = Math.ceil(MINIMUM_DURATION_SECONDS * ANALYSIS_SAMPLE_RATE);

export interface PcmAnalysis {
  /** The computed dimensions in physical units (see dimensions.ts); missing ones are absent, not faked. */
  readonly values: Partial<FingerprintValues>;
  /** Dimensions the DSP core does not compute in this build (empty once all 25 are implemented). */
  readonly missing: readonly DimensionKey[];
  /** The facts beside the 25 (facts.ts); null where this build does not compute a fact yet (listed in `missingFacts`). */
  readonly facts: FingerprintFacts;
  /** Facts the DSP core left NaN (empty once every fact is implemented). */
  readonly missingFacts: readonly FactKey[];
  /** Gating-block loudness histogram (block counts per bin) for ReplayGain album values; null when not exported. */
  readonly loudnessHistogram: Float64Array | null;
  /** The 26 timbre values (timbre.ts: MFCC means, standard deviations); null when the build does not export them. */
  readonly timbre: Float64Array | null;
  /** FINGERPRINT_VERSION the values follow. */
  readonly version: number;
  /** Seconds of audio analysed (frames / 44 100). */
  readonly durationSeconds: number;
}

export interface FileAnalysis extends PcmAnalysis {
  /** Channels of the source stream (a 5.1 file says 6; it was analysed as a stereo down-mix). */
  readonly channels: number;
  /** Sample rate of the source stream in Hz (it was analysed at 44 100 Hz). */
  readonly sampleRate: number;
  /** ffmpeg's codec name, e.g. `mp3`, `flac`, `pcm_s16le`. */
  readonly codec: string;
  /** ffmpeg's container name, e.g. `mp3`, `wav`, `ogg`. */
  readonly container: string;
}

/** What extraction stores: every dimension, every fact and the loudness histogram. */
export interface CompleteAnalysis {
  readonly values: FingerprintValues;
  readonly facts: { readonly [K in FactKey]: number };
  readonly loudnessHistogram: Float64Array;
  readonly timbre: Float64Array;
}

/**
 * The analysis did not deliver every dimension, fact and the loudness histogram (code `INCOMPLETE_FINGERPRINT`): a
 * release build computes them all (STYLE 15), so this is a defect; nothing partial is stored.
 */
export class IncompleteAnalysisError extends AuralisError {
  constructor(path: string, missing: readonly string[]) {
    super(
      'INCOMPLETE_FINGERPRINT',
      `\`${path}\`: expected all 25 dimensions, ${FACTS.length} facts, the loudness histogram and the timbre values from the analysis, ` +
        `missing ${missing.length}: ${missing.join(', ')}`,
    );
  }
}

/** The analysis as extraction stores it; IncompleteAnalysisError naming whatever this build left out. */
export function completeAnalysis(path: string, analysis: PcmAnalysis): CompleteAnalysis {
  const missing: string[] = [
    ...DIMENSIONS.filter((d) => typeof analysis.values[d.key] !== 'number' || !Number.isFinite(analysis.values[d.key])).map((d) => d.key),
    ...FACTS.filter((f) => analysis.facts[f.key] === null).map((f) => f.key),
    ...(analysis.loudnessHistogram === null ? ['loudnessHistogram'] : []),
    ...(analysis.timbre === null || !analysis.timbre.every(Number.isFinite) ? ['timbre'] : []),
  ];
  if (missing.length > 0) throw new IncompleteAnalysisError(path, missing);
  return {
    values: analysis.values as FingerprintValues,
    facts: analysis.facts as CompleteAnalysis['facts'],
    loudnessHistogram: analysis.loudnessHistogram!,
    timbre: analysis.timbre!,
  };
}

export interface AnalyseOptions extends DecodeOptions {
  /** A DSP instance to use (e.g. a worker's own); by default one is taken from a small per-thread pool. */
  readonly dsp?: Dsp;
}

/**
 * Turns the DSP core's 25 slots and its fact slots into keyed values, dropping NaN (not computed: a missing
 * dimension, a null fact) and rejecting ±Inf.
 */
function toAnalysis(source: string, slots: Float64Array, dsp: Dsp, frames: number): PcmAnalysis {
  const values: Partial<FingerprintValues> = {};
  const missing: DimensionKey[] = [];
  DIMENSIONS.forEach((dimension, slot) => {
    const value = slots[slot];
    if (Number.isNaN(value)) missing.push(dimension.key);
    else if (!Number.isFinite(value)) throw new NonFiniteResultError(source, dimension.key, value);
    else values[dimension.key] = value;
  });
  const factSlots = dsp.lastFacts();
  const facts = {} as FingerprintFacts;
  const missingFacts: FactKey[] = [];
  FACTS.forEach((spec, index) => {
    const value = factSlots[index]!;
    if (Number.isNaN(value)) {
      facts[spec.key] = null;
      missingFacts.push(spec.key);
    } else if (!Number.isFinite(value)) throw new NonFiniteResultError(source, spec.key, value);
    else facts[spec.key] = value;
  });
  return {
    values,
    missing,
    facts,
    missingFacts,
    loudnessHistogram: dsp.lastLoudnessHistogram(),
    timbre: dsp.lastTimbre(),
    version: FINGERPRINT_VERSION,
    durationSeconds: frames / ANALYSIS_SAMPLE_RATE,
  };
}

/**
 * Decodes and analyses one audio file (any format ffmpeg reads).
 * @throws FileNotFoundError, NotAFileError, UnreadableFileError, TooShortError, DecodeTimeoutError,
 *   AnalysisAbortedError, FfmpegNotFoundError (server/audio/errors.ts); DspUnavailableError.
 */
export async function analyseFile(filePath: string, options: AnalyseOptions = {}): Promise<FileAnalysis> {
  const run = async (dsp: Dsp): Promise<FileAnalysis> => {
    let bytesPerFrame = 0;
    const decoded = await decodeAudio(
      filePath,
      {
        start(format) {
          dsp.begin(format.channels);
          bytesPerFrame = 4 * format.channels;
        },
        target: () => dsp.inputBytes().subarray(0, dsp.capacityFrames * bytesPerFrame),
        write: (frames) => dsp.push(frames),
      },
      options,
    );
    if (decoded.frames < MINIMUM_FRAMES) {
      throw new TooShortError(filePath, decoded.durationSeconds, MINIMUM_DURATION_SECONDS);
    }
    const { source } = decoded.format;
    return {
      ...toAnalysis(filePath, dsp.finish(), dsp, decoded.frames),
      channels: source.channels,
      sampleRate: source.sampleRate,
      codec: source.codec,
      container: source.container,
    };
  };
  return options.dsp ? run(options.dsp) : withDsp(run);
}

export interface AnalysePcmOptions {
  readonly dsp?: Dsp;
  /** Frames per push, default the DSP's capacity (16 384). */
  readonly chunkFrames?: number;
  /** Name used in error messages, default `pcm`. */
  readonly name?: string;
}

/**
 * Analyses interleaved float32 PCM at 44 100 Hz already in memory (tests and benchmarks), fed to the
 * DSP core in chunks as analyseFile does.
 */
export async function analysePcm(
  samples: Float32Array,
  channels: number,
  options: AnalysePcmOptions = {},
): Promise<PcmAnalysis> {
  const name = options.name ?? 'pcm';
  if (!(samples instanceof Float32Array)) {
    throw new InvalidPcmError(`\`${name}\`: expected a Float32Array of interleaved samples, received ${typeof samples}`);
  }
  if (channels !== 1 && channels !== 2) {
    throw new InvalidPcmError(`\`${name}\`: expected 1 or 2 channels, received ${String(channels)}`);
  }
  if (samples.length % channels !== 0) {
    throw new InvalidPcmError(
      `\`${name}\`: expected whole ${channels}-channel frames, received ${samples.length} samples`,
    );
  }
  const frames = samples.length / channels;
  if (frames < MINIMUM_FRAMES) {
    throw new TooShortError(name, frames / ANALYSIS_SAMPLE_RATE, MINIMUM_DURATION_SECONDS);
  }
  const run = (dsp: Dsp): PcmAnalysis => {
    const chunk = options.chunkFrames ?? dsp.capacityFrames;
    return toAnalysis(name, dsp.analyse(samples, channels, chunk), dsp, frames);
  };
  return options.dsp ? run(options.dsp) : withDsp(run);
}
