/**
 * Links shared by the path and mix views: the M3U8 export (`/playlist.m3u8?ids=…`, server/http/playlistRoute.ts:
 * the one place that writes playlists). Streams are the Player's (web/src/Player.tsx, `/audio/<id>`).
 */
import { apiToken } from '../client.ts';

/** A track as the playlist views hold it (global ID; tags null when unknown or not loaded yet). */
export interface PickedTrack {
  readonly id: string;
  readonly title: string | null;
  readonly artist: string | null;
}

/** "Title — Artist", falling back to the id while the tags are unknown. */
export function trackLabel(track: PickedTrack): string {
  const title = track.title ?? track.id;
  return track.artist ? `${title} — ${track.artist}` : title;
}

/**
 * The M3U8 export of `trackIds` in play order, with `title` as its `#PLAYLIST` name; with the tab's API token
 * (servers with AURALIS_API_TOKEN) the server writes it into the audio URLs, so the file plays elsewhere.
 */
export function playlistHref(trackIds: readonly string[], title: string): string {
  const params = new URLSearchParams({ ids: trackIds.join(','), title });
  const token = apiToken();
  if (token !== undefined) params.set('token', token);
  return `/playlist.m3u8?${params.toString()}`;
}

/** A file name for the export: the title's letters and digits, dashes between. */
export function playlistFileName(title: string): string {
  const slug = title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'playlist'}.m3u8`;
}
