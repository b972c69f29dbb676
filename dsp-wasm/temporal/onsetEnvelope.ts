import { Series } from '../core/series';
import { lnF32x4 } from '../core/vlog';
import { BIN_HZ } from '../frame';

/**
 * Onset-strength envelope (SPEC-fingerprint.md dimension 11), one value per STFT frame:
 *   e[t] = Σ_k max(0, ln(1 + 1000·|X[t,k]|) − ln(1 + 1000·|X[t−1,k]|)),  bins 30 Hz ≤ f_k ≤ 8 kHz,
 * with |X| scaled so that a full-scale sine's peak bin is 1 (|FFT| / 512 for the 2048 Hann frame).
 * The first frame has no predecessor and gets e[0] = 0. Units: summed log-magnitude increase
 * (dimensionless, ≥ 0). The series is the only per-frame state of the temporal group; it is kept
 * raw (no mean removed) and `tempo.ts`, `beats.ts` and `transients.ts` derive from it.
 * Beside it, the high-band envelope h[t]: the same sum over the band's top bins 234..371 (5.04–7.99 kHz,
 * the onset band from the first whole 4-bin vector above 5 kHz), where hi-hats and cymbals dominate;
 * tempo.ts reads the hats' subdivision from it (band-wise accent: Klapuri, Eronen & Astola 2006).
 */

/** First bin whose centre frequency is ≥ 30 Hz (bin 2, 43 Hz). */
export const ONSET_LOW_BIN: i32 = <i32>Math.ceil(30.0 / BIN_HZ);
/** Last bin whose centre frequency is ≤ 8 kHz (bin 371, 7989 Hz). */
export const ONSET_HIGH_BIN: i32 = <i32>Math.floor(8000.0 / BIN_HZ);
const ONSET_BINS: i32 = ONSET_HIGH_BIN - ONSET_LOW_BIN + 1;
const ONSET_VECTORS: i32 = (ONSET_BINS + 3) >> 2;
/** sqrt(power) · 1000/512: the spec's 1000·|X| with |X| = |FFT| / 512. */
const MAGNITUDE_GAIN: f32 = <f32>(1000.0 / 512.0);
/** First vector (of 4 bins from ONSET_LOW_BIN) of the high band: the first whose bins are all ≥ 5 kHz. */
const HIGH_BAND_VECTOR: i32 = (<i32>Math.ceil(5000.0 / BIN_HZ) - ONSET_LOW_BIN + 3) >> 2;
/** First bin of the high band (bin 234, 5039 Hz); the band ends at ONSET_HIGH_BIN. */
export const HIGH_BAND_LOW_BIN: i32 = ONSET_LOW_BIN + (HIGH_BAND_VECTOR << 2);

const envelope = new Series<f32>(32768);
const highEnvelope = new Series<f32>(32768);
// log-compressed magnitudes of the previous and current frame, padded to whole vectors
let previousLog = new StaticArray<f32>(ONSET_VECTORS * 4);
let currentLog = new StaticArray<f32>(ONSET_VECTORS * 4);
let hasPrevious = false;

/** Starts a new track: empties the envelope (keeping its capacity). */
export function onsetReset(): void {
  envelope.reset();
  highEnvelope.reset();
  hasPrevious = false;
}

/**
 * Adds one STFT frame. `power` is the byte address of the frame's power spectrum |FFT[k]|²,
 * k = 0..1024 as f32 (readable for at least 4 floats past bin ONSET_HIGH_BIN).
 */
export function onsetFrame(power: usize): void {
  const logs = changetype<usize>(currentLog);
  const base = power + (<usize>ONSET_LOW_BIN << 2);
  const gain = f32x4.splat(MAGNITUDE_GAIN);
  const one = f32x4.splat(1.0);
  for (let v = 0; v < ONSET_VECTORS; v++) {
    const p = v128.load(base + (<usize>v << 4));
    const magnitude = f32x4.sqrt(f32x4.pmax(p, f32x4.splat(0.0)));
    v128.store(logs + (<usize>v << 4), lnF32x4(f32x4.add(one, f32x4.mul(gain, magnitude))));
  }
  // Lanes past ONSET_HIGH_BIN belong to no band: zero them so they never contribute.
  for (let k = ONSET_BINS; k < ONSET_VECTORS * 4; k++) unchecked((currentLog[k] = 0));

  let value: f32 = 0;
  let highValue: f32 = 0;
  if (hasPrevious) {
    const previous = changetype<usize>(previousLog);
    let sum = f32x4.splat(0.0);
    const zero = f32x4.splat(0.0);
    for (let v = 0; v < HIGH_BAND_VECTOR; v++) {
      const offset = <usize>v << 4;
      const rise = f32x4.sub(v128.load(logs + offset), v128.load(previous + offset));
      sum = f32x4.add(sum, f32x4.pmax(rise, zero));
    }
    let highSum = f32x4.splat(0.0);
    for (let v = HIGH_BAND_VECTOR; v < ONSET_VECTORS; v++) {
      const offset = <usize>v << 4;
      const rise = f32x4.sub(v128.load(logs + offset), v128.load(previous + offset));
      highSum = f32x4.add(highSum, f32x4.pmax(rise, zero));
    }
    highValue =
      f32x4.extract_lane(highSum, 0) + f32x4.extract_lane(highSum, 1) +
      f32x4.extract_lane(highSum, 2) + f32x4.extract_lane(highSum, 3);
    sum = f32x4.add(sum, highSum);
    value =
      f32x4.extract_lane(sum, 0) + f32x4.extract_lane(sum, 1) + f32x4.extract_lane(sum, 2) + f32x4.extract_lane(sum, 3);
  }
  envelope.push(value);
  highEnvelope.push(highValue);
  const swap = previousLog;
  previousLog = currentLog;
  currentLog = swap;
  hasPrevious = true;
}

/** Byte address of the envelope (f32 per STFT frame); valid until the next `onsetFrame`. */
export function onsetEnvelopePointer(): usize {
  return envelope.ptr;
}

/** Byte address of the high-band envelope h (f32 per STFT frame, same length); valid until the next `onsetFrame`. */
export function onsetHighEnvelopePointer(): usize {
  return highEnvelope.ptr;
}

/** Number of envelope values (= STFT frames seen since `onsetReset`). */
export function onsetEnvelopeLength(): i32 {
  return envelope.length;
}
