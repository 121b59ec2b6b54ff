/**
 * LASSO by coordinate descent (lassoCD), the lambda helpers and the warm-started path, against
 * scikit-learn's Lasso (test/fixtures/solvers_lasso.json, written by
 * scripts/fixtures/solvers_lasso.py; alpha = lambda / m) and against the KKT conditions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { defineOperator } from '../../src/linops/define.ts';
import { l1 } from '../../src/prox/l1.ts';
import { lassoCD } from '../../src/solvers/coordinate-descent.ts';
import { fista } from '../../src/solvers/fista.ts';
import { lambdaFromNoise, lambdaGrid, lambdaMax, lassoPath } from '../../src/solvers/lambda.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { caseData, gaussianInstance, lassoFixture } from './instances.ts';

const fx = lassoFixture;

/** Largest KKT violation of x for the LASSO (A dense, real). */
function kktViolation(A: DenseLike, y: Float64Array, x: Float64Array, lambda: number): number {
  const { rows: m, cols: n, data } = A;
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += data[i * n + j] * x[j];
    r[i] = y[i] - s;
  }
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let g = 0;
    for (let i = 0; i < m; i++) g += data[i * n + j] * r[i];
    const v = x[j] !== 0 ? Math.abs(g - lambda * Math.sign(x[j])) : Math.max(Math.abs(g) - lambda, 0);
    worst = Math.max(worst, v);
  }
  return worst;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

const easy = (seed: number) => gaussianInstance(createRng(2024, seed), 128, 256, 10);

describe('lassoCD', () => {
  for (const c of fx.lasso) {
    for (const s of c.solutions) {
      it(`agrees with scikit-learn Lasso on '${c.name}' at lambda = ${s.lambda.toPrecision(4)} (coefficients to 1e-9, objective to 1e-13)`, () => {
        const { A, y } = caseData(c);
        const r = lassoCD(A, y, { lambda: s.lambda, tol: 1e-12 });
        assert.equal(r.converged, true);
        assert.equal(r.stopReason, 'tolerance');
        const scale = Math.max(1, ...s.coef.map(Math.abs));
        assert.ok(maxAbsDiff(r.x, s.coef) <= 1e-9 * scale, `max diff ${maxAbsDiff(r.x, s.coef)}`);
        assert.ok(
          Math.abs(r.objective - s.objective) <= 1e-13 * s.objective,
          `objective ${r.objective} vs ${s.objective}`,
        );
        // the same support as sklearn and as the closed-form polished solution
        for (let j = 0; j < c.n; j++)
          assert.equal(r.x[j] !== 0, s.polished[j] !== 0, `support differs at ${j}`);
      });
      it(`satisfies the KKT conditions to 1e-6 at default tolerance on '${c.name}' at lambda = ${s.lambda.toPrecision(4)}`, () => {
        const { A, y } = caseData(c);
        const r = lassoCD(A, y, { lambda: s.lambda });
        const v = kktViolation(A, y, r.x, s.lambda);
        assert.ok(v <= 1e-6, `KKT violation ${v}`);
        // the solver's own certificate: KKT residual <= tol * lambdaMax, a non-negative duality gap
        assert.ok((r.extra!.kkt as number) <= 1e-9 * c.lambdaMax);
        assert.ok(Math.abs((r.extra!.lambdaMax as number) - c.lambdaMax) <= 1e-13 * c.lambdaMax);
        assert.ok((r.extra!.gap as number) >= -1e-15 && (r.extra!.gap as number) <= 1e-6 * r.objective);
      });
    }
  }

  it('in the easy regime (n=256, m=128, k=10) with lambda = 1e-6 lambdaMax recovers x0 to 1e-5 and its support exactly', () => {
    for (const seed of [1, 2, 3]) {
      const { A, y, x0 } = easy(seed);
      const lam = 1e-6 * lambdaMax(A, y);
      const r = lassoCD(A, y, { lambda: lam, tol: 1e-12 });
      assert.equal(r.converged, true);
      let e = 0;
      let nx = 0;
      for (let j = 0; j < 256; j++) {
        e += (r.x[j] - x0[j]) ** 2;
        nx += x0[j] ** 2;
      }
      assert.ok(Math.sqrt(e / nx) <= 1e-5, `seed ${seed}: relative error ${Math.sqrt(e / nx)}`);
      assert.deepEqual(
        Array.from(r.support!),
        Array.from(x0.keys()).filter((j) => x0[j] !== 0),
      );
      assert.ok(kktViolation(A, y, r.x, lam) <= 1e-6);
    }
  });

  it('returns x = 0 at lambda = lambdaMax and a nonzero x just below it', () => {
    const { A, y } = caseData(fx.lasso[0]);
    const lm = lambdaMax(A, y);
    assert.equal(lassoCD(A, y, { lambda: lm }).support!.length, 0);
    assert.equal(lassoCD(A, y, { lambda: 0.999 * lm }).support!.length, 1);
  });

  it('with lambda = 0 solves least squares (tall A: A^T r = 0 to 1e-10)', () => {
    const { A, y } = caseData(fx.lasso[1]);
    const r = lassoCD(A, y, { lambda: 0, tol: 1e-12 });
    assert.equal(r.converged, true);
    assert.ok(kktViolation(A, y, r.x, 0) <= 1e-10, `${kktViolation(A, y, r.x, 0)}`);
  });

  it('accepts an operator exposing its dense matrix and a warm start', () => {
    const c = fx.lasso[0];
    const { A, y } = caseData(c);
    const op = defineOperator({
      name: 'DenseOp',
      domain: [c.n],
      range: [c.m],
      field: 'real',
      apply: (_x, out) => out,
      adjoint: (_v, out) => out,
      dense: A,
    });
    const s = c.solutions[1];
    const cold = lassoCD(op, y, { lambda: s.lambda, tol: 1e-12 });
    const warm = lassoCD(A, y, { lambda: s.lambda, tol: 1e-12, x0: Float64Array.from(s.coef) });
    assert.ok(maxAbsDiff(cold.x, s.coef) <= 1e-9 && maxAbsDiff(warm.x, s.coef) <= 1e-9);
    assert.ok(warm.iterations < cold.iterations);
  });

  it('reports non-convergence when maxIter is too small', () => {
    const { A, y } = caseData(fx.lasso[0]);
    const r = lassoCD(A, y, { lambda: fx.lasso[0].solutions[2].lambda, maxIter: 3 });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.iterations, 3);
    assert.ok((r.extra!.kkt as number) > 1e-9 * fx.lasso[0].lambdaMax);
  });

  it('rejects bad input with exact messages', () => {
    const { A, y } = caseData(fx.lasso[0]);
    assert.throws(() => lassoCD(A, y, { lambda: -1 }), {
      message: 'lassoCD: lambda: expected a finite number >= 0, got -1',
    });
    assert.throws(() => lassoCD(A, y.subarray(1), { lambda: 1 }), {
      message: 'lassoCD: y length: expected 50 (rows of A), got 49',
    });
    const yn = y.slice();
    yn[3] = Number.NaN;
    assert.throws(() => lassoCD(A, yn, { lambda: 1 }), {
      message: 'lassoCD: y: expected finite values, got NaN at index 3',
    });
    const An = { ...A, data: A.data.slice() };
    An.data[7] = Number.NaN;
    assert.throws(() => lassoCD(An, y, { lambda: 1 }), {
      message: 'lassoCD: A: expected finite values, got NaN at index 7',
    });
    const complexOp = defineOperator({
      name: 'C',
      domain: [3],
      range: [2],
      field: 'complex',
      apply: (_x, out) => out,
      adjoint: (_v, out) => out,
    });
    assert.throws(() => lassoCD(complexOp, new Float64Array(4), { lambda: 1 }), {
      message: 'lassoCD: data: expected real A and y (this solver is real-only), got complex operator C',
    });
    const matrixFree = defineOperator({
      name: 'M',
      domain: [3],
      range: [2],
      field: 'real',
      apply: (_x, o) => o,
      adjoint: (_v, o) => o,
    });
    assert.throws(() => lassoCD(matrixFree, new Float64Array(2), { lambda: 1 }), {
      message:
        'lassoCD: A: expected a dense matrix { rows, cols, data } (coordinate descent needs columns), got operator M',
    });
  });
});

describe('lambda helpers', () => {
  it('lambdaMax is ||A^T y||_inf (the fixture value from numpy) for dense, operator and complex data', () => {
    for (const c of fx.lasso) {
      const { A, y } = caseData(c);
      assert.ok(Math.abs(lambdaMax(A, y) - c.lambdaMax) <= 1e-14 * c.lambdaMax);
    }
    // complex: |a_j^H y| with a diagonal complex operator diag(1 + i, 2i): A^H y = ((1 - i) y0, -2i y1)
    const D = defineOperator({
      name: 'D',
      domain: [2],
      range: [2],
      field: 'complex',
      apply: (x, o) => {
        o[0] = x[0] - x[1];
        o[1] = x[0] + x[1];
        o[2] = -2 * x[3];
        o[3] = 2 * x[2];
        return o;
      },
      adjoint: (v, o) => {
        o[0] = v[0] + v[1];
        o[1] = v[1] - v[0];
        o[2] = 2 * v[3];
        o[3] = -2 * v[2];
        return o;
      },
    });
    assert.equal(lambdaMax(D, Float64Array.of(3, 0, 0, 1)), 3 * Math.SQRT2);
  });

  it('lambdaFromNoise(sigma, n) = sigma sqrt(2 log n), and at that lambda pure noise on unit-norm columns gives x = 0 in most trials', () => {
    assert.equal(lambdaFromNoise(0.5, 1000), 0.5 * Math.sqrt(2 * Math.log(1000)));
    assert.equal(lambdaFromNoise(0, 7), 0);
    const m = 64;
    const n = 400;
    const sigma = 0.3;
    let zeroAtLam = 0;
    let zeroAtHalf = 0;
    const trials = 40;
    for (let t = 0; t < trials; t++) {
      const rng = createRng(77, t);
      const data = rng.fillNormal(new Float64Array(m * n));
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += data[i * n + j] ** 2;
        for (let i = 0; i < m; i++) data[i * n + j] /= Math.sqrt(s);
      }
      const w = rng.fillNormal(new Float64Array(m), 0, sigma);
      const A = { rows: m, cols: n, data };
      const lm = lambdaMax(A, w);
      if (lm <= lambdaFromNoise(sigma, n)) zeroAtLam++;
      if (lm <= 0.5 * lambdaFromNoise(sigma, n)) zeroAtHalf++;
    }
    // P(max of 400 |N(0,1)| <= sqrt(2 log 400)) ~ 0.8 (Gumbel limit); at half the level ~ 0
    assert.ok(zeroAtLam >= 0.65 * trials, `x = 0 in ${zeroAtLam} of ${trials}`);
    assert.equal(zeroAtHalf, 0);
    assert.throws(() => lambdaFromNoise(-1, 10), {
      message: 'lambdaFromNoise: sigma: expected a finite number >= 0, got -1',
    });
    assert.throws(() => lambdaFromNoise(1, 0), {
      message: 'lambdaFromNoise: n: expected an integer >= 1, got 0',
    });
  });

  it('lambdaGrid is geometric from lambdaMax down to ratio lambdaMax', () => {
    const g = lambdaGrid(2, 5, 1e-4);
    assert.equal(g.length, 5);
    assert.equal(g[0], 2);
    assert.ok(Math.abs(g[4] - 2e-4) <= 1e-18);
    for (let i = 1; i < 5; i++) assert.ok(Math.abs(g[i] / g[i - 1] - 0.1) <= 1e-14);
  });
});

describe('lassoPath', () => {
  const c = fx.lasso[0];
  const { A, y } = caseData(c);
  const lams = c.solutions.map((s) => s.lambda);

  it('warm-started path solutions agree with scikit-learn at every lambda (CD default, FISTA option)', () => {
    const path = lassoPath(A, y, lams, { tol: 1e-12 });
    assert.equal(path.converged, true);
    assert.equal(path.results[0].solver, 'lassoCD');
    const pf = lassoPath(A, y, lams, { solver: 'fista', tol: 1e-12, maxIter: 100000 });
    assert.equal(pf.results[0].solver, 'fista');
    for (let i = 0; i < lams.length; i++) {
      assert.ok(maxAbsDiff(path.x[i], c.solutions[i].coef) <= 1e-9);
      assert.ok(maxAbsDiff(pf.x[i], c.solutions[i].coef) <= 1e-9);
    }
  });

  it('warm starts save passes over a 20-point grid compared with cold starts', () => {
    const grid = lambdaGrid(c.lambdaMax, 20, 0.005);
    const path = lassoPath(A, y, grid, 'cd');
    let warm = 0;
    let cold = 0;
    for (let i = 0; i < grid.length; i++) {
      warm += path.results[i].iterations;
      const r = lassoCD(A, y, { lambda: grid[i] });
      cold += r.iterations;
      assert.ok(maxAbsDiff(r.x, path.x[i]) <= 1e-7);
    }
    assert.equal(
      path.x[0].every((v) => v === 0),
      true,
    );
    assert.ok(warm < cold, `warm ${warm} vs cold ${cold}`);
  });

  it('accepts a custom solver function and rejects an increasing grid', () => {
    let calls = 0;
    const seen: (Float64Array | undefined)[] = [];
    const path = lassoPath(A, y, [1, 0.5], (a, b, o) => {
      calls++;
      seen.push(o.x0);
      return fista(a, b, l1(), { ...o, tol: 1e-12, maxIter: 100000 });
    });
    assert.equal(calls, 2);
    assert.equal(seen[0], undefined);
    assert.deepEqual(seen[1], path.x[0]);
    assert.ok(kktViolation(A, y, path.x[1], 0.5) <= 1e-6);
    assert.throws(() => lassoPath(A, y, [0.1, 0.2]), {
      message:
        'lassoPath: lambdas: expected a non-increasing sequence, got lambdas[0] = 0.1 < lambdas[1] = 0.2',
    });
    assert.throws(() => lassoPath(A, y, [1, -1]), {
      message: 'lassoPath: lambdas[1]: expected a finite number >= 0, got -1',
    });
    assert.throws(() => lassoPath(A, y, []), {
      message: 'lassoPath: lambdas: expected at least one value, got an empty list',
    });
  });
});
