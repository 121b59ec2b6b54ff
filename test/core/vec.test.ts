import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cabs, cconj, cdot, cdotRe, cmul, cmulConj, cscale, splitComplex, toComplex } from '../../src/core/complex.ts';
import { hardThreshold, topK } from '../../src/core/topk.ts';
import { add, axpby, axpy, dist2, dot, nnz, norm1, norm2, norm2sq, normInf, relError, scale, sub } from '../../src/core/vec.ts';

const f64 = (n: number) => fc.float64Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });

describe('real vector kernels', () => {
  it('dot, norms and distances match their definitions (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 37 }).chain((n) => fc.tuple(f64(n), f64(n))), ([x, y]) => {
        let d = 0;
        let s = 0;
        let a = 0;
        let m = 0;
        let e = 0;
        for (let i = 0; i < x.length; i++) {
          d += x[i] * y[i];
          s += x[i] * x[i];
          a += Math.abs(x[i]);
          m = Math.max(m, Math.abs(x[i]));
          e += (x[i] - y[i]) ** 2;
        }
        const tol = 1e-12 * (1 + a * a + s);
        return (
          Math.abs(dot(x, y) - d) <= 1e-12 * (1 + Math.sqrt(s) * Math.sqrt(norm2sq(y))) * 10 &&
          Math.abs(norm2sq(x) - s) <= tol &&
          Math.abs(norm2(x) - Math.sqrt(s)) <= 1e-12 * (1 + Math.sqrt(s)) &&
          Math.abs(norm1(x) - a) <= 1e-12 * (1 + a) &&
          normInf(x) === m &&
          Math.abs(dist2(x, y) - Math.sqrt(e)) <= 1e-12 * (1 + Math.sqrt(e))
        );
      }),
      { seed: 7, numRuns: 200 },
    );
  });
  it('norm2 does not overflow or underflow', () => {
    assert.ok(Math.abs(norm2(Float64Array.of(3e200, 4e200)) / 5e200 - 1) < 4e-16);
    assert.ok(Math.abs(norm2(Float64Array.of(3e-200, 4e-200)) / 5e-200 - 1) < 4e-16);
    assert.equal(normInf(Float64Array.of(1, Number.NaN)), Number.NaN);
  });
  it('axpy, axpby, scale, add, sub write into the caller buffer (aliasing allowed)', () => {
    const x = Float64Array.of(1, 2, 3);
    const y = Float64Array.of(10, 20, 30);
    assert.deepEqual([...axpy(2, x, y.slice())], [12, 24, 36]);
    assert.deepEqual([...axpby(2, x, -1, y, new Float64Array(3))], [-8, -16, -24]);
    const z = x.slice();
    assert.equal(scale(-1, z, z), z);
    assert.deepEqual([...z], [-1, -2, -3]);
    assert.deepEqual([...add(x, y, new Float64Array(3))], [11, 22, 33]);
    assert.deepEqual([...sub(y, x, new Float64Array(3))], [9, 18, 27]);
    assert.equal(nnz(Float64Array.of(0, 1e-9, 2), 1e-6), 1);
    assert.equal(relError(Float64Array.of(1, 1), Float64Array.of(1, 0)), 1);
  });
  it('length mismatches are errors naming the kernel', () => {
    assert.throws(() => dot(new Float64Array(2), new Float64Array(3)), { message: 'dot: vector lengths: expected equal lengths, got 2 and 3' });
    assert.throws(() => axpy(1, new Float64Array(2), new Float64Array(1)), { message: 'axpy: vector lengths: expected equal lengths, got 2 and 1' });
  });
});

describe('complex interleaved kernels', () => {
  it('cmul, cmulConj, cdot, cabs, cscale, cconj match complex arithmetic', () => {
    const a = Float64Array.of(1, 2, -3, 0.5);
    const b = Float64Array.of(3, -1, 2, 2);
    assert.deepEqual([...cmul(a, b, new Float64Array(4))], [5, 5, -7, -5]);
    assert.deepEqual([...cmulConj(a, b, new Float64Array(4))], [1, -7, -5, -7]);
    assert.deepEqual([...cdot(a, b, new Float64Array(2))], [1 - 5, -7 - 7]);
    assert.equal(cdotRe(a, b), -4);
    assert.deepEqual([...cabs(Float64Array.of(3, 4, 0, -2), new Float64Array(2))], [5, 2]);
    assert.deepEqual([...cscale(0, 1, Float64Array.of(1, 2), new Float64Array(2))], [-2, 1]);
    assert.deepEqual([...cconj(Float64Array.of(1, 2), new Float64Array(2))], [1, -2]);
    const z = toComplex(Float64Array.of(1, 2), Float64Array.of(3, 4), new Float64Array(4));
    assert.deepEqual([...z], [1, 3, 2, 4]);
    const re = new Float64Array(2);
    const im = new Float64Array(2);
    splitComplex(z, re, im);
    assert.deepEqual([...re, ...im], [1, 2, 3, 4]);
  });
  it('odd lengths and mismatches are refused', () => {
    assert.throws(() => cmul(new Float64Array(3), new Float64Array(3), new Float64Array(3)), { message: 'cmul: complex vector length: expected an even length (interleaved re/im), got 3' });
    assert.throws(() => cabs(new Float64Array(4), new Float64Array(3)), { message: 'cabs: out length: expected 2 (half the input), got 3' });
  });
});

describe('top-k by quickselect', () => {
  it('selects the k largest magnitudes (ties to the lower index), like a full sort (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n }), fc.integer({ min: 0, max: n }))),
        ([vals, k]) => {
          const x = Float64Array.from(vals);
          const got = [...topK(x, k, new Int32Array(k))];
          const ref = [...x.keys()]
            .sort((i, j) => Math.abs(x[j]) - Math.abs(x[i]) || i - j)
            .slice(0, k)
            .sort((i, j) => i - j);
          return JSON.stringify(got) === JSON.stringify(ref);
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });
  it('complex magnitudes, hard thresholding in place and into a new buffer', () => {
    assert.deepEqual([...topK(Float64Array.of(3, 4, 1, 1, 0, 6), 2, new Int32Array(2), true)], [0, 2]);
    const x = Float64Array.of(0.1, -5, 3, 0);
    assert.deepEqual([...hardThreshold(x, 2, new Float64Array(4), new Int32Array(2))], [0, -5, 3, 0]);
    hardThreshold(x, 1, x, new Int32Array(1));
    assert.deepEqual([...x], [0, -5, 0, 0]);
    assert.throws(() => topK(Float64Array.of(1, 2), 3, new Int32Array(3)), { message: 'topK: k: expected an integer in [0, 2], got 3' });
  });
});
