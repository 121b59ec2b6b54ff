import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CandorError } from '../../src/core/errors.ts';
import { createRng, type SparseModel } from '../../src/core/rng/index.ts';
import { partialDft1 } from '../../src/linops/fourier.ts';
import { partialDct1 } from '../../src/linops/dct.ts';
import { partialHadamard } from '../../src/linops/hadamard.ts';
import { matrixOperator, rademacher } from '../../src/linops/matrix.ts';
import { bpLP } from '../../src/solvers/bp-lp.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { bpHomotopy, type HomotopyExtra, lassoHomotopy } from '../../src/solvers/homotopy.ts';
import { gaussianInstance } from './instances.ts';

interface Inst {
  m: number;
  n: number;
  A_f32_b64: string;
  x0: number[];
  y: number[];
  scipy: { x?: number[]; fun?: number; status?: number };
  lars?: { lambdas: number[]; lambda: number; x_lambda: number[] };
}
const FIX = JSON.parse(
  readFileSync(new URL('../fixtures/solvers_bp.json', import.meta.url), 'utf8'),
) as Record<string, Inst>;

type Dense = { rows: number; cols: number; data: Float64Array };

function load(name: string) {
  const f = FIX[name];
  const raw = Buffer.from(f.A_f32_b64, 'base64');
  const f32 = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const A: Dense = { rows: f.m, cols: f.n, data: Float64Array.from(f32) };
  return { A, y: Float64Array.from(f.y), x0: Float64Array.from(f.x0), f };
}

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] * b[i];
  }
  return Math.sqrt(d) / Math.sqrt(s);
}

function matvec(A: Dense, x: Float64Array): Float64Array {
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out[i] += A.data[i * A.cols + j] * x[j];
  return out;
}

function atv(A: Dense, v: Float64Array): Float64Array {
  const out = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out[j] += A.data[i * A.cols + j] * v[i];
  return out;
}

/** This file's Gaussian instances: stream 5 of `seed`. */
const instance = (seed: number, m: number, n: number, k: number, model: SparseModel = 'gaussian') =>
  gaussianInstance(createRng(seed, 5), m, n, k, model);

describe('bpHomotopy: exact basis pursuit', () => {
  it('easy regime (Gaussian m=128 n=256 k=10, 10 seeds): relative error <= 1e-13 (measured ~1e-16)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { A, x0, y } = instance(seed, 128, 256, 10);
      const r = bpHomotopy(A, y, { xTrue: x0 });
      assert.equal(r.stopReason, 'optimal');
      assert.equal(r.converged, true);
      const err = relDiff(r.x, x0);
      assert.ok(err <= 1e-13, `seed ${seed}: ${err}`);
      assert.ok(r.history.error[r.history.error.length - 1] <= 1e-13);
      assert.deepEqual(
        Array.from(r.support ?? []),
        Array.from(x0.keys()).filter((j) => x0[j] !== 0),
      );
      let l1 = 0;
      for (const t of r.x) l1 += Math.abs(t);
      assert.ok(Math.abs(r.objective - l1) <= 1e-14 * l1);
    }
  });

  it('agrees with bpLP (HiGHS) to 1e-9 in x and objective, in and beyond the easy regime', async () => {
    await initHighs();
    for (const [seed, m, n, k] of [
      [1, 128, 256, 10],
      [2, 128, 256, 30],
      [3, 64, 256, 20],
      [4, 100, 200, 40],
    ]) {
      const { A, y } = instance(seed, m, n, k);
      const h = bpHomotopy(A, y);
      const l = bpLP(A, y);
      assert.equal(h.stopReason, 'optimal');
      assert.ok(relDiff(h.x, l.x) <= 1e-9, `seed ${seed} k=${k}: ${relDiff(h.x, l.x)}`);
      assert.ok(Math.abs(h.objective - l.objective) <= 1e-9 * l.objective);
    }
  });

  for (const name of ['easy', 'hard']) {
    it(`${name} fixture: x and objective agree with scipy linprog(method="highs") to 1e-9`, () => {
      const { A, y, f } = load(name);
      const r = bpHomotopy(A, y);
      assert.equal(r.stopReason, 'optimal');
      assert.ok(relDiff(r.x, f.scipy.x as number[]) <= 1e-9, `${relDiff(r.x, f.scipy.x as number[])}`);
      assert.ok(Math.abs(r.objective - (f.scipy.fun as number)) <= 1e-9 * (f.scipy.fun as number));
    });
  }

  it('path breakpoints equal scikit-learn lars_path(method="lasso") (lambda = m alpha) to 1e-10', () => {
    const { A, y, f } = load('easy');
    const r = bpHomotopy(A, y);
    const ours = (r.extra as HomotopyExtra).breakpoints;
    const ref = (f.lars as { lambdas: number[] }).lambdas;
    assert.equal(ours.length, ref.length);
    // sklearn's last breakpoint is lambda = 0 up to its rounding (2e-14)
    for (let t = 0; t < ref.length - 1; t++)
      assert.ok(Math.abs(ours[t] - ref[t]) <= 1e-10 * ref[0], `breakpoint ${t}`);
    assert.equal(ours[ours.length - 1], 0);
    assert.ok(Math.abs(ref[ref.length - 1]) <= 1e-12 * ref[0]);
  });

  it('the certificate v = A_S G^{-1} s: A_S^T v = s, ||A^T v||_inf <= 1, theta as reported, y^T v = ||x||_1', () => {
    for (const name of ['easy', 'hard']) {
      const { A, y } = load(name);
      const r = bpHomotopy(A, y);
      const ex = r.extra as HomotopyExtra;
      const v = ex.dual as Float64Array;
      const g = atv(A, v);
      const active = new Set(ex.active);
      let theta = 0;
      for (let j = 0; j < A.cols; j++) {
        if (active.has(j)) continue;
        theta = Math.max(theta, Math.abs(g[j]));
      }
      assert.ok(theta < 1, `${name}: theta ${theta}`);
      assert.ok(Math.abs(theta - ex.theta) <= 1e-12);
      for (const j of r.support ?? [])
        assert.ok(Math.abs(g[j] - Math.sign(r.x[j])) <= 1e-10, `${name} j=${j}`);
      for (const j of ex.active) assert.ok(Math.abs(Math.abs(g[j]) - 1) <= 1e-10);
      assert.ok(Math.abs(ex.dualObjective - r.objective) <= 1e-10 * r.objective);
    }
  });

  it('property: the BP optimum value equals bpLP on random Gaussian problems (any sparsity)', async () => {
    await initHighs();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 4, max: 24 }),
        fc.integer({ min: 1, max: 3 }),
        (seed, m, ratio) => {
          const n = m * (ratio + 1);
          const k = 1 + (seed % m);
          const { A, y } = instance(seed, m, n, k);
          const h = bpHomotopy(A, y);
          const l = bpLP(A, y);
          return h.stopReason === 'optimal' && Math.abs(h.objective - l.objective) <= 1e-9 * l.objective;
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('bpHomotopy: structured matrices (ties and full active sets)', () => {
  // with k = 40 of m = 96 the active set fills up to m columns before lambda = 0; a column whose
  // join is numerically dependent must wait, not stop the path
  for (const kind of ['rademacher', 'dct', 'hadamard'] as const) {
    it(`${kind} m=96 n=256 k=40: optimal, objective equal to bpLP's to 1e-10, exact residual`, async () => {
      await initHighs();
      for (const seed of [0, 1, 2]) {
        const rng = createRng(seed, kind.length, 40);
        const m = 96;
        const n = 256;
        const rows = Array.from(rng.permutation(n))
          .slice(0, m)
          .sort((a, b) => a - b);
        const A =
          kind === 'rademacher'
            ? rademacher(m, n, rng)
            : kind === 'dct'
              ? partialDct1(n, rows)
              : partialHadamard(n, rows);
        const x0 = rng.sparseVector(n, 40, seed % 2 ? 'gaussian' : 'signed', new Float64Array(n));
        const y = A.apply(x0, new Float64Array(m));
        const h = bpHomotopy(A, y);
        const l = bpLP(A, y);
        assert.equal(h.stopReason, 'optimal', `${kind} seed ${seed}`);
        assert.ok(
          Math.abs(h.objective - l.objective) <= 1e-10 * l.objective,
          `${kind} seed ${seed}: ${h.objective} vs ${l.objective}`,
        );
        let yn = 0;
        for (const t of y) yn += t * t;
        assert.ok(h.residualNorm <= 1e-13 * Math.sqrt(yn));
      }
    });
  }
});

describe('bpHomotopy: nonnegative, infeasible, inputs', () => {
  it('nonneg fixture: agrees with scipy linprog(x >= 0) to 1e-9 and recovers x0', () => {
    const { A, y, x0, f } = load('nonneg');
    const r = bpHomotopy(A, y, { nonneg: true });
    assert.equal(r.stopReason, 'optimal');
    for (const t of r.x) assert.ok(t >= 0);
    assert.ok(relDiff(r.x, f.scipy.x as number[]) <= 1e-9);
    assert.ok(relDiff(r.x, x0) <= 1e-13);
    const g = atv(A, (r.extra as HomotopyExtra).dual as Float64Array);
    for (let j = 0; j < A.cols; j++) assert.ok(g[j] <= 1 + 1e-12);
  });
  it('nonneg BP with a positive A and negative y: infeasible', () => {
    const { A, y } = load('infeasible');
    const r = bpHomotopy(A, y, { nonneg: true });
    assert.equal(r.stopReason, 'infeasible');
    assert.equal(r.converged, false);
  });
  it('y outside the range of A: infeasible, x is the least-squares limit (residual = distance to the range)', () => {
    // rows 0 and 1 of A are equal, y0 != y1: the distance from y to range(A) is |1 - 2| / sqrt(2)
    const A = { rows: 3, cols: 4, data: Float64Array.of(1, 2, 3, 4, 1, 2, 3, 4, 0, 1, 0, -1) };
    const r = bpHomotopy(A, Float64Array.of(1, 2, 0));
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'infeasible');
    assert.ok(Math.abs(r.residualNorm - Math.SQRT1_2) <= 1e-14);
  });
  it('a LinearOperator gives the same path as its dense matrix', () => {
    const { A, y } = instance(8, 40, 90, 6);
    const a = bpHomotopy(A, y);
    const b = bpHomotopy(matrixOperator(A), y);
    assert.deepEqual(b.x, a.x);
  });
  it('maxIter stops the path early with converged false; onIterate can stop it', () => {
    const { A, y } = instance(2, 128, 256, 10);
    const r = bpHomotopy(A, y, { maxIter: 3 });
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.converged, false);
    let seen = 0;
    const s = bpHomotopy(A, y, { onIterate: () => ++seen < 2 });
    assert.equal(s.stopReason, 'callback');
    assert.equal(s.iterations, 2);
  });
  it('bad input: y length, NaN in A or y, complex data, lambda < 0 or missing', () => {
    const A = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 1, 1, 0, -1) };
    const y = Float64Array.of(2, 0.5);
    assert.throws(
      () => bpHomotopy(A, Float64Array.of(1)),
      new CandorError('bpHomotopy', 'y length', '2 (rows of A)', '1'),
    );
    assert.throws(
      () => bpHomotopy({ ...A, data: Float64Array.of(1, 2, Number.NaN, 1, 0, -1) }, y),
      new CandorError('bpHomotopy', 'A', 'finite values', 'NaN at index 2'),
    );
    assert.throws(
      () => bpHomotopy(A, Float64Array.of(Number.NaN, 0)),
      new CandorError('bpHomotopy', 'y', 'finite values', 'NaN at index 0'),
    );
    const F = partialDft1(8, [1, 2]);
    assert.throws(
      () => bpHomotopy(F, new Float64Array(4)),
      new CandorError(
        'bpHomotopy',
        'data',
        'real A and y (this solver is real-only)',
        `complex operator ${F.name}`,
      ),
    );
    assert.throws(
      () => lassoHomotopy(A, y, { lambda: -1 }),
      new CandorError('lassoHomotopy', 'lambda', 'a finite number >= 0', '-1'),
    );
    assert.throws(
      () => lassoHomotopy(A, y, {} as { lambda: number }),
      new CandorError('lassoHomotopy', 'lambda', 'a finite number >= 0', 'undefined'),
    );
  });
});

describe('lassoHomotopy: the LASSO at a given lambda', () => {
  it('equals scikit-learn LassoLars(alpha = lambda/m) to 1e-10', () => {
    const { A, y, f } = load('easy');
    const lars = f.lars as { lambda: number; x_lambda: number[] };
    const r = lassoHomotopy(A, y, { lambda: lars.lambda });
    assert.equal(r.stopReason, 'optimal');
    assert.equal(r.lambda, lars.lambda);
    assert.ok(relDiff(r.x, lars.x_lambda) <= 1e-10, `${relDiff(r.x, lars.x_lambda)}`);
  });
  it('KKT to 1e-9: A^T(y - Ax) = lambda sign(x) on the support, |.| <= lambda off it (signed and nonneg)', () => {
    for (const nonneg of [false, true]) {
      const { A, y } = instance(6, 128, 256, 10, nonneg ? 'nonneg-gaussian' : 'gaussian');
      const cy = atv(A, y);
      let lmax = 0;
      for (const t of cy) lmax = Math.max(lmax, nonneg ? t : Math.abs(t));
      for (const frac of [0.9, 0.3, 0.05, 1e-3]) {
        const lambda = frac * lmax;
        const r = lassoHomotopy(A, y, { lambda, nonneg });
        assert.equal(r.stopReason, 'optimal');
        const Ax = matvec(A, r.x);
        const res = y.map((t, i) => t - Ax[i]);
        const c = atv(A, res);
        for (let j = 0; j < A.cols; j++) {
          if (r.x[j] !== 0)
            assert.ok(Math.abs(c[j] - lambda * Math.sign(r.x[j])) <= 1e-9 * lambda, `j=${j} frac=${frac}`);
          else assert.ok((nonneg ? c[j] : Math.abs(c[j])) <= lambda * (1 + 1e-9), `off j=${j} frac=${frac}`);
          if (nonneg) assert.ok(r.x[j] >= 0);
        }
        const ex = r.extra as HomotopyExtra;
        assert.ok(ex.kkt <= 1e-12, `reported kkt ${ex.kkt}`);
        let l1 = 0;
        for (const t of r.x) l1 += Math.abs(t);
        let rr = 0;
        for (const t of res) rr += t * t;
        assert.ok(Math.abs(r.objective - (0.5 * rr + lambda * l1)) <= 1e-12 * r.objective);
      }
    }
  });
  it('lambda >= lambda_max gives x = 0 with the certificate y / lambda', () => {
    const { A, y } = instance(3, 20, 40, 3);
    let lmax = 0;
    for (const t of atv(A, y)) lmax = Math.max(lmax, Math.abs(t));
    const r = lassoHomotopy(A, y, { lambda: 1.5 * lmax });
    assert.equal(r.stopReason, 'optimal');
    assert.ok(r.x.every((t) => t === 0));
    const ex = r.extra as HomotopyExtra;
    assert.ok(Math.abs(ex.theta - 1 / 1.5) <= 1e-12);
  });
});

describe('lassoHomotopy at lambda = 0', () => {
  it('is the least-squares limit with the LASSO objective 1/2||Ax - y||^2 (optimal even for y outside range(A))', () => {
    const A = { rows: 3, cols: 4, data: Float64Array.of(1, 2, 3, 4, 1, 2, 3, 4, 0, 1, 0, -1) };
    const r = lassoHomotopy(A, Float64Array.of(1, 2, 0), { lambda: 0 });
    assert.equal(r.stopReason, 'optimal');
    assert.ok(Math.abs(r.objective - 0.25) <= 1e-14);
    const b = bpHomotopy(A, Float64Array.of(1, 2, 0));
    assert.deepEqual(r.x, b.x);
  });
});
