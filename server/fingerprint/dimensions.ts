/**
 * The one catalogue of the 25 fingerprint dimensions (docs/fingerprint.md, version 2; the v1 text is SPEC-fingerprint.md).
 *
 * Everything that lists the dimensions derives from this array: the WASM result order, the
 * database columns, the repository's validation, the GraphQL fields and enum, the docs.
 */

/** Bump when any definition changes; rows with a lower version are STALE and get re-analysed (2: docs/fingerprint.md). */
export const FINGERPRINT_VERSION = 2;

export const DIMENSION_GROUPS = [
  'frequency',
  'dynamics',
  'temporal',
  'spectral',
  'harmonic',
  'variation',
  'stereo',
] as const;
export type DimensionGroup = (typeof DIMENSION_GROUPS)[number];

export interface DimensionSpec {
  /** camelCase name: GraphQL field, JSON key, entity property. */
  readonly key: string;
  /** snake_case SQLite column. */
  readonly column: string;
  readonly group: DimensionGroup;
  /** Physical unit, as shown to people. */
  readonly unit: string;
  readonly description: string;
  /** Raw weight of the default distance (the spec's table; they sum to 1.03 before scaling). */
  readonly rawWeight: number;
  /** Value for digital silence. */
  readonly silenceValue: number;
  /**
   * Valid range, in the unit: the closed interval of everything the analyser can emit for any input
   * (silence, clipping, noise, a broken float file clamped to ±1e6, any length), derived per dimension
   * below. Storage (checkValues) rejects a value outside it with INVALID_FINGERPRINT; `silenceValue` is
   * always valid too (tempoBpm: 0 = no pulse, below the range). See isValidValue.
   */
  readonly range: { readonly min: number; readonly max: number };
  /** Normalisation range used while a library holds fewer than 10 fingerprints. */
  readonly fallbackRange: { readonly lo: number; readonly hi: number };
}

const band = <const Key extends string, const Column extends string>(
  key: Key,
  column: Column,
  lowHz: number,
  highHz: number,
  rawWeight: number,
  fallbackHi: number,
): DimensionSpec & { readonly key: Key; readonly column: Column } => ({
  key,
  column,
  group: 'frequency',
  unit: '%',
  description:
    `Share of power in ${formatHz(lowHz)}–${formatHz(highHz)}, out of the power in 20 Hz–20 kHz, ` +
    'from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive.',
  rawWeight,
  silenceValue: 0,
  range: { min: 0, max: 100 },
  fallbackRange: { lo: 0, hi: fallbackHi },
});

function formatHz(hz: number): string {
  return hz >= 1000 ? `${hz / 1000} kHz` : `${hz} Hz`;
}

export const DIMENSIONS = [
  band('subBassPct', 'sub_bass_pct', 20, 60, 0.04, 20),
  band('bassPct', 'bass_pct', 60, 250, 0.06, 50),
  band('lowMidPct', 'low_mid_pct', 250, 500, 0.05, 30),
  band('midPct', 'mid_pct', 500, 2000, 0.06, 50),
  band('upperMidPct', 'upper_mid_pct', 2000, 4000, 0.05, 25),
  band('presencePct', 'presence_pct', 4000, 6000, 0.04, 15),
  band('airPct', 'air_pct', 6000, 20000, 0.03, 25),
  {
    key: 'lufs',
    column: 'lufs',
    group: 'dynamics',
    unit: 'LUFS',
    description:
      'Integrated loudness (ITU-R BS.1770-4 / EBU R128): K-weighted, 400 ms blocks with 75 % overlap, ' +
      'absolute gate −70 LUFS, relative gate −10 LU; mono is measured as dual-mono.',
    rawWeight: 0.1,
    silenceValue: -70,
    // Absolute gate −70 LUFS. Samples are clamped to ±1e6 (+120 dBFS); the K-weighting's ‖h‖₁ = 3.33 bounds a
    // filtered sample at 3.33e6, so a block reads at most −0.691 + 10·log10(2·(3.33e6)²) = +132.8 LUFS.
    range: { min: -70, max: 135 },
    fallbackRange: { lo: -30, hi: -5 },
  },
  {
    key: 'crestDb',
    column: 'crest_db',
    group: 'dynamics',
    unit: 'dB',
    description: 'Crest factor 20·log10(peak/RMS), sample peak and RMS over all samples of all channels.',
    rawWeight: 0.08,
    silenceValue: 0,
    // max(0, …) in the core; peak/RMS ≤ √N for N samples, so 200 dB would need N = 1e20 samples.
    range: { min: 0, max: 200 },
    fallbackRange: { lo: 3, hi: 25 },
  },
  {
    key: 'bassMidRatio',
    column: 'bass_mid_ratio',
    group: 'dynamics',
    unit: 'dB',
    description: '10·log10(P[60–250 Hz] / P[250–2000 Hz]) from the mean power spectrum, clamped to ±60 dB.',
    rawWeight: 0.05,
    silenceValue: 0,
    // Clamped to ±60 dB by the definition.
    range: { min: -60, max: 60 },
    fallbackRange: { lo: -20, hi: 20 },
  },
  {
    key: 'tempoBpm',
    column: 'tempo_bpm',
    group: 'temporal',
    unit: 'BPM',
    description:
      'Global tempo from a tempogram of the detrended onset envelope over 40–240 BPM, with a log-Gaussian prior ' +
      '(110 BPM, σ 0.75 octave), a dotted (⅔ lag) and a double-tempo check; 0 when there is no pulse.',
    rawWeight: 0.08,
    silenceValue: 0,
    // 0 (no pulse) or lags 22…129 frames refined by ±½ lag: 39.9…240.4 BPM; the range leaves room around it.
    range: { min: 30, max: 300 },
    fallbackRange: { lo: 60, hi: 180 },
  },
  {
    key: 'rhythmStability',
    column: 'rhythm_stability',
    group: 'temporal',
    unit: '0–1',
    description:
      'exp(−CV/0.15) of the intervals between the beats of the Ellis (2007) dynamic-programming tracker, each moved ' +
      'to its onset peak (±⅛ beat): 1 for exact timing, ≈ 0.7 for ±25–40 ms humanised playing, lower for rubato.',
    rawWeight: 0.04,
    silenceValue: 0,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 1 },
  },
  {
    key: 'transientDensity',
    column: 'transient_density',
    group: 'temporal',
    unit: 'onsets/s',
    description: 'Onsets per second of audio, peak-picked on the onset envelope divided by its maximum (≥ 30 ms apart); none when no rise reaches the onset gate.',
    rawWeight: 0.04,
    silenceValue: 0,
    // Onsets ≥ 3 frames apart: ≤ 86.13/3 + 1/duration = 30.7 onsets/s for the shortest file (0.5 s).
    range: { min: 0, max: 34 },
    fallbackRange: { lo: 0, hi: 10 },
  },
  {
    key: 'silenceRatio',
    column: 'silence_ratio',
    group: 'temporal',
    unit: '0–1',
    description: 'Share of STFT frames below −60 dBFS RMS or more than 50 dB below the loudest frame.',
    rawWeight: 0.02,
    silenceValue: 1,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 1 },
  },
  {
    key: 'spectralCentroid',
    column: 'spectral_centroid',
    group: 'spectral',
    unit: 'Hz',
    description: 'Median over non-silent frames of the power-weighted mean frequency.',
    rawWeight: 0.05,
    silenceValue: 0,
    // Bin frequencies 0…Nyquist of the 44.1 kHz analysis.
    range: { min: 0, max: 22050 },
    fallbackRange: { lo: 500, hi: 5000 },
  },
  {
    key: 'spectralRolloff',
    column: 'spectral_rolloff',
    group: 'spectral',
    unit: 'Hz',
    description: 'Median over non-silent frames of the lowest frequency below which 85 % of the power lies.',
    rawWeight: 0.04,
    silenceValue: 0,
    range: { min: 0, max: 22050 },
    fallbackRange: { lo: 1000, hi: 12000 },
  },
  {
    key: 'spectralFlatness',
    column: 'spectral_flatness',
    group: 'spectral',
    unit: '0–1',
    description:
      'Median over non-silent frames of geometric / arithmetic mean of the power spectrum over 20 Hz–16 kHz ' +
      '(bins floored at −120 dB relative to the frame maximum); white noise ≈ 0.56.',
    rawWeight: 0.03,
    silenceValue: 0,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 0.5 },
  },
  {
    key: 'harmonicRatio',
    column: 'harmonic_ratio',
    group: 'harmonic',
    unit: '0–1',
    description: 'E_harmonic / (E_harmonic + E_percussive) from median-filter HPSS of the power spectrogram (Fitzgerald 2010, Wiener masks of exponent 2 on power).',
    rawWeight: 0.04,
    silenceValue: 0,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 1 },
  },
  {
    key: 'pitchStability',
    column: 'pitch_stability',
    group: 'harmonic',
    unit: '0–1',
    description: 'Share of consecutive sounding YIN frame pairs (≥ −70 dBFS) that are voiced (65–2100 Hz) with f0 differing by less than 50 cents.',
    rawWeight: 0.03,
    silenceValue: 0,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 1 },
  },
  {
    key: 'chromaEnergy',
    column: 'chroma_energy',
    group: 'harmonic',
    unit: '0–1',
    description: 'Tonal concentration 1 − H/ln 12 of the 12-class chroma (65 Hz–2.1 kHz), averaged over frames.',
    rawWeight: 0.02,
    silenceValue: 0,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 1 },
  },
  {
    key: 'dynamicRangeVariation',
    column: 'dynamic_range_variation',
    group: 'variation',
    unit: 'dB',
    description: 'Standard deviation of the crest factor (dB) of 500 ms windows every 250 ms.',
    rawWeight: 0.02,
    silenceValue: 0,
    // Window crests lie in 0…10·log10(22050) = 43.4 dB, so their std is ≤ 21.7 dB.
    range: { min: 0, max: 100 },
    fallbackRange: { lo: 0, hi: 6 },
  },
  {
    key: 'loudnessVariationStd',
    column: 'loudness_variation_std',
    group: 'variation',
    unit: 'LU',
    description: 'Standard deviation of the BS.1770 momentary loudness over the gated 400 ms blocks.',
    rawWeight: 0.02,
    silenceValue: 0,
    // Gated blocks lie within 10 + 10·log10(n) LU of each other: std ≤ 80 LU for any n < 10^15 blocks.
    range: { min: 0, max: 80 },
    fallbackRange: { lo: 0, hi: 8 },
  },
  {
    key: 'peakConsistency',
    column: 'peak_consistency',
    group: 'variation',
    unit: '0–1',
    description: '1/(1+CV) of the sample peaks of the 500 ms windows; a constant level gives 1.',
    rawWeight: 0.01,
    silenceValue: 0,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 1 },
  },
  {
    key: 'stereoWidth',
    column: 'stereo_width',
    group: 'stereo',
    unit: '0–1',
    description: 'Σside² / (Σmid² + Σside²) over the track; mono 0, uncorrelated 0.5, polarity-inverted 1.',
    rawWeight: 0.02,
    silenceValue: 0,
    range: { min: 0, max: 1 },
    fallbackRange: { lo: 0, hi: 0.5 },
  },
  {
    key: 'phaseCorrelation',
    column: 'phase_correlation',
    group: 'stereo',
    unit: '−1…1',
    description: 'Pearson correlation of L and R over the track; mono, or a channel with zero variance, gives 1.',
    rawWeight: 0.01,
    silenceValue: 1,
    range: { min: -1, max: 1 },
    fallbackRange: { lo: -1, hi: 1 },
  },
] as const satisfies readonly DimensionSpec[];

export type DimensionKey = (typeof DIMENSIONS)[number]['key'];
export type DimensionColumn = (typeof DIMENSIONS)[number]['column'];

/** The 25 values of one fingerprint, keyed by camelCase name, in physical units. */
export type FingerprintValues = Record<DimensionKey, number>;

export const DIMENSION_KEYS: readonly DimensionKey[] = DIMENSIONS.map((d) => d.key);

/**
 * The value a fingerprint dimension is stored as: `value` rounded to the nearest 32-bit float (IEEE 754 binary32,
 * 24 significant bits: a relative step of at most 6e-8, far below what any dimension measures). Every stored value is
 * one (FingerprintRepository rounds on write; migration 20270115000001 rounded older rows), so the similarity index
 * holds the library as f32 (4 bytes per value instead of 8: 100 MB at 1 000 000 tracks) and still compares exactly
 * what SQL compares.
 */
export function storedValue(value: number): number {
  return Math.fround(value);
}

/** Slack on each range bound for float rounding (e.g. a band share of 100 + 1 ulp): 1e-9 × max(1, |bound|). */
export const RANGE_TOLERANCE = 1e-9;

/** True when `value` is a finite number inside the dimension's valid range (with RANGE_TOLERANCE) or its silence value. */
export function isValidValue(spec: DimensionSpec, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (value === spec.silenceValue) return true;
  const { min, max } = spec.range;
  return value >= min - RANGE_TOLERANCE * Math.max(1, Math.abs(min)) && value <= max + RANGE_TOLERANCE * Math.max(1, Math.abs(max));
}

/** The valid values in words: "0…100 %", "0 or 30…300 BPM". */
export function validRangeText(spec: DimensionSpec): string {
  const { min, max } = spec.range;
  const outside = spec.silenceValue < min || spec.silenceValue > max;
  return `${outside ? `${spec.silenceValue} or ` : ''}${min}…${max} ${spec.unit}`;
}

const RAW_WEIGHT_SUM = DIMENSIONS.reduce((sum, d) => sum + d.rawWeight, 0);

/** Default distance weight of each dimension, scaled so that they sum to 1. */
export const DEFAULT_WEIGHTS: Readonly<Record<DimensionKey, number>> = Object.fromEntries(
  DIMENSIONS.map((d) => [d.key, d.rawWeight / RAW_WEIGHT_SUM]),
) as Record<DimensionKey, number>;

const BY_KEY = new Map<string, DimensionSpec>(DIMENSIONS.map((d) => [d.key, d]));

export function isDimensionKey(name: string): name is DimensionKey {
  return BY_KEY.has(name);
}

export function dimension(key: DimensionKey): DimensionSpec {
  return BY_KEY.get(key)!;
}

/** The values in spec order (the vector the distance layer and GraphQL `vector` use). */
export function toVector(values: FingerprintValues): number[] {
  return DIMENSION_KEYS.map((k) => values[k]);
}

/** The values split into the seven categories, as the original design's `to_dict`. */
export function toGroups(values: FingerprintValues): Record<DimensionGroup, Partial<FingerprintValues>> {
  const groups = Object.fromEntries(DIMENSION_GROUPS.map((g) => [g, {}])) as Record<
    DimensionGroup,
    Partial<FingerprintValues>
  >;
  for (const d of DIMENSIONS) groups[d.group][d.key] = values[d.key];
  return groups;
}
