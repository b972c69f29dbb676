/**
 * Named errors of audio decoding and analysis. Each carries a stable `code` and a message that names the
 * file and says what was expected and what was received, with ffmpeg's own words where ffmpeg failed:
 * "`/music/x.mp3`: ffmpeg could not decode (Invalid data found when processing input)".
 */
import { AuralisError } from '../errors.ts';

/** The path does not exist (code `FILE_NOT_FOUND`). */
export class FileNotFoundError extends AuralisError {
  readonly path: string;
  constructor(path: string) {
    super('FILE_NOT_FOUND', `\`${path}\`: file not found (expected an audio file)`);
    this.path = path;
  }
}

/** The path exists but is a directory, a device or another non-regular file (code `NOT_A_FILE`). */
export class NotAFileError extends AuralisError {
  readonly path: string;
  constructor(path: string, kind: string) {
    super('NOT_A_FILE', `\`${path}\`: expected an audio file, received a ${kind}`);
    this.path = path;
  }
}

/**
 * ffmpeg could not open or decode the file, or found no audio stream in it, or the file could not be read
 * at all (empty, no permission) (code `UNREADABLE_FILE`).
 */
export class UnreadableFileError extends AuralisError {
  readonly path: string;
  /** ffmpeg's own explanation (its last error line), or ours when ffmpeg was not asked. */
  readonly reason: string;
  constructor(path: string, reason: string, options: { cause?: unknown; message?: string } = {}) {
    super('UNREADABLE_FILE', options.message ?? `\`${path}\`: ffmpeg could not decode (${reason})`, options);
    this.path = path;
    this.reason = reason;
  }
}

/** Less audio than the analysis needs (code `TOO_SHORT`). */
export class TooShortError extends AuralisError {
  readonly path: string;
  readonly durationSeconds: number;
  readonly minimumSeconds: number;
  constructor(path: string, durationSeconds: number, minimumSeconds: number) {
    super(
      'TOO_SHORT',
      `\`${path}\`: expected at least ${minimumSeconds} s of audio, received ${durationSeconds.toFixed(3)} s`,
    );
    this.path = path;
    this.durationSeconds = durationSeconds;
    this.minimumSeconds = minimumSeconds;
  }
}

/** Decoding took longer than the allowed time; ffmpeg was killed (code `DECODE_TIMEOUT`). */
export class DecodeTimeoutError extends AuralisError {
  readonly path: string;
  readonly timeoutMs: number;
  constructor(path: string, timeoutMs: number) {
    super('DECODE_TIMEOUT', `\`${path}\`: decoding did not finish within ${timeoutMs} ms; ffmpeg was stopped`);
    this.path = path;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired; ffmpeg was killed (code `ABORTED`). */
export class AnalysisAbortedError extends AuralisError {
  readonly path: string;
  constructor(path: string, reason?: unknown) {
    const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
    super('ABORTED', `\`${path}\`: analysis aborted${why ? ` (${why})` : ''}`, { cause: reason });
    this.path = path;
  }
}

/** No ffmpeg binary to run (code `FFMPEG_NOT_FOUND`). */
export class FfmpegNotFoundError extends AuralisError {
  constructor(message: string) {
    super('FFMPEG_NOT_FOUND', message);
  }
}

/**
 * The file describes a stream no real recording has (sample rate, channel count, or a duration its size
 * cannot hold), or holds no audio container at all; refused before it is decoded (code `UNSUPPORTED_STREAM`).
 */
export class UnsupportedStreamError extends AuralisError {
  readonly path: string;
  constructor(path: string, detail: string) {
    super('UNSUPPORTED_STREAM', `\`${path}\`: ${detail}; not decoded`);
    this.path = path;
  }
}

/** ffmpeg's resident memory passed the cap; it was killed (code `DECODER_MEMORY_LIMIT`). */
export class DecoderMemoryLimitError extends AuralisError {
  readonly path: string;
  /** The cap in MiB (`AURALIS_DECODER_MEMORY_MB`). */
  readonly limitMb: number;
  /** The peak resident memory seen, in MiB. */
  readonly usedMb: number;
  constructor(path: string, limitMb: number, usedMb: number) {
    super(
      'DECODER_MEMORY_LIMIT',
      `\`${path}\`: expected ffmpeg to decode within ${limitMb} MiB of memory (AURALIS_DECODER_MEMORY_MB), ` +
        `received a peak of ${usedMb} MiB; ffmpeg was stopped`,
    );
    this.path = path;
    this.limitMb = limitMb;
    this.usedMb = usedMb;
  }
}
