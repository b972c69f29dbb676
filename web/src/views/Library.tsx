/**
 * Library `/`: every track in a virtualised table (only the visible rows are in the DOM), loaded in keyset pages
 * as it scrolls; a text search (`tracks(where: {search})`) and a filter panel, one range slider per dimension
 * over the library's histogram, grouped by category (`fingerprints(where: FingerprintWhere, search)`, which also
 * takes the text search). The search and the filters live in the URL query string: a filter is a link to share.
 */
import { useClient } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type DimensionInfo, useDimensionCatalogue } from '../dimensions.ts';
import { histogram } from '../distribution.ts';
import { EmptyLibrary, useLibraryCounts } from '../EmptyLibrary.tsx';
import { errorText } from '../errorText.ts';
import {
  filtersToQuery,
  fingerprintWhere,
  hasRanges,
  type LibraryFilters,
  parseFilters,
  type RangeFilter,
  withRange,
} from '../filters.ts';
import { dimensionLabel, formatDuration, formatNumber, formatValue, GROUP_LABELS } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { LibraryRowFragment } from '../gql/graphql.ts';
import { useVirtualizer } from '../useVirtualizer.ts';

graphql(`
  fragment LibraryRow on Track {
    id
    path
    title
    artist
    album
    durationSeconds
    fingerprintStatus
    fingerprint {
      tempoBpm
      lufs
      key {
        camelot
      }
    }
  }
`);

const LibraryTracks = graphql(`
  query LibraryTracks($first: Int!, $after: String, $where: TrackWhere) {
    tracks(first: $first, after: $after, where: $where) {
      totalCount
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          ...LibraryRow
        }
      }
    }
  }
`);

const LibraryFingerprints = graphql(`
  query LibraryFingerprints($first: Int!, $after: String, $where: FingerprintWhere!, $search: String) {
    fingerprints(first: $first, after: $after, where: $where, search: $search) {
      totalCount
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          track {
            ...LibraryRow
          }
        }
      }
    }
  }
`);

/** Rows of the first page (small, for a fast first render) and of every later page (the API's maximum). */
const FIRST_PAGE = 100;
const NEXT_PAGE = 500;
/** Row height in px (fixed: the virtualiser needs no measuring). */
const ROW_HEIGHT = 34;
/** Load the next page when the last rendered row is this close to the end of the loaded rows. */
const PREFETCH_ROWS = 100;
/** Bins of each filter's histogram. */
const HISTOGRAM_BINS = 24;

export function Library() {
  const location = useLocation();
  const filters = useMemo(() => parseFilters(location.query), [location.url]);
  const setFilters = (next: LibraryFilters) => {
    const query = filtersToQuery(next);
    location.route(query === '' ? '/' : `/?${query}`, true);
  };
  const counts = useLibraryCounts();
  return (
    <section class="view library" aria-labelledby="view-title">
      <div class="library-head">
        <h1 id="view-title">Library</h1>
        <SearchBox filters={filters} onChange={setFilters} />
      </div>
      {counts?.tracks === 0 ? (
        <EmptyLibrary counts={counts} />
      ) : (
        <div class="library-body">
          <FilterPanel filters={filters} onChange={setFilters} />
          <TrackTable filters={filters} />
        </div>
      )}
    </section>
  );
}

function SearchBox({ filters, onChange }: { filters: LibraryFilters; onChange: (next: LibraryFilters) => void }) {
  const [text, setText] = useState(filters.search);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => setText(filters.search), [filters.search]);
  return (
    <form class="search" role="search" onSubmit={(event) => event.preventDefault()}>
      <label for="library-search">Search</label>
      <input
        id="library-search"
        type="search"
        value={text}
        placeholder="Title, artist, album or path"
        onInput={(event) => {
          const value = event.currentTarget.value;
          setText(value);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => onChange({ ...filters, search: value }), 250);
        }}
      />
    </form>
  );
}

function FilterPanel({ filters, onChange }: { filters: LibraryFilters; onChange: (next: LibraryFilters) => void }) {
  const { dimensions, error } = useDimensionCatalogue();
  const groups = useMemo(() => {
    const byGroup = new Map<string, DimensionInfo[]>();
    for (const d of dimensions ?? []) byGroup.set(d.group, [...(byGroup.get(d.group) ?? []), d]);
    return [...byGroup.entries()];
  }, [dimensions]);
  const active = Object.keys(filters.ranges).length;
  return (
    <details class="filters" open={window.matchMedia('(min-width: 900px)').matches}>
      <summary>
        Filters{active > 0 ? ` (${active})` : ''}
      </summary>
      {error && <p role="alert">Could not load the dimensions: {errorText(error)}</p>}
      {active > 0 && (
        <button type="button" class="clear" onClick={() => onChange({ search: filters.search, ranges: {} })}>
          Clear filters
        </button>
      )}
      {groups.map(([group, members]) => (
        <fieldset key={group}>
          <legend>{GROUP_LABELS[group] ?? group}</legend>
          {members.map((info) => (
            <RangeControl
              key={info.name}
              info={info}
              range={filters.ranges[info.name]}
              onChange={(range) => onChange(withRange(filters, info.name, range))}
            />
          ))}
        </fieldset>
      ))}
    </details>
  );
}

/** Four significant digits: enough for a filter, short in the URL. */
function roundForUrl(value: number): number {
  return Number(value.toPrecision(4));
}

/** One dimension: the library's histogram under a two-thumb slider (two native range inputs, keyboard-operable). */
function RangeControl({ info, range, onChange }: { info: DimensionInfo; range: RangeFilter | undefined; onChange: (range: RangeFilter | undefined) => void }) {
  const bins = useMemo(() => (info.quantiles ? histogram(info.quantiles, HISTOGRAM_BINS) : undefined), [info.quantiles]);
  const min = bins?.min ?? info.range.min;
  const max = bins?.max ?? info.range.max;
  const usable = max > min;
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const [draft, setDraft] = useState<[number, number]>([clamp(range?.gte ?? min), clamp(range?.lte ?? max)]);
  useEffect(() => setDraft([clamp(range?.gte ?? min), clamp(range?.lte ?? max)]), [range?.gte, range?.lte, min, max]);
  const step = usable ? (max - min) / 100 : 1;
  const commit = (low: number, high: number) => {
    // A thumb at its end leaves that side open, so the filter stays put as the library grows.
    const gte = low > min + step / 2 ? roundForUrl(low) : undefined;
    const lte = high < max - step / 2 ? roundForUrl(high) : undefined;
    onChange(gte === undefined && lte === undefined ? undefined : { gte, lte });
  };
  const label = dimensionLabel(info.name);
  const id = `filter-${info.name}`;
  const peak = bins ? Math.max(...bins.shares) : 1;
  const [low, high] = draft;
  /** The two thumbs: each keeps to its side of the other. */
  const thumbs: { end: string; value: number; next: (value: number) => [number, number] }[] = [
    { end: 'minimum', value: low, next: (value) => [Math.min(value, high), high] },
    { end: 'maximum', value: high, next: (value) => [low, Math.max(value, low)] },
  ];
  return (
    <div class={`range-control${range ? ' active' : ''}`} role="group" aria-labelledby={`${id}-label`}>
      <div class="range-head">
        <span id={`${id}-label`} title={info.description}>
          {label}
        </span>
        <span class="range-values" aria-live="polite">
          {formatValue(low, info.unit)} – {formatValue(high, info.unit)}
        </span>
      </div>
      {bins && (
        <svg class="histogram" viewBox={`0 0 ${HISTOGRAM_BINS} 1`} preserveAspectRatio="none" aria-hidden="true">
          {bins.shares.map((share, i) => {
            const left = min + ((max - min) * i) / HISTOGRAM_BINS;
            const right = min + ((max - min) * (i + 1)) / HISTOGRAM_BINS;
            const inside = right > low && left < high;
            const h = peak > 0 ? share / peak : 0;
            return <rect key={i} class={inside ? 'in' : 'out'} x={i + 0.08} width={0.84} y={1 - h} height={h} />;
          })}
        </svg>
      )}
      <div class="range-inputs">
        {thumbs.map(({ end, value, next }) => (
          <input
            key={end}
            type="range"
            min={min}
            max={max}
            step={step}
            value={value}
            disabled={!usable}
            aria-label={`${label} ${end} (${info.unit})`}
            aria-valuetext={formatValue(value, info.unit)}
            onInput={(event) => setDraft(next(Number(event.currentTarget.value)))}
            onChange={(event) => commit(...next(Number(event.currentTarget.value)))}
          />
        ))}
      </div>
    </div>
  );
}

interface TableState {
  /** The filters these rows are for (filtersToQuery): answers for older filters are dropped. */
  readonly key: string;
  readonly rows: readonly LibraryRowFragment[];
  readonly total: number | undefined;
  readonly cursor: string | null | undefined;
  readonly hasNext: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
}

const emptyState = (key: string): TableState => ({ key, rows: [], total: undefined, cursor: undefined, hasNext: true, loading: false, error: undefined });

/** The keyset-paged rows for `filters`, and `loadMore` for the next page. */
function usePagedTracks(filters: LibraryFilters): TableState & { loadMore: () => void } {
  const client = useClient();
  const key = filtersToQuery(filters);
  const [, setState] = useState<TableState>(() => emptyState(key));
  // The rows live in a ref (read by loadMore between renders); setState only re-renders.
  const current = useRef<TableState>(emptyState(key));
  if (current.current.key !== key) current.current = emptyState(key);

  const loadMore = () => {
    const s = current.current;
    if (s.loading || !s.hasNext || s.error) return;
    const first = s.rows.length === 0 ? FIRST_PAGE : NEXT_PAGE;
    const loading = { ...s, loading: true };
    current.current = loading;
    setState(loading);
    const where = fingerprintWhere(filters);
    const search = filters.search.trim() === '' ? null : filters.search.trim();
    const page = where
      ? client
          .query(LibraryFingerprints, { first, after: s.cursor ?? null, where, search })
          .toPromise()
          .then(({ data, error }) => ({
            error,
            connection: data && {
              totalCount: data.fingerprints.totalCount,
              pageInfo: data.fingerprints.pageInfo,
              rows: data.fingerprints.edges.map((edge) => edge.node.track),
            },
          }))
      : client
          .query(LibraryTracks, { first, after: s.cursor ?? null, where: search === null ? null : { search } })
          .toPromise()
          .then(({ data, error }) => ({
            error,
            connection: data && {
              totalCount: data.tracks.totalCount,
              pageInfo: data.tracks.pageInfo,
              rows: data.tracks.edges.map((edge) => edge.node),
            },
          }));
    void page.then(({ error, connection }) => {
      if (current.current.key !== key) return;
      const next: TableState = connection
        ? {
            key,
            rows: [...s.rows, ...connection.rows],
            total: connection.totalCount,
            cursor: connection.pageInfo.endCursor,
            hasNext: connection.pageInfo.hasNextPage,
            loading: false,
            error: undefined,
          }
        : { ...s, loading: false, error: error ? errorText(error) : 'no data' };
      current.current = next;
      setState(next);
    });
  };

  useEffect(() => loadMore(), [key]);
  return { ...current.current, loadMore };
}

function TrackTable({ filters }: { filters: LibraryFilters }) {
  const { route } = useLocation();
  const paged = usePagedTracks(filters);
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const total = paged.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : 0;

  useEffect(() => {
    if (paged.hasNext && !paged.loading && lastIndex >= paged.rows.length - PREFETCH_ROWS) paged.loadMore();
  });
  useEffect(() => setActive(0), [paged.key]);

  const open = (index: number) => {
    const row = paged.rows[index];
    if (row) route(`/track/${encodeURIComponent(row.id)}`);
  };
  const move = (index: number) => {
    if (total === 0) return;
    const next = Math.min(total - 1, Math.max(0, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + pageRows, PageUp: active - pageRows, Home: 0, End: total - 1 };
    if (event.key in moves) {
      event.preventDefault();
      move(moves[event.key]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(active);
    }
  };

  const filtered = hasRanges(filters) || filters.search.trim() !== '';
  const status = paged.error
    ? undefined
    : paged.total === undefined
      ? 'Loading…'
      : `${paged.total.toLocaleString('en')} ${paged.total === 1 ? 'track' : 'tracks'}${filtered ? ' match' : ''}`;
  return (
    <div class="track-table">
      <p class="table-status" role="status">
        {status}
      </p>
      {paged.error && <p role="alert">Could not load tracks: {paged.error}</p>}
      <div
        ref={scroller}
        class="table-scroll"
        role="grid"
        aria-label="Tracks"
        aria-rowcount={total + 1}
        aria-colcount={7}
        tabIndex={0}
        aria-activedescendant={total > 0 && paged.rows[active] ? `library-row-${active}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div class="table-row table-header" role="row" aria-rowindex={1}>
          <span role="columnheader" class="c-title">Title</span>
          <span role="columnheader" class="c-artist">Artist</span>
          <span role="columnheader" class="c-album">Album</span>
          <span role="columnheader" class="c-time num">Time</span>
          <span role="columnheader" class="c-bpm num">BPM</span>
          <span role="columnheader" class="c-lufs num">LUFS</span>
          <span role="columnheader" class="c-key">Key</span>
        </div>
        <div class="table-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => {
            const row = paged.rows[item.index];
            return (
              <div
                key={item.key}
                id={`library-row-${item.index}`}
                class={`table-row${item.index === active ? ' active' : ''}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === active}
                style={{ transform: `translateY(${item.start}px)`, height: `${ROW_HEIGHT}px` }}
                onClick={() => {
                  setActive(item.index);
                  open(item.index);
                }}
              >
                {row ? <TrackRow row={row} /> : <span role="gridcell" class="c-title muted">Loading…</span>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The last segment of a path (`/music/a/b.flac` → `b.flac`): the title of an untagged track. */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function TrackRow({ row }: { row: LibraryRowFragment }) {
  const fingerprint = row.fingerprint;
  return (
    <>
      <span role="gridcell" class="c-title">
        <a href={`/track/${encodeURIComponent(row.id)}`} tabIndex={-1} onClick={(event) => event.stopPropagation()}>
          {row.title ?? fileName(row.path)}
        </a>
      </span>
      <span role="gridcell" class="c-artist">{row.artist ?? ''}</span>
      <span role="gridcell" class="c-album">{row.album ?? ''}</span>
      <span role="gridcell" class="c-time num">{formatDuration(row.durationSeconds)}</span>
      <span role="gridcell" class="c-bpm num">{fingerprint ? formatNumber(fingerprint.tempoBpm) : ''}</span>
      <span role="gridcell" class="c-lufs num">{fingerprint ? formatNumber(fingerprint.lufs) : ''}</span>
      <span role="gridcell" class="c-key">{fingerprint?.key?.camelot ?? (row.fingerprintStatus === 'CURRENT' ? '' : row.fingerprintStatus.toLowerCase())}</span>
    </>
  );
}
