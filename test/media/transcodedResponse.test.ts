/**
 * transcodedResponse: real ffmpeg turns WAV, AIFF and WavPack files into Opus (Ogg, WebM) and MP3 streams that
 * ffprobe reads with the right codec and duration; `timeOffsetSeconds` shortens them; aborting kills ffmpeg;
 * the slot bound refuses past its limit. No database.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isAuralisError } from '../../server/errors.ts';
import type { MediaTrack } from '../../server/media/mediaTrack.ts';
import { type TranscodeRequest, transcodeBitRateKbps, transcodedResponse } from '../../server/media/transcodedResponse.ts';
import { TranscodeSlots } from '../../server/media/transcodeSlots.ts';
import { collectGarbage, convert, decodedSeconds, eventually, ffmpegChildren, probe, sineWav } from './mediaFiles.ts';

const SECONDS = 4;
let dir: string;
let root: string;
const sources: Record<'wav' | 'aiff' | 'wavpack', string> = { wav: '', aiff: '', wavpack: '' };
const trackOf = (file: string, durationSeconds = SECONDS): MediaTrack => ({ id: 1, path: file, durationSeconds, channels: 2, bitrate: null });

async function transcodeToFile(file: string, request: TranscodeRequest, slots = new TranscodeSlots(4)): Promise<string> {
  const response = await transcodedResponse(new Request('http://127.0.0.1/audio/1'), trackOf(file), request, { roots: [root], slots });
  expect(response.status).toBe(200);
  expect(response.headers.get('accept-ranges')).toBe('none');
  expect(response.headers.get('content-length')).toBeNull();
  const extension = request.format === 'mp3' ? 'mp3' : request.opusContainer === 'webm' ? 'webm' : 'ogg';
  const out = path.join(dir, `out-${path.basename(file)}-${request.format}-${request.timeOffsetSeconds ?? 0}-${request.maxBitRateKbps ?? 0}.${extension}`);
  await writeFile(out, Buffer.from(await response.arrayBuffer()));
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'auralis-transcode-'));
  root = path.join(dir, 'library');
  await mkdir(root);
  sources.wav = path.join(root, 'sine.wav');
  await copyFile(await sineWav(SECONDS), sources.wav);
  sources.aiff = await convert(sources.wav, path.join(root, 'sine.aiff'), ['-c:a', 'pcm_s16be']);
  sources.wavpack = await convert(sources.wav, path.join(root, 'sine.wv'), ['-c:a', 'wavpack']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('formats', () => {
  for (const source of ['wav', 'aiff', 'wavpack'] as const) {
    test(`${source} → Opus in Ogg and MP3: ffprobe reads the codec and about ${SECONDS} s`, async () => {
      const opus = await transcodeToFile(sources[source], { format: 'opus' });
      expect((await probe(opus)).codec).toBe('opus');
      expect((await probe(opus)).formatName).toBe('ogg');
      expect(Math.abs((await decodedSeconds(opus)) - SECONDS)).toBeLessThan(0.15);
      const mp3 = await transcodeToFile(sources[source], { format: 'mp3' });
      expect((await probe(mp3)).codec).toBe('mp3');
      expect(Math.abs((await decodedSeconds(mp3)) - SECONDS)).toBeLessThan(0.15);
    });
  }

  test('Opus in WebM', async () => {
    const webm = await transcodeToFile(sources.wav, { format: 'opus', opusContainer: 'webm' });
    const info = await probe(webm);
    expect(info.codec).toBe('opus');
    expect(info.formatName).toContain('webm');
  });

  test('Content-Type and X-Content-Duration (the seconds left after the offset)', async () => {
    const response = await transcodedResponse(
      new Request('http://127.0.0.1/audio/1', { method: 'HEAD' }),
      trackOf(sources.wav),
      { format: 'mp3', timeOffsetSeconds: 1.5 },
      { roots: [root], slots: new TranscodeSlots(1) },
    );
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(Number(response.headers.get('x-content-duration'))).toBeCloseTo(SECONDS - 1.5, 3);
    expect(response.body).toBeNull();
    expect(await ffmpegChildren(sources.wav)).toEqual([]);
  });

  test('the bit rate: default, capped by maxBitRate, clamped to what the encoder takes', () => {
    expect(transcodeBitRateKbps('opus', undefined)).toBe(128);
    expect(transcodeBitRateKbps('opus', 0)).toBe(128);
    expect(transcodeBitRateKbps('opus', 64)).toBe(64);
    expect(transcodeBitRateKbps('opus', 4)).toBe(16);
    expect(transcodeBitRateKbps('mp3', 150)).toBe(128);
    expect(transcodeBitRateKbps('mp3', 1000)).toBe(320);
    expect(() => transcodeBitRateKbps('mp3', -1)).toThrow(/maxBitRate/);
  });

  test('maxBitRate lowers the size of the stream', async () => {
    const low = await transcodeToFile(sources.wav, { format: 'mp3', maxBitRateKbps: 64 });
    const high = await transcodeToFile(sources.wav, { format: 'mp3', maxBitRateKbps: 320 });
    const { size: lowSize } = await import('node:fs/promises').then((fs) => fs.stat(low));
    const { size: highSize } = await import('node:fs/promises').then((fs) => fs.stat(high));
    // CBR: bytes ≈ kbit/s × 1000 / 8 × seconds.
    expect(lowSize).toBeGreaterThan(64_000 / 8 * SECONDS * 0.9);
    expect(lowSize).toBeLessThan(64_000 / 8 * SECONDS * 1.2);
    expect(highSize).toBeGreaterThan(4 * lowSize);
  });
});

describe('seeking', () => {
  test('timeOffsetSeconds shortens the stream by that much', async () => {
    const whole = await decodedSeconds(await transcodeToFile(sources.wav, { format: 'opus' }));
    const rest = await decodedSeconds(await transcodeToFile(sources.wav, { format: 'opus', timeOffsetSeconds: 2.5 }));
    expect(Math.abs(whole - rest - 2.5)).toBeLessThan(0.1);
  });

  test('a negative or non-finite offset: INVALID_ARGUMENT', async () => {
    for (const timeOffsetSeconds of [-1, Number.NaN]) {
      const error = await transcodedResponse(new Request('http://127.0.0.1/'), trackOf(sources.wav), { format: 'opus', timeOffsetSeconds }, {
        roots: [root],
        slots: new TranscodeSlots(1),
      }).catch((caught: unknown) => caught);
      expect(isAuralisError(error) && error.code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('client abort and the bound', () => {
  let long: string;
  beforeAll(async () => {
    long = path.join(root, 'long.wav');
    await copyFile(await sineWav(120), long);
  });

  test('aborting the request kills ffmpeg (no ffmpeg child left) and frees its slot', async () => {
    const slots = new TranscodeSlots(1);
    const controller = new AbortController();
    const response = await transcodedResponse(new Request('http://127.0.0.1/audio/1', { signal: controller.signal }), trackOf(long, 120), { format: 'opus' }, {
      roots: [root],
      slots,
    });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(await ffmpegChildren(long)).toHaveLength(1);
    expect(slots.busy).toBe(1);
    // Let ffmpeg fill the pipe: output nobody reads must not keep the slot busy after the abort.
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    expect(await eventually(() => ffmpegChildren(long), (pids) => pids.length === 0)).toEqual([]);
    expect(await eventually(async () => slots.busy, (busy) => busy === 0)).toBe(0);
  });

  test('the abort reaches ffmpeg even after the caller dropped its Request (garbage collected)', async () => {
    const controller = new AbortController();
    // Only the response is kept: a Request follows its init signal through a weak link (undici).
    const response = await transcodedResponse(new Request('http://127.0.0.1/', { signal: controller.signal }), trackOf(long, 120), { format: 'opus' }, {
      roots: [root],
      slots: new TranscodeSlots(1),
    });
    const reader = response.body!.getReader();
    await reader.read();
    await collectGarbage();
    expect(await ffmpegChildren(long)).toHaveLength(1);
    controller.abort();
    expect(await eventually(() => ffmpegChildren(long), (pids) => pids.length === 0)).toEqual([]);
  });

  test('cancelling the body kills ffmpeg', async () => {
    const response = await transcodedResponse(new Request('http://127.0.0.1/audio/1'), trackOf(long, 120), { format: 'mp3' }, {
      roots: [root],
      slots: new TranscodeSlots(1),
    });
    const reader = response.body!.getReader();
    await reader.read();
    expect(await ffmpegChildren(long)).toHaveLength(1);
    await reader.cancel();
    expect(await eventually(() => ffmpegChildren(long), (pids) => pids.length === 0)).toEqual([]);
  });

  test('past the bound: TOO_MANY_TRANSCODES at once (no queue), and a slot is free again after the first ends', async () => {
    const slots = new TranscodeSlots(1);
    const controller = new AbortController();
    const first = await transcodedResponse(new Request('http://127.0.0.1/', { signal: controller.signal }), trackOf(long, 120), { format: 'opus' }, {
      roots: [root],
      slots,
    });
    const error = await transcodedResponse(new Request('http://127.0.0.1/'), trackOf(sources.wav), { format: 'opus' }, { roots: [root], slots }).catch(
      (caught: unknown) => caught,
    );
    expect(isAuralisError(error) && error.code).toBe('TOO_MANY_TRANSCODES');
    expect(first.status).toBe(200);
    controller.abort();
    await eventually(async () => slots.busy, (busy) => busy === 0);
    const again = await transcodeToFile(sources.wav, { format: 'opus' }, slots);
    expect((await probe(again)).codec).toBe('opus');
  });
});

describe('bad input', () => {
  test('a file ffmpeg cannot decode: TRANSCODE_FAILED before any 200, slot freed', async () => {
    const garbage = path.join(root, 'garbage.wav');
    await writeFile(garbage, Buffer.alloc(10_000, 7));
    const slots = new TranscodeSlots(1);
    const error = await transcodedResponse(new Request('http://127.0.0.1/'), trackOf(garbage), { format: 'opus' }, { roots: [root], slots }).catch(
      (caught: unknown) => caught,
    );
    expect(isAuralisError(error) && error.code).toBe('TRANSCODE_FAILED');
    expect((error as Error).message).toContain(garbage);
    expect(await eventually(async () => slots.busy, (busy) => busy === 0)).toBe(0);
  });

  test('a file outside the roots (symlink) is refused before ffmpeg starts', async () => {
    const { symlink } = await import('node:fs/promises');
    const outside = path.join(dir, 'outside.wav');
    await copyFile(sources.wav, outside);
    const link = path.join(root, 'link.wav');
    await symlink(outside, link);
    const error = await transcodedResponse(new Request('http://127.0.0.1/'), trackOf(link), { format: 'opus' }, {
      roots: [root],
      slots: new TranscodeSlots(1),
    }).catch((caught: unknown) => caught);
    expect(isAuralisError(error) && error.code).toBe('PATH_OUTSIDE_LIBRARY');
  });
});
