/**
 * Weighted Euclidean distance of one query to every row of a packed library (SPEC-fingerprint.md,
 * "Weights for the default distance"): d = sqrt(Σᵢ wᵢ (aᵢ − bᵢ)²) over the 25 normalised dimensions.
 *
 * Layout (all f32): rows of STRIDE = 28 values (25 dimensions + 3 zero pads, 112 bytes, so a row is
 * exactly seven f32x4 lanes); the query and the weights use the same 28-value layout, with zero weight
 * on the pads. The host writes the query, the weights and the rows, then calls `similarityDistances(n)`,
 * which writes n f32 distances. SIMD: one f32x4 accumulator per row, seven fused blocks, a horizontal
 * add and one sqrt. Accumulation is in f32 (inputs are normalised to [0, 1], weights sum to 1, so the
 * sum is ≤ 1 and its rounding error stays below ~1e-6; the host re-ranks near-ties in f64).
 */

/** Values per packed row: 25 dimensions padded to a multiple of 4. */
export const SIMILARITY_STRIDE: i32 = 28;
const ROW_BYTES: usize = <usize>SIMILARITY_STRIDE << 2;

const query = new StaticArray<f32>(SIMILARITY_STRIDE + 4);
const weights = new StaticArray<f32>(SIMILARITY_STRIDE + 4);

/** 16-byte aligned start of the packed rows, followed by the distances; 0 until reserved. */
let block: usize = 0;
let libraryPtr: usize = 0;
let distancesPtr: usize = 0;
let capacityRows: i32 = 0;
/** Start of the skipped-row list (i32, up to capacityRows), after the distances. */
let skipPtr: usize = 0;

@inline function align16(p: usize): usize {
  return (p + 15) & ~(<usize>15);
}

/** Values per packed row (28). */
export function similarityStride(): i32 {
  return SIMILARITY_STRIDE;
}

/** Byte address of the query row (28 f32). */
export function similarityQueryPointer(): usize {
  return changetype<usize>(query);
}

/** Byte address of the weights row (28 f32; the pads must be 0). */
export function similarityWeightsPointer(): usize {
  return changetype<usize>(weights);
}

/**
 * Makes room for `rows` packed rows, as many distances and as many skipped-row indices (grows, never shrinks).
 * The rows already held are kept, so a host can append rows without reloading the library. One block, reallocated:
 * while it is the instance's last allocation (it is: the kernel instance allocates nothing after it) it grows in
 * place, so growth neither copies the rows nor leaves the old block behind (the stub runtime cannot reuse a freed
 * block that is not the last). Returns the row capacity. Memory: 120 bytes per row of capacity.
 */
export function similarityReserve(rows: i32): i32 {
  assert(rows >= 0, 'rows must be ≥ 0');
  if (rows > capacityRows) {
    const bytes = <usize>rows * ROW_BYTES + (<usize>rows << 3) + 48;
    if (block == 0) {
      block = heap.alloc(bytes);
    } else {
      const moved = heap.realloc(block, bytes);
      if (align16(moved) - moved != libraryPtr - block) {
        // realloc copied the block to a start of another alignment: move the rows to the 16-byte boundary.
        memory.copy(align16(moved), moved + (libraryPtr - block), <usize>capacityRows * ROW_BYTES);
      }
      block = moved;
    }
    libraryPtr = align16(block);
    distancesPtr = align16(libraryPtr + <usize>rows * ROW_BYTES);
    skipPtr = align16(distancesPtr + (<usize>rows << 2));
    capacityRows = rows;
  }
  return capacityRows;
}

/** End address of the block (the highest byte it uses; the memory beyond is untouched, so not resident). */
export function similarityBlockEnd(): usize {
  return skipPtr + (<usize>capacityRows << 2);
}

/** Byte address of the packed rows (valid until the next growing `similarityReserve`). */
export function similarityLibraryPointer(): usize {
  return libraryPtr;
}

/** Byte address of the distances (n f32, written by `similarityDistances`). */
export function similarityDistancesPointer(): usize {
  return distancesPtr;
}

/**
 * The weighted Euclidean distance of the packed row at `row` to the query (q0…q6: its 28 lanes, w0…w6: the weights),
 * the query and weights passed as loaded vectors so that a scan loads them once. Inlined into each scan.
 */
@inline function rowDistance(
  row: usize,
  q0: v128, q1: v128, q2: v128, q3: v128, q4: v128, q5: v128, q6: v128,
  w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128,
): f32 {
  let d = f32x4.sub(v128.load(row, 0), q0);
  let acc = f32x4.mul(w0, f32x4.mul(d, d));
  d = f32x4.sub(v128.load(row, 16), q1);
  acc = f32x4.add(acc, f32x4.mul(w1, f32x4.mul(d, d)));
  d = f32x4.sub(v128.load(row, 32), q2);
  acc = f32x4.add(acc, f32x4.mul(w2, f32x4.mul(d, d)));
  d = f32x4.sub(v128.load(row, 48), q3);
  acc = f32x4.add(acc, f32x4.mul(w3, f32x4.mul(d, d)));
  d = f32x4.sub(v128.load(row, 64), q4);
  acc = f32x4.add(acc, f32x4.mul(w4, f32x4.mul(d, d)));
  d = f32x4.sub(v128.load(row, 80), q5);
  acc = f32x4.add(acc, f32x4.mul(w5, f32x4.mul(d, d)));
  d = f32x4.sub(v128.load(row, 96), q6);
  acc = f32x4.add(acc, f32x4.mul(w6, f32x4.mul(d, d)));
  const sum =
    f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  return Mathf.sqrt(max<f32>(sum, 0));
}

/** Writes the distance of the query to each of the first `rows` packed rows. */
export function similarityDistances(rows: i32): void {
  assert(rows >= 0 && rows <= capacityRows, 'rows must be within the reserved capacity');
  const q = changetype<usize>(query);
  const w = changetype<usize>(weights);
  const q0 = v128.load(q, 0);
  const q1 = v128.load(q, 16);
  const q2 = v128.load(q, 32);
  const q3 = v128.load(q, 48);
  const q4 = v128.load(q, 64);
  const q5 = v128.load(q, 80);
  const q6 = v128.load(q, 96);
  const w0 = v128.load(w, 0);
  const w1 = v128.load(w, 16);
  const w2 = v128.load(w, 32);
  const w3 = v128.load(w, 48);
  const w4 = v128.load(w, 64);
  const w5 = v128.load(w, 80);
  const w6 = v128.load(w, 96);
  let row = libraryPtr;
  let out = distancesPtr;
  for (let r = 0; r < rows; r++) {
    store<f32>(out, rowDistance(row, q0, q1, q2, q3, q4, q5, q6, w0, w1, w2, w3, w4, w5, w6));
    row += ROW_BYTES;
    out += 4;
  }
}

/** Largest k `similarityNearest` keeps (a heap of k f32 in static memory). */
export const NEAREST_MAX_K: i32 = 8192;
const nearestHeap = new StaticArray<f32>(NEAREST_MAX_K);
let nearestKth: f32 = 0;

/** Largest k `similarityNearest` accepts. */
export function similarityNearestMaxK(): i32 {
  return NEAREST_MAX_K;
}

/** Byte address of the skipped-row list (up to the row capacity of i32, read by `similarityNearest`). */
export function similaritySkipPointer(): usize {
  return skipPtr;
}

/** The k-th smallest distance of the last `similarityNearest` (+∞ when fewer than k rows were scanned). */
export function similarityNearestKth(): f32 {
  return nearestKth;
}

/**
 * The nearest rows in one pass: the distances of `similarityDistances`, with the `skipCount` rows listed at
 * `similaritySkipPointer()` (ascending, distinct) written as +∞, fused with a bounded max-heap of the k
 * smallest finite distances; then every row whose distance d satisfies d ≤ kth + margin (compared in f64; all finite
 * rows when fewer than k) is written, as an i32 row index in ascending order, over the distances from
 * `similarityDistancesPointer()`. Returns how many. The same rows as the host's kthSmallest + rowsAtMost (topK.ts).
 */
export function similarityNearest(rows: i32, k: i32, skipCount: i32, margin: f64): i32 {
  assert(rows >= 0 && rows <= capacityRows, 'rows must be within the reserved capacity');
  assert(k >= 1 && k <= NEAREST_MAX_K, 'k must be 1…NEAREST_MAX_K');
  assert(skipCount >= 0 && skipCount <= capacityRows, 'skipCount must be within the row capacity');
  const q = changetype<usize>(query);
  const w = changetype<usize>(weights);
  const q0 = v128.load(q, 0);
  const q1 = v128.load(q, 16);
  const q2 = v128.load(q, 32);
  const q3 = v128.load(q, 48);
  const q4 = v128.load(q, 64);
  const q5 = v128.load(q, 80);
  const q6 = v128.load(q, 96);
  const w0 = v128.load(w, 0);
  const w1 = v128.load(w, 16);
  const w2 = v128.load(w, 32);
  const w3 = v128.load(w, 48);
  const w4 = v128.load(w, 64);
  const w5 = v128.load(w, 80);
  const w6 = v128.load(w, 96);
  const h = changetype<usize>(nearestHeap);
  let size: i32 = 0;
  let top: f32 = Infinity;
  let s: i32 = 0;
  let nextSkip: i32 = skipCount > 0 ? load<i32>(skipPtr) : -1;
  let row = libraryPtr;
  let out = distancesPtr;
  for (let r = 0; r < rows; r++) {
    let distance: f32 = rowDistance(row, q0, q1, q2, q3, q4, q5, q6, w0, w1, w2, w3, w4, w5, w6);
    if (r == nextSkip) {
      distance = Infinity;
      s++;
      nextSkip = s < skipCount ? load<i32>(skipPtr + (<usize>s << 2)) : -1;
    }
    store<f32>(out, distance);
    if (distance < top) {
      if (size < k) {
        // sift up
        let c = size++;
        store<f32>(h + (<usize>c << 2), distance);
        while (c > 0) {
          const parent = (c - 1) >> 1;
          const pv = load<f32>(h + (<usize>parent << 2));
          if (pv >= distance) break;
          store<f32>(h + (<usize>c << 2), pv);
          store<f32>(h + (<usize>parent << 2), distance);
          c = parent;
        }
        if (size == k) top = load<f32>(h);
      } else {
        // replace the root, sift down
        let c = 0;
        store<f32>(h, distance);
        for (;;) {
          const l = 2 * c + 1;
          const rr = l + 1;
          let largest = c;
          let lv = load<f32>(h + (<usize>c << 2));
          if (l < k && load<f32>(h + (<usize>l << 2)) > lv) {
            largest = l;
            lv = load<f32>(h + (<usize>l << 2));
          }
          if (rr < k && load<f32>(h + (<usize>rr << 2)) > lv) largest = rr;
          if (largest == c) break;
          const cv = load<f32>(h + (<usize>c << 2));
          store<f32>(h + (<usize>c << 2), load<f32>(h + (<usize>largest << 2)));
          store<f32>(h + (<usize>largest << 2), cv);
          c = largest;
        }
        top = load<f32>(h);
      }
    }
    row += ROW_BYTES;
    out += 4;
  }
  nearestKth = size < k ? <f32>Infinity : load<f32>(h);
  // The largest f32 ≤ kth + margin (f64), so that an f32 compare equals the f64 one.
  let threshold: f32 = <f32>Infinity;
  if (size >= k) {
    const bound: f64 = <f64>nearestKth + margin;
    threshold = <f32>bound;
    if (<f64>threshold > bound) threshold = reinterpret<f32>(reinterpret<i32>(threshold) - 1);
  }
  const limit = f32x4.splat(threshold);
  let count: i32 = 0;
  let r: i32 = 0;
  for (; r + 4 <= rows; r += 4) {
    const v = v128.load(distancesPtr + (<usize>r << 2));
    // finite and ≤ threshold (+∞ never passes: it is > any finite threshold, and ≤ +∞ is excluded below)
    const pass = v128.and(f32x4.le(v, limit), f32x4.lt(v, f32x4.splat(Infinity)));
    if (v128.any_true(pass)) {
      for (let lane = 0; lane < 4; lane++) {
        const value = load<f32>(distancesPtr + (<usize>(r + lane) << 2));
        if (value <= threshold && value < Infinity) {
          store<i32>(distancesPtr + (<usize>count << 2), r + lane);
          count++;
        }
      }
    }
  }
  for (; r < rows; r++) {
    const value = load<f32>(distancesPtr + (<usize>r << 2));
    if (value <= threshold && value < Infinity) {
      store<i32>(distancesPtr + (<usize>count << 2), r);
      count++;
    }
  }
  return count;
}
