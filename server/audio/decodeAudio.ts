/**
 * Streams any file ffmpeg can read as interleaved float32 PCM at 44 100 Hz, in bounded chunks, into a
 * caller-supplied sink (for the analyser: a view on the WASM input buffer, so each byte is copied once).
 *
 * - One ffmpeg process per file: `file:<absolute path>` input (no protocol or option can hide in a path),
 *   an argument array and no shell, `-nostdin`, first audio stream only (`-map 0:a:0 -vn -sn -dn`).
 * - Channels: mono stays mono, stereo stays stereo, more channels are down-mixed to stereo by ffmpeg's
 *   standard matrix (`aformat=channel_layouts=mono|stereo` makes libswresample pick the nearest layout).
 * - The probe (codec, container, source channels and rate, duration) is parsed from the same run's stderr.
 * - ffmpeg writes into a socket that we read with a fixed buffer (see pcmSocket.ts). Reads may end
 *   mid-sample; FrameAssembler copies bytes and hands over only whole frames.
 * - ffmpeg decodes in its own process (the other core) while the sink analyses: the socket buffer and the
 *   kernel's scheduling overlap the two.
 * - The child is killed (SIGKILL) on abort, timeout or a sink error, and the promise settles only after
 *   it has exited, so no ffmpeg is ever left behind.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type FfmpegBanner, type SourceStreamInfo, ffmpegFailureReason, parseFfmpegBanner } from './ffmpegBanner.ts';
import { resolveFfmpegBinary } from './ffmpegBinary.ts';
import {
  AnalysisAbortedError,
  DecodeTimeoutError,
  FileNotFoundError,
  NotAFileError,
  UnreadableFileError,
} from './errors.ts';
import { FrameAssembler } from './frameAssembler.ts';
import { openPcmSocketPair } from './pcmSocket.ts';

/** Sample rate of every PCM stream the decoder delivers, in Hz (SPEC: analysis conventions). */
export const ANALYSIS_SAMPLE_RATE = 44_100;

/** Bytes per read from ffmpeg (the Linux pipe/socket chunk size is 64 KiB). */
const READ_BUFFER_BYTES = 64 * 1024;
/** stderr kept for the banner (it comes first and is small) and for the failure reason (the tail). */
const STDERR_HEAD_CHARS = 64 * 1024;
const STDERR_TAIL_CHARS = 8 * 1024;

export type PcmChannels = 1 | 2;

/** The PCM the sink receives, and what the source file said about itself. */
export interface PcmFormat {
  /** Interleaved channels of the delivered PCM: 1 (mono) or 2 (stereo). */
  readonly channels: PcmChannels;
  /** Always 44 100 Hz. */
  readonly sampleRate: number;
  readonly source: SourceStreamInfo;
}

/**
 * Where decoded PCM goes. The decoder calls `start` once before any sample, then repeatedly fills
 * `target()` with whole interleaved float32 frames (little-endian, native on every supported platform)
 * and calls `write(frames)`.
 */
export interface PcmSink {
  start(format: PcmFormat): void;
  /**
   * Writable bytes for the next chunk, e.g. a Uint8Array view on WASM memory. Asked for again after every
   * `write` (so a view on memory that grew is re-created). Only whole frames are used: the length is
   * rounded down to a multiple of 4 × channels, and must hold at least one frame.
   */
  target(): Uint8Array;
  /** `frames` whole frames have been written at the start of the last `target()`. */
  write(frames: number): void;
}

export interface DecodeOptions {
  /** Aborting kills ffmpeg and rejects with `AnalysisAbortedError` (`ABORTED`). */
  readonly signal?: AbortSignal;
  /** Wall-clock limit in ms; kills ffmpeg and rejects with `DecodeTimeoutError` (`DECODE_TIMEOUT`). */
  readonly timeoutMs?: number;
  /** Called with ffmpeg's pid right after it is spawned (tests use it to prove the child is gone). */
  readonly onSpawn?: (pid: number) => void;
}

export interface DecodeResult {
  readonly format: PcmFormat;
  /** Frames delivered to the sink (samples per channel). */
  readonly frames: number;
  /** Decoded duration in seconds: frames / 44 100. */
  readonly durationSeconds: number;
}

/** The ffmpeg arguments for one decode (exported for documentation and tests). */
export function ffmpegDecodeArguments(absolutePath: string): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-i',
    `file:${absolutePath}`,
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    '-af',
    'aformat=sample_fmts=flt:channel_layouts=mono|stereo',
    '-ar',
    String(ANALYSIS_SAMPLE_RATE),
    '-c:a',
    'pcm_f32le',
    '-f',
    'f32le',
    // Write whole 32 KiB I/O buffers, not one small packet each (an mp3 frame is 9 KiB of f32 stereo):
    // a third of the reads and wake-ups on our side, about 40 ms less CPU per 4-minute track.
    '-flush_packets',
    '0',
    'pipe:1',
  ];
}

/**
 * Checks that `filePath` names a readable regular file, before ffmpeg is started.
 * @throws FileNotFoundError, NotAFileError, UnreadableFileError
 */
export async function assertRegularFile(filePath: string): Promise<string> {
  if (typeof filePath !== 'string' || filePath.length === 0) {
    throw new FileNotFoundError(typeof filePath === 'string' ? '' : String(filePath));
  }
  const absolute = path.resolve(filePath);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileNotFoundError(filePath);
    throw new UnreadableFileError(filePath, (error as Error).message, {
      cause: error,
      message: `\`${filePath}\`: expected a readable audio file, could not read it (${(error as Error).message})`,
    });
  }
  if (info.isDirectory()) throw new NotAFileError(filePath, 'directory');
  if (!info.isFile()) throw new NotAFileError(filePath, 'special file (device, socket or FIFO)');
  if (info.size === 0) {
    throw new UnreadableFileError(filePath, 'empty file', {
      message: `\`${filePath}\`: expected an audio file, received an empty file (0 bytes)`,
    });
  }
  return absolute;
}

/**
 * Decodes `filePath` into `sink`. Resolves when ffmpeg has exited successfully and every frame has been
 * written; rejects with a named error otherwise (the sink's own errors are passed through unchanged).
 */
export async function decodeAudio(filePath: string, sink: PcmSink, options: DecodeOptions = {}): Promise<DecodeResult> {
  const { signal, timeoutMs } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`timeoutMs: expected a positive number of milliseconds, received ${timeoutMs}`);
  }
  if (signal?.aborted) throw new AnalysisAbortedError(filePath, signal.reason);
  const absolute = await assertRegularFile(filePath);
  const binary = resolveFfmpegBinary();
  if (signal?.aborted) throw new AnalysisAbortedError(filePath, signal.reason);

  let failure: unknown;
  let format: PcmFormat | undefined;
  let assembler: FrameAssembler | undefined;
  let fail: (error: unknown) => void = (error) => {
    failure ??= error;
  };

  /** Copies one read into the sink's buffer (the reader is resumed only once `assembler` exists). */
  const onBytes = (count: number, buffer: Uint8Array): void => {
    if (failure !== undefined) return;
    try {
      assembler!.accept(buffer, count);
    } catch (error) {
      fail(error);
    }
  };

  const pair = await openPcmSocketPair(new Uint8Array(READ_BUFFER_BYTES), onBytes);
  let child;
  try {
    child = spawn(binary, ffmpegDecodeArguments(absolute), {
      stdio: ['ignore', pair.childEnd, 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    pair.reader.destroy();
    throw error;
  } finally {
    pair.childEnd.destroy(); // the child holds its own copy; ours must close for EOF to reach the reader
  }
  // ffmpeg describes its output ("Output #0 … Stream #0:0: Audio: pcm_f32le, 44100 Hz, stereo") before it
  // writes the first sample, so the reader stays paused until the layout is known from stderr.
  if (child.pid !== undefined) options.onSpawn?.(child.pid);

  return new Promise<DecodeResult>((resolve, reject) => {
    let stderrHead = '';
    let stderrTail = '';
    let banner: FfmpegBanner | undefined;
    let childClosed = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let readerEnded = false;
    let settled = false;

    const timer =
      timeoutMs === undefined ? undefined : setTimeout(() => fail(new DecodeTimeoutError(filePath, timeoutMs)), timeoutMs);
    const onAbort = (): void => fail(new AnalysisAbortedError(filePath, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });

    const cleanUp = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      pair.reader.destroy();
    };

    const settle = (): void => {
      if (settled || !childClosed) return;
      if (failure !== undefined) {
        settled = true;
        cleanUp();
        reject(failure);
        return;
      }
      if (exitCode !== 0) {
        settled = true;
        cleanUp();
        reject(new UnreadableFileError(filePath, ffmpegFailureReason(stderrHead + stderrTail, exitCode, exitSignal)));
        return;
      }
      if (!format) {
        settled = true;
        cleanUp();
        reject(new UnreadableFileError(filePath, 'ffmpeg reported no decodable audio stream'));
        return;
      }
      if (!readerEnded) return; // the last bytes are still in the socket
      settled = true;
      let frames: number;
      try {
        assembler!.flush();
        frames = assembler!.frames;
      } catch (error) {
        cleanUp();
        reject(error);
        return;
      }
      cleanUp();
      resolve({ format, frames, durationSeconds: frames / ANALYSIS_SAMPLE_RATE });
    };

    fail = (error: unknown): void => {
      if (failure !== undefined) return;
      failure = error;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      pair.reader.destroy();
      settle();
    };

    const start = (parsed: FfmpegBanner): void => {
      if (parsed.outputChannels !== 1 && parsed.outputChannels !== 2) {
        throw new UnreadableFileError(filePath, `ffmpeg delivered ${parsed.outputChannels} channels, expected 1 or 2`);
      }
      if (parsed.outputSampleRate !== ANALYSIS_SAMPLE_RATE) {
        throw new UnreadableFileError(
          filePath,
          `ffmpeg delivered ${parsed.outputSampleRate} Hz, expected ${ANALYSIS_SAMPLE_RATE} Hz`,
        );
      }
      const channels: PcmChannels = parsed.outputChannels;
      format = { channels, sampleRate: ANALYSIS_SAMPLE_RATE, source: parsed.source };
      sink.start(format);
      assembler = new FrameAssembler(sink, channels);
      pair.reader.resume();
    };

    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      if (stderrHead.length < STDERR_HEAD_CHARS) stderrHead += text;
      else stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
      if (banner === undefined && failure === undefined) {
        banner = parseFfmpegBanner(stderrHead);
        if (banner !== undefined) {
          try {
            start(banner);
          } catch (error) {
            fail(error);
          }
        }
      }
    });
    child.once('error', (error) => fail(new UnreadableFileError(filePath, `could not run ${binary}: ${error.message}`, { cause: error })));
    child.once('close', (code, killSignal) => {
      childClosed = true;
      exitCode = code;
      exitSignal = killSignal;
      settle();
    });
    pair.reader.once('end', () => {
      readerEnded = true;
      settle();
    });
    pair.reader.once('error', (error) => fail(error));
    if (signal?.aborted) onAbort(); // aborted while the socket pair was being opened
  });
}
