/**
 * The one catalogue of the fingerprint facts (fingerprint v2, docs/fingerprint.md "Facts beside the 25"):
 * values the DSP core computes beside the 25 dimensions, stored with the fingerprint and served in GraphQL
 * and the CLI, never part of the similarity distance.
 *
 * FACTS is in result-slot order: fact i is result slot DIMENSIONS.length + i (dsp-wasm/slots.ts,
 * SLOT_TEMPO_CONFIDENCE = 25 …). Everything that lists the facts derives from this array: the loader, the
 * nullable `track_fingerprints` columns, the repository's column lists and checks, the CLI output.
 */

export interface FactSpec {
  /** camelCase name: JSON key, record property, GraphQL field (where exposed directly). */
  readonly key: string;
  /** snake_case column of `track_fingerprints` (nullable: NULL = not computed, e.g. a v1 row). */
  readonly column: string;
  /** Physical unit, as shown to people. */
  readonly unit: string;
  readonly description: string;
  /** Valid closed range of a stored value; storage rejects anything else with INVALID_FINGERPRINT. */
  readonly range: { readonly min: number; readonly max: number };
  /** Whether the value is a whole number (pitch class, mode). */
  readonly integer: boolean;
}

export const FACTS = [
  {
    key: 'tempoConfidence',
    column: 'tempo_confidence',
    unit: '0–1',
    description: 'How clearly the chosen beat period stands out among the tempo candidates; 0 when there is no pulse.',
    range: { min: 0, max: 1 },
    integer: false,
  },
  {
    key: 'tempoAlternateBpm',
    column: 'tempo_alternate_bpm',
    unit: 'BPM',
    description: 'The strongest other tempo candidate (typically half or double tempoBpm); 0 when there is none.',
    // 0 or a candidate inside tempoBpm's valid range (30…300 BPM).
    range: { min: 0, max: 300 },
    integer: false,
  },
  {
    key: 'truePeakDbtp',
    column: 'true_peak_dbtp',
    unit: 'dBTP',
    description: 'True peak over all channels (ITU-R BS.1770-4 Annex 2, 4× oversampling), dB relative to full scale.',
    // Samples are clamped to ±1e6 (+120 dBFS); the interpolation filter's overshoot stays below +15 dB. −120 dBTP is
    // the levels group's floor, written for digital silence (docs/fingerprint-v2-levels.md).
    range: { min: -120, max: 135 },
    integer: false,
  },
  {
    key: 'keyPitchClass',
    column: 'key_pitch_class',
    unit: 'pitch class',
    description: 'Tonic of the estimated key as a pitch class: 0 = C, 1 = C♯/D♭ … 11 = B.',
    range: { min: 0, max: 11 },
    integer: true,
  },
  {
    key: 'keyMode',
    column: 'key_mode',
    unit: 'mode',
    description: 'Mode of the estimated key: 1 = major, 0 = minor.',
    range: { min: 0, max: 1 },
    integer: true,
  },
  {
    key: 'keyConfidence',
    column: 'key_confidence',
    unit: '0–1',
    description: 'Confidence of the key estimate from the key-profile correlations; 0 when there is no tonal content.',
    range: { min: 0, max: 1 },
    integer: false,
  },
] as const satisfies readonly FactSpec[];

export type FactKey = (typeof FACTS)[number]['key'];
export type FactColumn = (typeof FACTS)[number]['column'];

/** The facts of one fingerprint; null = not computed (a v1 fingerprint, or a fact this build does not compute yet). */
export type FingerprintFacts = Record<FactKey, number | null>;

export const FACT_KEYS: readonly FactKey[] = FACTS.map((f) => f.key);

/** Facts with every value null (a fingerprint stored before v2, or imported without facts). */
export function emptyFacts(): FingerprintFacts {
  return Object.fromEntries(FACTS.map((f) => [f.key, null])) as FingerprintFacts;
}

/** Whether `value` is a valid stored value of the fact: finite, inside its range (1e-9 slack), whole when integer. */
export function isValidFact(spec: FactSpec, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (spec.integer && !Number.isInteger(value)) return false;
  const slack = 1e-9;
  return value >= spec.range.min - slack * Math.max(1, Math.abs(spec.range.min)) && value <= spec.range.max + slack * Math.max(1, Math.abs(spec.range.max));
}

const BY_KEY = new Map<string, FactSpec>(FACTS.map((f) => [f.key, f]));

export function isFactKey(name: string): name is FactKey {
  return BY_KEY.has(name);
}

export function fact(key: FactKey): FactSpec {
  return BY_KEY.get(key)!;
}
