/**
 * Mix `/mix`: a playlist around seed tracks (`mix`), ordered for smooth transitions, with optional caps per
 * artist and per album and a similarity preset; play it through and export it as M3U8. The submitted mix lives
 * in the query string (`?seeds=…&count=50&maxPerArtist=2&maxPerAlbum=3&preset=RHYTHM`), so a mix is a link to share.
 */
import { useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { graphql } from '../gql/index.ts';
import type { SimilarityPreset } from '../gql/graphql.ts';
import { PresetSelect, presetParam } from '../playlist/PresetSelect.tsx';
import { PlaylistResult, stepDistanceColumn } from '../playlist/PlaylistResult.tsx';
import { TrackPicker } from '../playlist/TrackPicker.tsx';
import { type PickedTrack, trackLabel } from '../playlist/playlistLinks.ts';
import { EmptyLibrary, useLibraryCounts } from '../EmptyLibrary.tsx';
import { idsParam, parseIds, positiveInt } from '../playlist/viewHelpers.ts';

const MixQuery = graphql(`
  query Mix($seeds: [ID!]!, $count: Int, $maxPerArtist: Int, $maxPerAlbum: Int, $preset: SimilarityPreset) {
    mix(seeds: $seeds, count: $count, maxPerArtist: $maxPerArtist, maxPerAlbum: $maxPerAlbum, preset: $preset) {
      similarityToSeed
      similarityToPrevious
      because
      track {
        id
        title
        artist
        album
        durationSeconds
      }
      seed {
        id
        title
      }
    }
  }
`);

const DEFAULT_COUNT = 50;
const MAX_COUNT = 500;

export function Mix() {
  const location = useLocation();
  const query = location.query;
  const submitted = useMemo(
    () => ({
      seeds: parseIds(query.seeds),
      count: Math.min(MAX_COUNT, Math.max(1, Number(query.count) || DEFAULT_COUNT)),
      maxPerArtist: positiveInt(query.maxPerArtist ?? ''),
      maxPerAlbum: positiveInt(query.maxPerAlbum ?? ''),
      preset: presetParam(query.preset) ?? null,
    }),
    [query.seeds, query.count, query.maxPerArtist, query.maxPerAlbum, query.preset],
  );
  const [seeds, setSeeds] = useState<PickedTrack[]>(submitted.seeds.map((id) => ({ id, title: null, artist: null })));
  const [count, setCount] = useState(String(submitted.count));
  const [maxPerArtist, setMaxPerArtist] = useState(submitted.maxPerArtist === null ? '' : String(submitted.maxPerArtist));
  const [maxPerAlbum, setMaxPerAlbum] = useState(submitted.maxPerAlbum === null ? '' : String(submitted.maxPerAlbum));
  const [preset, setPreset] = useState<SimilarityPreset | ''>(submitted.preset ?? '');
  const [playing, setPlaying] = useState<number | null>(null);
  const counts = useLibraryCounts();

  const [{ data, fetching, error }] = useQuery({ query: MixQuery, variables: submitted, pause: submitted.seeds.length === 0 });
  useEffect(() => setPlaying(null), [data]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (seeds.length === 0) return;
    const params = new URLSearchParams({ seeds: idsParam(seeds.map((seed) => seed.id)), count: String(Number(count) || DEFAULT_COUNT) });
    const artistCap = positiveInt(maxPerArtist);
    const albumCap = positiveInt(maxPerAlbum);
    if (artistCap !== null) params.set('maxPerArtist', String(artistCap));
    if (albumCap !== null) params.set('maxPerAlbum', String(albumCap));
    if (preset !== '') params.set('preset', preset);
    location.route(`/mix?${params.toString()}`);
  };

  const entries = data?.mix ?? [];
  const title = seeds.length > 0 ? `Mix around ${seeds.map(trackLabel).join(', ')}` : 'Mix';

  return (
    <section class="view playlist-view" aria-labelledby="view-title">
      <h1 id="view-title">Mix</h1>
      <p class="muted">
        A playlist around seed tracks, ordered so that each track follows one that sounds close. <a href="/paths">Make a path instead</a>
      </p>
      {counts && counts.analysed < 1 && <EmptyLibrary counts={counts} needed={1} what="a mix" />}
      <form class="playlist-form" onSubmit={submit} aria-label="Mix settings">
        {seeds.map((seed, i) => (
          <TrackPicker
            key={seed.id}
            label={`Seed ${i + 1}`}
            value={seed}
            onChange={(track) => setSeeds((all) => (track === null ? all.filter((_, j) => j !== i) : all.map((s, j) => (j === i ? track : s))))}
            removeLabel={`Remove seed ${i + 1}`}
            onRemove={() => setSeeds((all) => all.filter((_, j) => j !== i))}
          />
        ))}
        <TrackPicker
          key={`add-${seeds.length}`}
          label={seeds.length === 0 ? 'Seed' : 'Add a seed'}
          value={null}
          onChange={(track) => track && !seeds.some((s) => s.id === track.id) && setSeeds((all) => [...all, track])}
        />
        <div class="form-row">
          <label>
            Tracks{' '}
            <input type="number" min={1} max={MAX_COUNT} value={count} onInput={(event) => setCount((event.target as HTMLInputElement).value)} class="count-input" />
          </label>
          <label>
            At most per artist{' '}
            <input type="number" min={1} value={maxPerArtist} placeholder="any" onInput={(event) => setMaxPerArtist((event.target as HTMLInputElement).value)} class="count-input" />
          </label>
          <label>
            At most per album{' '}
            <input type="number" min={1} value={maxPerAlbum} placeholder="any" onInput={(event) => setMaxPerAlbum((event.target as HTMLInputElement).value)} class="count-input" />
          </label>
          <PresetSelect value={preset} onChange={setPreset} />
          <button type="submit" class="primary" disabled={seeds.length === 0}>
            Make mix
          </button>
        </div>
      </form>

      <PlaylistResult
        name="Mix"
        title={title}
        unit="track"
        rows={entries}
        playing={playing}
        onPlay={setPlaying}
        error={error}
        busy={fetching ? 'Mixing…' : undefined}
        columns={[
          { header: 'Seed', cell: (entry) => (entry.seed.id === entry.track.id ? <strong>seed</strong> : (entry.seed.title ?? entry.seed.id)) },
          { header: 'Similarity to seed', numeric: true, cell: (entry) => entry.similarityToSeed.toFixed(3) },
          stepDistanceColumn<(typeof entries)[number]>('track'),
        ]}
      />
    </section>
  );
}
