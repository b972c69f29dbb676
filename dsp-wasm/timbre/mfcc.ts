import { powerPointer } from '../frame';
import { lnF32x4 } from '../core/vlog';
import { MEL_BANDS, melRisingWeight, melSegmentStart } from './melFilterbank';

/**
 * MFCCs of the current STFT frame (frame.ts `power`), a pure function of the frame:
 * 1. mel band energies E_b = Σ_k T_b(k)·P_k/512² (melFilterbank.ts: 40 HTK bands, 20 Hz – 16 kHz; a full-scale
 *    sine puts 1.0 into the peak bin of its band);
 * 2. L_b = ln(max(E_b, 1e-10)) (natural log, floor −100 dB below full scale);
 * 3. c_i = sqrt(2/40)·Σ_b L_b·cos(π·i·(b + ½)/40) for i = 1 … 13: the orthonormal DCT-II without c₀.
 *    c₀ (√(1/40)·Σ L_b, the overall log level) is left out: it repeats lufs, and without it the
 *    coefficients do not change with gain (a gain g adds ln g² to every L_b, which only c₀ sees).
 * The 13 coefficients are written to `out` (f64).
 */

export const MFCC_COUNT: i32 = 13;
const POWER_SCALE: f32 = 1.0 / 262144.0;
const LOG_FLOOR: f32 = 1e-10;

/** Band energies (40 f32, padded to a multiple of 4). */
const energies = new StaticArray<f32>(MEL_BANDS + 4);
const logEnergies = new StaticArray<f32>(MEL_BANDS);
/** DCT-II rows i = 1 … 13 (13 × 40 f32, row-major), orthonormal scale √(2/40). */
const dctRows = new StaticArray<f32>(MFCC_COUNT * MEL_BANDS);

function buildDct(): void {
  const scale = Math.sqrt(2.0 / <f64>MEL_BANDS);
  for (let i = 0; i < MFCC_COUNT; i++) {
    for (let b = 0; b < MEL_BANDS; b++) {
      unchecked((dctRows[i * MEL_BANDS + b] = <f32>(scale * Math.cos((Math.PI * <f64>(i + 1) * (<f64>b + 0.5)) / <f64>MEL_BANDS))));
    }
  }
}
buildDct();

/** Writes c₁ … c₁₃ of the current frame's power spectrum to `out`. */
export function mfccOfFrame(out: StaticArray<f64>): void {
  for (let b = 0; b < MEL_BANDS + 4; b++) unchecked((energies[b] = 0));
  // Each bin feeds at most two bands (rising side of band j, falling side of band j − 1); the sums of one
  // segment are kept in locals (no store-to-load chain through `energies` per bin).
  for (let j = 0; j <= MEL_BANDS; j++) {
    let rising: f32 = 0;
    let falling: f32 = 0;
    const end = unchecked(melSegmentStart[j + 1]);
    for (let k = unchecked(melSegmentStart[j]); k < end; k++) {
      const p = load<f32>(powerPointer + (<usize>k << 2));
      const w = unchecked(melRisingWeight[k]);
      rising += w * p;
      falling += p - w * p;
    }
    if (j < MEL_BANDS) unchecked((energies[j] += rising));
    if (j >= 1) unchecked((energies[j - 1] += falling));
  }
  const scale = f32x4.splat(POWER_SCALE);
  const floor = f32x4.splat(LOG_FLOOR);
  const energyPointer = changetype<usize>(energies);
  const logPointer = changetype<usize>(logEnergies);
  for (let b = 0; b < MEL_BANDS; b += 4) {
    const e = f32x4.pmax(f32x4.mul(v128.load(energyPointer + (<usize>b << 2)), scale), floor);
    v128.store(logPointer + (<usize>b << 2), lnF32x4(e));
  }
  const dctPointer = changetype<usize>(dctRows);
  for (let i = 0; i < MFCC_COUNT; i++) {
    const row = dctPointer + (<usize>(i * MEL_BANDS) << 2);
    let sum = f32x4.splat(0);
    for (let b = 0; b < MEL_BANDS; b += 4) {
      sum = f32x4.add(sum, f32x4.mul(v128.load(row + (<usize>b << 2)), v128.load(logPointer + (<usize>b << 2))));
    }
    unchecked(
      (out[i] =
        <f64>f32x4.extract_lane(sum, 0) + <f64>f32x4.extract_lane(sum, 1) + (<f64>f32x4.extract_lane(sum, 2) + <f64>f32x4.extract_lane(sum, 3))),
    );
  }
}
