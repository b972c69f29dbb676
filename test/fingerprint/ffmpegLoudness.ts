/**
 * The reference loudness: ffmpeg's own EBU R128 filter, as the spec prescribes
 * (`ffmpeg -i FILE -af aresample=44100,ebur128=dualmono=true -f null -`). The summary prints "I: x LUFS"
 * with one decimal; the filter's per-frame metadata (`lavfi.r128.I`) carries three, so both are read and
 * the precise one is returned after checking that they agree.
 */
import { spawn } from 'node:child_process';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';

/** Runs ffmpeg with `args` and returns its stdout and stderr; a non-zero exit throws with `what` and the tail of stderr. */
async function runFfmpeg(args: readonly string[], what: string): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(resolveFfmpegBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${what} exited with ${code}: ${stderr.slice(-500)}`);
  return { stdout, stderr };
}

export async function ffmpegIntegratedLoudness(file: string): Promise<number> {
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-i', `file:${file}`,
    '-af', 'aresample=44100,ebur128=dualmono=true:metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=-',
    '-f', 'null', '-',
  ];
  const { stdout, stderr } = await runFfmpeg(args, `ffmpeg ebur128 on ${file}`);
  const precise = [...stdout.matchAll(/lavfi\.r128\.I=(-?[\d.]+|-inf)/g)].at(-1)?.[1];
  const summary = /Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf) LUFS/.exec(stderr)?.[1];
  if (precise === undefined || summary === undefined) {
    throw new Error(`ffmpeg ebur128 on ${file}: no integrated loudness in its output`);
  }
  const value = Number(precise);
  if (Math.abs(value - Number(summary)) > 0.051) {
    throw new Error(`ffmpeg ebur128 on ${file}: metadata I=${precise} disagrees with summary I=${summary}`);
  }
  return value;
}

/**
 * The reference true peak: ffmpeg's `ebur128=peak=true` (BS.1770-4 Annex 2; ffmpeg oversamples to 192 kHz),
 * in dBTP, from the filter's `lavfi.r128.true_peak` metadata (linear, three decimals, checked against the
 * summary's one-decimal dBFS).
 */
export async function ffmpegTruePeakDbtp(file: string): Promise<number> {
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-i', `file:${file}`,
    '-af', 'ebur128=peak=true:metadata=1,ametadata=mode=print:key=lavfi.r128.true_peak:file=-',
    '-f', 'null', '-',
  ];
  const { stdout, stderr } = await runFfmpeg(args, `ffmpeg ebur128 peak=true on ${file}`);
  const linear = [...stdout.matchAll(/lavfi\.r128\.true_peak=([\d.]+)/g)].at(-1)?.[1];
  const summary = /True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-inf) dBFS/.exec(stderr)?.[1];
  if (linear === undefined || summary === undefined) throw new Error(`ffmpeg ebur128 on ${file}: no true peak in its output`);
  const dbtp = 20 * Math.log10(Number(linear));
  if (Math.abs(dbtp - Number(summary)) > 0.06) {
    throw new Error(`ffmpeg ebur128 on ${file}: metadata true_peak=${linear} disagrees with summary ${summary} dBFS`);
  }
  return dbtp;
}
