import { SILENT_MEAN_SQUARE } from '../frame';
import { setResult, SLOT_DYNAMIC_RANGE_VARIATION, SLOT_PEAK_CONSISTENCY } from '../slots';

/**
 * dynamic_range_variation (dimension 21, dB) and peak_consistency (dimension 23, 0–1) of
 * SPEC-fingerprint.md, computed on the MONO MIX m = (L+R)/2 ("Analysis conventions": the mono
 * down-mix is used by everything except the stereo group, LUFS and crest_db). A mono file's samples
 * are its mono mix; a track with L = −R has a silent mono mix and gets the silence values (0, 0).
 *
 * Windows: 500 ms (22 050 samples at 44.1 kHz), hop 250 ms, no centring: window w covers mono
 * samples w·11025 .. w·11025 + 22049, and only complete windows count. Each window is two
 * consecutive 250 ms half-windows, so the stream keeps just the sample peak |m| (f32, exact) and Σm²
 * (f64) of the current and the previous half. A window whose RMS is below −70 dBFS
 * (mean square < SILENT_MEAN_SQUARE) is skipped. Over the remaining windows, Welford accumulators
 * (f64) keep the mean and M2 of the window crest factor 20·log10(peak/RMS) in dB and of the window
 * peak (full scale = 1). Standard deviations are population ones (ddof 0).
 *
 * Fed by the analyser's MONO HOOK with each chunk's new mono samples in order; since the half-window
 * state carries across calls, the result does not depend on how the track is cut into chunks
 * (up to f64 rounding of Σm²).
 */

/** Half of the 500 ms window in mono samples at 44.1 kHz (250 ms, = the hop). */
export const HALF_WINDOW_SAMPLES: i32 = 11025;

// Current half-window (samples so far, |m| peak, Σm²) and the previous complete one.
let halfSamples: i32 = 0;
let halfPeak: f32 = 0;
let halfSumSquares: f64 = 0;
let previousHalfValid: bool = false;
let previousHalfPeak: f32 = 0;
let previousHalfSumSquares: f64 = 0;

// Welford accumulators over the non-silent windows: crest factor (dB) and sample peak.
let windowCount: i32 = 0;
let crestMean: f64 = 0;
let crestM2: f64 = 0;
let peakMean: f64 = 0;
let peakM2: f64 = 0;

/** Reset hook: a new track. */
export function resetVariation(): void {
  halfSamples = 0;
  halfPeak = 0;
  halfSumSquares = 0;
  previousHalfValid = false;
  previousHalfPeak = 0;
  previousHalfSumSquares = 0;
  windowCount = 0;
  crestMean = 0;
  crestM2 = 0;
  peakMean = 0;
  peakM2 = 0;
}

/** Mono hook: `count` new mono samples (f32, already sanitised) at byte address `pointer`. */
export function variationMono(pointer: usize, count: i32): void {
  let done = 0;
  while (done < count) {
    const segment = min(count - done, HALF_WINDOW_SAMPLES - halfSamples);
    accumulateHalf(pointer + (<usize>done << 2), segment);
    done += segment;
    halfSamples += segment;
    if (halfSamples == HALF_WINDOW_SAMPLES) completeHalf();
  }
}

/**
 * Adds `count` samples at `pointer` to the current half-window: peak of |m| in f32 lanes, Σm² in
 * f64 lanes (f32 × f32 is exact in f64, so only the f64 additions round). Eight samples per step
 * into four independent f64x2 accumulators, so the additions do not wait on each other.
 */
function accumulateHalf(pointer: usize, count: i32): void {
  let peakVector = f32x4.splat(0);
  let squares0 = f64x2.splat(0);
  let squares1 = f64x2.splat(0);
  let squares2 = f64x2.splat(0);
  let squares3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= count; i += 8) {
    const address = pointer + (<usize>i << 2);
    const a = v128.load(address);
    const b = v128.load(address, 16);
    peakVector = f32x4.pmax(peakVector, f32x4.pmax(f32x4.abs(a), f32x4.abs(b)));
    const a01 = f64x2.promote_low_f32x4(a);
    const a23 = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1));
    const b01 = f64x2.promote_low_f32x4(b);
    const b23 = f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1));
    squares0 = f64x2.add(squares0, f64x2.mul(a01, a01));
    squares1 = f64x2.add(squares1, f64x2.mul(a23, a23));
    squares2 = f64x2.add(squares2, f64x2.mul(b01, b01));
    squares3 = f64x2.add(squares3, f64x2.mul(b23, b23));
  }
  let peak = max(
    max(f32x4.extract_lane(peakVector, 0), f32x4.extract_lane(peakVector, 1)),
    max(f32x4.extract_lane(peakVector, 2), f32x4.extract_lane(peakVector, 3)),
  );
  const squares = f64x2.add(f64x2.add(squares0, squares1), f64x2.add(squares2, squares3));
  let sumSquares = f64x2.extract_lane(squares, 0) + f64x2.extract_lane(squares, 1);
  for (; i < count; i++) {
    const x = load<f32>(pointer + (<usize>i << 2));
    peak = max(peak, abs(x));
    sumSquares += <f64>x * <f64>x;
  }
  if (peak > halfPeak) halfPeak = peak;
  halfSumSquares += sumSquares;
}

/** Closes the current half-window; with the previous half it completes one 500 ms window. */
function completeHalf(): void {
  if (previousHalfValid) {
    const meanSquare = (previousHalfSumSquares + halfSumSquares) / <f64>(2 * HALF_WINDOW_SAMPLES);
    if (meanSquare >= SILENT_MEAN_SQUARE) {
      const windowPeak = <f64>max(previousHalfPeak, halfPeak);
      const crestDb = 20.0 * Math.log10(windowPeak / Math.sqrt(meanSquare));
      windowCount++;
      const n = <f64>windowCount;
      const crestDelta = crestDb - crestMean;
      crestMean += crestDelta / n;
      crestM2 += crestDelta * (crestDb - crestMean);
      const peakDelta = windowPeak - peakMean;
      peakMean += peakDelta / n;
      peakM2 += peakDelta * (windowPeak - peakMean);
    }
  }
  previousHalfValid = true;
  previousHalfPeak = halfPeak;
  previousHalfSumSquares = halfSumSquares;
  halfSamples = 0;
  halfPeak = 0;
  halfSumSquares = 0;
}

/** Finish hook: writes dynamic_range_variation (21) and peak_consistency (23). */
export function finishVariation(): void {
  // dynamic_range_variation: population std (dB) of the window crest factors; < 2 windows → 0.
  setResult(SLOT_DYNAMIC_RANGE_VARIATION, windowCount >= 2 ? Math.sqrt(max(0.0, crestM2 / <f64>windowCount)) : 0.0);

  // peak_consistency: 1/(1+CV) of the window peaks, CV = std/mean; no non-silent window (silence,
  // L = −R) → 0, exactly one window → 1.
  let consistency = 0.0;
  if (windowCount == 1) consistency = 1.0;
  else if (windowCount >= 2) {
    const peakStd = Math.sqrt(max(0.0, peakM2 / <f64>windowCount));
    consistency = peakMean > 0 ? 1.0 / (1.0 + peakStd / peakMean) : 0.0;
  }
  setResult(SLOT_PEAK_CONSISTENCY, consistency);
}
