/**
 * Paths `/paths`: a sonic path (`sonicPath`) from a start to an end track, through stops on the way, keeping a
 * dimension ascending or descending if asked, under a similarity preset if chosen, with each step's distance to
 * the one before; play it through and export it as M3U8. The submitted path lives in the query string
 * (`?from=…&to=…&via=…&dir=TEMPO_BPM:ASCENDING&count=25&preset=SOUND`), so a path is a link to share.
 */
import { useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { graphql } from '../gql/index.ts';
import type { Dimension, PathOrder, SimilarityPreset } from '../gql/graphql.ts';
import { PresetSelect, presetParam } from '../playlist/PresetSelect.tsx';
import { PlaylistResult, stepDistanceColumn } from '../playlist/PlaylistResult.tsx';
import { TrackPicker } from '../playlist/TrackPicker.tsx';
import { type PickedTrack, trackLabel } from '../playlist/playlistLinks.ts';
import { dimensionLabel } from '../format.ts';
import { EmptyLibrary, useLibraryCounts } from '../EmptyLibrary.tsx';
import { idsParam, parseIds } from '../playlist/viewHelpers.ts';

const PathDimensions = graphql(`
  query PathDimensions {
    fingerprintDimensions {
      name
      dimension
      unit
    }
  }
`);

const SonicPath = graphql(`
  query SonicPath($from: ID!, $to: ID!, $via: [ID!], $direction: [PathDirection!], $count: Int, $preset: SimilarityPreset) {
    sonicPath(from: $from, to: $to, via: $via, direction: $direction, count: $count, preset: $preset) {
      similarityToPrevious
      similarityToStart
      because
      track {
        id
        title
        artist
        album
        durationSeconds
      }
    }
  }
`);

/** Tracks in a path by default, and the API's bounds. */
const DEFAULT_COUNT = 25;
const MAX_COUNT = 500;

const unknownTrack = (id: string): PickedTrack => ({ id, title: null, artist: null });

/** `TEMPO_BPM:ASCENDING` → the PathDirection input, else null. */
function parseDirection(value: string | undefined): { dimension: Dimension; order: PathOrder } | null {
  const [dimension, order] = (value ?? '').split(':');
  if (!dimension || (order !== 'ASCENDING' && order !== 'DESCENDING')) return null;
  return { dimension: dimension as Dimension, order };
}

export function Paths() {
  const location = useLocation();
  const query = location.query;
  const submitted = useMemo(
    () => ({
      from: query.from ?? '',
      to: query.to ?? '',
      via: parseIds(query.via),
      direction: parseDirection(query.dir),
      count: Math.min(MAX_COUNT, Math.max(2, Number(query.count) || DEFAULT_COUNT)),
      preset: presetParam(query.preset),
    }),
    [query.from, query.to, query.via, query.dir, query.count, query.preset],
  );

  const [start, setStart] = useState<PickedTrack | null>(submitted.from ? unknownTrack(submitted.from) : null);
  const [end, setEnd] = useState<PickedTrack | null>(submitted.to ? unknownTrack(submitted.to) : null);
  const [stops, setStops] = useState<(PickedTrack | null)[]>(submitted.via.map(unknownTrack));
  const [dimension, setDimension] = useState<string>(submitted.direction?.dimension ?? '');
  const [order, setOrder] = useState<PathOrder>(submitted.direction?.order ?? 'ASCENDING');
  const [count, setCount] = useState(String(submitted.count));
  const [preset, setPreset] = useState<SimilarityPreset | ''>(submitted.preset ?? '');
  const [playing, setPlaying] = useState<number | null>(null);
  const counts = useLibraryCounts();

  const [{ data: dimensions }] = useQuery({ query: PathDimensions });
  const ready = submitted.from !== '' && submitted.to !== '';
  const [{ data, fetching, error }] = useQuery({
    query: SonicPath,
    variables: {
      from: submitted.from,
      to: submitted.to,
      via: submitted.via,
      direction: submitted.direction ? [submitted.direction] : null,
      count: submitted.count,
      preset: submitted.preset ?? null,
    },
    pause: !ready,
  });
  useEffect(() => setPlaying(null), [data]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!start || !end) return;
    const params = new URLSearchParams({ from: start.id, to: end.id, count: String(Number(count) || DEFAULT_COUNT) });
    const via = stops.filter((stop): stop is PickedTrack => stop !== null).map((stop) => stop.id);
    if (via.length > 0) params.set('via', idsParam(via));
    if (dimension !== '') params.set('dir', `${dimension}:${order}`);
    if (preset !== '') params.set('preset', preset);
    location.route(`/paths?${params.toString()}`);
  };

  const steps = data?.sonicPath ?? [];
  const queue = steps.map((step) => ({ id: step.track.id, title: step.track.title ?? null, artist: step.track.artist ?? null }));
  const title = steps.length > 0 ? `Path: ${trackLabel(queue[0]!)} to ${trackLabel(queue[queue.length - 1]!)}` : 'Path';

  return (
    <section class="view playlist-view" aria-labelledby="view-title">
      <h1 id="view-title">Paths</h1>
      <p class="muted">
        A sonic path walks from one track to another in steps as small as the library allows. <a href="/mix">Make a mix instead</a>
      </p>
      {counts && counts.analysed < 2 && <EmptyLibrary counts={counts} needed={2} what="a path" />}
      <form class="playlist-form" onSubmit={submit} aria-label="Path settings">
        <TrackPicker label="Start" value={start} onChange={setStart} />
        {stops.map((stop, i) => (
          <TrackPicker
            key={i}
            label={`Stop ${i + 1}`}
            value={stop}
            onChange={(track) => setStops((all) => all.map((s, j) => (j === i ? track : s)))}
            removeLabel={`Remove stop ${i + 1}`}
            onRemove={() => setStops((all) => all.filter((_, j) => j !== i))}
          />
        ))}
        <TrackPicker label="End" value={end} onChange={setEnd} />
        <div class="form-row">
          <button type="button" onClick={() => setStops((all) => [...all, null])}>
            + Add a stop
          </button>
          <label>
            Keep{' '}
            <select value={dimension} onChange={(event) => setDimension((event.target as HTMLSelectElement).value)} aria-label="Direction: dimension">
              <option value="">no dimension in order</option>
              {dimensions?.fingerprintDimensions.map((d) => (
                <option key={d.dimension} value={d.dimension}>
                  {dimensionLabel(d.name)} ({d.unit})
                </option>
              ))}
            </select>
          </label>
          <select
            value={order}
            onChange={(event) => setOrder((event.target as HTMLSelectElement).value as PathOrder)}
            aria-label="Direction: order"
            disabled={dimension === ''}
          >
            <option value="ASCENDING">ascending</option>
            <option value="DESCENDING">descending</option>
          </select>
          <label>
            Tracks{' '}
            <input type="number" min={2} max={MAX_COUNT} value={count} onInput={(event) => setCount((event.target as HTMLInputElement).value)} class="count-input" />
          </label>
          <PresetSelect value={preset} onChange={setPreset} />
          <button type="submit" class="primary" disabled={!start || !end}>
            Make path
          </button>
        </div>
      </form>

      <PlaylistResult
        name="Path"
        title={title}
        unit="step"
        rows={steps}
        playing={playing}
        onPlay={setPlaying}
        error={error}
        busy={fetching ? 'Finding the path…' : undefined}
        columns={[
          stepDistanceColumn<(typeof steps)[number]>('step'),
          { header: 'Similarity to start', numeric: true, cell: (step) => step.similarityToStart.toFixed(3) },
          { header: 'Because', cellClass: 'because', cell: (step) => step.because },
        ]}
      />
    </section>
  );
}
