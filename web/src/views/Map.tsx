/**
 * Map `/map`: every fingerprinted track on the server's 2-D library map (`libraryMap`: UMAP of the normalised
 * fingerprints, so near is similar), drawn with sigma.js (WebGL, graphology nodes only). Coloured by any dimension
 * (`?colour=TEMPO_BPM`, by the track's rank in the library: viridis); the wheel and drag zoom and pan, the keyboard too
 * (+ − and the arrows); hovering a point shows its track, clicking opens it; shift-drag draws a lasso whose tracks become
 * a playlist (M3U8 export, or the seeds of a mix). The map is built by `buildLibraryMap` when missing or stale.
 *
 * For tests the canvas container carries `data-points` (points drawn) and `data-status`, and exposes the renderer as
 * its `auralisMap` property (sigma and graph) to find a point on screen.
 */
import { useMutation, useQuery } from '@urql/preact';
import { interpolateViridis } from 'd3-scale-chromatic';
import Graph from 'graphology';
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import Sigma from 'sigma';
import { NodePointProgram } from 'sigma/rendering';
import { useDimensionCatalogue } from '../dimensions.ts';
import { EmptyLibrary, useLibraryCounts } from '../EmptyLibrary.tsx';
import { errorText } from '../errorText.ts';
import { dimensionLabel, formatValue } from '../format.ts';
import { graphql } from '../gql/index.ts';
import { playlistFileName, playlistHref } from '../playlist/playlistLinks.ts';
import type { Dimension } from '../gql/graphql.ts';
import inside from 'point-in-polygon';
import './map.css';

const LibraryMapQuery = graphql(`
  query LibraryMap {
    libraryMap {
      status
      computedAt
      count
      placed
      trackIds
      x
      y
      job {
        id
        processed
        total
      }
    }
  }
`);

const LibraryMapColours = graphql(`
  query LibraryMapColours($dimension: Dimension!) {
    libraryMap {
      values(dimension: $dimension)
    }
  }
`);

const BuildLibraryMap = graphql(`
  mutation BuildLibraryMap {
    buildLibraryMap {
      job {
        ...JobState
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const MapTrack = graphql(`
  query MapTrack($id: ID!) {
    track(id: $id) {
      id
      title
      artist
      album
    }
  }
`);

/**
 * Fewest analysed tracks a map is computed for: UMAP places each track among its neighbours, and with two or fewer
 * there are none to place it by (the server would only put them on a line).
 */
export const MIN_MAP_TRACKS = 3;

/** Title of the selection's M3U8 export. */
const MAP_SELECTION = 'Map selection';
/** Most tracks one playlist export or mix link carries (the server's M3U8 export takes at most 1 000). */
const MAX_PLAYLIST = 1000;
/** Point radius in px: 5.5 for a handful of tracks down to 2 from 10 000. */
function pointSize(count: number): number {
  return Math.max(2, Math.min(5.5, 7 - 1.25 * Math.log10(Math.max(1, count))));
}
const DEFAULT_COLOUR = '#7cc4ff';
const DIMMED = '#3a4152';
/** How often the view re-reads the map while it is computed, in ms. */
const POLL_MS = 1000;

/** What tests reach through the container's `auralisMap` property. */
/** A point on screen, in px from the canvas's top left corner. */
interface Point {
  readonly x: number;
  readonly y: number;
}

export interface MapRenderer {
  readonly sigma: Sigma;
  readonly graph: Graph;
}

/** Colours by rank: the i-th smallest of n values gets viridis((i + 0.5) / n); equal values share a colour. */
function rankColours(values: readonly number[]): string[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const colours = new Array<string>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const colour = interpolateViridis(((start + end) / 2 + 0.5) / order.length);
    for (let i = start; i <= end; i++) colours[order[i]!] = colour;
    start = end + 1;
  }
  return colours;
}

export function Map() {
  const location = useLocation();
  const colour = (location.query.colour ?? '') as Dimension | '';
  const [{ data, error, fetching }, reexecute] = useQuery({ query: LibraryMapQuery, requestPolicy: 'cache-and-network' });
  const [colours] = useQuery({ query: LibraryMapColours, variables: { dimension: colour as Dimension }, pause: colour === '' });
  const [built, build] = useMutation(BuildLibraryMap);
  const { dimensions } = useDimensionCatalogue();
  const container = useRef<HTMLDivElement>(null);
  const renderer = useRef<MapRenderer | null>(null);
  /** Bumped when a renderer is created, so the colour effect runs on it. */
  const [rendered, setRendered] = useState(0);
  const [hovered, setHovered] = useState<{ id: string; x: number; y: number } | null>(null);
  const [selection, setSelection] = useState<readonly string[]>([]);
  const [lasso, setLasso] = useState<readonly Point[] | null>(null);
  const map = data?.libraryMap;
  const status = map?.status;
  const counts = useLibraryCounts();
  const tooFew = counts !== undefined && counts.analysed < MIN_MAP_TRACKS && status !== 'READY' && status !== 'COMPUTING';

  // Re-read the map while it is being computed.
  useEffect(() => {
    if (status !== 'COMPUTING') return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [status, reexecute]);

  // The renderer: one sigma instance per set of points.
  useEffect(() => {
    const element = container.current;
    if (!element || !map || map.count === 0) return;
    const graph = new Graph({ type: 'undirected' });
    const size = pointSize(map.count);
    map.trackIds.forEach((id, i) => graph.addNode(id, { x: map.x[i]!, y: map.y[i]!, size, color: DEFAULT_COLOUR }));
    const sigma = new Sigma(graph, element, {
      renderLabels: false,
      renderEdgeLabels: false,
      zIndex: false,
      minCameraRatio: 0.01,
      maxCameraRatio: 4,
      defaultNodeColor: DEFAULT_COLOUR,
      // Points as gl.POINTS (one vertex each) rather than sigma's default circles (instanced triangles): the same
      // dots, and several times cheaper per frame where WebGL is rasterised in software (bench/webMap.ts).
      defaultNodeType: 'point',
      nodeProgramClasses: { point: NodePointProgram },
    });
    sigma.on('enterNode', ({ node, event }) => {
      element.style.cursor = 'pointer';
      setHovered({ id: node, x: event.x, y: event.y });
    });
    sigma.on('leaveNode', () => {
      element.style.cursor = '';
      setHovered(null);
    });
    sigma.on('clickNode', ({ node }) => location.route(`/track/${encodeURIComponent(node)}`));
    renderer.current = { sigma, graph };
    Object.assign(element, { auralisMap: renderer.current });
    element.dataset.points = String(graph.order);
    setRendered((n) => n + 1);
    return () => {
      sigma.kill();
      renderer.current = null;
      delete element.dataset.points;
    };
    // The points change only with a new map (computedAt) or new placed tracks (count).
  }, [map?.computedAt, map?.count, map?.placed, map?.status === 'MISSING']);

  // Colours: by the chosen dimension, selected tracks bright and the others dimmed while a selection exists.
  const values = colour === '' ? undefined : colours.data?.libraryMap.values;
  const pointColours = useMemo(() => (values && map && values.length === map.count ? rankColours(values) : null), [values, map?.count]);
  const indexOf = useMemo(() => new globalThis.Map((map?.trackIds ?? []).map((id, i) => [id, i])), [map?.trackIds]);
  useEffect(() => {
    const current = renderer.current;
    if (!current || !map) return;
    const selected = new Set(selection);
    current.graph.updateEachNodeAttributes((node, attributes) => {
      const base = pointColours?.[indexOf.get(node) ?? -1] ?? DEFAULT_COLOUR;
      return { ...attributes, color: selected.size === 0 || selected.has(node) ? base : DIMMED, zIndex: selected.has(node) ? 1 : 0 };
    });
  }, [pointColours, selection, rendered, indexOf]);

  // Lasso: shift-drag draws a polygon; the points inside become the selection. Captured before sigma sees the drag.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let points: Point[] | null = null;
    /** Set by a lasso's mouseup: the click the browser fires next belongs to the lasso, not to a point under it. */
    let swallowClick = false;
    const local = (event: MouseEvent): Point => {
      const box = element.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    };
    const down = (event: MouseEvent) => {
      swallowClick = false;
      if (!event.shiftKey || event.button !== 0) return;
      event.stopPropagation();
      event.preventDefault();
      points = [local(event)];
      setLasso(points);
    };
    const move = (event: MouseEvent) => {
      if (points === null) return;
      event.stopPropagation();
      points = [...points, local(event)];
      setLasso(points);
    };
    const up = (event: MouseEvent) => {
      if (points === null) return;
      event.stopPropagation();
      const polygon = points;
      points = null;
      swallowClick = true;
      setLasso(null);
      const current = renderer.current;
      if (!current || polygon.length < 3) return;
      const ring = polygon.map((p) => [p.x, p.y]);
      const chosen: string[] = [];
      current.graph.forEachNode((node, attributes) => {
        const at = current.sigma.graphToViewport({ x: attributes.x as number, y: attributes.y as number });
        if (inside([at.x, at.y], ring)) chosen.push(node);
      });
      setSelection(chosen);
    };
    const click = (event: MouseEvent) => {
      if (!swallowClick) return;
      swallowClick = false;
      event.stopPropagation();
    };
    element.addEventListener('mousedown', down, true);
    element.addEventListener('click', click, true);
    window.addEventListener('mousemove', move, true);
    window.addEventListener('mouseup', up, true);
    return () => {
      element.removeEventListener('mousedown', down, true);
      element.removeEventListener('click', click, true);
      window.removeEventListener('mousemove', move, true);
      window.removeEventListener('mouseup', up, true);
    };
  }, []);

  const onKey = (event: KeyboardEvent) => {
    const camera = renderer.current?.sigma.getCamera();
    if (!camera) return;
    const step = 0.1 * camera.ratio;
    const moves: Record<string, () => void> = {
      '+': () => camera.animatedZoom({ duration: 150 }),
      '=': () => camera.animatedZoom({ duration: 150 }),
      '-': () => camera.animatedUnzoom({ duration: 150 }),
      '0': () => camera.animatedReset({ duration: 150 }),
      ArrowLeft: () => camera.setState({ x: camera.x - step }),
      ArrowRight: () => camera.setState({ x: camera.x + step }),
      ArrowUp: () => camera.setState({ y: camera.y + step }),
      ArrowDown: () => camera.setState({ y: camera.y - step }),
      Escape: () => setSelection([]),
    };
    const action = moves[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const setColour = (value: string) => {
    const params = new URLSearchParams(location.query);
    if (value === '') params.delete('colour');
    else params.set('colour', value);
    const query = params.toString();
    location.route(query === '' ? '/map' : `/map?${query}`, true);
  };

  const startBuild = async () => {
    await build({});
    reexecute({ requestPolicy: 'network-only' });
  };

  const colourInfo = dimensions?.find((d) => d.dimension === colour);
  const colourRange = values && values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : null;
  const exported = selection.slice(0, MAX_PLAYLIST);
  const buildUserError = built.data?.buildLibraryMap.userErrors[0];
  const buildError = built.error ? errorText(built.error) : buildUserError && `${buildUserError.message} (${buildUserError.code})`;

  return (
    <section class="view map-view" aria-labelledby="view-title">
      <header class="map-head">
        <h1 id="view-title">Map</h1>
        <p class="muted small">
          Every track placed by how it sounds: near is similar. Scroll or press + / − to zoom, drag or use the arrows to pan, shift-drag to lasso
          tracks into a playlist.
        </p>
      </header>
      <div class="map-controls">
        <label class="control">
          Colour by
          <select value={colour} onChange={(event) => setColour((event.target as HTMLSelectElement).value)}>
            <option value="">None</option>
            {dimensions?.map((d) => (
              <option key={d.dimension} value={d.dimension}>
                {dimensionLabel(d.name)} ({d.unit})
              </option>
            ))}
          </select>
        </label>
        {colourInfo && colourRange && (
          <span class="map-legend" aria-label={`Colour scale of ${dimensionLabel(colourInfo.name)}`}>
            <span>{formatValue(colourRange.min, colourInfo.unit)}</span>
            <span class="map-legend-ramp" aria-hidden="true" />
            <span>{formatValue(colourRange.max, colourInfo.unit)}</span>
          </span>
        )}
        <span class="map-status" role="status" data-testid="map-status">
          {error
            ? `Could not load the map: ${errorText(error)}`
            : !map
              ? 'Loading…'
              : tooFew
                ? 'No map: too few analysed tracks.'
                : status === 'MISSING'
                  ? 'No map yet.'
                  : status === 'COMPUTING'
                    ? `Computing the map${map.job ? ` (${Math.round((100 * map.job.processed) / Math.max(1, map.job.total))} %)` : ''}…`
                    : status === 'STALE'
                      ? `${map.count} tracks; the library changed since the map was computed${map.placed > 0 ? ` (${map.placed} placed beside their nearest neighbour)` : ''}.`
                      : `${map.count} tracks.`}
        </span>
        {(status === 'MISSING' || status === 'STALE') && !tooFew && (
          <button type="button" class="primary" onClick={startBuild} disabled={built.fetching || fetching}>
            {status === 'MISSING' ? 'Compute the map' : 'Recompute'}
          </button>
        )}
        {buildError && <span role="alert">{buildError}</span>}
      </div>
      {tooFew && <EmptyLibrary counts={counts} needed={MIN_MAP_TRACKS} what="a map" />}
      <div
        class="map-canvas"
        ref={container}
        tabIndex={0}
        role="img"
        aria-label={`Library map of ${map?.count ?? 0} tracks`}
        data-status={status ?? 'LOADING'}
        onKeyDown={onKey}
      >
        {lasso && (
          <svg class="map-lasso" aria-hidden="true">
            <polygon points={lasso.map((p) => `${p.x},${p.y}`).join(' ')} />
          </svg>
        )}
        {hovered && <MapTooltip id={hovered.id} x={hovered.x} y={hovered.y} />}
      </div>
      {selection.length > 0 && (
        <aside class="map-selection" aria-label="Selection">
          <strong>
            {selection.length} {selection.length === 1 ? 'track' : 'tracks'} selected
          </strong>
          <a class="button" href={playlistHref(exported, MAP_SELECTION)} download={playlistFileName(MAP_SELECTION)}>
            Export M3U8{selection.length > MAX_PLAYLIST ? ` (first ${MAX_PLAYLIST})` : ''}
          </a>
          <a class="button" href={`/mix?${new URLSearchParams({ seeds: exported.join(',') }).toString()}`}>
            Mix from these
          </a>
          <button type="button" onClick={() => setSelection([])}>
            Clear
          </button>
        </aside>
      )}
    </section>
  );
}

/** The hovered track's tags beside the pointer. */
function MapTooltip({ id, x, y }: { id: string; x: number; y: number }) {
  const [{ data }] = useQuery({ query: MapTrack, variables: { id } });
  const track = data?.track;
  return (
    <div class="map-tooltip" role="tooltip" style={{ left: `${x + 12}px`, top: `${y + 12}px` }}>
      {track ? (
        <>
          <strong>{track.title ?? id}</strong>
          {track.artist && <span>{track.artist}</span>}
        </>
      ) : (
        <span>…</span>
      )}
    </div>
  );
}
