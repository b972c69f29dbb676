/**
 * Per-group split of the WASM DSP core's analysis time (PCM in memory), for development: the same
 * 4-minute music-like signal as bench/dsp-quick.ts, each group switched off in turn (dsp-wasm/featureToggles.ts),
 * interleaved with the all-on run, median of RUNS (default 7) runs; group cost = median(all on) − median(group off).
 * Run: `node bench/dsp-groups.ts [runs]`; prints JSON, writes nothing.
 */
import { createDsp } from '../server/fingerprint/wasm.ts';
import { musicLikeSignal } from './dsp-quick-signal.ts';

const RUNS = Number(process.argv[2] ?? 7);
const GROUPS = { temporal: 1, hpss: 2, pitch: 4, chroma: 8, truePeak: 16, timbre: 32, allH2: 1 | 2 | 4 | 8 | 16 | 32 } as const;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const pcm = musicLikeSignal();
const dsp = await createDsp();
const timed = (mask: number): number => {
  dsp.setDisabledFeatures(mask);
  const start = performance.now();
  dsp.analyse(pcm, 2);
  return performance.now() - start;
};
timed(0);
timed(GROUPS.allH2);
const runs: Record<string, number[]> = { allOn: [] };
for (const name of Object.keys(GROUPS)) runs[name] = [];
for (let r = 0; r < RUNS; r++) {
  for (const [name, mask] of Object.entries(GROUPS)) {
    runs.allOn!.push(timed(0));
    runs[name]!.push(timed(mask));
  }
}
dsp.setDisabledFeatures(0);
const allOn = median(runs.allOn!);
const costMs = Object.fromEntries(Object.keys(GROUPS).map((n) => [n, Number((allOn - median(runs[n]!)).toFixed(1))]));
console.log(JSON.stringify({ allOnMs: Number(allOn.toFixed(1)), costMs }));
