/**
 * Which ffmpeg to run: `FFMPEG_BIN` when set, else the binary that `ffmpeg-static` downloaded at install.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FfmpegNotFoundError } from './errors.ts';

/** ffmpeg-static exports the binary's path (CommonJS `module.exports = path`, null on unknown platforms). */
const ffmpegStaticPath = createRequire(import.meta.url)('ffmpeg-static') as string | null;

/**
 * Absolute path of an executable ffmpeg. Read at call time, so a changed `FFMPEG_BIN` takes effect.
 * @throws FfmpegNotFoundError (`FFMPEG_NOT_FOUND`) when neither `FFMPEG_BIN` nor ffmpeg-static gives an executable.
 */
export function resolveFfmpegBinary(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.FFMPEG_BIN;
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) {
      throw new FfmpegNotFoundError(`FFMPEG_BIN=${fromEnv}: expected an executable ffmpeg, found none at that path`);
    }
    return fromEnv;
  }
  if (ffmpegStaticPath && isExecutableFile(ffmpegStaticPath)) return ffmpegStaticPath;
  throw new FfmpegNotFoundError(
    'no ffmpeg found: FFMPEG_BIN is not set and ffmpeg-static has no binary ' +
      `(${ffmpegStaticPath ?? 'unsupported platform'}; its download may have failed at install). ` +
      'Install ffmpeg and set FFMPEG_BIN=/path/to/ffmpeg',
  );
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
