import { beforeAll, describe, expect, it } from 'vitest';
import { createDsp, type Dsp } from '../../server/fingerprint/wasm.ts';
import { directDft as referenceDft } from '../../fixtures/framePowerSpectrum.ts';
import { seededRandom } from '../../fixtures/random.ts';

function randomSignal(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: n }, () => Math.fround(2 * random() - 1));
}

describe('real FFT (WASM, f32 SIMD) against a plain-TypeScript DFT', () => {
  let dsp: Dsp;
  beforeAll(async () => {
    dsp = await createDsp({ debug: true });
  });

  function runFft(x: Float64Array, kind: 'complex' | 'power'): { re: Float32Array; im: Float32Array } {
    const e = dsp.rawExports;
    new Float32Array(e.memory.buffer, e.testSignalPointer(), x.length).set(x);
    if (kind === 'complex') e.testFftComplex(x.length);
    else e.testFftPower(x.length);
    const bins = x.length / 2 + 1;
    return {
      re: new Float32Array(e.memory.buffer, e.testSpectrumRePointer(), bins).slice(),
      im: new Float32Array(e.memory.buffer, e.testSpectrumImPointer(), bins).slice(),
    };
  }

  for (const n of [2, 4, 8, 16, 32, 64, 128, 512, 2048, 4096]) {
    it(`n = ${n}: complex spectrum within 1e-5 of the reference, relative to the spectrum's norm`, () => {
      const x = randomSignal(n, n);
      const reference = referenceDft(x);
      const got = runFft(x, 'complex');
      let errorSquares = 0;
      let normSquares = 0;
      for (let k = 0; k <= n / 2; k++) {
        errorSquares += (got.re[k]! - reference.re[k]!) ** 2 + (got.im[k]! - reference.im[k]!) ** 2;
        normSquares += reference.re[k]! ** 2 + reference.im[k]! ** 2;
      }
      expect(Math.sqrt(errorSquares / normSquares)).toBeLessThan(1e-5);
    });

    it(`n = ${n}: power spectrum |X[k]|² within 1e-5 of the reference, relative to the total power`, () => {
      const x = randomSignal(n, 1000 + n);
      const reference = referenceDft(x);
      const got = runFft(x, 'power');
      let errorSum = 0;
      let total = 0;
      for (let k = 0; k <= n / 2; k++) {
        const expected = reference.re[k]! ** 2 + reference.im[k]! ** 2;
        errorSum += Math.abs(got.re[k]! - expected);
        total += expected;
      }
      expect(errorSum / total).toBeLessThan(1e-5);
    });
  }

  it('is linear and puts a bin-centred cosine in exactly one bin (n = 2048)', () => {
    const n = 2048;
    const x = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 100 * t) / n));
    const got = runFft(x, 'power');
    expect(got.re[100]).toBeCloseTo((n / 2) ** 2, -1); // (n/2)² = 1 048 576, to ±5
    let elsewhere = 0;
    for (let k = 0; k <= n / 2; k++) if (k !== 100) elsewhere += got.re[k]!;
    expect(elsewhere / got.re[100]!).toBeLessThan(1e-9);
  });
});
