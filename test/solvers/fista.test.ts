/**
 * FISTA and ISTA (src/solvers/fista.ts): LASSO solutions against scikit-learn (fixture written by
 * scripts/fixtures/solvers_lasso.py) and the KKT conditions, ISTA's monotone objective, complex
 * data, non-convergence, the runner's callbacks, and bad input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { defineOperator } from '../../src/linops/define.ts';
import { partialDft1 } from '../../src/linops/fourier.ts';
import type { LinearOperator } from '../../src/linops/types.ts';
import { l1 } from '../../src/prox/l1.ts';
import { admm } from '../../src/solvers/admm.ts';
import { lassoCD } from '../../src/solvers/coordinate-descent.ts';
import { fista, ista } from '../../src/solvers/fista.ts';
import { lambdaMax } from '../../src/solvers/lambda.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { caseData, lassoFixture } from './instances.ts';

const fx = lassoFixture;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** Largest KKT violation for the LASSO with an operator (real or complex interleaved). */
function kktViolation(
  A: LinearOperator | DenseLike,
  y: Float64Array,
  x: Float64Array,
  lambda: number,
  complex: boolean,
): number {
  const mLen = y.length;
  const r = new Float64Array(mLen);
  const g = new Float64Array(x.length);
  if ('apply' in A) {
    A.apply(x, r);
    for (let i = 0; i < mLen; i++) r[i] = y[i] - r[i];
    A.adjoint(r, g);
  } else {
    const { rows: m, cols: n, data } = A;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += data[i * n + j] * x[j];
      r[i] = y[i] - s;
    }
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) g[j] += data[i * n + j] * r[i];
  }
  let worst = 0;
  const w = complex ? 2 : 1;
  for (let j = 0; j < x.length / w; j++) {
    const xr = x[w * j];
    const xi = complex ? x[w * j + 1] : 0;
    const gr = g[w * j];
    const gi = complex ? g[w * j + 1] : 0;
    const mag = Math.hypot(xr, xi);
    const v =
      mag > 0
        ? Math.hypot(gr - (lambda * xr) / mag, gi - (lambda * xi) / mag)
        : Math.max(Math.hypot(gr, gi) - lambda, 0);
    worst = Math.max(worst, v);
  }
  return worst;
}

/** A random dense complex m x n operator (entries CN(0, 1/m)). */
function complexGaussian(m: number, n: number, seed: number): LinearOperator {
  const M = createRng(31, seed).fillNormal(new Float64Array(2 * m * n), 0, Math.sqrt(0.5 / m));
  return defineOperator({
    name: `ComplexGaussian(${m}x${n})`,
    domain: [n],
    range: [m],
    field: 'complex',
    apply: (x, out) => {
      for (let i = 0; i < m; i++) {
        let re = 0;
        let im = 0;
        for (let j = 0; j < n; j++) {
          const a = M[2 * (i * n + j)];
          const b = M[2 * (i * n + j) + 1];
          re += a * x[2 * j] - b * x[2 * j + 1];
          im += a * x[2 * j + 1] + b * x[2 * j];
        }
        out[2 * i] = re;
        out[2 * i + 1] = im;
      }
      return out;
    },
    adjoint: (v, out) => {
      out.fill(0);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const a = M[2 * (i * n + j)];
          const b = M[2 * (i * n + j) + 1];
          out[2 * j] += a * v[2 * i] + b * v[2 * i + 1];
          out[2 * j + 1] += a * v[2 * i + 1] - b * v[2 * i];
        }
      }
      return out;
    },
  });
}

function complexProblem(seed: number): { A: LinearOperator; y: Float64Array } {
  const m = 24;
  const n = 48;
  const A = complexGaussian(m, n, seed);
  const rng = createRng(32, seed);
  const x0 = new Float64Array(2 * n);
  for (const j of rng.sampleWithoutReplacement(n, 5, new Int32Array(5))) {
    x0[2 * j] = rng.normal();
    x0[2 * j + 1] = rng.normal();
  }
  const y = A.apply(x0, new Float64Array(2 * m));
  const noise = rng.fillNormal(new Float64Array(2 * m), 0, 0.01);
  for (let i = 0; i < 2 * m; i++) y[i] += noise[i];
  return { A, y };
}

describe('fista', () => {
  for (const c of fx.lasso) {
    for (const s of c.solutions) {
      it(`agrees with scikit-learn Lasso on '${c.name}' at lambda = ${s.lambda.toPrecision(4)} (coefficients to 1e-9) and satisfies KKT to 1e-6`, () => {
        const { A, y } = caseData(c);
        const r = fista(A, y, l1(), { lambda: s.lambda, tol: 1e-12, maxIter: 100000 });
        assert.equal(r.converged, true);
        assert.ok(maxAbsDiff(r.x, s.coef) <= 1e-9, `max diff ${maxAbsDiff(r.x, s.coef)}`);
        assert.ok(Math.abs(r.objective - s.objective) <= 1e-13 * s.objective);
        assert.ok(kktViolation(A, y, r.x, s.lambda, false) <= 1e-6);
        // the default tol (1e-6 relative change) leaves KKT residuals of a few 1e-6; tol 1e-9 suffices
        const d = fista(A, y, l1(), { lambda: s.lambda, tol: 1e-9, maxIter: 100000 });
        assert.ok(
          kktViolation(A, y, d.x, s.lambda, false) <= 1e-6,
          `tol 1e-9: KKT ${kktViolation(A, y, d.x, s.lambda, false)}`,
        );
      });
    }
  }

  it('without restart converges to the same LASSO solution', () => {
    const c = fx.lasso[0];
    const { A, y } = caseData(c);
    const s = c.solutions[1];
    const r = fista(A, y, l1(), { lambda: s.lambda, tol: 1e-12, maxIter: 100000, restart: 'none' });
    assert.ok(maxAbsDiff(r.x, s.coef) <= 1e-9);
  });

  it('solves a complex LASSO (soft thresholding on moduli): complex KKT to 1e-6, agreement with ADMM to 1e-8', () => {
    for (const seed of [1, 2]) {
      const { A, y } = complexProblem(seed);
      const lam = 0.05 * lambdaMax(A, y);
      const r = fista(A, y, l1(), { lambda: lam, tol: 1e-12, maxIter: 100000 });
      assert.equal(r.converged, true);
      assert.ok(kktViolation(A, y, r.x, lam, true) <= 1e-6, `KKT ${kktViolation(A, y, r.x, lam, true)}`);
      const a = admm(A, y, { lambda: lam, tol: 1e-11, maxIter: 20000 });
      assert.ok(maxAbsDiff(r.x, a.x) <= 1e-8, `vs ADMM ${maxAbsDiff(r.x, a.x)}`);
    }
  });

  it('in the easy regime (n=256, m=128, k=10) reaches the lassoCD solution to 1e-9 relative at lambda = 0.01 lambdaMax', () => {
    for (const seed of [1, 2, 3]) {
      const rng = createRng(2024, seed);
      const m = 128;
      const n = 256;
      const data = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
      const x0 = rng.sparseVector(n, 10, 'gaussian', new Float64Array(n));
      const y = new Float64Array(m);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[i] += data[i * n + j] * x0[j];
      const A = { rows: m, cols: n, data };
      const lam = 0.01 * lambdaMax(A, y);
      const r = fista(A, y, l1(), { lambda: lam, tol: 1e-13, maxIter: 100000, xTrue: x0 });
      const cd = lassoCD(A, y, { lambda: lam, tol: 1e-13 });
      assert.ok(maxAbsDiff(r.x, cd.x) <= 1e-9 * Math.max(...cd.x.map(Math.abs)));
      // history.error tracks ||x - x0|| / ||x0||: the LASSO bias at this lambda is below 3%
      assert.equal(r.history.error.length, r.history.objective.length);
      assert.ok(r.history.error.at(-1)! < 0.03);
    }
  });

  it('reports non-convergence, honours the callback and the abort signal', () => {
    const c = fx.lasso[0];
    const { A, y } = caseData(c);
    const lam = c.solutions[2].lambda;
    const r = fista(A, y, l1(), { lambda: lam, maxIter: 5 });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.iterations, 5);
    assert.equal(r.calls.adjoint, 5);
    const cb = fista(A, y, l1(), { lambda: lam, onIterate: (it) => it.iteration < 3 });
    assert.equal(cb.stopReason, 'callback');
    assert.equal(cb.iterations, 3);
    const ac = new AbortController();
    const ab = fista(A, y, l1(), {
      lambda: lam,
      signal: ac.signal,
      onIterate: (it) => void (it.iteration === 4 && ac.abort()),
    });
    assert.equal(ab.stopReason, 'aborted');
    assert.equal(ab.converged, false);
    assert.equal(ab.iterations, 4);
  });

  it('rejects bad input with exact messages', () => {
    const { A, y } = caseData(fx.lasso[0]);
    assert.throws(() => fista(A, y, l1(), { lambda: -0.5 }), {
      message: 'fista: lambda: expected a finite number >= 0, got -0.5',
    });
    assert.throws(() => ista(A, y, l1(), { lambda: Number.NaN }), {
      message: 'ista: lambda: expected a finite number >= 0, got NaN',
    });
    assert.throws(() => fista(A, new Float64Array(49), l1(), { lambda: 1 }), {
      message: 'fista: y length: expected 50 (rows of A), got 49',
    });
    const yn = y.slice();
    yn[0] = Number.POSITIVE_INFINITY;
    assert.throws(() => fista(A, yn, l1(), { lambda: 1 }), {
      message: 'fista: y: expected finite values, got Infinity at index 0',
    });
    const An = { ...A, data: A.data.slice() };
    An.data[11] = Number.NaN;
    assert.throws(() => fista(An, y, l1(), { lambda: 1 }), {
      message: 'fista: A: expected finite values, got NaN at index 11',
    });
    assert.throws(() => fista(A, y, l1(), { lambda: 1, lipschitz: 0 }), {
      message: `fista: lipschitz: expected a finite number >= ${Number.MIN_VALUE}, got 0`,
    });
    assert.throws(() => fista(A, y, l1(), { lambda: 1, x0: new Float64Array(3) }), {
      message:
        'fista: x0: expected a Float64Array of length 120 (columns of A), got Float64Array of length 3',
    });
  });
});

describe('ista', () => {
  it("ISTA's objective never increases (real data, 1e-14 relative rounding), also from a too-small step that backtracking fixes", () => {
    for (const c of fx.lasso) {
      const { A, y } = caseData(c);
      for (const s of c.solutions) {
        for (const lipschitz of [undefined, 0.05]) {
          const r = ista(A, y, l1(), {
            lambda: s.lambda,
            maxIter: 300,
            tol: 0,
            ...(lipschitz ? { lipschitz } : {}),
          });
          const h = r.history.objective;
          // tol 0: runs 300 iterations unless x stops changing exactly
          assert.ok(h.length === 300 || r.history.relChange.at(-1) === 0);
          for (let i = 1; i < h.length; i++) {
            assert.ok(
              h[i] <= h[i - 1] * (1 + 1e-14),
              `${c.name} lambda ${s.lambda}: objective rose at ${i}: ${h[i - 1]} -> ${h[i]}`,
            );
          }
          assert.ok(h[h.length - 1] < h[0]);
        }
      }
    }
  });

  it("ISTA's objective never increases on complex data and ISTA converges to the FISTA solution", () => {
    const { A, y } = complexProblem(3);
    const lam = 0.1 * lambdaMax(A, y);
    const r = ista(A, y, l1(), { lambda: lam, maxIter: 400, tol: 0 });
    const h = r.history.objective;
    for (let i = 1; i < h.length; i++) assert.ok(h[i] <= h[i - 1] * (1 + 1e-14));
    const long = ista(A, y, l1(), { lambda: lam, tol: 1e-13, maxIter: 200000 });
    const f = fista(A, y, l1(), { lambda: lam, tol: 1e-13, maxIter: 200000 });
    assert.equal(long.converged, true);
    assert.ok(maxAbsDiff(long.x, f.x) <= 1e-9);
  });

  it('works with a coisometry (partial DFT) and recovers a sparse complex vector at small lambda', () => {
    const n = 64;
    const rows = createRng(5).sampleWithoutReplacement(n, 40, new Int32Array(40));
    const A = partialDft1(n, rows);
    const x0 = new Float64Array(2 * n);
    x0[6] = 1;
    x0[7] = -0.5;
    x0[40] = -0.8;
    x0[91] = 0.3;
    const y = A.apply(x0, new Float64Array(80));
    const lam = 1e-6;
    const r = fista(A, y, l1(), { lambda: lam, tol: 1e-13, maxIter: 100000 });
    assert.ok(kktViolation(A, y, r.x, lam, true) <= 1e-6);
    assert.ok(maxAbsDiff(r.x, x0) <= 1e-5);
  });
});
