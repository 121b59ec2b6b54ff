import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identity } from '../../src/linops/basic.ts';
import { gradient2 } from '../../src/linops/gradient.ts';
import { wavelet2 } from '../../src/linops/wavelet.ts';
import { l1AnalysisTerm, tvTerm } from '../../src/prox/dual-terms.ts';
import { tvDualStep, tvDualStepReal, tvSubtractAdjoint, tvSubtractAdjointReal, tvValue, tvValueReal } from '../../src/prox/tv-kernels.ts';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}

const ny = 7;
const nx = 5;
const n = ny * nx;
const x = new Float64Array(2 * n).map((_, i) => Math.sin(1.3 * i) + 0.2 * i);

describe('TV kernels (fused, complex)', () => {
  it('match gradient2 (forward differences, Neumann) and its adjoint on complex data', () => {
    const D = gradient2(ny, nx);
    const g = D.apply(x, new Float64Array(4 * n)); // [D_y (2n), D_x (2n)] complex
    const p = new Float64Array(4 * n);
    tvDualStep(x, p, ny, nx, 1, 1e9); // p = D x (no projection)
    assert.ok(maxAbsDiff(p, g) < 1e-14);
    const v = new Float64Array(2 * n);
    tvSubtractAdjoint(g, v, ny, nx, -1); // v = 0 + D^T g
    assert.ok(maxAbsDiff(v, D.adjoint(g, new Float64Array(2 * n))) < 1e-13);
    let tv = 0;
    for (let i = 0; i < n; i++) tv += Math.hypot(g[2 * i], g[2 * i + 1], g[2 * n + 2 * i], g[2 * n + 2 * i + 1]);
    assert.ok(Math.abs(tvValue(x, ny, nx) - tv) < 1e-12 * tv);
  });
  it('the dual step projects each pixel pair onto the ball of the weight', () => {
    const p = new Float64Array(4 * n);
    tvDualStep(x, p, ny, nx, 10, 0.3);
    for (let i = 0; i < n; i++) {
      const m = Math.hypot(p[2 * i], p[2 * i + 1], p[2 * n + 2 * i], p[2 * n + 2 * i + 1]);
      assert.ok(m <= 0.3 * (1 + 1e-15), `pixel ${i}: ${m}`);
    }
  });
});

describe('TV kernels (real images)', () => {
  const xr = new Float64Array(n).map((_, i) => Math.cos(0.7 * i) + 0.1 * i);
  it('match gradient2 and its adjoint on real data, and the complex kernels on the real part', () => {
    const D = gradient2(ny, nx);
    const g = D.apply(xr, new Float64Array(2 * n)); // [D_y (n), D_x (n)]
    const p = new Float64Array(2 * n);
    tvDualStepReal(xr, p, ny, nx, 1, 1e9);
    assert.ok(maxAbsDiff(p, g) < 1e-14);
    const v = new Float64Array(n);
    tvSubtractAdjointReal(g, v, ny, nx, -1);
    assert.ok(maxAbsDiff(v, D.adjoint(g, new Float64Array(n))) < 1e-13);
    const xc = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) xc[2 * i] = xr[i];
    assert.ok(Math.abs(tvValueReal(xr, ny, nx) - tvValue(xc, ny, nx)) < 1e-12 * tvValue(xc, ny, nx));
    const T = tvTerm(ny, nx, 0.25, { complex: false });
    assert.deepEqual([T.dualLength, T.primalLength, T.normSq], [2 * n, n, 8]);
    assert.ok(Math.abs(T.value(xr) - 0.25 * tvValueReal(xr, ny, nx)) < 1e-15 * T.value(xr));
    const q = new Float64Array(2 * n);
    T.dualStep(xr, q, 10);
    for (let i = 0; i < n; i++) assert.ok(Math.hypot(q[i], q[n + i]) <= 0.25 * (1 + 1e-15));
  });
});

describe('dual terms', () => {
  it('tvTerm: its value is lambda TV(x), its steps the fused kernels, ||D||^2 <= 8', () => {
    const T = tvTerm(ny, nx, 0.5);
    assert.equal(T.dualLength, 4 * n);
    assert.equal(T.primalLength, 2 * n);
    assert.equal(T.normSq, 8);
    assert.ok(Math.abs(T.value(x) - 0.5 * tvValue(x, ny, nx)) < 1e-12);
  });
  it('l1AnalysisTerm: value lambda ||W x||_1 (complex magnitudes), projection, adjoint step v -= tau W^T q', () => {
    const W = wavelet2(8, 8, { wavelet: 'haar' });
    const z = new Float64Array(128).map((_, i) => Math.cos(0.7 * i) * (1 + (i % 5)));
    const T = l1AnalysisTerm(W, 0.25);
    assert.equal(T.normSq, 1); // orthonormal
    const c = W.apply(z, new Float64Array(128));
    let s = 0;
    for (let i = 0; i < 128; i += 2) s += Math.hypot(c[i], c[i + 1]);
    assert.ok(Math.abs(T.value(z) - 0.25 * s) < 1e-12 * s);
    const q = new Float64Array(128);
    T.dualStep(z, q, 1);
    for (let i = 0; i < 128; i += 2) {
      const m = Math.hypot(c[i], c[i + 1]);
      const want = m > 0.25 ? 0.25 / m : 1;
      assert.ok(Math.abs(q[i] - c[i] * want) < 1e-14 && Math.abs(q[i + 1] - c[i + 1] * want) < 1e-14);
    }
    const v = z.slice();
    T.subtractAdjoint(q, v, 2);
    const wt = W.adjoint(q, new Float64Array(128));
    assert.ok(maxAbsDiff(v, z.map((zi, i) => zi - 2 * wt[i])) < 1e-14);
  });
  it('l1AnalysisTerm on real data clips each coefficient to [-lambda, lambda]', () => {
    const T = l1AnalysisTerm(identity([4]), 1, { complex: false });
    const q = new Float64Array(4);
    T.dualStep(Float64Array.of(-3, -0.5, 0.5, 3), q, 1);
    assert.deepEqual([...q], [-1, -0.5, 0.5, 1]);
    assert.equal(T.value(Float64Array.of(-3, -0.5, 0.5, 3)), 7);
  });
  it('refuses bad weights and operators with exact messages', () => {
    assert.throws(() => tvTerm(4, 4, -1), { message: 'tvTerm: lambda: expected a finite number >= 0, got -1' });
    assert.throws(() => l1AnalysisTerm({} as never, 1), { message: 'l1AnalysisTerm: W: expected a LinearOperator, got object' });
  });
});
