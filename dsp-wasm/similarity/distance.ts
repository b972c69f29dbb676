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
 * Makes room for `rows` packed rows and as many distances (grows, never shrinks). The rows already held
 * are kept (copied into the new block), so a host can append rows without reloading the library.
 * Returns the row capacity. Memory: 116 bytes per row of capacity.
 */
export function similarityReserve(rows: i32): i32 {
  assert(rows >= 0, 'rows must be ≥ 0');
  if (rows > capacityRows) {
    const bytes = <usize>rows * ROW_BYTES + (<usize>rows << 2) + 32;
    const grown = heap.alloc(bytes);
    const grownLibrary = align16(grown);
    if (block != 0) {
      memory.copy(grownLibrary, libraryPtr, <usize>capacityRows * ROW_BYTES);
      heap.free(block);
    }
    block = grown;
    libraryPtr = grownLibrary;
    distancesPtr = align16(libraryPtr + <usize>rows * ROW_BYTES);
    capacityRows = rows;
  }
  return capacityRows;
}

/** Byte address of the packed rows (valid until the next growing `similarityReserve`). */
export function similarityLibraryPointer(): usize {
  return libraryPtr;
}

/** Byte address of the distances (n f32, written by `similarityDistances`). */
export function similarityDistancesPointer(): usize {
  return distancesPtr;
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
    store<f32>(out, Mathf.sqrt(max<f32>(sum, 0)));
    row += ROW_BYTES;
    out += 4;
  }
}
