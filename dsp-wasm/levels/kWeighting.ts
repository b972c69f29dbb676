/**
 * K-weighting filter of ITU-R BS.1770-4 for any sample rate, designed from the standard's analog
 * prototypes by the bilinear transform with pre-warping (the design used by libebur128 and
 * ffmpeg's ebur128; at 48 kHz it reproduces the coefficients printed in BS.1770-4, Tables 1–2):
 * stage 1, a high shelf (f0 ≈ 1681.97 Hz, +4.0 dB, Q ≈ 0.7072), the acoustic effect of the head;
 * stage 2, the RLB high-pass (f0 ≈ 38.14 Hz, Q ≈ 0.5003). Coefficients are normalised to a0 = 1:
 * y[n] = b0·x[n] + b1·x[n−1] + b2·x[n−2] − a1·y[n−1] − a2·y[n−2].
 */
export class Biquad {
  b0: f64 = 1;
  b1: f64 = 0;
  b2: f64 = 0;
  a1: f64 = 0;
  a2: f64 = 0;
}

/** Stage 1 (high shelf) of the K-weighting at `sampleRate` Hz. */
export function kWeightingShelf(sampleRate: f64): Biquad {
  const f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  const q = 0.7071752369554196;
  const k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = Math.pow(10.0, gainDb / 20.0);
  const vb = Math.pow(vh, 0.4996667741545416);
  const a0 = 1.0 + k / q + k * k;
  const filter = new Biquad();
  filter.b0 = (vh + (vb * k) / q + k * k) / a0;
  filter.b1 = (2.0 * (k * k - vh)) / a0;
  filter.b2 = (vh - (vb * k) / q + k * k) / a0;
  filter.a1 = (2.0 * (k * k - 1.0)) / a0;
  filter.a2 = (1.0 - k / q + k * k) / a0;
  return filter;
}

/** Stage 2 (RLB high-pass) of the K-weighting at `sampleRate` Hz; numerator 1, −2, 1 as in BS.1770. */
export function kWeightingHighPass(sampleRate: f64): Biquad {
  const f0 = 38.13547087602444;
  const q = 0.5003270373238773;
  const k = Math.tan((Math.PI * f0) / sampleRate);
  const a0 = 1.0 + k / q + k * k;
  const filter = new Biquad();
  filter.b0 = 1.0;
  filter.b1 = -2.0;
  filter.b2 = 1.0;
  filter.a1 = (2.0 * (k * k - 1.0)) / a0;
  filter.a2 = (1.0 - k / q + k * k) / a0;
  return filter;
}
