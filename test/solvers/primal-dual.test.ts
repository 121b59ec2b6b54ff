/**
 * The generic primal-dual solver (src/solvers/primal-dual.ts): the LASSO through an identity
 * analysis term against scikit-learn's Lasso (test/fixtures/solvers_lasso.json), the exact data
 * prox against the dual treatment of the data on a coisometry, the constrained form's
 * feasibility, and bad input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identity } from '../../src/linops/basic.ts';
import { partialDft2 } from '../../src/linops/fourier.ts';
import { l1AnalysisTerm, tvTerm } from '../../src/prox/dual-terms.ts';
import { nonneg } from '../../src/prox/indicators.ts';
import { primalDual } from '../../src/solvers/primal-dual.ts';
import { caseData, lassoFixture } from './instances.ts';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}

/** A 16 x 16 piecewise-constant complex image and a seeded 40% Cartesian sample set. */
function tvProblem() {
  const ny = 16;
  const nx = 16;
  const n = ny * nx;
  const img = new Float64Array(2 * n);
  for (let i = 0; i < ny; i++) for (let j = 0; j < nx; j++) img[2 * (i * nx + j)] = (i > 4 && i < 11 && j > 3 && j < 12 ? 1 : 0) + (j > 12 ? 0.5 : 0);
  const mask = new Uint8Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    mask[i] = s / 4294967296 < 0.4 ? 1 : 0;
  }
  const A = partialDft2(ny, nx, mask, { centered: true });
  const y = A.apply(img, new Float64Array(2 * A.rows));
  return { ny, nx, n, A, y, img };
}

describe('primalDual', () => {
  const c = lassoFixture.lasso[0];
  const sol = c.solutions[1];
  it(`solves the LASSO (identity analysis term, dual data) on '${c.name}': scikit-learn's coefficients to 1e-6`, () => {
    const { A, y } = caseData(c);
    const r = primalDual(A, y, { terms: [l1AnalysisTerm(identity([c.n]), sol.lambda, { complex: false })], tol: 1e-13, maxIter: 200000, kappa: 1 });
    assert.equal(r.extra?.data, 'dual');
    assert.ok(maxAbsDiff(r.x, sol.coef) <= 1e-6, `max diff ${maxAbsDiff(r.x, sol.coef)}`);
    assert.ok(Math.abs(r.objective - sol.objective) <= 1e-8 * sol.objective, `objective ${r.objective} vs ${sol.objective}`);
  });
  it('on a coisometry the exact data prox and the dual data term reach the same TV minimiser (1e-7)', () => {
    const { ny, nx, A, y } = tvProblem();
    const terms = [tvTerm(ny, nx, 0.02)];
    const a = primalDual(A, y, { terms, data: 'prox', tol: 1e-12, maxIter: 50000 });
    const b = primalDual(A, y, { terms, data: 'dual', tol: 1e-12, maxIter: 50000 });
    assert.equal(a.extra?.data, 'prox');
    assert.equal(a.converged && b.converged, true);
    assert.ok(maxAbsDiff(a.x, b.x) <= 1e-7, `prox vs dual ${maxAbsDiff(a.x, b.x)}`);
    assert.ok(Math.abs(a.objective - b.objective) <= 1e-9 * a.objective);
    // 'auto' picks the exact prox for this operator
    assert.equal(primalDual(A, y, { terms, maxIter: 2 }).extra?.data, 'prox');
  });
  it('the constrained form ends inside the data ball ||Ax - y|| <= epsilon, with both data treatments', () => {
    const { ny, nx, A, y } = tvProblem();
    let ny2 = 0;
    for (const v of y) ny2 += v * v;
    const epsilon = 0.05 * Math.sqrt(ny2);
    for (const data of ['prox', 'dual'] as const) {
      const r = primalDual(A, y, { terms: [tvTerm(ny, nx, 1)], data, epsilon, tol: 1e-10, maxIter: 50000 });
      assert.ok(r.residualNorm <= epsilon * (1 + 1e-6), `${data}: residual ${r.residualNorm} > ${epsilon}`);
      // the TV minimiser over the ball sits on its boundary (the data alone would not fit a lower TV)
      assert.ok(r.residualNorm >= epsilon * 0.99, `${data}: residual ${r.residualNorm} inside the ball`);
    }
  });
  it('a primal prox (positivity) with dual data keeps every iterate nonnegative', () => {
    const { A, y } = caseData(c);
    const r = primalDual(A, y, { terms: [l1AnalysisTerm(identity([c.n]), sol.lambda, { complex: false })], primal: nonneg(), maxIter: 500 });
    assert.ok(r.x.every((v) => v >= 0));
  });
  it('refuses bad input with exact messages', () => {
    const { A, y } = caseData(c);
    assert.throws(() => primalDual(A, y, { terms: [] }), { message: 'primalDual: terms: expected at least one penalty term (tvTerm, l1AnalysisTerm), got array of length 0' });
    assert.throws(() => primalDual(A, y, { terms: [tvTerm(4, 4, 1)] }), {
      message: `primalDual: terms[0] (TV(4x4)) length: expected ${c.n} (the unknowns of Dense(${c.m}x${c.n})), got 32`,
    });
    const T = [l1AnalysisTerm(identity([c.n]), 1, { complex: false })];
    assert.throws(() => primalDual(A, y, { terms: T, data: 'prox' }), {
      message: `primalDual: data: expected 'dual' for this operator ('prox' needs A A^H = I), got 'prox' with Dense(${c.m}x${c.n})`,
    });
    assert.throws(() => primalDual(A, y, { terms: T, tau: 10, sigma: 10 }), /primalDual: steps: expected tau sigma L\^2 <= 1/);
  });
});
