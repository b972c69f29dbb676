/**
 * The library map (issue 12, item 5): a 2-D embedding of every fingerprinted track (mapEmbedding.ts: UMAP over the
 * normalised fingerprints scaled by √weight, so that map neighbours are similarTracks neighbours), computed once in a
 * worker thread (libraryMapWorker.ts) and stored in `library_maps` (LibraryMapRepository).
 *
 * Current or stale: the map records what the similarity graph records (graph.ts): the normaliser identity
 * (`normaliserIdentity`) and the `library_changes` seq it reflects. It is READY while both still hold, STALE after
 * a fingerprint change or a new normaliser set, COMPUTING while a build runs in this process (libraryMapJob.ts), and
 * MISSING before the first build.
 *
 * A stale map still answers for the whole library: a track added or re-analysed since the map was computed (the
 * change log after its seq, as the graph's incremental update reads it) is drawn at the position of its nearest
 * mapped neighbour (one kernel scan, default weights), a removed track is left out, until the next build. After a
 * normaliser change every stored position is kept (only new tracks are placed). The placed view is cached per
 * database connection until the change seq or the stored map moves.
 */
import { Worker } from 'node:worker_threads';
import type { EntityManager } from '@mikro-orm/sql';
import { AuralisError } from '../errors.ts';
import { LibraryChangeRepository } from '../db/LibraryChangeRepository.ts';
import { type LibraryMapRecord, LibraryMapRepository } from '../db/LibraryMapRepository.ts';
import { DIMENSIONS, type DimensionKey, DIMENSION_KEYS } from '../fingerprint/dimensions.ts';
import { KERNEL_STRIDE } from './distanceKernel.ts';
import { normaliserIdentity } from './graph.ts';
import { type LibraryIndex, libraryIndex, liveDistances, liveRows, packedRow, rowOf, vectorOf, withKernel } from './libraryIndex.ts';
import { type Embedding, type EmbeddingSettings, embeddingSteps } from './mapEmbedding.ts';
import type { MapWorkerInput, MapWorkerMessage } from './libraryMapWorker.ts';
import { normaliseVector } from './normalise.ts';
import { DEFAULT_WEIGHT_VECTOR } from './weights.ts';

const WIDTH = DIMENSIONS.length;
const WORKER_URL = new URL('./libraryMapWorker.ts', import.meta.url);

/**
 * UMAP settings of the map: 10 neighbours and 100 epochs keep clusters apart (test/similarity/libraryMap.test.ts) and
 * compute 10 000 tracks in about 6 s of CPU (bench/map.ts: wall time on the shared machine in the results); umap-js's
 * defaults (15 neighbours, 200 epochs) take about twice that.
 */
export const MAP_SETTINGS: EmbeddingSettings = { seed: 20_261_206, neighbours: 10, epochs: 100 };

/** MISSING: never computed; COMPUTING: a build runs; READY: current; STALE: the library or its normalisers changed since. */
export type LibraryMapStatus = 'MISSING' | 'COMPUTING' | 'READY' | 'STALE';

/** The map of the library as it is now. */
export interface LibraryMapView {
  readonly status: LibraryMapStatus;
  /** Every fingerprinted track, ascending id, and its position in [0, 1] (one scale for both axes). */
  readonly trackIds: Int32Array;
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Tracks drawn at their nearest mapped neighbour (added or changed since the map was computed). */
  readonly placed: number;
  /** When the stored map was computed; null when none is. */
  readonly computedAt: Date | null;
  /** Compute time of the stored map in ms; null when none is. */
  readonly milliseconds: number | null;
  /** The running build's job id (status COMPUTING), else null. */
  readonly jobId: string | null;
  /** The index snapshot the points come from (colour values are read from it). */
  readonly index: LibraryIndex;
}

/** A build stopped by its AbortSignal (nothing was stored). Code `ABORTED`. */
export class LibraryMapAbortedError extends AuralisError {
  constructor() {
    super('ABORTED', 'library map build: stopped before it finished; the stored map is unchanged');
  }
}

/** Progress of a build: steps done of all (the neighbour graph, then each epoch); awaited. */
export type LibraryMapProgress = (done: number, total: number) => void | Promise<void>;

export interface LibraryMapBuildOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: LibraryMapProgress;
}

/** The map's input: each live row normalised (f64) and scaled by √(default weight), in ascending track id order. */
export function mapRows(index: LibraryIndex): { trackIds: Int32Array; rows: Float64Array } {
  const live = liveRows(index);
  const trackIds = new Int32Array(live.length);
  const rows = new Float64Array(live.length * WIDTH);
  const scale = Float64Array.from(DEFAULT_WEIGHT_VECTOR, Math.sqrt);
  live.forEach((row, i) => {
    trackIds[i] = index.trackIds[row]!;
    normaliseVector(vectorOf(index, row), index.ranges, rows, i * WIDTH);
    for (let j = 0; j < WIDTH; j++) rows[i * WIDTH + j]! *= scale[j]!;
  });
  return { trackIds, rows };
}

/** Runs mapEmbedding.embedRows in a worker thread (terminated on abort). */
export function embedInWorker(rows: Float64Array, settings: EmbeddingSettings, options: LibraryMapBuildOptions = {}): Promise<Embedding> {
  return new Promise<Embedding>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new LibraryMapAbortedError());
      return;
    }
    const input: MapWorkerInput = { rows, width: WIDTH, settings };
    const worker = new Worker(WORKER_URL, { workerData: input, transferList: [rows.buffer as ArrayBuffer] });
    let progress = Promise.resolve();
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', stop);
      action();
    };
    const stop = () => {
      void worker.terminate();
      finish(() => reject(new LibraryMapAbortedError()));
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    let result: Embedding | undefined;
    worker.on('message', (message: MapWorkerMessage) => {
      if ('x' in message) {
        // The worker ends by itself after this message; its exit must not fail a result whose last progress
        // report is still being awaited.
        result = { x: message.x, y: message.y };
        const embedding = result;
        progress.then(
          () => finish(() => resolve(embedding)),
          (error: unknown) => finish(() => reject(error)),
        );
        return;
      }
      progress = progress.then(() => options.onProgress?.(message.done, message.total));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => {
      if (result === undefined) finish(() => reject(new Error(`library map worker exited with code ${code} before its result`)));
    });
  });
}

/** Running builds per database connection (libraryMapJob.ts registers them): one at a time. */
const running = new WeakMap<object, { jobId: string; done: Promise<void> }>();

/** The build running for this database in this process, or undefined. */
export function runningLibraryMap(em: EntityManager): { jobId: string; done: Promise<void> } | undefined {
  return running.get(em.getConnection());
}

/** Registers a running build (its job id) until `done` settles. */
export function registerLibraryMapBuild(em: EntityManager, jobId: string, done: Promise<void>): void {
  const connection = em.getConnection();
  const entry = { jobId, done: done.finally(() => running.get(connection) === entry && running.delete(connection)) };
  running.set(connection, entry);
}

/** The placed view of a stored map, per connection, valid for one (computed-at, change seq, index key). */
const views = new WeakMap<object, { key: string; record: LibraryMapRecord; view: Omit<LibraryMapView, 'status' | 'jobId'> }>();

export class LibraryMapService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /**
   * The current index and a change seq it reflects at least (read again, up to 3 times, when a change landed in
   * between; under constant writes the seq read before the index: the index may be newer, so the map is judged stale
   * no later than it should be).
   */
  async #indexAndSeq(): Promise<{ index: LibraryIndex; changeSeq: number }> {
    const changes = new LibraryChangeRepository(this.#em);
    let seq = await changes.latestSeq();
    for (let attempt = 1; ; attempt++) {
      const index = await libraryIndex(this.#em);
      const after = await changes.latestSeq();
      if (after === seq || attempt === 3) return { index, changeSeq: seq };
      seq = after;
    }
  }

  /**
   * Computes the map of every fingerprinted track (UMAP in a worker thread) and replaces the stored one.
   * @throws LibraryMapAbortedError (options.signal; nothing stored)
   */
  async build(options: LibraryMapBuildOptions = {}): Promise<LibraryMapRecord> {
    const settings = MAP_SETTINGS;
    const started = performance.now();
    const { index, changeSeq } = await this.#indexAndSeq();
    const { trackIds, rows } = mapRows(index);
    await options.onProgress?.(0, embeddingSteps(settings));
    const { x, y } = await embedInWorker(rows, settings, options);
    if (options.signal?.aborted) throw new LibraryMapAbortedError();
    const record: LibraryMapRecord = {
      normaliserIdentity: normaliserIdentity(index),
      changeSeq,
      ...settings,
      trackIds,
      x,
      y,
      milliseconds: performance.now() - started,
      computedAt: new Date(),
    };
    await new LibraryMapRepository(this.#em).replace(record);
    return record;
  }

  /** The map now: the stored positions, tracks changed since placed at their nearest mapped neighbour, and the status. */
  async current(): Promise<LibraryMapView> {
    const jobId = runningLibraryMap(this.#em)?.jobId ?? null;
    const { index, changeSeq } = await this.#indexAndSeq();
    const repository = new LibraryMapRepository(this.#em);
    const header = await repository.header();
    if (header === null) {
      return {
        status: jobId === null ? 'MISSING' : 'COMPUTING',
        trackIds: new Int32Array(0),
        x: new Float32Array(0),
        y: new Float32Array(0),
        placed: 0,
        computedAt: null,
        milliseconds: null,
        jobId,
        index,
      };
    }
    const stale = header.changeSeq !== changeSeq || header.normaliserIdentity !== normaliserIdentity(index);
    const status: LibraryMapStatus = jobId !== null ? 'COMPUTING' : stale ? 'STALE' : 'READY';
    const connection = this.#em.getConnection();
    const key = `${header.computedAt.getTime()}|${changeSeq}|${index.key}`;
    let cached = views.get(connection);
    if (cached?.key !== key) {
      const record = cached?.record.computedAt.getTime() === header.computedAt.getTime() ? cached.record : await repository.get();
      if (record === null) return this.current();
      cached = { key, record, view: await this.#placed(record, index) };
      views.set(connection, cached);
    }
    return { ...cached.view, status, jobId };
  }

  /** Every live track at its stored position, or (added / changed since) at its nearest mapped neighbour's. */
  async #placed(record: LibraryMapRecord, index: LibraryIndex): Promise<Omit<LibraryMapView, 'status' | 'jobId'>> {
    const changed = new Set<number>();
    if (record.normaliserIdentity === normaliserIdentity(index)) {
      const log = await new LibraryChangeRepository(this.#em).after(record.changeSeq, Number.MAX_SAFE_INTEGER);
      for (const change of log) if (change.trackId !== null) changed.add(change.trackId);
    }
    const stored = new Map<number, number>();
    record.trackIds.forEach((id, i) => {
      if (!changed.has(id)) stored.set(id, i);
    });
    const live = liveRows(index);
    const trackIds = new Int32Array(live.length);
    const x = new Float32Array(live.length);
    const y = new Float32Array(live.length);
    /** Index in `record` of the stored point of each index row, −1 when the row is not mapped. */
    const mappedOfRow = new Int32Array(index.trackIds.length).fill(-1);
    const unplaced: number[] = [];
    live.forEach((row, i) => {
      const id = index.trackIds[row]!;
      trackIds[i] = id;
      const at = stored.get(id);
      if (at === undefined) unplaced.push(i);
      else {
        mappedOfRow[row] = at;
        x[i] = record.x[at]!;
        y[i] = record.y[at]!;
      }
    });
    if (unplaced.length > 0) {
      await withKernel(this.#em, index, (kernel) => {
        for (const i of unplaced) {
          const row = live[i]!;
          const distances = liveDistances(kernel, index, packedRow(index, row).subarray(0, WIDTH), DEFAULT_WEIGHT_VECTOR);
          let best = -1;
          let bestDistance = Infinity;
          for (let other = 0; other < distances.length; other++) {
            if (mappedOfRow[other]! >= 0 && distances[other]! < bestDistance) {
              bestDistance = distances[other]!;
              best = mappedOfRow[other]!;
            }
          }
          x[i] = best < 0 ? 0.5 : record.x[best]!;
          y[i] = best < 0 ? 0.5 : record.y[best]!;
        }
      });
    }
    return { trackIds, x, y, placed: unplaced.length, computedAt: record.computedAt, milliseconds: record.milliseconds, index };
  }

  /** The raw values (physical units) of one dimension for each point of `view`, in its order. */
  values(view: LibraryMapView, dimension: DimensionKey): Float64Array {
    const column = DIMENSION_KEYS.indexOf(dimension);
    return Float64Array.from(view.trackIds, (id) => vectorOf(view.index, rowOf(view.index, id))[column]!);
  }
}
