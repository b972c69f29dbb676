import {
  DIMENSIONS,
  DIMENSION_KEYS,
  type FingerprintValues,
  FINGERPRINT_VERSION,
  isDimensionKey,
  isValidValue,
  validRangeText,
} from '../fingerprint/dimensions.ts';
import { FACTS, type FingerprintFacts, emptyFacts, isFactKey, isValidFact } from '../fingerprint/facts.ts';
import { InvalidFingerprintError, UnknownDimensionError } from './errors.ts';

/** One fingerprint to store: the track it belongs to, its 25 values and the version that produced them. */
export interface FingerprintInput {
  readonly trackId: number;
  /** The 25 values keyed by camelCase dimension name, physical units (SPEC-fingerprint.md). */
  readonly values: Readonly<FingerprintValues>;
  /** FINGERPRINT_VERSION that computed the values (default: the current one). */
  readonly version?: number;
  /** The facts beside the 25 (server/fingerprint/facts.ts); absent or null = not computed (stored NULL). */
  readonly facts?: Readonly<Partial<FingerprintFacts>> | null;
  /** Dense gating-block loudness histogram (block counts per bin); absent or null = none (stored NULL). */
  readonly loudnessHistogram?: ArrayLike<number> | null;
  /** The 26 timbre values (server/fingerprint/timbre.ts); absent or null = not computed (stored NULL). */
  readonly timbre?: ArrayLike<number> | null;
}

/**
 * Checks facts: every key a fact of the catalogue, every value null or a valid value (isValidFact), else
 * INVALID_FINGERPRINT naming the field ("`keyPitchClass`: expected a whole number 0…11 pitch class, received 12").
 * Returns every fact key, null where absent.
 */
export function checkFacts(facts: unknown): FingerprintFacts {
  const checked = emptyFacts();
  if (facts === undefined || facts === null) return checked;
  if (typeof facts !== 'object') {
    throw new InvalidFingerprintError(`facts: expected an object of fingerprint facts, received ${String(facts)}`, { field: ['facts'] });
  }
  const record = facts as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!isFactKey(name)) {
      throw new InvalidFingerprintError(`facts: expected one of ${FACTS.map((f) => f.key).join(', ')}, received \`${name}\``, {
        field: ['facts', name],
      });
    }
  }
  for (const f of FACTS) {
    const value = record[f.key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !isValidFact(f, value)) {
      const whole = f.integer ? 'a whole number ' : '';
      throw new InvalidFingerprintError(
        `\`${f.key}\`: expected ${whole}${f.range.min}…${f.range.max} ${f.unit}, received ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`,
        { field: ['facts', f.key] },
      );
    }
    checked[f.key] = value;
  }
  return checked;
}

/** Checks a track id: a positive integer. */
export function checkTrackId(trackId: unknown, field: readonly string[] = ['trackId']): number {
  if (typeof trackId !== 'number' || !Number.isSafeInteger(trackId) || trackId < 1) {
    throw new InvalidFingerprintError(`trackId: expected a positive integer, received ${String(trackId)}`, { field });
  }
  return trackId;
}

/** Checks a fingerprint version: an integer 1…FINGERPRINT_VERSION. */
export function checkVersion(version: unknown): number {
  if (version === undefined) return FINGERPRINT_VERSION;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > FINGERPRINT_VERSION) {
    throw new InvalidFingerprintError(
      `version: expected an integer 1…${FINGERPRINT_VERSION}, received ${String(version)}`,
      { field: ['version'] },
    );
  }
  return version;
}

/**
 * Checks fingerprint values: every key a catalogue dimension (else UNKNOWN_DIMENSION), every value a
 * finite number inside the dimension's valid range or its silence value (dimensions.ts `range`,
 * isValidValue; else INVALID_FINGERPRINT naming the field, e.g. "`tempoBpm`: expected 0 or 30…300 BPM,
 * received 1e+200"). With `partial: false` all 25 must be present. Values are stored as the nearest f32
 * (storedValue, by the repository), never clamped; the ranges hold everything the analyser can emit, so a real analysis always passes. This is
 * the one check for storing (add / upsert / update) and for querying by values (similarToValues).
 */
export function checkValues(values: unknown, options: { partial: boolean }): Partial<FingerprintValues> {
  if (values === null || typeof values !== 'object') {
    throw new InvalidFingerprintError(`values: expected an object of the 25 dimensions, received ${String(values)}`, {
      field: ['values'],
    });
  }
  const record = values as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!isDimensionKey(name)) throw new UnknownDimensionError(name, { field: ['values', name] });
  }
  const checked: Partial<FingerprintValues> = {};
  for (const d of DIMENSIONS) {
    const value = record[d.key];
    if (value === undefined) {
      if (options.partial) continue;
      const missing = DIMENSION_KEYS.filter((k) => record[k] === undefined);
      throw new InvalidFingerprintError(
        `values: expected all 25 dimensions, missing ${missing.length}: ${missing.join(', ')}`,
        { field: ['values', d.key] },
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidFingerprintError(
        `\`${d.key}\`: expected a finite number (${d.unit}), received ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`,
        { field: ['values', d.key] },
      );
    }
    if (!isValidValue(d, value)) {
      throw new InvalidFingerprintError(`\`${d.key}\`: expected ${validRangeText(d)}, received ${String(value)}`, {
        field: ['values', d.key],
      });
    }
    checked[d.key] = value;
  }
  return checked;
}
