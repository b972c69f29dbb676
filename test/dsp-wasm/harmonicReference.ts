/**
 * Plain-TypeScript (f64) references of the key facts of fingerprint v2 (dsp-wasm/harmonic/keyChroma.ts,
 * keyEstimate.ts): slow, written straight from the definition, for the WASM tests to compare against.
 */
import { referencePowerFrames } from './temporalReference.ts';

const FRAME = 2048;
const HOP = 512;
const BIN_HZ = 44_100 / FRAME;

/** Temperley (1999) profiles, tonic first. */
export const TEMPERLEY_MAJOR = [5, 2, 3.5, 2, 4.5, 4, 2, 4.5, 2, 3.5, 1.5, 4];
export const TEMPERLEY_MINOR = [5, 2, 3.5, 4.5, 2, 4, 2, 4.5, 3.5, 2, 1.5, 4];

/**
 * Key chroma: every 4th non-silent (RMS ≥ −70 dBFS) STFT frame; peaks S[k−1] < S[k] ≥ S[k+1] in bins
 * ⌈65/Δf⌉..⌊3500/Δf⌋ at ≥ 1e-6 × the frame's largest bin there; log-parabolic δ; weight √S[k] split
 * cos²/sin² between the two nearest pitch classes of 12·log₂(f/440) + 9; L1 per frame; mean over frames.
 */
export function referenceKeyChroma(mono: Float32Array): Float64Array {
  const frames = referencePowerFrames(mono, 4);
  const low = Math.ceil(65 / BIN_HZ);
  const high = Math.floor(3500 / BIN_HZ);
  const sum = new Float64Array(12);
  let used = 0;
  frames.forEach((power, i) => {
    const start = i * 4 * HOP;
    let meanSquare = 0;
    for (let j = 0; j < FRAME; j++) meanSquare += mono[start + j]! ** 2;
    if (meanSquare / FRAME < 1e-7) return;
    let largest = 0;
    for (let k = low; k <= high; k++) largest = Math.max(largest, power[k]!);
    if (largest <= 0) return;
    const profile = new Float64Array(12);
    let total = 0;
    for (let k = low; k <= high; k++) {
      const [below, centre, above] = [power[k - 1]!, power[k]!, power[k + 1]!];
      if (centre < largest * 1e-6 || !(below < centre && centre >= above)) continue;
      let delta = 0;
      if (below > 0 && above > 0) {
        const [a, b, c] = [Math.log(below), Math.log(centre), Math.log(above)];
        const curvature = a - 2 * b + c;
        if (curvature < 0) delta = Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature));
      }
      const pitch = 12 * Math.log2(((k + delta) * BIN_HZ) / 440) + 9;
      const lower = Math.floor(pitch);
      const d = pitch - lower;
      const weight = Math.sqrt(centre);
      const lowerClass = ((lower % 12) + 12) % 12;
      profile[lowerClass]! += weight * Math.cos((Math.PI / 2) * d) ** 2;
      profile[(lowerClass + 1) % 12]! += weight * Math.sin((Math.PI / 2) * d) ** 2;
      total += weight;
    }
    if (total <= 0) return;
    for (let c = 0; c < 12; c++) sum[c]! += profile[c]! / total;
    used++;
  });
  return sum.map((v) => (used > 0 ? v / used : 0));
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let [sxy, sxx, syy] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** The 24 correlations (major C … B, minor C … B) and the winner (first maximum), confidence max(0, r). */
export function referenceKey(chroma: ArrayLike<number>): { scores: number[]; pitchClass: number; mode: number; confidence: number } {
  const scores: number[] = [];
  for (const profile of [TEMPERLEY_MAJOR, TEMPERLEY_MINOR]) {
    for (let tonic = 0; tonic < 12; tonic++) {
      const rotated = Array.from({ length: 12 }, (_, i) => chroma[(tonic + i) % 12]!);
      scores.push(pearson(rotated, profile));
    }
  }
  let best = 0;
  let index = -1;
  scores.forEach((r, i) => {
    if (r > best) [best, index] = [r, i];
  });
  if (index < 0) return { scores, pitchClass: 0, mode: 1, confidence: 0 };
  return { scores, pitchClass: index % 12, mode: index < 12 ? 1 : 0, confidence: Math.min(1, best) };
}
