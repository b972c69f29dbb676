/**
 * Low-pass + decimation by 4 of the mono mix, 44 100 Hz → 11 025 Hz, for YIN (SPEC-fingerprint.md
 * dimension 19 allows any rate ≥ 8 kHz). 48-tap linear-phase FIR: a Blackman-windowed sinc with its
 * −6 dB point at 5 kHz (flat to ≈ 2.5 kHz, ≥ 74 dB down from ≈ 7.5 kHz, so nothing aliases into the
 * 65–2100 Hz f0 range), unit gain at DC. Only every 4th output is computed: y[n] = Σ_j h[j]·x[4n + j]
 * (a constant delay of 23.5 input samples, irrelevant to f0). Streaming: input arrives in chunks of
 * any size; the filter history is carried over.
 */

export const DECIMATION: i32 = 4;
export const DECIMATED_RATE: f64 = 44100.0 / <f64>DECIMATION;
export const FIR_TAPS: i32 = 48;
const CUTOFF_HZ: f64 = 5000.0;
const STAGING_CAPACITY: i32 = 4096;

const taps = new StaticArray<f32>(FIR_TAPS);
{
  let sum: f64 = 0;
  const centre = <f64>(FIR_TAPS - 1) / 2.0;
  const normalisedCutoff = CUTOFF_HZ / 44100.0; // cycles per sample
  const values = new StaticArray<f64>(FIR_TAPS);
  for (let j = 0; j < FIR_TAPS; j++) {
    const t = <f64>j - centre;
    const sinc = t == 0 ? 2.0 * normalisedCutoff : Math.sin(2.0 * Math.PI * normalisedCutoff * t) / (Math.PI * t);
    const phase = (2.0 * Math.PI * <f64>j) / <f64>(FIR_TAPS - 1);
    const blackman = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2.0 * phase);
    values[j] = sinc * blackman;
    sum += values[j];
  }
  for (let j = 0; j < FIR_TAPS; j++) taps[j] = <f32>(values[j] / sum);
}

// staged input: staging[0] is input sample `stagedFrom`; the next output starts at staged index `nextInput`
const staging = new StaticArray<f32>(STAGING_CAPACITY + FIR_TAPS + 4);
let stagedCount = 0;
let nextInput = 0;

/** Starts a new track (forgets the filter history). */
export function decimatorReset(): void {
  stagedCount = 0;
  nextInput = 0;
}

/** The FIR coefficients (for tests): byte address of FIR_TAPS f32 values. */
export function decimatorTapsPointer(): usize {
  return changetype<usize>(taps);
}

/**
 * Filters `count` mono samples at `input` (f32, 44.1 kHz) and writes the decimated samples that
 * became complete to `output` (f32, 11.025 kHz). Returns how many were written (≤ count/4 + 1).
 */
export function decimate(input: usize, count: i32, output: usize): i32 {
  const stage = changetype<usize>(staging);
  const h = changetype<usize>(taps);
  const h0 = v128.load(h);
  const h1 = v128.load(h + 16);
  const h2 = v128.load(h + 32);
  const h3 = v128.load(h + 48);
  const h4 = v128.load(h + 64);
  const h5 = v128.load(h + 80);
  const h6 = v128.load(h + 96);
  const h7 = v128.load(h + 112);
  const h8 = v128.load(h + 128);
  const h9 = v128.load(h + 144);
  const h10 = v128.load(h + 160);
  const h11 = v128.load(h + 176);
  let written = 0;
  let consumed = 0;
  while (consumed < count) {
    const take = min(count - consumed, STAGING_CAPACITY + FIR_TAPS - stagedCount);
    memory.copy(stage + (<usize>stagedCount << 2), input + (<usize>consumed << 2), <usize>take << 2);
    stagedCount += take;
    consumed += take;
    // Four outputs at a time: output o reads the vectors x + 4·(o + i), so 15 loads serve the 48 products, and the
    // four accumulations are independent; each output's sum runs in the same order as the single-output loop below.
    while (nextInput + 3 * DECIMATION + FIR_TAPS <= stagedCount) {
      const x = stage + (<usize>nextInput << 2);
      let v0 = v128.load(x);
      let v1 = v128.load(x + 16);
      let v2 = v128.load(x + 32);
      let v3 = v128.load(x + 48);
      let a0 = f32x4.mul(h0, v0);
      let a1 = f32x4.mul(h0, v1);
      let a2 = f32x4.mul(h0, v2);
      let a3 = f32x4.mul(h0, v3);
      a0 = f32x4.add(a0, f32x4.mul(h1, v1));
      a1 = f32x4.add(a1, f32x4.mul(h1, v2));
      a2 = f32x4.add(a2, f32x4.mul(h1, v3));
      v0 = v128.load(x + 64);
      a3 = f32x4.add(a3, f32x4.mul(h1, v0));
      a0 = f32x4.add(a0, f32x4.mul(h2, v2));
      a1 = f32x4.add(a1, f32x4.mul(h2, v3));
      a2 = f32x4.add(a2, f32x4.mul(h2, v0));
      v1 = v128.load(x + 80);
      a3 = f32x4.add(a3, f32x4.mul(h2, v1));
      a0 = f32x4.add(a0, f32x4.mul(h3, v3));
      a1 = f32x4.add(a1, f32x4.mul(h3, v0));
      a2 = f32x4.add(a2, f32x4.mul(h3, v1));
      v2 = v128.load(x + 96);
      a3 = f32x4.add(a3, f32x4.mul(h3, v2));
      a0 = f32x4.add(a0, f32x4.mul(h4, v0));
      a1 = f32x4.add(a1, f32x4.mul(h4, v1));
      a2 = f32x4.add(a2, f32x4.mul(h4, v2));
      v3 = v128.load(x + 112);
      a3 = f32x4.add(a3, f32x4.mul(h4, v3));
      a0 = f32x4.add(a0, f32x4.mul(h5, v1));
      a1 = f32x4.add(a1, f32x4.mul(h5, v2));
      a2 = f32x4.add(a2, f32x4.mul(h5, v3));
      v0 = v128.load(x + 128);
      a3 = f32x4.add(a3, f32x4.mul(h5, v0));
      a0 = f32x4.add(a0, f32x4.mul(h6, v2));
      a1 = f32x4.add(a1, f32x4.mul(h6, v3));
      a2 = f32x4.add(a2, f32x4.mul(h6, v0));
      v1 = v128.load(x + 144);
      a3 = f32x4.add(a3, f32x4.mul(h6, v1));
      a0 = f32x4.add(a0, f32x4.mul(h7, v3));
      a1 = f32x4.add(a1, f32x4.mul(h7, v0));
      a2 = f32x4.add(a2, f32x4.mul(h7, v1));
      v2 = v128.load(x + 160);
      a3 = f32x4.add(a3, f32x4.mul(h7, v2));
      a0 = f32x4.add(a0, f32x4.mul(h8, v0));
      a1 = f32x4.add(a1, f32x4.mul(h8, v1));
      a2 = f32x4.add(a2, f32x4.mul(h8, v2));
      v3 = v128.load(x + 176);
      a3 = f32x4.add(a3, f32x4.mul(h8, v3));
      a0 = f32x4.add(a0, f32x4.mul(h9, v1));
      a1 = f32x4.add(a1, f32x4.mul(h9, v2));
      a2 = f32x4.add(a2, f32x4.mul(h9, v3));
      v0 = v128.load(x + 192);
      a3 = f32x4.add(a3, f32x4.mul(h9, v0));
      a0 = f32x4.add(a0, f32x4.mul(h10, v2));
      a1 = f32x4.add(a1, f32x4.mul(h10, v3));
      a2 = f32x4.add(a2, f32x4.mul(h10, v0));
      v1 = v128.load(x + 208);
      a3 = f32x4.add(a3, f32x4.mul(h10, v1));
      a0 = f32x4.add(a0, f32x4.mul(h11, v3));
      a1 = f32x4.add(a1, f32x4.mul(h11, v0));
      a2 = f32x4.add(a2, f32x4.mul(h11, v1));
      v2 = v128.load(x + 224);
      a3 = f32x4.add(a3, f32x4.mul(h11, v2));
      const out = output + (<usize>written << 2);
      store<f32>(out, horizontalSum(a0));
      store<f32>(out, horizontalSum(a1), 4);
      store<f32>(out, horizontalSum(a2), 8);
      store<f32>(out, horizontalSum(a3), 12);
      written += 4;
      nextInput += 4 * DECIMATION;
    }
    while (nextInput + FIR_TAPS <= stagedCount) {
      const x = stage + (<usize>nextInput << 2);
      let acc = f32x4.mul(h0, v128.load(x));
      acc = f32x4.add(acc, f32x4.mul(h1, v128.load(x + 16)));
      acc = f32x4.add(acc, f32x4.mul(h2, v128.load(x + 32)));
      acc = f32x4.add(acc, f32x4.mul(h3, v128.load(x + 48)));
      acc = f32x4.add(acc, f32x4.mul(h4, v128.load(x + 64)));
      acc = f32x4.add(acc, f32x4.mul(h5, v128.load(x + 80)));
      acc = f32x4.add(acc, f32x4.mul(h6, v128.load(x + 96)));
      acc = f32x4.add(acc, f32x4.mul(h7, v128.load(x + 112)));
      acc = f32x4.add(acc, f32x4.mul(h8, v128.load(x + 128)));
      acc = f32x4.add(acc, f32x4.mul(h9, v128.load(x + 144)));
      acc = f32x4.add(acc, f32x4.mul(h10, v128.load(x + 160)));
      acc = f32x4.add(acc, f32x4.mul(h11, v128.load(x + 176)));
      store<f32>(output + (<usize>written << 2), horizontalSum(acc));
      written++;
      nextInput += DECIMATION;
    }
    // keep the unconsumed history at the front
    const keep = stagedCount - nextInput;
    memory.copy(stage, stage + (<usize>nextInput << 2), <usize>keep << 2);
    stagedCount = keep;
    nextInput = 0;
  }
  return written;
}

/** (a0 + a2) + (a1 + a3) of the accumulator's lanes: the decimator's order of the final sum. */
// @ts-ignore: decorator
@inline
function horizontalSum(acc: v128): f32 {
  const pair = f32x4.add(acc, v128.shuffle<f32>(acc, acc, 2, 3, 0, 1));
  return f32x4.extract_lane(pair, 0) + f32x4.extract_lane(pair, 1);
}
