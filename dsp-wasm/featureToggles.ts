/**
 * Benchmark-only switches of the costly H2 feature groups, so that `bench/core.ts` can measure the
 * per-group time split from JS (WASM cannot read a clock): run the same track with a group disabled
 * and subtract. A disabled group does no per-chunk or per-frame work and leaves its slots NaN.
 * Production never touches these: every group is enabled by default and `begin` does not reset them.
 */

/** Onset envelope + tempo_bpm, rhythm_stability, transient_density (slots 10–12). */
export const FEATURE_TEMPORAL: i32 = 1;
/** HPSS → harmonic_ratio (slot 17). */
export const FEATURE_HPSS: i32 = 2;
/** Decimator + YIN → pitch_stability (slot 18). */
export const FEATURE_PITCH: i32 = 4;
/** Chroma → chroma_energy (slot 19). */
export const FEATURE_CHROMA: i32 = 8;
/** True-peak interpolation (fact SLOT_TRUE_PEAK_DBTP; the sub-block peaks of crest_db are always kept). */
export const FEATURE_TRUE_PEAK: i32 = 16;
/** Mel filterbank + MFCC statistics (the timbre group, timbre/timbreGroup.ts; its 26 values stay NaN). */
export const FEATURE_TIMBRE: i32 = 32;

let disabled: i32 = 0;

/** Sets the mask of disabled feature groups (0 = all enabled). */
export function setDisabledFeatures(mask: i32): void {
  disabled = mask;
}

// @ts-ignore: decorator
@inline
export function featureEnabled(feature: i32): bool {
  return (disabled & feature) == 0;
}
