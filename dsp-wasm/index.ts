/**
 * Exports of the DSP core (the contract of README.md). Production API: begin, inputPointer,
 * inputCapacityFrames, push, finish, resultCount. Test-only exports follow, each documented.
 */
import { beginAnalysis, finishAnalysis, input, pushChunk } from './analyser';
import { MAX_CHUNK_FRAMES } from './core/stft';
import { FACT_COUNT, SLOT_COUNT } from './slots';
import { realFftComplex, realFftPower } from './core/fft';
import { HISTOGRAM_BINS, loudnessHistogram } from './levels/loudness';

/** Starts the analysis of a new track with 1 (mono) or 2 (interleaved stereo) channels. */
export function begin(channels: i32): void {
  beginAnalysis(channels);
}

/** Byte address of the interleaved f32 input buffer in linear memory. */
export function inputPointer(): usize {
  return changetype<usize>(input);
}

/** Frames (samples per channel) the input buffer holds. */
export function inputCapacityFrames(): i32 {
  return MAX_CHUNK_FRAMES;
}

/** Analyses `frames` frames written at `inputPointer()`. */
export function push(frames: i32): void {
  pushChunk(frames);
}

/** Ends the analysis; returns the byte address of `resultCount()` f64 values in spec order (NaN = not computed). */
export function finish(): usize {
  return finishAnalysis();
}

/** Number of dimension slots (25; the loader checks it against the dimension catalogue). */
export function resultCount(): i32 {
  return SLOT_COUNT;
}

/** Number of fact slots that follow the dimensions in the result array (slots.ts; server/fingerprint/facts.ts). */
export function factCount(): i32 {
  return FACT_COUNT;
}

/** Byte address of the gating-block loudness histogram of the last `finish` (u32 counts; levels/loudness.ts). */
export function loudnessHistogramPointer(): usize {
  return changetype<usize>(loudnessHistogram);
}

/** Bins of the loudness histogram: 1000, 0.1 LU each from −70 LUFS (bin i: [−70 + i/10, −70 + (i+1)/10) LUFS). */
export function loudnessHistogramLength(): i32 {
  return HISTOGRAM_BINS;
}

/**
 * The timbre group of the last `finish` (timbre/timbreGroup.ts): `timbreLength()` = 26 f64 at `timbrePointer()`,
 * the means of MFCC c₁ … c₁₃, then their standard deviations, over the non-silent frames.
 */
export { timbrePointer, timbreLength } from './timbre/timbreGroup';

// ---------------------------------------------------------------- test-only exports

const TEST_MAX_FFT: i32 = 65536;
const testSignal = new StaticArray<f32>(TEST_MAX_FFT + 8);
const testRe = new StaticArray<f32>(TEST_MAX_FFT / 2 + 8);
const testIm = new StaticArray<f32>(TEST_MAX_FFT / 2 + 8);

/** Test only: address of a buffer of up to 65536 f32 input samples for `testFft*`. */
export function testSignalPointer(): usize {
  return changetype<usize>(testSignal);
}

/** Test only: complex real-FFT X[k], k = 0..n/2, of the test signal → `testSpectrumRePointer/ImPointer`. */
export function testFftComplex(n: i32): void {
  assert(n >= 2 && n <= TEST_MAX_FFT && (n & (n - 1)) == 0, 'n must be a power of two in 2..65536');
  realFftComplex(n, changetype<usize>(testSignal), changetype<usize>(testRe), changetype<usize>(testIm));
}

/** Test only: power spectrum |X[k]|², k = 0..n/2, of the test signal → `testSpectrumRePointer`. */
export function testFftPower(n: i32): void {
  assert(n >= 2 && n <= TEST_MAX_FFT && (n & (n - 1)) == 0, 'n must be a power of two in 2..65536');
  realFftPower(n, changetype<usize>(testSignal), changetype<usize>(testRe));
}

export function testSpectrumRePointer(): usize {
  return changetype<usize>(testRe);
}

export function testSpectrumImPointer(): usize {
  return changetype<usize>(testIm);
}

// ---------------------------------------------------------------- test-only exports (H2: temporal, harmonic)

export { onsetEnvelopePointer, onsetEnvelopeLength, onsetHighEnvelopePointer } from './temporal/onsetEnvelope';
export { beatFramesPointer, beatCountTracked } from './temporal/beats';
export { tempogramPointer } from './temporal/tempo';
export { pitchTrackPointer, pitchTrackLength } from './harmonic/yin';
export { decimatorTapsPointer } from './harmonic/decimator';
export { keyChromaPointer } from './harmonic/keyChroma';
export { keyScoresPointer } from './harmonic/keyEstimate';

/**
 * Bench only: disables feature groups by mask (featureToggles.ts: 1 temporal, 2 HPSS, 4 pitch,
 * 8 chroma; 0 = all on) so the per-group time split can be measured from JS. Their slots stay NaN.
 */
export { setDisabledFeatures } from './featureToggles';

// ---------------------------------------------------------------- similarity (H9: distance kernel)

export {
  similarityStride,
  similarityQueryPointer,
  similarityWeightsPointer,
  similarityReserve,
  similarityLibraryPointer,
  similarityDistancesPointer,
  similarityDistances,
  similarityNearestMaxK,
  similaritySkipPointer,
  similarityBlockEnd,
  similarityNearestKth,
  similarityNearest,
} from './similarity/distance';
export {
  filterReserve,
  filterColumnPointer,
  filterMaskPointer,
  filterFill,
  filterRange,
  filterCombine,
} from './similarity/filter';
