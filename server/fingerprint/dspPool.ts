/**
 * Idle DSP instances kept for reuse. An instance owns a few MB of WASM memory; reusing it avoids the
 * page faults of fresh memory on every track (PERFORMANCE-NOTES trap 4) and a re-instantiation. Each
 * analysis takes an instance for itself, so concurrent analyses in one thread never share one.
 * This is a cache of interchangeable, reset-on-use objects (every analysis starts with `begin`).
 */
import { isAuralisError } from '../errors.ts';
import { type Dsp, createDsp } from './wasm.ts';

const idle: Dsp[] = [];
/** More idle instances than this are dropped (a burst of concurrent analyses should not pin memory). */
const MAX_IDLE = 2;

/** Runs `work` with a DSP instance of its own, returned to the pool afterwards. */
export async function withDsp<T>(work: (dsp: Dsp) => Promise<T> | T): Promise<T> {
  const dsp = idle.pop() ?? (await createDsp());
  let reusable = false;
  try {
    const result = await work(dsp);
    reusable = true;
    return result;
  } catch (error) {
    // A named error (unreadable file, abort, timeout…) leaves the instance sound: the next `begin` resets
    // it. Anything else may be a WASM trap mid-call, after which the instance's state is not trusted.
    reusable = isAuralisError(error);
    throw error;
  } finally {
    if (reusable && idle.length < MAX_IDLE) idle.push(dsp);
  }
}
