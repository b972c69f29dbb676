/**
 * Graph `/graph/:id?` (`?depth=1…3`, default 2): the stored similarity graph around a track (`similarityGraph`: its
 * neighbours, theirs, … to the depth), drawn with sigma.js over graphology, laid out by ForceAtlas2
 * (graphology-layout-forceatlas2, a fixed number of iterations on this thread) with edges weighted by similarity
 * (thicker and pulling harder when more similar). Clicking a node moves there (the URL changes); the nearest
 * neighbours are also listed as links for the keyboard. Without an id, the graph of the library's first track.
 *
 * For tests the canvas container carries `data-nodes`, `data-edges` and `data-centre` (the centre's global ID) and
 * exposes the renderer as its `auralisGraph` property (sigma and graph).
 */
import { useQuery } from '@urql/preact';
import Graphology from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';
import Sigma from 'sigma';
import { EmptyLibrary, useLibraryCounts } from '../EmptyLibrary.tsx';
import { errorText } from '../errorText.ts';
import { graphql } from '../gql/index.ts';
import './map.css';

const GraphView = graphql(`
  query GraphView($id: ID!, $depth: Int!) {
    track(id: $id) {
      id
      title
      artist
    }
    similarityGraph(trackIds: [$id], depth: $depth) {
      nodes {
        id
        title
        artist
      }
      edges {
        source
        target
        similarity
        rank
      }
      truncated
    }
  }
`);

const FirstTrack = graphql(`
  query GraphFirstTrack {
    tracks(first: 1) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const DEPTHS = [1, 2, 3] as const;
const DEFAULT_DEPTH = 2;
/** Node colour and size by distance (steps) from the centre. */
const RING_COLOURS = ['#ffd866', '#7cc4ff', '#8ee6a8', '#b79cff'];
const RING_SIZES = [14, 9, 6, 4];
/** ForceAtlas2 iterations: fewer for larger graphs (≤ 2 000 nodes), so the layout stays well under a second. */
function iterationsFor(nodes: number): number {
  return nodes <= 200 ? 300 : nodes <= 1000 ? 120 : 60;
}

export function Graph() {
  const { params } = useRoute();
  const location = useLocation();
  const id = params.id ? decodeURIComponent(params.id) : '';
  const depth = DEPTHS.find((d) => String(d) === location.query.depth) ?? DEFAULT_DEPTH;
  const [first] = useQuery({ query: FirstTrack, pause: id !== '' });
  const [{ data, error, fetching }] = useQuery({ query: GraphView, variables: { id, depth }, pause: id === '' });
  const container = useRef<HTMLDivElement>(null);
  const counts = useLibraryCounts();

  // No track given: the library's first one.
  const firstId = first.data?.tracks.edges[0]?.node.id;
  useEffect(() => {
    if (id === '' && firstId) location.route(`/graph/${encodeURIComponent(firstId)}`, true);
  }, [id, firstId]);

  const subgraph = data?.similarityGraph;
  useEffect(() => {
    const element = container.current;
    if (!element || !subgraph || subgraph.nodes.length === 0) return;
    const graph = new Graphology({ type: 'undirected' });
    const centre = subgraph.nodes[0]!.id;
    // Steps from the centre, as the server walks: breadth first from each track to its stored neighbours.
    const adjacency = new Map<string, string[]>();
    for (const edge of subgraph.edges) adjacency.set(edge.source, [...(adjacency.get(edge.source) ?? []), edge.target]);
    const steps = new Map<string, number>([[centre, 0]]);
    const queue = [centre];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const next of adjacency.get(node) ?? []) {
        if (!steps.has(next)) {
          steps.set(next, steps.get(node)! + 1);
          queue.push(next);
        }
      }
    }
    const n = subgraph.nodes.length;
    subgraph.nodes.forEach((node, i) => {
      const ring = Math.min(steps.get(node.id) ?? 3, 3);
      const angle = (2 * Math.PI * i) / n;
      graph.addNode(node.id, {
        x: ring === 0 ? 0 : ring * Math.cos(angle),
        y: ring === 0 ? 0 : ring * Math.sin(angle),
        size: RING_SIZES[ring],
        color: RING_COLOURS[ring],
        label: node.title ?? node.id,
        ring,
      });
    });
    const similarities = subgraph.edges.map((e) => e.similarity);
    const low = Math.min(...similarities);
    const high = Math.max(...similarities);
    for (const edge of subgraph.edges) {
      if (edge.source === edge.target || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
      const strength = high > low ? (edge.similarity - low) / (high - low) : 1;
      if (graph.hasEdge(edge.source, edge.target)) continue;
      graph.addEdge(edge.source, edge.target, { weight: edge.similarity, size: 0.5 + 3 * strength, color: `rgba(169, 179, 196, ${0.25 + 0.5 * strength})` });
    }
    forceAtlas2.assign(graph, { iterations: iterationsFor(n), settings: { ...forceAtlas2.inferSettings(graph), edgeWeightInfluence: 1 } });
    const sigma = new Sigma(graph, element, {
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 8,
      labelColor: { color: '#e8ecf3' },
      defaultEdgeColor: '#5a6375',
      zIndex: true,
    });
    sigma.on('enterNode', () => (element.style.cursor = 'pointer'));
    sigma.on('leaveNode', () => (element.style.cursor = ''));
    // A click moves the graph to a track; a click on the centre opens its track view.
    sigma.on('clickNode', ({ node }) => {
      if (node === centre) location.route(`/track/${encodeURIComponent(node)}`);
      else location.route(`/graph/${encodeURIComponent(node)}${depth === DEFAULT_DEPTH ? '' : `?depth=${depth}`}`);
    });
    Object.assign(element, { auralisGraph: { sigma, graph } });
    element.dataset.nodes = String(graph.order);
    element.dataset.edges = String(graph.size);
    element.dataset.centre = centre;
    return () => {
      sigma.kill();
      delete element.dataset.nodes;
      delete element.dataset.edges;
      delete element.dataset.centre;
    };
  }, [subgraph]);

  const setDepth = (value: string) => location.route(`/graph/${encodeURIComponent(id)}${value === String(DEFAULT_DEPTH) ? '' : `?depth=${value}`}`, true);

  const track = data?.track;
  const centre = subgraph?.nodes[0]?.id;
  const nearest = subgraph ? subgraph.edges.filter((e) => e.source === centre).sort((a, b) => a.rank - b.rank) : [];
  const titleOf = new Map(subgraph?.nodes.map((node) => [node.id, node.title ?? node.id]) ?? []);
  return (
    <section class="view graph-view" aria-labelledby="view-title">
      <h1 id="view-title">Graph{track ? `: ${track.title ?? track.id}` : ''}</h1>
      <p class="graph-centre muted small">
        {track ? (
          <>
            The tracks most similar to <a href={`/track/${encodeURIComponent(track.id)}`}>{track.title ?? track.id}</a>
            {track.artist ? ` by ${track.artist}` : ''}, their own nearest tracks and so on. Thicker lines: more similar. Click a track to move
            there, the centre to open it.
          </>
        ) : (
          'The similarity graph around a track.'
        )}
      </p>
      <div class="graph-controls">
        <label class="control">
          Depth
          <select value={String(depth)} onChange={(event) => setDepth((event.target as HTMLSelectElement).value)}>
            {DEPTHS.map((d) => (
              <option key={d} value={String(d)}>
                {d} {d === 1 ? 'step' : 'steps'}
              </option>
            ))}
          </select>
        </label>
        <span role="status">
          {error
            ? `Could not load the graph: ${errorText(error)}`
            : id === '' && first.data && !firstId
              ? 'No tracks to draw.'
              : !subgraph || fetching
                ? 'Loading…'
                : !track
                  ? `No track has the ID ${id}.`
                  : subgraph.edges.length === 0
                    ? 'No neighbours stored: build the similarity graph (buildSimilarityGraph) first.'
                    : `${subgraph.nodes.length} tracks, ${subgraph.edges.length} links${subgraph.truncated ? ' (cut at the limit)' : ''}.`}
        </span>
      </div>
      {id === '' && first.data && !firstId && counts && <EmptyLibrary counts={counts} needed={2} what="a graph" />}
      <div class="map-canvas" ref={container} role="img" aria-label={`Similarity graph of ${subgraph?.nodes.length ?? 0} tracks`} />
      {nearest.length > 0 && (
        <nav aria-label="Nearest tracks">
          <h2 class="small">Nearest tracks</h2>
          <ol class="graph-nearest">
            {nearest.map((edge) => (
              <li key={edge.target}>
                <a href={`/graph/${encodeURIComponent(edge.target)}${depth === DEFAULT_DEPTH ? '' : `?depth=${depth}`}`}>{titleOf.get(edge.target)}</a>{' '}
                <span class="muted small">{Math.round(edge.similarity * 100)} % similar</span>
              </li>
            ))}
          </ol>
        </nav>
      )}
    </section>
  );
}
