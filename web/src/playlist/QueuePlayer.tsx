/**
 * Plays a list of tracks in order through one `<audio>` element (`/audio/<id>` from the server): the view
 * owns which entry plays (`index`, null = stopped), so its rows can start the queue anywhere; at the end of a
 * track the next one starts, after the last the queue stops.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { audioHref, type PickedTrack, trackLabel } from './playlistLinks.ts';

export interface QueuePlayerProps {
  /** Accessible name of the player, e.g. "Path player". */
  readonly label: string;
  readonly tracks: readonly PickedTrack[];
  /** The entry playing, or null. */
  readonly index: number | null;
  onIndex(index: number | null): void;
}

export function QueuePlayer({ label, tracks, index, onIndex }: QueuePlayerProps) {
  const audio = useRef<HTMLAudioElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const current = index === null ? undefined : tracks[index];
  useEffect(() => setProblem(null), [current?.id]);
  const next = () => onIndex(index !== null && index + 1 < tracks.length ? index + 1 : null);
  return (
    <section class="queue-player" aria-label={label}>
      <div class="queue-controls">
        <button type="button" onClick={() => onIndex(0)} disabled={tracks.length === 0}>
          ▶ Play all
        </button>
        <button type="button" onClick={() => index !== null && onIndex(Math.max(0, index - 1))} disabled={index === null || index === 0}>
          Previous
        </button>
        <button type="button" onClick={next} disabled={index === null}>
          Next
        </button>
        <button type="button" onClick={() => onIndex(null)} disabled={index === null}>
          Stop
        </button>
        <span class="queue-now" aria-live="polite">
          {current ? `Playing ${index! + 1} of ${tracks.length}: ${trackLabel(current)}` : 'Stopped'}
        </span>
      </div>
      {current && (
        <audio
          key={current.id}
          ref={audio}
          src={audioHref(current.id)}
          controls
          autoPlay
          preload="auto"
          onEnded={next}
          onError={() => setProblem(`Could not play ${trackLabel(current)} (the server did not stream it).`)}
        />
      )}
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}
