/**
 * Which ffmpeg to run: `FFMPEG_BIN` when set, else the binary that `ffmpeg-static` downloaded at install, else
 * `ffmpeg` on PATH (an install without internet has no ffmpeg-static binary, but may have a system ffmpeg).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import which from 'which';
import { FfmpegNotFoundError } from './errors.ts';

/** ffmpeg-static exports the binary's path (CommonJS `module.exports = path`, null on unknown platforms). */
const ffmpegStaticPath = createRequire(import.meta.url)('ffmpeg-static') as string | null;

/**
 * Absolute path of an executable ffmpeg. Read at call time, so a changed `FFMPEG_BIN` or PATH takes effect.
 * @param staticPath ffmpeg-static's binary path (a parameter for tests).
 * @throws FfmpegNotFoundError (`FFMPEG_NOT_FOUND`) when neither `FFMPEG_BIN`, ffmpeg-static nor PATH gives an executable.
 */
export function resolveFfmpegBinary(env: NodeJS.ProcessEnv = process.env, staticPath: string | null = ffmpegStaticPath): string {
  const fromEnv = env.FFMPEG_BIN;
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) {
      throw new FfmpegNotFoundError(`FFMPEG_BIN=${fromEnv}: expected an executable ffmpeg, found none at that path`);
    }
    return fromEnv;
  }
  if (staticPath && isExecutableFile(staticPath)) return staticPath;
  const onPath = which.sync('ffmpeg', { path: env.PATH ?? '', nothrow: true });
  if (onPath !== null) return onPath;
  throw new FfmpegNotFoundError(
    'no ffmpeg found: FFMPEG_BIN is not set, ffmpeg-static has no binary ' +
      `(${staticPath ?? 'unsupported platform'}; its download may have failed at install) and there is no ffmpeg on PATH. ` +
      'Install ffmpeg (e.g. apt-get install ffmpeg) or set FFMPEG_BIN=/path/to/ffmpeg',
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
