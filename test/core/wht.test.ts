/**
 * Orthonormal fast Walsh-Hadamard transform against scipy.linalg.hadamard(n) / sqrt(n) at 1e-12
 * relative, its self-inverse property, and the power-of-two size error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { wht } from '../../src/core/fft/index.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/core_fft.json', import.meta.url), 'utf8')) as {
  wht: { n: number; x: number[]; y: number[] }[];
};

function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return s === 0 ? Math.sqrt(d) : Math.sqrt(d / s);
}

describe('Walsh-Hadamard transform', () => {
  for (const c of fx.wht) {
    it(`wht of n = ${c.n} equals scipy.linalg.hadamard(n) @ x / sqrt(n) (Sylvester order)`, () => {
      const got = wht(Float64Array.from(c.x), new Float64Array(c.n));
      assert.ok(rel(got, c.y) <= 1e-12, `n=${c.n}: ${rel(got, c.y)}`);
    });
  }
  it('is its own inverse and preserves the norm (n = 1 .. 2^12), also in place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 1e9 }), (k, seed) => {
        const n = 2 ** k;
        const x = Float64Array.from(
          fc.sample(fc.double({ min: -1, max: 1, noNaN: true }), { seed, numRuns: n }),
        );
        const y = wht(x, new Float64Array(n));
        const nx = Math.hypot(...x);
        assert.ok(Math.abs(Math.hypot(...y) - nx) <= 1e-12 * nx);
        wht(y, y);
        assert.ok(rel(y, x) <= 1e-12);
      }),
      { seed: 4242, numRuns: 60 },
    );
  });
  it('rejects sizes that are not powers of two, naming the nearest ones', () => {
    assert.throws(() => wht(new Float64Array(12), new Float64Array(12)), {
      message: 'wht: input length: expected a power of two (nearest 8 or 16), got 12',
    });
    assert.throws(() => wht(new Float64Array(0), new Float64Array(0)), {
      message: 'wht: input length: expected a power of two (the smallest is 1), got 0',
    });
    assert.throws(() => wht(new Float64Array(8), new Float64Array(4)), {
      message: 'wht: out length: expected 8 (n = 8, the input length), got 4',
    });
    assert.throws(() => wht(Float64Array.of(1, Number.NaN), new Float64Array(2)), {
      message: 'wht: input: expected finite values, got NaN at index 1',
    });
  });
});
