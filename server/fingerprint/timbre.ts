/**
 * Timbre beside the 25 dimensions (dsp-wasm/timbre/, docs/fingerprint.md "Timbre"): 26 values per track, the
 * means of the mel-frequency cepstral coefficients c₁ … c₁₃ over the non-silent frames, then their population
 * standard deviations. Units: natural-log mel band power (40 HTK bands 20 Hz – 16 kHz, orthonormal DCT-II,
 * c₀ left out, so the values do not change with gain). Never part of the default distance; the similarity
 * layer weighs them through its `timbre` weight (server/similarity/timbre.ts).
 *
 * Stored in `track_fingerprints.timbre` as 26 little-endian float64 (208 bytes); NULL before timbre existed.
 */
import { InvalidFingerprintError } from '../db/errors.ts';

/** MFCCs summarised: c₁ … c₁₃. */
export const MFCC_COEFFICIENTS = 13;
/** Values per track: 13 means then 13 standard deviations. */
export const TIMBRE_LENGTH = 2 * MFCC_COEFFICIENTS;
/**
 * Largest magnitude a stored value may have. Per frame |cᵢ| ≤ √(2/40)·Σ|L_b| ≤ √(2/40)·40·35 ≈ 313 (L_b ≥ ln 1e-10 ≈ −23,
 * and ≤ ≈ 35 for input clamped to ±1e6), so 1000 only rejects values no analysis produces.
 */
export const TIMBRE_BOUND = 1000;

/** Names of the 26 values, for messages and docs: mfcc1Mean … mfcc13Mean, mfcc1Std … mfcc13Std. */
export const TIMBRE_NAMES: readonly string[] = [
  ...Array.from({ length: MFCC_COEFFICIENTS }, (_, i) => `mfcc${i + 1}Mean`),
  ...Array.from({ length: MFCC_COEFFICIENTS }, (_, i) => `mfcc${i + 1}Std`),
];

/**
 * The checked timbre values of an input (null when absent): INVALID_FINGERPRINT unless 26 finite numbers with
 * |value| ≤ TIMBRE_BOUND and the 13 standard deviations ≥ 0.
 */
export function checkTimbre(timbre: ArrayLike<number> | null | undefined): Float64Array | null {
  if (timbre === undefined || timbre === null) return null;
  if (typeof timbre !== 'object' || typeof timbre.length !== 'number' || timbre.length !== TIMBRE_LENGTH) {
    throw new InvalidFingerprintError(
      `timbre: expected ${TIMBRE_LENGTH} numbers (13 MFCC means, 13 standard deviations), received ${
        typeof timbre === 'object' && typeof timbre.length === 'number' ? `${timbre.length} values` : String(timbre)
      }`,
      { field: ['timbre'] },
    );
  }
  const values = new Float64Array(TIMBRE_LENGTH);
  for (let i = 0; i < TIMBRE_LENGTH; i++) {
    const value = timbre[i];
    const lower = i >= MFCC_COEFFICIENTS ? 0 : -TIMBRE_BOUND;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < lower || value > TIMBRE_BOUND) {
      throw new InvalidFingerprintError(
        `timbre[${i}] (${TIMBRE_NAMES[i]}): expected a finite number in ${lower}…${TIMBRE_BOUND}, received ${String(value)}`,
        { field: ['timbre', String(i)] },
      );
    }
    values[i] = value;
  }
  return values;
}

/** The stored bytes of checked timbre values. */
export function encodeTimbre(values: Float64Array): Uint8Array {
  const view = new DataView(new ArrayBuffer(8 * TIMBRE_LENGTH));
  values.forEach((value, index) => view.setFloat64(8 * index, value, true));
  return new Uint8Array(view.buffer);
}

/** The 26 values of stored bytes; INVALID_FINGERPRINT when they are not 208 bytes. */
export function decodeTimbre(bytes: Uint8Array): number[] {
  if (bytes.byteLength !== 8 * TIMBRE_LENGTH) {
    throw new InvalidFingerprintError(`timbre: expected ${8 * TIMBRE_LENGTH} stored bytes, received ${bytes.byteLength}`, {
      field: ['timbre'],
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: TIMBRE_LENGTH }, (_, index) => view.getFloat64(8 * index, true));
}
