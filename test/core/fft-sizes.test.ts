/**
 * FFTs of lengths that are not powers of two (mixed radix 2/3/4/5/7, the generic odd-prime
 * butterfly, Bluestein) against numpy.fft and scipy.fft (test/fixtures/core_fft_sizes.json,
 * written by scripts/fixtures/core_fft_sizes.py) at 1e-12 relative, on the WebAssembly SIMD
 * stages and on the JavaScript stages. Inputs are regenerated here from the script's integer
 * hash; long outputs are compared through sampled entries, their norm and two hashed linear
 * functionals (see the script).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  centeredFft2Plan,
  dct2Plan,
  dctPlan,
  type FftNorm,
  fft2Plan,
  fftPlan,
  fftSimd,
  rfftPlan,
  setFftWasm,
} from '../../src/core/fft/index.ts';

type Summary =
  | { full: number[] }
  | { length: number; idx: number[]; val: number[]; norm: number; wseed: number[]; dot: number[] };
type Case<K extends string> = { seed: number } & Record<K, Summary>;
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_fft_sizes.json', import.meta.url), 'utf8')) as {
  fft: ({ n: number } & Case<string>)[];
  fft2: ({ ny: number; nx: number } & Case<'fft2_backward' | 'ifft2_ortho'>)[];
  centered: ({ ny: number; nx: number } & Case<'fft2c' | 'ifft2c'>)[];
  rfft: ({ n: number; Xseed: number } & Case<'rfft' | 'irfft'>)[];
  dct: ({ n: number } & Case<'dct2' | 'dct3'>)[];
  dctn: ({ ny: number; nx: number } & Case<'dctn2' | 'dctn3'>)[];
};

const TOL = 1e-12;

/** murmur3's 32-bit finaliser (the script's fmix32). */
function fmix32(i: number): number {
  let h = i >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The script's inputs: count doubles fmix32(i + 65536 seed) / 2^32 - 0.5. */
function hashed(count: number, seed: number): Float64Array {
  const x = new Float64Array(count);
  for (let i = 0; i < count; i++) x[i] = fmix32(i + 65536 * seed) / 2 ** 32 - 0.5;
  return x;
}

function norm2(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Relative error of `got` against a summary of numpy's output, at most TOL. */
function check(got: Float64Array, ref: Summary, label: string): void {
  if ('full' in ref) {
    assert.equal(got.length, ref.full.length, `${label}: length`);
    let d = 0;
    let s = 0;
    for (let i = 0; i < got.length; i++) {
      d += (got[i] - ref.full[i]) ** 2;
      s += ref.full[i] ** 2;
    }
    const r = Math.sqrt(d / s);
    assert.ok(r <= TOL, `${label}: relative error ${r.toExponential(2)} > ${TOL}`);
    return;
  }
  assert.equal(got.length, ref.length, `${label}: length`);
  let d = 0;
  let s = 0;
  ref.idx.forEach((i, k) => {
    d += (got[i] - ref.val[k]) ** 2;
    s += ref.val[k] ** 2;
  });
  const r = Math.sqrt(d / s);
  assert.ok(r <= TOL, `${label}: sampled entries: relative error ${r.toExponential(2)} > ${TOL}`);
  const nr = Math.abs(norm2(got) - ref.norm) / ref.norm;
  assert.ok(nr <= TOL, `${label}: norm: relative error ${nr.toExponential(2)}`);
  ref.wseed.forEach((ws, k) => {
    const w = hashed(got.length, ws);
    let dot = 0;
    for (let i = 0; i < got.length; i++) dot += w[i] * got[i];
    // |w . (got - ref)| <= ||w|| ||got - ref||: the functional moves with an error anywhere
    const e = Math.abs(dot - ref.dot[k]) / (norm2(w) * ref.norm);
    assert.ok(e <= TOL, `${label}: functional ${k}: relative error ${e.toExponential(2)}`);
  });
}

it('the WebAssembly SIMD stages are available in this runtime (so both paths below are tested)', () => {
  assert.equal(fftSimd(), true);
});

it('plans pick the mixed-radix chain, the generic odd prime or Bluestein by the factors of n', () => {
  assert.equal(fftPlan(320).method, 'mixed');
  assert.deepEqual(fftPlan(320).kernel?.radices, [4, 4, 4, 5]);
  assert.deepEqual(fftPlan(4095).kernel?.radices, [3, 3, 5, 7, 13]);
  assert.deepEqual(fftPlan(384).kernel?.radices, [4, 4, 4, 2, 3]);
  assert.deepEqual(fftPlan(4096).kernel?.radices, [4, 4, 4, 4, 4, 4]);
  assert.equal(fftPlan(4096).method, 'pow2');
  assert.equal(fftPlan(4097).method, 'bluestein');
  assert.equal(fftPlan(4097).kernel, null);
  assert.equal(fftPlan(97).method, 'mixed');
  assert.deepEqual(fftPlan(97).kernel?.radices, [97]);
  assert.equal(fftPlan(101).method, 'bluestein');
  assert.equal(fftPlan(2 * 101).method, 'bluestein');
});

for (const mode of ['SIMD', 'JavaScript'] as const) {
  describe(`${mode} stages`, () => {
    before(() => setFftWasm(mode === 'SIMD'));
    after(() => setFftWasm(true));
    it(`plans run the ${mode} stages`, () => assert.equal(fftSimd(), mode === 'SIMD'));

    describe('complex FFT against numpy.fft', () => {
      for (const c of fx.fft) {
        const keys = Object.keys(c).filter((k) => k.startsWith('fft_') || k.startsWith('ifft_'));
        it(`n = ${c.n} (${fftPlan(c.n).kernel?.radices.join('.') ?? 'Bluestein'}): ${keys.join(', ')}`, () => {
          const x = hashed(2 * c.n, c.seed);
          const p = fftPlan(c.n);
          for (const k of keys) {
            const [f, norm] = k.split('_') as [string, FftNorm];
            const y = new Float64Array(2 * c.n);
            if (f === 'fft') p.forward(x, y, norm);
            else p.inverse(x, y, norm);
            check(y, c[k], `${k} n=${c.n}`);
          }
          const z = x.slice();
          p.forward(z, z);
          check(z, c.fft_backward, `in-place fft n=${c.n}`);
        });
      }
    });

    describe('2-D FFT against numpy.fft.fft2 / ifft2', () => {
      for (const c of fx.fft2) {
        it(`${c.ny}x${c.nx}`, () => {
          const x = hashed(2 * c.ny * c.nx, c.seed);
          const p = fft2Plan(c.ny, c.nx);
          check(p.forward(x, new Float64Array(x.length)), c.fft2_backward, 'fft2');
          check(p.inverse(x, new Float64Array(x.length), 'ortho'), c.ifft2_ortho, 'ifft2 ortho');
          const z = x.slice();
          p.forward(z, z);
          check(z, c.fft2_backward, 'in-place fft2');
        });
      }
    });

    describe('centred unitary 2-D FFT against fftshift(fft2(ifftshift(x), ortho))', () => {
      for (const c of fx.centered) {
        it(`${c.ny}x${c.nx}`, () => {
          const x = hashed(2 * c.ny * c.nx, c.seed);
          const p = centeredFft2Plan(c.ny, c.nx);
          check(p.forward(x, new Float64Array(x.length)), c.fft2c, 'fft2c');
          check(p.inverse(x, new Float64Array(x.length)), c.ifft2c, 'ifft2c');
        });
      }
    });

    describe('real-input FFT against numpy.fft.rfft / irfft', () => {
      for (const c of fx.rfft) {
        it(`n = ${c.n} (${c.n % 2 ? 'odd' : 'even: half-length complex FFT'})`, () => {
          const p = rfftPlan(c.n);
          const nc = (c.n >> 1) + 1;
          check(p.forward(hashed(c.n, c.seed), new Float64Array(2 * nc)), c.rfft, 'rfft');
          check(p.inverse(hashed(2 * nc, c.Xseed), new Float64Array(c.n)), c.irfft, 'irfft');
        });
      }
    });

    describe('orthonormal DCT-II / DCT-III against scipy.fft.dct / dctn', () => {
      for (const c of fx.dct) {
        it(`n = ${c.n} (${c.n % 2 ? 'odd: n-point FFT' : `even: ${c.n / 2}-point FFT`})`, () => {
          const p = dctPlan(c.n);
          const x = hashed(c.n, c.seed);
          check(p.forward(x, new Float64Array(c.n)), c.dct2, 'dct');
          check(p.inverse(x, new Float64Array(c.n)), c.dct3, 'idct');
        });
      }
      for (const c of fx.dctn) {
        it(`${c.ny}x${c.nx}`, () => {
          const p = dct2Plan(c.ny, c.nx);
          const x = hashed(c.ny * c.nx, c.seed);
          check(p.forward(x, new Float64Array(x.length)), c.dctn2, 'dct2d');
          check(p.inverse(x, new Float64Array(x.length)), c.dctn3, 'idct2d');
        });
      }
    });
  });
}

it('fmix32 matches murmur3 (regression pin of the input generator against known outputs)', () => {
  // values of fmix32 from the reference C implementation (MurmurHash3.cpp)
  assert.equal(fmix32(0), 0);
  assert.equal(fmix32(1), 0x514e28b7);
  assert.equal(fmix32(0xffffffff), 0x81f16f39);
});
