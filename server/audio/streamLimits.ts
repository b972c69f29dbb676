/**
 * What a real audio stream looks like, checked on the source's own description before it is decoded. A
 * header that lies (a 2 MB WAV "at 1 Hz" claims 291 hours) makes ffmpeg resample each packet into gigabytes;
 * such files are refused with `UNSUPPORTED_STREAM` instead.
 */
import type { SourceStreamInfo } from './ffmpegBanner.ts';

/** Lowest accepted source sample rate in Hz (below telephone audio's 8 kHz, above nothing real). */
export const MIN_SOURCE_SAMPLE_RATE = 4_000;
/**
 * Highest accepted source sample rate in Hz: 768 kHz PCM, and ffmpeg's DSD rates (DSD512 is decoded at
 * 22.5792 MHz / 8 = 2.8224 MHz). Downsampling does not multiply memory, so the bound is generous.
 */
export const MAX_SOURCE_SAMPLE_RATE = 3_072_000;
/** Highest accepted channel count (22.2 surround has 24). */
export const MAX_SOURCE_CHANNELS = 32;
/**
 * Lowest plausible average bit rate in bit/s: size × 8 / claimed duration. Codec2's slowest mode is
 * 450 bit/s, speech codecs more; a header claiming less describes audio the file cannot hold.
 */
export const MIN_PLAUSIBLE_BITS_PER_SECOND = 256;

/**
 * Why `source` cannot be a real stream of a `fileBytes`-byte file ("expected … received …"), or undefined
 * when it is plausible. An absent duration (ffmpeg's `N/A`) is not held against the file.
 */
export function implausibleStreamReason(source: SourceStreamInfo, fileBytes: number): string | undefined {
  const { sampleRate, channels, durationSeconds } = source;
  if (!Number.isFinite(sampleRate)) {
    return 'expected an audio stream with a sample rate, ffmpeg found none (no decodable audio in the file)';
  }
  if (sampleRate < MIN_SOURCE_SAMPLE_RATE || sampleRate > MAX_SOURCE_SAMPLE_RATE) {
    return `expected a sample rate of ${MIN_SOURCE_SAMPLE_RATE}–${MAX_SOURCE_SAMPLE_RATE} Hz, received ${sampleRate} Hz`;
  }
  if (Number.isFinite(channels) && (channels < 1 || channels > MAX_SOURCE_CHANNELS)) {
    return `expected 1–${MAX_SOURCE_CHANNELS} channels, received ${channels} channels`;
  }
  if (durationSeconds !== null && durationSeconds > 0) {
    const bitsPerSecond = (fileBytes * 8) / durationSeconds;
    if (bitsPerSecond < MIN_PLAUSIBLE_BITS_PER_SECOND) {
      return (
        `expected at least ${MIN_PLAUSIBLE_BITS_PER_SECOND} bit/s of data, received a claimed duration of ` +
        `${Math.round(durationSeconds)} s in ${fileBytes} bytes (${bitsPerSecond.toFixed(1)} bit/s)`
      );
    }
  }
  return undefined;
}

/** Bytes read from the start of a file to tell whether it holds anything but zeros. */
export const LEADING_BYTES_CHECKED = 64 * 1024;

/**
 * Whether the leading bytes are all zero: no audio container or elementary stream begins with 64 KiB of
 * zeros, but a sparse or zero-filled file does, and ffmpeg's mp3 probe reads gigabytes of them into memory.
 */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return bytes.length > 0;
}
