import { BIN_COUNT, BIN_HZ, frameSilent, powerPointer } from '../frame';
import { setResult, SLOT_BASS_MID_RATIO, SLOT_SUB_BASS } from '../slots';

/**
 * Frequency bands (dimensions 1–7) and bass_mid_ratio (10) from the Welch mean power spectrum of
 * the non-silent mono frames. A bin belongs to a band by its centre frequency f_k = k·BIN_HZ, lower
 * edge inclusive: sub-bass [20, 60), bass [60, 250), low-mid [250, 500), mid [500, 2000),
 * upper-mid [2000, 4000), presence [4000, 6000), air [6000, 20000) Hz. The shares are of the power
 * in [20 Hz, 20 kHz), so the seven sum to 100 %. Only ratios are used, so the mean is kept as a sum.
 *
 * Accumulation: each frame is added to an f32 batch sum, flushed into f64 every 32 frames (the same
 * frames whatever the chunking, so results do not depend on it).
 */

const BAND_EDGES_HZ = StaticArray.fromArray<f64>([20, 60, 250, 500, 2000, 4000, 6000, 20000]);
const BAND_COUNT: i32 = 7;
const FLUSH_FRAMES: i32 = 32;

/** Padded to a multiple of 4 bins for vector loops. */
const PADDED_BINS: i32 = (BIN_COUNT + 3) & ~3;
const batchSum = new StaticArray<f32>(PADDED_BINS);
const welchSum = new StaticArray<f64>(PADDED_BINS);
const bandPower = new StaticArray<f64>(BAND_COUNT);
let batchFrames: i32 = 0;
let nonSilentFrames: i32 = 0;

export function resetBands(): void {
  memory.fill(changetype<usize>(batchSum), 0, <usize>PADDED_BINS << 2);
  memory.fill(changetype<usize>(welchSum), 0, <usize>PADDED_BINS << 3);
  batchFrames = 0;
  nonSilentFrames = 0;
}

export function bandsFrame(): void {
  if (frameSilent) return;
  const batch = changetype<usize>(batchSum);
  for (let k = 0; k < PADDED_BINS; k += 4) {
    const offset = <usize>k << 2;
    v128.store(batch + offset, f32x4.add(v128.load(batch + offset), v128.load(powerPointer + offset)));
  }
  nonSilentFrames++;
  if (++batchFrames == FLUSH_FRAMES) flush();
}

function flush(): void {
  const batch = changetype<usize>(batchSum);
  const welch = changetype<usize>(welchSum);
  for (let k = 0; k < PADDED_BINS; k += 4) {
    const v = v128.load(batch + (<usize>k << 2));
    const low = welch + (<usize>k << 3);
    v128.store(low, f64x2.add(v128.load(low), f64x2.promote_low_f32x4(v)));
    v128.store(low + 16, f64x2.add(v128.load(low + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))));
  }
  memory.fill(batch, 0, <usize>PADDED_BINS << 2);
  batchFrames = 0;
}

/** Band index (0..6) of bin k, or −1 outside 20 Hz–20 kHz. */
export function bandOfBin(k: i32): i32 {
  const f = <f64>k * BIN_HZ;
  if (f < unchecked(BAND_EDGES_HZ[0]) || f >= unchecked(BAND_EDGES_HZ[BAND_COUNT])) return -1;
  let band = 0;
  while (f >= unchecked(BAND_EDGES_HZ[band + 1])) band++;
  return band;
}

/** Writes the seven band shares (%) and bass_mid_ratio (dB). Silence → 0 everywhere. */
export function finishBands(): void {
  if (batchFrames > 0) flush();
  memory.fill(changetype<usize>(bandPower), 0, <usize>BAND_COUNT << 3);
  let total = 0.0;
  for (let k = 0; k < BIN_COUNT; k++) {
    const band = bandOfBin(k);
    if (band < 0) continue;
    const p = unchecked(welchSum[k]);
    unchecked((bandPower[band] += p));
    total += p;
  }
  for (let band = 0; band < BAND_COUNT; band++) {
    setResult(SLOT_SUB_BASS + band, total > 0 ? (100.0 * unchecked(bandPower[band])) / total : 0.0);
  }
  // bass_mid_ratio: 10·log10(P[60–250] / P[250–2000]), clamped to ±60 dB; both empty → 0.
  const bass = unchecked(bandPower[1]);
  const lowToMid = unchecked(bandPower[2]) + unchecked(bandPower[3]);
  let ratio = 0.0;
  if (bass > 0 && lowToMid > 0) ratio = min(60.0, max(-60.0, 10.0 * Math.log10(bass / lowToMid)));
  else if (bass > 0) ratio = 60.0;
  else if (lowToMid > 0) ratio = -60.0;
  setResult(SLOT_BASS_MID_RATIO, ratio);
}
