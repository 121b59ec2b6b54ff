/**
 * Recovery by the greedy solvers in the easy regime of issue 3 (Gaussian A with N(0, 1/m)
 * entries, n = 256, m = 128, k = 10, Gaussian amplitudes, ten seeded instances), what each one
 * achieves there, their documented monotonicity, non-convergence in a hard regime (k = 30 with
 * m = 64), warm starts, callbacks, and agreement between input paths.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { cosamp } from '../../src/solvers/cosamp.ts';
import { htp } from '../../src/solvers/htp.ts';
import { iht, niht } from '../../src/solvers/iht.ts';
import { omp } from '../../src/solvers/omp.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { subspacePursuit } from '../../src/solvers/subspace-pursuit.ts';
import type { SolverResult } from '../../src/solvers/types.ts';
import { gaussianInstance, type Instance, plainOperator } from './instances.ts';

function relErr(x: Float64Array, ref: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i] - ref[i]) ** 2;
    s += ref[i] ** 2;
  }
  return Math.sqrt(d / s);
}

const EASY = Array.from({ length: 10 }, (_, s) => gaussianInstance(createRng(2024, s), 128, 256, 10));
const k = 10;

const exactSolvers: [string, (I: Instance) => SolverResult][] = [
  ['omp', (I) => omp(I.A, I.y, { k })],
  ['subspacePursuit', (I) => subspacePursuit(I.A, I.y, { k })],
  ['cosamp', (I) => cosamp(I.A, I.y, { k })],
  ['htp', (I) => htp(I.A, I.y, { k })],
  ['htp normalized', (I) => htp(I.A, I.y, { k, step: 'normalized' })],
];

describe('easy regime (n=256, m=128, k=10, ten seeded Gaussian instances)', () => {
  for (const [name, solve] of exactSolvers) {
    it(`${name} recovers every instance to relative error <= 1e-10 with an exact fit`, () => {
      for (const I of EASY) {
        const r = solve(I);
        assert.ok(relErr(r.x, I.x0) <= 1e-10, `${name}: error ${relErr(r.x, I.x0)}`);
        assert.equal(r.stopReason, 'exact-fit');
        assert.equal(r.converged, true);
        assert.deepEqual(
          Array.from(r.support ?? []),
          Array.from(I.x0.keys()).filter((j) => I.x0[j] !== 0),
        );
      }
    });
  }
  it('niht recovers every instance to <= 1e-10 and its residual never increases', () => {
    for (const I of EASY) {
      const r = niht(I.A, I.y, { k });
      assert.ok(relErr(r.x, I.x0) <= 1e-10, `error ${relErr(r.x, I.x0)}`);
      assert.equal(r.stopReason, 'exact-fit');
      const h = r.history.residualNorm;
      for (let t = 1; t < h.length; t++) assert.ok(h[t] <= h[t - 1] * (1 + 1e-12), `residual grew at ${t}`);
    }
  });
  it('iht (step 1/||A||^2) recovers at least 6 of the 10 to <= 1e-10, and its residual never increases', () => {
    let recovered = 0;
    for (const I of EASY) {
      const r = iht(I.A, I.y, { k });
      assert.equal(r.converged, true);
      if (relErr(r.x, I.x0) <= 1e-10) recovered++;
      else assert.ok(relErr(r.x, I.x0) > 1e-3, 'a failure is a wrong fixed point, not slow convergence');
      const h = r.history.residualNorm;
      for (let t = 1; t < h.length; t++) assert.ok(h[t] <= h[t - 1] * (1 + 1e-12), `residual grew at ${t}`);
    }
    assert.ok(recovered >= 6, `iht recovered ${recovered} of 10`);
  });
  it('history.error tracks xTrue and the least-squares methods need few iterations', () => {
    const I = EASY[0];
    const r = subspacePursuit(I.A, I.y, { k, xTrue: I.x0 });
    assert.ok(r.iterations <= 5);
    assert.equal(r.history.error.length, r.history.residualNorm.length);
    assert.ok((r.history.error.at(-1) as number) <= 1e-10);
  });
});

describe('hard regime (n=256, m=64, k=30): non-convergence is reported', () => {
  const H = gaussianInstance(createRng(7, 99), 64, 256, 30);
  it('cosamp cycles: max-iterations, converged false', () => {
    const r = cosamp(H.A, H.y, { k: 30, maxIter: 100 });
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.converged, false);
    assert.ok(relErr(r.x, H.x0) > 0.1);
  });
  it('subspacePursuit stops when its residual grows: stagnation, converged false', () => {
    const r = subspacePursuit(H.A, H.y, { k: 30 });
    assert.equal(r.stopReason, 'stagnation');
    assert.equal(r.converged, false);
  });
  it('htp, niht and iht reach a fixed point whose residual is far from zero', () => {
    for (const r of [htp(H.A, H.y, { k: 30 }), niht(H.A, H.y, { k: 30 }), iht(H.A, H.y, { k: 30 })]) {
      assert.equal(r.stopReason, 'tolerance', r.solver);
      assert.ok(r.residualNorm > 0.1, `${r.solver} residual ${r.residualNorm}`);
      assert.ok(relErr(r.x, H.x0) > 0.1);
    }
  });
  it('omp with a residual target it cannot meet in k atoms: converged false', () => {
    const r = omp(H.A, H.y, { k: 30, residualTol: 1e-8 });
    assert.equal(r.stopReason, 'sparsity-reached');
    assert.equal(r.converged, false);
  });
  it('a maxIter too small is reported by every iterative solver', () => {
    const I = EASY[1];
    for (const r of [
      iht(I.A, I.y, { k, maxIter: 5 }),
      niht(I.A, I.y, { k, maxIter: 5 }),
      cosamp(I.A, I.y, { k, maxIter: 1 }),
      htp(I.A, I.y, { k, maxIter: 1 }),
    ]) {
      assert.equal(r.stopReason, 'max-iterations', r.solver);
      assert.equal(r.converged, false);
    }
  });
});

describe('greedy solver plumbing', () => {
  const I = EASY[2];
  it('a warm start at the truth stops at once with an exact fit', () => {
    for (const r of [
      htp(I.A, I.y, { k, x0: I.x0 }),
      cosamp(I.A, I.y, { k, x0: I.x0 }),
      niht(I.A, I.y, { k, x0: I.x0 }),
    ]) {
      assert.equal(r.stopReason, 'exact-fit', r.solver);
      assert.equal(r.iterations, 0);
      assert.ok(relErr(r.x, I.x0) <= 1e-15);
    }
  });
  it('onIterate returning false stops with stopReason callback', () => {
    let seen = 0;
    const r = niht(I.A, I.y, { k, onIterate: () => ++seen < 3 });
    assert.equal(r.stopReason, 'callback');
    assert.equal(r.iterations, 3);
    assert.equal(r.converged, false);
  });
  it('an aborted signal stops before the first iteration', () => {
    const ac = new AbortController();
    ac.abort();
    const r = cosamp(I.A, I.y, { k, signal: ac.signal });
    assert.equal(r.stopReason, 'aborted');
    assert.equal(r.iterations, 0);
  });
  it('the JavaScript kernels and a plain operator give the same iterates as WebAssembly', () => {
    const op = plainOperator(I.A);
    for (const solve of [
      (A: DenseLike | typeof op, kernel: 'auto' | 'js') => niht(A, I.y, { k, kernel }),
      (A: DenseLike | typeof op, kernel: 'auto' | 'js') => cosamp(A, I.y, { k, kernel }),
      (A: DenseLike | typeof op, kernel: 'auto' | 'js') => htp(A, I.y, { k, kernel }),
    ]) {
      const a = solve(I.A, 'auto');
      const b = solve(I.A, 'js');
      const c = solve(op, 'auto');
      assert.equal(a.iterations, b.iterations, a.solver);
      assert.equal(a.iterations, c.iterations, a.solver);
      assert.ok(relErr(b.x, a.x) <= 1e-12 && relErr(c.x, a.x) <= 1e-12, a.solver);
    }
  });
});
