/**
 * Slow plain-TypeScript (f64) references for the temporal and harmonic groups, written from the
 * spec's definitions independently of the WASM code: the onset envelope (dimension 11), the tempo
 * ACF with its prior and octave rule, and the YIN f0 of one frame (dimension 19) computed with the
 * direct difference function.
 */
import { FramePowerSpectrum, hannWindow } from '../../fixtures/framePowerSpectrum.ts';

const SAMPLE_RATE = 44_100;
const FRAME = 2048;
const HOP = 512;
const BIN_HZ = SAMPLE_RATE / FRAME;
export const FRAME_RATE = SAMPLE_RATE / HOP;

/**
 * Onset envelope of a mono signal: e[t] = Σ_k max(0, ln(1+1000·|X[t,k]|/512) − ln(1+1000·|X[t−1,k]|/512))
 * over bins with 30 Hz ≤ f ≤ 8 kHz, periodic Hann 2048, hop 512, no padding; e[0] = 0.
 */
export function referenceOnsetEnvelope(mono: Float32Array): Float64Array {
  const frames = mono.length < FRAME ? 0 : Math.floor((mono.length - FRAME) / HOP) + 1;
  const spectrum = new FramePowerSpectrum(hannWindow(FRAME));
  const low = Math.ceil(30 / BIN_HZ);
  const high = Math.floor(8000 / BIN_HZ);
  const envelope = new Float64Array(frames);
  let previous: Float64Array | undefined;
  for (let t = 0; t < frames; t++) {
    const power = spectrum.power(mono, t * HOP);
    const logs = new Float64Array(high + 1);
    for (let k = low; k <= high; k++) logs[k] = Math.log(1 + (1000 * Math.sqrt(power[k]!)) / 512);
    if (previous) {
      let sum = 0;
      for (let k = low; k <= high; k++) sum += Math.max(0, logs[k]! - previous[k]!);
      envelope[t] = sum;
    }
    previous = logs;
  }
  return envelope;
}

/** The spec's tempo prior: 1 over 60–180 BPM, Gaussian in log2 tempo (σ = 0.5 octave) outside. */
export function tempoPrior(bpm: number): number {
  const octaves = bpm < 60 ? Math.log2(60 / bpm) : bpm > 180 ? Math.log2(bpm / 180) : 0;
  return Math.exp(-0.5 * (octaves / 0.5) ** 2);
}

/**
 * Tempo (BPM) of an onset envelope by the spec's ACF rule (without the 3 s / no-onset guards): the
 * ACF of the mean-removed envelope, smoothed over ±2 lags by [1 4 6 4 1]/16 and normalised by its
 * smoothed lag-0 value; prior-weighted local peaks over 40–240 BPM; the octave rule; parabolic
 * refinement on the unweighted ACF.
 */
export function referenceTempo(envelope: ArrayLike<number>): number {
  const n = envelope.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += envelope[t]!;
  mean /= n;
  const x = Float64Array.from({ length: n }, (_, t) => envelope[t]! - mean);
  const raw = (lag: number): number => {
    let s = 0;
    for (let t = 0; t + Math.abs(lag) < n; t++) s += x[t]! * x[t + Math.abs(lag)]!;
    return s;
  };
  const kernel = [1, 4, 6, 4, 1].map((c) => c / 16);
  const acf = (lag: number): number => kernel.reduce((sum, c, j) => sum + c * raw(lag + j - 2), 0);
  const energy = acf(0);
  const minLag = Math.ceil((60 * FRAME_RATE) / 240);
  const maxLag = Math.floor((60 * FRAME_RATE) / 40);
  const normalised = new Map<number, number>();
  for (let lag = minLag - 1; lag <= maxLag + 1; lag++) normalised.set(lag, acf(lag) / energy);
  const r = (lag: number): number => normalised.get(lag)!;
  const w = (lag: number): number => r(lag) * tempoPrior((60 * FRAME_RATE) / lag);
  const peaks: number[] = [];
  for (let lag = minLag; lag <= maxLag; lag++) if (w(lag) >= w(lag - 1) && w(lag) > w(lag + 1)) peaks.push(lag);
  if (peaks.length === 0) return 0;
  const best = Math.max(...peaks.map(w));
  if (best < 0.1) return 0;
  const chosen = peaks.find((lag) => w(lag) >= 0.8 * best)!;
  const [a, b, c] = [r(chosen - 1), r(chosen), r(chosen + 1)];
  const curvature = a - 2 * b + c;
  const offset = curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature)) : 0;
  return (60 * FRAME_RATE) / (chosen + offset);
}

/** FIR low-pass + keep every 4th sample: y[n] = Σ_j h[j]·x[4n + j] (the decimator's definition). */
export function referenceDecimate(mono: Float32Array, taps: Float32Array): Float64Array {
  const count = Math.floor((mono.length - taps.length) / 4) + 1;
  const out = new Float64Array(Math.max(0, count));
  for (let n = 0; n < out.length; n++) {
    let s = 0;
    for (let j = 0; j < taps.length; j++) s += taps[j]! * mono[4 * n + j]!;
    out[n] = s;
  }
  return out;
}

/**
 * YIN f0 (Hz, 0 = unvoiced) of the frame starting at `start` of a signal at `rate` Hz, with the
 * direct difference function d(τ) = Σ_{j<512} (x[j] − x[j+τ])², threshold 0.15, τ ∈ [⌊rate/2100⌋, ⌈rate/65⌉],
 * parabolic interpolation of d around the local minimum.
 */
export function referenceYinFrame(x: Float64Array, start: number, rate: number): number {
  const window = 512;
  const lags = 176;
  const d = new Float64Array(lags + 1);
  for (let tau = 1; tau <= lags; tau++) {
    let s = 0;
    for (let j = 0; j < window; j++) s += (x[start + j]! - x[start + j + tau]!) ** 2;
    d[tau] = s;
  }
  const normalised = new Float64Array(lags + 1);
  normalised[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= lags; tau++) {
    running += d[tau]!;
    normalised[tau] = running > 0 ? (d[tau]! * tau) / running : 1;
  }
  const minLag = Math.floor(rate / 2100);
  const maxLag = Math.ceil(rate / 65);
  let tau = minLag;
  while (tau <= maxLag && normalised[tau]! >= 0.15) tau++;
  if (tau > maxLag) return 0;
  while (tau < lags - 1 && normalised[tau + 1]! < normalised[tau]!) tau++;
  const [a, b, c] = [d[tau - 1]!, d[tau]!, d[tau + 1]!];
  const curvature = a - 2 * b + c;
  const offset = curvature > 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature)) : 0;
  const f0 = rate / (tau + offset);
  return f0 >= 65 && f0 <= 2100 ? f0 : 0;
}

/** Power spectrogram |X|² (frames × 1025) of every `frameStep`-th STFT frame (Hann 2048, hop 512). */
export function referencePowerFrames(mono: Float32Array, frameStep: number): Float64Array[] {
  const frames = mono.length < FRAME ? 0 : Math.floor((mono.length - FRAME) / HOP) + 1;
  const spectrum = new FramePowerSpectrum(hannWindow(FRAME));
  const out: Float64Array[] = [];
  for (let t = 0; t < frames; t += frameStep) out.push(spectrum.power(mono, t * HOP));
  return out;
}

/** Half-sample-symmetric reflection (scipy 'reflect'): x[−1] = x[0], x[n] = x[n−1]. */
function reflectIndex(i: number, n: number): number {
  while (i < 0 || i >= n) {
    if (i < 0) i = -i - 1;
    if (i >= n) i = 2 * n - i - 1;
  }
  return i;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/**
 * harmonic_ratio by median-filter HPSS (Fitzgerald 2010) with soft masks H^p/(H^p+P^p) on the power
 * spectrogram (H, P = medians of |X|²; the definition's p is 2), on every
 * `frameStep`-th frame with a time kernel of 1 + 16/frameStep frames and a 17-bin frequency kernel,
 * reflected borders: E_H / (E_H + E_P).
 */
export function referenceHarmonicRatio(mono: Float32Array, frameStep: number, maskExponent = 2): number {
  const spectrogram = referencePowerFrames(mono, frameStep);
  const n = spectrogram.length;
  const half = 8 / frameStep;
  const bins = FRAME / 2 + 1;
  let harmonic = 0;
  let total = 0;
  for (let t = 0; t < n; t++) {
    for (let k = 0; k < bins; k++) {
      const timeWindow: number[] = [];
      for (let j = -half; j <= half; j++) timeWindow.push(spectrogram[reflectIndex(t + j, n)]![k]!);
      const frequencyWindow: number[] = [];
      for (let j = -8; j <= 8; j++) frequencyWindow.push(spectrogram[t]![reflectIndex(k + j, bins)]!);
      const h = medianOf(timeWindow);
      const p = medianOf(frequencyWindow);
      const hp = h ** maskExponent;
      const sum = hp + p ** maskExponent;
      if (sum > 0) {
        harmonic += (hp / sum) * spectrogram[t]![k]!;
        total += spectrogram[t]![k]!;
      }
    }
  }
  return total > 0 ? harmonic / total : 0;
}

/**
 * chroma_energy: each non-silent frame's (RMS ≥ −70 dBFS) power in 65 Hz–2.1 kHz folded into 12
 * pitch classes round(12·log2(f/440)) mod 12, L1-normalised, 1 − H/ln 12, averaged over frames.
 */
export function referenceChromaEnergy(mono: Float32Array): number {
  const spectrogram = referencePowerFrames(mono, 1);
  let sum = 0;
  let count = 0;
  spectrogram.forEach((power, t) => {
    let meanSquare = 0;
    for (let i = 0; i < FRAME; i++) meanSquare += mono[t * HOP + i]! ** 2;
    if (meanSquare / FRAME < 1e-7) return;
    const chroma = new Float64Array(12);
    for (let k = Math.ceil(65 / BIN_HZ); k * BIN_HZ <= 2100; k++) {
      const semitones = Math.round(12 * Math.log2((k * BIN_HZ) / 440));
      const pitchClass = ((semitones % 12) + 12) % 12;
      chroma[pitchClass]! += power[k]!;
    }
    const total = chroma.reduce((a, b) => a + b, 0);
    if (total <= 0) return;
    let entropy = 0;
    for (const c of chroma) if (c > 0) entropy -= (c / total) * Math.log(c / total);
    sum += 1 - entropy / Math.log(12);
    count++;
  });
  return count > 0 ? sum / count : 0;
}
