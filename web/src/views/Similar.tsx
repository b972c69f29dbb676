/**
 * Similar tracks beside a track (`similarTracks`): similarity, the "because" text and per-dimension contribution
 * bars; the server's weight presets (`similarityPresets`: default, sound, rhythm, loudness …) or custom sliders
 * (`weights` and `timbreWeight`), diversity and a per-artist cap; "play from here" hands the rest of the list to the
 * player as its queue.
 */
import { useQuery } from '@urql/preact';
import { useMemo, useState } from 'preact/hooks';
import { type DimensionInfo, useDimensionCatalogue } from '../dimensions.ts';
import { errorText } from '../errorText.ts';
import { dimensionLabel, formatNumber } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { Dimension, DimensionWeight, SimilarityPreset, SimilarTracksQuery } from '../gql/graphql.ts';
import type { QueuedTrack } from '../Player.tsx';

const SimilarityPresets = graphql(`
  query SimilarityPresets {
    similarityPresets {
      preset
      title
      description
    }
  }
`);

const SimilarTracks = graphql(`
  query SimilarTracks(
    $id: ID!
    $first: Int!
    $preset: SimilarityPreset
    $weights: [DimensionWeight!]
    $timbreWeight: Float
    $diversity: Float
    $maxPerArtist: Int
  ) {
    similarTracks(
      trackId: $id
      first: $first
      preset: $preset
      weights: $weights
      timbreWeight: $timbreWeight
      diversity: $diversity
      maxPerArtist: $maxPerArtist
    ) {
      rank
      similarity
      distance
      because
      contributions {
        dimension
        share
        normalisedDelta
      }
      track {
        id
        title
        artist
        album
      }
    }
  }
`);

type SimilarResult = SimilarTracksQuery['similarTracks'][number];

/** Results asked for. */
const COUNT = 20;
/** Contribution bars shown per result before "all dimensions". */
const TOP_CONTRIBUTIONS = 4;
/** The custom sliders' name for the timbre term (26 MFCC statistics) beside the 25 dimensions. */
const TIMBRE = 'timbre';

/** A server preset, or the custom sliders. */
export type WeightChoice = SimilarityPreset | 'CUSTOM';

/** Custom weights (slider values 0…10 by dimension name, `timbre` for the timbre term) as the API's arguments. */
export function customWeights(dimensions: readonly DimensionInfo[], sliders: Readonly<Record<string, number>>): { weights: DimensionWeight[]; timbreWeight: number | null } {
  const weights = dimensions.map((d) => ({ dimension: d.dimension, weight: sliders[d.name] ?? 0 })).filter((w) => w.weight > 0);
  const timbre = sliders[TIMBRE] ?? 0;
  return { weights, timbreWeight: timbre > 0 ? timbre : null };
}

export function Similar({ trackId, onPlayFrom }: { trackId: string; onPlayFrom: (tracks: QueuedTrack[]) => void }) {
  const { dimensions } = useDimensionCatalogue();
  const [{ data: presetData }] = useQuery({ query: SimilarityPresets });
  const [choice, setChoice] = useState<WeightChoice>('DEFAULT');
  const [sliders, setSliders] = useState<Record<string, number> | undefined>(undefined);
  const [diversity, setDiversity] = useState(0);
  const [maxPerArtist, setMaxPerArtist] = useState<number | undefined>(undefined);
  // Custom sliders start from the default weights, 0…10 with the heaviest dimension at 10, and no timbre.
  const custom = useMemo(() => {
    if (sliders) return sliders;
    const heaviest = Math.max(...(dimensions ?? []).map((d) => d.weight), 1e-9);
    return { ...Object.fromEntries((dimensions ?? []).map((d) => [d.name, Math.round((d.weight / heaviest) * 20) / 2])), [TIMBRE]: 0 };
  }, [sliders, dimensions]);
  const customArgs = dimensions && choice === 'CUSTOM' ? customWeights(dimensions, custom) : undefined;
  const noWeights = customArgs !== undefined && customArgs.weights.length === 0 && customArgs.timbreWeight === null;
  const [{ data, error, fetching }] = useQuery({
    query: SimilarTracks,
    variables: {
      id: trackId,
      first: COUNT,
      preset: choice === 'CUSTOM' ? null : choice,
      weights: customArgs?.weights ?? null,
      timbreWeight: customArgs?.timbreWeight ?? null,
      diversity: diversity > 0 ? diversity : null,
      maxPerArtist: maxPerArtist ?? null,
    },
    pause: !dimensions || noWeights,
  });
  const results = data?.similarTracks ?? [];
  const enumToName = useMemo(() => new Map((dimensions ?? []).map((d) => [d.dimension, d.name])), [dimensions]);
  const queueFrom = (index: number): QueuedTrack[] => results.slice(index).map((r) => r.track);
  const choices: { value: WeightChoice; title: string; description: string }[] = [
    ...(presetData?.similarityPresets ?? []).map((p) => ({ value: p.preset, title: p.title, description: p.description })),
    { value: 'CUSTOM', title: 'Custom', description: 'Your own weight per dimension, and for timbre.' },
  ];

  return (
    <section class="similar" aria-labelledby="similar-title">
      <div class="similar-head">
        <h2 id="similar-title">Similar tracks</h2>
        <button type="button" disabled={results.length === 0} onClick={() => onPlayFrom(queueFrom(0))}>
          Play all
        </button>
      </div>
      <div class="similar-controls">
        <div role="group" aria-label="Weight preset" class="presets">
          {choices.map((c) => (
            <button key={c.value} type="button" aria-pressed={choice === c.value} title={c.description} onClick={() => setChoice(c.value)}>
              {c.title}
            </button>
          ))}
        </div>
        <label class="control">
          Diversity <span class="num">{formatNumber(diversity, 1)}</span>
          <input type="range" min={0} max={1} step={0.1} value={diversity} onChange={(event) => setDiversity(Number(event.currentTarget.value))} />
        </label>
        <label class="control">
          Per artist
          <select value={maxPerArtist ?? ''} onChange={(event) => setMaxPerArtist(event.currentTarget.value === '' ? undefined : Number(event.currentTarget.value))}>
            <option value="">no cap</option>
            {[1, 2, 3, 5].map((n) => (
              <option key={n} value={n}>
                at most {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {choice === 'CUSTOM' && dimensions && (
        <details class="custom-weights" open>
          <summary>Custom weights (0 = ignore)</summary>
          <div class="weights-grid">
            {[...dimensions.map((d) => d.name), TIMBRE].map((name) => (
              <label key={name} class="weight">
                <span>{name === TIMBRE ? 'Timbre (MFCC)' : dimensionLabel(name)}</span>
                <input
                  type="range"
                  min={0}
                  max={10}
                  step={0.5}
                  value={custom[name] ?? 0}
                  onChange={(event) => setSliders({ ...custom, [name]: Number(event.currentTarget.value) })}
                />
                <span class="num">{formatNumber(custom[name] ?? 0, 1)}</span>
              </label>
            ))}
          </div>
        </details>
      )}
      {noWeights && <p role="alert">Give at least one dimension a weight above 0.</p>}
      {error && <p role="alert">Could not load similar tracks: {errorText(error)}</p>}
      {fetching && !data && <p role="status">Finding similar tracks…</p>}
      {data && results.length === 0 && <p role="status">No other analysed tracks yet.</p>}
      <ol class="similar-list">
        {results.map((result, index) => (
          <SimilarRow key={result.track.id} result={result} enumToName={enumToName} onPlay={() => onPlayFrom(queueFrom(index))} />
        ))}
      </ol>
    </section>
  );
}

function SimilarRow({ result, enumToName, onPlay }: { result: SimilarResult; enumToName: ReadonlyMap<Dimension, string>; onPlay: () => void }) {
  const byShare = [...result.contributions].sort((a, b) => b.share - a.share);
  const title = result.track.title ?? result.track.id;
  const bars = (list: typeof byShare) => (
    <ul class="contributions">
      {list.map((c) => {
        const label = dimensionLabel(enumToName.get(c.dimension) ?? c.dimension);
        const direction = c.normalisedDelta > 0 ? 'higher' : c.normalisedDelta < 0 ? 'lower' : 'same';
        return (
          <li key={c.dimension}>
            <span class="contribution-name">{label}</span>
            <span class="contribution-bar" role="img" aria-label={`${label}: ${Math.round(c.share * 100)} % of the distance, ${direction}`}>
              <span class={`contribution-fill ${direction}`} style={{ width: `${Math.max(1, c.share * 100)}%` }} />
            </span>
            <span class="num small">{Math.round(c.share * 100)} %</span>
          </li>
        );
      })}
    </ul>
  );
  return (
    <li class="similar-row">
      <div class="similar-main">
        <span class="similarity num" aria-label={`similarity ${Math.round(result.similarity * 100)} %`}>
          {Math.round(result.similarity * 100)}%
        </span>
        <div class="similar-text">
          <a href={`/track/${encodeURIComponent(result.track.id)}`}>{title}</a>
          <span class="muted small">{[result.track.artist, result.track.album].filter(Boolean).join(' · ')}</span>
          <span class="because">{result.because}</span>
        </div>
        <button type="button" class="play-from" onClick={onPlay}>
          Play from here<span class="visually-hidden">: {title}</span>
        </button>
      </div>
      {bars(byShare.slice(0, TOP_CONTRIBUTIONS))}
      <details>
        <summary class="small">All dimensions</summary>
        {bars(byShare)}
      </details>
    </li>
  );
}
