/**
 * Columnar range filter over the library's raw values (FingerprintWhere in the index: server/similarity/rangeFilter.ts).
 *
 * Layout: `slots` columns of f32 (one dimension's raw values each, physical units, rows in index order: the stored
 * values are f32, server/fingerprint/dimensions.ts storedValue) and MASK_LEVELS bit masks (bit r of word r >> 5 =
 * row r matches), both sized for a capacity rounded up to 128 rows. `filterRange` ANDs `lo ≤ x ≤ hi` into a mask
 * with f32x4 compares (the host turns any bound into an inclusive f32 one that selects the same f32 values: x > lo ⇔
 * x ≥ the smallest f32 above lo); `filterCombine` ANDs / ORs / AND-NOTs masks with v128 ops, so the host evaluates
 * and / or / not trees level by level. Bits at rows ≥ n are undefined.
 */

export const FILTER_MASK_LEVELS: i32 = 16;

let filterBlock: usize = 0;
let columnsPtr: usize = 0;
let masksPtr: usize = 0;
let filterCapacity: i32 = 0;
let filterSlots: i32 = 0;

@inline function maskBytes(capacity: i32): usize {
  return <usize>capacity >> 3;
}

/**
 * Makes room for `slots` columns of `rows` rows and the masks (grows, never shrinks; contents are not kept:
 * the host refills the columns). Returns the row capacity (a multiple of 128).
 */
export function filterReserve(rows: i32, slots: i32): i32 {
  assert(rows >= 0 && slots >= 0, 'rows and slots must be ≥ 0');
  const capacity = (rows + 127) & ~127;
  if (capacity > filterCapacity || slots > filterSlots) {
    const newCapacity = max(capacity, filterCapacity);
    const newSlots = max(slots, filterSlots);
    if (filterBlock != 0) heap.free(filterBlock);
    const bytes = <usize>newSlots * <usize>newCapacity * 4 + <usize>FILTER_MASK_LEVELS * maskBytes(newCapacity) + 32;
    filterBlock = heap.alloc(bytes);
    columnsPtr = (filterBlock + 15) & ~(<usize>15);
    masksPtr = columnsPtr + <usize>newSlots * <usize>newCapacity * 4;
    filterCapacity = newCapacity;
    filterSlots = newSlots;
  }
  return filterCapacity;
}

/** Byte address of column `slot` (filterCapacity f32). */
export function filterColumnPointer(slot: i32): usize {
  assert(slot >= 0 && slot < filterSlots, 'slot out of range');
  return columnsPtr + <usize>slot * <usize>filterCapacity * 4;
}

/** Byte address of mask `level` (filterCapacity bits). */
export function filterMaskPointer(level: i32): usize {
  assert(level >= 0 && level < FILTER_MASK_LEVELS, 'level out of range');
  return masksPtr + <usize>level * maskBytes(filterCapacity);
}

/** Sets every bit of mask `level` for the first `rows` rows (rounded up to 128) to `value` (0 or 1). */
export function filterFill(level: i32, rows: i32, value: i32): void {
  assert(rows >= 0 && rows <= filterCapacity, 'rows within capacity');
  memory.fill(filterMaskPointer(level), value != 0 ? 0xff : 0, maskBytes((rows + 127) & ~127));
}

/** mask[level] &= (lo ≤ column[slot][r] ≤ hi) for the first `rows` rows; NaN never matches. */
export function filterRange(level: i32, slot: i32, rows: i32, lo: f32, hi: f32): void {
  assert(rows >= 0 && rows <= filterCapacity, 'rows within capacity');
  const column = filterColumnPointer(slot);
  const mask = filterMaskPointer(level);
  const low = f32x4.splat(lo);
  const high = f32x4.splat(hi);
  const words = (rows + 31) >> 5;
  for (let w = 0; w < words; w++) {
    let bits: u32 = 0;
    let p = column + (<usize>w << 7);
    for (let quad = 0; quad < 8; quad++) {
      const x = v128.load(p);
      const inside = v128.and(f32x4.ge(x, low), f32x4.le(x, high));
      bits |= (<u32>i32x4.bitmask(inside)) << (<u32>quad << 2);
      p += 16;
    }
    const at = mask + (<usize>w << 2);
    store<u32>(at, load<u32>(at) & bits);
  }
}

/** mask[target] = mask[target] op mask[source] over the first `rows` rows; op 0 = and, 1 = or, 2 = and-not. */
export function filterCombine(target: i32, source: i32, rows: i32, op: i32): void {
  assert(rows >= 0 && rows <= filterCapacity, 'rows within capacity');
  const t = filterMaskPointer(target);
  const s = filterMaskPointer(source);
  const blocks = <usize>((rows + 127) >> 7);
  for (let b: usize = 0; b < blocks; b++) {
    const x = v128.load(t + (b << 4));
    const y = v128.load(s + (b << 4));
    v128.store(t + (b << 4), op == 0 ? v128.and(x, y) : op == 1 ? v128.or(x, y) : v128.andnot(x, y));
  }
}
