/**
 * Reads what the levels group writes beside the 25 dimensions, straight from the DSP core's exports (the
 * loader's `finish()` returns the dimensions only): the fact slots and the gating-block loudness histogram.
 */
import { decodeAudio } from '../../server/audio/decodeAudio.ts';
import type { Dsp, DspExports } from '../../server/fingerprint/wasm.ts';

/** dsp-wasm/slots.ts: SLOT_TRUE_PEAK_DBTP (after the 25 dimensions and the two tempo facts). */
export const SLOT_TRUE_PEAK_DBTP = 27;

export interface LevelsResult {
  /** Dimensions then facts (resultCount() + factCount() f64). */
  readonly slots: Float64Array;
  /** The gating-block loudness histogram (u32 counts). */
  readonly histogram: Uint32Array;
}

interface LevelsExports extends DspExports {
  factCount(): number;
  loudnessHistogramPointer(): number;
  loudnessHistogramLength(): number;
}

/** Ends the analysis in progress on `dsp` and copies the slots and the histogram. */
function finishWithFacts(dsp: Dsp): LevelsResult {
  const exports = dsp.rawExports as LevelsExports;
  const pointer = exports.finish();
  const slots = new Float64Array(exports.memory.buffer, pointer, exports.resultCount() + exports.factCount()).slice();
  const histogram = new Uint32Array(exports.memory.buffer, exports.loudnessHistogramPointer(), exports.loudnessHistogramLength()).slice();
  return { slots, histogram };
}

/** Analyses in-memory interleaved PCM in chunks of `chunkFrames`. */
export function analyseWithFacts(dsp: Dsp, pcm: Float32Array, channels: number, chunkFrames = dsp.capacityFrames): LevelsResult {
  dsp.begin(channels);
  const frames = pcm.length / channels;
  for (let start = 0; start < frames; start += chunkFrames) {
    const count = Math.min(chunkFrames, frames - start);
    dsp.input().set(pcm.subarray(start * channels, (start + count) * channels), 0);
    dsp.push(count);
  }
  return finishWithFacts(dsp);
}

/** Decodes a file with the production decoder (ffmpeg, 44.1 kHz f32) and analyses it. */
export async function analyseFileWithFacts(dsp: Dsp, file: string): Promise<LevelsResult> {
  let bytesPerFrame = 0;
  await decodeAudio(file, {
    start(format) {
      dsp.begin(format.channels);
      bytesPerFrame = 4 * format.channels;
    },
    target: () => dsp.inputBytes().subarray(0, dsp.capacityFrames * bytesPerFrame),
    write: (frames) => dsp.push(frames),
  });
  return finishWithFacts(dsp);
}
