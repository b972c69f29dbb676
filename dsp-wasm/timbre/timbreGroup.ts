import { frameSilent } from '../frame';
import { FEATURE_TIMBRE, featureEnabled } from '../featureToggles';
import { MFCC_COUNT, mfccOfFrame } from './mfcc';

/**
 * The timbre group (beside the 25, never in the result slots): over the non-silent STFT frames, the mean and
 * the population standard deviation of each MFCC c₁ … c₁₃ (mfcc.ts). Read after `finish` at `timbrePointer()`
 * as TIMBRE_LENGTH = 26 f64: the 13 means, then the 13 standard deviations (natural-log units of mel band
 * power). No non-silent frame → all 26 are 0. Disabled by the bench toggle FEATURE_TIMBRE → all NaN.
 *
 * The sums are taken of c − s, s = the first non-silent frame's coefficients (shifted data), in f64, so the
 * variance does not cancel catastrophically.
 */

export const TIMBRE_LENGTH: i32 = 2 * MFCC_COUNT;
/** 13 means then 13 standard deviations, valid after `finishTimbre`. */
export const timbre = new StaticArray<f64>(TIMBRE_LENGTH);

const coefficients = new StaticArray<f64>(MFCC_COUNT);
const shift = new StaticArray<f64>(MFCC_COUNT);
const sums = new StaticArray<f64>(MFCC_COUNT);
const squareSums = new StaticArray<f64>(MFCC_COUNT);
let frames: i32 = 0;

export function resetTimbre(): void {
  frames = 0;
  for (let i = 0; i < MFCC_COUNT; i++) {
    unchecked((sums[i] = 0));
    unchecked((squareSums[i] = 0));
  }
  for (let i = 0; i < TIMBRE_LENGTH; i++) unchecked((timbre[i] = NaN));
}

export function timbreFrame(): void {
  if (frameSilent || !featureEnabled(FEATURE_TIMBRE)) return;
  mfccOfFrame(coefficients);
  if (frames == 0) for (let i = 0; i < MFCC_COUNT; i++) unchecked((shift[i] = coefficients[i]));
  for (let i = 0; i < MFCC_COUNT; i++) {
    const d = unchecked(coefficients[i]) - unchecked(shift[i]);
    unchecked((sums[i] += d));
    unchecked((squareSums[i] += d * d));
  }
  frames++;
}

export function finishTimbre(): void {
  if (!featureEnabled(FEATURE_TIMBRE)) return;
  for (let i = 0; i < MFCC_COUNT; i++) {
    if (frames == 0) {
      unchecked((timbre[i] = 0));
      unchecked((timbre[MFCC_COUNT + i] = 0));
      continue;
    }
    const n = <f64>frames;
    const meanShifted = unchecked(sums[i]) / n;
    unchecked((timbre[i] = unchecked(shift[i]) + meanShifted));
    unchecked((timbre[MFCC_COUNT + i] = Math.sqrt(max(0.0, unchecked(squareSums[i]) / n - meanShifted * meanShifted))));
  }
}

/** Byte address of the 26 timbre values of the last `finish` (13 MFCC means, 13 standard deviations, f64). */
export function timbrePointer(): usize {
  return changetype<usize>(timbre);
}

/** Number of timbre values: 26. */
export function timbreLength(): i32 {
  return TIMBRE_LENGTH;
}
