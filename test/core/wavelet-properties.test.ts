/**
 * Property tests (fast-check) of the periodized wavelet transforms over random wavelets, sizes
 * and levels: perfect reconstruction, Parseval, transpose = inverse (dot test), complex data =
 * real and imaginary parts, and the fast 2-D passes = a naive separable reference built from the
 * single-level 1-D transform (which tests/core/wavelets.test.ts checks against PyWavelets).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dwt, planWavelet1, planWavelet2, WAVELET_NAMES } from '../../src/core/wavelets/index.ts';

const TOL = 1e-12;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296 - 0.5;
  };
}
function randomVec(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => r());
}
const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
function relDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i] - b[i]) ** 2;
  return Math.sqrt(d) / Math.max(norm(b), 1e-300);
}

/** A size odd * 2^k with its largest valid level k. */
const size = (maxK: number) =>
  fc
    .record({ odd: fc.constantFrom(1, 3, 5), k: fc.integer({ min: 0, max: maxK }) })
    .map(({ odd, k }) => ({ n: odd << k, k }));
const wavelet = fc.constantFrom(...WAVELET_NAMES);

/** Checks reconstruction, Parseval, the dot test and complex = parts for a forward/inverse pair. */
function checkOrthogonal(
  len: number,
  seed: number,
  fwd: (x: Float64Array, o: Float64Array) => Float64Array,
  inv: (y: Float64Array, o: Float64Array) => Float64Array,
  fwdC: (x: Float64Array, o: Float64Array) => Float64Array,
  invC: (y: Float64Array, o: Float64Array) => Float64Array,
  label: string,
): void {
  const x = randomVec(len, seed);
  const y = randomVec(len, seed + 1);
  const Wx = fwd(x, new Float64Array(len));
  const back = inv(Wx, new Float64Array(len));
  assert.ok(relDiff(back, x) <= TOL, `${label}: W^T W x = x (${relDiff(back, x)})`);
  assert.ok(Math.abs(norm(Wx) - norm(x)) <= TOL * norm(x), `${label}: ||Wx|| = ||x||`);
  const WTy = inv(y, new Float64Array(len));
  const lhs = dot(Wx, y);
  const rhs = dot(x, WTy);
  assert.ok(
    Math.abs(lhs - rhs) <= TOL * norm(x) * norm(y),
    `${label}: <Wx, y> = <x, W^T y> (${lhs} vs ${rhs})`,
  );
  // complex interleaved data: the transform of the real and of the imaginary part
  const z = new Float64Array(2 * len);
  for (let i = 0; i < len; i++) {
    z[2 * i] = x[i];
    z[2 * i + 1] = y[i];
  }
  const Wz = fwdC(z, new Float64Array(2 * len));
  const Wy = fwd(y, new Float64Array(len));
  const parts = new Float64Array(2 * len);
  for (let i = 0; i < len; i++) {
    parts[2 * i] = Wx[i];
    parts[2 * i + 1] = Wy[i];
  }
  assert.ok(relDiff(Wz, parts) <= 1e-14, `${label}: complex forward = parts`);
  const zBack = invC(Wz, new Float64Array(2 * len));
  assert.ok(relDiff(zBack, z) <= TOL, `${label}: complex reconstruction`);
}

/** Naive multi-level 2-D reference: copy each row / column out, apply dwt(), copy back. */
function naiveWavedec2(x: Float64Array, ny: number, nx: number, name: string, levels: number): Float64Array {
  const c = x.slice();
  let h = ny;
  let w = nx;
  for (let l = 0; l < levels; l++) {
    for (let r = 0; r < h; r++) {
      const { a, d } = dwt(c.slice(r * nx, r * nx + w), name);
      c.set(a, r * nx);
      c.set(d, r * nx + w / 2);
    }
    for (let j = 0; j < w; j++) {
      const col = Float64Array.from({ length: h }, (_, i) => c[i * nx + j]);
      const { a, d } = dwt(col, name);
      for (let i = 0; i < h / 2; i++) {
        c[i * nx + j] = a[i];
        c[(i + h / 2) * nx + j] = d[i];
      }
    }
    h /= 2;
    w /= 2;
  }
  return c;
}

/** Naive multi-level 1-D reference from dwt(). */
function naiveWavedec(x: Float64Array, name: string, levels: number): Float64Array {
  const c = x.slice();
  let n = x.length;
  for (let l = 0; l < levels; l++) {
    const { a, d } = dwt(c.slice(0, n), name);
    c.set(a, 0);
    c.set(d, n / 2);
    n /= 2;
  }
  return c;
}

describe('wavelet properties (fast-check)', () => {
  it('1-D: every plan is orthogonal, its inverse is its transpose and it equals repeated dwt()', () => {
    fc.assert(
      fc.property(
        wavelet,
        size(8),
        fc.nat(),
        fc.integer({ min: 1, max: 1e6 }),
        (name, { n, k }, lv, seed) => {
          const levels = lv % (k + 1);
          const p = planWavelet1(n, { wavelet: name, levels });
          const label = `${name} n=${n} levels=${levels}`;
          checkOrthogonal(
            n,
            seed,
            (x, o) => p.forward(x, o),
            (y, o) => p.inverse(y, o),
            (x, o) => p.forwardComplex(x, o),
            (y, o) => p.inverseComplex(y, o),
            label,
          );
          const x = randomVec(n, seed + 7);
          const got = p.forward(x, new Float64Array(n));
          assert.ok(relDiff(got, naiveWavedec(x, name, levels)) <= TOL, `${label}: = repeated dwt()`);
        },
      ),
      { numRuns: 150, seed: 20240611 },
    );
  });

  it('2-D: every plan is orthogonal, its inverse is its transpose and it equals separable dwt() on rows and columns', () => {
    fc.assert(
      fc.property(
        wavelet,
        size(5),
        size(5),
        fc.nat(),
        fc.integer({ min: 1, max: 1e6 }),
        (name, sy, sx, lv, seed) => {
          const levels = lv % (Math.min(sy.k, sx.k) + 1);
          const { n: ny } = sy;
          const { n: nx } = sx;
          const p = planWavelet2(ny, nx, { wavelet: name, levels });
          const label = `${name} ${ny}x${nx} levels=${levels}`;
          checkOrthogonal(
            ny * nx,
            seed,
            (x, o) => p.forward(x, o),
            (y, o) => p.inverse(y, o),
            (x, o) => p.forwardComplex(x, o),
            (y, o) => p.inverseComplex(y, o),
            label,
          );
          const x = randomVec(ny * nx, seed + 3);
          const got = p.forward(x, new Float64Array(ny * nx));
          assert.ok(
            relDiff(got, naiveWavedec2(x, ny, nx, name, levels)) <= TOL,
            `${label}: = separable dwt()`,
          );
        },
      ),
      { numRuns: 150, seed: 20240612 },
    );
  });
});
