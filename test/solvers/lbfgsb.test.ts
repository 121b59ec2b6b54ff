/**
 * The bound-constrained L-BFGS solver against scipy (scripts/fixtures/solvers_lbfgsb.py): the
 * nonnegative least squares solution of scipy's exact NNLS, the box-constrained Rosenbrock minimum
 * of scipy's L-BFGS-B; KKT conditions at the result; bad input gets exact messages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { lbfgsb } from '../../src/solvers/lbfgsb.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/solvers_lbfgsb.json', import.meta.url), 'utf8')) as {
  nnls: { A: number[]; m: number; n: number; b: number[]; x: number[]; f: number };
  rosenbrock: { n: number; lower: number; upper: number; x0: number; x: number[]; f: number };
};

describe('lbfgsb', () => {
  it("nonnegative least squares: scipy's exact NNLS solution (to 1e-7) with the KKT conditions", () => {
    const { A, m, n, b } = fx.nnls;
    const r = lbfgsb(
      (x, g) => {
        g.fill(0);
        let f = 0;
        for (let i = 0; i < m; i++) {
          let s = -b[i];
          for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
          f += 0.5 * s * s;
          for (let j = 0; j < n; j++) g[j] += A[i * n + j] * s;
        }
        return f;
      },
      new Float64Array(n),
      { lower: 0, maxIter: 2000, gtol: 1e-12, ftol: 0 },
    );
    assert.ok(r.converged, `${r.stopReason} after ${r.iterations}, pg ${r.projectedGradient}`);
    for (let j = 0; j < n; j++) assert.ok(Math.abs(r.x[j] - fx.nnls.x[j]) < 1e-7, `x[${j}] = ${r.x[j]} vs ${fx.nnls.x[j]}`);
    assert.ok(Math.abs(r.f - fx.nnls.f) < 1e-10 * fx.nnls.f);
    // KKT: the projected gradient vanishes to rounding (the gradient at x0 is of order 100)
    assert.ok(r.projectedGradient <= 1e-6, `pg ${r.projectedGradient}`);
  });
  it("the box-constrained Rosenbrock function: scipy's L-BFGS-B minimum", () => {
    const { n, lower, upper, x0 } = fx.rosenbrock;
    const r = lbfgsb(
      (x, g) => {
        g.fill(0);
        let f = 0;
        for (let i = 0; i < n - 1; i++) {
          const a = x[i + 1] - x[i] * x[i];
          f += 100 * a * a + (1 - x[i]) ** 2;
          g[i] += -400 * x[i] * a - 2 * (1 - x[i]);
          g[i + 1] += 200 * a;
        }
        return f;
      },
      new Float64Array(n).fill(x0),
      { lower, upper, maxIter: 5000, gtol: 1e-10, ftol: 0 },
    );
    for (let j = 0; j < n; j++) assert.ok(Math.abs(r.x[j] - fx.rosenbrock.x[j]) < 1e-6, `x[${j}] = ${r.x[j]} vs ${fx.rosenbrock.x[j]}`);
    assert.ok(Math.abs(r.f - fx.rosenbrock.f) < 1e-9 * (1 + fx.rosenbrock.f));
  });
  it('a nonconvex objective: a curvature pair rejected while the memory is full leaves the stored pair intact, and it converges to a stationary point', () => {
    // sum cos(2 x_i) + 0.02 x_i^2 from a point where Armijo steps land in concave stretches
    // (s^T y <= 0): the solver that overwrote its oldest pair with a rejected one stopped on
    // ftol with the gradient at 1e-8; intact pairs reach the gradient tolerance
    const f = (x: Float64Array, g: Float64Array) => {
      let v = 0;
      for (let i = 0; i < x.length; i++) {
        v += Math.cos(2 * x[i]) + 0.02 * x[i] * x[i];
        g[i] = -2 * Math.sin(2 * x[i]) + 0.04 * x[i];
      }
      return v;
    };
    const x0 = Float64Array.from({ length: 2 }, (_, i) => 6 * Math.sin(61 * 7.1 + i));
    const r = lbfgsb(f, x0, { memory: 1, maxIter: 200, gtol: 1e-12, ftol: 0 });
    assert.equal(r.stopReason, 'gtol');
    const g = new Float64Array(2);
    f(r.x, g);
    assert.ok(Math.max(Math.abs(g[0]), Math.abs(g[1])) <= 1e-12, `gradient ${g}`);
    // a local minimum: the second derivative -4 cos(2 x) + 0.04 is positive there
    for (const xi of r.x) assert.ok(-4 * Math.cos(2 * xi) + 0.04 > 0, `curvature at ${xi}`);
  });
  it('refuses bad input with exact messages', () => {
    const f = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * x[0];
      return x[0] * x[0];
    };
    assert.throws(() => lbfgsb(f, new Float64Array(0)), { message: 'lbfgsb: x0: expected a non-empty Float64Array, got Float64Array of length 0' });
    assert.throws(() => lbfgsb(f, new Float64Array(1), { lower: 1, upper: 0 }), { message: 'lbfgsb: bounds of variable 0: expected lower <= upper, got 1 > 0' });
    assert.throws(() => lbfgsb(() => Number.NaN, new Float64Array(1)), { message: 'lbfgsb: objective at x0: expected a finite value, got NaN' });
  });
});
