/**
 * The stored kNN similarity graph (issue 11, deliverable 2): every fingerprinted track's exact k nearest
 * neighbours under the default distance (similarityService.ts: weighted, library-normalised, exact f64, ties by
 * ascending track id, the track itself left out), kept in `similarity_edges` (SimilarityEdgeRepository).
 *
 * Build: one WASM kernel scan per track over the packed index (libraryIndex.ts), the k-th smallest f32 distance
 * plus TIE_MARGIN selects candidates, re-ranked in f64 (topK.ts), exactly as `similarTracks` ranks; rows are
 * scanned in batches so the event loop keeps serving between them.
 *
 * Identity: the graph records the normalisers (`library@<computed-at ms>` or `fallback`) and weights it was built
 * with, and the `library_changes` seq it reflects. `update()` brings it up to date: when the normaliser identity
 * changed (or no graph exists) it rebuilds; otherwise it applies the changed tracks (`library_changes.after(seq)`):
 *  - a changed or removed track loses its row; a changed one gets a fresh row (one scan);
 *  - every track that pointed at a changed or removed track gets a fresh row (one scan each);
 *  - every other track whose farthest stored neighbour a changed track now beats (or whose list is shorter than k)
 *    has that track merged into its list (found from the changed track's scan, confirmed in f64).
 * The result is the graph a full rebuild would store (test/similarity/graph.test.ts proves it).
 */
import type { EntityManager } from '@mikro-orm/sql';
import { AuralisError } from '../errors.ts';
import { LibraryChangeRepository } from '../db/LibraryChangeRepository.ts';
import { type SimilarityEdgeRecord, SimilarityEdgeRepository, type SimilarityGraphRecord } from '../db/SimilarityEdgeRepository.ts';
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import { type LibraryIndex, libraryIndex, liveRows, rowOf, vectorOf, withKernel, withoutDeadRows } from './libraryIndex.ts';
import { normaliseVector } from './normalise.ts';
import { checkFingerprintWhere, type FingerprintWhere } from '../db/fingerprintWhere.ts';
import { matchingRows } from './rowFilter.ts';
import { TIE_MARGIN } from './topK.ts';
import { exactDistance, type KnnBlock, knnRows, type NormalisedRows, tableRows } from './graphKnn.ts';
import type { GraphTask } from './graphWorker.ts';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config.ts';
import { DEFAULT_WEIGHT_VECTOR } from './weights.ts';
import { FingerprintNotFoundError, TrackNotFoundError } from '../db/errors.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { comparePair, type SimilarTrackResult } from './similarityService.ts';

export const DEFAULT_GRAPH_K = 20;
/** Most neighbours per track the graph stores. */
export const MAX_GRAPH_K = 200;
/** The graph ranks by the default weights (the weights identity it stores). */
export const GRAPH_WEIGHTS_IDENTITY = 'default';
/** Rows scanned per synchronous kernel batch (the event loop runs between batches). */
const BATCH_ROWS = 256;
/** Rows per worker task. */
const WORKER_TASK_ROWS = 2_048;
/** Libraries below this many fingerprints are built on the main thread (starting threads costs more). */
export const WORKER_THRESHOLD = 4_096;
const GRAPH_WORKER_URL = new URL('./graphWorker.ts', import.meta.url).href;

const WIDTH = DIMENSIONS.length;

/** `k` outside 1 … MAX_GRAPH_K or not an integer. Code `INVALID_K`. */
export class InvalidGraphKError extends AuralisError {
  constructor(received: unknown) {
    super('INVALID_K', `k: expected an integer from 1 to ${MAX_GRAPH_K}, received ${String(received)}`, { field: ['k'] });
  }
}

export function checkGraphK(k: number | null | undefined): number {
  const value = k ?? DEFAULT_GRAPH_K;
  if (!Number.isInteger(value) || value < 1 || value > MAX_GRAPH_K) throw new InvalidGraphKError(value);
  return value;
}

/** The normaliser identity of an index: `library@<computed-at ms>` or `fallback`. */
export function normaliserIdentity(index: LibraryIndex): string {
  const stored = index.normalisers.stored;
  return index.ranges.source === 'library' && stored ? `library@${stored.computedAt.getTime()}` : 'fallback';
}

/** Progress of a build: rows done of all rows (awaited between batches). */
export type GraphProgress = (processed: number, total: number) => void | Promise<void>;

/** A build stopped by its AbortSignal (nothing was stored). Code `ABORTED`. */
export class GraphBuildAbortedError extends AuralisError {
  constructor() {
    super('ABORTED', 'similarity graph build: stopped before it finished; the stored graph is unchanged');
  }
}

export interface GraphBuildOptions {
  readonly onProgress?: GraphProgress;
  readonly signal?: AbortSignal;
  /**
   * Worker threads (default AURALIS_WORKERS, the core count; below WORKER_THRESHOLD tracks the default runs on this
   * thread); 1: this thread.
   */
  readonly threads?: number;
}

export interface GraphBuildResult {
  readonly k: number;
  readonly tracks: number;
  readonly edges: number;
  readonly milliseconds: number;
}

export interface GraphUpdateResult {
  /** `rebuilt`: a full build ran; `incremental`: changed rows were applied; `current`: nothing to do. */
  readonly mode: 'rebuilt' | 'incremental' | 'current';
  /** Tracks whose rows were rewritten. */
  readonly rewritten: number;
}

/** Every row of the index normalised at once, n × 25 f64 (a build reads them all), in `buffer`'s memory. */
function normalisedTable(index: LibraryIndex, buffer: ArrayBufferLike = new ArrayBuffer(index.trackIds.length * WIDTH * 8)): Float64Array {
  const table = new Float64Array(buffer);
  for (let row = 0; row < index.trackIds.length; row++) normaliseVector(vectorOf(index, row), index.ranges, table, row * WIDTH);
  return table;
}

/** The track ids of the live rows of `index`. */
function liveTrackIds(index: LibraryIndex): Int32Array {
  return index.deadRows.length === 0 ? index.trackIds : Int32Array.from(liveRows(index), (row) => index.trackIds[row]!);
}

/** 1 for each dead row of `index`, or null when it has none. */
function deadRowMask(index: LibraryIndex): Uint8Array | null {
  if (index.deadRows.length === 0) return null;
  const mask = new Uint8Array(index.trackIds.length);
  for (const row of index.deadRows) mask[row] = 1;
  return mask;
}

/** Rows normalised when first asked for (an update reads a few). */
function lazyNormalised(index: LibraryIndex): NormalisedRows {
  const rows = new Map<number, Float64Array>();
  return (row) => {
    let values = rows.get(row);
    if (values === undefined) rows.set(row, (values = normaliseVector(vectorOf(index, row), index.ranges) as Float64Array));
    return values;
  };
}

/** The edges of a block of query rows. */
function edgesOfBlock(index: LibraryIndex, rows: ArrayLike<number>, block: KnnBlock, k: number, out: SimilarityEdgeRecord[]): void {
  for (let i = 0; i < rows.length; i++) {
    const trackId = index.trackIds[rows[i]!]!;
    for (let r = 0; r < block.counts[i]!; r++) {
      out.push({ trackId, rank: r + 1, neighbourId: block.neighbours[i * k + r]!, distance: block.distances[i * k + r]! });
    }
  }
}

/** Rows of `rows` with their k nearest neighbours, scanned on this thread in batches (the event loop runs between). */
async function nearestRows(
  em: EntityManager,
  index: LibraryIndex,
  rows: readonly number[],
  k: number,
  options: GraphBuildOptions = {},
  normalised: NormalisedRows = lazyNormalised(index),
): Promise<SimilarityEdgeRecord[]> {
  const edges: SimilarityEdgeRecord[] = [];
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    if (options.signal?.aborted) throw new GraphBuildAbortedError();
    const batch = rows.slice(start, start + BATCH_ROWS);
    const block = await withKernel(em, index, (kernel) =>
      knnRows(kernel, index.trackIds, normalised, DEFAULT_WEIGHT_VECTOR, batch, k, index.deadRows),
    );
    edgesOfBlock(index, batch, block, k, edges);
    await options.onProgress?.(Math.min(rows.length, start + batch.length), rows.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return edges;
}

/** Every row's k nearest neighbours across `threads` worker threads (graphWorker.ts), tasks of at most WORKER_TASK_ROWS rows. */
async function nearestRowsInWorkers(index: LibraryIndex, k: number, threads: number, options: GraphBuildOptions): Promise<SimilarityEdgeRecord[]> {
  const n = index.trackIds.length;
  const trackIds = new SharedArrayBuffer(n * 4);
  new Int32Array(trackIds).set(index.trackIds);
  const normalised = new SharedArrayBuffer(n * WIDTH * 8);
  normalisedTable(index, normalised);
  const { Piscina } = await import('piscina');
  const pool = new Piscina<GraphTask, KnnBlock>({ filename: GRAPH_WORKER_URL, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: 1 });
  const buildId = randomUUID();
  const weights = Array.from(DEFAULT_WEIGHT_VECTOR);
  const taskRows = Math.max(1, Math.min(WORKER_TASK_ROWS, Math.ceil(n / (threads * 4))));
  const blocks = new Array<KnnBlock>(Math.ceil(n / taskRows));
  let processed = 0;
  let progress = Promise.resolve();
  const abort = new AbortController();
  const stop = () => abort.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(
      Array.from(blocks, async (_, b) => {
        const start = b * taskRows;
        const end = Math.min(n, start + taskRows);
        blocks[b] = await pool.run({ buildId, trackIds, normalised, weights, start, end, k }, { signal: abort.signal });
        processed += end - start;
        const done = processed;
        progress = progress.then(() => options.onProgress?.(done, n));
      }),
    );
    await progress;
  } catch (error) {
    if (options.signal?.aborted) throw new GraphBuildAbortedError();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await pool.destroy();
  }
  const edges: SimilarityEdgeRecord[] = [];
  blocks.forEach((block, b) => {
    const start = b * taskRows;
    const rows = Int32Array.from({ length: block.counts.length }, (_, i) => start + i);
    edgesOfBlock(index, rows, block, k, edges);
  });
  return edges;
}

/** Orders edges (distance, neighbour id) and keeps the first k with ranks 1…k. */
function ranked(trackId: number, edges: readonly { neighbourId: number; distance: number }[], k: number): SimilarityEdgeRecord[] {
  return [...edges]
    .sort((x, y) => x.distance - y.distance || x.neighbourId - y.neighbourId)
    .slice(0, k)
    .map((e, i) => ({ trackId, rank: i + 1, neighbourId: e.neighbourId, distance: e.distance }));
}

/** Most stored neighbours one `neighbours` call returns (the graph's k bounds it too). */
export const MAX_NEIGHBOURS = MAX_GRAPH_K;
/** Deepest `subgraph` walk, and most nodes it returns. */
export const MAX_GRAPH_DEPTH = 3;
export const MAX_GRAPH_NODES = 2_000;

/** `depth` outside 0 … MAX_GRAPH_DEPTH. Code `INVALID_DEPTH`. */
export class InvalidGraphDepthError extends AuralisError {
  constructor(received: unknown) {
    super('INVALID_DEPTH', `depth: expected an integer from 0 to ${MAX_GRAPH_DEPTH}, received ${String(received)}`, { field: ['depth'] });
  }
}

/** The seeds of a subgraph: given tracks, or every track inside `where` (track id order). */
export interface GraphSeeds {
  readonly trackIds?: readonly number[] | null;
  readonly where?: FingerprintWhere | null;
}

/** Part of the stored graph for drawing: the tracks reached and the stored edges among them. */
export interface Subgraph {
  /** Track ids: the seeds first (in the order given), then by discovery (breadth first, by rank). */
  readonly nodes: readonly number[];
  readonly edges: readonly SimilarityEdgeRecord[];
  /** True when MAX_GRAPH_NODES cut the walk short. */
  readonly truncated: boolean;
}

/** One track's stored neighbours, by rank. */
interface NeighbourList {
  readonly neighbours: Int32Array;
  readonly distances: Float64Array;
}

/**
 * This process's copy of the stored graph (per database connection), valid while the stored header's change seq is
 * `changeSeq`: what `update()` reads instead of the table (≈ 12 B per edge: 24 MB for 100 000 tracks at k = 20).
 */
interface GraphLists {
  readonly k: number;
  changeSeq: number;
  /** Tracks with a fingerprint and their lists (empty when the library had no other track). */
  readonly byTrack: Map<number, NeighbourList>;
  /** ≥ every list's farthest distance (a filter before the per-track check). */
  farthestBound: number;
  /** Tracks with fewer than k neighbours (a library of at most k tracks, or a neighbour's track deleted by cascade). */
  readonly short: Set<number>;
}

const graphLists = new WeakMap<object, GraphLists>();

const NO_NEIGHBOURS: NeighbourList = { neighbours: new Int32Array(0), distances: new Float64Array(0) };

/**
 * Sets the lists of the tracks `edges` belong to (edges grouped by track, in rank order), and an empty list for each
 * of `trackIds` without edges.
 */
function setLists(lists: GraphLists, edges: readonly SimilarityEdgeRecord[], trackIds: ArrayLike<number>): void {
  for (let i = 0; i < trackIds.length; i++) {
    if (lists.byTrack.has(trackIds[i]!)) continue;
    lists.byTrack.set(trackIds[i]!, NO_NEIGHBOURS);
    lists.short.add(trackIds[i]!);
  }
  for (let start = 0; start < edges.length; ) {
    const trackId = edges[start]!.trackId;
    let end = start;
    while (end < edges.length && edges[end]!.trackId === trackId) end++;
    lists.byTrack.set(trackId, {
      neighbours: Int32Array.from(edges.slice(start, end), (e) => e.neighbourId),
      distances: Float64Array.from(edges.slice(start, end), (e) => e.distance),
    });
    lists.farthestBound = Math.max(lists.farthestBound, edges[end - 1]!.distance);
    if (end - start < lists.k) lists.short.add(trackId);
    else lists.short.delete(trackId);
    start = end;
  }
}

/** Incremental updates of one database run one at a time in this process (keyed by connection). */
const updateQueues = new WeakMap<object, Promise<unknown>>();

export class GraphService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** How the stored graph was built, or null. */
  header(): Promise<SimilarityGraphRecord | null> {
    return new SimilarityEdgeRepository(this.#em).header();
  }

  /**
   * Computes every track's exact k nearest neighbours and replaces the stored graph.
   * @throws InvalidGraphKError, GraphBuildAbortedError (options.signal; nothing stored)
   */
  async build(kInput?: number | null, options: GraphBuildOptions = {}): Promise<GraphBuildResult> {
    const k = checkGraphK(kInput);
    const started = performance.now();
    const changeSeq = await new LibraryChangeRepository(this.#em).latestSeq();
    // Every row is walked: a snapshot without the rows retired by deltas (libraryIndex.ts).
    const index = withoutDeadRows(await libraryIndex(this.#em));
    const n = index.trackIds.length;
    const threads = options.threads ?? loadConfig().workers;
    const edges =
      threads > 1 && (n >= WORKER_THRESHOLD || options.threads !== undefined)
        ? await nearestRowsInWorkers(index, k, threads, options)
        : await nearestRows(this.#em, index, Array.from({ length: n }, (_, row) => row), k, options, tableRows(normalisedTable(index)));
    if (options.signal?.aborted) throw new GraphBuildAbortedError();
    await new SimilarityEdgeRepository(this.#em).replaceAll(
      { k, normaliserIdentity: normaliserIdentity(index), weightsIdentity: GRAPH_WEIGHTS_IDENTITY, changeSeq },
      edges,
    );
    const lists: GraphLists = { k, changeSeq, byTrack: new Map(), farthestBound: 0, short: new Set() };
    setLists(lists, edges, index.trackIds);
    graphLists.set(this.#em.getConnection(), lists);
    return { k, tracks: n, edges: edges.length, milliseconds: performance.now() - started };
  }

  /**
   * Brings the stored graph up to date with the fingerprint changes since it was built or last updated
   * (incremental unless the normalisers changed). Nothing happens when no graph was built.
   */
  async update(): Promise<GraphUpdateResult> {
    const edgesRepository = new SimilarityEdgeRepository(this.#em);
    const header = await edgesRepository.header();
    if (header === null) return { mode: 'current', rewritten: 0 };
    const changes = new LibraryChangeRepository(this.#em);
    const changeSeq = await changes.latestSeq();
    if (changeSeq === header.changeSeq) return { mode: 'current', rewritten: 0 };
    // The current index as it is: the kNN core and the merge scan skip the rows retired by deltas (no compact copy,
    // no kernel reload).
    const index = await libraryIndex(this.#em);
    const log = await changes.after(header.changeSeq, Number.MAX_SAFE_INTEGER);
    if (normaliserIdentity(index) !== header.normaliserIdentity || log.some((change) => change.kind === 'normalisers')) {
      const built = await this.build(header.k);
      return { mode: 'rebuilt', rewritten: built.tracks };
    }
    const k = header.k;
    const lists = await this.#lists(header, index);
    const isDeadRow = deadRowMask(index);
    const changed = [...new Set(log.flatMap((change) => (change.trackId === null ? [] : [change.trackId])))];
    if (changed.length === 0) {
      await edgesRepository.replaceTracks([], [], changeSeq);
      lists.changeSeq = changeSeq;
      return { mode: 'current', rewritten: 0 };
    }
    const changedSet = new Set(changed);
    // Tracks to rescan: the changed ones still in the library, every track that pointed at a changed one (from the
    // in-memory copy: a deleted track's incoming edges are gone from the table by cascade, not from the copy), and
    // every track with fewer than k neighbours (a library of at most k tracks) or none stored.
    const rescan = new Set<number>();
    for (const id of changed) if (rowOf(index, id) >= 0) rescan.add(id);
    for (const trackId of lists.short) if (!changedSet.has(trackId) && rowOf(index, trackId) >= 0) rescan.add(trackId);
    // Only a track that had a list can be someone's neighbour (a new track is nobody's yet): no walk for additions.
    const listed = changed.filter((id) => lists.byTrack.has(id));
    if (listed.length > 0) {
      const maxListed = Math.max(...listed);
      const isListed = new Uint8Array(maxListed + 1);
      for (const id of listed) isListed[id] = 1;
      for (const [trackId, list] of lists.byTrack) {
        if (changedSet.has(trackId) || rescan.has(trackId)) continue;
        const neighbours = list.neighbours;
        for (let i = 0; i < neighbours.length; i++) {
          const id = neighbours[i]!;
          if (id <= maxListed && isListed[id] === 1) {
            rescan.add(trackId);
            break;
          }
        }
      }
    }
    const rescanRows = [...rescan].map((id) => rowOf(index, id)).sort((a, b) => a - b);
    const normalised = lazyNormalised(index);
    const fresh = await nearestRows(this.#em, index, rescanRows, k, {}, normalised);

    // Every other track (k neighbours, none changed): merge a changed track that beats its farthest one.
    const merges = new Map<number, { neighbourId: number; distance: number }[]>();
    const changedRows = changed.map((id) => rowOf(index, id)).filter((row) => row >= 0);
    for (const changedRow of changedRows) {
      const candidates = await withKernel(this.#em, index, (kernel) => {
        const distances = kernel.distances(normalised(changedRow), DEFAULT_WEIGHT_VECTOR);
        const found: number[] = [];
        const bound = lists.farthestBound + TIE_MARGIN;
        for (let row = 0; row < distances.length; row++) {
          if (!(distances[row]! <= bound) || (isDeadRow !== null && isDeadRow[row] === 1)) continue;
          const list = lists.byTrack.get(index.trackIds[row]!);
          if (list === undefined || rescan.has(index.trackIds[row]!)) continue;
          if (distances[row]! <= list.distances[k - 1]! + TIE_MARGIN) found.push(row);
        }
        return found;
      });
      const neighbourId = index.trackIds[changedRow]!;
      for (const row of candidates) {
        const trackId = index.trackIds[row]!;
        const list = lists.byTrack.get(trackId)!;
        const distance = exactDistance(normalised, DEFAULT_WEIGHT_VECTOR, row, changedRow);
        const farthest = list.distances[k - 1]!;
        if (distance > farthest || (distance === farthest && neighbourId > list.neighbours[k - 1]!)) continue;
        let additions = merges.get(trackId);
        if (additions === undefined) merges.set(trackId, (additions = []));
        additions.push({ neighbourId, distance });
      }
    }
    const merged: SimilarityEdgeRecord[] = [];
    for (const [trackId, additions] of merges) {
      const list = lists.byTrack.get(trackId)!;
      const kept = Array.from(list.neighbours, (neighbourId, i) => ({ neighbourId, distance: list.distances[i]! }));
      for (const edge of ranked(trackId, [...kept, ...additions], k)) merged.push(edge);
    }
    const rewritten = [...new Set([...changed, ...rescan, ...merges.keys()])];
    const written = [...fresh, ...merged];
    await edgesRepository.replaceTracks(rewritten, written, changeSeq);
    for (const id of rewritten) {
      lists.byTrack.delete(id);
      lists.short.delete(id);
    }
    setLists(lists, written, rewritten.filter((id) => rowOf(index, id) >= 0));
    lists.changeSeq = changeSeq;
    return { mode: 'incremental', rewritten: rewritten.length };
  }

  /** The in-memory copy of the stored graph at `header.changeSeq` (read whole when this process has none that recent). */
  async #lists(header: SimilarityGraphRecord, index: LibraryIndex): Promise<GraphLists> {
    const connection = this.#em.getConnection();
    const cached = graphLists.get(connection);
    if (cached !== undefined && cached.changeSeq === header.changeSeq && cached.k === header.k) return cached;
    const lists: GraphLists = { k: header.k, changeSeq: header.changeSeq, byTrack: new Map(), farthestBound: 0, short: new Set() };
    setLists(lists, await new SimilarityEdgeRepository(this.#em).all(), liveTrackIds(index));
    graphLists.set(connection, lists);
    return lists;
  }

  /** `update()`, one at a time per database connection in this process. */
  updateSerialised(): Promise<GraphUpdateResult> {
    const connection = this.#em.getConnection();
    const previous = updateQueues.get(connection) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.update());
    updateQueues.set(connection, next);
    return next;
  }

  /**
   * The first `first` stored neighbours of a track, nearest first, as similarTracks results (distance, contributions,
   * because, under the graph's normalisers and default weights); the graph is brought up to date first. Empty when
   * no graph was built.
   * @throws TrackNotFoundError, FingerprintNotFoundError, INVALID_PAGINATION (first outside 1 … MAX_NEIGHBOURS)
   */
  async neighbours(trackId: number, first: number): Promise<SimilarTrackResult[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_NEIGHBOURS) {
      throw new AuralisError('INVALID_PAGINATION', `first: expected an integer from 1 to ${MAX_NEIGHBOURS}, received ${String(first)}`, { field: ['first'] });
    }
    await this.updateSerialised();
    const index = await libraryIndex(this.#em);
    const row = rowOf(index, trackId);
    if (row < 0) {
      const found = await new TrackRepository(this.#em).getById(trackId);
      throw found ? new FingerprintNotFoundError(trackId) : new TrackNotFoundError(trackId);
    }
    const edges = await new SimilarityEdgeRepository(this.#em).neighbours(trackId, first);
    return edges.flatMap((edge) => {
      const other = rowOf(index, edge.neighbourId);
      if (other < 0) return [];
      return [{ trackId: edge.neighbourId, rank: edge.rank, ...comparePair(vectorOf(index, row), vectorOf(index, other), index.ranges, DEFAULT_WEIGHT_VECTOR) }];
    });
  }

  /**
   * The stored graph around the seeds (given tracks, or the tracks inside `where`): every track within `depth` steps
   * along stored edges (0: the seeds only), at most MAX_GRAPH_NODES, and the stored edges between the tracks returned.
   * The graph is brought up to date first; unknown seeds are left out.
   * @throws InvalidGraphDepthError, INVALID_GRAPH_SELECTION (both or neither of trackIds / where), the `where` errors
   */
  async subgraph(selection: GraphSeeds, depth: number): Promise<Subgraph> {
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_GRAPH_DEPTH) throw new InvalidGraphDepthError(depth);
    if ((selection.trackIds == null) === (selection.where == null)) {
      throw new AuralisError('INVALID_GRAPH_SELECTION', 'expected either `trackIds` or `where`, received ' + (selection.where == null ? 'neither' : 'both'), {
        field: ['trackIds'],
      });
    }
    const where = selection.where == null ? null : checkFingerprintWhere(selection.where);
    await this.updateSerialised();
    const repository = new SimilarityEdgeRepository(this.#em);
    const index = await libraryIndex(this.#em);
    let seeds: readonly number[];
    if (where === null) seeds = selection.trackIds!;
    else {
      const mask = matchingRows(index, where);
      const live = liveRows(index);
      seeds = Array.from(live, (row) => index.trackIds[row]!).filter((_, i) => mask === null || mask[live[i]!] === 1);
    }
    const nodes: number[] = [];
    const seen = new Set<number>();
    let truncated = false;
    for (const id of seeds) {
      if (nodes.length >= MAX_GRAPH_NODES) {
        truncated = true;
        break;
      }
      if (seen.has(id) || rowOf(index, id) < 0) continue;
      seen.add(id);
      nodes.push(id);
    }
    let frontier = [...nodes];
    const edges: SimilarityEdgeRecord[] = [];
    for (let level = 0; level <= depth && frontier.length > 0; level++) {
      const found = await repository.edgesOf(frontier);
      edges.push(...found);
      if (level === depth) break;
      const next: number[] = [];
      for (const edge of found) {
        if (seen.has(edge.neighbourId)) continue;
        if (nodes.length >= MAX_GRAPH_NODES) {
          truncated = true;
          break;
        }
        seen.add(edge.neighbourId);
        nodes.push(edge.neighbourId);
        next.push(edge.neighbourId);
      }
      frontier = next;
    }
    // Every node's edges were read (the last level's too); keep those that stay inside the node set.
    return { nodes, edges: edges.filter((edge) => seen.has(edge.neighbourId)), truncated };
  }
}
