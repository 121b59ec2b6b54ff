/**
 * FISTA's continuation and iterate averaging (src/solvers/fista.ts, the MRI defaults): with
 * continuation FISTA still reaches scikit-learn's LASSO solution (fixture of
 * scripts/fixtures/solvers_lasso.py); the averaged x equals the closed forms of the average of
 * the plain run's iterates (power 0: their mean; power 1: weights proportional to t); a short run
 * is the beginning of a longer one; bad options give one CandorError each.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { l1 } from '../../src/prox/l1.ts';
import { fista } from '../../src/solvers/fista.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { caseData, lassoFixture } from './instances.ts';

const c0 = lassoFixture.lasso[0];
const s0 = c0.solutions[0];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** 1/2 ||A x - y||^2 + lambda ||x||_1 for a dense A (row-major). */
function lassoObjective(A: DenseLike, y: Float64Array, x: Float64Array, lambda: number): number {
  const { rows: m, cols: n, data } = A;
  let f = 0;
  for (let i = 0; i < m; i++) {
    let s = -y[i];
    for (let j = 0; j < n; j++) s += data[i * n + j] * x[j];
    f += s * s;
  }
  let r = 0;
  for (let j = 0; j < n; j++) r += Math.abs(x[j]);
  return 0.5 * f + lambda * r;
}

describe('fista continuation', () => {
  it(`reaches scikit-learn's LASSO solution on '${c0.name}' (coefficients to 1e-9)`, () => {
    const { A, y } = caseData(c0);
    const r = fista(A, y, l1(), { lambda: s0.lambda, tol: 1e-12, maxIter: 100000, continuation: { factor: 30, iterations: 25 } });
    assert.equal(r.converged, true);
    assert.ok(maxAbsDiff(r.x, s0.coef) <= 1e-9, `max diff ${maxAbsDiff(r.x, s0.coef)}`);
  });

  it('thresholds with lambda factor^(1 - (k-1)/K) for k <= K, then lambda (the yielded info)', () => {
    const { A, y } = caseData(c0);
    const lam: number[] = [];
    fista(A, y, l1(), {
      lambda: s0.lambda,
      tol: 0,
      maxIter: 12,
      continuation: { factor: 8, iterations: 9 },
      onIterate: (it) => void lam.push((it.info as { lambda: number }).lambda),
    });
    const expect = Array.from({ length: 12 }, (_, i) => (i < 9 ? s0.lambda * 8 ** (1 - i / 9) : s0.lambda));
    assert.ok(maxAbsDiff(lam, expect) <= 1e-15 * 8 * s0.lambda, `${lam} vs ${expect}`);
  });

  it('a run of j iterations is the beginning of a longer one (continuation and averaging alike)', () => {
    const { A, y } = caseData(c0);
    const o = { lambda: s0.lambda, tol: 0, continuation: { factor: 10, iterations: 20 }, average: { from: 5 } };
    const short = fista(A, y, l1(), { ...o, maxIter: 15 });
    let at15: Float64Array | null = null;
    fista(A, y, l1(), { ...o, maxIter: 40, onIterate: (it) => void (it.iteration === 15 && (at15 = it.x.slice())) });
    assert.deepEqual(short.x, at15);
  });
});

describe('fista averaging', () => {
  for (const power of [0, 1]) {
    it(`power ${power}: the reported x is the ${power === 0 ? 'mean' : 't-weighted mean'} of the plain run's iterates from 'from' on`, () => {
      const { A, y } = caseData(c0);
      const base = { lambda: s0.lambda, tol: 0, maxIter: 30, continuation: { factor: 10, iterations: 8 } };
      const xs: Float64Array[] = [];
      fista(A, y, l1(), { ...base, onIterate: (it) => void xs.push(it.x.slice()) });
      const from = 11;
      const avg = fista(A, y, l1(), { ...base, average: { from, power } });
      const ref = new Float64Array(xs[0].length);
      let wsum = 0;
      for (let k = from; k <= 30; k++) {
        const w = power === 0 ? 1 : k - from + 1;
        wsum += w;
        for (let i = 0; i < ref.length; i++) ref[i] += w * xs[k - 1][i];
      }
      for (let i = 0; i < ref.length; i++) ref[i] /= wsum;
      assert.ok(maxAbsDiff(avg.x, ref) <= 1e-12 * Math.max(...ref.map(Math.abs)), `diff ${maxAbsDiff(avg.x, ref)}`);
      // the returned objective is the average's own
      const f = lassoObjective(A as DenseLike, y, avg.x, s0.lambda);
      assert.ok(Math.abs(avg.objective - f) <= 1e-12 * f, `${avg.objective} vs ${f}`);
      // averaging does not change the iterates themselves: before 'from' the yielded x are the plain run's
      const early: Float64Array[] = [];
      fista(A, y, l1(), { ...base, average: { from, power }, onIterate: (it) => void (it.iteration < from && early.push(it.x.slice())) });
      for (let k = 0; k < from - 1; k++) assert.deepEqual(early[k], xs[k]);
    });
  }
});

describe('fista continuation and averaging: bad options', () => {
  const { A, y } = caseData(c0);
  const cases: [string, object, string][] = [
    ['factor below 1', { continuation: { factor: 0.5, iterations: 3 } }, 'fista: continuation.factor: expected a finite number >= 1, got 0.5'],
    ['iterations 0', { continuation: { factor: 2, iterations: 0 } }, 'fista: continuation.iterations: expected an integer >= 1, got 0'],
    ['not an object', { continuation: 3 }, 'fista: continuation: expected { factor, iterations }, got 3'],
    ['from 0', { average: { from: 0 } }, 'fista: average.from: expected an integer >= 1, got 0'],
    ['negative power', { average: { from: 2, power: -1 } }, 'fista: average.power: expected a finite number >= 0, got -1'],
  ];
  for (const [what, o, message] of cases) {
    it(what, () => {
      assert.throws(() => fista(A, y, l1(), { lambda: 0.1, ...(o as object) }), { message });
    });
  }
});
