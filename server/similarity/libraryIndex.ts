/**
 * The packed, normalised library the distance kernel scans, cached per process and per database, and kept
 * current by deltas.
 *
 * A full build reads every fingerprint (FingerprintRepository.getVectorMatrix) and keeps the raw values; the
 * kernel's packed f32 rows (KERNEL_STRIDE, normalised with the active normalisers) live only in WASM memory, written
 * there straight from the raw values when the kernel loads or appends rows (`withKernel`), and `packedRow` gives one
 * row's packed values to code that reads rows in JavaScript (the same f32 values the kernel holds).
 *
 * Each request first reads the database's change counter, `max(seq)` of `library_changes`
 * (LibraryChangeRepository.latestSeq: one read of the primary key's last entry, the same on SQLite and
 * PostgreSQL). Every fingerprint write or delete (a track delete included) and every normaliser write records a
 * row there in its own transaction, whichever process or machine made it, so an unchanged counter means an
 * unchanged index.
 *
 * After a change the index applies it as a delta: `after(seq)` lists the tracks changed since (the log keeps
 * one row per track, its last change), one query reads their current vectors, and each changed track's old
 * row is retired and its new row (if it still has a fingerprint) appended. Nothing is rebuilt unless the
 * normalisation changes: a `normalisers` row in the log, a fingerprint count that makes a recompute due
 * (NormaliserStore: more than 5 % drift, or crossing MIN_LIBRARY_FINGERPRINTS), or more than
 * MAX_DELTA_CHANGES changes at once; then it runs the index key (an aggregate over `track_fingerprints`,
 * ~13 ms at 100 000 rows, plus the 25-row normaliser read, which recomputes the statistics when due) and
 * rebuilds when that key differs.
 *
 * Snapshots: every `LibraryIndex` value is immutable as seen through its own fields. Rows are append-only
 * within a build (a delta never rewrites a row below an older snapshot's row count; a retired row is only
 * listed in the newer snapshot's `deadRows`), so a request holding an older snapshot across an `await`
 * still reads a consistent library. When retired rows exceed a quarter of the rows (and 1 024), the live
 * rows are compacted into new arrays (in memory: no database read, no re-normalisation).
 *
 * The cache is keyed by the database connection (a WeakMap on the ORM's connection object), so two
 * databases in one process (tests, tools) never share an index; each database has its own WASM kernel
 * instance, which receives appended rows instead of a reload. Updates of one database run one at a time.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { FingerprintRepository } from '../db/FingerprintRepository.ts';
import { LibraryChangeRepository } from '../db/LibraryChangeRepository.ts';
import { DIMENSIONS } from '../fingerprint/dimensions.ts';
import { type CheckedWhere, type FingerprintWhere, checkFingerprintWhere } from '../db/fingerprintWhere.ts';
import { DistanceKernel, headroomRows, KERNEL_STRIDE, type NearestRows } from './distanceKernel.ts';
import { RangeFilterKernel } from './rangeFilter.ts';
import { normaliseRows, normaliseVector, type NormaliserRanges } from './normalise.ts';
import { type ActiveNormalisers, MIN_LIBRARY_FINGERPRINTS, needsRecompute, NormaliserStore } from './normalisers.ts';

export interface LibraryIndex {
  /** Cache key: fingerprint-table state and normaliser identity, then `#generation` after deltas. */
  readonly key: string;
  /**
   * Track id of each row (row i belongs to trackIds[i]). Ascending after a build or a compaction; rows
   * added by deltas follow in change order, and a retired row keeps its id (see `deadRows`).
   */
  readonly trackIds: Int32Array;
  /** Raw values, rows × 25 in spec order (physical units): the stored values exactly (f32, storedValue). */
  readonly vectors: Float32Array;
  readonly normalisers: ActiveNormalisers;
  readonly ranges: NormaliserRanges;
  /** Rows no longer in the library (removed, or superseded by a later row of the same track), ascending. */
  readonly deadRows: Int32Array;
  /** Fingerprints in the library: rows minus dead rows. */
  readonly size: number;
  /** Deltas applied since the last full build (0: freshly built). */
  readonly generation: number;
}

/** Most changes applied as one delta; more (e.g. after a bulk extraction) rebuild the index. */
export const MAX_DELTA_CHANGES = 10_000;
/** Dead rows tolerated before compaction: this many, or a quarter of the rows if more. */
const COMPACT_MIN_DEAD = 1024;
const WIDTH = DIMENSIONS.length;

/** Append-only storage shared by the snapshots of one build (arrays replaced, never rewritten, on growth). */
interface Lineage {
  trackIds: Int32Array;
  vectors: Float32Array;
  /** Rows written. */
  rows: number;
  /** Track id → its live row in the latest snapshot, −1 (dense: 4 bytes per id up to the largest id). */
  rowByTrack: Int32Array;
  /** The latest snapshot. */
  latest?: LibraryIndex;
}

const lineages = new WeakMap<LibraryIndex, Lineage>();

interface Slot {
  index?: LibraryIndex;
  /** `library_changes` max(seq) that `index` reflects. */
  changeSeq?: number;
  /** The update in progress (updates of one database run one at a time). */
  updating?: Promise<LibraryIndex>;
  kernel?: Promise<DistanceKernel>;
  filter?: Promise<RangeFilterKernel>;
  /** The build whose rows the kernel holds (a prefix of its rows: the kernel's row count). */
  loaded?: Lineage;
  /** Full loads of the kernel so far (every row copied in: a build, a compaction, another snapshot's rows). */
  kernelLoads: number;
}

const slots = new WeakMap<object, Slot>();

/** Whether `row` is dead in this snapshot (binary search of deadRows). */
function isDead(index: LibraryIndex, row: number): boolean {
  const dead = index.deadRows;
  let low = 0;
  let high = dead.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = dead[mid]!;
    if (value === row) return true;
    if (value < row) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** Whether `row` holds a fingerprint of the library in this snapshot. */
export function isLiveRow(index: LibraryIndex, row: number): boolean {
  return row >= 0 && row < index.trackIds.length && !isDead(index, row);
}

/** Row of a track id in the index, or −1. */
export function rowOf(index: LibraryIndex, trackId: number): number {
  const lineage = lineages.get(index);
  if (lineage !== undefined) {
    const row = trackId >= 0 && trackId < lineage.rowByTrack.length ? lineage.rowByTrack[trackId]! : -1;
    // The track's latest row; rows below a snapshot's count were written before it, and a latest row is live.
    if (row >= 0 && row < index.trackIds.length) return row;
    if (lineage.latest === index) return -1;
  }
  // An older snapshot whose track changed since: search its own rows.
  for (let row = index.trackIds.length - 1; row >= 0; row--) {
    if (index.trackIds[row] === trackId && !isDead(index, row)) return row;
  }
  return -1;
}

/** The raw values of a row (a view into `index.vectors`, 25 in spec order, physical units). */
export function vectorOf(index: LibraryIndex, row: number): Float32Array {
  return index.vectors.subarray(row * WIDTH, (row + 1) * WIDTH);
}

/**
 * The values the kernel holds for a row: its raw values normalised with the index's ranges, rounded to f32, in
 * KERNEL_STRIDE slots (25 in spec order, then 3 zero pads). Computed on demand (the index keeps no packed copy).
 */
export function packedRow(index: LibraryIndex, row: number, out: Float32Array = new Float32Array(KERNEL_STRIDE)): Float32Array {
  normaliseVector(vectorOf(index, row), index.ranges, out, 0);
  out.fill(0, WIDTH, KERNEL_STRIDE);
  return out;
}

/** Packs rows `from` … `to − 1` of `index` into `target` (the kernel's layout, row r at r × KERNEL_STRIDE). */
function packRowsInto(index: LibraryIndex, from: number, to: number, target: Float32Array): void {
  normaliseRows(index.vectors, from, to, index.ranges, target, KERNEL_STRIDE);
  for (let row = from; row < to; row++) {
    const at = row * KERNEL_STRIDE;
    for (let j = WIDTH; j < KERNEL_STRIDE; j++) target[at + j] = 0;
  }
}

/** The raw values (25 in spec order, physical units) of each track, in key order; null without a fingerprint. */
export function vectorsOf(index: LibraryIndex, trackIds: readonly number[]): (Float32Array | null)[] {
  return trackIds.map((id) => {
    const row = rowOf(index, id);
    return row < 0 ? null : vectorOf(index, row);
  });
}

/** The live rows, in ascending track-id order (what a fresh build would hold, row for row). */
export function liveRows(index: LibraryIndex): Int32Array {
  const rows = new Int32Array(index.size);
  let count = 0;
  let dead = 0;
  for (let row = 0; row < index.trackIds.length; row++) {
    if (dead < index.deadRows.length && index.deadRows[dead] === row) {
      dead++;
      continue;
    }
    rows[count++] = row;
  }
  return rows.sort((a, b) => index.trackIds[a]! - index.trackIds[b]!);
}

/**
 * The kernel's distances of a normalised query to every row of `index`, dead rows set to +∞ (a view into
 * WASM memory, as DistanceKernel.distances). Call inside `withKernel(em, index, …)`.
 */
export function liveDistances(kernel: DistanceKernel, index: LibraryIndex, query: ArrayLike<number>, weights: ArrayLike<number>): Float32Array {
  const distances = kernel.distances(query, weights, index.trackIds.length);
  for (const row of index.deadRows) distances[row] = Infinity;
  return distances;
}

/**
 * The kernel's top-k candidates for a normalised query over the live rows of `index` outside `excludeRows`
 * (DistanceKernel.nearest; the dead rows skipped): the same rows as kthSmallest + rowsAtMost over liveDistances with
 * the excluded rows at +∞. k ≤ kernel.maxNearest. Call inside `withKernel(em, index, …)`.
 */
export function liveNearest(
  kernel: DistanceKernel,
  index: LibraryIndex,
  query: ArrayLike<number>,
  weights: ArrayLike<number>,
  k: number,
  excludeRows: readonly number[],
  margin: number,
): NearestRows {
  let skip: ArrayLike<number> = index.deadRows;
  const extra = excludeRows.filter((row) => row >= 0 && !isDead(index, row));
  if (extra.length > 0) {
    skip = Int32Array.from(new Set([...index.deadRows, ...extra])).sort();
  }
  return kernel.nearest(query, weights, k, skip, margin, index.trackIds.length);
}

function slotOf(em: EntityManager): Slot {
  const connection = em.getConnection();
  let slot = slots.get(connection);
  if (slot === undefined) {
    slot = { kernelLoads: 0 };
    slots.set(connection, slot);
  }
  return slot;
}

/** The current index of this database (deltas applied, or rebuilt when the normalisation changed). */
export async function libraryIndex(em: EntityManager): Promise<LibraryIndex> {
  const slot = slotOf(em);
  const seq = await new LibraryChangeRepository(em).latestSeq();
  if (slot.index !== undefined && slot.changeSeq === seq) return slot.index;
  const previous = slot.updating ?? Promise.resolve(undefined);
  const update = previous.catch(() => undefined).then(() => refresh(em, slot));
  slot.updating = update;
  try {
    return await update;
  } finally {
    if (slot.updating === update) slot.updating = undefined;
  }
}

async function refresh(em: EntityManager, slot: Slot): Promise<LibraryIndex> {
  const seq = await new LibraryChangeRepository(em).latestSeq();
  if (slot.index !== undefined && slot.changeSeq === seq) return slot.index;
  if (slot.index !== undefined && slot.changeSeq !== undefined && seq > slot.changeSeq) {
    const updated = await applyChanges(em, slot.index, slot.changeSeq);
    if (updated !== null) {
      slot.index = updated.index;
      slot.changeSeq = updated.seq;
      return updated.index;
    }
  }
  const state = await new FingerprintRepository(em).tableState();
  const normalisers = await new NormaliserStore(em).active(state.count);
  // The recompute wrote (and moved the change counter): check again from a counter read after it.
  if (normalisers.recomputed) return refresh(em, slot);
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
  if (slot.index?.key !== key) slot.index = await build(em, key, normalisers);
  slot.changeSeq = seq;
  return slot.index;
}

/** Whether the normalisers in use stay the ones NormaliserStore.active would choose for `count` fingerprints. */
function normalisationHolds(active: ActiveNormalisers, count: number): boolean {
  if (active.ranges.source === 'fallback') return count < MIN_LIBRARY_FINGERPRINTS;
  return count >= MIN_LIBRARY_FINGERPRINTS && active.stored !== null && !needsRecompute(active.stored, count);
}

/** The changes since `fromSeq` applied to `index` as one delta, or null when a rebuild is due instead. */
async function applyChanges(em: EntityManager, index: LibraryIndex, fromSeq: number): Promise<{ index: LibraryIndex; seq: number } | null> {
  const lineage = lineages.get(index);
  if (lineage === undefined || lineage.latest !== index) return null;
  const changes = await new LibraryChangeRepository(em).after(fromSeq, MAX_DELTA_CHANGES + 1);
  if (changes.length === 0 || changes.length > MAX_DELTA_CHANGES) return null;
  const trackIds: number[] = [];
  for (const change of changes) {
    if (change.kind === 'normalisers' || change.trackId === null) return null;
    trackIds.push(change.trackId);
  }
  const fresh = await new FingerprintRepository(em).getVectorMatrix(trackIds);
  let size = index.size + fresh.trackIds.length;
  for (const id of trackIds) if (rowOf(index, id) >= 0) size--;
  if (!normalisationHolds(index.normalisers, size)) return null;
  return { index: applyDelta(index, lineage, trackIds, fresh.trackIds, fresh.vectors, size), seq: changes.at(-1)!.seq };
}

/** Retires the rows of `changed` and appends their current vectors (`trackIds` / `vectors`, those still stored). */
function applyDelta(
  index: LibraryIndex,
  lineage: Lineage,
  changed: readonly number[],
  trackIds: Int32Array,
  vectors: Float32Array,
  size: number,
): LibraryIndex {
  const dead = Array.from(index.deadRows);
  for (const id of changed) {
    const row = rowOf(index, id);
    if (row >= 0) {
      dead.push(row);
      lineage.rowByTrack[id] = -1;
    }
  }
  reserve(lineage, lineage.rows + trackIds.length);
  for (let i = 0; i < trackIds.length; i++) {
    const row = lineage.rows++;
    const id = trackIds[i]!;
    lineage.trackIds[row] = id;
    lineage.vectors.set(vectors.subarray(i * WIDTH, (i + 1) * WIDTH), row * WIDTH);
    setRowOfTrack(lineage, id, row);
  }
  const generation = index.generation + 1;
  const snapshot = snapshotOf(lineage, {
    key: `${index.key.split('#')[0]}#${generation}`,
    normalisers: { ...index.normalisers, libraryCount: size, recomputed: false },
    ranges: index.ranges,
    deadRows: Int32Array.from(dead).sort(),
    size,
    generation,
  });
  return dead.length > Math.max(COMPACT_MIN_DEAD, lineage.rows / 4) ? compact(snapshot) : snapshot;
}

/** Grows the lineage's arrays to hold `rows` rows (with headroomRows spare, so appends copy rarely). */
function reserve(lineage: Lineage, rows: number): void {
  const capacity = lineage.trackIds.length;
  if (rows <= capacity) return;
  const grown = Math.max(rows, capacity + headroomRows(capacity));
  const trackIds = new Int32Array(grown);
  trackIds.set(lineage.trackIds.subarray(0, lineage.rows));
  const vectors = new Float32Array(grown * WIDTH);
  vectors.set(lineage.vectors.subarray(0, lineage.rows * WIDTH));
  Object.assign(lineage, { trackIds, vectors });
}

function setRowOfTrack(lineage: Lineage, trackId: number, row: number): void {
  if (trackId >= lineage.rowByTrack.length) {
    const grown = new Int32Array(Math.max(trackId + 1, Math.ceil(lineage.rowByTrack.length * 1.5))).fill(-1);
    grown.set(lineage.rowByTrack);
    lineage.rowByTrack = grown;
  }
  lineage.rowByTrack[trackId] = row;
}

/** A snapshot of the lineage's current rows; it becomes the lineage's latest. */
function snapshotOf(
  lineage: Lineage,
  fields: Pick<LibraryIndex, 'key' | 'normalisers' | 'ranges' | 'deadRows' | 'size' | 'generation'>,
): LibraryIndex {
  const rows = lineage.rows;
  const index: LibraryIndex = {
    ...fields,
    trackIds: lineage.trackIds.subarray(0, rows),
    vectors: lineage.vectors.subarray(0, rows * WIDTH),
  };
  lineages.set(index, lineage);
  lineage.latest = index;
  return index;
}

/** A new lineage from rows in ascending track-id order (no dead rows). */
function lineageFrom(
  trackIds: Int32Array,
  vectors: Float32Array,
  fields: Pick<LibraryIndex, 'key' | 'normalisers' | 'ranges' | 'generation'>,
): LibraryIndex {
  const maxId = trackIds.length > 0 ? trackIds[trackIds.length - 1]! : 0;
  const rowByTrack = new Int32Array(maxId + 1).fill(-1);
  for (let row = 0; row < trackIds.length; row++) rowByTrack[trackIds[row]!] = row;
  const lineage: Lineage = { trackIds, vectors, rows: trackIds.length, rowByTrack };
  return snapshotOf(lineage, { ...fields, deadRows: new Int32Array(0), size: trackIds.length });
}

/**
 * `index` itself when it has no dead rows, else its live rows copied into a snapshot of their own, in ascending
 * track-id order (no database read): for code that walks every row (the kNN graph). Such a snapshot has a lineage
 * of its own, so `withKernel` loads its rows into the kernel (and the next request on the latest index reloads).
 */
export function withoutDeadRows(index: LibraryIndex): LibraryIndex {
  return index.deadRows.length === 0 ? index : compact(index);
}

/** The live rows of `index` copied into a new lineage, in ascending track-id order (no database read). */
function compact(index: LibraryIndex): LibraryIndex {
  const rows = liveRows(index);
  const trackIds = new Int32Array(rows.length);
  const vectors = new Float32Array(rows.length * WIDTH);
  rows.forEach((row, i) => {
    trackIds[i] = index.trackIds[row]!;
    vectors.set(index.vectors.subarray(row * WIDTH, (row + 1) * WIDTH), i * WIDTH);
  });
  return lineageFrom(trackIds, vectors, index);
}

async function build(em: EntityManager, key: string, normalisers: ActiveNormalisers): Promise<LibraryIndex> {
  const { trackIds, vectors } = await new FingerprintRepository(em).getVectorMatrix();
  return lineageFrom(trackIds, vectors, { key, normalisers, ranges: normalisers.ranges, generation: 0 });
}

/**
 * Runs `scan` on this database's kernel with the rows of `index` loaded (appending the rows added since
 * the kernel was last loaded from the same build, reloading otherwise; rows are packed from the raw values straight
 * into WASM memory). `scan` is synchronous, so no other
 * request can load other rows while it runs; whatever it needs from the kernel's distance view must be read
 * or copied inside it. The kernel scans exactly the index's rows; dead rows are scanned too, so mask them
 * (liveDistances does).
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
  const lineage = lineages.get(index);
  const rows = index.trackIds.length;
  if (lineage !== undefined && slot.loaded === lineage && kernel.rows >= rows) {
    kernel.useRows(rows);
  } else if (lineage !== undefined && slot.loaded === lineage) {
    const from = kernel.rows;
    kernel.writeRows(from, rows, (target) => packRowsInto(index, from, rows, target));
  } else {
    kernel.writeRows(0, rows, (target) => packRowsInto(index, 0, rows, target));
    slot.loaded = lineage;
    slot.kernelLoads++;
  }
  return scan(kernel);
}

/** How many times this database connection's kernel was fully loaded (a diagnostic: deltas append, they do not reload). */
export function kernelLoads(em: EntityManager): number {
  return slotOf(em).kernelLoads;
}

/**
 * The current index when this process has one loaded for the database (deltas applied), else undefined
 * (nothing is built: callers then use SQL).
 */
export async function loadedLibraryIndex(em: EntityManager): Promise<LibraryIndex | undefined> {
  return slotOf(em).index === undefined ? undefined : libraryIndex(em);
}

/**
 * The live rows of `index` matching `where` (FingerprintWhere semantics, exactly as the SQL path), in ascending
 * track-id order, from the columnar SIMD filter (rangeFilter.ts). Throws what checkFingerprintWhere throws.
 */
export async function filterRows(em: EntityManager, index: LibraryIndex, where: FingerprintWhere | CheckedWhere | null | undefined): Promise<Int32Array> {
  const checked = isChecked(where) ? where : checkFingerprintWhere(where as FingerprintWhere | null | undefined);
  const slot = slotOf(em);
  slot.filter ??= RangeFilterKernel.create();
  let filter: RangeFilterKernel;
  try {
    filter = await slot.filter;
  } catch (error) {
    slot.filter = undefined;
    throw error;
  }
  const rows = filter.matchingRows(index, checked);
  return isAscending(index.trackIds, rows) ? rows : rows.sort((a, b) => index.trackIds[a]! - index.trackIds[b]!);
}

function isChecked(where: unknown): where is CheckedWhere {
  return typeof where === 'object' && where !== null && Array.isArray((where as CheckedWhere).ranges) && Array.isArray((where as CheckedWhere).not);
}

/** Whether the track ids of `rows` ascend already (always after a build or a compaction). */
function isAscending(ids: Int32Array, rows: Int32Array): boolean {
  for (let i = 1; i < rows.length; i++) if (ids[rows[i - 1]!]! >= ids[rows[i]!]!) return false;
  return true;
}
