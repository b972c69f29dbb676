/** Audio files for the extraction tests: generated mixes (fixtures/encode.ts) and deliberately bad files. */
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * A copy of the FLAC file `source` at `target` whose Vorbis comment block holds exactly `comments` (e.g.
 * `{ ALBUM: 'Ba\0ttle' }`), written as raw bytes: Vorbis comments are length-prefixed UTF-8, so a tag can
 * hold what `ffmpeg -metadata` cannot pass on a command line (a NUL byte) and a reader keeps it.
 */
export function flacWithComments(source: string, target: string, comments: Readonly<Record<string, string>>): string {
  const flac = readFileSync(source);
  if (flac.toString('latin1', 0, 4) !== 'fLaC') throw new Error(`\`${source}\`: expected a FLAC file`);
  const blocks: { type: number; data: Buffer }[] = [];
  let offset = 4;
  for (let last = false; !last; ) {
    const header = flac[offset]!;
    last = (header & 0x80) !== 0;
    const length = flac.readUIntBE(offset + 1, 3);
    blocks.push({ type: header & 0x7f, data: flac.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  const le32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const vendor = Buffer.from('auralis test', 'utf8');
  const entries = Object.entries(comments).map(([key, value]) => Buffer.from(`${key}=${value}`, 'utf8'));
  const comment = Buffer.concat([le32(vendor.length), vendor, le32(entries.length), ...entries.flatMap((e) => [le32(e.length), e])]);
  const kept = blocks.filter((b) => b.type !== 4);
  kept.splice(1, 0, { type: 4, data: comment }); // after STREAMINFO, which must come first
  const out: Buffer[] = [Buffer.from('fLaC', 'latin1')];
  kept.forEach((block, index) => {
    const header = Buffer.alloc(4);
    header[0] = block.type | (index === kept.length - 1 ? 0x80 : 0);
    header.writeUIntBE(block.data.length, 1, 3);
    out.push(header, block.data);
  });
  out.push(flac.subarray(offset));
  writeFileSync(target, Buffer.concat(out));
  return target;
}
