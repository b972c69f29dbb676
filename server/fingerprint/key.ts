/**
 * Musical key as listeners and DJ software name it, from the key facts the DSP core stores
 * (SLOT_KEY_PITCH_CLASS 0 = C … 11 = B, SLOT_KEY_MODE 1 major / 0 minor; dsp-wasm/harmonic/keyEstimate.ts).
 *
 * ```ts
 * musicalKey(9, 0) // { pitchClass: 9, mode: 'minor', name: 'A minor', camelot: '8A' }
 * ```
 * Camelot wheel (Mark Davis, Mixed In Key): neighbours on the wheel (±1 number, or A↔B with the same
 * number) are the keys that mix harmonically. Major keys are "B", minor "A"; C major is 8B, A minor 8A,
 * and each step of +1 is a fifth up.
 */
import { AuralisError } from '../errors.ts';

export type KeyMode = 'major' | 'minor';

export interface MusicalKey {
  /** Tonic pitch class, 0 = C … 11 = B. */
  readonly pitchClass: number;
  readonly mode: KeyMode;
  /** "A minor", "Eb major" (the usual spelling of each key: flats for Db, Eb, Ab, Bb majors and Eb, Bb minors). */
  readonly name: string;
  /** Camelot code "1A" … "12B". */
  readonly camelot: string;
}

/** A key fact outside its range (a stored row or a caller passing something else). */
export class InvalidKeyError extends AuralisError {
  constructor(message: string) {
    super('INVALID_KEY', message);
  }
}

const MAJOR_TONICS = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const;
const MINOR_TONICS = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'G#', 'A', 'Bb', 'B'] as const;

/** Camelot number 1..12 of a major key's tonic: C = 8, every fifth up +1. */
function camelotNumberOfMajor(pitchClass: number): number {
  return ((((7 * pitchClass) % 12) + 7) % 12) + 1;
}

/**
 * The key named by a pitch class (integer 0..11) and a mode (1 major, 0 minor, as stored; or the mode's
 * name). Throws InvalidKeyError for anything else.
 */
export function musicalKey(pitchClass: number, mode: number | KeyMode): MusicalKey {
  if (!Number.isInteger(pitchClass) || pitchClass < 0 || pitchClass > 11) {
    throw new InvalidKeyError(`key pitch class: expected an integer 0..11, received ${String(pitchClass)}`);
  }
  const modeName: KeyMode | undefined =
    mode === 1 || mode === 'major' ? 'major' : mode === 0 || mode === 'minor' ? 'minor' : undefined;
  if (modeName === undefined) {
    throw new InvalidKeyError(`key mode: expected 1 (major) or 0 (minor), received ${String(mode)}`);
  }
  if (modeName === 'major') {
    return { pitchClass, mode: modeName, name: `${MAJOR_TONICS[pitchClass]} major`, camelot: `${camelotNumberOfMajor(pitchClass)}B` };
  }
  // a minor key shares its Camelot number with its relative major, a minor third up
  const relativeMajor = (pitchClass + 3) % 12;
  return { pitchClass, mode: modeName, name: `${MINOR_TONICS[pitchClass]} minor`, camelot: `${camelotNumberOfMajor(relativeMajor)}A` };
}
