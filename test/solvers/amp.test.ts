/**
 * AMP against its theory (THEORY.md section 3): the per-iteration MSE follows state evolution
 * (predict/amp.ts stateEvolution) at n = 2000, delta = 0.5, rho = 0.2; a fixed point solves the
 * LASSO with the reported lambda = theta (1 - ||x||_0 / m) (KKT); the threshold policy; recovery;
 * non-convergence; bad input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { partialDft1 } from '../../src/linops/fourier.ts';
import { AMP_DEFAULTS, amp, ampAlpha } from '../../src/solvers/amp.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { dmmWeakThreshold, minimaxThreshold, stateEvolution } from '../../src/predict/amp.ts';

interface Instance {
  A: DenseLike;
  x0: Float64Array;
  y: Float64Array;
}

function instance(
  seed: number,
  trial: number,
  m: number,
  n: number,
  k: number,
  sigmaW: number,
  model: 'gaussian' | 'nonneg-gaussian' = 'gaussian',
): Instance {
  const rng = createRng(seed, trial);
  const A = { rows: m, cols: n, data: rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m)) };
  const x0 = rng.sparseVector(n, k, model, new Float64Array(n));
  const noise = rng.fillNormal(new Float64Array(m), 0, sigmaW);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A.data[i * n + j] * x0[j];
    y[i] = s + noise[i];
  }
  return { A, x0, y };
}

function sumSq(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

/**
 * Empirical MSE ||x^t - x0||^2 / n against the state-evolution prediction delta (sigma_t^2 -
 * sigma_w^2) over seeded trials (each trial's SE uses the empirical law of its x0). At n = 2000
 * one trial's MSE fluctuates by ~10% (it is dominated by the k = 200 nonzeros), so the test
 * compares averages over trials: `mean` = ratio of the trial means (noisy case: the MSE settles
 * at a fixed point), `geo` = geometric mean of the per-trial ratios (noiseless case: the MSE
 * decays geometrically and finite-n deviations compound multiplicatively, so the ratio of means
 * is dominated by the slowest trial, a Jensen effect, while the geometric mean is not).
 */
function seRatios(
  sigmaW: number,
  T: number,
  trials: number,
): { mean: number[]; geo: number[]; decay: number } {
  const n = 2000;
  const m = 1000;
  const k = 200;
  const alpha = minimaxThreshold(k / n).alpha;
  const emp = new Float64Array(T);
  const pred = new Float64Array(T);
  const logs = new Float64Array(T);
  let decay = 0;
  for (let trial = 0; trial < trials; trial++) {
    const I = instance(2026, trial, m, n, k, sigmaW);
    const r = amp(I.A, I.y, { sparsity: k, xTrue: I.x0, maxIter: T, tol: 0 });
    assert.equal(r.iterations, T);
    const x2 = sumSq(I.x0);
    const se = stateEvolution({ delta: m / n, alpha, prior: I.x0, sigma2w: sigmaW * sigmaW, iterations: T });
    for (let t = 1; t <= T; t++) {
      const e = (r.history.error[t - 1] ** 2 * x2) / n;
      const p = (m / n) * (se[t] - sigmaW * sigmaW);
      emp[t - 1] += e;
      pred[t - 1] += p;
      logs[t - 1] += Math.log(e / p) / trials;
    }
    decay += (se[1] - sigmaW * sigmaW) / (se[T] - sigmaW * sigmaW) / trials;
  }
  return { mean: Array.from(emp, (e, i) => e / pred[i]), geo: Array.from(logs, Math.exp), decay };
}

describe('amp follows state evolution (n=2000, delta=0.5, rho=0.2, seeded trials)', () => {
  it('noisy (sigma_w = 0.05, 16 trials): the mean MSE of each of 30 iterations is within 10% of its prediction', () => {
    const { mean } = seRatios(0.05, 30, 16);
    for (const [t, q] of mean.entries())
      assert.ok(Math.abs(q - 1) <= 0.1, `iteration ${t + 1}: empirical/predicted = ${q}`);
  });
  it('noiseless (32 trials): within 10% in geometric mean over the first 8 iterations, while the MSE falls > 10x', () => {
    const { geo, decay } = seRatios(0, 8, 32);
    for (const [t, q] of geo.entries())
      assert.ok(Math.abs(q - 1) <= 0.1, `iteration ${t + 1}: empirical/predicted = ${q}`);
    assert.ok(decay > 10, `SE decay ${decay}`);
  });
});

describe('amp', () => {
  const I = instance(5, 0, 200, 400, 20, 0);
  it('recovers a sparse signal in the easy regime (n=400, m=200, k=20) to <= 1e-8', () => {
    const r = amp(I.A, I.y, { xTrue: I.x0, tol: 1e-10 });
    assert.equal(r.converged, true);
    assert.ok((r.history.error.at(-1) as number) <= 1e-8, `error ${r.history.error.at(-1)}`);
  });
  it('threshold policy: DMM weak-threshold alpha by default, minimax alpha for a given sparsity, or alpha', () => {
    assert.equal(ampAlpha(200, 400), dmmWeakThreshold(0.5).alpha);
    assert.equal(ampAlpha(200, 400, { sparsity: 20 }), minimaxThreshold(0.05).alpha);
    assert.equal(ampAlpha(200, 400, { sparsity: 20, nonneg: true }), minimaxThreshold(0.05, 'nonneg').alpha);
    assert.equal(ampAlpha(200, 400, { alpha: 1.5, sparsity: 20 }), 1.5);
    assert.equal(ampAlpha(500, 400), 0);
    const r = amp(I.A, I.y, { sparsity: 20, maxIter: 3 });
    assert.equal(r.extra?.alpha, minimaxThreshold(0.05).alpha);
  });
  it('a fixed point solves the LASSO with lambda = theta (1 - ||x||_0 / m) (KKT to 1e-6)', () => {
    const N = instance(6, 0, 200, 400, 20, 0.05);
    const r = amp(N.A, N.y, { sparsity: 20, tol: 1e-12, maxIter: 2000 });
    assert.equal(r.converged, true);
    const lambda = r.lambda as number;
    let nnz = 0;
    for (const v of r.x) if (v !== 0) nnz++;
    assert.ok(Math.abs(lambda - (r.extra?.theta as number) * (1 - nnz / 200)) <= 1e-15 * lambda);
    const { rows: m, cols: n, data } = N.A;
    const res = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += data[i * n + j] * r.x[j];
      res[i] = N.y[i] - s;
    }
    let worst = 0;
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += data[i * n + j] * res[i];
      const v = r.x[j] !== 0 ? Math.abs(g - lambda * Math.sign(r.x[j])) : Math.max(Math.abs(g) - lambda, 0);
      worst = Math.max(worst, v);
    }
    assert.ok(worst <= 1e-6 * lambda, `KKT violation ${worst} (lambda ${lambda})`);
    // history.objective is the LASSO objective 1/2||Ax - y||^2 + lambda ||x||_1 of that iterate
    let l1 = 0;
    for (const v of r.x) l1 += Math.abs(v);
    const F = 0.5 * sumSq(res) + lambda * l1;
    assert.ok(Math.abs((r.history.objective.at(-1) as number) - F) <= 1e-9 * F);
  });
  it('nonneg: the positive soft threshold recovers a nonnegative signal and keeps x >= 0', () => {
    const P = instance(7, 0, 200, 400, 30, 0, 'nonneg-gaussian');
    const r = amp(P.A, P.y, { nonneg: true, sparsity: 30, xTrue: P.x0, tol: 1e-10 });
    assert.ok((r.history.error.at(-1) as number) <= 1e-8);
    for (const v of r.x) assert.ok(v >= 0);
  });
  it('non-convergence is reported: maxIter reached, converged false', () => {
    const r = amp(I.A, I.y, { maxIter: 4 });
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.converged, false);
    assert.equal(r.iterations, 4);
  });
  it('one A x and one A^T z per iteration', () => {
    const r = amp(I.A, I.y, { maxIter: 5, tol: 0 });
    assert.equal(r.calls.apply, 5);
    assert.equal(r.calls.adjoint, 5);
  });
  it('defaults are frozen', () => {
    assert.ok(Object.isFrozen(AMP_DEFAULTS));
  });
  it('bad input gets exact messages', () => {
    const throwsExactly = (fn: () => unknown, message: string) =>
      assert.throws(fn, (e: Error) => e.name === 'CandorError' && e.message === message);
    const y = I.y;
    throwsExactly(() => amp(I.A, new Float64Array(199)), 'amp: y length: expected 200 (rows of A), got 199');
    throwsExactly(() => amp(I.A, y, { alpha: -1 }), 'amp: alpha: expected a finite number >= 0, got -1');
    throwsExactly(
      () => amp(I.A, y, { sparsity: 401 }),
      'amp: sparsity: expected an integer in [1, 400], got 401',
    );
    throwsExactly(
      () => amp(I.A, y, { nonneg: 1 as unknown as boolean }),
      'amp: nonneg: expected a boolean, got 1',
    );
    const yb = y.slice();
    yb[3] = Number.NaN;
    throwsExactly(() => amp(I.A, yb), 'amp: y: expected finite values, got NaN at index 3');
    const F = partialDft1(16, [0, 3, 5, 9]);
    throwsExactly(
      () => amp(F, new Float64Array(8)),
      `amp: data: expected real A and y (this solver is real-only), got complex operator ${F.name}`,
    );
  });
});
