/**
 * The key of a stored fingerprint: the nullable facts keyPitchClass / keyMode (server/fingerprint/facts.ts) through
 * key.ts's `musicalKey` (name and Camelot code). Null when either fact is NULL (a v1 row, or not estimated).
 */
import { type MusicalKey, musicalKey } from './key.ts';

export type { MusicalKey } from './key.ts';

/** The named key of stored key facts, or null when they are absent. Throws INVALID_KEY for values storage never accepts. */
export function storedKey(pitchClass: number | null, mode: number | null): MusicalKey | null {
  return pitchClass === null || mode === null ? null : musicalKey(pitchClass, mode);
}
