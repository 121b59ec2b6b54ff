/**
 * The complex 2-D wavelet transforms in WebAssembly SIMD (src/core/wavelets/simd2.ts) against
 * PyWavelets (test/fixtures/core_wavelets.json, scripts/fixtures/core_wavelets.py) on both paths,
 * and entry by entry against the JavaScript path (same operations in the same order), over
 * random wavelets, shapes and levels (fast-check, seeded).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { planWavelet2, WAVELET_NAMES } from '../../src/core/wavelets/index.ts';
import { setWaveletWasm, waveletKernels } from '../../src/core/wavelets/wasm.ts';

type Case = { wavelet: string; level: number; ny: number; nx: number; complex: boolean; x: number[]; coeffs: number[] };
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_wavelets.json', import.meta.url), 'utf8')) as {
  wavedec2: Case[];
};
const TOL = 1e-12;

function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / s);
}

it('the WebAssembly SIMD wavelet kernels are available in this runtime (so both paths are tested)', () => {
  for (const F of [2, 4, 8, 16]) assert.notEqual(waveletKernels(F), null, `F = ${F}`);
});

for (const mode of ['SIMD', 'JavaScript'] as const) {
  describe(`complex wavedec2 / waverec2 against pywt, ${mode} path`, () => {
    before(() => setWaveletWasm(mode === 'SIMD'));
    after(() => setWaveletWasm(true));
    for (const c of fx.wavedec2.filter((e) => e.complex)) {
      it(`${c.wavelet} level ${c.level} ${c.ny}x${c.nx}`, () => {
        const p = planWavelet2(c.ny, c.nx, { wavelet: c.wavelet, levels: c.level });
        const got = p.forwardComplex(Float64Array.from(c.x), new Float64Array(c.x.length));
        assert.ok(rel(got, c.coeffs) <= TOL, `forward: ${rel(got, c.coeffs)}`);
        const back = p.inverseComplex(Float64Array.from(c.coeffs), new Float64Array(c.x.length));
        assert.ok(rel(back, c.x) <= TOL, `inverse: ${rel(back, c.x)}`);
      });
    }
  });
}

describe('SIMD and JavaScript complex 2-D transforms agree entry by entry', () => {
  function both(ny: number, nx: number, name: string, levels: number, seed: number): void {
    const x = Float64Array.from(fc.sample(fc.double({ min: -1, max: 1, noNaN: true }), { seed, numRuns: 2 * ny * nx }));
    const out: Float64Array[] = [];
    try {
      for (const on of [true, false]) {
        setWaveletWasm(on);
        const p = planWavelet2(ny, nx, { wavelet: name, levels });
        const c = p.forwardComplex(x, new Float64Array(x.length));
        out.push(c, p.inverseComplex(c, new Float64Array(x.length)));
      }
    } finally {
      setWaveletWasm(true);
    }
    const label = `${name} ${ny}x${nx} levels=${levels}`;
    for (let i = 0; i < x.length; i++) {
      if (out[0][i] !== out[2][i]) assert.fail(`${label}: forward entry ${i}: ${out[0][i]} vs ${out[2][i]}`);
      if (out[1][i] !== out[3][i]) assert.fail(`${label}: inverse entry ${i}: ${out[1][i]} vs ${out[3][i]}`);
    }
    assert.ok(rel(out[1], x) <= TOL, `${label}: round trip`);
  }
  it('random wavelets, shapes (sides 2^k m) and levels', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WAVELET_NAMES),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (name, ky, my, kx, mx, lv, seed) => {
          const levels = 1 + (lv % Math.min(ky, kx));
          both(my * 2 ** ky, mx * 2 ** kx, name, levels, seed);
        },
      ),
      { seed: 20260601, numRuns: 80 },
    );
  });
  it('the benchmark case: db4 level 4 on 256x256', () => both(256, 256, 'db4', 4, 7));
});
