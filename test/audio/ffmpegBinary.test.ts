/**
 * Which ffmpeg runs: FFMPEG_BIN, else ffmpeg-static's binary, else `ffmpeg` on PATH (a machine that
 * installed without internet has no ffmpeg-static binary but may have a system ffmpeg).
 */
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';

/** The real ffmpeg the tests run (FFMPEG_BIN, or whatever this machine resolves). */
const REAL_FFMPEG = resolveFfmpegBinary();
const MISSING_STATIC = '/nonexistent/ffmpeg-static/ffmpeg';

let dir: string;
let withFfmpeg: string;
let withoutFfmpeg: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'auralis-ffmpeg-'));
  withFfmpeg = path.join(dir, 'bin');
  withoutFfmpeg = path.join(dir, 'empty');
  await Promise.all([mkdir(withFfmpeg), mkdir(withoutFfmpeg)]);
  await symlink(REAL_FFMPEG, path.join(withFfmpeg, 'ffmpeg'));
  // Not executable: skipped.
  await writeFile(path.join(withoutFfmpeg, 'ffmpeg'), 'not a program');
  await chmod(path.join(withoutFfmpeg, 'ffmpeg'), 0o644);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resolveFfmpegBinary', () => {
  test('FFMPEG_BIN wins over ffmpeg-static and PATH', () => {
    expect(resolveFfmpegBinary({ FFMPEG_BIN: REAL_FFMPEG, PATH: withFfmpeg }, REAL_FFMPEG)).toBe(REAL_FFMPEG);
  });

  test("ffmpeg-static's binary when it exists", () => {
    expect(resolveFfmpegBinary({ PATH: withFfmpeg }, REAL_FFMPEG)).toBe(REAL_FFMPEG);
  });

  test("without ffmpeg-static's binary, the first executable ffmpeg on PATH", () => {
    const PATH = [withoutFfmpeg, withFfmpeg].join(path.delimiter);
    expect(resolveFfmpegBinary({ PATH }, MISSING_STATIC)).toBe(path.join(withFfmpeg, 'ffmpeg'));
    expect(resolveFfmpegBinary({ PATH }, null)).toBe(path.join(withFfmpeg, 'ffmpeg'));
  });

  test('none of the three: FFMPEG_NOT_FOUND saying what was tried', () => {
    expect(() => resolveFfmpegBinary({ PATH: withoutFfmpeg }, MISSING_STATIC)).toThrow(
      expect.objectContaining({
        code: 'FFMPEG_NOT_FOUND',
        message: `no ffmpeg found: FFMPEG_BIN is not set, ffmpeg-static has no binary (${MISSING_STATIC}; its download may have failed at install) and there is no ffmpeg on PATH. Install ffmpeg (e.g. apt-get install ffmpeg) or set FFMPEG_BIN=/path/to/ffmpeg`,
      }),
    );
  });
});
