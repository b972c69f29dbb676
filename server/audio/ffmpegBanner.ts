/**
 * Reads the facts ffmpeg prints on stderr while it decodes (its "banner": `Input #0`, `Stream mapping`,
 * `Output #0`). The probe of a file comes from the same run that decodes it: ffmpeg-static ships no ffprobe,
 * and a second process would cost another ffmpeg start-up (≈ 200 ms for Debian's build).
 */

/** The decoded audio stream as the source file describes it. */
export interface SourceStreamInfo {
  /** ffmpeg's codec name, e.g. `mp3`, `flac`, `pcm_s24le`, `opus`. */
  readonly codec: string;
  /** Container (demuxer) name, e.g. `mp3`, `wav`, `ogg`, `mov,mp4,m4a,3gp,3g2,mj2`. */
  readonly container: string;
  /** Channel count of the source stream (before any down-mix). */
  readonly channels: number;
  /** Sample rate of the source stream in Hz (before resampling). */
  readonly sampleRate: number;
  /** Container duration in seconds, or null when ffmpeg reports `N/A`. */
  readonly durationSeconds: number | null;
}

export interface FfmpegBanner {
  readonly source: SourceStreamInfo;
  /** Channels of the PCM ffmpeg writes (1 or 2 after `aformat=channel_layouts=mono|stereo`). */
  readonly outputChannels: number;
  readonly outputSampleRate: number;
}

/** Channel counts of ffmpeg's named layouts (libavutil/channel_layout.c); `N channels` is parsed directly. */
const LAYOUT_CHANNELS: Readonly<Record<string, number>> = {
  mono: 1,
  stereo: 2,
  downmix: 2,
  '2.1': 3,
  '3.0': 3,
  '3.0(back)': 3,
  '4.0': 4,
  quad: 4,
  'quad(side)': 4,
  '3.1': 4,
  '5.0': 5,
  '5.0(side)': 5,
  '4.1': 5,
  '5.1': 6,
  '5.1(side)': 6,
  '6.0': 6,
  '6.0(front)': 6,
  hexagonal: 6,
  '6.1': 7,
  '6.1(back)': 7,
  '6.1(front)': 7,
  '7.0': 7,
  '7.0(front)': 7,
  '7.1': 8,
  '7.1(wide)': 8,
  '7.1(wide-side)': 8,
  '7.1(top)': 8,
  octagonal: 8,
  cube: 8,
  hexadecagonal: 16,
  '22.2': 24,
};

/** Channel count of an ffmpeg layout description (`stereo`, `5.1(side)`, `6 channels`), or NaN. */
export function channelsOfLayout(layout: string): number {
  const named = LAYOUT_CHANNELS[layout.trim()];
  if (named !== undefined) return named;
  const counted = /^(\d+) channels/.exec(layout.trim());
  return counted ? Number(counted[1]) : Number.NaN;
}

// "  Stream #0:1[0x2](eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1, fltp, 384 kb/s (default)"
const AUDIO_STREAM = /^\s*Stream #(\d+):(\d+)[^:]*: Audio: ([^\n]*)$/;

interface AudioStreamLine {
  readonly codec: string;
  readonly sampleRate: number;
  readonly channels: number;
}

function parseAudioStream(description: string): AudioStreamLine | undefined {
  // Split on commas that are not inside parentheses: "pcm_u8 ([1][0][0][0] / 0x0001), 44100 Hz, mono, u8".
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of description) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  const codec = parts[0].split(/\s/)[0];
  const rateIndex = parts.findIndex((p) => /^\d+ Hz$/.test(p));
  if (rateIndex < 0) {
    // A stream ffmpeg could not describe: "Audio: mp3, 0 channels, fltp" (no rate at all).
    const layout = parts.slice(1).find((p) => Number.isFinite(channelsOfLayout(p)));
    return { codec, sampleRate: Number.NaN, channels: layout === undefined ? Number.NaN : channelsOfLayout(layout) };
  }
  if (rateIndex + 1 >= parts.length) return undefined;
  return { codec, sampleRate: Number.parseInt(parts[rateIndex], 10), channels: channelsOfLayout(parts[rateIndex + 1]) };
}

/** The source's audio stream (the one mapped to the output, else the first) in the `Input #0` section. */
function sourceStream(head: string): AudioStreamLine | undefined {
  const mapping = /Stream #(\d+):(\d+) -> #0:0/.exec(head);
  const wantedStream = mapping ? `${mapping[1]}:${mapping[2]}` : undefined;
  for (const line of head.split('\n')) {
    const match = AUDIO_STREAM.exec(line);
    if (match && (wantedStream === undefined || `${match[1]}:${match[2]}` === wantedStream)) {
      const parsed = parseAudioStream(match[3]);
      if (parsed) return parsed;
    }
  }
  return undefined;
}

function sourceInfo(head: string): SourceStreamInfo {
  const source = sourceStream(head);
  const container = /Input #0, (.+?), from '/.exec(head)?.[1] ?? 'unknown';
  const duration = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(head);
  return {
    codec: source?.codec ?? 'unknown',
    container,
    channels: source?.channels ?? Number.NaN,
    sampleRate: source?.sampleRate ?? Number.NaN,
    durationSeconds: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : null,
  };
}

/**
 * The source stream as soon as the `Input #0` section is complete (ffmpeg prints `Stream mapping:` after
 * it, before it decodes the first packet); undefined while it is incomplete, or when ffmpeg found no input
 * stream at all. This is what is checked (streamLimits.ts) before ffmpeg is allowed to go on.
 */
export function parseFfmpegInput(stderr: string): SourceStreamInfo | undefined {
  const mappingAt = stderr.indexOf('\nStream mapping:');
  if (mappingAt < 0 || !/^Input #0, /m.test(stderr.slice(0, mappingAt))) return undefined;
  const arrowAt = stderr.indexOf(' -> #0:0', mappingAt);
  const end = arrowAt < 0 ? -1 : stderr.indexOf('\n', arrowAt);
  if (end < 0) return undefined; // the mapping line has not fully arrived
  return sourceInfo(stderr.slice(0, end));
}

/**
 * Parses the banner once the `Output #0` stream line has arrived; returns undefined while it is incomplete
 * (call again with more stderr text).
 */
export function parseFfmpegBanner(stderr: string): FfmpegBanner | undefined {
  const outputAt = stderr.indexOf('\nOutput #0');
  if (outputAt < 0) return undefined;
  const outputLines = stderr.slice(outputAt + 1).split('\n');
  let output: AudioStreamLine | undefined;
  // The Output stream line is complete only when followed by a newline (the last element may be partial).
  for (const line of outputLines.slice(0, -1)) {
    const match = AUDIO_STREAM.exec(line);
    if (match) {
      output = parseAudioStream(match[3]);
      break;
    }
  }
  if (!output || !Number.isFinite(output.sampleRate)) return undefined;
  return {
    source: sourceInfo(stderr.slice(0, outputAt)),
    outputChannels: output.channels,
    outputSampleRate: output.sampleRate,
  };
}

/**
 * ffmpeg's own reason for a failure: its last error line, without the `file:<path>: ` or `[demuxer @ 0x…] `
 * prefix ("Invalid data found when processing input", "Stream map '0:a:0' matches no streams.").
 */
export function ffmpegFailureReason(stderr: string, exitCode: number | null, signal: string | null): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(size=|video:\d)/.test(l) && !l.startsWith('Conversion failed!'));
  if (lines.some((l) => /^Stream map '.*' matches no streams/.test(l))) return 'no audio stream found';
  const last = lines.at(-1);
  if (last === undefined) {
    return signal ? `ffmpeg was killed by ${signal}` : `ffmpeg exited with code ${exitCode} and no message`;
  }
  const reason = last
    .replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '')
    .replace(/^file:.*?: (?=[A-Z])/, '')
    .trim();
  // "Invalid argument" alone says little: add the demuxer's or decoder's own complaint just before it.
  if (/^(Invalid argument|Invalid data found when processing input)$/.test(reason)) {
    const detail = lines
      .slice(0, -1)
      .reverse()
      .map((l) => /^\[(\w+) @ 0x[0-9a-f]+\]\s*(.+)$/.exec(l))
      .find((m) => m !== null && !/misdetection possible/.test(m[2]));
    if (detail) return `${reason}: ${detail[1]}: ${detail[2]}`;
  }
  return reason;
}
