/**
 * Slow plain-TypeScript (f64) reference of the timbre group (dsp-wasm/timbre/), written from its documented
 * definition independently of the WASM code: HTK mel edges 20 Hz – 16 kHz, 40 triangular filters of peak 1
 * evaluated per band and bin, ln(max(E/512², 1e-10)), the orthonormal DCT-II coefficients 1 … 13, and the
 * two-pass mean and population standard deviation over the non-silent frames (RMS ≥ −70 dBFS).
 */
import { FramePowerSpectrum, hannWindow } from '../../fixtures/framePowerSpectrum.ts';
import { monoMix } from './reference.ts';

const FRAME = 2048;
const HOP = 512;
const BIN_HZ = 44_100 / FRAME;
const BANDS = 40;
const COEFFICIENTS = 13;

const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const hz = (m: number): number => 700 * (10 ** (m / 2595) - 1);

/** The 42 edge frequencies in Hz. */
export function melEdges(): number[] {
  const low = mel(20);
  const step = (mel(16000) - low) / (BANDS + 1);
  return Array.from({ length: BANDS + 2 }, (_, i) => (i === 0 ? 20 : i === BANDS + 1 ? 16000 : hz(low + step * i)));
}

/** The 13 coefficients c₁ … c₁₃ of one power spectrum (k = 0 … 1024, unscaled |X|²). */
export function mfccReference(power: ArrayLike<number>): number[] {
  const edges = melEdges();
  const logs: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    const [lo, centre, hi] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
    let energy = 0;
    for (let k = 0; k < power.length; k++) {
      const f = k * BIN_HZ;
      if (f < 20 || f >= 16000) continue;
      const weight = f >= lo && f < centre ? (f - lo) / (centre - lo) : f >= centre && f < hi ? (hi - f) / (hi - centre) : 0;
      energy += weight * power[k]!;
    }
    logs.push(Math.log(Math.max(energy / 512 ** 2, 1e-10)));
  }
  return Array.from({ length: COEFFICIENTS }, (_, index) => {
    const i = index + 1;
    let sum = 0;
    for (let b = 0; b < BANDS; b++) sum += logs[b]! * Math.cos((Math.PI * i * (b + 0.5)) / BANDS);
    return Math.sqrt(2 / BANDS) * sum;
  });
}

/** The 26 timbre values (13 means, 13 standard deviations) of an interleaved signal. */
export function timbreReference(pcm: Float32Array, channels: number): number[] {
  const mono = monoMix(pcm, channels);
  const spectrum = new FramePowerSpectrum(hannWindow(FRAME));
  const rows: number[][] = [];
  for (let start = 0; start + FRAME <= mono.length; start += HOP) {
    let meanSquare = 0;
    for (let t = start; t < start + FRAME; t++) meanSquare += mono[t]! ** 2;
    if (meanSquare / FRAME < 1e-7) continue;
    rows.push(mfccReference(spectrum.power(mono, start)));
  }
  if (rows.length === 0) return new Array<number>(2 * COEFFICIENTS).fill(0);
  const means = Array.from({ length: COEFFICIENTS }, (_, i) => rows.reduce((s, r) => s + r[i]!, 0) / rows.length);
  const stds = means.map((m, i) => Math.sqrt(rows.reduce((s, r) => s + (r[i]! - m) ** 2, 0) / rows.length));
  return [...means, ...stds];
}
