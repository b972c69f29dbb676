import { type CoverArtCache, createCoverArtCache } from './coverArtResponse.ts';
import { createMediaFormatCache, type MediaFormatCache } from './mediaFormat.ts';
import { TranscodeSlots } from './transcodeSlots.ts';

/** What the media functions share across requests: the transcode bound and two small caches. */
export interface MediaResources {
  /** The bound on simultaneous ffmpeg transcodes (all faces together). */
  readonly transcodes: TranscodeSlots;
  /** Container probes by file. */
  readonly formats: MediaFormatCache;
  /** Resized covers by file, size and format. */
  readonly covers: CoverArtCache;
  /** Aborts when the server shuts down (closeMedia): every open stream ends and its ffmpeg is killed. */
  readonly closing: AbortController;
}

export function createMediaResources(options: { maxTranscodes?: number } = {}): MediaResources {
  return {
    transcodes: new TranscodeSlots(options.maxTranscodes),
    formats: createMediaFormatCache(),
    covers: createCoverArtCache(),
    closing: new AbortController(),
  };
}

/**
 * `request` with a signal that also aborts when the server shuts down, for the media functions (they stop
 * reading the file or kill ffmpeg when `request.signal` aborts): a paused player must not hold shutdown.
 */
export function untilShutdown(request: Request, resources: MediaResources): Request {
  if (request.method !== 'GET' && request.method !== 'HEAD') throw new TypeError(`untilShutdown: expected GET or HEAD, received ${request.method}`);
  // Rebuilt from its parts: the server adapter's Request may be a ponyfill that `new Request(request)` refuses.
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: AbortSignal.any([request.signal, resources.closing.signal]),
  });
}

const shared = new WeakMap<object, MediaResources>();

/**
 * The media resources of one server, keyed by its ORM (created on first use), so `/audio/` and
 * OpenSubsonic's `stream` count against the same transcode bound and share the caches.
 */
export function mediaResourcesFor(owner: object): MediaResources {
  let resources = shared.get(owner);
  if (resources === undefined) {
    resources = createMediaResources();
    shared.set(owner, resources);
  }
  return resources;
}

/** Shutdown: ends the open media streams of this server (see untilShutdown) and forgets its resources. */
export function closeMedia(owner: object): void {
  shared.get(owner)?.closing.abort();
  shared.delete(owner);
}
