/**
 * Real FFT for any power-of-two size n ≥ 2, computed as an n/2-point complex FFT of
 * z[p] = x[2p] + i·x[2p+1] followed by the standard split into even/odd spectra
 * (X[k] = E[k] + W_n^k·O[k]). The complex FFT is radix-2 decimation in time in split (re/im)
 * format: the bit-reversal gather is fused with the first two stages, and the remaining stages run
 * two at a time (radix-4 passes) on f32x4 vectors. Tables (bit reversal, per-stage twiddles,
 * real-split twiddles, scratch) are built once per size and cached. Unscaled: X[k] = Σ x[t]·e^(−2πikt/n).
 */

/** Tables and scratch buffers of one FFT size. */
class FftPlan {
  n: i32;
  /** Complex size m = n/2. */
  m: i32;
  /** rev[q] = bit reversal of 4q over log2(m) bits (m ≥ 4), the source of gathered position 4q. */
  rev: StaticArray<i32>;
  /** destination[s] = bit reversal of s (s < m/4): the gathered position 4q whose source is s. */
  destination: StaticArray<i32>;
  /** Per-stage twiddles W_{2h}^j = e^(−iπj/h) for half-size h, stored at offset h − 1 (j < h). */
  twiddleRe: StaticArray<f32>;
  twiddleIm: StaticArray<f32>;
  /** Real-split twiddles cos(2πk/n) and −sin(2πk/n), k = 0..m. */
  splitCos: StaticArray<f32>;
  splitSin: StaticArray<f32>;
  /** Complex working buffers (length m, padded). */
  re: StaticArray<f32>;
  im: StaticArray<f32>;

  constructor(n: i32) {
    const m = n >> 1;
    const quarter = m >= 4 ? m >> 2 : 1;
    const rev = new StaticArray<i32>(quarter);
    const destination = new StaticArray<i32>(quarter);
    const twiddleRe = new StaticArray<f32>(m + 4);
    const twiddleIm = new StaticArray<f32>(m + 4);
    const splitCos = new StaticArray<f32>(m + 5);
    const splitSin = new StaticArray<f32>(m + 5);
    this.n = n;
    this.m = m;
    this.rev = rev;
    this.destination = destination;
    this.twiddleRe = twiddleRe;
    this.twiddleIm = twiddleIm;
    this.splitCos = splitCos;
    this.splitSin = splitSin;
    this.re = new StaticArray<f32>(m + 4);
    this.im = new StaticArray<f32>(m + 4);
    const bits = 31 - clz<i32>(m);
    for (let q = 0; q < quarter; q++) {
      const p = q << 2;
      let r = 0;
      for (let b = 0; b < bits; b++) if (p & (1 << b)) r |= 1 << (bits - 1 - b);
      unchecked((rev[q] = r));
      let d = 0;
      for (let b = 0; b < bits; b++) if (q & (1 << b)) d |= 1 << (bits - 1 - b);
      unchecked((destination[q] = d));
    }
    for (let h = 1; h < m; h <<= 1) {
      for (let j = 0; j < h; j++) {
        const angle = (-Math.PI * <f64>j) / <f64>h;
        unchecked((twiddleRe[h - 1 + j] = <f32>Math.cos(angle)));
        unchecked((twiddleIm[h - 1 + j] = <f32>Math.sin(angle)));
      }
    }
    for (let k = 0; k <= m; k++) {
      const angle = (2.0 * Math.PI * <f64>k) / <f64>n;
      unchecked((splitCos[k] = <f32>Math.cos(angle)));
      unchecked((splitSin[k] = <f32>-Math.sin(angle)));
    }
  }
}

const plans = new StaticArray<FftPlan | null>(32);

/** The cached plan of size n (a power of two ≥ 2). */
export function fftPlan(n: i32): FftPlan {
  const log2 = 31 - clz<i32>(n);
  let plan = unchecked(plans[log2]);
  if (plan === null) {
    plan = new FftPlan(n);
    unchecked((plans[log2] = plan));
  }
  return plan;
}

/** Scalar gather + first two stages (small sizes). */
function gatherScalar(plan: FftPlan, input: usize, re: usize, im: usize): void {
  const m = plan.m;
  const rev = changetype<usize>(plan.rev);
  const quarter = m >> 2;
  const offsetHalf = <usize>(m >> 1) << 3; // byte offsets into interleaved x (8 bytes per complex)
  const offsetQuarter = <usize>(m >> 2) << 3;
  for (let q = 0; q < quarter; q++) {
    const source = input + (<usize>load<i32>(rev + (<usize>q << 2)) << 3);
    const a0r = load<f32>(source), a0i = load<f32>(source, 4);
    const a1r = load<f32>(source + offsetHalf), a1i = load<f32>(source + offsetHalf, 4);
    const a2r = load<f32>(source + offsetQuarter), a2i = load<f32>(source + offsetQuarter, 4);
    const s3 = source + offsetQuarter + offsetHalf;
    const a3r = load<f32>(s3), a3i = load<f32>(s3, 4);
    const b0r = a0r + a1r, b0i = a0i + a1i, b1r = a0r - a1r, b1i = a0i - a1i;
    const b2r = a2r + a3r, b2i = a2i + a3i, b3r = a2r - a3r, b3i = a2i - a3i;
    const out = <usize>q << 4;
    store<f32>(re + out, b0r + b2r);
    store<f32>(im + out, b0i + b2i);
    store<f32>(re + out, b1r + b3i, 4);
    store<f32>(im + out, b1i - b3r, 4);
    store<f32>(re + out, b0r - b2r, 8);
    store<f32>(im + out, b0i - b2i, 8);
    store<f32>(re + out, b1r - b3i, 12);
    store<f32>(im + out, b1i + b3r, 12);
  }
}

/**
 * Vector gather + first two stages (m ≥ 16): four consecutive sources s..s+3 are loaded as
 * vectors (de-interleaving re/im), the radix-4 butterflies run lane-wise, and a 4×4 transpose turns
 * the four outputs of each lane into one contiguous store at position rev(s)·… (destination table).
 */
function gatherVector(plan: FftPlan, input: usize, re: usize, im: usize): void {
  const m = plan.m;
  const destination = changetype<usize>(plan.destination);
  const quarter = m >> 2;
  const offsetQuarter = <usize>quarter << 3;
  const offsetHalf = offsetQuarter << 1;
  for (let s = 0; s < quarter; s += 4) {
    const source = input + (<usize>s << 3);
    let lo = v128.load(source), hi = v128.load(source, 16);
    const a0r = v128.shuffle<f32>(lo, hi, 0, 2, 4, 6), a0i = v128.shuffle<f32>(lo, hi, 1, 3, 5, 7);
    lo = v128.load(source + offsetHalf);
    hi = v128.load(source + offsetHalf, 16);
    const a1r = v128.shuffle<f32>(lo, hi, 0, 2, 4, 6), a1i = v128.shuffle<f32>(lo, hi, 1, 3, 5, 7);
    lo = v128.load(source + offsetQuarter);
    hi = v128.load(source + offsetQuarter, 16);
    const a2r = v128.shuffle<f32>(lo, hi, 0, 2, 4, 6), a2i = v128.shuffle<f32>(lo, hi, 1, 3, 5, 7);
    lo = v128.load(source + offsetQuarter + offsetHalf);
    hi = v128.load(source + offsetQuarter + offsetHalf, 16);
    const a3r = v128.shuffle<f32>(lo, hi, 0, 2, 4, 6), a3i = v128.shuffle<f32>(lo, hi, 1, 3, 5, 7);
    const b0r = f32x4.add(a0r, a1r), b0i = f32x4.add(a0i, a1i), b1r = f32x4.sub(a0r, a1r), b1i = f32x4.sub(a0i, a1i);
    const b2r = f32x4.add(a2r, a3r), b2i = f32x4.add(a2i, a3i), b3r = f32x4.sub(a2r, a3r), b3i = f32x4.sub(a2i, a3i);
    const c0r = f32x4.add(b0r, b2r), c0i = f32x4.add(b0i, b2i);
    const c1r = f32x4.add(b1r, b3i), c1i = f32x4.sub(b1i, b3r);
    const c2r = f32x4.sub(b0r, b2r), c2i = f32x4.sub(b0i, b2i);
    const c3r = f32x4.sub(b1r, b3i), c3i = f32x4.add(b1i, b3r);
    const d = destination + (<usize>s << 2);
    const p0 = <usize>load<i32>(d) << 2, p1 = <usize>load<i32>(d, 4) << 2;
    const p2 = <usize>load<i32>(d, 8) << 2, p3 = <usize>load<i32>(d, 12) << 2;
    transposeStore(re, p0, p1, p2, p3, c0r, c1r, c2r, c3r);
    transposeStore(im, p0, p1, p2, p3, c0i, c1i, c2i, c3i);
  }
}

/** Stores lane l of (c0, c1, c2, c3) as one vector at base + p_l. */
// @ts-ignore: decorator
@inline
function transposeStore(base: usize, p0: usize, p1: usize, p2: usize, p3: usize, c0: v128, c1: v128, c2: v128, c3: v128): void {
  const t0 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
  v128.store(base + p0, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(base + p1, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(base + p2, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(base + p3, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/**
 * Complex FFT of z[p] = x[2p] + i·x[2p+1] (p < m) into plan.re / plan.im, natural order.
 * `input` points at n f32 values.
 */
function complexTransform(plan: FftPlan, input: usize): void {
  const m = plan.m;
  const re = changetype<usize>(plan.re);
  const im = changetype<usize>(plan.im);
  if (m < 4) {
    // Tiny sizes: direct complex DFT (m = 1 or 2).
    if (m == 1) {
      store<f32>(re, load<f32>(input));
      store<f32>(im, load<f32>(input, 4));
    } else {
      const ar = load<f32>(input), ai = load<f32>(input, 4), br = load<f32>(input, 8), bi = load<f32>(input, 12);
      store<f32>(re, ar + br);
      store<f32>(im, ai + bi);
      store<f32>(re, ar - br, 4);
      store<f32>(im, ai - bi, 4);
    }
    return;
  }
  // Gather in bit-reversed order, fused with stage 1 (half 1) and stage 2 (half 2, twiddles 1, −i).
  // Gathered positions 4q..4q+3 come from sources s, s + m/2, s + m/4, s + 3m/4 with s = rev(4q) < m/4.
  if (m >= 16) gatherVector(plan, input, re, im);
  else gatherScalar(plan, input, re, im);
  const twRe = changetype<usize>(plan.twiddleRe);
  const twIm = changetype<usize>(plan.twiddleIm);
  let h = 4;
  // Radix-4 passes: stages (h, 2h) together.
  while (h << 1 < m) {
    const h2 = h << 1;
    const block = h << 2;
    const hBytes = <usize>h << 2;
    const w1Offset = <usize>(h - 1) << 2;
    const w2Offset = <usize>(h2 - 1) << 2;
    for (let g = 0; g < m; g += block) {
      const base = <usize>g << 2;
      for (let j = 0; j < h; j += 4) {
        const jb = <usize>j << 2;
        const p0 = base + jb;
        const p1 = p0 + hBytes;
        const p2 = p1 + hBytes;
        const p3 = p2 + hBytes;
        const w1r = v128.load(twRe + w1Offset + jb), w1i = v128.load(twIm + w1Offset + jb);
        const q0r = v128.load(re + p0), q0i = v128.load(im + p0);
        const q1r = v128.load(re + p1), q1i = v128.load(im + p1);
        const q2r = v128.load(re + p2), q2i = v128.load(im + p2);
        const q3r = v128.load(re + p3), q3i = v128.load(im + p3);
        // stage h: t = w1·q1, u = w1·q3
        const tr = f32x4.sub(f32x4.mul(w1r, q1r), f32x4.mul(w1i, q1i));
        const ti = f32x4.add(f32x4.mul(w1r, q1i), f32x4.mul(w1i, q1r));
        const ur = f32x4.sub(f32x4.mul(w1r, q3r), f32x4.mul(w1i, q3i));
        const ui = f32x4.add(f32x4.mul(w1r, q3i), f32x4.mul(w1i, q3r));
        const a0r = f32x4.add(q0r, tr), a0i = f32x4.add(q0i, ti);
        const a1r = f32x4.sub(q0r, tr), a1i = f32x4.sub(q0i, ti);
        const a2r = f32x4.add(q2r, ur), a2i = f32x4.add(q2i, ui);
        const a3r = f32x4.sub(q2r, ur), a3i = f32x4.sub(q2i, ui);
        // stage 2h: twiddles W_{4h}^j for (a0, a2) and W_{4h}^(j+h) for (a1, a3)
        const w2r = v128.load(twRe + w2Offset + jb), w2i = v128.load(twIm + w2Offset + jb);
        const w3r = v128.load(twRe + w2Offset + jb + hBytes), w3i = v128.load(twIm + w2Offset + jb + hBytes);
        const vr = f32x4.sub(f32x4.mul(w2r, a2r), f32x4.mul(w2i, a2i));
        const vi = f32x4.add(f32x4.mul(w2r, a2i), f32x4.mul(w2i, a2r));
        const xr = f32x4.sub(f32x4.mul(w3r, a3r), f32x4.mul(w3i, a3i));
        const xi = f32x4.add(f32x4.mul(w3r, a3i), f32x4.mul(w3i, a3r));
        v128.store(re + p0, f32x4.add(a0r, vr));
        v128.store(im + p0, f32x4.add(a0i, vi));
        v128.store(re + p2, f32x4.sub(a0r, vr));
        v128.store(im + p2, f32x4.sub(a0i, vi));
        v128.store(re + p1, f32x4.add(a1r, xr));
        v128.store(im + p1, f32x4.add(a1i, xi));
        v128.store(re + p3, f32x4.sub(a1r, xr));
        v128.store(im + p3, f32x4.sub(a1i, xi));
      }
    }
    h <<= 2;
  }
  // A last radix-2 pass when the number of vector stages is odd.
  if (h < m) {
    const hBytes = <usize>h << 2;
    const wOffset = <usize>(h - 1) << 2;
    for (let j = 0; j < h; j += 4) {
      const jb = <usize>j << 2;
      const wr = v128.load(twRe + wOffset + jb), wi = v128.load(twIm + wOffset + jb);
      const ar = v128.load(re + jb), ai = v128.load(im + jb);
      const br = v128.load(re + jb + hBytes), bi = v128.load(im + jb + hBytes);
      const tr = f32x4.sub(f32x4.mul(wr, br), f32x4.mul(wi, bi));
      const ti = f32x4.add(f32x4.mul(wr, bi), f32x4.mul(wi, br));
      v128.store(re + jb, f32x4.add(ar, tr));
      v128.store(im + jb, f32x4.add(ai, ti));
      v128.store(re + jb + hBytes, f32x4.sub(ar, tr));
      v128.store(im + jb + hBytes, f32x4.sub(ai, ti));
    }
  }
}

/**
 * Power spectrum |X[k]|², k = 0..n/2, of the real signal at `input` (n f32 values), written to
 * `power` (n/2 + 1 f32 values). Unscaled: a full-scale sine through a periodic Hann window of
 * n = 2048 peaks at (n/4)² = 262144.
 */
export function realFftPower(n: i32, input: usize, power: usize): void {
  const plan = fftPlan(n);
  complexTransform(plan, input);
  const m = plan.m;
  const re = changetype<usize>(plan.re);
  const im = changetype<usize>(plan.im);
  const z0r = load<f32>(re), z0i = load<f32>(im);
  store<f32>(power, (z0r + z0i) * (z0r + z0i));
  store<f32>(power + (<usize>m << 2), (z0r - z0i) * (z0r - z0i));
  const cosTable = changetype<usize>(plan.splitCos);
  const sinTable = changetype<usize>(plan.splitSin);
  let k = 1;
  if (m >= 8) {
    const half = f32x4.splat(0.5);
    // k .. k+3 paired with m−k .. m−k−3 (loaded from m−k−3 and reversed).
    for (; k + 3 < m; k += 4) {
      const kb = <usize>k << 2;
      const mirror = <usize>(m - k - 3) << 2;
      const ar = v128.load(re + kb), ai = v128.load(im + kb);
      const br = v128.shuffle<f32>(v128.load(re + mirror), v128.load(re + mirror), 3, 2, 1, 0);
      const bi = v128.shuffle<f32>(v128.load(im + mirror), v128.load(im + mirror), 3, 2, 1, 0);
      const sr = f32x4.add(ar, br), si = f32x4.sub(ai, bi);
      const dr = f32x4.sub(ar, br), di = f32x4.add(ai, bi);
      const c = v128.load(cosTable + kb), s = v128.load(sinTable + kb);
      const xr = f32x4.mul(half, f32x4.add(sr, f32x4.add(f32x4.mul(c, di), f32x4.mul(s, dr))));
      const xi = f32x4.mul(half, f32x4.add(si, f32x4.sub(f32x4.mul(s, di), f32x4.mul(c, dr))));
      v128.store(power + kb, f32x4.add(f32x4.mul(xr, xr), f32x4.mul(xi, xi)));
    }
  }
  for (; k < m; k++) {
    const kb = <usize>k << 2;
    const mirror = <usize>(m - k) << 2;
    const ar = load<f32>(re + kb), ai = load<f32>(im + kb);
    const br = load<f32>(re + mirror), bi = load<f32>(im + mirror);
    const sr = ar + br, si = ai - bi, dr = ar - br, di = ai + bi;
    const c = load<f32>(cosTable + kb), s = load<f32>(sinTable + kb);
    const xr = <f32>0.5 * (sr + c * di + s * dr);
    const xi = <f32>0.5 * (si + s * di - c * dr);
    store<f32>(power + kb, xr * xr + xi * xi);
  }
}

/**
 * Complex spectrum X[k], k = 0..n/2, of the real signal at `input` (n f32 values) into `outRe` /
 * `outIm` (n/2 + 1 f32 each). Scalar split; used by tests and off the hot path.
 */
export function realFftComplex(n: i32, input: usize, outRe: usize, outIm: usize): void {
  const plan = fftPlan(n);
  complexTransform(plan, input);
  const m = plan.m;
  const re = changetype<usize>(plan.re);
  const im = changetype<usize>(plan.im);
  const z0r = load<f32>(re), z0i = load<f32>(im);
  store<f32>(outRe, z0r + z0i);
  store<f32>(outIm, 0);
  store<f32>(outRe + (<usize>m << 2), z0r - z0i);
  store<f32>(outIm + (<usize>m << 2), 0);
  const cosTable = changetype<usize>(plan.splitCos);
  const sinTable = changetype<usize>(plan.splitSin);
  for (let k = 1; k < m; k++) {
    const kb = <usize>k << 2;
    const mirror = <usize>(m - k) << 2;
    const ar = load<f32>(re + kb), ai = load<f32>(im + kb);
    const br = load<f32>(re + mirror), bi = load<f32>(im + mirror);
    const sr = ar + br, si = ai - bi, dr = ar - br, di = ai + bi;
    const c = load<f32>(cosTable + kb), s = load<f32>(sinTable + kb);
    store<f32>(outRe + kb, <f32>0.5 * (sr + c * di + s * dr));
    store<f32>(outIm + kb, <f32>0.5 * (si + s * di - c * dr));
  }
}
