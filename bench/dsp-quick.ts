/**
 * Quick timing of the WASM DSP core alone (no decoding): a deterministic 4-minute stereo 44.1 kHz
 * music-like signal, already in memory, is fed through `server/fingerprint/wasm.ts` in
 * capacity-sized chunks on a warm instance. Reported (median of 5 interleaved runs, ms):
 * - `framework17`: the 17 framework dimensions only (H2's groups switched off by the bench toggles);
 * - `all25`: every dimension (and the timbre group);
 * - `withoutTimbre`: every dimension, the timbre group (FEATURE_TIMBRE = 32) switched off; `timbreGroupMs` =
 *   median(all25) − median(withoutTimbre), the group's cost;
 * - baseline, measured in the same run: a plain-TypeScript (Float64Array, radix-2) STFT power
 *   spectrum of the same mono mix — the part the SIMD FFT replaces.
 * Run: `node bench/dsp-quick.ts` → bench/results/dsp-quick.json. Timings are noisy on a shared 2-core VM.
 * A quick development check: the official figures, per-group split included, are bench/core.ts's.
 */
import { FramePowerSpectrum, hannWindow } from '../fixtures/framePowerSpectrum.ts';
import { createDsp } from '../server/fingerprint/wasm.ts';
import { musicLikeSignal } from './dsp-quick-signal.ts';
import { machineEnvironment, writeBenchResult } from './results.ts';

const SAMPLE_RATE = 44_100;
const SECONDS = 240;
const RUNS = 5;
/** dsp-wasm/featureToggles.ts: temporal | hpss | pitch | chroma. */
const ALL_H2_GROUPS = 1 | 2 | 4 | 8;
/** dsp-wasm/featureToggles.ts: the timbre group (MFCC statistics). */
const TIMBRE_GROUP = 32;

/**
 * Plain-TypeScript baseline: the STFT power spectrum (frame 2048, hop 512, Hann) of the mono mix, with the
 * radix-2 f64 FFT the DSP tests' references use (fixtures/framePowerSpectrum.ts).
 */
function plainStftPower(pcm: Float32Array): number {
  const n = 2048;
  const frames = pcm.length / 2;
  const mono = new Float64Array(frames);
  for (let i = 0; i < frames; i++) mono[i] = (pcm[2 * i]! + pcm[2 * i + 1]!) / 2;
  const spectrum = new FramePowerSpectrum(hannWindow(n));
  const power = new Float64Array(n / 2 + 1);
  let checksum = 0;
  for (let start = 0; start + n <= frames; start += 512) {
    spectrum.power(mono, start, power);
    for (let k = 0; k <= n / 2; k++) checksum += power[k]!;
  }
  return checksum;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

const pcm = musicLikeSignal();
const dsp = await createDsp();
const timed = (mask: number): number => {
  dsp.setDisabledFeatures(mask);
  const start = performance.now();
  dsp.analyse(pcm, 2);
  return performance.now() - start;
};
// Warm-up: tiers up the WASM functions (and the JS baseline) before measuring.
timed(0);
timed(ALL_H2_GROUPS);
plainStftPower(pcm.subarray(0, SAMPLE_RATE * 20 * 2));

const framework: number[] = [];
const all: number[] = [];
const withoutTimbre: number[] = [];
const baseline: number[] = [];
for (let run = 0; run < RUNS; run++) {
  framework.push(timed(ALL_H2_GROUPS));
  all.push(timed(0));
  withoutTimbre.push(timed(TIMBRE_GROUP));
  const start = performance.now();
  plainStftPower(pcm);
  baseline.push(performance.now() - start);
}
dsp.setDisabledFeatures(0);

const result = {
  name: 'dsp-quick',
  description: 'WASM DSP core analysis time alone (PCM in memory), 4-minute stereo 44.1 kHz signal, median of 5 interleaved runs',
  signalSeconds: SECONDS,
  stftFrames: Math.floor((SAMPLE_RATE * SECONDS - 2048) / 512) + 1,
  medianMs: {
    framework17: Number(median(framework).toFixed(1)),
    all25: Number(median(all).toFixed(1)),
    withoutTimbre: Number(median(withoutTimbre).toFixed(1)),
    timbreGroupMs: Number((median(all) - median(withoutTimbre)).toFixed(1)),
    baselinePlainTsStftPower: Number(median(baseline).toFixed(1)),
  },
  runsMs: { framework17: framework.map((t) => Number(t.toFixed(1))), all25: all.map((t) => Number(t.toFixed(1))), withoutTimbre: withoutTimbre.map((t) => Number(t.toFixed(1))), baselinePlainTsStftPower: baseline.map((t) => Number(t.toFixed(1))) },
  environment: machineEnvironment(),
};
writeBenchResult('dsp-quick', result);
console.log(JSON.stringify(result.medianMs));
