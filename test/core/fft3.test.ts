/**
 * The 3-D FFT driver (src/core/fft/fft3.ts) against numpy.fft.fftn / ifftn (test/fixtures/nufft.json,
 * scripts/fixtures/nufft.py) at 1e-12 relative: power-of-two and Bluestein depths, unit axes,
 * 'ortho' norm, in place; plus its bad-input messages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { fft3, fft3Plan, ifft3 } from '../../src/core/fft/index.ts';

function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / s);
}

const fx = JSON.parse(readFileSync(new URL('../fixtures/nufft.json', import.meta.url), 'utf8')) as {
  fft3: { dims: [number, number, number]; x: number[]; fftn: number[]; ifftn: number[]; fftn_ortho: number[] }[];
};

describe('fft3', () => {
  for (const c of fx.fft3) {
    it(`${c.dims.join('x')}: fft3 and ifft3 equal numpy.fft.fftn / ifftn to 1e-12`, () => {
      const [nz, ny, nx] = c.dims;
      const x = Float64Array.from(c.x);
      const X = fft3(x, new Float64Array(x.length), nz, ny, nx);
      assert.ok(rel(X, c.fftn) <= 1e-12, `fftn ${rel(X, c.fftn)}`);
      assert.ok(rel(ifft3(x, new Float64Array(x.length), nz, ny, nx), c.ifftn) <= 1e-12);
      assert.ok(rel(fft3(x, new Float64Array(x.length), nz, ny, nx, 'ortho'), c.fftn_ortho) <= 1e-12);
      // in place through the plan, and the round trip
      const y = x.slice();
      fft3Plan(nz, ny, nx).forward(y, y);
      assert.ok(rel(y, c.fftn) <= 1e-12);
      fft3Plan(nz, ny, nx).inverse(y, y);
      assert.ok(rel(y, c.x) <= 1e-12);
    });
  }
  it('a 64-deep power-of-two volume (batched z blocks of 32 columns with a remainder) equals the 1-D transforms along each axis', () => {
    const nz = 64;
    const ny = 3;
    const nx = 13;
    const n = nz * ny * nx;
    const x = new Float64Array(2 * n).map((_, i) => Math.sin(0.37 * i) + Math.cos(1.3 * i * i));
    const X = fft3(x, new Float64Array(2 * n), nz, ny, nx);
    // direct DFT of one output coefficient per axis combination, independent of the FFT code
    for (const [kz, ky, kx] of [[0, 0, 0], [5, 1, 7], [63, 2, 12], [32, 0, 3]]) {
      let re = 0;
      let im = 0;
      for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let w = 0; w < nx; w++) {
        const a = -2 * Math.PI * ((kz * z) / nz + (ky * y) / ny + (kx * w) / nx);
        const i = 2 * ((z * ny + y) * nx + w);
        re += x[i] * Math.cos(a) - x[i + 1] * Math.sin(a);
        im += x[i] * Math.sin(a) + x[i + 1] * Math.cos(a);
      }
      const i = 2 * ((kz * ny + ky) * nx + kx);
      assert.ok(Math.hypot(X[i] - re, X[i + 1] - im) <= 1e-11 * Math.hypot(re, im, 1), `(${kz},${ky},${kx})`);
    }
  });
  it('bad input: wrong lengths, sizes and norms name the function', () => {
    const is = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CandorError && e.message === msg);
    is(() => fft3(new Float64Array(10), new Float64Array(16), 2, 2, 2), 'fft3: input length: expected 16 (2 nz ny nx = 16, complex interleaved row-major 2x2x2), got 10');
    is(() => ifft3(new Float64Array(16), new Float64Array(16), 2, 0, 4), 'ifft3: rows ny: expected an integer >= 1, got 0');
    is(() => fft3(new Float64Array(16), new Float64Array(16), 2, 2, 2, 'none' as never), "fft3: norm: expected 'backward', 'ortho' or 'forward', got \"none\"");
    is(() => fft3Plan(2, 2, 2).forward(new Float64Array(16), new Float64Array(8)), 'fft3(2x2x2): out length: expected 16 (2 nz ny nx, complex interleaved row-major), got 8');
    const bad = new Float64Array(16);
    bad[3] = Number.NaN;
    is(() => fft3(bad, new Float64Array(16), 2, 2, 2), 'fft3: input: expected finite values, got NaN at index 3');
  });
});
