/**
 * A player over a queue of tracks: one `<audio>` whose source is the server's `/audio/<global ID>` (HTTP Range
 * streaming, so seeking works); at the end of a track the next one in the queue plays. Any view can use it
 * (the track view's "play from here", paths and mixes).
 */
import { useEffect, useRef } from 'preact/hooks';

export interface QueuedTrack {
  /** Global ID. */
  readonly id: string;
  readonly title?: string | null;
  readonly artist?: string | null;
}

/** The URL the server streams a track from. */
export function audioUrl(trackId: string): string {
  return `/audio/${encodeURIComponent(trackId)}`;
}

export interface PlayerProps {
  readonly queue: readonly QueuedTrack[];
  /** Index of the current track in `queue`. */
  readonly index: number;
  onIndexChange(index: number): void;
  /** Start playing when the queue or index changes by a user action (a click): browsers allow it then. */
  readonly autoPlay: boolean;
  /** Accessible name of the player region. */
  readonly label?: string;
}

export function Player({ queue, index, onIndexChange, autoPlay, label = 'Player' }: PlayerProps) {
  const audio = useRef<HTMLAudioElement>(null);
  const current = queue[index];
  useEffect(() => {
    const element = audio.current;
    if (!element || !current) return;
    if (autoPlay) void element.play().catch(() => undefined);
  }, [current?.id, index, queue, autoPlay]);
  if (!current) return null;
  const title = (track: QueuedTrack) => [track.title ?? track.id, track.artist].filter(Boolean).join(' — ');
  return (
    <section class="player" aria-label={label}>
      <div class="player-now">
        <span class="muted small">{queue.length > 1 ? `Playing ${index + 1} of ${queue.length}` : 'Now playing'}</span>
        <span class="player-title">{title(current)}</span>
      </div>
      <audio
        ref={audio}
        controls
        preload="metadata"
        src={audioUrl(current.id)}
        aria-label={`Audio: ${title(current)}`}
        onEnded={() => {
          if (index + 1 < queue.length) onIndexChange(index + 1);
        }}
      />
      {queue.length > 1 && (
        <div class="player-buttons">
          <button type="button" disabled={index === 0} onClick={() => onIndexChange(index - 1)}>
            Previous
          </button>
          <button type="button" disabled={index + 1 >= queue.length} onClick={() => onIndexChange(index + 1)}>
            Next
          </button>
        </div>
      )}
    </section>
  );
}
