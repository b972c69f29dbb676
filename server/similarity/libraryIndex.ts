/**
 * The packed, normalised library the distance kernel scans, cached per process and per database.
 *
 * Building it reads every fingerprint (FingerprintRepository.getVectorMatrix), normalises it with the
 * active ranges and packs it as f32 rows of KERNEL_STRIDE; that is done once and reused by every request
 * until the fingerprints or the normalisers change. Each request first reads the database's change counter,
 * `max(seq)` of `library_changes` (LibraryChangeRepository.latestSeq: one read of the primary key's last
 * entry, the same on SQLite and PostgreSQL). Every fingerprint write or delete (a track delete included) and
 * every normaliser recompute records a row there in its own transaction, whichever process or machine made
 * it, so an unchanged counter means an unchanged index. Only after a change does it run the index key, an
 * aggregate over `track_fingerprints` (count, max(updated_at), max(id), sum(track_id):
 * FingerprintRepository.tableState, one table scan, ~10 ms at 100 000 rows) plus the 25-row normaliser read
 * (which recomputes the stored statistics when due), and rebuilds when that key (which includes the counter)
 * differs. The cache is keyed by the database connection (a WeakMap on the ORM's connection object), so two
 * databases in one process (tests, tools) never share an index; each database has its own WASM kernel instance.
 */
import type { EntityManager } from '@mikro-orm/sqlite';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { LibraryChangeRepository } from '../db/LibraryChangeRepository.ts';
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
  /** `library_changes` max(seq) when `index` was last confirmed current. */
  changeSeq?: number;
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

function slotOf(em: EntityManager): Slot {
  const connection = em.getConnection();
  let slot = slots.get(connection);
  if (slot === undefined) {
    slot = {};
    slots.set(connection, slot);
  }
  return slot;
}

/** The current index of this database (built or rebuilt when the fingerprints or normalisers changed). */
export async function libraryIndex(em: EntityManager): Promise<LibraryIndex> {
  const slot = slotOf(em);
  const seq = await new LibraryChangeRepository(em).latestSeq();
  if (slot.index !== undefined && slot.changeSeq === seq) return slot.index;
  const state = await new FingerprintRepository(em).tableState();
  const normalisers = await new NormaliserStore(em).active(state.count);
  // The recompute wrote (and moved the change counter): check again from a counter read after it.
  if (normalisers.recomputed) return libraryIndex(em);
  const stored = normalisers.stored;
  const key = [
    seq,
    state.count,
    state.latestUpdate,
    state.maxId,
    state.trackIdSum,
    normalisers.ranges.source,
    normalisers.ranges.source === 'library' && stored ? stored.computedAt.getTime() : '',
  ].join('|');
  if (slot.index?.key === key) {
    slot.changeSeq = seq;
    return slot.index;
  }
  if (slot.building?.key === key) return slot.building.promise;
  const promise = build(em, key, normalisers);
  slot.building = { key, promise };
  try {
    const index = await promise;
    slot.index = index;
    slot.changeSeq = seq;
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
  const slot = slotOf(em);
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
