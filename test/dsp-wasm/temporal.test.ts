/**
 * Temporal group (SPEC-fingerprint.md dimensions 11–13) through the real compiled WASM: click trains
 * with known tempo and onset count, a drum-like loop, degenerate input, and plain-TypeScript
 * references of the onset envelope and of the tempo rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { silence, sine, interleave, scale } from '../../fixtures/pcm.ts';
import { alternatingClicks, clickTimes, clickTrain, clicksAt, drumLoop } from '../../fixtures/rhythm.ts';
import { slot } from './signals.ts';
import {
  FRAME_RATE,
  referenceOnsetCount,
  referenceOnsetEnvelope,
  referenceRhythmStability,
  referenceTempo,
} from './temporalReference.ts';
import { DRUM_PATTERNS, renderDrumPattern } from '../../fixtures/drumPatterns.ts';

interface TemporalExports {
  readonly memory: WebAssembly.Memory;
  onsetEnvelopePointer(): number;
  onsetEnvelopeLength(): number;
  onsetHighEnvelopePointer(): number;
  beatFramesPointer(): number;
  beatCountTracked(): number;
}

const TEMPO = slot('tempoBpm');
const STABILITY = slot('rhythmStability');
const DENSITY = slot('transientDensity');

let dsp: Dsp;
beforeAll(async () => {
  dsp = await createDsp();
});

function analyseMono(samples: Float32Array): Float64Array {
  return dsp.analyse(samples, 1);
}

function envelope(): Float32Array {
  const e = dsp.rawExports as unknown as TemporalExports;
  return new Float32Array(e.memory.buffer, e.onsetEnvelopePointer(), e.onsetEnvelopeLength()).slice();
}

/** The high-band onset envelope (bins 234..371, 5.04–7.99 kHz) of the last analysis. */
function highEnvelope(): Float32Array {
  const e = dsp.rawExports as unknown as TemporalExports;
  return new Float32Array(e.memory.buffer, e.onsetHighEnvelopePointer(), e.onsetEnvelopeLength()).slice();
}

describe('click trains (30 s, decaying 1 kHz bursts)', () => {
  for (const bpm of [60, 90, 93, 120, 128, 140, 174]) {
    it(`${bpm} BPM: tempo ±1 BPM, rhythm_stability ≥ 0.95, transient_density ±5 %`, () => {
      const seconds = 30;
      const clicks = clickTimes(bpm, seconds).length;
      const values = analyseMono(clickTrain(bpm, seconds).samples);
      expect(Math.abs(values[TEMPO]! - bpm)).toBeLessThanOrEqual(1);
      expect(values[STABILITY]!).toBeGreaterThanOrEqual(0.95);
      expect(values[STABILITY]!).toBeLessThanOrEqual(1);
      const truth = clicks / seconds;
      expect(Math.abs(values[DENSITY]! - truth) / truth).toBeLessThanOrEqual(0.05);
    });
  }

  for (const bpm of [60, 90, 93, 120, 128, 140, 174]) {
    it(`${bpm} BPM over a −40 dB white-noise floor reads the same`, () => {
      const seconds = 30;
      const pcm = clickTrain(bpm, seconds, { amplitude: 0.5, noiseAmplitude: 0.5 * 10 ** (-40 / 20) });
      const values = analyseMono(pcm.samples);
      expect(Math.abs(values[TEMPO]! - bpm)).toBeLessThanOrEqual(1);
      expect(values[STABILITY]!).toBeGreaterThanOrEqual(0.95);
      const truth = clickTimes(bpm, seconds).length / seconds;
      expect(Math.abs(values[DENSITY]! - truth) / truth).toBeLessThanOrEqual(0.05);
    });

    it(`${bpm} BPM with dropped beats reads the same`, () => {
      const seconds = 30;
      const dropped = [5, 6, 17, 30, 41];
      const values = analyseMono(clickTrain(bpm, seconds, { dropped }).samples);
      expect(Math.abs(values[TEMPO]! - bpm)).toBeLessThanOrEqual(1);
      expect(values[STABILITY]!).toBeGreaterThanOrEqual(0.95);
      const truth = clickTimes(bpm, seconds, { dropped }).length / seconds;
      expect(Math.abs(values[DENSITY]! - truth) / truth).toBeLessThanOrEqual(0.05);
    });
  }

  it('alternating 0.5 s / 0.66 s intervals: rhythm_stability ≤ 0.90, and the beats follow the clicks', () => {
    const values = analyseMono(alternatingClicks(0.5, 0.66, 30).samples);
    expect(values[STABILITY]!).toBeLessThanOrEqual(0.9);
    // the tracked inter-beat intervals are the clicks' 0.5 s and 0.66 s, not a regular grid
    const e = dsp.rawExports as unknown as TemporalExports;
    const beats = new Int32Array(e.memory.buffer, e.beatFramesPointer(), e.beatCountTracked());
    const intervals = Array.from(beats.slice(1), (b, i) => (b - beats[i]!) / FRAME_RATE);
    const near = (target: number): number => intervals.filter((s) => Math.abs(s - target) < 0.03).length;
    expect(near(0.5) + near(0.66)).toBeGreaterThanOrEqual(0.9 * intervals.length);
    expect(near(0.5)).toBeGreaterThan(10);
    expect(near(0.66)).toBeGreaterThan(10);
  });

  it('an octave-ambiguous train (strong beats every 2nd click) still reads the fast pulse (octave rule)', () => {
    // accents on every other click: the ACF peak at 2 beats is higher, the 1-beat peak is ≥ 0.8 of it
    const bpm = 140;
    const times = clickTimes(bpm, 30);
    const strong = clicksAt(times.filter((_, i) => i % 2 === 0), 30, { amplitude: 0.5 });
    const weak = clicksAt(times.filter((_, i) => i % 2 === 1), 30, { amplitude: 0.35 });
    const samples = strong.samples.map((s, i) => s + weak.samples[i]!);
    const values = analyseMono(samples);
    expect(Math.abs(values[TEMPO]! - bpm)).toBeLessThanOrEqual(1);
  });
});

describe('tempo sweep', () => {
  it('click trains every 7.3 BPM from 40 to 220 BPM read within ±0.5 BPM (fractional lags, prior edges)', () => {
    for (let bpm = 40; bpm <= 220; bpm += 7.3) {
      const values = analyseMono(clickTrain(bpm, 20).samples);
      expect(Math.abs(values[TEMPO]! - bpm), `${bpm} BPM read ${values[TEMPO]}`).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('drum-like loop (kick on 1 and 3, snare on 2 and 4, hats on eighths)', () => {
  for (const bpm of [100, 150]) {
    it(`${bpm} BPM: tempo ±1 BPM and a steady beat`, () => {
      const values = analyseMono(drumLoop(bpm, 30).samples);
      expect(Math.abs(values[TEMPO]! - bpm)).toBeLessThanOrEqual(1);
      expect(values[STABILITY]!).toBeGreaterThanOrEqual(0.95);
      // kick/snare on every beat and hats on the off-beats: 2 events per beat
      const truth = (2 * bpm) / 60;
      expect(Math.abs(values[DENSITY]! - truth) / truth).toBeLessThanOrEqual(0.05);
    });
  }
});

describe('rhythm_stability v2 (onset-refined beats, exp(−CV/0.15))', () => {
  const pattern = (name: string, jitterMs: number): Float32Array =>
    renderDrumPattern({ ...DRUM_PATTERNS.find((p) => p.name === name)!, jitterMs }, 20).samples;

  it('equals the reference (±1e-6) on the tracked beats of clicks, alternating clicks and humanised patterns', () => {
    const e = dsp.rawExports as unknown as TemporalExports;
    const signals = [
      clickTrain(128, 20, { dropped: [5, 6, 17] }).samples,
      alternatingClicks(0.5, 0.66, 20).samples,
      pattern('four-on-the-floor 128', 25),
      pattern('sparse ambient pulse 72', 8),
    ];
    for (const samples of signals) {
      const values = analyseMono(samples);
      const beats = new Int32Array(e.memory.buffer, e.beatFramesPointer(), e.beatCountTracked()).slice();
      expect(Math.abs(values[STABILITY]! - referenceRhythmStability(envelope(), beats, values[TEMPO]!))).toBeLessThan(1e-6);
    }
  });

  it('tells exact timing from ±25 ms and ±40 ms humanised playing (v1: 0.99 against 0.96)', () => {
    const exact = analyseMono(pattern('four-on-the-floor 128', 0))[STABILITY]!;
    const loose = analyseMono(pattern('four-on-the-floor 128', 25))[STABILITY]!;
    const looser = analyseMono(pattern('eighth-note hats 90', 40))[STABILITY]!;
    expect(exact).toBeGreaterThanOrEqual(0.95);
    expect(loose).toBeLessThanOrEqual(0.8);
    expect(looser).toBeLessThanOrEqual(0.8);
    expect(exact - loose).toBeGreaterThanOrEqual(0.2);
  });
});

describe('degenerate input', () => {
  it('digital silence gives the silence values 0, 0, 0', () => {
    const values = analyseMono(silence(10).samples);
    expect([values[TEMPO], values[STABILITY], values[DENSITY]]).toEqual([0, 0, 0]);
  });

  it('audio shorter than 3 s: tempo 0 and rhythm_stability 0, transient_density still counts the clicks', () => {
    const seconds = 2.5;
    const values = analyseMono(clickTrain(120, seconds).samples);
    expect(values[TEMPO]).toBe(0);
    expect(values[STABILITY]).toBe(0);
    const truth = clickTimes(120, seconds).length / seconds;
    expect(Math.abs(values[DENSITY]! - truth) / truth).toBeLessThanOrEqual(0.05);
  });

  it('clicks down to −50 dBFS still count as onsets; −70 dBFS clicks do not', () => {
    const loud = analyseMono(clickTrain(120, 10, { amplitude: 10 ** (-50 / 20) }).samples);
    expect(Math.abs(loud[TEMPO]! - 120)).toBeLessThanOrEqual(1);
    expect(Math.abs(loud[DENSITY]! - clickTimes(120, 10).length / 10)).toBeLessThanOrEqual(0.1);
    const faint = analyseMono(clickTrain(120, 10, { amplitude: 10 ** (-70 / 20) }).samples);
    expect([faint[TEMPO], faint[STABILITY], faint[DENSITY]]).toEqual([0, 0, 0]);
  });

  it('a quiet track keeps its onsets: a drum loop at −20, −30, −40 and −50 dB counts what it counts at 0 dB', () => {
    // v1's code floored the normalising maximum at 50: at −40 dB the loop counted 50 of its 100 onsets.
    const loop = drumLoop(150, 20);
    const full = analyseMono(loop.samples)[DENSITY]!;
    expect(Math.abs(full - 5) / 5).toBeLessThanOrEqual(0.05);
    for (const db of [-20, -30, -40, -50]) {
      const quiet = analyseMono(scale(loop, 10 ** (db / 20)).samples)[DENSITY]!;
      expect(quiet, `${db} dB`).toBe(full);
    }
  });

  it('a steady tone has no onsets: tempo 0, stability 0, density 0', () => {
    for (const frequency of [110, 440, 3000]) {
      const values = analyseMono(sine(frequency, 10, { amplitude: 0.5 }).samples);
      expect([values[TEMPO], values[STABILITY], values[DENSITY]]).toEqual([0, 0, 0]);
    }
  });

  it('stereo L = −R has a silent mono mix: silence values', () => {
    const left = clickTrain(120, 10);
    const right = scale(left, -1);
    const values = dsp.analyse(interleave(left, right).samples, 2);
    expect([values[TEMPO], values[STABILITY], values[DENSITY]]).toEqual([0, 0, 0]);
  });

  it('mono and dual-mono stereo give the same values; chunking does not matter', () => {
    const pcm = clickTrain(128, 12);
    const mono = dsp.analyse(pcm.samples, 1);
    const dual = dsp.analyse(interleave(pcm, pcm).samples, 2);
    const chunked = dsp.analyse(pcm.samples, 1, 777);
    for (const s of [TEMPO, STABILITY, DENSITY]) {
      expect(Math.abs(dual[s]! - mono[s]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mono[s]!)));
      expect(Math.abs(chunked[s]! - mono[s]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mono[s]!)));
    }
    expect(mono[TEMPO]!).toBeGreaterThan(127);
  });

  it('the debug build (assertions on) gives finite values for silence, 0.6 s and a NaN-laced input', async () => {
    const debug = await createDsp({ debug: true });
    const nan = clickTrain(120, 4).samples;
    nan[1000] = Number.NaN;
    nan[5000] = Number.POSITIVE_INFINITY;
    for (const samples of [silence(0.6).samples, clickTrain(120, 0.6).samples, nan]) {
      const values = debug.analyse(samples, 1);
      for (const s of [TEMPO, STABILITY, DENSITY]) expect(Number.isFinite(values[s])).toBe(true);
    }
  });
});

describe('plain-TypeScript references', () => {
  it('onset envelope matches the f64 reference within 1e-3 of its peak', () => {
    const pcm = clickTrain(120, 3, { noiseAmplitude: 0.01 });
    analyseMono(pcm.samples);
    const wasm = envelope();
    const reference = referenceOnsetEnvelope(pcm.samples);
    expect(wasm.length).toBe(reference.length);
    const peak = Math.max(...reference);
    expect(peak).toBeGreaterThan(10);
    let worst = 0;
    for (let t = 0; t < reference.length; t++) worst = Math.max(worst, Math.abs(wasm[t]! - reference[t]!));
    expect(worst / peak).toBeLessThan(1e-3);
  });

  it('high-band onset envelope (5.04–7.99 kHz) matches the f64 reference within 1e-3 of its peak', () => {
    const pcm = renderDrumPattern(DRUM_PATTERNS.find((p) => p.name === 'breakbeat 172')!, 4);
    analyseMono(pcm.samples);
    const wasm = highEnvelope();
    const reference = referenceOnsetEnvelope(pcm.samples, 234);
    expect(wasm.length).toBe(reference.length);
    const peak = Math.max(...reference);
    expect(peak).toBeGreaterThan(10);
    let worst = 0;
    for (let t = 0; t < reference.length; t++) worst = Math.max(worst, Math.abs(wasm[t]! - reference[t]!));
    expect(worst / peak).toBeLessThan(1e-3);
  });

  it('transient_density equals the reference onset count (normalised by the maximum, gate 3.5), loud and quiet', () => {
    const signals = [drumLoop(150, 20), clickTrain(93, 20), alternatingClicks(0.5, 0.66, 20), scale(drumLoop(100, 20), 0.01)];
    signals.push(clickTrain(120, 10, { amplitude: 10 ** (-50 / 20) }), clickTrain(120, 10, { amplitude: 10 ** (-60 / 20) }));
    for (const pcm of signals) {
      const values = analyseMono(pcm.samples);
      const seconds = pcm.samples.length / 44_100;
      expect(values[DENSITY]! * seconds).toBeCloseTo(referenceOnsetCount(envelope()), 9);
    }
  });

  it('tempo equals the reference v2 tempogram rule applied to the same envelope', () => {
    const breakbeat = renderDrumPattern(DRUM_PATTERNS.find((p) => p.name === 'breakbeat 172')!, 20);
    for (const pcm of [drumLoop(150, 20), clickTrain(93, 20), clickTrain(188, 20), alternatingClicks(0.5, 0.66, 20), breakbeat]) {
      const values = analyseMono(pcm.samples);
      const reference = referenceTempo(envelope(), highEnvelope());
      expect(reference.bpm).toBeGreaterThan(0);
      expect(Math.abs(values[TEMPO]! - reference.bpm)).toBeLessThan(1e-3);
    }
  });
});
