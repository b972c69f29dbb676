/**
 * Names of a stored key estimate (facts keyPitchClass, keyMode): "A minor", and the Camelot wheel code "8A"
 * (Mark Davis's Camelot system: minor keys A, major keys B; neighbours on the wheel mix harmonically).
 * NOTE for the merge: the harmonic engineer's server/fingerprint/key.ts is the planned home of this mapping;
 * keep one of the two (docs/fingerprint.md "Key and mode").
 */

/** Pitch-class names 0 = C … 11 = B, sharps for the black keys. */
export const PITCH_CLASS_NAMES = ['C', 'C♯', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'A♭', 'A', 'B♭', 'B'] as const;

/** Camelot number of each major tonic, by pitch class (C major = 8B). */
const CAMELOT_MAJOR = [8, 3, 10, 5, 12, 7, 2, 9, 4, 11, 6, 1] as const;

export interface MusicalKey {
  /** 0 = C … 11 = B. */
  readonly pitchClass: number;
  /** 1 = major, 0 = minor. */
  readonly mode: 0 | 1;
  /** "A minor", "E♭ major". */
  readonly name: string;
  /** Camelot code: "8A" (A minor), "8B" (C major). */
  readonly camelot: string;
}

/** The names of a key, or null when the stored facts are absent or not a key (pitch class 0…11, mode 0 or 1). */
export function musicalKey(pitchClass: number | null, mode: number | null): MusicalKey | null {
  if (pitchClass === null || mode === null || !Number.isInteger(pitchClass) || pitchClass < 0 || pitchClass > 11) return null;
  if (mode !== 0 && mode !== 1) return null;
  // A minor key shares its Camelot number with its relative major, three semitones up.
  const number = mode === 1 ? CAMELOT_MAJOR[pitchClass]! : CAMELOT_MAJOR[(pitchClass + 3) % 12]!;
  return {
    pitchClass,
    mode,
    name: `${PITCH_CLASS_NAMES[pitchClass]} ${mode === 1 ? 'major' : 'minor'}`,
    camelot: `${number}${mode === 1 ? 'B' : 'A'}`,
  };
}
