/**
 * Pairwise distances of up to MAX_MATRIX_TRACKS tracks (GraphQL `distanceMatrix`), computed by the WASM kernel:
 * the tracks' packed rows are loaded into a scratch kernel instance (the library kernel keeps its rows) and
 * scanned once per track. Distances are the kernel's f32 values (within ~1e-6 of the exact f64 distance of
 * `compareTracks`): the matrix is exactly symmetric (|a − b| is the same both ways) with a zero diagonal.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { AuralisError } from '../errors.ts';
import { FingerprintNotFoundError, TrackNotFoundError } from '../db/errors.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { DistanceKernel, KERNEL_STRIDE } from './distanceKernel.ts';
import { type LibraryIndex, libraryIndex, packedRow, rowOf } from './libraryIndex.ts';
import { resolveWeights, type WeightInput } from './weights.ts';

/** Most tracks one matrix may hold (500² = 250 000 distances). */
export const MAX_MATRIX_TRACKS = 500;

/** More than MAX_MATRIX_TRACKS tracks asked for. Code `TOO_MANY_TRACKS`. */
export class TooManyTracksError extends AuralisError {
  constructor(received: number) {
    super('TOO_MANY_TRACKS', `trackIds: expected at most ${MAX_MATRIX_TRACKS} tracks, received ${received}`, { field: ['trackIds'] });
  }
}

export interface DistanceMatrix {
  /** The track ids, in the order given (duplicates kept). */
  readonly trackIds: readonly number[];
  /** distances[i][j] between trackIds[i] and trackIds[j], in [0, 1]; symmetric, zero diagonal. */
  readonly distances: readonly Float32Array[];
}

/** One scratch kernel per process (the matrix is computed synchronously once loaded, so it is never shared mid-use). */
let scratch: Promise<DistanceKernel> | undefined;

/**
 * The distance matrix of `trackIds` (rows and columns in the order given) under `weights` (default weights).
 * @throws TooManyTracksError, TrackNotFoundError, FingerprintNotFoundError, InvalidWeightsError
 */
export async function distanceMatrix(em: EntityManager, trackIds: readonly number[], weightInput?: WeightInput | null): Promise<DistanceMatrix> {
  if (trackIds.length > MAX_MATRIX_TRACKS) throw new TooManyTracksError(trackIds.length);
  const weights = resolveWeights(weightInput);
  const index = await libraryIndex(em);
  const rows = await rowsOrFail(em, index, trackIds);
  const n = rows.length;
  scratch ??= DistanceKernel.create();
  let kernel: DistanceKernel;
  try {
    kernel = await scratch;
  } catch (error) {
    scratch = undefined;
    throw error;
  }
  const packed = new Float32Array(n * KERNEL_STRIDE);
  rows.forEach((row, i) => packedRow(index, row, packed.subarray(i * KERNEL_STRIDE, (i + 1) * KERNEL_STRIDE)));
  kernel.load(packed, n);
  const distances = rows.map(() => new Float32Array(n));
  for (let i = 0; i < n; i++) {
    const scanned = kernel.distances(packed.subarray(i * KERNEL_STRIDE, i * KERNEL_STRIDE + weights.length), weights);
    // Row i from its own scan, mirrored, so the matrix is symmetric whatever the summation order.
    for (let j = i; j < n; j++) distances[i]![j] = distances[j]![i] = i === j ? 0 : scanned[j]!;
  }
  return { trackIds: [...trackIds], distances };
}

async function rowsOrFail(em: EntityManager, index: LibraryIndex, trackIds: readonly number[]): Promise<number[]> {
  const rows = trackIds.map((id) => rowOf(index, id));
  const position = rows.findIndex((row) => row < 0);
  if (position >= 0) {
    const id = trackIds[position]!;
    const field = ['trackIds', String(position)];
    const found = await new TrackRepository(em).getById(id);
    throw found ? new FingerprintNotFoundError(id, { field }) : new TrackNotFoundError(id, { field });
  }
  return rows;
}
