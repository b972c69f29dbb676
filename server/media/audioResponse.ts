/**
 * The one decision of "play this track": the original file or a transcode, for `/audio/:id` and
 * OpenSubsonic's `stream`.
 */
import type { LibraryRootSource } from '../library/pathGuard.ts';
import { InvalidMediaArgumentError } from './errors.ts';
import { probeMediaFormat } from './mediaFormat.ts';
import type { MediaResources } from './mediaResources.ts';
import { type MediaTrack, resolveTrackFile } from './mediaTrack.ts';
import { trackFileResponse } from './trackFileResponse.ts';
import { TRANSCODE_FORMATS, type TranscodeFormat, transcodedResponse } from './transcodedResponse.ts';

/** `raw` = the original file; `opus` / `mp3` = a transcode; absent = decided by `audioResponse`. */
export const AUDIO_FORMATS = ['raw', ...TRANSCODE_FORMATS] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

export interface AudioRequest {
  readonly format?: AudioFormat;
  /** Highest bit rate in kbit/s; 0 or absent = no limit. */
  readonly maxBitRateKbps?: number;
  /** Seconds into the track where a transcode starts (ignored for the original file, which seeks by Range). */
  readonly timeOffsetSeconds?: number;
}

export interface AudioOptions {
  readonly roots: LibraryRootSource;
  readonly resources: MediaResources;
  /** Environment that decides the ffmpeg binary (`FFMPEG_BIN`); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Plays a track: `format: 'raw'` → the original (trackFileResponse); `opus` / `mp3` → a transcode
 * (transcodedResponse). Without a format: the original when the browser can play it (browserPlayable), its
 * bit rate is within `maxBitRateKbps` (when known) and no `timeOffsetSeconds` is asked; otherwise Opus.
 * @throws the errors of trackFileResponse and transcodedResponse; INVALID_ARGUMENT for an unknown format.
 */
export async function audioResponse(request: Request, track: MediaTrack, audio: AudioRequest, options: AudioOptions): Promise<Response> {
  const format = audio.format ?? (await chooseFormat(track, audio, options));
  if (!(AUDIO_FORMATS as readonly string[]).includes(format)) throw new InvalidMediaArgumentError('format', AUDIO_FORMATS.join(', '), format);
  if (format === 'raw') return trackFileResponse(request, track, { roots: options.roots, formats: options.resources.formats });
  return transcodedResponse(
    request,
    track,
    { format: format as TranscodeFormat, maxBitRateKbps: audio.maxBitRateKbps, timeOffsetSeconds: audio.timeOffsetSeconds },
    { roots: options.roots, slots: options.resources.transcodes, env: options.env },
  );
}

async function chooseFormat(track: MediaTrack, audio: AudioRequest, options: AudioOptions): Promise<AudioFormat> {
  if ((audio.timeOffsetSeconds ?? 0) > 0) return 'opus';
  const limit = audio.maxBitRateKbps ?? 0;
  if (limit > 0 && track.bitrate != null && track.bitrate > limit * 1000) return 'opus';
  const resolved = await resolveTrackFile(track, options.roots);
  const format = await probeMediaFormat(resolved, options.resources.formats);
  return format.browserPlayable ? 'raw' : 'opus';
}
