/**
 * Analytic test signals for the DSP core tests: interleaved Float32Array PCM at 44.1 kHz, generated
 * in code (nothing on disk). Levels follow the spec: "a −23 dBFS sine" has peak amplitude 10^(−23/20).
 */
import { dbfs as amplitude } from '../../fixtures/pcm.ts';
import { gaussianFrom, seededRandom } from '../../fixtures/random.ts';
import { DIMENSIONS, type DimensionKey } from '../../server/fingerprint/dimensions.ts';

export const SAMPLE_RATE = 44_100;

/** Zero-based result slot of a dimension (its position in the catalogue). */
export function slot(key: DimensionKey): number {
  return DIMENSIONS.findIndex((d) => d.key === key);
}

/** Standard normal samples (Box–Muller) from the seeded PRNG of fixtures/random.ts. */
export function gaussian(seed: number): () => number {
  return gaussianFrom(seededRandom(seed));
}

/** A mono signal of `seconds` seconds from a function of the sample index. */
export function mono(seconds: number, sample: (i: number) => number): Float32Array {
  const frames = Math.round(seconds * SAMPLE_RATE);
  const pcm = new Float32Array(frames);
  for (let i = 0; i < frames; i++) pcm[i] = sample(i);
  return pcm;
}

/** Interleaves two equally long channels. */
export function stereo(left: Float32Array, right: Float32Array): Float32Array {
  if (left.length !== right.length) throw new Error(`channels differ in length: ${left.length} vs ${right.length}`);
  const pcm = new Float32Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    pcm[2 * i] = left[i]!;
    pcm[2 * i + 1] = right[i]!;
  }
  return pcm;
}

/** Sine of `frequency` Hz at a peak level of `dbfs`. */
export function sine(frequency: number, dbfs: number, seconds: number): Float32Array {
  const a = amplitude(dbfs);
  return mono(seconds, (i) => a * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE));
}

/** Uniform white noise in [−a, a) at a peak level of `dbfs`. */
export function whiteNoise(dbfs: number, seconds: number, seed: number): Float32Array {
  const a = amplitude(dbfs);
  const random = seededRandom(seed);
  return mono(seconds, () => a * (2 * random() - 1));
}

/** Concatenates mono signals. */
export function concat(...parts: Float32Array[]): Float32Array {
  const pcm = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    pcm.set(part, offset);
    offset += part.length;
  }
  return pcm;
}

/** Sample-wise sum of mono signals of equal length. */
export function mix(...parts: Float32Array[]): Float32Array {
  const pcm = new Float32Array(parts[0]!.length);
  for (const part of parts) for (let i = 0; i < pcm.length; i++) pcm[i]! += part[i]!;
  return pcm;
}
