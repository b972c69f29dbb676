import { frameMeanSquare } from '../frame';
import { Series } from '../core/series';
import { setResult, SLOT_SILENCE_RATIO } from '../slots';

/**
 * silence_ratio (dimension 14): share of STFT frames whose RMS is below −60 dBFS (mean square
 * < 1e-6) or more than 50 dB below the loudest frame (mean square < 1e-5 × the largest). Every
 * frame's mean square is kept (4 bytes per 11.6 ms) because the loudest frame is known only at the
 * end. No frame at all (shorter than one frame) → 1, the silence value.
 */

const ABSOLUTE_MEAN_SQUARE: f32 = 1e-6;
const RELATIVE_MEAN_SQUARE: f32 = 1e-5;

const frameMeanSquares = new Series<f32>(32768);
let loudest: f32 = 0;

export function resetSilenceRatio(): void {
  frameMeanSquares.reset();
  loudest = 0;
}

export function silenceRatioFrame(): void {
  const meanSquare = <f32>frameMeanSquare;
  frameMeanSquares.push(meanSquare);
  if (meanSquare > loudest) loudest = meanSquare;
}

export function finishSilenceRatio(): void {
  const count = frameMeanSquares.length;
  if (count == 0) {
    setResult(SLOT_SILENCE_RATIO, 1.0);
    return;
  }
  const threshold = max(ABSOLUTE_MEAN_SQUARE, loudest * RELATIVE_MEAN_SQUARE);
  let quiet = 0;
  for (let i = 0; i < count; i++) if (frameMeanSquares.get(i) < threshold) quiet++;
  setResult(SLOT_SILENCE_RATIO, <f64>quiet / <f64>count);
}
