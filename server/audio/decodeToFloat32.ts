/**
 * Decodes a whole file into one Float32Array (interleaved, 44 100 Hz). For tests, fixtures and benchmarks
 * only: analysis streams through `decodeAudio` and never holds a whole track.
 */
import { type DecodeOptions, type PcmFormat, decodeAudio } from './decodeAudio.ts';

export interface DecodedPcm {
  /** Interleaved float32 samples, `frames × channels` long. */
  readonly samples: Float32Array;
  readonly frames: number;
  readonly format: PcmFormat;
  readonly durationSeconds: number;
}

const CHUNK_BYTES = 256 * 1024;

export async function decodeToFloat32(filePath: string, options: DecodeOptions = {}): Promise<DecodedPcm> {
  const chunks: Float32Array[] = [];
  let buffer = new Uint8Array(CHUNK_BYTES);
  let channels = 1;
  const result = await decodeAudio(
    filePath,
    {
      start(format) {
        channels = format.channels;
      },
      target: () => buffer,
      write(frames) {
        chunks.push(new Float32Array(buffer.buffer, 0, frames * channels));
        buffer = new Uint8Array(CHUNK_BYTES);
      },
    },
    options,
  );
  const samples = new Float32Array(result.frames * result.format.channels);
  let offset = 0;
  for (const chunk of chunks) {
    samples.set(chunk, offset);
    offset += chunk.length;
  }
  return { samples, frames: result.frames, format: result.format, durationSeconds: result.durationSeconds };
}
