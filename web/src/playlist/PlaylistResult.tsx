/**
 * The result of a path or a mix: its error (with the code) or progress line, then the queue player, the M3U8
 * export and the table of its tracks (number, title linking to the track view, artist, duration, the view's own
 * columns, and a button to play from that row).
 */
import type { CombinedError } from '@urql/core';
import type { ComponentChildren } from 'preact';
import { errorText } from '../errorText.ts';
import { formatDuration } from '../format.ts';
import { QueuePlayer } from './QueuePlayer.tsx';
import { playlistFileName, playlistHref } from './playlistLinks.ts';

/** A track of the result as the path and mix queries return it. */
export interface ResultTrack {
  readonly id: string;
  readonly title?: string | null;
  readonly artist?: string | null;
  /** Length in s. */
  readonly durationSeconds?: number | null;
}

/** One of the view's own columns: its header, an optional tooltip, and the cell of each row. */
export interface ResultColumn<Row> {
  readonly header: string;
  readonly title?: string;
  /** Right-aligned figures. */
  readonly numeric?: boolean;
  /** Class of each cell (e.g. "because"). */
  readonly cellClass?: string;
  cell(row: Row, index: number): ComponentChildren;
}

/**
 * The "Step distance" column of a path or mix: 1 − similarity to the row before (— on the first row), to three
 * decimals. `before` names that row in the tooltip ("track", "step").
 */
export function stepDistanceColumn<Row extends { readonly similarityToPrevious: number }>(before: string): ResultColumn<Row> {
  return {
    header: 'Step distance',
    numeric: true,
    title: `1 − similarity to the ${before} before`,
    cell: (row, i) => (i === 0 ? '—' : (1 - row.similarityToPrevious).toFixed(3)),
  };
}

export interface PlaylistResultProps<Row extends { readonly track: ResultTrack }> {
  /** Accessible name of the table ("Path", "Mix"); the player is "<name> player". */
  readonly name: string;
  /** The M3U8's `#PLAYLIST` title. */
  readonly title: string;
  /** What a row is called in the play buttons' names when it has no title ("step", "track"). */
  readonly unit: string;
  readonly rows: readonly Row[];
  readonly columns: readonly ResultColumn<Row>[];
  /** The row playing, or null. */
  readonly playing: number | null;
  onPlay(index: number | null): void;
  /** The query's error, shown with its code. */
  readonly error: CombinedError | undefined;
  /** While the query runs: this line ("Mixing…"). */
  readonly busy: string | undefined;
}

export function PlaylistResult<Row extends { readonly track: ResultTrack }>(props: PlaylistResultProps<Row>) {
  const { name, title, unit, rows, columns, playing, onPlay, error, busy } = props;
  const queue = rows.map(({ track }) => ({ id: track.id, title: track.title ?? null, artist: track.artist ?? null }));
  return (
    <>
      {error && <p role="alert">{errorText(error)}</p>}
      {busy && <p aria-live="polite">{busy}</p>}
      {rows.length > 0 && (
        <>
          <div class="playlist-actions">
            <QueuePlayer label={`${name} player`} tracks={queue} index={playing} onIndex={onPlay} />
            <a class="button-link" href={playlistHref(queue.map((t) => t.id), title)} download={playlistFileName(title)}>
              Export M3U8
            </a>
          </div>
          <div class="wide-table">
            <table class="playlist-table" aria-label={name}>
              <thead>
                <tr>
                  <th scope="col" class="num">#</th>
                  <th scope="col">Track</th>
                  <th scope="col">Artist</th>
                  <th scope="col" class="num">Duration</th>
                  {columns.map((column) => (
                    <th key={column.header} scope="col" class={column.numeric ? 'num' : undefined} title={column.title}>
                      {column.header}
                    </th>
                  ))}
                  <th scope="col"><span class="visually-hidden">Play</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <tr key={`${i}-${row.track.id}`} aria-current={playing === i ? 'true' : undefined} data-track-id={row.track.id}>
                    <td class="num">{i + 1}</td>
                    <td>
                      <a href={`/track/${encodeURIComponent(row.track.id)}`}>{row.track.title ?? row.track.id}</a>
                    </td>
                    <td>{row.track.artist ?? ''}</td>
                    <td class="num">{formatDuration(row.track.durationSeconds)}</td>
                    {columns.map((column) => (
                      <td key={column.header} class={[column.numeric ? 'num' : '', column.cellClass ?? ''].join(' ').trim() || undefined}>
                        {column.cell(row, i)}
                      </td>
                    ))}
                    <td>
                      <button type="button" onClick={() => onPlay(i)} aria-label={`Play from ${row.track.title ?? `${unit} ${i + 1}`}`}>
                        ▶
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
