import { BIN_COUNT, BIN_HZ, frameSilent, powerPointer } from '../frame';
import { Series } from '../core/series';
import { medianOf } from '../core/median';
import { setResult, SLOT_SPECTRAL_CENTROID, SLOT_SPECTRAL_FLATNESS, SLOT_SPECTRAL_ROLLOFF } from '../slots';

/**
 * Spectral shape of each non-silent frame, summarised by the median over frames (dimensions 15–17):
 * - centroid: power-weighted mean frequency Σ f_k·P_k / Σ P_k over all bins, Hz (Peeters 2004);
 * - rolloff: the lowest bin frequency f_k with Σ_{j≤k} P_j ≥ 0.85·Σ P, Hz;
 * - flatness: geometric / arithmetic mean of P_k over bins with 20 Hz ≤ f_k < 16 kHz, each bin
 *   floored at 1e-12 × the frame's largest bin (Wiener entropy, 0–1; white noise → e^−γ ≈ 0.56).
 * The per-frame values are kept as f32 series and the medians taken exactly at `finish`.
 */

const ROLLOFF_SHARE: f64 = 0.85;
const FLATNESS_FLOOR: f32 = 1e-12;
/** Flatness bins: first bin ≥ 20 Hz and first bin ≥ 16 kHz (exclusive). */
const FLATNESS_FIRST_BIN: i32 = <i32>Math.ceil(20.0 / BIN_HZ);
const FLATNESS_END_BIN: i32 = <i32>Math.ceil(16000.0 / BIN_HZ);
/** Bins are summed in groups of 16 (4 vectors); the group sums drive the rolloff search. */
const GROUP_BINS: i32 = 16;
const GROUP_COUNT: i32 = (BIN_COUNT - 1) / GROUP_BINS; // 64 groups cover bins 0..1023; bin 1024 is added apart
const groupSums = new StaticArray<f64>(GROUP_COUNT);

const centroids = new Series<f32>(32768);
const rolloffs = new Series<f32>(32768);
const flatnesses = new Series<f32>(32768);

export function resetSpectralShape(): void {
  centroids.reset();
  rolloffs.reset();
  flatnesses.reset();
}

export function spectralShapeFrame(): void {
  if (frameSilent) return;
  // One pass: total power, Σ k·P_k, per-group sums, largest bin.
  let weighted = f32x4.splat(0);
  let largest = f32x4.splat(0);
  let index = f32x4(0, 1, 2, 3);
  const four = f32x4.splat(4);
  let total = 0.0;
  let weightedSum = 0.0;
  for (let group = 0; group < GROUP_COUNT; group++) {
    const base = powerPointer + (<usize>(group * GROUP_BINS) << 2);
    const p0 = v128.load(base), p1 = v128.load(base, 16), p2 = v128.load(base, 32), p3 = v128.load(base, 48);
    const groupVector = f32x4.add(f32x4.add(p0, p1), f32x4.add(p2, p3));
    let w = f32x4.mul(p0, index);
    index = f32x4.add(index, four);
    w = f32x4.add(w, f32x4.mul(p1, index));
    index = f32x4.add(index, four);
    w = f32x4.add(w, f32x4.mul(p2, index));
    index = f32x4.add(index, four);
    w = f32x4.add(w, f32x4.mul(p3, index));
    index = f32x4.add(index, four);
    weighted = f32x4.add(weighted, w);
    largest = f32x4.pmax(largest, f32x4.pmax(f32x4.pmax(p0, p1), f32x4.pmax(p2, p3)));
    const groupSum = horizontalSum(groupVector);
    unchecked((groupSums[group] = groupSum));
    total += groupSum;
  }
  const last = load<f32>(powerPointer + (<usize>(BIN_COUNT - 1) << 2));
  total += <f64>last;
  weightedSum = horizontalSum(weighted) + <f64>last * <f64>(BIN_COUNT - 1);
  let maxBin = max(
    max(f32x4.extract_lane(largest, 0), f32x4.extract_lane(largest, 1)),
    max(f32x4.extract_lane(largest, 2), f32x4.extract_lane(largest, 3)),
  );
  maxBin = max(maxBin, last);
  if (total <= 0) {
    // A non-silent frame always has power; guard anyway (no NaN ever).
    centroids.push(0);
    rolloffs.push(0);
    flatnesses.push(0);
    return;
  }
  centroids.push(<f32>((weightedSum / total) * BIN_HZ));
  rolloffs.push(<f32>(<f64>rolloffBin(total * ROLLOFF_SHARE) * BIN_HZ));
  flatnesses.push(<f32>flatness(maxBin * FLATNESS_FLOOR));
}

// @ts-ignore: decorator
@inline
function horizontalSum(v: v128): f64 {
  return (
    <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + (<f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3))
  );
}

/** Lowest bin whose cumulative power reaches `threshold`. */
function rolloffBin(threshold: f64): i32 {
  let cumulative = 0.0;
  let group = 0;
  for (; group < GROUP_COUNT; group++) {
    const next = cumulative + unchecked(groupSums[group]);
    if (next >= threshold) break;
    cumulative = next;
  }
  let k = group * GROUP_BINS;
  for (; k < BIN_COUNT - 1; k++) {
    cumulative += <f64>load<f32>(powerPointer + (<usize>k << 2));
    if (cumulative >= threshold) return k;
  }
  return BIN_COUNT - 1;
}

/**
 * Geometric / arithmetic mean of max(P_k, floor) over the flatness bins.
 *
 * The geometric mean needs Σ ln P_k. Each P = m·2^e with m in [1, 2) is split with bit operations:
 * the exponents are summed as integers and the mantissas multiplied together (per lane, renormalised
 * every 32 vectors), so a frame needs only 4 scalar logs instead of one per bin (the per-bin log is
 * PERFORMANCE-NOTES trap 3). Σ ln P = ln2·Σe + Σ ln(Π m); relative error ~1e-6 in the product.
 */
function flatness(floor: f32): f64 {
  const floorVector = f32x4.splat(floor);
  const mantissaMask = i32x4.splat(0x007fffff);
  const one = i32x4.splat(0x3f800000);
  let exponents = i32x4.splat(0);
  let product = f32x4.splat(1);
  let sum = f64x2.splat(0);
  let k = FLATNESS_FIRST_BIN;
  let sinceRenormalise = 0;
  while (k < FLATNESS_END_BIN) {
    let p = f32x4.pmax(v128.load(powerPointer + (<usize>k << 2)), floorVector);
    const remaining = FLATNESS_END_BIN - k;
    if (remaining < 4) {
      // Lanes past the end count as 1.0: ln 1 = 0 and nothing added to the arithmetic sum below.
      const lane = i32x4(0, 1, 2, 3);
      const keep = i32x4.lt_s(lane, i32x4.splat(remaining));
      p = v128.bitselect(p, f32x4.splat(1), keep);
      const counted = v128.and(p, keep);
      sum = f64x2.add(sum, f64x2.add(f64x2.promote_low_f32x4(counted), f64x2.promote_low_f32x4(v128.shuffle<f32>(counted, counted, 2, 3, 0, 1))));
    } else {
      sum = f64x2.add(sum, f64x2.add(f64x2.promote_low_f32x4(p), f64x2.promote_low_f32x4(v128.shuffle<f32>(p, p, 2, 3, 0, 1))));
    }
    exponents = i32x4.add(exponents, i32x4.shr_u(p, 23));
    product = f32x4.mul(product, v128.or(v128.and(p, mantissaMask), one));
    k += 4;
    if (++sinceRenormalise == 32) {
      // The product of 32 mantissas is < 2^32: move its exponent into the integer sum.
      exponents = i32x4.add(exponents, i32x4.sub(i32x4.shr_u(product, 23), i32x4.splat(127)));
      product = v128.or(v128.and(product, mantissaMask), one);
      sinceRenormalise = 0;
    }
  }
  const vectors = (FLATNESS_END_BIN - FLATNESS_FIRST_BIN + 3) >> 2;
  // Every lane of every vector added a biased exponent (bias 127), padding lanes included (1.0 → 127).
  const exponentTotal =
    <f64>(i32x4.extract_lane(exponents, 0) + i32x4.extract_lane(exponents, 1) + i32x4.extract_lane(exponents, 2) + i32x4.extract_lane(exponents, 3)) -
    127.0 * <f64>(vectors * 4);
  const logTotal =
    exponentTotal * 0.6931471805599453 +
    (Math.log(<f64>f32x4.extract_lane(product, 0)) +
      Math.log(<f64>f32x4.extract_lane(product, 1)) +
      Math.log(<f64>f32x4.extract_lane(product, 2)) +
      Math.log(<f64>f32x4.extract_lane(product, 3)));
  const powerTotal = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
  const count = <f64>(FLATNESS_END_BIN - FLATNESS_FIRST_BIN);
  if (powerTotal <= 0) return 0;
  return min(1.0, Math.exp(logTotal / count) / (powerTotal / count));
}

/** Writes spectral_centroid, spectral_rolloff (Hz) and spectral_flatness; no non-silent frame → 0. */
export function finishSpectralShape(): void {
  setResult(SLOT_SPECTRAL_CENTROID, medianOf(centroids, 0));
  setResult(SLOT_SPECTRAL_ROLLOFF, medianOf(rolloffs, 0));
  setResult(SLOT_SPECTRAL_FLATNESS, medianOf(flatnesses, 0));
}
