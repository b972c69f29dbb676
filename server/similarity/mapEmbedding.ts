/**
 * The 2-D embedding of the library map (libraryMap.ts), pure: UMAP (McInnes, Healy & Melville 2018) by umap-js over
 * rows of the normalised fingerprint scaled by √weight, so the Euclidean distance UMAP works with is the default
 * similarity distance (similarityService.ts). Its random source is seeded (pure-rand xoroshiro128+): the same
 * rows and settings give the same map. The result is scaled into [0, 1] with one scale for both axes (the longer
 * side spans 0…1, the shorter one is centred), so distances on the map keep their proportions.
 *
 * Degenerate input: no rows → no points; one row → (0.5, 0.5); two rows → (0, 0.5) and (1, 0.5) (UMAP needs a
 * neighbour besides itself and one more row); from three rows UMAP with min(neighbours, rows − 1) neighbours.
 * Rows that are all equal land on (0.5, 0.5) (UMAP would scatter them at random). A non-finite value in a row is a
 * caller's bug (the index holds finite values): it throws.
 */
import { UMAP } from 'umap-js';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * Negative samples per positive edge and epoch (umap-js's default is 5): 3 keeps clusters apart
 * (test/similarity/libraryMap.test.ts) at about two thirds of the epoch cost (bench/map.ts).
 */
export const NEGATIVE_SAMPLE_RATE = 3;

export interface EmbeddingSettings {
  /** Seed of the random source (32-bit integer). */
  readonly seed: number;
  /** UMAP's `nNeighbors`: neighbours per point in the fuzzy graph (larger keeps more global structure). */
  readonly neighbours: number;
  /** Optimisation epochs of the layout. */
  readonly epochs: number;
}

/** Steps of an embedding for progress: the neighbour graph, then each epoch. */
export function embeddingSteps(settings: EmbeddingSettings): number {
  return settings.epochs + 1;
}

/** The embedding's progress: steps done of all (embeddingSteps); return true to stop. */
export type EmbeddingProgress = (done: number, total: number) => boolean | void;

/** A stop asked for through EmbeddingProgress. */
export class EmbeddingStoppedError extends Error {
  constructor() {
    super('library map: embedding stopped before it finished');
  }
}

export interface Embedding {
  /** Positions in [0, 1], `x[i]`, `y[i]` for input row i. */
  readonly x: Float32Array;
  readonly y: Float32Array;
}

/**
 * The 2-D embedding of `rows` (n × `width` f64, row-major, in the space whose Euclidean distance is to be kept).
 * @throws EmbeddingStoppedError when `onProgress` returns true; Error on a non-finite input value
 */
export function embedRows(rows: Float64Array, width: number, settings: EmbeddingSettings, onProgress?: EmbeddingProgress): Embedding {
  const n = width > 0 ? rows.length / width : 0;
  if (!Number.isInteger(n)) throw new Error(`library map: expected rows of ${width} values, received ${rows.length} values`);
  for (let i = 0; i < rows.length; i++) {
    if (!Number.isFinite(rows[i]!)) throw new Error(`library map: row ${Math.floor(i / width)} holds a non-finite value (${rows[i]})`);
  }
  const total = embeddingSteps(settings);
  if (n <= 2 || allRowsEqual(rows, width)) {
    onProgress?.(total, total);
    // All equal (or one row): the centre; two different rows: the ends of the middle line.
    return fitted(allRowsEqual(rows, width) ? new Float64Array(n) : Float64Array.from({ length: n }, (_, i) => i), new Float64Array(n));
  }
  const generator = xoroshiro128plus(settings.seed | 0);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(settings.neighbours, n - 1),
    nEpochs: settings.epochs,
    negativeSampleRate: NEGATIVE_SAMPLE_RATE,
    random: () => uniformFloat64(generator),
  });
  // umap-js also builds a search graph for `transform()` (≈ 10 % of the work at 10 000 rows); the map never transforms
  // (libraryMap.ts places new tracks by the kernel), so that step is skipped.
  (umap as unknown as { makeSearchGraph: () => undefined }).makeSearchGraph = () => undefined;
  const vectors = Array.from({ length: n }, (_, i) => Array.from(rows.subarray(i * width, (i + 1) * width)));
  const epochs = umap.initializeFit(vectors);
  if (onProgress?.(1, total) === true) throw new EmbeddingStoppedError();
  for (let epoch = 0; epoch < epochs; epoch++) {
    umap.step();
    if (onProgress?.(Math.min(total, epoch + 2), total) === true) throw new EmbeddingStoppedError();
  }
  const embedding = umap.getEmbedding();
  return fitted(
    Float64Array.from(embedding, (point) => point[0]!),
    Float64Array.from(embedding, (point) => point[1]!),
  );
}

function allRowsEqual(rows: Float64Array, width: number): boolean {
  for (let i = width; i < rows.length; i++) if (rows[i] !== rows[i % width]) return false;
  return true;
}

/**
 * Scales a layout into [0, 1] with one factor for both axes (the longer side spans 0…1, the other is centred);
 * a layout of zero extent, or with a non-finite coordinate, becomes (0.5, 0.5) everywhere.
 */
export function fitted(x: Float64Array, y: Float64Array): Embedding {
  const n = x.length;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  const extent = Math.max(maxX - minX, maxY - minY);
  const outX = new Float32Array(n).fill(0.5);
  const outY = new Float32Array(n).fill(0.5);
  if (!(extent > 0) || !Number.isFinite(extent)) return { x: outX, y: outY };
  const offsetX = (1 - (maxX - minX) / extent) / 2;
  const offsetY = (1 - (maxY - minY) / extent) / 2;
  for (let i = 0; i < n; i++) {
    outX[i] = offsetX + (x[i]! - minX) / extent;
    outY[i] = offsetY + (y[i]! - minY) / extent;
  }
  return { x: outX, y: outY };
}
