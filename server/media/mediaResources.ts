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
}

export function createMediaResources(options: { maxTranscodes?: number } = {}): MediaResources {
  return {
    transcodes: new TranscodeSlots(options.maxTranscodes),
    formats: createMediaFormatCache(),
    covers: createCoverArtCache(),
  };
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
