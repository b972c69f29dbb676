/**
 * Result slots: zero-based positions in the 25-value result array, in spec order (the order of
 * DIMENSIONS in server/fingerprint/dimensions.ts; the TypeScript loader checks the count, and
 * test/dsp-wasm checks each slot's meaning against an analytic signal).
 */
export const SLOT_COUNT: i32 = 25;
export const SLOT_SUB_BASS: i32 = 0; // bands 0..6: sub-bass, bass, low-mid, mid, upper-mid, presence, air
export const SLOT_LUFS: i32 = 7;
export const SLOT_CREST_DB: i32 = 8;
export const SLOT_BASS_MID_RATIO: i32 = 9;
export const SLOT_TEMPO_BPM: i32 = 10; // H2
export const SLOT_RHYTHM_STABILITY: i32 = 11; // H2
export const SLOT_TRANSIENT_DENSITY: i32 = 12; // H2
export const SLOT_SILENCE_RATIO: i32 = 13;
export const SLOT_SPECTRAL_CENTROID: i32 = 14;
export const SLOT_SPECTRAL_ROLLOFF: i32 = 15;
export const SLOT_SPECTRAL_FLATNESS: i32 = 16;
export const SLOT_HARMONIC_RATIO: i32 = 17; // H2
export const SLOT_PITCH_STABILITY: i32 = 18; // H2
export const SLOT_CHROMA_ENERGY: i32 = 19; // H2
export const SLOT_DYNAMIC_RANGE_VARIATION: i32 = 20;
export const SLOT_LOUDNESS_VARIATION_STD: i32 = 21;
export const SLOT_PEAK_CONSISTENCY: i32 = 22;
export const SLOT_STEREO_WIDTH: i32 = 23;
export const SLOT_PHASE_CORRELATION: i32 = 24;

/** The result array: NaN until a group writes its slot in `finish`. */
export const results = new StaticArray<f64>(SLOT_COUNT);

/** Writes a value; non-finite values never leave the core (they would be a bug: fail loudly in debug). */
export function setResult(slot: i32, value: f64): void {
  assert(isFinite(value), 'non-finite result');
  unchecked((results[slot] = value));
}
