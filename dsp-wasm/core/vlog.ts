/**
 * Vectorised natural logarithm of four positive, normal f32 values (no NaN, 0, ±Inf or subnormal
 * input: callers floor their values first). x = m·2^e with m in [√½, √2); ln m = 2·atanh(s) with
 * s = (m−1)/(m+1), |s| ≤ 0.1716, summed to s⁹ (truncation < 3e-9). Relative error ≈ 1e-7 (f32 rounding).
 * A scalar `Mathf.log` per bin costs ~250 ms per track (PERFORMANCE-NOTES trap 3); this is ~15× cheaper.
 */
// @ts-ignore: decorator
@inline
export function lnF32x4(x: v128): v128 {
  const bits = x;
  let exponent = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(127));
  let mantissa = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000));
  // Centre the mantissa on 1: m > √2 → m/2, e + 1.
  const big = f32x4.gt(mantissa, f32x4.splat(1.4142135623730951));
  mantissa = v128.bitselect(f32x4.mul(mantissa, f32x4.splat(0.5)), mantissa, big);
  exponent = i32x4.sub(exponent, big); // big lanes are −1
  const one = f32x4.splat(1.0);
  const s = f32x4.div(f32x4.sub(mantissa, one), f32x4.add(mantissa, one));
  const s2 = f32x4.mul(s, s);
  // 1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9 (Horner)
  let poly = f32x4.add(f32x4.splat(1.0 / 7.0), f32x4.mul(s2, f32x4.splat(1.0 / 9.0)));
  poly = f32x4.add(f32x4.splat(1.0 / 5.0), f32x4.mul(s2, poly));
  poly = f32x4.add(f32x4.splat(1.0 / 3.0), f32x4.mul(s2, poly));
  poly = f32x4.add(one, f32x4.mul(s2, poly));
  const lnMantissa = f32x4.mul(f32x4.mul(f32x4.splat(2.0), s), poly);
  return f32x4.add(f32x4.mul(f32x4.convert_i32x4_s(exponent), f32x4.splat(0.6931471805599453)), lnMantissa);
}
