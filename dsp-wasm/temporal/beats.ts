import { FRAME_RATE } from './frameRate';

/**
 * Dynamic-programming beat tracker (Ellis 2007, "Beat Tracking by Dynamic Programming", J. New
 * Music Research 36(1)) and the rhythm_stability it yields (SPEC-fingerprint.md dimension 12).
 *
 * - Tactus: tempo_bpm, doubled while it is below 60 BPM. Period p = 60·FRAME_RATE / tactus frames.
 * - Local score: the onset envelope divided by its standard deviation, convolved with the
 *   unnormalised Gaussian template exp(−½·(j/σ)²), σ = p/32 frames (Ellis' reference code and
 *   librosa: the template's sum, ≈ 2.5σ, sets the scale at which α = 100 balances onsets against
 *   tempo deviation).
 * - C[t] = local[t] + max over τ ∈ [t − round(2p), t − round(p/2)] of C[τ] − α·ln²((t − τ)/p),
 *   α = 100 (tightness). Frames with no admissible predecessor start a chain (C[t] = local[t]).
 * - The last beat is the frame of highest C among the final round(p) frames; beats are backtracked.
 * rhythm_stability (fingerprint v2, docs/fingerprint.md dimension 12) = exp(−CV / 0.15), 0..1, where CV
 * is the coefficient of variation (population std / mean) of the intervals between onset-refined
 * beats: each tracked beat moves to the largest envelope value within ±round(p/8) frames of it,
 * refined by parabolic interpolation (offset clamped to ±½ frame); a beat whose value there is below
 * 0.25 × the mean of those values has no onset, and the intervals touching it are left out.
 * Fewer than 3 beats, fewer than 2 kept intervals, tempo 0 or no onsets give 0.
 * Why (v1 was 1/(1 + CV) of the tracker's own beats): the tracker's tightness and its whole-frame
 * beats made CV measure the tracker (0.955–0.990 over very different music); the onsets' own times
 * show the playing (exactly timed ≈ 0.005, ±25 ms humanised ≈ 0.05, rubato ≥ 0.09), and exp(−CV/0.15)
 * spreads that range over 0..1 (a CV of 15 % scores 1/e; the frame grid alone leaves CV ≈ 0.006 at
 * 150 BPM, i.e. 0.96).
 */

export const TIGHTNESS: f64 = 100.0;
/** CV of the onset-refined inter-beat intervals at which rhythm_stability is 1/e. */
export const STABILITY_CV_SCALE: f64 = 0.15;
/** A beat has an onset when its refined envelope value is ≥ this share of the mean over beats. */
const BEAT_ONSET_SHARE: f64 = 0.25;

let localScore = new StaticArray<f32>(0);
let cumulative = new StaticArray<f32>(0);
let backlink = new StaticArray<i32>(0);
let beatFrames = new StaticArray<i32>(0);
// onset-refined beat times (frames) and the envelope value there, per beat
let refinedTimes = new StaticArray<f64>(0);
let refinedStrengths = new StaticArray<f64>(0);
let beatCount = 0;
let penalty = new StaticArray<f32>(0);
let kernel = new StaticArray<f64>(0);

function ensureCapacity(length: i32): void {
  if (localScore.length >= length) return;
  const capacity = length + (length >> 1) + 16;
  localScore = new StaticArray<f32>(capacity);
  cumulative = new StaticArray<f32>(capacity);
  backlink = new StaticArray<i32>(capacity);
  beatFrames = new StaticArray<i32>(capacity);
  refinedTimes = new StaticArray<f64>(capacity);
  refinedStrengths = new StaticArray<f64>(capacity);
}

/** The tactus in BPM that the tracker follows for a global tempo: doubled while below 60 BPM. */
export function tactusBpm(tempoBpm: f64): f64 {
  let tactus = tempoBpm;
  while (tactus > 0 && tactus < 60.0) tactus *= 2.0;
  return tactus;
}

/**
 * Tracks beats through the envelope (f32 per STFT frame) at the tactus of `tempoBpm`. Returns the
 * number of beats; their frame indices are at `beatFramesPointer()` (i32, ascending).
 */
export function trackBeats(envelope: usize, length: i32, tempoBpm: f64): i32 {
  beatCount = 0;
  if (!(tempoBpm > 0) || length < 2) return 0;
  ensureCapacity(length);
  const period = (60.0 * FRAME_RATE) / tactusBpm(tempoBpm);

  // standard deviation of the envelope (population)
  let sum: f64 = 0;
  let sumSquares: f64 = 0;
  for (let t = 0; t < length; t++) {
    const v = <f64>load<f32>(envelope + (<usize>t << 2));
    sum += v;
    sumSquares += v * v;
  }
  const mean = sum / <f64>length;
  const variance = Math.max(0.0, sumSquares / <f64>length - mean * mean);
  if (!(variance > 0)) return 0;
  const scale = 1.0 / Math.sqrt(variance);

  // local score: Gaussian smoothing (σ = p/32, truncated at ±3σ, at least ±1 frame)
  const sigma = period / 32.0;
  const reach = <i32>Math.max(1.0, Math.ceil(3.0 * sigma));
  if (kernel.length < 2 * reach + 1) kernel = new StaticArray<f64>(2 * reach + 9);
  for (let j = -reach; j <= reach; j++) {
    unchecked((kernel[j + reach] = Math.exp(-0.5 * (<f64>j / sigma) * (<f64>j / sigma))));
  }
  for (let t = 0; t < length; t++) {
    let acc: f64 = 0;
    const from = max(-reach, -t);
    const to = min(reach, length - 1 - t);
    for (let j = from; j <= to; j++) {
      acc += unchecked(kernel[j + reach]) * <f64>load<f32>(envelope + (<usize>(t + j) << 2));
    }
    unchecked((localScore[t] = <f32>(acc * scale)));
  }

  // transition penalty by distance d (frames): α·ln²(d/p)
  const nearest = <i32>Math.max(1.0, Math.round(period / 2.0));
  const farthest = <i32>Math.round(2.0 * period);
  if (penalty.length < farthest + 1) penalty = new StaticArray<f32>(farthest + 64);
  for (let d = nearest; d <= farthest; d++) {
    const l = Math.log(<f64>d / period);
    unchecked((penalty[d] = <f32>(TIGHTNESS * l * l)));
  }

  for (let t = 0; t < length; t++) {
    let bestScore: f32 = -Infinity;
    let bestFrom = -1;
    const first = max(0, t - farthest);
    for (let from = t - nearest; from >= first; from--) {
      const candidate = unchecked(cumulative[from]) - unchecked(penalty[t - from]);
      if (candidate > bestScore) {
        bestScore = candidate;
        bestFrom = from;
      }
    }
    const local = unchecked(localScore[t]);
    if (bestFrom >= 0 && bestScore > 0) {
      unchecked((cumulative[t] = local + bestScore));
      unchecked((backlink[t] = bestFrom));
    } else {
      unchecked((cumulative[t] = local));
      unchecked((backlink[t] = -1));
    }
  }

  // last beat: highest cumulative score among the final round(p) frames
  let last = length - 1;
  const tailStart = max(0, length - max(1, <i32>Math.round(period)));
  for (let t = tailStart; t < length; t++) if (unchecked(cumulative[t]) > unchecked(cumulative[last])) last = t;

  // backtrack (collected last-to-first, then reversed)
  let count = 0;
  for (let t = last; t >= 0; t = unchecked(backlink[t])) {
    unchecked((beatFrames[count] = t));
    count++;
  }
  for (let i = 0, j = count - 1; i < j; i++, j--) {
    const swap = unchecked(beatFrames[i]);
    unchecked((beatFrames[i] = beatFrames[j]));
    unchecked((beatFrames[j] = swap));
  }
  beatCount = count;
  return count;
}

/** Byte address of the last tracked beats (i32 STFT frame indices); `beatCountTracked()` of them. */
export function beatFramesPointer(): usize {
  return changetype<usize>(beatFrames);
}

/** Number of beats found by the last `trackBeats`. */
export function beatCountTracked(): i32 {
  return beatCount;
}

/** rhythm_stability (0..1): exp(−CV/0.15) of the onset-refined inter-beat intervals (see the top). */
export function rhythmStability(envelope: usize, length: i32, tempoBpm: f64): f64 {
  const count = trackBeats(envelope, length, tempoBpm);
  if (count < 3) return 0;
  const period = (60.0 * FRAME_RATE) / tactusBpm(tempoBpm);
  const reach = max(1, <i32>Math.round(period / 8.0));
  let strengthSum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const beat = unchecked(beatFrames[i]);
    let peak = -1;
    let peakValue: f32 = -1;
    for (let t = max(1, beat - reach), last = min(length - 2, beat + reach); t <= last; t++) {
      const v = load<f32>(envelope + (<usize>t << 2));
      if (v > peakValue) {
        peakValue = v;
        peak = t;
      }
    }
    let time = <f64>beat;
    let strength: f64 = 0;
    if (peak >= 0) {
      const below = <f64>load<f32>(envelope + (<usize>(peak - 1) << 2));
      const centre = <f64>peakValue;
      const above = <f64>load<f32>(envelope + (<usize>(peak + 1) << 2));
      const curvature = below - 2.0 * centre + above;
      let offset: f64 = 0;
      if (curvature < 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (below - above)) / curvature));
      time = <f64>peak + offset;
      strength = centre;
    }
    unchecked((refinedTimes[i] = time));
    unchecked((refinedStrengths[i] = strength));
    strengthSum += strength;
  }
  const threshold = (BEAT_ONSET_SHARE * strengthSum) / <f64>count;
  let intervals = 0;
  let sum: f64 = 0;
  let sumSquares: f64 = 0;
  for (let i = 1; i < count; i++) {
    if (!(unchecked(refinedStrengths[i]) >= threshold && unchecked(refinedStrengths[i - 1]) >= threshold)) continue;
    const interval = unchecked(refinedTimes[i]) - unchecked(refinedTimes[i - 1]);
    sum += interval;
    sumSquares += interval * interval;
    intervals++;
  }
  if (intervals < 2) return 0;
  const n = <f64>intervals;
  const mean = sum / n;
  if (!(mean > 0)) return 0;
  const std = Math.sqrt(Math.max(0.0, sumSquares / n - mean * mean));
  return Math.exp(-std / mean / STABILITY_CV_SCALE);
}
