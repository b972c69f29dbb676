/**
 * The play controls of a path or a mix: "Play all" and "Stop" around the app's Player (web/src/Player.tsx, one
 * `<audio>` over the queue from `/audio/<id>`). The view owns which entry plays (`index`, null = stopped), so its
 * rows can start the queue anywhere.
 */
import { Player } from '../Player.tsx';
import type { PickedTrack } from './playlistLinks.ts';

export interface QueuePlayerProps {
  /** Accessible name of the player, e.g. "Path player". */
  readonly label: string;
  readonly tracks: readonly PickedTrack[];
  /** The entry playing, or null. */
  readonly index: number | null;
  onIndex(index: number | null): void;
}

export function QueuePlayer({ label, tracks, index, onIndex }: QueuePlayerProps) {
  return (
    <div class="queue-player">
      <div class="queue-controls">
        <button type="button" onClick={() => onIndex(0)} disabled={tracks.length === 0}>
          ▶ Play all
        </button>
        <button type="button" onClick={() => onIndex(null)} disabled={index === null}>
          Stop
        </button>
      </div>
      {index !== null && <Player queue={tracks} index={index} onIndexChange={onIndex} autoPlay label={label} />}
    </div>
  );
}
