import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio } from '../../server/audio/decodeAudio.ts';
import { decodeToFloat32 } from '../../server/audio/decodeToFloat32.ts';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';
import { encode, FIXTURE_CACHE_DIR } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { interleave, silence, sine, whiteNoise } from '../../fixtures/pcm.ts';

const RATE = 44_100;

/** Samples of channel `c` of interleaved PCM. */
function channel(samples: Float32Array, channels: number, c: number): Float64Array {
  const out = new Float64Array(samples.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = samples[i * channels + c];
  return out;
}

function rms(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / x.length);
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Frequency estimate from rising zero crossings (exact enough for a clean sine over seconds). */
function zeroCrossingFrequency(x: ArrayLike<number>, rate: number): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 1; i < x.length; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) {
      const at = i - 1 + -x[i - 1] / (x[i] - x[i - 1]);
      if (first < 0) first = at;
      else count++;
      last = at;
    }
  }
  return (count * rate) / (last - first);
}

/** True while a process with this pid exists. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('decodeAudio: layout and sample rate', () => {
  it('keeps a mono file mono, sample for sample (16-bit WAV)', async () => {
    const input = sine(440, 2, { amplitude: 0.5 });
    const decoded = await decodeToFloat32(await encode(input, { format: 'wav16' }));
    expect(decoded.format.channels).toBe(1);
    expect(decoded.format.source).toMatchObject({ codec: 'pcm_s16le', channels: 1, sampleRate: RATE });
    expect(decoded.frames).toBe(2 * RATE);
    // 16-bit quantisation: at most half a step of 2^-15, plus rounding slack.
    expect(maxAbsDifference(decoded.samples, input.samples)).toBeLessThan(2 ** -15);
  });

  it('keeps a stereo file stereo, with its channels in order', async () => {
    const left = sine(440, 2, { amplitude: 0.5 });
    const right = sine(660, 2, { amplitude: 0.25 });
    const decoded = await decodeToFloat32(await encode(interleave(left, right), { format: 'flac' }));
    expect(decoded.format.channels).toBe(2);
    expect(decoded.frames).toBe(2 * RATE);
    expect(maxAbsDifference(channel(decoded.samples, 2, 0), left.samples)).toBeLessThan(2 ** -15);
    expect(maxAbsDifference(channel(decoded.samples, 2, 1), right.samples)).toBeLessThan(2 ** -15);
  });

  it("down-mixes 5.1 to stereo with ffmpeg's standard matrix (FL → L only, FC → both at −3 dB)", async () => {
    const seconds = 2;
    const tone = sine(500, seconds, { amplitude: 0.5 });
    const quiet = silence(seconds);
    // ffmpeg's 5.1 order: FL FR FC LFE BL BR.
    const frontLeftOnly = await decodeToFloat32(
      await encode(interleave(tone, quiet, quiet, quiet, quiet, quiet), { format: 'wav16', name: 'fl-only-5.1' }),
    );
    const centreOnly = await decodeToFloat32(
      await encode(interleave(quiet, quiet, tone, quiet, quiet, quiet), { format: 'wav16', name: 'fc-only-5.1' }),
    );
    for (const d of [frontLeftOnly, centreOnly]) {
      expect(d.format.channels).toBe(2);
      expect(d.format.source.channels).toBe(6);
      expect(d.frames).toBe(seconds * RATE);
    }
    const flL = rms(channel(frontLeftOnly.samples, 2, 0));
    const flR = rms(channel(frontLeftOnly.samples, 2, 1));
    const fcL = rms(channel(centreOnly.samples, 2, 0));
    const fcR = rms(channel(centreOnly.samples, 2, 1));
    expect(flL).toBeGreaterThan(0.05);
    expect(flR).toBeLessThan(1e-4);
    expect(fcL / fcR).toBeCloseTo(1, 3);
    // The centre mix level is −3 dB (1/√2) relative to a front channel.
    expect(fcL / flL).toBeCloseTo(Math.SQRT1_2, 2);
  });

  it('resamples 96 kHz to 44.1 kHz, keeping duration and pitch', async () => {
    const decoded = await decodeToFloat32(
      await encode(sine(1000, 3, { amplitude: 0.5, sampleRate: 96_000 }), { format: 'wav24', name: 'sine-96k' }),
    );
    expect(decoded.format.source.sampleRate).toBe(96_000);
    expect(decoded.format.sampleRate).toBe(RATE);
    expect(Math.abs(decoded.frames - 3 * RATE)).toBeLessThanOrEqual(1);
    expect(zeroCrossingFrequency(decoded.samples, RATE)).toBeCloseTo(1000, 1);
    expect(rms(decoded.samples.subarray(RATE, 2 * RATE))).toBeCloseTo(0.5 / Math.SQRT2, 3);
  });

  it('decodes 8-bit, 24-bit, float WAV and AIFF within each format’s quantisation step', async () => {
    const input = sine(330, 1, { amplitude: 0.7 });
    const steps = { wav8: 2 ** -7, wav24: 2 ** -23, wav32f: 1e-7, aiff: 2 ** -15 } as const;
    for (const [format, step] of Object.entries(steps) as [keyof typeof steps, number][]) {
      const decoded = await decodeToFloat32(await encode(input, { format }));
      expect(decoded.frames, format).toBe(RATE);
      expect(decoded.format.channels, format).toBe(1);
      expect(maxAbsDifference(decoded.samples, input.samples), format).toBeLessThanOrEqual(step);
    }
  });

  it('delivers as many frames as the mp3 lasts (encoder delay and padding trimmed)', async () => {
    const decoded = await decodeToFloat32(await encode(whiteNoise(10, { amplitude: 0.3, channels: 2 }), { format: 'mp3' }));
    expect(decoded.format.source.codec).toBe('mp3');
    // Within one mp3 frame (1152 samples) of the 10 s that were encoded.
    expect(Math.abs(decoded.frames - 10 * RATE)).toBeLessThanOrEqual(1152);
    expect(decoded.durationSeconds).toBeCloseTo(decoded.frames / RATE, 12);
  });

  it('takes paths literally: names that look like ffmpeg protocols or options are plain files', async () => {
    const source = await encode(sine(440, 1, { amplitude: 0.5 }), { format: 'wav16' });
    const folder = path.join(FIXTURE_CACHE_DIR, 'odd names');
    mkdirSync(folder, { recursive: true });
    for (const name of ['concat:a|b.wav', '-i.wav', 'pipe:1']) {
      const odd = path.join(folder, name);
      writeFileSync(odd, await readFile(source));
      const decoded = await decodeToFloat32(odd);
      expect(decoded.frames, name).toBe(RATE);
    }
  });

  it('hands over chunks of whole frames however small the sink’s buffer', async () => {
    const input = interleave(sine(440, 1, { amplitude: 0.5 }), sine(880, 1, { amplitude: 0.5 }));
    const file = await encode(input, { format: 'wav32f' });
    const buffer = new Uint8Array(8 * 3 + 5); // 3 stereo frames and 5 spare bytes
    const received: number[] = [];
    let writes = 0;
    const result = await decodeAudio(file, {
      start: () => undefined,
      target: () => buffer,
      write(frames) {
        writes++;
        received.push(...new Float32Array(buffer.buffer, 0, frames * 2));
      },
    });
    expect(result.frames).toBe(RATE);
    expect(writes).toBe(Math.ceil(RATE / 3));
    expect(maxAbsDifference(received, input.samples)).toBeLessThanOrEqual(1e-7);
  });
});

/** Runs ffmpeg with these arguments (for files `encode` does not make: cover art, video only). */
async function ffmpeg(...args: string[]): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) =>
    execFile(resolveFfmpegBinary(), ['-nostdin', '-v', 'error', '-y', ...args], (error) => (error ? reject(error) : resolve())),
  );
}

describe('decodeAudio: files with other streams', () => {
  const folder = path.join(FIXTURE_CACHE_DIR, 'other streams');
  mkdirSync(folder, { recursive: true });

  it('decodes the audio of an mp3 with embedded cover art', async () => {
    const file = path.join(folder, 'with cover.mp3');
    await ffmpeg(
      '-f', 'lavfi', '-i', 'sine=f=440:d=2',
      '-f', 'lavfi', '-i', 'color=c=red:s=64x64:d=1',
      '-map', '0:a', '-map', '1:v', '-frames:v', '1', '-c:v', 'mjpeg', '-disposition:v', 'attached_pic',
      '-c:a', 'libmp3lame', '-b:a', '128k', file,
    );
    const decoded = await decodeToFloat32(file);
    expect(decoded.format.source.codec).toBe('mp3');
    expect(Math.abs(decoded.frames - 2 * RATE)).toBeLessThanOrEqual(1152);
    expect(zeroCrossingFrequency(decoded.samples, RATE)).toBeCloseTo(440, 0);
  });

  it('names a video without sound UNREADABLE_FILE: no audio stream found', async () => {
    const file = path.join(folder, 'silent film.avi');
    await ffmpeg('-f', 'lavfi', '-i', 'color=c=blue:s=64x64:d=1', '-c:v', 'mjpeg', file);
    await expect(decodeToFloat32(file)).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      message: `\`${file}\`: ffmpeg could not decode (no audio stream found)`,
    });
  });
});

describe('decodeAudio: stopping', () => {
  const longFile = () => encode(musicMix({ seconds: 60 }), { format: 'flac', name: 'mix-60s' });

  it('kills ffmpeg and rejects with ABORTED when the signal fires mid-decode', async () => {
    const file = await longFile();
    const controller = new AbortController();
    let pid = 0;
    const buffer = new Uint8Array(65_536);
    const decoding = decodeAudio(
      file,
      { start: () => undefined, target: () => buffer, write: () => controller.abort(new Error('user cancelled')) },
      { signal: controller.signal, onSpawn: (p) => (pid = p) },
    );
    await expect(decoding).rejects.toMatchObject({ code: 'ABORTED', message: expect.stringContaining('user cancelled') });
    expect(pid).toBeGreaterThan(0);
    expect(processExists(pid)).toBe(false);
  });

  it('kills ffmpeg and rejects with DECODE_TIMEOUT when the time is up', async () => {
    const file = await longFile();
    let pid = 0;
    const buffer = new Uint8Array(65_536);
    const slowSink = {
      start: () => undefined,
      target: () => buffer,
      write: () => {
        const until = performance.now() + 20;
        while (performance.now() < until); // a sink far slower than realtime
      },
    };
    const decoding = decodeAudio(file, slowSink, { timeoutMs: 150, onSpawn: (p) => (pid = p) });
    await expect(decoding).rejects.toMatchObject({ code: 'DECODE_TIMEOUT', message: expect.stringContaining('150 ms') });
    expect(processExists(pid)).toBe(false);
  });

  it('rejects an already-aborted signal without starting ffmpeg', async () => {
    const file = await longFile();
    let spawned = false;
    const sink = { start: () => undefined, target: () => new Uint8Array(8), write: () => undefined };
    await expect(
      decodeAudio(file, sink, { signal: AbortSignal.abort(), onSpawn: () => (spawned = true) }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(spawned).toBe(false);
  });

  it('passes a sink error through unchanged and kills ffmpeg', async () => {
    const file = await longFile();
    let pid = 0;
    const failure = new Error('sink is full');
    const sink = { start: () => undefined, target: () => new Uint8Array(65_536), write: () => { throw failure; } };
    await expect(decodeAudio(file, sink, { onSpawn: (p) => (pid = p) })).rejects.toBe(failure);
    expect(processExists(pid)).toBe(false);
  });
});

describe('decodeAudio: files it cannot decode', () => {
  const folder = path.join(FIXTURE_CACHE_DIR, 'bad files');
  mkdirSync(folder, { recursive: true });

  it('names a missing file FILE_NOT_FOUND', async () => {
    const missing = path.join(folder, 'no such song.mp3');
    await expect(decodeToFloat32(missing)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `\`${missing}\`: file not found (expected an audio file)`,
    });
  });

  it('names an empty path FILE_NOT_FOUND rather than decoding the current folder', async () => {
    await expect(decodeToFloat32('')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('names a directory NOT_A_FILE', async () => {
    await expect(decodeToFloat32(folder)).rejects.toMatchObject({
      code: 'NOT_A_FILE',
      message: expect.stringContaining('received a directory'),
    });
  });

  it('names a zero-byte file UNREADABLE_FILE', async () => {
    const empty = path.join(folder, 'empty.mp3');
    writeFileSync(empty, '');
    await expect(decodeToFloat32(empty)).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      message: expect.stringContaining('0 bytes'),
    });
  });

  it("names text renamed to .mp3 UNREADABLE_FILE, with ffmpeg's own reason", async () => {
    const text = path.join(folder, 'notes.mp3');
    writeFileSync(text, 'These are my notes, not a song.\n'.repeat(20));
    const error = await decodeToFloat32(text).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREADABLE_FILE' });
    expect((error as Error).message).toMatch(new RegExp(`^\`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`: ffmpeg could not decode \\(.+\\)$`));
  });

  it('names an mp3 truncated inside its first frames UNREADABLE_FILE', async () => {
    const whole = await readFile(await encode(sine(440, 2, { amplitude: 0.5 }), { format: 'mp3' }));
    const truncated = path.join(folder, 'truncated.mp3');
    writeFileSync(truncated, whole.subarray(0, 700));
    await expect(decodeToFloat32(truncated)).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
  });

  it('decodes the part of an mp3 cut in the middle that is there', async () => {
    const whole = await readFile(await encode(sine(440, 4, { amplitude: 0.5 }), { format: 'mp3' }));
    const half = path.join(folder, 'half.mp3');
    writeFileSync(half, whole.subarray(0, Math.floor(whole.length / 2)));
    const decoded = await decodeToFloat32(half);
    expect(decoded.durationSeconds).toBeGreaterThan(1.8);
    expect(decoded.durationSeconds).toBeLessThan(2.2);
  });

  it('names a missing ffmpeg FFMPEG_NOT_FOUND', () => {
    expect(() => resolveFfmpegBinary({ FFMPEG_BIN: path.join(folder, 'no-ffmpeg-here') })).toThrow(
      expect.objectContaining({ code: 'FFMPEG_NOT_FOUND', message: expect.stringContaining('no-ffmpeg-here') }),
    );
  });
});
