/** Audio files for the extraction tests: generated mixes (fixtures/encode.ts) and deliberately bad files. */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encode } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { seededRandom } from '../../fixtures/random.ts';

/** A short generated song as MP3 (cached under test/.cache/fixtures/). */
export function goodTrack(seed: number, seconds = 6): Promise<string> {
  return encode(musicMix({ seconds, seed }), { format: 'mp3', name: `extraction-${seconds}s` });
}

/** A temporary folder (its realpath, as the scanner stores paths); `cleanup()` removes it. */
export function scratchDir(prefix = 'auralis-extraction-'): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Seeded random bytes named `.mp3`: neither music-metadata nor ffmpeg finds audio in it. */
export function corruptFile(dir: string, name = 'corrupt.mp3'): string {
  const random = seededRandom(99);
  const bytes = new Uint8Array(64 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** An empty `.flac` file. */
export function zeroByteFile(dir: string, name = 'empty.flac'): string {
  const file = path.join(dir, name);
  writeFileSync(file, new Uint8Array(0));
  return file;
}
