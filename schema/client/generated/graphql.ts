/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** One of the 25 fingerprint dimensions (SPEC-fingerprint.md, version 1). */
export type Dimension =
  /** airPct (%) */
  | 'AIR_PCT'
  /** bassMidRatio (dB) */
  | 'BASS_MID_RATIO'
  /** bassPct (%) */
  | 'BASS_PCT'
  /** chromaEnergy (0–1) */
  | 'CHROMA_ENERGY'
  /** crestDb (dB) */
  | 'CREST_DB'
  /** dynamicRangeVariation (dB) */
  | 'DYNAMIC_RANGE_VARIATION'
  /** harmonicRatio (0–1) */
  | 'HARMONIC_RATIO'
  /** loudnessVariationStd (LU) */
  | 'LOUDNESS_VARIATION_STD'
  /** lowMidPct (%) */
  | 'LOW_MID_PCT'
  /** lufs (LUFS) */
  | 'LUFS'
  /** midPct (%) */
  | 'MID_PCT'
  /** peakConsistency (0–1) */
  | 'PEAK_CONSISTENCY'
  /** phaseCorrelation (−1…1) */
  | 'PHASE_CORRELATION'
  /** pitchStability (0–1) */
  | 'PITCH_STABILITY'
  /** presencePct (%) */
  | 'PRESENCE_PCT'
  /** rhythmStability (0–1) */
  | 'RHYTHM_STABILITY'
  /** silenceRatio (0–1) */
  | 'SILENCE_RATIO'
  /** spectralCentroid (Hz) */
  | 'SPECTRAL_CENTROID'
  /** spectralFlatness (0–1) */
  | 'SPECTRAL_FLATNESS'
  /** spectralRolloff (Hz) */
  | 'SPECTRAL_ROLLOFF'
  /** stereoWidth (0–1) */
  | 'STEREO_WIDTH'
  /** subBassPct (%) */
  | 'SUB_BASS_PCT'
  /** tempoBpm (BPM) */
  | 'TEMPO_BPM'
  /** transientDensity (onsets/s) */
  | 'TRANSIENT_DENSITY'
  /** upperMidPct (%) */
  | 'UPPER_MID_PCT';

/** The seven categories the 25 dimensions fall into. */
export type DimensionGroup =
  | 'DYNAMICS'
  | 'FREQUENCY'
  | 'HARMONIC'
  | 'SPECTRAL'
  | 'STEREO'
  | 'TEMPORAL'
  | 'VARIATION';

/** Where a track stands with its fingerprint. */
export type FingerprintStatus =
  /** A fingerprint of the current FINGERPRINT_VERSION. */
  | 'CURRENT'
  /** The last analysis failed; see `lastError`. */
  | 'FAILED'
  /** No fingerprint yet. */
  | 'MISSING'
  /** A fingerprint of an older version; re-extract it. */
  | 'STALE';

/** Range filter over the 25 dimensions. Ranges at one level are combined with AND, as are the members of `and`; `or` matches when any member matches; `not` matches when none of its members match. Example: `{lufs: {gte: -14, lte: -10}, tempoBpm: {gte: 118, lte: 122}}`. */
export type FingerprintWhere = {
  /** %: Share of power in 6 kHz–20 kHz, out of the power in 20 Hz–20 kHz, from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive. */
  airPct?: FloatRange | null | undefined;
  /** Every member matches. */
  and?: Array<FingerprintWhere> | null | undefined;
  /** dB: 10·log10(P[60–250 Hz] / P[250–2000 Hz]) from the mean power spectrum, clamped to ±60 dB. */
  bassMidRatio?: FloatRange | null | undefined;
  /** %: Share of power in 60 Hz–250 Hz, out of the power in 20 Hz–20 kHz, from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive. */
  bassPct?: FloatRange | null | undefined;
  /** 0–1: Tonal concentration 1 − H/ln 12 of the 12-class chroma (65 Hz–2.1 kHz), averaged over frames. */
  chromaEnergy?: FloatRange | null | undefined;
  /** dB: Crest factor 20·log10(peak/RMS), sample peak and RMS over all samples of all channels. */
  crestDb?: FloatRange | null | undefined;
  /** dB: Standard deviation of the crest factor (dB) of 500 ms windows every 250 ms. */
  dynamicRangeVariation?: FloatRange | null | undefined;
  /** 0–1: E_harmonic / (E_harmonic + E_percussive) from median-filter HPSS of the power spectrogram (Fitzgerald 2010, Wiener masks of exponent 2 on power). */
  harmonicRatio?: FloatRange | null | undefined;
  /** LU: Standard deviation of the BS.1770 momentary loudness over the gated 400 ms blocks. */
  loudnessVariationStd?: FloatRange | null | undefined;
  /** %: Share of power in 250 Hz–500 Hz, out of the power in 20 Hz–20 kHz, from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive. */
  lowMidPct?: FloatRange | null | undefined;
  /** LUFS: Integrated loudness (ITU-R BS.1770-4 / EBU R128): K-weighted, 400 ms blocks with 75 % overlap, absolute gate −70 LUFS, relative gate −10 LU; mono is measured as dual-mono. */
  lufs?: FloatRange | null | undefined;
  /** %: Share of power in 500 Hz–2 kHz, out of the power in 20 Hz–20 kHz, from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive. */
  midPct?: FloatRange | null | undefined;
  /** No member matches. */
  not?: Array<FingerprintWhere> | null | undefined;
  /** At least one member matches (empty list: nothing). */
  or?: Array<FingerprintWhere> | null | undefined;
  /** 0–1: 1/(1+CV) of the sample peaks of the 500 ms windows; a constant level gives 1. */
  peakConsistency?: FloatRange | null | undefined;
  /** −1…1: Pearson correlation of L and R over the track; mono, or a channel with zero variance, gives 1. */
  phaseCorrelation?: FloatRange | null | undefined;
  /** 0–1: Share of consecutive sounding YIN frame pairs (≥ −70 dBFS) that are voiced (65–2100 Hz) with f0 differing by less than 50 cents. */
  pitchStability?: FloatRange | null | undefined;
  /** %: Share of power in 4 kHz–6 kHz, out of the power in 20 Hz–20 kHz, from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive. */
  presencePct?: FloatRange | null | undefined;
  /** 0–1: exp(−CV/0.15) of the intervals between the beats of the Ellis (2007) dynamic-programming tracker, each moved to its onset peak (±⅛ beat): 1 for exact timing, ≈ 0.7 for ±25–40 ms humanised playing, lower for rubato. */
  rhythmStability?: FloatRange | null | undefined;
  /** 0–1: Share of STFT frames below −60 dBFS RMS or more than 50 dB below the loudest frame. */
  silenceRatio?: FloatRange | null | undefined;
  /** Hz: Median over non-silent frames of the power-weighted mean frequency. */
  spectralCentroid?: FloatRange | null | undefined;
  /** 0–1: Median over non-silent frames of geometric / arithmetic mean of the power spectrum over 20 Hz–16 kHz (bins floored at −120 dB relative to the frame maximum); white noise ≈ 0.56. */
  spectralFlatness?: FloatRange | null | undefined;
  /** Hz: Median over non-silent frames of the lowest frequency below which 85 % of the power lies. */
  spectralRolloff?: FloatRange | null | undefined;
  /** 0–1: Σside² / (Σmid² + Σside²) over the track; mono 0, uncorrelated 0.5, polarity-inverted 1. */
  stereoWidth?: FloatRange | null | undefined;
  /** %: Share of power in 20 Hz–60 Hz, out of the power in 20 Hz–20 kHz, from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive. */
  subBassPct?: FloatRange | null | undefined;
  /** BPM: Global tempo from a tempogram of the detrended onset envelope over 40–240 BPM, with a log-Gaussian prior (110 BPM, σ 0.75 octave), a dotted (⅔ lag) and a double-tempo check; 0 when there is no pulse. */
  tempoBpm?: FloatRange | null | undefined;
  /** onsets/s: Onsets per second of audio, peak-picked on the onset envelope divided by its maximum (≥ 30 ms apart); none when no rise reaches the onset gate. */
  transientDensity?: FloatRange | null | undefined;
  /** %: Share of power in 2 kHz–4 kHz, out of the power in 20 Hz–20 kHz, from the mean power spectrum of the mono STFT (Welch); bins by centre frequency, lower edge inclusive. */
  upperMidPct?: FloatRange | null | undefined;
};

/** An interval on one dimension, in its physical unit. Omitted bounds are open. */
export type FloatRange = {
  /** value > gt */
  gt?: number | null | undefined;
  /** value ≥ gte */
  gte?: number | null | undefined;
  /** value < lt */
  lt?: number | null | undefined;
  /** value ≤ lte */
  lte?: number | null | undefined;
};

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** A named weight set for the distance (`similarityPresets` lists each with its weights). `weights` and `timbreWeight` given beside a preset replace its weight of those dimensions, on the preset’s scale (its weights sum to 1). */
export type SimilarityPreset =
  /** All 25 dimensions with the spec’s weights (SPEC-fingerprint.md; loudness 0.097, crest and tempo 0.078, the seven bands 0.029–0.058, the rest 0.010–0.049), no timbre: an overall "feels alike" that every fingerprint supports. */
  | 'DEFAULT'
  /** Level and dynamics only: lufs 0.35, crestDb 0.25, dynamicRangeVariation 0.15, loudnessVariationStd 0.15, peakConsistency 0.1: how loud, how compressed (crest factor) and how much the level moves over the track. For playlists without jumps in level or "mastered alike". */
  | 'LOUDNESS'
  /** The temporal group only: tempoBpm 0.4, rhythmStability 0.25, transientDensity 0.25, silenceRatio 0.1: tempo first (what a DJ or a runner matches), then how steady the beat is and how dense the attacks are, a little for breaks and gaps. For "same groove, any sound". */
  | 'RHYTHM'
  /** Timbre 0.6 (the 26 MFCC statistics: instrument and production colour) and the default 25 scaled to 0.4: "sounds like" first, then tempo, loudness and the rest. On generated melodies it puts 12 of 12 tracks next to their own instrument family, where the default gives 10 of 12. Tracks without stored timbre count an average timbre distance. */
  | 'SOUND'
  /** Timbre 1 and the 25 dimensions 0: only the mel-cepstrum colour (instrument, voice, production), regardless of tempo, key or loudness. Best on its own at telling instruments apart (11 of 12 on the generated melodies); tracks without stored timbre all lie at the average timbre distance. */
  | 'TIMBRE'
  /** The spectrum only, with the spec’s weights: the seven band shares (subBassPct … airPct), bassMidRatio and spectralCentroid / Rolloff / Flatness: the EQ curve and brightness ("as bass-heavy, as bright"), without timbre, so it works on fingerprints analysed before the timbre group. */
  | 'TONAL_BALANCE';

/** Sort order; ties (and NULLs, which sort first ascending) are broken by id in the same direction. */
export type TrackOrder = {
  direction?: OrderDirection | null | undefined;
  field: TrackOrderField;
};

export type TrackOrderField =
  | 'ALBUM'
  | 'ARTIST'
  | 'DURATION_SECONDS'
  | 'ID'
  | 'PATH'
  | 'TITLE'
  | 'YEAR';

/** Track filters; all given ones must hold. */
export type TrackWhere = {
  /** Exact album tag; at most 1000 characters. */
  album?: string | null | undefined;
  /** Exact artist tag; at most 1000 characters. */
  artist?: string | null | undefined;
  fingerprintStatus?: FingerprintStatus | null | undefined;
  /** Case-insensitive substring of title, artist, album or path; at most 1000 characters. */
  search?: string | null | undefined;
};

export type FingerprintRangeQueryVariables = Exact<{
  where?: FingerprintWhere | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FingerprintRangeQuery = { fingerprints: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { lufs: number, tempoBpm: number, crestDb: number, track: { id: string, title: string | null, path: string } } }> } };

export type DimensionsQueryVariables = Exact<{ [key: string]: never; }>;


export type DimensionsQuery = { fingerprintDimensions: Array<{ name: string, dimension: Dimension, group: DimensionGroup, unit: string, description: string, weight: number, range: { min: number, max: number } }> };

export type LibraryStatsQueryVariables = Exact<{ [key: string]: never; }>;


export type LibraryStatsQuery = { libraryStats: { trackCount: number, byStatus: Array<{ status: FingerprintStatus, count: number }>, dimensions: Array<{ min: number, max: number, mean: number, p5: number, p95: number, dimension: { name: string, unit: string } }> } };

export type SimilarityPresetsQueryVariables = Exact<{ [key: string]: never; }>;


export type SimilarityPresetsQuery = { similarityPresets: Array<{ preset: SimilarityPreset, title: string, description: string, timbreWeight: number, weights: Array<{ dimension: Dimension, weight: number }> }> };

export type TrackPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  where?: TrackWhere | null | undefined;
  orderBy?: TrackOrder | null | undefined;
}>;


export type TrackPageQuery = { tracks: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, databaseId: number, path: string, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, fingerprintStatus: FingerprintStatus, fingerprint: { lufs: number, tempoBpm: number } | null } }> } };

export type TrackWithFingerprintQueryVariables = Exact<{
  id: string | number;
}>;


export type TrackWithFingerprintQuery = { track: { id: string, title: string | null, artist: string | null, fingerprintStatus: FingerprintStatus, lastError: string | null, fingerprint: { version: number, vector: Array<number>, groups: { frequency: { bassPct: number, midPct: number }, dynamics: { lufs: number, crestDb: number }, temporal: { tempoBpm: number } } } | null } | null };

export type AddTrackMutationVariables = Exact<{
  path: string;
}>;


export type AddTrackMutation = { addTrack: { track: { id: string, path: string, title: string | null, fingerprintStatus: FingerprintStatus } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };

export type ExtractFingerprintMutationVariables = Exact<{
  trackId: string | number;
  force?: boolean | null | undefined;
}>;


export type ExtractFingerprintMutation = { extractFingerprint: { extracted: boolean, track: { id: string, fingerprintStatus: FingerprintStatus, lastError: string | null } | null, fingerprint: { lufs: number, tempoBpm: number, crestDb: number } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } };


export const FingerprintRangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FingerprintRange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FingerprintWhere"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lufs"}},{"kind":"Field","name":{"kind":"Name","value":"tempoBpm"}},{"kind":"Field","name":{"kind":"Name","value":"crestDb"}},{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FingerprintRangeQuery, FingerprintRangeQueryVariables>;
export const DimensionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dimensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprintDimensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}}]}}]}}]}}]} as unknown as DocumentNode<DimensionsQuery, DimensionsQueryVariables>;
export const LibraryStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LibraryStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"libraryStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackCount"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dimensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}},{"kind":"Field","name":{"kind":"Name","value":"p5"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}}]}}]}}]} as unknown as DocumentNode<LibraryStatsQuery, LibraryStatsQueryVariables>;
export const SimilarityPresetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimilarityPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarityPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preset"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"timbreWeight"}},{"kind":"Field","name":{"kind":"Name","value":"weights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}}]}}]}}]}}]} as unknown as DocumentNode<SimilarityPresetsQuery, SimilarityPresetsQueryVariables>;
export const TrackPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TrackWhere"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TrackOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lufs"}},{"kind":"Field","name":{"kind":"Name","value":"tempoBpm"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrackPageQuery, TrackPageQueryVariables>;
export const TrackWithFingerprintDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackWithFingerprint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"track"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"vector"}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frequency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bassPct"}},{"kind":"Field","name":{"kind":"Name","value":"midPct"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dynamics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lufs"}},{"kind":"Field","name":{"kind":"Name","value":"crestDb"}}]}},{"kind":"Field","name":{"kind":"Name","value":"temporal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tempoBpm"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrackWithFingerprintQuery, TrackWithFingerprintQueryVariables>;
export const AddTrackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddTrack"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addTrack"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<AddTrackMutation, AddTrackMutationVariables>;
export const ExtractFingerprintDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ExtractFingerprint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"extractFingerprint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trackId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"extracted"}},{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lufs"}},{"kind":"Field","name":{"kind":"Name","value":"tempoBpm"}},{"kind":"Field","name":{"kind":"Name","value":"crestDb"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ExtractFingerprintMutation, ExtractFingerprintMutationVariables>;