/**
 * Idle DSP instances kept for reuse. An instance owns a few MB of WASM memory; reusing it avoids the
 * page faults of fresh memory on every track (PERFORMANCE-NOTES trap 4) and a re-instantiation. Each
 * analysis takes an instance for itself, so concurrent analyses in one thread never share one.
 * This is a cache of interchangeable, reset-on-use objects (every analysis starts with `begin`).
 */
import { type Dsp, createDsp } from './wasm.ts';

const idle: Dsp[] = [];
/** More idle instances than this are dropped (a burst of concurrent analyses should not pin memory). */
const MAX_IDLE = 2;

/** Runs `work` with a DSP instance of its own, returned to the pool afterwards. */
export async function withDsp<T>(work: (dsp: Dsp) => Promise<T> | T): Promise<T> {
  const dsp = idle.pop() ?? (await createDsp());
  try {
    return await work(dsp);
  } finally {
    if (idle.length < MAX_IDLE) idle.push(dsp);
  }
}
