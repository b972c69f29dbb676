import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type PcmSink, decodeAudio } from '../../server/audio/decodeAudio.ts';
import { encode } from '../../fixtures/encode.ts';
import { lyingWav, sparseFile } from '../../fixtures/hostileFiles.ts';
import { musicMix } from '../../fixtures/musicMix.ts';

/** True while a process with this pid exists. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A sink that throws the samples away. */
function discardSink(): PcmSink {
  const buffer = new Uint8Array(65_536);
  return { start: () => undefined, target: () => buffer, write: () => undefined };
}

/**
 * Decodes `file` with a 30 s wall-clock limit (so the pre-fix behaviour ends as DECODE_TIMEOUT rather than
 * a hung test) and returns the error, the elapsed time and whether the ffmpeg child is gone.
 */
async function refusal(file: string, options: { memoryLimitMb?: number; sink?: PcmSink } = {}) {
  let pid = 0;
  const started = performance.now();
  const error = await decodeAudio(file, options.sink ?? discardSink(), {
    timeoutMs: 30_000,
    onSpawn: (p) => (pid = p),
    ...(options.memoryLimitMb === undefined ? {} : { memoryLimitMb: options.memoryLimitMb }),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, seconds: (performance.now() - started) / 1000, ffmpegGone: pid === 0 || !processExists(pid), pid };
}

describe('decodeAudio: hostile streams are refused before they cost memory', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'auralis-hostile-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('refuses a 2 MB WAV whose header claims 1 Hz quickly, as UNSUPPORTED_STREAM, and leaves no ffmpeg behind', async () => {
    const file = path.join(folder, 'one hertz.wav');
    lyingWav(file, { sampleRate: 1, channels: 1, dataBytes: 2 * 1024 * 1024 });
    const { error, seconds, ffmpegGone } = await refusal(file);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_STREAM', message: expect.stringContaining('1 Hz') });
    expect((error as Error).message).toMatch(/expected .*4000.*Hz/);
    expect(seconds).toBeLessThan(10);
    expect(ffmpegGone).toBe(true);
  });

  it('refuses a WAV whose header claims 40 channels as UNSUPPORTED_STREAM', async () => {
    const file = path.join(folder, 'forty channels.wav');
    lyingWav(file, { sampleRate: 44_100, channels: 40, dataBytes: 40 * 2 * 4410 });
    const { error, ffmpegGone } = await refusal(file);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_STREAM', message: expect.stringContaining('40 channels') });
    expect(ffmpegGone).toBe(true);
  });

  it('refuses a 5 GB sparse file named .mp3 quickly with a named error and leaves no ffmpeg behind', async () => {
    const file = path.join(folder, 'huge.mp3');
    sparseFile(file, 5 * 1024 ** 3);
    const { error, seconds, ffmpegGone } = await refusal(file);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_STREAM' });
    expect((error as Error).message).toContain('zero bytes');
    expect(seconds).toBeLessThan(10);
    expect(ffmpegGone).toBe(true);
  });

  it('kills a decoder whose memory passes the cap with DECODER_MEMORY_LIMIT (cap 20 MB on a normal file)', async () => {
    const file = await encode(musicMix({ seconds: 60 }), { format: 'flac', name: 'mix-60s' });
    // A sink slower than realtime keeps ffmpeg alive long enough for several memory polls.
    const buffer = new Uint8Array(65_536);
    const slowSink: PcmSink = {
      start: () => undefined,
      target: () => buffer,
      write: () => {
        const until = performance.now() + 5;
        while (performance.now() < until);
      },
    };
    const { error, seconds, ffmpegGone } = await refusal(file, { memoryLimitMb: 20, sink: slowSink });
    expect(error).toMatchObject({ code: 'DECODER_MEMORY_LIMIT', message: expect.stringContaining('20 MiB') });
    expect(seconds).toBeLessThan(10);
    expect(ffmpegGone).toBe(true);
  });

  it('a normal file decodes under the default cap', async () => {
    const file = await encode(musicMix({ seconds: 60 }), { format: 'flac', name: 'mix-60s' });
    const result = await decodeAudio(file, discardSink());
    expect(result.durationSeconds).toBeCloseTo(60, 1);
  });
});
