/**
 * Deliverable 4 of fingerprint v2 for pitch_stability: over a varied set of generated recordings its
 * spread (population std across recordings, WAV) is at least 5× its drift between encodings of one
 * recording (max − min over WAV 16-bit, FLAC, MP3 192k, Opus 128k, AAC 192k; mean over recordings).
 * Real ffmpeg encodes and decodes, real WASM. v1 (stable pairs / voiced pairs, from the f0 track) is
 * computed beside it and the figures of both are printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../fixtures/encode.ts';
import { keyProgression } from '../../fixtures/chordProgression.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { type Pcm, scale, whiteNoise } from '../../fixtures/pcm.ts';
import { renderAll } from '../../fixtures/pcmSource.ts';
import { drumLoop, heldMelody, mix } from '../../fixtures/rhythm.ts';
import { seededRandom } from '../../fixtures/random.ts';
import { resolveFfmpegBinary } from '../../server/audio/ffmpegBinary.ts';
import { decodeToFloat32 } from '../../server/audio/decodeToFloat32.ts';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { slot } from './signals.ts';

const PITCH = slot('pitchStability');
const SECONDS = 20;

function melody(seed: number, noteSeconds: number): Pcm {
  const random = seededRandom(seed);
  const notes = Array.from({ length: Math.ceil(SECONDS / noteSeconds) }, () => 196 * 2 ** (Math.floor(random() * 15) / 12));
  return heldMelody(notes, noteSeconds, 0.4);
}

/** Varied generated recordings (names for the printed figures). */
function recordings(): [string, Pcm][] {
  return [
    ['mix 120 BPM', renderAll(musicMix({ seconds: SECONDS, seed: 1 }))],
    ['mix 95 BPM', renderAll(musicMix({ seconds: SECONDS, seed: 2, bpm: 95 }))],
    ['chord progression', keyProgression(0, 'major', { chordSeconds: 2.5, repeats: 2 })],
    ['slow melody', melody(3, 0.5)],
    ['fast melody', melody(4, 0.12)],
    ['drum loop', drumLoop(100, SECONDS)],
    ['drums + chords', mix(drumLoop(128, SECONDS), keyProgression(9, 'minor', { chordSeconds: 2.5, repeats: 2 }))],
    ['melody + noise', mix(melody(5, 0.3), whiteNoise(SECONDS, { amplitude: 0.08, seed: 6 }))],
    ['drums + melody', mix(scale(drumLoop(90, SECONDS), 0.7), melody(7, 0.25))],
  ];
}

/** The AAC (ffmpeg's native encoder, 192 kb/s) of a cached WAV, beside it. */
function aacOf(wav: string): string {
  const target = wav.replace(/\.wav$/, '.aac192.m4a');
  if (existsSync(target)) return target;
  const result = spawnSync(resolveFfmpegBinary(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', `file:${wav}`, '-c:a', 'aac', '-b:a', '192k', `file:${target}`]);
  if (result.status !== 0) throw new Error(`aac encode failed: ${result.stderr.toString()}`);
  return target;
}

interface Readings {
  readonly v1: number;
  readonly v2: number;
}

let dsp: Dsp;
beforeAll(async () => {
  dsp = await createDsp();
});

async function read(file: string): Promise<Readings> {
  const decoded = await decodeToFloat32(file);
  const v2 = dsp.analyse(decoded.samples, decoded.format.channels)[PITCH]!;
  const e = dsp.rawExports as unknown as { memory: WebAssembly.Memory; pitchTrackPointer(): number; pitchTrackLength(): number };
  const track = new Float32Array(e.memory.buffer, e.pitchTrackPointer(), e.pitchTrackLength());
  let [pairs, stable] = [0, 0];
  for (let i = 1; i < track.length; i++) {
    if (track[i - 1]! > 0 && track[i]! > 0) {
      pairs++;
      if (Math.abs(1200 * Math.log2(track[i]! / track[i - 1]!)) < 50) stable++;
    }
  }
  return { v1: pairs < 10 ? 0 : stable / pairs, v2 };
}

function std(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('pitch_stability: spread over recordings against drift between encodings', () => {
  it('spread ≥ 5 × drift (v2), figures printed for v1 and v2', async () => {
    const wavValues: Readings[] = [];
    const drifts: Readings[] = [];
    const lines: string[] = [];
    for (const [name, pcm] of recordings()) {
      const wav = await encode(pcm, { format: 'wav16', name: `pitch-${name}` });
      const files = [
        wav,
        await encode(pcm, { format: 'flac', name: `pitch-${name}` }),
        await encode(pcm, { format: 'mp3', name: `pitch-${name}` }),
        await encode(pcm, { format: 'opus', name: `pitch-${name}` }),
        aacOf(wav),
      ];
      const readings: Readings[] = [];
      for (const file of files) readings.push(await read(file));
      const range = (key: keyof Readings): number => Math.max(...readings.map((r) => r[key])) - Math.min(...readings.map((r) => r[key]));
      wavValues.push(readings[0]!);
      drifts.push({ v1: range('v1'), v2: range('v2') });
      lines.push(`${name.padEnd(18)} v1 ${readings[0]!.v1.toFixed(3)} (drift ${range('v1').toFixed(4)})  v2 ${readings[0]!.v2.toFixed(3)} (drift ${range('v2').toFixed(4)})`);
    }
    const figures = (key: keyof Readings) => {
      const spread = std(wavValues.map((r) => r[key]));
      const drift = drifts.reduce((a, d) => a + d[key], 0) / drifts.length;
      return { spread, drift, ratio: spread / drift };
    };
    const [v1, v2] = [figures('v1'), figures('v2')];
    lines.push(`v1 spread ${v1.spread.toFixed(4)} drift ${v1.drift.toFixed(4)} ratio ${v1.ratio.toFixed(1)}`);
    lines.push(`v2 spread ${v2.spread.toFixed(4)} drift ${v2.drift.toFixed(4)} ratio ${v2.ratio.toFixed(1)}`);
    // v1's defect on music: the pitched recordings all sit near 1; v2 tells them apart
    const pitched = wavValues.filter((r) => r.v1 >= 0.9);
    const [pitchedV1, pitchedV2] = [std(pitched.map((r) => r.v1)), std(pitched.map((r) => r.v2))];
    lines.push(`recordings with v1 ≥ 0.9: ${pitched.length}, spread v1 ${pitchedV1.toFixed(4)} v2 ${pitchedV2.toFixed(4)}`);
    console.log(lines.join('\n'));
    expect(v2.ratio).toBeGreaterThanOrEqual(5);
    expect(pitched.length).toBeGreaterThanOrEqual(5);
    expect(pitchedV2).toBeGreaterThanOrEqual(5 * pitchedV1);
    expect(pitchedV2 / v2.drift).toBeGreaterThanOrEqual(5);
  }, 240_000);
});
