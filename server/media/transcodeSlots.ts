import { availableParallelism } from 'node:os';
import { TooManyTranscodesError } from './errors.ts';

/** Default bound on simultaneous transcodes: two per core (a listener's transcode is paced by playback). */
export const DEFAULT_MAX_TRANSCODES = Math.max(2, 2 * availableParallelism());

/** Seconds a refused client is told to wait (`Retry-After`). */
export const TRANSCODE_RETRY_AFTER_SECONDS = 10;

/**
 * Bounds the ffmpeg transcodes running at once. Past the bound a request is refused at once with
 * TOO_MANY_TRANSCODES (HTTP 503 with Retry-After), never queued: a player waiting in a queue would stall
 * silently, while a refusal lets it retry or fall back to the original file.
 */
export class TranscodeSlots {
  readonly limit: number;
  #busy = 0;

  constructor(limit: number = DEFAULT_MAX_TRANSCODES) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`transcode limit: expected a positive integer, received ${limit}`);
    this.limit = limit;
  }

  /** Transcodes running now. */
  get busy(): number {
    return this.#busy;
  }

  /**
   * Takes a slot and returns its release function (idempotent).
   * @throws TooManyTranscodesError when all `limit` slots are busy.
   */
  acquire(): () => void {
    if (this.#busy >= this.limit) throw new TooManyTranscodesError(this.limit, TRANSCODE_RETRY_AFTER_SECONDS);
    this.#busy += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#busy -= 1;
    };
  }
}
