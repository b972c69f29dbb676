/**
 * The current STFT frame, computed ONCE per frame by `core/stft.ts` and read by every per-frame
 * feature group (meyda's "prepare once, extract purely"). Valid only during the per-frame hook calls
 * of `analyser.ts`.
 *
 * Conventions (SPEC-fingerprint.md): mono mix m = (L+R)/2 at 44 100 Hz, frame 2048, hop 512,
 * periodic Hann window, no centre padding (frame t covers samples t·512 .. t·512+2047).
 */

/** Analysis sample rate in Hz (the decoder resamples everything to it). */
export const SAMPLE_RATE: f64 = 44100.0;
/** STFT frame length in samples. */
export const FRAME_SIZE: i32 = 2048;
/** STFT hop in samples (≈ 11.6 ms). */
export const HOP_SIZE: i32 = 512;
/** Number of one-sided bins k = 0..1024. */
export const BIN_COUNT: i32 = FRAME_SIZE / 2 + 1;
/** Centre frequency spacing of the bins in Hz (≈ 21.53 Hz): f_k = k·BIN_HZ. */
export const BIN_HZ: f64 = SAMPLE_RATE / <f64>FRAME_SIZE;
/** Mean-square threshold of a silent frame: RMS < −70 dBFS ⇔ mean square < 1e-7. */
export const SILENT_MEAN_SQUARE: f64 = 1e-7;

/**
 * Power spectrum of the current frame: power[k] = |X[k]|², k = 0..1024, X = unscaled FFT of the
 * Hann-windowed frame (a full-scale sine peaks at 512² = 262144). Padded by 3 zeros so that
 * 4-lane loads at k = 1024 stay in bounds. Read-only for feature groups.
 */
export const power = new StaticArray<f32>(BIN_COUNT + 3);
/** Byte address of `power[0]` (for v128 loads). */
export const powerPointer: usize = changetype<usize>(power);

/** Raw (unwindowed) mono samples of the current frame, FRAME_SIZE f32; read-only. */
export let frameSamplesPointer: usize = 0;
/** Time-domain mean square of the current (unwindowed) mono frame. */
export let frameMeanSquare: f64 = 0;
/** Time-domain RMS of the current (unwindowed) mono frame, full scale = 1. */
export let frameRms: f64 = 0;
/** True when frameRms < −70 dBFS: such frames are left out of all frame statistics. */
export let frameSilent: bool = true;
/** Index t of the current frame (0-based, frame t starts at sample t·HOP_SIZE). */
export let frameIndex: i32 = -1;

/** Called by the STFT only. */
export function setFrame(samplesPointer: usize, meanSquare: f64, index: i32): void {
  frameSamplesPointer = samplesPointer;
  frameMeanSquare = meanSquare;
  frameRms = Math.sqrt(meanSquare);
  frameSilent = meanSquare < SILENT_MEAN_SQUARE;
  frameIndex = index;
}
