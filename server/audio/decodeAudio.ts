/**
 * Streams any file ffmpeg can read as interleaved float32 PCM at 44 100 Hz, in bounded chunks, into a
 * caller-supplied sink (for the analyser: a view on the WASM input buffer, so each byte is copied once).
 *
 * - The file is opened here (non-blocking, so a FIFO cannot hang the open; fstat must say regular file) and
 *   ffmpeg reads that same open file as `file:/dev/fd/3`: no protocol or option can hide in a path, a file
 *   swapped after the check is not what ffmpeg reads, and a name that is not UTF-8 (storedPath.ts) works.
 *   An argument array and no shell, `-nostdin`, first audio stream only (`-map 0:a:0 -vn -sn -dn`).
 * - Refused before decoding (`UNSUPPORTED_STREAM`, streamLimits.ts): a file whose first 64 KiB are all zero
 *   (sparse or zero-filled), and a source stream whose rate, channels or duration-for-its-size are
 *   impossible, checked on ffmpeg's `Input #0` description, printed before it decodes the first packet.
 * - Memory: ffmpeg's `-max_alloc` and a resident-memory watcher bound each decoder to
 *   `AURALIS_DECODER_MEMORY_MB` (default 512 MiB; decoderMemory.ts, `DECODER_MEMORY_LIMIT`).
 * - Channels: mono stays mono, stereo stays stereo, more channels are down-mixed to stereo by ffmpeg's
 *   standard matrix (`aformat=channel_layouts=mono|stereo` makes libswresample pick the nearest layout).
 * - The probe (codec, container, source channels and rate, duration) is parsed from the same run's stderr.
 * - ffmpeg writes into a socket that we read with a fixed buffer (see pcmSocket.ts). Reads may end
 *   mid-sample; FrameAssembler copies bytes and hands over only whole frames.
 * - ffmpeg decodes in its own process (the other core) while the sink analyses: the socket buffer and the
 *   kernel's scheduling overlap the two.
 * - The child is killed (SIGKILL) on abort, timeout, a refused stream, the memory cap or a sink error, and
 *   the promise settles only after
 *   it has exited, so no ffmpeg is ever left behind.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { decoderMemoryLimitMb, watchDecoderMemory } from './decoderMemory.ts';
import {
  type FfmpegBanner,
  type SourceStreamInfo,
  ffmpegFailureReason,
  parseFfmpegBanner,
  parseFfmpegInput,
} from './ffmpegBanner.ts';
import { resolveFfmpegBinary } from './ffmpegBinary.ts';
import {
  AnalysisAbortedError,
  DecodeTimeoutError,
  DecoderMemoryLimitError,
  FileNotFoundError,
  NotAFileError,
  UnreadableFileError,
  UnsupportedStreamError,
} from './errors.ts';
import { FrameAssembler } from './frameAssembler.ts';
import { openPcmSocketPair } from './pcmSocket.ts';
import { fileSystemPath } from './storedPath.ts';
import { LEADING_BYTES_CHECKED, implausibleStreamReason, isAllZero } from './streamLimits.ts';

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
  /**
   * Cap of ffmpeg's resident memory in MiB; passing it kills ffmpeg with `DecoderMemoryLimitError`
   * (`DECODER_MEMORY_LIMIT`). Default `AURALIS_DECODER_MEMORY_MB`, else 512.
   */
  readonly memoryLimitMb?: number;
}

export interface DecodeResult {
  readonly format: PcmFormat;
  /** Frames delivered to the sink (samples per channel). */
  readonly frames: number;
  /** Decoded duration in seconds: frames / 44 100. */
  readonly durationSeconds: number;
}

/** The file descriptor number under which the child sees the opened input file. */
const INPUT_FD = 3;

/**
 * The ffmpeg arguments for one decode (exported for documentation and tests): input `file:/dev/fd/3`, the
 * file opened and checked by the caller; no single allocation above `maxAllocBytes`.
 */
export function ffmpegDecodeArguments(maxAllocBytes: number): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-max_alloc',
    String(maxAllocBytes),
    '-i',
    `file:/dev/fd/${INPUT_FD}`,
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
 * Opens `filePath` (a stored path: storedPath.ts) for reading without blocking, and checks that it is a
 * non-empty regular file that does not start with 64 KiB of zero bytes, before ffmpeg is started.
 * @throws FileNotFoundError, NotAFileError, UnreadableFileError, UnsupportedStreamError
 */
export async function openAudioFile(filePath: string): Promise<{ handle: FileHandle; size: number }> {
  if (typeof filePath !== 'string' || filePath.length === 0) {
    throw new FileNotFoundError(typeof filePath === 'string' ? '' : String(filePath));
  }
  const target = fileSystemPath(filePath);
  let handle: FileHandle;
  try {
    handle = await open(typeof target === 'string' ? path.resolve(target) : target, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileNotFoundError(filePath);
    if (code === 'ENXIO') throw new NotAFileError(filePath, 'special file (device, socket or FIFO)');
    throw new UnreadableFileError(filePath, (error as Error).message, {
      cause: error,
      message: `\`${filePath}\`: expected a readable audio file, could not read it (${(error as Error).message})`,
    });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new NotAFileError(filePath, 'directory');
    if (!info.isFile()) throw new NotAFileError(filePath, 'special file (device, socket or FIFO)');
    if (info.size === 0) {
      throw new UnreadableFileError(filePath, 'empty file', {
        message: `\`${filePath}\`: expected an audio file, received an empty file (0 bytes)`,
      });
    }
    if (info.size >= LEADING_BYTES_CHECKED) {
      const { buffer, bytesRead } = await handle.read(new Uint8Array(LEADING_BYTES_CHECKED), 0, LEADING_BYTES_CHECKED, 0);
      if (bytesRead === LEADING_BYTES_CHECKED && isAllZero(buffer)) {
        throw new UnsupportedStreamError(
          filePath,
          `expected an audio container, received ${LEADING_BYTES_CHECKED / 1024} KiB of zero bytes at the start ` +
            `of a ${info.size}-byte file (a sparse or zero-filled file)`,
        );
      }
    }
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
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
  const memoryLimitMb = options.memoryLimitMb ?? decoderMemoryLimitMb();
  if (!(Number.isInteger(memoryLimitMb) && memoryLimitMb > 0)) {
    throw new RangeError(`memoryLimitMb: expected a positive integer number of MiB, received ${memoryLimitMb}`);
  }
  if (signal?.aborted) throw new AnalysisAbortedError(filePath, signal.reason);
  const binary = resolveFfmpegBinary();
  const { handle, size: fileBytes } = await openAudioFile(filePath);
  if (signal?.aborted) {
    await handle.close();
    throw new AnalysisAbortedError(filePath, signal.reason);
  }

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

  let pair;
  try {
    pair = await openPcmSocketPair(new Uint8Array(READ_BUFFER_BYTES), onBytes);
  } catch (error) {
    await handle.close();
    throw error;
  }
  let child;
  try {
    child = spawn(binary, ffmpegDecodeArguments(memoryLimitMb * 1024 * 1024), {
      stdio: ['ignore', pair.childEnd, 'pipe', handle.fd],
      windowsHide: true,
    });
  } catch (error) {
    pair.reader.destroy();
    throw error;
  } finally {
    pair.childEnd.destroy(); // the child holds its own copy; ours must close for EOF to reach the reader
    await handle.close(); // likewise the input file
  }
  // ffmpeg describes its output ("Output #0 … Stream #0:0: Audio: pcm_f32le, 44100 Hz, stereo") before it
  // writes the first sample, so the reader stays paused until the layout is known from stderr.
  if (child.pid !== undefined) options.onSpawn?.(child.pid);

  return new Promise<DecodeResult>((resolve, reject) => {
    let stderrHead = '';
    let stderrTail = '';
    let banner: FfmpegBanner | undefined;
    let inputChecked = false;
    let childClosed = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let readerEnded = false;
    let settled = false;

    const timer =
      timeoutMs === undefined ? undefined : setTimeout(() => fail(new DecodeTimeoutError(filePath, timeoutMs)), timeoutMs);
    const onAbort = (): void => fail(new AnalysisAbortedError(filePath, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const memory =
      child.pid === undefined
        ? undefined
        : watchDecoderMemory(child.pid, memoryLimitMb, (peakMb) =>
            fail(new DecoderMemoryLimitError(filePath, memoryLimitMb, peakMb)),
          );

    /** Refuses an impossible source stream as soon as ffmpeg has described its input (once). */
    const checkInput = (stderr: string): void => {
      if (inputChecked) return;
      const source = parseFfmpegInput(stderr);
      if (source === undefined) return;
      inputChecked = true;
      const reason = implausibleStreamReason(source, fileBytes);
      if (reason !== undefined) fail(new UnsupportedStreamError(filePath, reason));
    };

    const cleanUp = (): void => {
      memory?.stop();
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
      if (failure === undefined) checkInput(stderrHead);
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
    child.once('exit', () => memory?.stop()); // before the pid can be reused
    child.once('close', (code, killSignal) => {
      childClosed = true;
      if (failure === undefined) checkInput(stderrHead); // a refusal outranks ffmpeg's own failure
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
