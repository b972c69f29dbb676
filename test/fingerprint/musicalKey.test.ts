import { describe, expect, it } from 'vitest';
import { musicalKey } from '../../server/fingerprint/musicalKey.ts';

describe('musicalKey: key names and Camelot codes', () => {
  it('names the reference points of the Camelot wheel', () => {
    expect(musicalKey(0, 1)).toStrictEqual({ pitchClass: 0, mode: 1, name: 'C major', camelot: '8B' });
    expect(musicalKey(9, 0)).toMatchObject({ name: 'A minor', camelot: '8A' });
    expect(musicalKey(7, 1)).toMatchObject({ name: 'G major', camelot: '9B' });
    expect(musicalKey(4, 0)).toMatchObject({ name: 'E minor', camelot: '9A' });
    expect(musicalKey(11, 1)).toMatchObject({ name: 'B major', camelot: '1B' });
    expect(musicalKey(8, 0)).toMatchObject({ name: 'A♭ minor', camelot: '1A' });
    expect(musicalKey(5, 1)).toMatchObject({ name: 'F major', camelot: '7B' });
  });

  it('gives all 24 keys 24 distinct codes, each minor key on its relative major’s number', () => {
    const codes = new Set<string>();
    for (let pc = 0; pc < 12; pc++) {
      const major = musicalKey(pc, 1)!;
      const relativeMinor = musicalKey((pc + 9) % 12, 0)!;
      expect(relativeMinor.camelot.slice(0, -1)).toBe(major.camelot.slice(0, -1));
      codes.add(major.camelot).add(relativeMinor.camelot);
      // A fifth up is one step clockwise.
      expect(Number(musicalKey((pc + 7) % 12, 1)!.camelot.slice(0, -1))).toBe((Number(major.camelot.slice(0, -1)) % 12) + 1);
    }
    expect(codes.size).toBe(24);
  });

  it('is null when the facts are absent or not a key', () => {
    expect(musicalKey(null, 1)).toBeNull();
    expect(musicalKey(3, null)).toBeNull();
    expect(musicalKey(12, 1)).toBeNull();
    expect(musicalKey(2.5, 0)).toBeNull();
    expect(musicalKey(2, 0.5)).toBeNull();
  });
});
