/**
 * Constrained and primal-dual convex solvers: the l1-ball projection, SPGL1 (bpdn), ADMM (admm)
 * and Chambolle-Pock (chambollePock), against scipy linprog / closed-form BPDN references
 * (test/fixtures/solvers_lasso.json from scripts/fixtures/solvers_lasso.py), exact 1-D TV
 * (Condat), the FGP TV prox, the ground truth in the easy regime, and bad input.
 *
 * What each solver achieves in the easy regime of issue 3 (Gaussian N(0, 1/m), n=256, m=128,
 * k=10, seeds 1-5), tested below:
 * - bpdn({ sigma: 0 }) (SPGL1, default tolerances): relative error to x0 <= 1e-8;
 * - admm() (basis pursuit, default tol 1e-8): relative error to x0 <= 1e-7;
 * - chambollePock({ sigma: 0 }) with K = I (analysis-l1 = BP): relative error <= 1e-6 at tol 1e-7.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRng } from '../../src/core/rng/index.ts';
import { identity } from '../../src/linops/basic.ts';
import { partialDft1, partialDft2 } from '../../src/linops/fourier.ts';
import { l1 } from '../../src/prox/l1.ts';
import { condatTV1d, tv2d } from '../../src/prox/tv.ts';
import { admm } from '../../src/solvers/admm.ts';
import { chambollePock, tvAnalysis } from '../../src/solvers/chambolle-pock.ts';
import { lassoCD } from '../../src/solvers/coordinate-descent.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { bpdn, projectL1Ball } from '../../src/solvers/spgl1.ts';
import { f32, gaussianInstance, lassoFixture, plainOperator } from './instances.ts';

const fx = lassoFixture;

const W = fx.lasso[0];
const Awide: DenseLike = { rows: W.m, cols: W.n, data: f32(W.A) };

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function relErr(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let e = 0;
  let r = 0;
  for (let i = 0; i < ref.length; i++) {
    e += (x[i] - ref[i]) ** 2;
    r += ref[i] ** 2;
  }
  return Math.sqrt(e / r);
}

function residual(A: DenseLike, x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < A.rows; i++) {
    let t = -y[i];
    for (let j = 0; j < A.cols; j++) t += A.data[i * A.cols + j] * x[j];
    s += t * t;
  }
  return Math.sqrt(s);
}

const l1norm = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + Math.abs(v), 0);

const easy = (seed: number) => gaussianInstance(createRng(2024, seed), 128, 256, 10);

/** Duchi et al. (2008) sort-based projection onto the l1 ball, as an independent reference. */
function duchi(x: number[], z: number): number[] {
  const u = x.map(Math.abs).sort((a, b) => b - a);
  if (u.reduce((s, v) => s + v, 0) <= z) return x.slice();
  let cum = 0;
  let theta = 0;
  for (let j = 0; j < u.length; j++) {
    cum += u[j];
    const t = (cum - z) / (j + 1);
    if (u[j] - t > 0) theta = t;
  }
  return x.map((v) => Math.sign(v) * Math.max(Math.abs(v) - theta, 0));
}

describe('projectL1Ball (Condat)', () => {
  it('matches the sort-based projection of Duchi et al. to 1e-12 and lands on the sphere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        (xs, z) => {
          const x = Float64Array.from(xs);
          const p = projectL1Ball(x, z, new Float64Array(x.length));
          const ref = duchi(xs, z);
          if (maxAbsDiff(p, ref) > 1e-12 * Math.max(1, z)) return false;
          return l1norm(xs) <= z || Math.abs(l1norm(p) - z) <= 1e-12 * z;
        },
      ),
      { seed: 20240902, numRuns: 100 },
    );
  });

  it('projects complex vectors by their magnitudes and keeps the phases (in place too)', () => {
    const x = Float64Array.of(3, 4, 0, -1, 0.6, -0.8);
    const mags = [5, 1, 1];
    const ref = duchi(mags, 3);
    const p = projectL1Ball(x, 3, x, true);
    for (let i = 0; i < 3; i++) {
      assert.ok(Math.abs(Math.hypot(p[2 * i], p[2 * i + 1]) - ref[i]) <= 1e-15);
      if (ref[i] > 0)
        assert.ok(Math.abs(p[2 * i] * (i === 0 ? 4 : -1) - p[2 * i + 1] * (i === 0 ? 3 : 0)) <= 1e-15);
    }
    assert.deepEqual(Array.from(projectL1Ball(Float64Array.of(1, -2), 0, new Float64Array(2))), [0, 0]);
  });
});

describe('bpdn (SPGL1)', () => {
  it('easy regime: basis pursuit (sigma = 0) recovers x0 to relative error 1e-8 (seeds 1-5)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { A, y, x0 } = easy(seed);
      const r = bpdn(A, y, { sigma: 0 });
      assert.equal(r.converged, true);
      assert.equal(r.stopReason, 'exact-fit');
      assert.ok(relErr(r.x, x0) <= 1e-8, `seed ${seed}: ${relErr(r.x, x0)}`);
      assert.ok(Math.abs((r.extra!.tau as number) - l1norm(x0)) <= 1e-8 * l1norm(x0));
      assert.ok((r.extra!.paretoIterations as number) >= 2);
    }
  });

  it('BPDN with sigma far below ||y|| (1e-6 to 1e-9 of it) converges to ||Ax - y|| = sigma within rounding, never NaN (it used to stall or diverge)', () => {
    const y = Float64Array.from(fx.bp.y);
    const yNorm = Math.hypot(...y);
    for (const rel of [1e-6, 1e-7, 1e-8, 1e-9]) {
      const sigma = rel * yNorm;
      const r = bpdn(Awide, y, { sigma });
      assert.equal(r.stopReason, 'residual-target', `sigma = ${rel} ||y||`);
      assert.ok(Math.abs(r.residualNorm - sigma) <= 1e-6 * sigma + 1e-13 * yNorm, `sigma = ${rel} ||y||: ||r|| = ${r.residualNorm}`);
      // a feasible point of the constraint within sigma of the linprog BP solution's residual (0):
      // the l1 norm can only be below the BP optimum, by at most about sigma / sigma_min
      assert.ok(r.objective <= fx.bp.l1 * (1 + 1e-12) && r.objective >= fx.bp.l1 * (1 - 1e-3), `||x||_1 = ${r.objective} vs BP ${fx.bp.l1}`);
    }
  });

  it('basis pursuit matches scipy linprog (HiGHS): x to 1e-8, ||x||_1 to 1e-9 relative', () => {
    const y = Float64Array.from(fx.bp.y);
    const r = bpdn(Awide, y, { sigma: 0 });
    assert.equal(r.converged, true);
    assert.ok(maxAbsDiff(r.x, fx.bp.x) <= 1e-8);
    assert.ok(Math.abs(r.objective - fx.bp.l1) <= 1e-9 * fx.bp.l1);
  });

  it('BPDN meets ||Ax - y|| <= sigma (1 + 1e-6) with ||x||_1 matching the closed-form reference to 1e-8', () => {
    const y = Float64Array.from(fx.bpdn.y);
    const sigma = fx.bpdn.sigma;
    const r = bpdn(Awide, y, { sigma });
    assert.equal(r.converged, true);
    assert.equal(r.stopReason, 'residual-target');
    const res = residual(Awide, r.x, y);
    assert.ok(res <= sigma * (1 + 1e-6), `residual ${res} vs sigma ${sigma}`);
    assert.ok(Math.abs(r.residualNorm - res) <= 1e-12 * sigma);
    assert.ok(Math.abs(l1norm(r.x) - fx.bpdn.l1) <= 1e-8 * fx.bpdn.l1, `l1 ${l1norm(r.x)} vs ${fx.bpdn.l1}`);
    assert.ok(maxAbsDiff(r.x, fx.bpdn.x) <= 1e-6);
    // the Pareto root: tau = ||x||_1, and the LASSO weight with the same solution
    assert.ok(Math.abs((r.extra!.tau as number) - fx.bpdn.l1) <= 1e-8 * fx.bpdn.l1);
    assert.ok(Math.abs((r.extra!.lambda as number) - fx.bpdn.lambda) <= 1e-5 * fx.bpdn.lambda);
    assert.equal(r.extra!.sigma, sigma);
  });

  it('solves complex basis pursuit with a partial DFT (magnitude projection) to relative error 1e-8', () => {
    const n = 128;
    const rng = createRng(9);
    const A = partialDft1(n, rng.sampleWithoutReplacement(n, 64, new Int32Array(64)));
    const x0 = new Float64Array(2 * n);
    for (const j of rng.sampleWithoutReplacement(n, 6, new Int32Array(6))) {
      x0[2 * j] = rng.normal();
      x0[2 * j + 1] = rng.normal();
    }
    const y = A.apply(x0, new Float64Array(128));
    const r = bpdn(A, y, { sigma: 0 });
    assert.equal(r.converged, true);
    assert.ok(relErr(r.x, x0) <= 1e-8, `${relErr(r.x, x0)}`);
  });

  it('returns x = 0 when sigma >= ||y||, and reports non-convergence', () => {
    const y = Float64Array.from(fx.bpdn.y);
    const yn = Math.hypot(...y);
    const z = bpdn(Awide, y, { sigma: yn * 1.01 });
    assert.equal(z.converged, true);
    assert.ok(z.x.every((v) => v === 0));
    const r = bpdn(Awide, y, { sigma: fx.bpdn.sigma, maxIter: 5 });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.iterations, 5);
  });

  it("reports 'infeasible' when sigma is below the least-squares residual (y outside the range of a tall A)", () => {
    const t = fx.lasso[1];
    const A = { rows: t.m, cols: t.n, data: f32(t.A) };
    const y = Float64Array.from(t.y);
    const ls = lassoCD(A, y, { lambda: 0, tol: 1e-13 }); // least squares, independently
    for (const sigma of [0, 0.5 * ls.residualNorm]) {
      const r = bpdn(A, y, { sigma });
      assert.equal(r.converged, false);
      assert.equal(r.stopReason, 'infeasible');
      assert.ok(
        Math.abs(r.residualNorm - ls.residualNorm) <= 1e-6 * ls.residualNorm,
        `${r.residualNorm} vs ${ls.residualNorm}`,
      );
    }
  });

  it('rejects bad input with exact messages', () => {
    const y = Float64Array.from(fx.bp.y);
    assert.throws(() => bpdn(Awide, y, { sigma: -1 }), {
      message: 'bpdn: sigma: expected a finite number >= 0, got -1',
    });
    assert.throws(() => bpdn(Awide, y, {} as { sigma: number }), {
      message: 'bpdn: sigma: expected a finite number >= 0, got undefined',
    });
    assert.throws(() => bpdn(Awide, y.subarray(0, 10), { sigma: 0 }), {
      message: 'bpdn: y length: expected 50 (rows of A), got 10',
    });
    const bad = y.slice();
    bad[2] = Number.NaN;
    assert.throws(() => bpdn(Awide, bad, { sigma: 0 }), {
      message: 'bpdn: y: expected finite values, got NaN at index 2',
    });
  });
});

describe('admm', () => {
  it('easy regime: basis pursuit recovers x0 to relative error 1e-7 (seeds 1-5)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { A, y, x0 } = easy(seed);
      const r = admm(A, y);
      assert.equal(r.converged, true);
      assert.equal(r.extra!.system, 'cholesky');
      assert.ok(relErr(r.x, x0) <= 1e-7, `seed ${seed}: ${relErr(r.x, x0)}`);
    }
  });

  it('basis pursuit matches linprog to 1e-7; the CG path (operator without a matrix) agrees', () => {
    const y = Float64Array.from(fx.bp.y);
    const r = admm(Awide, y, { tol: 1e-9 });
    assert.ok(maxAbsDiff(r.x, fx.bp.x) <= 1e-7, `${maxAbsDiff(r.x, fx.bp.x)}`);
    assert.ok(Math.abs(r.objective - fx.bp.l1) <= 1e-8 * fx.bp.l1);
    const c = admm(plainOperator(Awide, 'MatrixFree'), y, { tol: 1e-9 });
    assert.equal(c.extra!.system, 'cg');
    assert.ok(maxAbsDiff(c.x, fx.bp.x) <= 1e-7);
  });

  it('BPDN meets ||Ax - y|| <= sigma (1 + 1e-6) with ||x||_1 matching the reference to 1e-7', () => {
    const y = Float64Array.from(fx.bpdn.y);
    const sigma = fx.bpdn.sigma;
    const r = admm(Awide, y, { sigma });
    assert.equal(r.converged, true);
    assert.ok(residual(Awide, r.x, y) <= sigma * (1 + 1e-6));
    assert.ok(Math.abs(l1norm(r.x) - fx.bpdn.l1) <= 1e-7 * fx.bpdn.l1);
    assert.ok(maxAbsDiff(r.x, fx.bpdn.x) <= 1e-6);
  });

  it('LASSO agrees with scikit-learn to 1e-8 on every fixture case', () => {
    for (const c of fx.lasso) {
      const A = { rows: c.m, cols: c.n, data: f32(c.A) };
      const y = Float64Array.from(c.y);
      for (const s of c.solutions) {
        const r = admm(A, y, { lambda: s.lambda, tol: 1e-10 });
        assert.equal(r.converged, true);
        assert.ok(maxAbsDiff(r.x, s.coef) <= 1e-8, `lambda ${s.lambda}: ${maxAbsDiff(r.x, s.coef)}`);
      }
    }
  });

  it('complex basis pursuit with a coisometry (no linear solve) recovers x0 to 1e-7', () => {
    const n = 128;
    const rng = createRng(10);
    const A = partialDft1(n, rng.sampleWithoutReplacement(n, 64, new Int32Array(64)));
    const x0 = new Float64Array(2 * n);
    for (const j of rng.sampleWithoutReplacement(n, 6, new Int32Array(6))) {
      x0[2 * j] = rng.normal();
      x0[2 * j + 1] = rng.normal();
    }
    const y = A.apply(x0, new Float64Array(128));
    const r = admm(A, y);
    assert.equal(r.extra!.system, 'identity');
    assert.ok(relErr(r.x, x0) <= 1e-7, `${relErr(r.x, x0)}`);
  });

  it('reports non-convergence and rejects bad input', () => {
    const y = Float64Array.from(fx.bp.y);
    const r = admm(Awide, y, { maxIter: 3 });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'max-iterations');
    assert.throws(() => admm(Awide, y, { sigma: 1, lambda: 1 }), {
      message: 'admm: lambda or sigma: expected at most one of lambda (LASSO) and sigma (BPDN), got both',
    });
    assert.throws(() => admm(Awide, y, { sigma: -0.1 }), {
      message: 'admm: sigma: expected a finite number >= 0, got -0.1',
    });
    assert.throws(() => admm(Awide, y, { lambda: -2 }), {
      message: 'admm: lambda: expected a finite number >= 0, got -2',
    });
    assert.throws(() => admm(Awide, new Float64Array(51)), {
      message: 'admm: y length: expected 50 (rows of A), got 51',
    });
    // two equal rows: A A^T is singular, basis pursuit's projection does not exist
    const dup = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 1, 2, 3) };
    assert.throws(() => admm(dup, Float64Array.of(1, 1)), {
      message:
        'admm: A: expected full row rank (A A^T positive definite, as basis pursuit needs), got pivot 1 = 0 (leading 2x2 block not positive definite)',
    });
  });
});

describe('chambollePock', () => {
  it("1-D TV denoising matches Condat's exact algorithm to 1e-9", () => {
    const rng = createRng(4);
    const n = 40;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = (i < 15 ? 0 : i < 28 ? 1 : -0.5) + 0.1 * rng.normal();
    const r = chambollePock(identity([n]), y, {
      lambda: 0.2,
      ...tvAnalysis([n]),
      tol: 1e-12,
      maxIter: 200000,
    });
    assert.equal(r.converged, true);
    const ref = condatTV1d(y, 0.2, new Float64Array(n));
    assert.ok(maxAbsDiff(r.x, ref) <= 1e-9, `${maxAbsDiff(r.x, ref)}`);
  });

  it('2-D isotropic TV denoising of a piecewise-constant 16x16 image reaches relative error 1e-5 to the exact prox at tol 1e-6, and its primal-dual gap decreases', () => {
    const ny = 16;
    const nx = 16;
    const img = new Float64Array(ny * nx);
    for (let i = 0; i < ny; i++)
      for (let j = 0; j < nx; j++)
        img[i * nx + j] = i > 4 && i < 12 && j > 3 && j < 10 ? 1 : i + j > 20 ? 0.5 : 0;
    const noise = createRng(3).fillNormal(new Float64Array(ny * nx), 0, 0.1);
    const y = img.map((v, i) => v + noise[i]);
    const ref = tv2d(ny, nx, { maxIter: 200000, tol: 1e-15 }).prox(y, 0.1, new Float64Array(ny * nx));
    const gaps: number[] = [];
    const r = chambollePock(identity([ny, nx]), y, {
      lambda: 0.1,
      ...tvAnalysis([ny, nx]),
      tol: 1e-6,
      maxIter: 20000,
      onIterate: (it) => void gaps.push(it.info!.gap),
    });
    assert.equal(r.converged, true);
    assert.ok(relErr(r.x, ref) <= 1e-5, `${relErr(r.x, ref)}`);
    assert.ok(gaps.every((g) => g >= -1e-12));
    const at = (k: number) => gaps[Math.min(k, gaps.length) - 1];
    assert.ok(at(1) > at(10) && at(10) > at(100) && at(100) > at(1000) && at(1000) > at(gaps.length));
    assert.ok(at(gaps.length) <= 1e-5 * r.objective, `final gap ${at(gaps.length)}`);
    // anisotropic TV (l1 of the gradient) against the anisotropic FGP prox
    const refA = tv2d(ny, nx, { isotropic: false, maxIter: 200000, tol: 1e-15 }).prox(
      y,
      0.1,
      new Float64Array(ny * nx),
    );
    const a = chambollePock(identity([ny, nx]), y, {
      lambda: 0.1,
      ...tvAnalysis([ny, nx], { isotropic: false }),
      tol: 1e-6,
      maxIter: 20000,
    });
    assert.ok(relErr(a.x, refA) <= 1e-5, `${relErr(a.x, refA)}`);
  });

  it('recovers a complex piecewise-constant 16x16 image from 30% partial Fourier samples (TV, sigma = 0) to relative error 1e-5', () => {
    const ny = 16;
    const nx = 16;
    const N = ny * nx;
    const img = new Float64Array(2 * N);
    for (let i = 0; i < ny; i++) {
      for (let j = 0; j < nx; j++) {
        const inside = i > 4 && i < 12 && j > 3 && j < 10;
        const v = inside ? 1 : i + j > 20 ? 0.5 : 0.2;
        const ph = inside ? 0.7 : -0.3;
        img[2 * (i * nx + j)] = v * Math.cos(ph);
        img[2 * (i * nx + j) + 1] = v * Math.sin(ph);
      }
    }
    const mask = new Uint8Array(N);
    for (const k of createRng(11).sampleWithoutReplacement(N, 77, new Int32Array(77))) mask[k] = 1;
    mask[(ny >> 1) * nx + (nx >> 1)] = 1; // the DC sample: TV cannot recover the mean
    const A = partialDft2(ny, nx, mask, { centered: true });
    const y = A.apply(img, new Float64Array(2 * A.rows));
    const r = chambollePock(A, y, { sigma: 0, ...tvAnalysis([ny, nx]), tol: 1e-6, maxIter: 20000 });
    assert.equal(r.converged, true);
    assert.ok(relErr(r.x, img) <= 1e-5, `${relErr(r.x, img)}`);
  });

  it('analysis-l1 with K = I solves the LASSO (agrees with scikit-learn to 1e-8) and, with sigma = 0, basis pursuit in the easy regime to 1e-6', () => {
    const c = fx.lasso[0];
    const y = Float64Array.from(c.y);
    const s = c.solutions[1];
    const r = chambollePock(Awide, y, { lambda: s.lambda, tol: 1e-10, maxIter: 100000 });
    assert.ok(maxAbsDiff(r.x, s.coef) <= 1e-8, `${maxAbsDiff(r.x, s.coef)}`);
    for (let seed = 1; seed <= 5; seed++) {
      const e = easy(seed);
      const b = chambollePock(e.A, e.y, {
        sigma: 0,
        K: identity([256]),
        reg: l1(),
        tol: 1e-7,
        maxIter: 50000,
      });
      assert.ok(relErr(b.x, e.x0) <= 1e-6, `seed ${seed}: ${relErr(b.x, e.x0)}`);
    }
  });

  it('converges to x = 0 when lambda exceeds lambdaMax (the relative-change test has a scale at 0)', () => {
    const y = Float64Array.from(fx.bp.y);
    const r = chambollePock(Awide, y, { lambda: 100 });
    assert.equal(r.converged, true);
    assert.ok(Math.max(...r.x.map(Math.abs)) <= 1e-6);
  });

  it('reports non-convergence and rejects bad input', () => {
    const y = Float64Array.from(fx.bp.y);
    const r = chambollePock(Awide, y, { lambda: 0.1, maxIter: 10 });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.iterations, 10);
    assert.throws(() => chambollePock(Awide, y, {}), {
      message:
        'chambollePock: lambda or sigma: expected exactly one of lambda (penalised) and sigma (constrained), got neither',
    });
    assert.throws(() => chambollePock(Awide, y, { lambda: 1, sigma: 1 }), {
      message:
        'chambollePock: lambda or sigma: expected exactly one of lambda (penalised) and sigma (constrained), got both',
    });
    assert.throws(() => chambollePock(Awide, y, { lambda: -1 }), {
      message: 'chambollePock: lambda: expected a finite number >= 0, got -1',
    });
    assert.throws(() => chambollePock(Awide, y, { sigma: -1 }), {
      message: 'chambollePock: sigma: expected a finite number >= 0, got -1',
    });
    assert.throws(() => chambollePock(Awide, y, { lambda: 1, K: identity([7]) }), {
      message: 'chambollePock: K (Identity(7)) columns: expected 120 (columns of A), got 7',
    });
    assert.throws(() => chambollePock(Awide, new Float64Array(3), { lambda: 1 }), {
      message: 'chambollePock: y length: expected 50 (rows of A), got 3',
    });
  });
});
