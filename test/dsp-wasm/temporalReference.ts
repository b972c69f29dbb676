/**
 * Slow plain-TypeScript (f64) references for the temporal and harmonic groups, written from the
 * spec's definitions independently of the WASM code: the onset envelope (dimension 11), the v2 tempo
 * tempogram with its prior and octave check, the v2 onset count (dimension 13), and the YIN f0 of one frame (dimension 19) computed with the
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
 * over bins with 30 Hz ≤ f ≤ 8 kHz (or from bin `lowBin`: the high band starts at bin 234, 5039 Hz),
 * periodic Hann 2048, hop 512, no padding; e[0] = 0.
 */
export function referenceOnsetEnvelope(mono: Float32Array, lowBin = Math.ceil(30 / BIN_HZ)): Float64Array {
  const frames = mono.length < FRAME ? 0 : Math.floor((mono.length - FRAME) / HOP) + 1;
  const spectrum = new FramePowerSpectrum(hannWindow(FRAME));
  const low = lowBin;
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

/** The v2 tempo prior: log-Gaussian in log2 tempo centred on 110 BPM, σ = 0.75 octave. */
export function tempoPrior(bpm: number): number {
  return Math.exp(-0.5 * (Math.log2(bpm / 110) / 0.75) ** 2);
}

export interface ReferenceTempo {
  readonly bpm: number;
  readonly confidence: number;
  readonly alternateBpm: number;
}

/**
 * The v2 tempogram of an envelope (f64): d = max(0, e − mean(e over ±43 frames)) smoothed by
 * [1 4 6 4 1]/16 (clamped ends); A[L] = mean over 768-frame windows (hop 384, the last one ending at
 * the envelope's end) with energy of Σ d[t]·d[t+L] / Σ d[t]², t in the window, for L = fromLag..toLag
 * (0 elsewhere); undefined when no window has energy.
 */
export function referenceTempogram(envelope: ArrayLike<number>, fromLag: number, toLag: number): Float64Array | undefined {
  const n = envelope.length;
  const rectified = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, t - 43); j <= Math.min(n - 1, t + 43); j++, count++) sum += envelope[j]!;
    rectified[t] = Math.max(0, envelope[t]! - sum / count);
  }
  const at = (t: number): number => rectified[Math.min(n - 1, Math.max(0, t))]!;
  const d = Float64Array.from({ length: n }, (_, t) => (at(t - 2) + 4 * at(t - 1) + 6 * at(t) + 4 * at(t + 1) + at(t + 2)) / 16);
  const A = new Float64Array(toLag + 1);
  let windows = 0;
  const lastStart = Math.max(0, n - 768);
  for (let start = 0; ; start += 384) {
    const from = Math.min(start, lastStart);
    const to = Math.min(n, from + 768);
    const product = (lag: number): number => {
      let s = 0;
      for (let t = from; t < to && t + lag < n; t++) s += d[t]! * d[t + lag]!;
      return s;
    };
    const energy = product(0);
    if (energy > 0) {
      windows++;
      for (let lag = fromLag; lag <= toLag; lag++) A[lag]! += product(lag) / energy;
    }
    if (from >= lastStart) break;
  }
  if (windows === 0) return undefined;
  for (let lag = fromLag; lag <= toLag; lag++) A[lag]! /= windows;
  return A;
}

/**
 * Tempo (BPM), confidence and alternate of an onset envelope by the v2 tempogram rule
 * (docs/fingerprint.md dimension 11; without the 3 s / no-onset guards), in f64:
 * d = max(0, e − mean(e over ±43 frames)) smoothed by [1 4 6 4 1]/16 (clamped ends); A[L] = mean over
 * 768-frame windows (hop 384, the last one ending at the envelope's end) with energy of
 * Σ d[t]·d[t+L] / Σ d[t]², t in the window; the best local peak of A·prior over lags 22..129; the
 * strongest local peak within ±1 lag of ⅔ of its lag when that peak's A is larger (dotted check); the
 * double tempo when A at half the lag is ≥ 0.95 × A, or when it is < 0.75 × A and the tempogram H of
 * the high-band envelope at a quarter of the lag (the larger of ⌊L/4⌋, ⌈L/4⌉) is ≥ 0.5 × H[L]
 * (syncopation check); parabolic refinement on A; confidence = A at the
 * chosen lag; alternate = the best peak within ±2 lags of twice or half the chosen lag.
 */
export function referenceTempo(envelope: ArrayLike<number>, highEnvelope: ArrayLike<number>): ReferenceTempo {
  const none = { bpm: 0, confidence: 0, alternateBpm: 0 };
  const minLag = Math.ceil((60 * FRAME_RATE) / 240);
  const maxLag = Math.floor((60 * FRAME_RATE) / 40);
  const A = referenceTempogram(envelope, minLag - 1, maxLag + 1);
  if (A === undefined) return none;
  const bpmOf = (lag: number): number => (60 * FRAME_RATE) / lag;
  const peaks: number[] = [];
  for (let lag = minLag; lag <= maxLag; lag++) if (A[lag]! >= A[lag - 1]! && A[lag]! > A[lag + 1]!) peaks.push(lag);
  if (peaks.length === 0) return none;
  const score = (lag: number): number => A[lag]! * tempoPrior(bpmOf(lag));
  let chosen = peaks.reduce((a, b) => (score(b) > score(a) ? b : a));
  const dotted = peaks.filter((lag) => Math.abs(lag - (2 * chosen) / 3) <= 1 && A[lag]! > A[chosen]!);
  if (dotted.length > 0) chosen = dotted.reduce((a, b) => (A[b]! > A[a]! ? b : a));
  const [low, high] = [Math.floor(chosen / 2), Math.ceil(chosen / 2)];
  if (low >= minLag) {
    const double = A[low]! >= A[high]! ? low : high;
    if (A[double]! >= 0.95 * A[chosen]!) chosen = double;
    else if (A[double]! < 0.75 * A[chosen]!) {
      const H = referenceTempogram(highEnvelope, 1, chosen);
      const quarter = Math.max(H?.[Math.floor(chosen / 4)] ?? 0, H?.[Math.ceil(chosen / 4)] ?? 0);
      if (H !== undefined && H[chosen]! > 0 && quarter >= 0.5 * H[chosen]!) chosen = double;
    }
  }
  if (!(A[chosen]! >= 0.1)) return none;
  const refine = (lag: number): number => {
    const [a, b, c] = [A[lag - 1]!, A[lag]!, A[lag + 1]!];
    const curvature = a - 2 * b + c;
    return lag + (curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature)) : 0);
  };
  const bpm = bpmOf(refine(chosen));
  const others = peaks.filter((lag) => Math.abs(lag - 2 * chosen) <= 2 || Math.abs(lag - chosen / 2) <= 2);
  const alternate = others.length === 0 ? 0 : others.reduce((a, b) => (score(b) > score(a) ? b : a));
  return { bpm, confidence: Math.min(1, A[chosen]!), alternateBpm: alternate === 0 ? 0 : bpmOf(refine(alternate)) };
}

/**
 * Onsets of an onset envelope by the v2 definition (docs/fingerprint.md dimension 13): normalised by
 * its maximum; frame t is an onset when e[t] > 0 is the maximum of e[t−3 .. t], (e[t] − mean(e[t−9 .. t+9]))
 * / max ≥ 0.07 and t is ≥ 3 frames after the previous onset; none at all when the largest
 * e[t] − mean(e[t−9 .. t+9]) over the track is below the gate 3.5.
 */
export function referenceOnsetCount(envelope: ArrayLike<number>): number {
  const n = envelope.length;
  let maximum = 0;
  for (let t = 0; t < n; t++) maximum = Math.max(maximum, envelope[t]!);
  if (!(maximum > 0)) return 0;
  let count = 0;
  let last = -Infinity;
  let strongestRise = 0;
  for (let t = 0; t < n; t++) {
    let sum = 0;
    let frames = 0;
    for (let j = Math.max(0, t - 9); j <= Math.min(n - 1, t + 9); j++, frames++) sum += envelope[j]!;
    const rise = envelope[t]! - sum / frames;
    strongestRise = Math.max(strongestRise, rise);
    if (!(envelope[t]! > 0) || t - last < 3) continue;
    let isMax = true;
    for (let j = Math.max(0, t - 3); j < t; j++) if (envelope[j]! > envelope[t]!) isMax = false;
    if (isMax && rise / maximum >= 0.07) {
      count++;
      last = t;
    }
  }
  return strongestRise >= 3.5 ? count : 0;
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

/**
 * rhythm_stability v2 (docs/fingerprint.md dimension 12) from an onset envelope and the tracked beats
 * (frame indices) at `tempoBpm`: each beat moves to the largest e within ±round(p/8) frames (p = the
 * tactus period, tempo doubled while below 60 BPM; frames 1 .. n−2), refined by a parabola on e
 * (offset clamped to ±½); intervals between consecutive beats whose refined e is ≥ 0.25 × the mean
 * over beats; exp(−CV/0.15) of them (population CV); 0 for fewer than 3 beats or 2 intervals.
 */
export function referenceRhythmStability(envelope: ArrayLike<number>, beats: ArrayLike<number>, tempoBpm: number): number {
  if (!(tempoBpm > 0) || beats.length < 3) return 0;
  let tactus = tempoBpm;
  while (tactus < 60) tactus *= 2;
  const reach = Math.max(1, Math.round((60 * FRAME_RATE) / tactus / 8));
  const n = envelope.length;
  const refined = Array.from(beats, (beat) => {
    let peak = -1;
    for (let t = Math.max(1, beat - reach); t <= Math.min(n - 2, beat + reach); t++) {
      if (peak < 0 || envelope[t]! > envelope[peak]!) peak = t;
    }
    if (peak < 0) return { time: beat, strength: 0 };
    const [a, b, c] = [envelope[peak - 1]!, envelope[peak]!, envelope[peak + 1]!];
    const curvature = a - 2 * b + c;
    const offset = curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature)) : 0;
    return { time: peak + offset, strength: b };
  });
  const threshold = (0.25 * refined.reduce((sum, r) => sum + r.strength, 0)) / refined.length;
  const intervals: number[] = [];
  for (let i = 1; i < refined.length; i++) {
    if (refined[i]!.strength >= threshold && refined[i - 1]!.strength >= threshold) intervals.push(refined[i]!.time - refined[i - 1]!.time);
  }
  if (intervals.length < 2) return 0;
  const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
  if (!(mean > 0)) return 0;
  const std = Math.sqrt(intervals.reduce((a, b) => a + (b - mean) ** 2, 0) / intervals.length);
  return Math.exp(-std / mean / 0.15);
}
