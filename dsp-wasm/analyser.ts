import { MAX_CHUNK_FRAMES, appendMono, compact, nextFrame, resetStft } from './core/stft';
import { results, SLOT_TOTAL } from './slots';
import { finishSampleStats, pushSampleStats, resetSampleStats } from './levels/sampleStats';
import { finishTruePeak, pushTruePeak, resetTruePeak } from './levels/truePeak';
import { finishLoudness, pushLoudness, resetLoudness } from './levels/loudness';
import { finishVariation, resetVariation, variationMono } from './levels/variation';
import { bandsFrame, finishBands, resetBands } from './spectral/bands';
import { finishSpectralShape, resetSpectralShape, spectralShapeFrame } from './spectral/spectralShape';
import { finishSilenceRatio, resetSilenceRatio, silenceRatioFrame } from './spectral/silenceRatio';
import { finishTemporal, resetTemporal, temporalFrame, temporalMono } from './temporal/temporalGroup';
import { finishHarmonic, harmonicFrame, harmonicMono, resetHarmonic } from './harmonic/harmonicGroup';
import { finishTimbre, resetTimbre, timbreFrame } from './timbre/timbreGroup';

/**
 * The analysis of one track: `begin` resets every feature group, `push` feeds a chunk of interleaved
 * PCM through the sample-level groups and the streaming STFT, `finish` lets each group write its
 * slots of the 25-value result (slots.ts). A slot nobody writes stays NaN.
 *
 * Adding a feature group = one line in each of the four HOOK lists below:
 * - RESET HOOKS: clear the group's state for a new track (`begin`);
 * - MONO HOOKS: `(pointer, count)` of the chunk's new mono samples m = (L+R)/2, f32, in order
 *   (e.g. the 500 ms window statistics, the YIN decimator);
 * - FRAME HOOKS: called once per STFT frame, in frame order, with frame.ts holding the frame
 *   (power spectrum, RMS, silent flag, index); groups skip silent frames themselves when the spec
 *   says so;
 * - FINISH HOOKS: write the group's slots with `setResult(slot, value)` (never NaN/Inf).
 */

/** Interleaved f32 input buffer: MAX_CHUNK_FRAMES frames of up to 2 channels (+ padding). */
export const input = new StaticArray<f32>(MAX_CHUNK_FRAMES * 2 + 8);
let channelCount: i32 = 0;

export function beginAnalysis(channels: i32): void {
  assert(channels == 1 || channels == 2, 'channels must be 1 or 2');
  channelCount = channels;
  for (let slot = 0; slot < SLOT_TOTAL; slot++) unchecked((results[slot] = NaN));
  resetStft();
  // ---- RESET HOOKS ----
  resetSampleStats(channels);
  resetTruePeak(channels);
  resetLoudness();
  resetVariation();
  resetSilenceRatio();
  resetBands();
  resetSpectralShape();
  resetTemporal();
  resetHarmonic();
  resetTimbre();
  // ---- end RESET HOOKS ----
}

export function pushChunk(frames: i32): void {
  assert(channelCount != 0, 'push before begin');
  assert(frames >= 0 && frames <= MAX_CHUNK_FRAMES, 'frames out of range');
  const pointer = changetype<usize>(input);
  // Sanitises the input in place (non-finite → 0): must stay first.
  pushSampleStats(pointer, frames);
  pushTruePeak(pointer, frames);
  pushLoudness(pointer, frames, channelCount);
  const monoPointer = appendMono(pointer, frames, channelCount);
  onMono(monoPointer, frames);
  while (nextFrame()) onFrame();
  compact();
}

/** MONO HOOKS: the chunk's mono samples (f32 at `pointer`, `count` of them). */
function onMono(pointer: usize, count: i32): void {
  // ---- MONO HOOKS ----
  variationMono(pointer, count);
  temporalMono(pointer, count);
  harmonicMono(pointer, count);
  // ---- end MONO HOOKS ----
}

/** FRAME HOOKS: one call per STFT frame (frame.ts holds it). */
function onFrame(): void {
  // ---- FRAME HOOKS ----
  silenceRatioFrame();
  bandsFrame();
  spectralShapeFrame();
  temporalFrame();
  harmonicFrame();
  timbreFrame();
  // ---- end FRAME HOOKS ----
}

export function finishAnalysis(): usize {
  assert(channelCount != 0, 'finish before begin');
  // ---- FINISH HOOKS ----
  finishTruePeak(); // before finishSampleStats: crest_db reads its sub-block peaks
  finishSampleStats();
  finishLoudness();
  finishVariation();
  finishSilenceRatio();
  finishBands();
  finishSpectralShape();
  finishTemporal();
  finishHarmonic();
  finishTimbre();
  // ---- end FINISH HOOKS ----
  channelCount = 0;
  return changetype<usize>(results);
}
