/**
 * chroma_energy, tonal concentration 0..1 (SPEC-fingerprint.md dimension 20). Each non-silent STFT
 * frame's power in 65 Hz–2.1 kHz (bins by centre frequency) is folded into 12 pitch classes, the
 * pitch class of bin k being round(12·log₂(f_k / 440 Hz)) mod 12 (A4 = 440 Hz, equal temperament).
 * The chroma is L1-normalised, H = −Σ c·ln c is its entropy (nats), and the frame's value is
 * 1 − H / ln 12. The track value is the mean over non-silent frames. Frames whose chroma sums to 0
 * have no tonal content to measure and are skipped; no counted frame gives 0.
 * A pure tone above ~500 Hz gives ≈ 1, white noise ≈ 0, n equal pitch classes 1 − ln n / ln 12.
 */
import { BIN_HZ } from '../frame';

/** First bin whose centre frequency is ≥ 65 Hz (bin 4, 86 Hz). */
export const CHROMA_LOW_BIN: i32 = <i32>Math.ceil(65.0 / BIN_HZ);
/** Last bin whose centre frequency is ≤ 2.1 kHz (bin 97, 2089 Hz). */
export const CHROMA_HIGH_BIN: i32 = <i32>Math.floor(2100.0 / BIN_HZ);
const LN_12: f64 = Math.log(12.0);

const pitchClassOfBin = new StaticArray<i32>(CHROMA_HIGH_BIN + 1);
for (let k = CHROMA_LOW_BIN; k <= CHROMA_HIGH_BIN; k++) {
  const semitones = Math.round(12.0 * Math.log2((<f64>k * BIN_HZ) / 440.0));
  pitchClassOfBin[k] = ((<i32>semitones % 12) + 12) % 12;
}
const chroma = new StaticArray<f64>(12);
let valueSum: f64 = 0;
let frameCount: i32 = 0;

/** Starts a new track. */
export function chromaReset(): void {
  valueSum = 0;
  frameCount = 0;
}

/** Adds one STFT frame: `power` = byte address of |FFT[k]|² (f32, k = 0..1024). Silent frames are ignored. */
export function chromaFrame(power: usize, silent: bool): void {
  if (silent) return;
  for (let c = 0; c < 12; c++) unchecked((chroma[c] = 0));
  let total: f64 = 0;
  for (let k = CHROMA_LOW_BIN; k <= CHROMA_HIGH_BIN; k++) {
    const p = <f64>load<f32>(power + (<usize>k << 2));
    const c = unchecked(pitchClassOfBin[k]);
    unchecked((chroma[c] += p));
    total += p;
  }
  if (!(total > 0)) return;
  let entropy: f64 = 0;
  for (let c = 0; c < 12; c++) {
    const share = unchecked(chroma[c]) / total;
    if (share > 0) entropy -= share * Math.log(share);
  }
  valueSum += 1.0 - entropy / LN_12;
  frameCount++;
}

/** chroma_energy of the track so far (0..1). */
export function chromaEnergy(): f64 {
  if (frameCount == 0) return 0;
  return Math.max(0.0, Math.min(1.0, valueSum / <f64>frameCount));
}
