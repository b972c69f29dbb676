import { Series } from '../core/series';
import { DECIMATED_RATE, decimate, decimatorReset } from './decimator';

/**
 * YIN fundamental-frequency track (de Cheveigné & Kawahara 2002) and pitch_stability
 * (SPEC-fingerprint.md dimension 19).
 *
 * - Signal: the mono mix, low-passed and decimated to 11 025 Hz (`decimator.ts`).
 * - Frames: 512-sample window (46.4 ms) every 128 samples (11.6 ms). The difference function
 *   d_t(τ) = Σ_{j=t·128}^{t·128+511} (x[j] − x[j+τ])² is the sum of four 128-sample block sums
 *   B_b(τ) = Σ_{j∈block b} (x[j] − x[j+τ])²; each block sum is computed once and shared by the four
 *   overlapping frames that contain the block (identical values to the direct sum, 4× less work).
 * - Cumulative-mean-normalised d'(τ) = d(τ)·τ / Σ_{j≤τ} d(j); the first τ in 5..170 (2100..65 Hz)
 *   with d'(τ) < 0.15, walked down to its local minimum, refined by parabolic interpolation of d
 *   around it, gives f0 = 11025 / τ (Hz). No dip below the threshold, a window below −70 dBFS RMS,
 *   or an f0 outside 65–2100 Hz means unvoiced (f0 = 0).
 * pitch_stability (fingerprint v2) = share of consecutive NON-SILENT frame pairs (both windows
 * ≥ −70 dBFS RMS) that are voiced and whose f0 differ by < 50 cents, 0..1; fewer than 10 non-silent
 * pairs gives 0. v1 divided by the voiced pairs only, which put 30 of 32 real tracks at ≥ 0.90 (YIN's
 * voiced frames are the stable ones) and made a track with a few voiced frames jump to exactly 0; v2
 * also counts how much of the sounding audio has a clear, steady pitch, which is what varies between
 * a solo voice, a band and a drum break.
 */

export const YIN_WINDOW: i32 = 512;
export const YIN_STEP: i32 = 128;
const BLOCKS_PER_WINDOW: i32 = YIN_WINDOW / YIN_STEP;
export const MIN_F0_HZ: f64 = 65.0;
export const MAX_F0_HZ: f64 = 2100.0;
const THRESHOLD: f32 = 0.15;
/** Lags computed: τ = 1..LAG_COUNT (covers 170 + the interpolation neighbour), 16 per SIMD group. */
const LAG_COUNT: i32 = 176;
const LAG_GROUPS: i32 = LAG_COUNT / 16;
const MIN_LAG: i32 = <i32>Math.floor(DECIMATED_RATE / MAX_F0_HZ); // 5
const MAX_LAG: i32 = <i32>Math.ceil(DECIMATED_RATE / MIN_F0_HZ); // 170
/** Window energy below which a frame is unvoiced: RMS −70 dBFS over 512 samples. */
const SILENT_ENERGY: f64 = 1e-7 * <f64>YIN_WINDOW;
const STABLE_CENTS: f64 = 50.0;
const MIN_PAIRS: i32 = 10;

const SAMPLES_CAPACITY: i32 = 8192;
// decimated samples; samples[0] is decimated sample number `samplesFrom`
const samples = new StaticArray<f32>(SAMPLES_CAPACITY + 4);
let sampleCount = 0;
let samplesFrom = 0;
let nextBlock = 0;
// ring of the last 4 block sums (LAG_COUNT f32 each, index τ−1) and block energies
const blockSums = new StaticArray<f32>(BLOCKS_PER_WINDOW * LAG_COUNT);
const blockEnergy = new StaticArray<f64>(BLOCKS_PER_WINDOW);
const difference = new StaticArray<f32>(LAG_COUNT + 1);
const normalised = new StaticArray<f32>(LAG_COUNT + 1);
const f0Track = new Series<f32>(32768);
// streaming pair counts for pitch_stability: the previous frame, pairs of non-silent frames, stable pairs
let previousF0: f64 = 0;
let previousSounding = false;
let soundingPairs = 0;
let stablePairs = 0;

/** Starts a new track. */
export function pitchReset(): void {
  decimatorReset();
  sampleCount = 0;
  samplesFrom = 0;
  nextBlock = 0;
  f0Track.reset();
  previousF0 = 0;
  previousSounding = false;
  soundingPairs = 0;
  stablePairs = 0;
}

/** Feeds `count` mono samples (f32, 44.1 kHz) at byte address `mono`. */
export function pitchPushMono(mono: usize, count: i32): void {
  let offset = 0;
  while (offset < count) {
    // at most what fits after the decimator: ≤ (free space) × 4 input samples
    const free = SAMPLES_CAPACITY - sampleCount;
    const take = min(count - offset, (free - 1) * 4);
    const base = changetype<usize>(samples);
    sampleCount += decimate(mono + (<usize>offset << 2), take, base + (<usize>sampleCount << 2));
    offset += take;
    processBlocks();
  }
}

function processBlocks(): void {
  const base = changetype<usize>(samples);
  // block b covers decimated samples [b·128, b·128+128) and reads up to τ = LAG_COUNT beyond
  while ((nextBlock + 1) * YIN_STEP + LAG_COUNT <= samplesFrom + sampleCount) {
    const slot = nextBlock % BLOCKS_PER_WINDOW;
    const start = base + (<usize>(nextBlock * YIN_STEP - samplesFrom) << 2);
    computeBlock(start, changetype<usize>(blockSums) + (<usize>(slot * LAG_COUNT) << 2), slot);
    nextBlock++;
    if (nextBlock >= BLOCKS_PER_WINDOW) analyseFrame();
  }
  // drop samples no future block needs
  const firstNeeded = nextBlock * YIN_STEP;
  const drop = firstNeeded - samplesFrom;
  if (drop > 0) {
    const keep = sampleCount - drop;
    memory.copy(base, base + (<usize>drop << 2), <usize>keep << 2);
    sampleCount = keep;
    samplesFrom = firstNeeded;
  }
}

/** Block sums B(τ), τ = 1..LAG_COUNT, of the 128 samples at `x`; SIMD over 16 lags at a time. */
function computeBlock(x: usize, out: usize, slot: i32): void {
  let energy: f64 = 0;
  for (let j = 0; j < YIN_STEP; j++) {
    const v = <f64>load<f32>(x + (<usize>j << 2));
    energy += v * v;
  }
  unchecked((blockEnergy[slot] = energy));
  // Two groups of 16 lags per pass share each x[j] splat and the loop overhead; every lag's sum keeps its order.
  let g = 0;
  for (; g + 2 <= LAG_GROUPS; g += 2) {
    let acc0 = f32x4.splat(0.0);
    let acc1 = f32x4.splat(0.0);
    let acc2 = f32x4.splat(0.0);
    let acc3 = f32x4.splat(0.0);
    let acc4 = f32x4.splat(0.0);
    let acc5 = f32x4.splat(0.0);
    let acc6 = f32x4.splat(0.0);
    let acc7 = f32x4.splat(0.0);
    let p = x;
    const lagOffset = <usize>(1 + g * 16) << 2;
    for (let j = 0; j < YIN_STEP; j++) {
      const xj = v128.load32_splat(p);
      const lagged = p + lagOffset;
      const d0 = f32x4.sub(xj, v128.load(lagged));
      const d1 = f32x4.sub(xj, v128.load(lagged, 16));
      const d2 = f32x4.sub(xj, v128.load(lagged, 32));
      const d3 = f32x4.sub(xj, v128.load(lagged, 48));
      const d4 = f32x4.sub(xj, v128.load(lagged, 64));
      const d5 = f32x4.sub(xj, v128.load(lagged, 80));
      const d6 = f32x4.sub(xj, v128.load(lagged, 96));
      const d7 = f32x4.sub(xj, v128.load(lagged, 112));
      acc0 = f32x4.add(acc0, f32x4.mul(d0, d0));
      acc1 = f32x4.add(acc1, f32x4.mul(d1, d1));
      acc2 = f32x4.add(acc2, f32x4.mul(d2, d2));
      acc3 = f32x4.add(acc3, f32x4.mul(d3, d3));
      acc4 = f32x4.add(acc4, f32x4.mul(d4, d4));
      acc5 = f32x4.add(acc5, f32x4.mul(d5, d5));
      acc6 = f32x4.add(acc6, f32x4.mul(d6, d6));
      acc7 = f32x4.add(acc7, f32x4.mul(d7, d7));
      p += 4;
    }
    const o = out + (<usize>(g * 16) << 2);
    v128.store(o, acc0);
    v128.store(o, acc1, 16);
    v128.store(o, acc2, 32);
    v128.store(o, acc3, 48);
    v128.store(o, acc4, 64);
    v128.store(o, acc5, 80);
    v128.store(o, acc6, 96);
    v128.store(o, acc7, 112);
  }
  for (; g < LAG_GROUPS; g++) {
    let acc0 = f32x4.splat(0.0);
    let acc1 = f32x4.splat(0.0);
    let acc2 = f32x4.splat(0.0);
    let acc3 = f32x4.splat(0.0);
    let p = x;
    const lagOffset = <usize>(1 + g * 16) << 2;
    for (let j = 0; j < YIN_STEP; j++) {
      const xj = v128.load32_splat(p);
      const lagged = p + lagOffset;
      const d0 = f32x4.sub(xj, v128.load(lagged));
      const d1 = f32x4.sub(xj, v128.load(lagged, 16));
      const d2 = f32x4.sub(xj, v128.load(lagged, 32));
      const d3 = f32x4.sub(xj, v128.load(lagged, 48));
      acc0 = f32x4.add(acc0, f32x4.mul(d0, d0));
      acc1 = f32x4.add(acc1, f32x4.mul(d1, d1));
      acc2 = f32x4.add(acc2, f32x4.mul(d2, d2));
      acc3 = f32x4.add(acc3, f32x4.mul(d3, d3));
      p += 4;
    }
    const o = out + (<usize>(g * 16) << 2);
    v128.store(o, acc0);
    v128.store(o, acc1, 16);
    v128.store(o, acc2, 32);
    v128.store(o, acc3, 48);
  }
}

/** Sums the 4 block sums of the newest window and appends its f0 (0 = unvoiced) to the track. */
function analyseFrame(): void {
  const sums = changetype<usize>(blockSums);
  const diff = changetype<usize>(difference) + 4; // difference[τ] at index τ
  for (let v = 0; v < LAG_COUNT; v += 4) {
    const o = <usize>v << 2;
    let s = v128.load(sums + o);
    s = f32x4.add(s, v128.load(sums + o + (<usize>LAG_COUNT << 2)));
    s = f32x4.add(s, v128.load(sums + o + (<usize>(2 * LAG_COUNT) << 2)));
    s = f32x4.add(s, v128.load(sums + o + (<usize>(3 * LAG_COUNT) << 2)));
    v128.store(diff + o, s);
  }
  let energy: f64 = 0;
  for (let b = 0; b < BLOCKS_PER_WINDOW; b++) energy += unchecked(blockEnergy[b]);
  const sounding = energy >= SILENT_ENERGY;
  const f0 = sounding ? <f64><f32>f0FromDifference() : 0;
  f0Track.push(<f32>f0);
  if (sounding && previousSounding) {
    soundingPairs++;
    if (f0 > 0 && previousF0 > 0 && Math.abs(1200.0 * Math.log2(f0 / previousF0)) < STABLE_CENTS) stablePairs++;
  }
  previousSounding = sounding;
  previousF0 = f0;
}

/** f0 in Hz from `difference` (τ = 1..LAG_COUNT), 0 when unvoiced. */
function f0FromDifference(): f64 {
  let running: f64 = 0;
  unchecked((normalised[0] = 1));
  for (let tau = 1; tau <= LAG_COUNT; tau++) {
    const d = <f64>unchecked(difference[tau]);
    running += d;
    unchecked((normalised[tau] = running > 0 ? <f32>((d * <f64>tau) / running) : 1));
  }
  let tau = MIN_LAG;
  while (tau <= MAX_LAG && unchecked(normalised[tau]) >= THRESHOLD) tau++;
  if (tau > MAX_LAG) return 0;
  while (tau < LAG_COUNT - 1 && unchecked(normalised[tau + 1]) < unchecked(normalised[tau])) tau++;
  const below = <f64>unchecked(difference[tau - 1]);
  const centre = <f64>unchecked(difference[tau]);
  const above = <f64>unchecked(difference[tau + 1]);
  const curvature = below - 2.0 * centre + above;
  let offset: f64 = 0;
  if (curvature > 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (below - above)) / curvature));
  const f0 = DECIMATED_RATE / (<f64>tau + offset);
  return f0 >= MIN_F0_HZ && f0 <= MAX_F0_HZ ? f0 : 0;
}

/** Byte address of the f0 track (f32 Hz per YIN frame, 0 = unvoiced). */
export function pitchTrackPointer(): usize {
  return f0Track.ptr;
}

/** Number of YIN frames analysed so far. */
export function pitchTrackLength(): i32 {
  return f0Track.length;
}

/** pitch_stability (0..1) of the track so far: stable voiced pairs / non-silent pairs. */
export function pitchStability(): f64 {
  if (soundingPairs < MIN_PAIRS) return 0;
  return <f64>stablePairs / <f64>soundingPairs;
}
