/**
 * The packed, normalised library the distance kernel scans, cached per process and per database.
 *
 * Building it reads every fingerprint (FingerprintRepository.getVectorMatrix), normalises it with the
 * active ranges and packs it as f32 rows of KERNEL_STRIDE; that is done once and reused by every request
 * until the fingerprints or the normalisers change. Each request first asks SQLite whether anything
 * was written since the index was checked (`total_changes()` of this connection plus `PRAGMA
 * data_version`, which moves when another connection commits): a single-row query, no table read. Only
 * after a write does it run the index key, an aggregate over `track_fingerprints` (count, max(updated_at),
 * max(id), total(track_id): one table scan, ~10 ms at 100 000 rows) plus the 25-row normaliser read
 * (which recomputes the stored statistics when due), and rebuilds when that key differs. The cache is keyed
 * by the database connection (a WeakMap on the native better-sqlite3 handle), so two databases in one
 * process (tests, tools) never share an index; each database has its own WASM kernel instance.
 */
import type { EntityManager } from '@mikro-orm/sqlite';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import { DistanceKernel, KERNEL_STRIDE } from './distanceKernel.ts';
import { normaliseVector, type NormaliserRanges } from './normalise.ts';
import { type ActiveNormalisers, NormaliserStore } from './normalisers.ts';

export interface LibraryIndex {
  /** Cache key: fingerprint-table state and normaliser identity. */
  readonly key: string;
  /** Ascending track ids; row i belongs to trackIds[i]. */
  readonly trackIds: Int32Array;
  /** Raw values, n × 25 in spec order (physical units). */
  readonly vectors: Float64Array;
  /** Normalised values packed for the kernel, n × KERNEL_STRIDE f32. */
  readonly packed: Float32Array;
  readonly normalisers: ActiveNormalisers;
  readonly ranges: NormaliserRanges;
}

interface Slot {
  index?: LibraryIndex;
  /** `total_changes()|data_version` when `index` was last confirmed current. */
  writeMark?: string;
  building?: { key: string; promise: Promise<LibraryIndex> };
  kernel?: Promise<DistanceKernel>;
  /** The index whose rows the kernel holds now. */
  loaded?: LibraryIndex;
}

const slots = new WeakMap<object, Slot>();

/** Row of a track id in the index (binary search), or −1. */
export function rowOf(index: LibraryIndex, trackId: number): number {
  let low = 0;
  let high = index.trackIds.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const id = index.trackIds[mid]!;
    if (id === trackId) return mid;
    if (id < trackId) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** The raw values of a row (a view into `index.vectors`, 25 in spec order, physical units). */
export function vectorOf(index: LibraryIndex, row: number): Float64Array {
  return index.vectors.subarray(row * DIMENSIONS.length, (row + 1) * DIMENSIONS.length);
}

async function slotOf(em: EntityManager): Promise<Slot> {
  const native = (await em.getConnection().getNativeClient()) as object;
  let slot = slots.get(native);
  if (slot === undefined) {
    slot = {};
    slots.set(native, slot);
  }
  return slot;
}

/** The current index of this database (built or rebuilt when the fingerprints or normalisers changed). */
export async function libraryIndex(em: EntityManager): Promise<LibraryIndex> {
  const slot = await slotOf(em);
  const [mark] = await em.execute<{ c: number; v: number }[]>(
    'select total_changes() as c, (select `data_version` from pragma_data_version) as v',
    [],
    'all',
  );
  const writeMark = `${mark!.c}|${mark!.v}`;
  if (slot.index !== undefined && slot.writeMark === writeMark) return slot.index;
  const [state] = await em.execute<{ n: number; u: number | null; m: number | null; s: number }[]>(
    'select count(*) as n, max(`updated_at`) as u, max(`id`) as m, total(`track_id`) as s from `track_fingerprints`',
    [],
    'all',
  );
  const normalisers = await new NormaliserStore(em).active(state!.n);
  // The recompute wrote (and moved the write mark): check again from a mark taken after it.
  if (normalisers.recomputed) return libraryIndex(em);
  const stored = normalisers.stored;
  const key = [
    state!.n,
    state!.u,
    state!.m,
    state!.s,
    normalisers.ranges.source,
    normalisers.ranges.source === 'library' && stored ? stored.computedAt.getTime() : '',
  ].join('|');
  if (slot.index?.key === key) {
    slot.writeMark = writeMark;
    return slot.index;
  }
  if (slot.building?.key === key) return slot.building.promise;
  const promise = build(em, key, normalisers);
  slot.building = { key, promise };
  try {
    const index = await promise;
    slot.index = index;
    slot.writeMark = writeMark;
    return index;
  } finally {
    if (slot.building?.promise === promise) slot.building = undefined;
  }
}

async function build(em: EntityManager, key: string, normalisers: ActiveNormalisers): Promise<LibraryIndex> {
  const { trackIds, vectors } = await new FingerprintRepository(em).getVectorMatrix();
  const n = trackIds.length;
  const width = DIMENSIONS.length;
  const packed = new Float32Array(n * KERNEL_STRIDE);
  for (let i = 0; i < n; i++) normaliseVector(vectors.subarray(i * width, (i + 1) * width), normalisers.ranges, packed, i * KERNEL_STRIDE);
  return { key, trackIds, vectors, packed, normalisers, ranges: normalisers.ranges };
}

/**
 * Runs `scan` on this database's kernel with `index` loaded (reloading the rows when another index was
 * loaded last). `scan` is synchronous, so no other request can load other rows while it runs; whatever it
 * needs from the kernel's distance view must be read or copied inside it.
 */
export async function withKernel<T>(em: EntityManager, index: LibraryIndex, scan: (kernel: DistanceKernel) => T): Promise<T> {
  const slot = await slotOf(em);
  slot.kernel ??= DistanceKernel.create();
  let kernel: DistanceKernel;
  try {
    kernel = await slot.kernel;
  } catch (error) {
    slot.kernel = undefined;
    throw error;
  }
  if (slot.loaded !== index) {
    kernel.load(index.packed, index.trackIds.length);
    slot.loaded = index;
  }
  return scan(kernel);
}
