/**
 * Track `/track/:id` (global ID): the tags, a player, the 25 values by category with their units, each against
 * the library's distribution (its percentile), the extra facts (ReplayGain, key, tempo confidence, true peak)
 * when present; beside them the similar tracks (views/Similar.tsx), which can be played from any of them.
 */
import { useQuery } from '@urql/preact';
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { type DimensionInfo, libraryPosition, useDimensionCatalogue } from '../dimensions.ts';
import { errorText } from '../errorText.ts';
import { dimensionLabel, formatDuration, formatNumber, formatValue, GROUP_LABELS, ordinal } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { TrackPageQuery } from '../gql/graphql.ts';
import { Player, type QueuedTrack } from '../Player.tsx';
import { Similar } from './Similar.tsx';

const TrackPage = graphql(`
  query TrackPage($id: ID!) {
    track(id: $id) {
      id
      databaseId
      title
      artist
      album
      albumArtist
      genre
      year
      durationSeconds
      codec
      sampleRate
      channels
      bitrate
      fingerprintStatus
      lastError
      fingerprint {
        version
        vector
        tempoConfidence
        tempoAlternateBpm
        truePeakDbtp
        key {
          name
          camelot
          confidence
        }
        replayGain {
          trackGainDb
          trackPeak
          albumGainDb
          albumPeak
        }
      }
    }
  }
`);

type TrackData = NonNullable<TrackPageQuery['track']>;

export function Track() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [{ data, error, fetching }] = useQuery({ query: TrackPage, variables: { id } });
  const [queue, setQueue] = useState<{ tracks: readonly QueuedTrack[]; index: number; autoPlay: boolean; of: string } | undefined>(undefined);
  if (error) return <p role="alert">Could not load the track: {errorText(error)}</p>;
  if (!data || (fetching && data.track?.id !== id)) return <p role="status">Loading…</p>;
  const track = data.track;
  if (!track) {
    return (
      <section class="view" aria-labelledby="view-title">
        <h1 id="view-title">Track not found</h1>
        <p>
          No track has the ID {id}. Back to the <a href="/">library</a>.
        </p>
      </section>
    );
  }
  const playing = queue && queue.of === track.id ? queue : { tracks: [track], index: 0, autoPlay: false, of: track.id };
  return (
    <section class="view track" aria-labelledby="view-title">
      <header class="track-head">
        <p class="muted small">
          <a href="/">Library</a> › Track
        </p>
        <h1 id="view-title">{track.title ?? track.id}</h1>
        <p class="track-tags">{[track.artist, track.album, track.year, track.genre].filter((v) => v !== null && v !== undefined && v !== '').join(' · ')}</p>
        {track.fingerprint && <TrackLinks id={track.id} />}
        <Player
          queue={playing.tracks}
          index={playing.index}
          autoPlay={playing.autoPlay}
          onIndexChange={(index) => setQueue({ ...playing, index, autoPlay: true })}
        />
      </header>
      <div class="track-body">
        <div class="track-values">
          <Facts track={track} />
          {track.fingerprint ? (
            <Values vector={track.fingerprint.vector} />
          ) : (
            <p role="status">
              No fingerprint yet ({track.fingerprintStatus.toLowerCase()}){track.lastError ? `: ${track.lastError}` : '.'}
            </p>
          )}
        </div>
        {track.fingerprint && (
          <Similar trackId={track.id} onPlayFrom={(tracks) => setQueue({ tracks, index: 0, autoPlay: true, of: track.id })} />
        )}
      </div>
    </section>
  );
}

/** Where to go from a track: its similarity graph, a path starting or ending here, a mix around it. */
function TrackLinks({ id }: { id: string }) {
  const encoded = encodeURIComponent(id);
  return (
    <nav class="track-links" aria-label="From this track">
      <a class="button-link" href={`/graph/${encoded}`}>
        Graph
      </a>
      <a class="button-link" href={`/paths?from=${encoded}`}>
        Path from here
      </a>
      <a class="button-link" href={`/paths?to=${encoded}`}>
        Path to here
      </a>
      <a class="button-link" href={`/mix?seeds=${encoded}`}>
        Mix from here
      </a>
    </nav>
  );
}

/** Facts beside the 25: format, ReplayGain, key, tempo confidence, true peak (each only when present). */
function Facts({ track }: { track: TrackData }) {
  const f = track.fingerprint;
  const facts: [string, string][] = [];
  if (track.durationSeconds != null) facts.push(['Duration', formatDuration(track.durationSeconds)]);
  const format = [track.codec, track.sampleRate ? `${formatNumber(track.sampleRate / 1000)} kHz` : null, track.channels ? `${track.channels} ch` : null, track.bitrate ? `${Math.round(track.bitrate / 1000)} kbit/s` : null];
  if (format.some(Boolean)) facts.push(['Format', format.filter(Boolean).join(', ')]);
  if (f?.key) facts.push(['Key', `${f.key.name} (${f.key.camelot})${f.key.confidence != null ? `, confidence ${formatNumber(f.key.confidence, 2)}` : ''}`]);
  if (f?.tempoConfidence != null) facts.push(['Tempo confidence', formatNumber(f.tempoConfidence, 2)]);
  if (f?.tempoAlternateBpm) facts.push(['Alternative tempo', `${formatNumber(f.tempoAlternateBpm)} BPM`]);
  if (f?.replayGain) {
    const rg = f.replayGain;
    facts.push(['ReplayGain (track)', `${formatNumber(rg.trackGainDb)} dB${rg.trackPeak != null ? `, peak ${formatNumber(rg.trackPeak)}` : ''}`]);
    if (rg.albumGainDb != null) facts.push(['ReplayGain (album)', `${formatNumber(rg.albumGainDb)} dB${rg.albumPeak != null ? `, peak ${formatNumber(rg.albumPeak)}` : ''}`]);
  }
  if (f?.truePeakDbtp != null) facts.push(['True peak', `${formatNumber(f.truePeakDbtp)} dBTP`]);
  return (
    <dl class="facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The 25 values grouped by category, each with a bar at its percentile in the library. */
function Values({ vector }: { vector: readonly number[] }) {
  const { dimensions, error } = useDimensionCatalogue();
  if (error) return <p role="alert">Could not load the dimensions: {errorText(error)}</p>;
  if (!dimensions) return <p role="status">Loading dimensions…</p>;
  const groups = new Map<string, { info: DimensionInfo; value: number }[]>();
  dimensions.forEach((info, i) => groups.set(info.group, [...(groups.get(info.group) ?? []), { info, value: vector[i]! }]));
  const fromLibrary = dimensions.some((d) => d.quantiles !== null);
  return (
    <div class="values">
      <h2>Fingerprint</h2>
      <p class="muted small">
        {fromLibrary ? 'Bars: where the track lies in this library (percentile).' : 'Bars: position in the typical range (the library is too small for percentiles).'}
      </p>
      {[...groups.entries()].map(([group, members]) => (
        <section key={group} class="value-group" aria-label={GROUP_LABELS[group] ?? group}>
          <h3>{GROUP_LABELS[group] ?? group}</h3>
          <ul>
            {members.map(({ info, value }) => {
              const position = libraryPosition(info, value);
              const where = info.quantiles ? `${ordinal(position)} percentile` : `${Math.round(position)} % of the typical range`;
              return (
                <li key={info.name} class="value-row" title={info.description}>
                  <span class="value-name">{dimensionLabel(info.name)}</span>
                  <span class="value-number num">{formatValue(value, info.unit)}</span>
                  <span class="percentile" role="img" aria-label={`${dimensionLabel(info.name)}: ${where}`}>
                    <span class="percentile-fill" style={{ width: `${Math.max(1, position)}%` }} />
                  </span>
                  <span class="value-where muted small">{info.quantiles ? ordinal(position) : ''}</span>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
