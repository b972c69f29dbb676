/**
 * A track transcoded on the fly by ffmpeg (Opus in Ogg or WebM, or MP3) as a chunked fetch `Response`.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { resolveFfmpegBinary } from '../audio/ffmpegBinary.ts';
import type { LibraryRootSource } from '../library/pathGuard.ts';
import { InvalidMediaArgumentError, TranscodeFailedError } from './errors.ts';
import { type MediaTrack, resolveTrackFile } from './mediaTrack.ts';
import type { TranscodeSlots } from './transcodeSlots.ts';

export const TRANSCODE_FORMATS = ['opus', 'mp3'] as const;
export type TranscodeFormat = (typeof TRANSCODE_FORMATS)[number];

/** What to transcode to. */
export interface TranscodeRequest {
  readonly format: TranscodeFormat;
  /** Opus only: `ogg` (default, `audio/ogg; codecs=opus`) or `webm` (`audio/webm; codecs=opus`, for Safari before 18.4). */
  readonly opusContainer?: 'ogg' | 'webm';
  /**
   * Bit rate in kbit/s (the client's maximum); absent or 0 = the format's default (Opus 128, MP3 192). Opus
   * is clamped to 16…256, MP3 takes the largest standard rate ≤ it (32…320).
   */
  readonly maxBitRateKbps?: number;
  /** Start this many seconds into the track (ffmpeg `-ss` before `-i`: a fast, sample-accurate input seek); default 0. */
  readonly timeOffsetSeconds?: number;
}

export interface TranscodeOptions {
  /** The library roots the file must resolve inside. */
  readonly roots: LibraryRootSource;
  /** The bound on simultaneous transcodes (see mediaResources.ts). */
  readonly slots: TranscodeSlots;
  /** Environment that decides the ffmpeg binary (`FFMPEG_BIN`); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Default bit rates in kbit/s. */
export const DEFAULT_BIT_RATE_KBPS: Readonly<Record<TranscodeFormat, number>> = { opus: 128, mp3: 192 };

/** LAME's constant bit rates for MPEG-1 Layer III, kbit/s. */
const MP3_BIT_RATES = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] as const;

/** Bytes of ffmpeg's stderr kept for the error message. */
const STDERR_TAIL_BYTES = 2_048;

/** The bit rate ffmpeg is given, in kbit/s (see TranscodeRequest.maxBitRateKbps). */
export function transcodeBitRateKbps(format: TranscodeFormat, maxBitRateKbps: number | undefined): number {
  if (maxBitRateKbps === undefined || maxBitRateKbps === 0) return DEFAULT_BIT_RATE_KBPS[format];
  if (!Number.isFinite(maxBitRateKbps) || maxBitRateKbps < 0) {
    throw new InvalidMediaArgumentError('maxBitRate', 'a bit rate in kbit/s ≥ 0 (0 = no limit)', maxBitRateKbps);
  }
  if (format === 'opus') return Math.round(Math.min(256, Math.max(16, maxBitRateKbps)));
  return MP3_BIT_RATES.findLast((rate) => rate <= maxBitRateKbps) ?? MP3_BIT_RATES[0];
}

/** The Content-Type of a transcode. */
export function transcodeMimeType(request: TranscodeRequest): string {
  if (request.format === 'mp3') return 'audio/mpeg';
  return request.opusContainer === 'webm' ? 'audio/webm; codecs=opus' : 'audio/ogg; codecs=opus';
}

/** ffmpeg's arguments: input seek, first audio stream only, stereo at most, the encoder, the muxer to stdout. */
export function transcodeArguments(inputPath: string, request: TranscodeRequest, channels: number | null): string[] {
  const offset = request.timeOffsetSeconds ?? 0;
  const bitRate = transcodeBitRateKbps(request.format, request.maxBitRateKbps);
  const encoder =
    request.format === 'mp3'
      ? ['-c:a', 'libmp3lame', '-b:a', `${bitRate}k`, '-write_xing', '0', '-f', 'mp3']
      : ['-c:a', 'libopus', '-b:a', `${bitRate}k`, '-vbr', 'on', '-f', request.opusContainer === 'webm' ? 'webm' : 'ogg'];
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    ...(offset > 0 ? ['-ss', offset.toFixed(3)] : []),
    '-i', inputPath,
    '-map', '0:a:0', '-vn', '-sn', '-dn', '-map_metadata', '-1',
    '-ac', channels === 1 ? '1' : '2',
    ...encoder,
    'pipe:1',
  ];
}

/**
 * Transcodes a track with ffmpeg while the client reads (`FFMPEG_BIN` honoured via server/audio/ffmpegBinary.ts).
 *
 * The answer is 200, chunked (no Content-Length), `Accept-Ranges: none` (seek with `timeOffsetSeconds`,
 * `X-Content-Duration` gives the remaining seconds when the duration is known), `Cache-Control: no-store`.
 * The Response is returned once ffmpeg wrote its first bytes, so a file ffmpeg cannot read gives
 * TRANSCODE_FAILED instead of a 200 with an empty body. HEAD answers the headers without starting ffmpeg.
 * ffmpeg is killed (SIGKILL) when `request.signal` aborts (the client went away) or the body is cancelled,
 * and its slot is freed when it exits. Should ffmpeg fail after its first bytes, the stream just ends there.
 *
 * @throws INVALID_ARGUMENT (bit rate, offset), PATH_OUTSIDE_LIBRARY / FILE_NOT_FOUND / NOT_A_FILE
 *   (resolveTrackFile), TOO_MANY_TRANSCODES (all slots busy), TRANSCODE_FAILED, FFMPEG_NOT_FOUND.
 */
export async function transcodedResponse(
  request: Request,
  track: MediaTrack,
  transcode: TranscodeRequest,
  options: TranscodeOptions,
): Promise<Response> {
  if (!(TRANSCODE_FORMATS as readonly string[]).includes(transcode.format)) {
    throw new InvalidMediaArgumentError('format', TRANSCODE_FORMATS.join(' or '), transcode.format);
  }
  const offset = transcode.timeOffsetSeconds ?? 0;
  if (!Number.isFinite(offset) || offset < 0) throw new InvalidMediaArgumentError('timeOffset', 'seconds ≥ 0', offset);
  const resolved = await resolveTrackFile(track, options.roots);
  const args = transcodeArguments(resolved, transcode, track.channels);
  const headers = new Headers({
    'content-type': transcodeMimeType(transcode),
    'accept-ranges': 'none',
    'cache-control': 'no-store',
  });
  if (track.durationSeconds != null) headers.set('x-content-duration', Math.max(0, Number(track.durationSeconds) - offset).toFixed(3));
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });

  const ffmpeg = resolveFfmpegBinary(options.env);
  const release = options.slots.acquire();
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    release();
    throw error;
  }
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
    child.once('error', (spawnError) => resolve({ code: null, spawnError }));
    child.once('close', (code) => resolve({ code }));
  });
  // The slot is free once the process is gone ('exit'; 'close' also waits for unread output).
  child.once('exit', release);
  child.once('error', release);
  let killed = false;
  const kill = () => {
    killed = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // Unread output would keep the pipe (and 'close') waiting.
    child.stdout.destroy();
  };
  if (request.signal.aborted) kill();
  else request.signal.addEventListener('abort', kill, { once: true });
  // This closure holds `request` until ffmpeg is gone: a Request follows the signal it was made with only
  // through a weak link (undici), so once collected it would never pass the abort on.
  void exited.then(() => request.signal.removeEventListener('abort', kill));

  const chunks = child.stdout[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const failure = async (): Promise<TranscodeFailedError | undefined> => {
    const { code, spawnError } = await exited;
    if (killed || code === 0) return undefined;
    const reason = spawnError?.message ?? (stderr.trim().split('\n').at(-1) || `exit code ${code}`);
    return new TranscodeFailedError(track.path, reason);
  };

  let first: IteratorResult<Buffer>;
  try {
    first = await chunks.next();
  } catch (error) {
    if (!killed) {
      kill();
      throw error;
    }
    first = { done: true, value: undefined };
  }
  if (first.done) {
    const error = await failure();
    if (error !== undefined) throw error;
  }
  let pending: Buffer | undefined = first.done ? undefined : first.value;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending !== undefined) {
        controller.enqueue(new Uint8Array(pending.buffer, pending.byteOffset, pending.byteLength));
        pending = undefined;
        return;
      }
      try {
        const next = await chunks.next();
        if (!next.done) {
          controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
          return;
        }
        // A failure after the first bytes ends the stream early rather than erroring it: the HTTP adapter
        // would leave a response whose body errors open forever.
        await exited;
        controller.close();
      } catch {
        kill();
        controller.close();
      }
    },
    cancel() {
      kill();
    },
  });
  return new Response(body, { status: 200, headers });
}
