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

/** One custom weight (0…1000). Without a preset, dimensions left out weigh 0; with a preset, it replaces the preset's weight of this dimension (on the preset's scale: its weights sum to 1) and the others keep theirs. The weights are re-scaled to sum to 1. All zero, or a weight outside 0…1000 → INVALID_WEIGHTS. */
export type DimensionWeight = {
  dimension: Dimension;
  weight: number;
};

/** Which tracks an extraction job analyses when no track ids are given. */
export type ExtractionSelection =
  /** Every track. */
  | 'ALL'
  /** Tracks without a fingerprint (new ones, and failed ones that never had one). */
  | 'MISSING'
  /** Tracks whose file changed (status STALE) or whose fingerprint has an older version. */
  | 'STALE';

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

/** What a job does. */
export type JobKind =
  /** Analyses files (`startExtraction`, `scanLibraryRoot`); counters count files. */
  | 'EXTRACTION'
  /** Computes the library map (`buildLibraryMap`); counters count steps (the neighbour graph, then each UMAP epoch), `selection` is null. */
  | 'LIBRARY_MAP'
  /** Computes the kNN similarity graph (`buildSimilarityGraph`); counters count tracks, `selection` is null. */
  | 'SIMILARITY_GRAPH';

/** Where a job stands. */
export type JobStatus =
  /** Stopped by the failure policy after `maxFailures` failures. */
  | 'ABORTED'
  /** Stopped by `cancelJob`; files not reached keep their status. */
  | 'CANCELLED'
  /** Every file was tried (some may have failed; see `failures`). */
  | 'COMPLETED'
  /** Stopped by a fatal error (see `error`), e.g. the database failing. */
  | 'FAILED'
  /** Files are being analysed. */
  | 'RUNNING';

/** Whether the stored map reflects the library. */
export type LibraryMapStatus =
  /** A build runs (`job`); the points are the previous map’s, if any. */
  | 'COMPUTING'
  /** No map was computed yet (`buildLibraryMap`). */
  | 'MISSING'
  /** The map reflects every fingerprint and the current normalisers. */
  | 'READY'
  /** Fingerprints or normalisers changed since; tracks added or changed since sit at their nearest mapped neighbour until the next build. */
  | 'STALE';

export type NormaliserSource =
  /** The catalogue’s fixed ranges (fewer than 10 fingerprints). */
  | 'FALLBACK'
  /** Rank normalisation over the stored percentiles of the library. */
  | 'LIBRARY';

/** A direction a path keeps in one dimension ("tempo going down": {dimension: TEMPO_BPM, order: DESCENDING}); kept by every step where the library has a track that allows it. */
export type PathDirection = {
  dimension: Dimension;
  order: PathOrder;
};

export type PathOrder =
  /** Each step’s value ≥ the one before. */
  | 'ASCENDING'
  /** Each step’s value ≤ the one before. */
  | 'DESCENDING';

/** Why a scan left an entry out. */
export type ScanSkipReason =
  /** A symlink whose target does not exist. */
  | 'BROKEN_SYMLINK'
  /** A path that stopped being a regular file while the scan ran. */
  | 'NOT_A_FILE'
  /** A FIFO, socket or device (or a symlink to one). */
  | 'SPECIAL_FILE'
  /** A symlink leading out of the scanned folder. */
  | 'SYMLINK_OUTSIDE_ROOT'
  /** A folder that could not be listed (permissions). */
  | 'UNREADABLE_FOLDER'
  /** A file deleted while the scan ran. */
  | 'VANISHED';

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

export type LibraryCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type LibraryCountsQuery = { tracks: { totalCount: number }, fingerprints: { totalCount: number } };

export type DimensionCatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type DimensionCatalogueQuery = { fingerprintDimensions: Array<{ name: string, dimension: Dimension, group: DimensionGroup, unit: string, description: string, weight: number, range: { min: number, max: number } }>, similarityNormalisers: { source: NormaliserSource, dimensions: Array<{ dimension: Dimension, lo: number, hi: number, quantiles: Array<number> | null }> } };

export type JobStateFragment = { id: string, status: JobStatus };

export type UserErrorFieldsFragment = { code: string, message: string };

export type PageEndFragment = { hasNextPage: boolean, endCursor: string | null };

export type PlaylistPresetsQueryVariables = Exact<{ [key: string]: never; }>;


export type PlaylistPresetsQuery = { similarityPresets: Array<{ preset: SimilarityPreset, title: string, description: string }> };

export type TrackSearchQueryVariables = Exact<{
  search: string;
}>;


export type TrackSearchQuery = { tracks: { edges: Array<{ node: { id: string, title: string | null, artist: string | null, album: string | null } }> } };

export type PickedTrackTagsQueryVariables = Exact<{
  id: string | number;
}>;


export type PickedTrackTagsQuery = { track: { id: string, title: string | null, artist: string | null } | null };

export type GraphViewQueryVariables = Exact<{
  id: string | number;
  depth: number;
}>;


export type GraphViewQuery = { track: { id: string, title: string | null, artist: string | null } | null, similarityGraph: { truncated: boolean, nodes: Array<{ id: string, title: string | null, artist: string | null }>, edges: Array<{ source: string, target: string, similarity: number, rank: number }> } };

export type GraphFirstTrackQueryVariables = Exact<{ [key: string]: never; }>;


export type GraphFirstTrackQuery = { tracks: { edges: Array<{ node: { id: string } }> } };

export type LibraryRowFragment = { id: string, path: string, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, fingerprintStatus: FingerprintStatus, fingerprint: { tempoBpm: number, lufs: number, key: { camelot: string } | null } | null };

export type LibraryTracksQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  where?: TrackWhere | null | undefined;
}>;


export type LibraryTracksQuery = { tracks: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, path: string, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, fingerprintStatus: FingerprintStatus, fingerprint: { tempoBpm: number, lufs: number, key: { camelot: string } | null } | null } }> } };

export type LibraryFingerprintsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  where: FingerprintWhere;
  search?: string | null | undefined;
}>;


export type LibraryFingerprintsQuery = { fingerprints: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { track: { id: string, path: string, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, fingerprintStatus: FingerprintStatus, fingerprint: { tempoBpm: number, lufs: number, key: { camelot: string } | null } | null } } }> } };

export type LibraryMapQueryVariables = Exact<{ [key: string]: never; }>;


export type LibraryMapQuery = { libraryMap: { status: LibraryMapStatus, computedAt: string | null, count: number, placed: number, trackIds: Array<string>, x: Array<number>, y: Array<number>, job: { id: string, processed: number, total: number } | null } };

export type LibraryMapColoursQueryVariables = Exact<{
  dimension: Dimension;
}>;


export type LibraryMapColoursQuery = { libraryMap: { values: Array<number> } };

export type BuildLibraryMapMutationVariables = Exact<{ [key: string]: never; }>;


export type BuildLibraryMapMutation = { buildLibraryMap: { job: { id: string, status: JobStatus } | null, userErrors: Array<{ code: string, message: string }> } };

export type MapTrackQueryVariables = Exact<{
  id: string | number;
}>;


export type MapTrackQuery = { track: { id: string, title: string | null, artist: string | null, album: string | null } | null };

export type MixQueryVariables = Exact<{
  seeds: Array<string | number> | string | number;
  count?: number | null | undefined;
  maxPerArtist?: number | null | undefined;
  maxPerAlbum?: number | null | undefined;
  preset?: SimilarityPreset | null | undefined;
}>;


export type MixQuery = { mix: Array<{ similarityToSeed: number, similarityToPrevious: number, because: string, track: { id: string, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null }, seed: { id: string, title: string | null } }> };

export type PathDimensionsQueryVariables = Exact<{ [key: string]: never; }>;


export type PathDimensionsQuery = { fingerprintDimensions: Array<{ name: string, dimension: Dimension, unit: string }> };

export type SonicPathQueryVariables = Exact<{
  from: string | number;
  to: string | number;
  via?: Array<string | number> | string | number | null | undefined;
  direction?: Array<PathDirection> | PathDirection | null | undefined;
  count?: number | null | undefined;
  preset?: SimilarityPreset | null | undefined;
}>;


export type SonicPathQuery = { sonicPath: Array<{ similarityToPrevious: number, similarityToStart: number, because: string, track: { id: string, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null } }> };

export type SimilarityPresetsQueryVariables = Exact<{ [key: string]: never; }>;


export type SimilarityPresetsQuery = { similarityPresets: Array<{ preset: SimilarityPreset, title: string, description: string }> };

export type SimilarTracksQueryVariables = Exact<{
  id: string | number;
  first: number;
  preset?: SimilarityPreset | null | undefined;
  weights?: Array<DimensionWeight> | DimensionWeight | null | undefined;
  timbreWeight?: number | null | undefined;
  diversity?: number | null | undefined;
  maxPerArtist?: number | null | undefined;
}>;


export type SimilarTracksQuery = { similarTracks: Array<{ rank: number, similarity: number, distance: number, because: string, contributions: Array<{ dimension: Dimension, share: number, normalisedDelta: number }>, track: { id: string, title: string | null, artist: string | null, album: string | null } }> };

export type TrackPageQueryVariables = Exact<{
  id: string | number;
}>;


export type TrackPageQuery = { track: { id: string, databaseId: number, title: string | null, artist: string | null, album: string | null, albumArtist: string | null, genre: string | null, year: number | null, durationSeconds: number | null, codec: string | null, sampleRate: number | null, channels: number | null, bitrate: number | null, fingerprintStatus: FingerprintStatus, lastError: string | null, fingerprint: { version: number, vector: Array<number>, tempoConfidence: number | null, tempoAlternateBpm: number | null, truePeakDbtp: number | null, key: { name: string, camelot: string, confidence: number | null } | null, replayGain: { trackGainDb: number, trackPeak: number | null, albumGainDb: number | null, albumPeak: number | null } | null } | null } | null };

export type WorkOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkOverviewQuery = { libraryRoots: Array<{ path: string, stored: boolean, configured: boolean }>, libraryStats: { trackCount: number, missingCount: number, staleCount: number, byStatus: Array<{ status: FingerprintStatus, count: number }> } };

export type RecentJobsQueryVariables = Exact<{ [key: string]: never; }>;


export type RecentJobsQuery = { jobs: Array<{ id: string, kind: JobKind, status: JobStatus, selection: ExtractionSelection | null, processed: number, total: number, failed: number, createdAt: string }> };

export type ScanLibraryRootMutationVariables = Exact<{
  path: string;
  maxSeconds?: number | null | undefined;
}>;


export type ScanLibraryRootMutation = { scanLibraryRoot: { scan: { root: string, complete: boolean, files: number, added: number, updated: number, unchanged: number, stale: number, gone: number, warnings: number, toExtract: number, skipped: Array<{ path: string, reason: ScanSkipReason, message: string }>, tagErrors: Array<{ path: string, message: string }> } | null, job: { id: string, status: JobStatus } | null, userErrors: Array<{ code: string, message: string }> } };

export type StartExtractionMutationVariables = Exact<{
  selection: ExtractionSelection;
}>;


export type StartExtractionMutation = { startExtraction: { job: { id: string, status: JobStatus } | null, userErrors: Array<{ code: string, message: string }> } };

export type CancelJobMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelJobMutation = { cancelJob: { job: { id: string, status: JobStatus } | null, userErrors: Array<{ code: string, message: string }> } };

export type JobProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type JobProgressSubscription = { jobProgress: { id: string, kind: JobKind, status: JobStatus, selection: ExtractionSelection | null, processed: number, total: number, succeeded: number, failed: number, skipped: number, currentFile: string | null, rate: number, etaSeconds: number | null, error: string | null, createdAt: string, finishedAt: string | null } };

export type JobFailuresQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type JobFailuresQuery = { job: { id: string, failurePage: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { path: string, code: string, message: string } }> } } | null };

export const JobStateFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]} as unknown as DocumentNode<JobStateFragment, unknown>;
export const UserErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<UserErrorFieldsFragment, unknown>;
export const PageEndFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageEnd"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]} as unknown as DocumentNode<PageEndFragment, unknown>;
export const LibraryRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LibraryRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Track"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tempoBpm"}},{"kind":"Field","name":{"kind":"Name","value":"lufs"}},{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"camelot"}}]}}]}}]}}]} as unknown as DocumentNode<LibraryRowFragment, unknown>;
export const LibraryCountsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LibraryCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<LibraryCountsQuery, LibraryCountsQueryVariables>;
export const DimensionCatalogueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DimensionCatalogue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprintDimensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"similarityNormalisers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"dimensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"lo"}},{"kind":"Field","name":{"kind":"Name","value":"hi"}},{"kind":"Field","name":{"kind":"Name","value":"quantiles"}}]}}]}}]}}]} as unknown as DocumentNode<DimensionCatalogueQuery, DimensionCatalogueQueryVariables>;
export const PlaylistPresetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlaylistPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarityPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preset"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]} as unknown as DocumentNode<PlaylistPresetsQuery, PlaylistPresetsQueryVariables>;
export const TrackSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"8"}},{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrackSearchQuery, TrackSearchQueryVariables>;
export const PickedTrackTagsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PickedTrackTags"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"track"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}}]}}]}}]} as unknown as DocumentNode<PickedTrackTagsQuery, PickedTrackTagsQueryVariables>;
export const GraphViewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GraphView"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"depth"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"track"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}}]}},{"kind":"Field","name":{"kind":"Name","value":"similarityGraph"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trackIds"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"id"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"depth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"depth"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"similarity"}},{"kind":"Field","name":{"kind":"Name","value":"rank"}}]}},{"kind":"Field","name":{"kind":"Name","value":"truncated"}}]}}]}}]} as unknown as DocumentNode<GraphViewQuery, GraphViewQueryVariables>;
export const GraphFirstTrackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GraphFirstTrack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GraphFirstTrackQuery, GraphFirstTrackQueryVariables>;
export const LibraryTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LibraryTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TrackWhere"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageEnd"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LibraryRow"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageEnd"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LibraryRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Track"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tempoBpm"}},{"kind":"Field","name":{"kind":"Name","value":"lufs"}},{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"camelot"}}]}}]}}]}}]} as unknown as DocumentNode<LibraryTracksQuery, LibraryTracksQueryVariables>;
export const LibraryFingerprintsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LibraryFingerprints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FingerprintWhere"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageEnd"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LibraryRow"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageEnd"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LibraryRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Track"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tempoBpm"}},{"kind":"Field","name":{"kind":"Name","value":"lufs"}},{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"camelot"}}]}}]}}]}}]} as unknown as DocumentNode<LibraryFingerprintsQuery, LibraryFingerprintsQueryVariables>;
export const LibraryMapDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LibraryMap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"libraryMap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"trackIds"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]}}]} as unknown as DocumentNode<LibraryMapQuery, LibraryMapQueryVariables>;
export const LibraryMapColoursDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LibraryMapColours"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dimension"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Dimension"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"libraryMap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"values"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"dimension"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dimension"}}}]}]}}]}}]} as unknown as DocumentNode<LibraryMapColoursQuery, LibraryMapColoursQueryVariables>;
export const BuildLibraryMapDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BuildLibraryMap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"buildLibraryMap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobState"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<BuildLibraryMapMutation, BuildLibraryMapMutationVariables>;
export const MapTrackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MapTrack"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"track"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}}]}}]}}]} as unknown as DocumentNode<MapTrackQuery, MapTrackQueryVariables>;
export const MixDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Mix"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"seeds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"count"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxPerArtist"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxPerAlbum"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"preset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SimilarityPreset"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mix"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"seeds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"seeds"}}},{"kind":"Argument","name":{"kind":"Name","value":"count"},"value":{"kind":"Variable","name":{"kind":"Name","value":"count"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxPerArtist"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxPerArtist"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxPerAlbum"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxPerAlbum"}}},{"kind":"Argument","name":{"kind":"Name","value":"preset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"preset"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarityToSeed"}},{"kind":"Field","name":{"kind":"Name","value":"similarityToPrevious"}},{"kind":"Field","name":{"kind":"Name","value":"because"}},{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"seed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]} as unknown as DocumentNode<MixQuery, MixQueryVariables>;
export const PathDimensionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PathDimensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprintDimensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}}]}}]} as unknown as DocumentNode<PathDimensionsQuery, PathDimensionsQueryVariables>;
export const SonicPathDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SonicPath"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"via"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"direction"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PathDirection"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"count"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"preset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SimilarityPreset"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sonicPath"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"via"},"value":{"kind":"Variable","name":{"kind":"Name","value":"via"}}},{"kind":"Argument","name":{"kind":"Name","value":"direction"},"value":{"kind":"Variable","name":{"kind":"Name","value":"direction"}}},{"kind":"Argument","name":{"kind":"Name","value":"count"},"value":{"kind":"Variable","name":{"kind":"Name","value":"count"}}},{"kind":"Argument","name":{"kind":"Name","value":"preset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"preset"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarityToPrevious"}},{"kind":"Field","name":{"kind":"Name","value":"similarityToStart"}},{"kind":"Field","name":{"kind":"Name","value":"because"}},{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<SonicPathQuery, SonicPathQueryVariables>;
export const SimilarityPresetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimilarityPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarityPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preset"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]} as unknown as DocumentNode<SimilarityPresetsQuery, SimilarityPresetsQueryVariables>;
export const SimilarTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimilarTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"preset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SimilarityPreset"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"weights"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DimensionWeight"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timbreWeight"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"diversity"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxPerArtist"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trackId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"preset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"preset"}}},{"kind":"Argument","name":{"kind":"Name","value":"weights"},"value":{"kind":"Variable","name":{"kind":"Name","value":"weights"}}},{"kind":"Argument","name":{"kind":"Name","value":"timbreWeight"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timbreWeight"}}},{"kind":"Argument","name":{"kind":"Name","value":"diversity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"diversity"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxPerArtist"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxPerArtist"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"similarity"}},{"kind":"Field","name":{"kind":"Name","value":"distance"}},{"kind":"Field","name":{"kind":"Name","value":"because"}},{"kind":"Field","name":{"kind":"Name","value":"contributions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"share"}},{"kind":"Field","name":{"kind":"Name","value":"normalisedDelta"}}]}},{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}}]}}]}}]}}]} as unknown as DocumentNode<SimilarTracksQuery, SimilarTracksQueryVariables>;
export const TrackPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"track"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"album"}},{"kind":"Field","name":{"kind":"Name","value":"albumArtist"}},{"kind":"Field","name":{"kind":"Name","value":"genre"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}},{"kind":"Field","name":{"kind":"Name","value":"sampleRate"}},{"kind":"Field","name":{"kind":"Name","value":"channels"}},{"kind":"Field","name":{"kind":"Name","value":"bitrate"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"vector"}},{"kind":"Field","name":{"kind":"Name","value":"tempoConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"tempoAlternateBpm"}},{"kind":"Field","name":{"kind":"Name","value":"truePeakDbtp"}},{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"camelot"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}}]}},{"kind":"Field","name":{"kind":"Name","value":"replayGain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackGainDb"}},{"kind":"Field","name":{"kind":"Name","value":"trackPeak"}},{"kind":"Field","name":{"kind":"Name","value":"albumGainDb"}},{"kind":"Field","name":{"kind":"Name","value":"albumPeak"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrackPageQuery, TrackPageQueryVariables>;
export const WorkOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"libraryRoots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"stored"}},{"kind":"Field","name":{"kind":"Name","value":"configured"}}]}},{"kind":"Field","name":{"kind":"Name","value":"libraryStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackCount"}},{"kind":"Field","name":{"kind":"Name","value":"missingCount"}},{"kind":"Field","name":{"kind":"Name","value":"staleCount"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<WorkOverviewQuery, WorkOverviewQueryVariables>;
export const RecentJobsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecentJobs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"selection"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<RecentJobsQuery, RecentJobsQueryVariables>;
export const ScanLibraryRootDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScanLibraryRoot"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scanLibraryRoot"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}},{"kind":"Argument","name":{"kind":"Name","value":"extract"},"value":{"kind":"BooleanValue","value":true}},{"kind":"Argument","name":{"kind":"Name","value":"maxSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"root"}},{"kind":"Field","name":{"kind":"Name","value":"complete"}},{"kind":"Field","name":{"kind":"Name","value":"files"}},{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}},{"kind":"Field","name":{"kind":"Name","value":"gone"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"toExtract"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tagErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobState"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<ScanLibraryRootMutation, ScanLibraryRootMutationVariables>;
export const StartExtractionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartExtraction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"selection"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ExtractionSelection"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startExtraction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"selection"},"value":{"kind":"Variable","name":{"kind":"Name","value":"selection"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobState"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<StartExtractionMutation, StartExtractionMutationVariables>;
export const CancelJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobState"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<CancelJobMutation, CancelJobMutationVariables>;
export const JobProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"JobProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"selection"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"currentFile"}},{"kind":"Field","name":{"kind":"Name","value":"rate"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]}}]} as unknown as DocumentNode<JobProgressSubscription, JobProgressSubscriptionVariables>;
export const JobFailuresDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobFailures"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"failurePage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<JobFailuresQuery, JobFailuresQueryVariables>;