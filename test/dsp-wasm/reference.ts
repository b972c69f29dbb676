/**
 * Slow plain-TypeScript (f64) references of the frame-statistics dimensions, written from the spec's
 * definitions independently of the WASM code: Welch band shares, bass_mid_ratio, centroid, rolloff,
 * flatness medians, silence_ratio, and the 500 ms window statistics of the mono mix (dimensions 21
 * and 23).
 */
import { FramePowerSpectrum, hannWindow } from '../../fixtures/framePowerSpectrum.ts';

const SAMPLE_RATE = 44_100;
const FRAME = 2048;
const HOP = 512;
const BIN_HZ = SAMPLE_RATE / FRAME;
const BAND_EDGES = [20, 60, 250, 500, 2000, 4000, 6000, 20000];

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface SpectralReference {
  bandShares: number[];
  bassMidRatio: number;
  centroid: number;
  rolloff: number;
  flatness: number;
  silenceRatio: number;
}

/** The spectral dimensions of an interleaved signal, straight from the spec's definitions. */
export function spectralReference(pcm: Float32Array, channels: number): SpectralReference {
  const mono = monoMix(pcm, channels);
  const frames = mono.length;
  const spectrum = new FramePowerSpectrum(hannWindow(FRAME));
  const welch = new Float64Array(FRAME / 2 + 1);
  const centroids: number[] = [];
  const rolloffs: number[] = [];
  const flatnesses: number[] = [];
  const meanSquares: number[] = [];
  for (let start = 0; start + FRAME <= frames; start += HOP) {
    const frame = mono.subarray(start, start + FRAME);
    const meanSquare = frame.reduce((s, v) => s + v * v, 0) / FRAME;
    meanSquares.push(meanSquare);
    if (Math.sqrt(meanSquare) < 10 ** (-70 / 20)) continue;
    const power = spectrum.power(mono, start);
    let total = 0;
    let weighted = 0;
    let largest = 0;
    power.forEach((p, k) => {
      welch[k]! += p;
      total += p;
      weighted += k * BIN_HZ * p;
      largest = Math.max(largest, p);
    });
    centroids.push(weighted / total);
    let cumulative = 0;
    let k = 0;
    for (; k < power.length; k++) {
      cumulative += power[k]!;
      if (cumulative >= 0.85 * total) break;
    }
    rolloffs.push(k * BIN_HZ);
    let logSum = 0;
    let sum = 0;
    let count = 0;
    power.forEach((p, bin) => {
      const f = bin * BIN_HZ;
      if (f < 20 || f >= 16000) return;
      const floored = Math.max(p, 1e-12 * largest);
      logSum += Math.log(floored);
      sum += floored;
      count++;
    });
    flatnesses.push(Math.exp(logSum / count) / (sum / count));
  }
  const bands = new Array<number>(7).fill(0);
  let inRange = 0;
  welch.forEach((p, k) => {
    const f = k * BIN_HZ;
    for (let b = 0; b < 7; b++) {
      if (f >= BAND_EDGES[b]! && f < BAND_EDGES[b + 1]!) {
        bands[b]! += p;
        inRange += p;
      }
    }
  });
  const loudest = Math.max(0, ...meanSquares);
  const quiet = meanSquares.filter((ms) => 10 * Math.log10(ms) < -60 || 10 * Math.log10(ms) < 10 * Math.log10(loudest) - 50);
  const ratio = 10 * Math.log10(bands[1]! / (bands[2]! + bands[3]!));
  return {
    bandShares: bands.map((p) => (inRange > 0 ? (100 * p) / inRange : 0)),
    bassMidRatio: Math.max(-60, Math.min(60, ratio)),
    centroid: median(centroids),
    rolloff: median(rolloffs),
    flatness: median(flatnesses),
    silenceRatio: meanSquares.length ? quiet.length / meanSquares.length : 1,
  };
}

/** The mono mix m = (L+R)/2 of interleaved PCM, rounded to f32 like the decoder's samples (mono: a copy). */
export function monoMix(pcm: Float32Array, channels: number): Float32Array {
  if (channels === 1) return pcm.slice();
  const mono = new Float32Array(pcm.length / 2);
  for (let i = 0; i < mono.length; i++) mono[i] = Math.fround(pcm[2 * i]! + pcm[2 * i + 1]!) * 0.5;
  return mono;
}

export interface VariationReference {
  /** dynamic_range_variation (dB): population std of the window crest factors; < 2 windows → 0. */
  crestStd: number;
  /** peak_consistency (0–1): 1/(1+CV) of the window peaks; no window → 0, one window → 1. */
  peakConsistency: number;
  /** Number of non-silent 500 ms windows. */
  windows: number;
}

/**
 * The 500 ms window statistics (500 ms = 22 050 frames, hop 250 ms, no centring, windows below
 * −70 dBFS RMS skipped) over every sample of every channel of an interleaved buffer. The spec applies
 * it to the mono mix (variationReference); the tests also call it on the channels to show that the
 * two readings differ.
 */
export function windowVariation(pcm: Float32Array, channels: number): VariationReference {
  const frames = pcm.length / channels;
  const windowFrames = 22050;
  const hop = 11025;
  const crests: number[] = [];
  const peaks: number[] = [];
  for (let start = 0; start + windowFrames <= frames; start += hop) {
    let peak = 0;
    let squares = 0;
    for (let i = start * channels; i < (start + windowFrames) * channels; i++) {
      peak = Math.max(peak, Math.abs(pcm[i]!));
      squares += pcm[i]! ** 2;
    }
    const rms = Math.sqrt(squares / (windowFrames * channels));
    if (rms < 10 ** (-70 / 20)) continue;
    crests.push(20 * Math.log10(peak / rms));
    peaks.push(peak);
  }
  const std = (values: number[]): number => {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  };
  const meanPeak = peaks.reduce((s, v) => s + v, 0) / peaks.length;
  return {
    crestStd: crests.length >= 2 ? std(crests) : 0,
    peakConsistency: peaks.length === 0 ? 0 : peaks.length === 1 ? 1 : 1 / (1 + std(peaks) / meanPeak),
    windows: peaks.length,
  };
}

/**
 * dynamic_range_variation (21) and peak_consistency (23) as the spec defines them: the 500 ms window
 * statistics of the mono mix m = (L+R)/2 (SPEC-fingerprint.md, "Analysis conventions").
 */
export function variationReference(pcm: Float32Array, channels: number): VariationReference {
  return windowVariation(monoMix(pcm, channels), 1);
}
