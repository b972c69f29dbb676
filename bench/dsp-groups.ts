/**
 * Per-group time split of the WASM DSP core (analysis alone, PCM already in memory): a 4-minute
 * stereo 44.1 kHz music-like mix (fixtures/musicMix.ts) is analysed on a warm instance with all
 * groups on, then with each of the temporal/harmonic groups switched off in turn by the bench
 * toggles (dsp-wasm/featureToggles.ts). A group's cost = median(all on) − median(group off);
 * runs are interleaved, median of 5. The side-by-side baseline is the same run with all four
 * groups off (the 17 framework dimensions).
 * Run: `node bench/dsp-groups.ts` → bench/results/dsp-groups.json. Timings are noisy on a shared VM.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { musicMix } from '../fixtures/musicMix.ts';
import { renderAll } from '../fixtures/pcmSource.ts';
import { createDsp } from '../server/fingerprint/wasm.ts';

const SECONDS = 240;
const RUNS = 5;
/** Bits of dsp-wasm/featureToggles.ts. */
const GROUPS = { temporal: 1, hpss: 2, pitch: 4, chroma: 8 } as const;
const ALL_GROUPS = 1 | 2 | 4 | 8;

const pcm = renderAll(musicMix({ seconds: SECONDS, bpm: 120, seed: 1 })).samples;
const dsp = await createDsp();
const timed = (mask: number): number => {
  dsp.setDisabledFeatures(mask);
  const start = performance.now();
  dsp.analyse(pcm, 2);
  return performance.now() - start;
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const round = (ms: number): number => Number(ms.toFixed(1));

// warm-up: tier up every function before measuring
timed(0);
timed(ALL_GROUPS);

const configurations: Record<string, number> = { all25: 0, framework17: ALL_GROUPS };
for (const [name, bit] of Object.entries(GROUPS)) configurations[`without_${name}`] = bit;
const runs: Record<string, number[]> = {};
for (let run = 0; run < RUNS; run++) {
  for (const [name, mask] of Object.entries(configurations)) (runs[name] ??= []).push(timed(mask));
}
dsp.setDisabledFeatures(0);

const medians = Object.fromEntries(Object.entries(runs).map(([name, times]) => [name, round(median(times))]));
const all = median(runs.all25!);
const split = Object.fromEntries(
  Object.keys(GROUPS).map((name) => [name, round(Math.max(0, all - median(runs[`without_${name}`]!)))]),
);
const result = {
  name: 'dsp-groups',
  description:
    'WASM DSP core, 4-minute stereo music-like mix in memory: time of each temporal/harmonic group = median(all on) − median(group off), median of 5 interleaved runs',
  signalSeconds: SECONDS,
  medianMs: medians,
  groupMs: { ...split, h2Total: round(all - median(runs.framework17!)) },
  baseline: { framework17Ms: medians.framework17 },
  runsMs: Object.fromEntries(Object.entries(runs).map(([name, times]) => [name, times.map(round)])),
  environment: {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    date: new Date().toISOString(),
  },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/dsp-groups.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ medianMs: result.medianMs, groupMs: result.groupMs }));
