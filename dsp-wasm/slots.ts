/**
 * Result slots: zero-based positions in the result array (25 dimensions, then the facts), in spec order (the order of
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

/**
 * Fact slots (fingerprint v2): values stored beside the 25 dimensions, never part of the distance. They
 * follow the dimensions in the same result array (server/fingerprint/facts.ts lists them in this order).
 */
export const FACT_COUNT: i32 = 6;
/** Tempo confidence, 0–1: how clearly the chosen beat period stands out (temporal group). */
export const SLOT_TEMPO_CONFIDENCE: i32 = 25;
/** The strongest other tempo candidate in BPM (typically half or double), 0 when there is none. */
export const SLOT_TEMPO_ALTERNATE_BPM: i32 = 26;
/** True peak in dBTP (BS.1770-4 Annex 2, 4× oversampling), over all channels (levels group). */
export const SLOT_TRUE_PEAK_DBTP: i32 = 27;
/** Key tonic as a pitch class, 0 = C … 11 = B (harmonic group). */
export const SLOT_KEY_PITCH_CLASS: i32 = 28;
/** Key mode: 1 major, 0 minor. */
export const SLOT_KEY_MODE: i32 = 29;
/** Key confidence, 0–1. */
export const SLOT_KEY_CONFIDENCE: i32 = 30;
/** Dimensions then facts. */
export const SLOT_TOTAL: i32 = SLOT_COUNT + FACT_COUNT;

/** The result array: NaN until a group writes its slot in `finish`. */
export const results = new StaticArray<f64>(SLOT_TOTAL);

/** Writes a value; non-finite values never leave the core (they would be a bug: fail loudly in debug). */
export function setResult(slot: i32, value: f64): void {
  assert(isFinite(value), 'non-finite result');
  unchecked((results[slot] = value));
}
