/**
 * server/fingerprint/key.ts: names and Camelot codes of all 24 keys against the published wheel
 * (Mixed In Key), and named errors for facts out of range.
 */
import { describe, expect, it } from 'vitest';
import { InvalidKeyError, musicalKey } from '../../server/fingerprint/key.ts';

// The Camelot wheel as published, written out (not computed): code → key
const WHEEL: Readonly<Record<string, string>> = {
  '1A': 'G# minor', '1B': 'B major', '2A': 'Eb minor', '2B': 'F# major', '3A': 'Bb minor', '3B': 'Db major',
  '4A': 'F minor', '4B': 'Ab major', '5A': 'C minor', '5B': 'Eb major', '6A': 'G minor', '6B': 'Bb major',
  '7A': 'D minor', '7B': 'F major', '8A': 'A minor', '8B': 'C major', '9A': 'E minor', '9B': 'G major',
  '10A': 'B minor', '10B': 'D major', '11A': 'F# minor', '11B': 'A major', '12A': 'C# minor', '12B': 'E major',
};

describe('musicalKey', () => {
  it('names all 24 keys and gives each its Camelot code', () => {
    const seen = new Map<string, string>();
    for (let pitchClass = 0; pitchClass < 12; pitchClass++) {
      for (const mode of [1, 0]) {
        const key = musicalKey(pitchClass, mode);
        expect(key.pitchClass).toBe(pitchClass);
        expect(key.mode).toBe(mode === 1 ? 'major' : 'minor');
        seen.set(key.camelot, key.name);
      }
    }
    expect(Object.fromEntries(seen)).toEqual(WHEEL);
  });

  it('A minor is 8A and C major 8B (relative keys share a number); the mode may be given by name', () => {
    expect(musicalKey(9, 0)).toEqual({ pitchClass: 9, mode: 'minor', name: 'A minor', camelot: '8A' });
    expect(musicalKey(0, 'major')).toEqual({ pitchClass: 0, mode: 'major', name: 'C major', camelot: '8B' });
  });

  it('refuses a pitch class or mode out of range with INVALID_KEY', () => {
    for (const [pitchClass, mode] of [[12, 1], [-1, 0], [2.5, 1], [Number.NaN, 1], [3, 2], [3, 0.5]] as const) {
      let caught: unknown;
      try {
        musicalKey(pitchClass, mode);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidKeyError);
      expect((caught as InvalidKeyError).code).toBe('INVALID_KEY');
      expect((caught as Error).message).toMatch(/expected/);
    }
  });
});
