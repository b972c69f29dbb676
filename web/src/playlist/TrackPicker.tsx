/**
 * Pick one track by typing: a combobox (WAI-ARIA 1.2 pattern) over `tracks(where: {search})`, searched as you
 * type (after 150 ms of quiet). Arrow keys move through the suggestions, Enter picks, Escape closes. A picked
 * track shows as its title with a button to change it; a track given by id only (from the URL) loads its tags.
 */
import { useQuery } from '@urql/preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { graphql } from '../gql/index.ts';
import { type PickedTrack, trackLabel } from './playlistLinks.ts';

const TrackSearch = graphql(`
  query TrackSearch($search: String!) {
    tracks(first: 8, where: { search: $search }) {
      edges {
        node {
          id
          title
          artist
          album
        }
      }
    }
  }
`);

const PickedTrackTags = graphql(`
  query PickedTrackTags($id: ID!) {
    track(id: $id) {
      id
      title
      artist
    }
  }
`);

/** Milliseconds of no typing before the search runs. */
const SEARCH_DELAY_MS = 150;

export interface TrackPickerProps {
  /** Visible label, e.g. "Start". */
  readonly label: string;
  readonly value: PickedTrack | null;
  onChange(track: PickedTrack | null): void;
  /** A button beside the picked track removing the whole row (stops, seeds), with this accessible name. */
  readonly removeLabel?: string;
  onRemove?(): void;
}

export function TrackPicker({ label, value, onChange, removeLabel, onRemove }: TrackPickerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const [{ data, fetching }] = useQuery({ query: TrackSearch, variables: { search }, pause: value !== null || search === '' });
  const needsTags = value !== null && value.title === null;
  const [{ data: tags }] = useQuery({ query: PickedTrackTags, variables: { id: value?.id ?? '' }, pause: !needsTags });
  useEffect(() => {
    if (needsTags && tags?.track) onChange({ id: tags.track.id, title: tags.track.title ?? null, artist: tags.track.artist ?? null });
  }, [needsTags, tags]);

  if (value !== null) {
    return (
      <div class="picker picker-chosen" role="group" aria-label={label}>
        <span class="picker-label">{label}</span>
        <span class="picker-value" data-track-id={value.id}>
          {trackLabel(value)}
        </span>
        <button type="button" onClick={() => onChange(null)} aria-label={`Change ${label.toLowerCase()}`}>
          Change
        </button>
        {onRemove && (
          <button type="button" onClick={onRemove} aria-label={removeLabel ?? `Remove ${label.toLowerCase()}`}>
            ×
          </button>
        )}
      </div>
    );
  }

  const options = search === '' ? [] : (data?.tracks.edges.map((edge) => edge.node) ?? []);
  const expanded = open && search !== '';
  const pick = (index: number) => {
    const node = options[index];
    if (!node) return;
    onChange({ id: node.id, title: node.title ?? null, artist: node.artist ?? null });
    setText('');
    setSearch('');
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      if (expanded && options.length > 0) {
        event.preventDefault();
        pick(active);
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };
  return (
    <div class="picker">
      <label class="picker-label" for={`${id}-input`}>
        {label}
      </label>
      <div class="picker-box">
        <input
          id={`${id}-input`}
          type="search"
          role="combobox"
          list={undefined}
          autoComplete="off"
          placeholder="Type a title, artist or album…"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-activedescendant={expanded && options[active] ? `${id}-option-${active}` : undefined}
          value={text}
          onInput={(event) => {
            setText((event.target as HTMLInputElement).value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {expanded && (
          <ul id={`${id}-list`} role="listbox" aria-label={`${label}: matching tracks`} class="picker-list">
            {options.map((node, index) => (
              <li
                key={node.id}
                id={`${id}-option-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(index);
                }}
              >
                <span>{node.title ?? node.id}</span> <span class="muted">{[node.artist, node.album].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
            {options.length === 0 && (
              <li role="option" aria-disabled="true" aria-selected={false} class="muted">
                {fetching || search !== text.trim() ? 'Searching…' : 'No track matches'}
              </li>
            )}
          </ul>
        )}
      </div>
    </div>
  );
}
