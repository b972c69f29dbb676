/**
 * Similarity scores that a client can cut: the default distance d ∈ [0, 1] (similarityService.ts) mapped to
 * s = 1 − F(d), where F is the empirical distribution of the library's neighbour distances: the distances from
 * up to CALIBRATION_SAMPLE tracks (evenly spread over the library) to each one's CALIBRATION_NEIGHBOURS nearest
 * other tracks. F is piecewise linear through (0, 0), (r₍ᵢ₎, i / (m + 1)) for the m sorted reference distances and
 * (1, 1), so s is continuous and non-increasing in d, s(0) = 1 (the song itself, or an exact duplicate), the median
 * neighbour distance gives 0.5 and the farthest pair of the library about 0. "Drop below 0.5" keeps what lies at
 * least as close as a typical 10-nearest neighbour of the library does.
 *
 * The reference is computed once per normalisation and library size (recomputed when the size moved by more
 * than 5 %): one kernel scan per sampled track, in one synchronous run (0.8 s at 100 000 tracks on the shared
 * 2-core machine at load 16; bench/results/subsonic.json `firstCallMs` includes it). Kernel (f32) distances.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import { KERNEL_STRIDE } from './distanceKernel.ts';
import { type LibraryIndex, liveDistances, liveRows, packedRow, withKernel } from './libraryIndex.ts';
import type { ActiveNormalisers } from './normalisers.ts';
import { kthSmallest, rowsAtMost } from './topK.ts';
import { DEFAULT_WEIGHT_VECTOR } from './weights.ts';

/** Tracks whose neighbourhoods form the reference. */
export const CALIBRATION_SAMPLE = 128;
/** Nearest neighbours per sampled track. */
export const CALIBRATION_NEIGHBOURS = 10;
/** Relative change of the library size that recomputes the reference. */
const SIZE_TOLERANCE = 0.05;

const WIDTH = DIMENSIONS.length;

/** A monotone map from the default distance to a similarity score in [0, 1]. */
export interface SimilarityCalibration {
  /** The sorted reference distances (empty: a library of fewer than two tracks, where s = 1 − d). */
  readonly reference: Float64Array;
  /** 1 − F(distance), in [0, 1]; 1 for distance ≤ 0, 0 for distance ≥ 1. */
  similarity(distance: number): number;
}

/** The calibration of a set of reference distances (any order; non-finite and negative ones are left out). */
export function calibrationFromDistances(distances: ArrayLike<number>): SimilarityCalibration {
  const reference = Float64Array.from(Array.from(distances).filter((d) => Number.isFinite(d) && d >= 0 && d <= 1)).sort();
  const m = reference.length;
  return {
    reference,
    similarity(distance: number): number {
      if (!(distance > 0)) return 1;
      if (distance >= 1) return 0;
      if (m === 0) return 1 - distance;
      // The last knot at or below `distance` (binary search), then linear interpolation to the next knot.
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (reference[mid]! <= distance) lo = mid + 1;
        else hi = mid;
      }
      const x0 = lo === 0 ? 0 : reference[lo - 1]!;
      const f0 = lo / (m + 1);
      const x1 = lo === m ? 1 : reference[lo]!;
      const f1 = (lo + 1) / (m + 1);
      const f = x1 > x0 ? f0 + ((distance - x0) / (x1 - x0)) * (f1 - f0) : f1;
      return Math.min(1, Math.max(0, 1 - f));
    },
  };
}

/** The neighbour distances of up to CALIBRATION_SAMPLE live rows, evenly spread in track-id order. */
async function referenceDistances(em: EntityManager, index: LibraryIndex): Promise<Float64Array> {
  const rows = liveRows(index);
  if (rows.length < 2) return new Float64Array(0);
  const sample = Math.min(CALIBRATION_SAMPLE, rows.length);
  const neighbours = Math.min(CALIBRATION_NEIGHBOURS, rows.length - 1);
  const out: number[] = [];
  const query = new Float64Array(WIDTH);
  await withKernel(em, index, (kernel) => {
    for (let s = 0; s < sample; s++) {
      const row = rows[Math.floor((s * rows.length) / sample)]!;
      const packed = packedRow(index, row);
      for (let j = 0; j < WIDTH; j++) query[j] = packed[j]!;
      const distances = liveDistances(kernel, index, query, DEFAULT_WEIGHT_VECTOR);
      distances[row] = Infinity;
      const kth = kthSmallest(distances, neighbours);
      const nearest = rowsAtMost(distances, kth)
        .map((r) => distances[r]!)
        .sort((a, b) => a - b)
        .slice(0, neighbours);
      out.push(...nearest);
    }
  });
  return Float64Array.from(out);
}

interface Cached {
  readonly size: number;
  readonly calibration: Promise<SimilarityCalibration>;
}

/** Per normalisation (an immutable object of the index), the calibration and the library size it was made at. */
const cache = new WeakMap<ActiveNormalisers, Cached>();

/** The calibration of this library index (cached per normalisation; recomputed when the size moved > 5 %). */
export function similarityCalibration(em: EntityManager, index: LibraryIndex): Promise<SimilarityCalibration> {
  const cached = cache.get(index.normalisers);
  if (cached !== undefined && Math.abs(index.size - cached.size) <= SIZE_TOLERANCE * cached.size) return cached.calibration;
  const calibration = referenceDistances(em, index).then(calibrationFromDistances);
  cache.set(index.normalisers, { size: index.size, calibration });
  calibration.catch(() => cache.delete(index.normalisers));
  return calibration;
}
