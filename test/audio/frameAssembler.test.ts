import { describe, expect, it } from 'vitest';
import { FrameAssembler } from '../../server/audio/frameAssembler.ts';
import type { PcmSink } from '../../server/audio/decodeAudio.ts';

/** A stereo sink with a small target that records every handed-over frame's samples. */
function recordingSink(targetBytes: number) {
  const target = new Uint8Array(targetBytes);
  const received: number[] = [];
  const chunkSizes: number[] = [];
  const sink: PcmSink = {
    start: () => undefined,
    target: () => target,
    write(frames) {
      chunkSizes.push(frames);
      received.push(...new Float32Array(target.buffer, 0, frames * 2));
    },
  };
  return { sink, received, chunkSizes };
}

/** `frames` stereo frames of distinct float32 values, as the bytes ffmpeg would write. */
function stereoStream(frames: number): { samples: Float32Array; bytes: Uint8Array } {
  const samples = Float32Array.from({ length: frames * 2 }, (_, i) => Math.sin(i) * 0.5 + i * 1e-6);
  return { samples, bytes: new Uint8Array(samples.buffer) };
}

describe('FrameAssembler', () => {
  it.each([1, 3, 7, 8, 13, 4096, 8000])(
    'reassembles the exact samples from reads of %i bytes (reads ending mid-sample and mid-frame)',
    (readSize) => {
      const { samples, bytes } = stereoStream(1000);
      const { sink, received, chunkSizes } = recordingSink(8 * 64 + 5); // 64 frames, 5 spare bytes ignored
      const assembler = new FrameAssembler(sink, 2);
      const readBuffer = new Uint8Array(readSize); // reused by every read, as the socket does
      for (let at = 0; at < bytes.length; at += readSize) {
        const count = Math.min(readSize, bytes.length - at);
        readBuffer.set(bytes.subarray(at, at + count));
        readBuffer.fill(0xff, count); // garbage past `count` must be ignored
        assembler.accept(readBuffer, count);
      }
      expect(assembler.flush()).toBe(0);
      expect(assembler.frames).toBe(1000);
      expect(chunkSizes.slice(0, -1).every((n) => n === 64)).toBe(true);
      expect(chunkSizes.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(received).toHaveLength(samples.length);
      received.forEach((value, i) => {
        if (value !== samples[i]) throw new Error(`sample ${i}: ${value} ≠ ${samples[i]}`);
      });
    },
  );

  it('drops, and reports, the bytes of an incomplete last frame', () => {
    const { bytes } = stereoStream(10);
    const { sink } = recordingSink(8 * 4);
    const assembler = new FrameAssembler(sink, 2);
    assembler.accept(bytes, 8 * 9 + 5);
    expect(assembler.flush()).toBe(5);
    expect(assembler.frames).toBe(9);
  });

  it('refuses a target that cannot hold one frame', () => {
    const { sink } = recordingSink(7);
    expect(() => new FrameAssembler(sink, 2)).toThrow(/expected room for at least one frame, received 7 bytes/);
  });
});
