/**
 * Named errors of the media layer (streaming, transcoding, cover art). Each has a stable `code`; the faces
 * map codes to their own answers (HTTP status in server/http/mediaRoute.ts, error codes in OpenSubsonic).
 */
import { AuralisError } from '../errors.ts';

/** A media request parameter out of range (bit rate, time offset, size, format). Code `INVALID_ARGUMENT`. */
export class InvalidMediaArgumentError extends AuralisError {
  constructor(field: string, expected: string, received: unknown) {
    super('INVALID_ARGUMENT', `\`${field}\`: expected ${expected}, received ${JSON.stringify(received) ?? String(received)}`, { field: [field] });
  }
}

/** Every transcode slot is busy; the caller should retry later (HTTP 503 with Retry-After). Code `TOO_MANY_TRANSCODES`. */
export class TooManyTranscodesError extends AuralisError {
  /** Seconds after which a retry is reasonable. */
  readonly retryAfterSeconds: number;
  constructor(limit: number, retryAfterSeconds: number) {
    super('TOO_MANY_TRANSCODES', `expected a free transcode slot, found all ${limit} busy; retry in ${retryAfterSeconds} s or ask for the original (format=raw)`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The track's file has no embedded picture and no folder image beside it. Code `NO_COVER_ART`. */
export class NoCoverArtError extends AuralisError {
  constructor(trackId: number, path: string, reason = 'found none') {
    super('NO_COVER_ART', `track ${trackId} (\`${path}\`): expected an embedded picture or a cover.jpg / folder.jpg beside the file, ${reason}`);
  }
}

/** ffmpeg could not transcode the file (it exited before writing any audio). Code `TRANSCODE_FAILED`. */
export class TranscodeFailedError extends AuralisError {
  constructor(path: string, reason: string) {
    super('TRANSCODE_FAILED', `\`${path}\`: ffmpeg could not transcode (${reason})`);
  }
}
