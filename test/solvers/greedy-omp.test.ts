/**
 * OMP against scikit-learn's OrthogonalMatchingPursuit(n_nonzero_coefs=k or tol=..., fit_intercept=False)
 * on committed fixtures (test/fixtures/solvers_greedy.json, scripts/fixtures/solvers_greedy.py,
 * the problem instance stored in the fixture), through every input path (dense with the
 * WebAssembly or JavaScript kernels, a matrix operator, a plain operator), and OMP's stopping rules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { defineOperator } from '../../src/linops/define.ts';
import type { LinearOperator } from '../../src/linops/types.ts';
import { simdAvailable } from '../../src/core/dense/wasm-kernels.ts';
import { OMP_DEFAULTS, omp } from '../../src/solvers/omp.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { plainOperator } from './instances.ts';

interface OmpCase {
  name: string;
  m: number;
  n: number;
  k: number | null;
  tol: number | null;
  A_scale: number;
  A_int: number[];
  y: number[];
  support: number[];
  coef: number[];
  order: number[];
  n_iter: number;
  residual_norm: number;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/solvers_greedy.json', import.meta.url), 'utf8')) as {
  omp: OmpCase[];
};

function instance(c: OmpCase): { A: DenseLike; y: Float64Array } {
  const data = Float64Array.from(c.A_int, (v) => v / c.A_scale);
  return { A: { rows: c.m, cols: c.n, data }, y: Float64Array.from(c.y) };
}

function denseOperator(A: DenseLike): LinearOperator {
  const op = plainOperator(A);
  return defineOperator({
    name: 'dense-backed',
    domain: [A.cols],
    range: [A.rows],
    field: 'real',
    apply: op.apply.bind(op),
    adjoint: op.adjoint.bind(op),
    dense: A,
  });
}

function optsOf(c: OmpCase): { k?: number; residualTol?: number } {
  return c.k !== null ? { k: c.k } : { residualTol: Math.sqrt(c.tol as number) };
}

function agree(
  c: OmpCase,
  x: Float64Array,
  support: Int32Array | undefined,
  order: unknown,
  iterations: number,
): void {
  assert.deepEqual(Array.from(support ?? []), c.support, 'support');
  assert.deepEqual(Array.from(order as Int32Array), c.order, 'selection order');
  assert.equal(iterations, c.n_iter, 'atoms selected');
  let worst = 0;
  for (let t = 0; t < c.support.length; t++) {
    const ref = c.coef[t];
    worst = Math.max(worst, Math.abs(x[c.support[t]] - ref) / Math.max(1, Math.abs(ref)));
  }
  assert.ok(worst <= 1e-10, `coefficients differ by ${worst}`);
  let nnz = 0;
  for (const v of x) if (v !== 0) nnz++;
  assert.equal(nnz, c.support.length, 'no entries outside the support');
}

describe('omp agrees with scikit-learn OrthogonalMatchingPursuit(fit_intercept=False)', () => {
  for (const c of fx.omp) {
    it(`${c.name}: same atoms in the same order, coefficients to 1e-10`, () => {
      const { A, y } = instance(c);
      const r = omp(A, y, optsOf(c));
      agree(c, r.x, r.support, r.extra?.order, r.iterations);
      assert.ok(Math.abs(r.residualNorm - c.residual_norm) <= 1e-10 * Math.max(1, c.residual_norm));
      assert.equal(r.converged, true);
    });
    it(`${c.name}: the JavaScript kernel, a matrix operator and a plain operator agree too`, () => {
      const { A, y } = instance(c);
      for (const [label, input, kernel, screen] of [
        ['js', A, 'js', false],
        ['float32 screening', A, 'auto', true],
        ['dense-backed operator', denseOperator(A), 'auto', false],
        ['plain operator', plainOperator(A), 'auto', false],
      ] as const) {
        const r = omp(input, y, { ...optsOf(c), kernel, screen });
        assert.doesNotThrow(() => agree(c, r.x, r.support, r.extra?.order, r.iterations), label);
      }
    });
  }
  it('the stop reasons: k atoms, residual target, exact fit', () => {
    const byName = (s: string) => fx.omp.find((c) => c.name.startsWith(s)) as OmpCase;
    const noiseless = byName('noiseless');
    const r0 = omp(instance(noiseless).A, instance(noiseless).y, { k: noiseless.k as number });
    assert.equal(r0.stopReason, 'exact-fit');
    const noisy = byName('noisy k=12');
    assert.equal(omp(instance(noisy).A, instance(noisy).y, { k: 12 }).stopReason, 'sparsity-reached');
    const tol = byName('noisy tol');
    const r2 = omp(instance(tol).A, instance(tol).y, { residualTol: Math.sqrt(tol.tol as number) });
    assert.equal(r2.stopReason, 'residual-target');
    assert.ok(r2.residualNorm <= Math.sqrt(tol.tol as number));
  });
});

describe('omp', () => {
  it('the doc-comment example', () => {
    const A = { rows: 3, cols: 4, data: Float64Array.of(1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1) };
    const r = omp(A, Float64Array.of(2, 0, -1), { k: 2 });
    assert.deepEqual(Array.from(r.x), [2, 0, -1, 0]);
    assert.deepEqual(Array.from(r.support ?? []), [0, 2]);
    assert.equal(r.stopReason, 'exact-fit');
  });
  it('runs in WebAssembly SIMD on Node 20', () => {
    assert.equal(simdAvailable(), true);
  });
  it('one A^T r per selected atom and no A x for a dense A', () => {
    const c = fx.omp[1];
    const { A, y } = instance(c);
    const r = omp(A, y, { k: 12 });
    assert.equal(r.calls.adjoint, 12);
    assert.equal(r.calls.apply, 0);
    assert.equal(r.history.residualNorm.length, 12);
    for (let t = 1; t < 12; t++)
      assert.ok(r.history.residualNorm[t] < r.history.residualNorm[t - 1], 'residual decreases');
  });
  it('reports a missed residual target as not converged', () => {
    const c = fx.omp[1];
    const { A, y } = instance(c);
    const r = omp(A, y, { k: 3, residualTol: 1e-6 });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, 'sparsity-reached');
    assert.equal(r.iterations, 3);
  });
  it('maxIter caps the atoms with converged: false', () => {
    const c = fx.omp[1];
    const { A, y } = instance(c);
    const r = omp(A, y, { k: 10, maxIter: 4 });
    assert.equal(r.stopReason, 'max-iterations');
    assert.equal(r.converged, false);
    assert.equal(r.iterations, 4);
  });
  it('stagnates (converged: false) when y has a part outside range(A)', () => {
    // columns span only the first two coordinates; y = (0, 2, 1): after a_1, r = (0, 0, 1) and A^T r = 0
    const A = { rows: 3, cols: 3, data: Float64Array.of(1, 0, Math.SQRT1_2, 0, 1, Math.SQRT1_2, 0, 0, 0) };
    const r = omp(A, Float64Array.of(0, 2, 1), { k: 3 });
    assert.equal(r.stopReason, 'stagnation');
    assert.equal(r.converged, false);
    assert.deepEqual(Array.from(r.x), [0, 2, 0]);
    assert.ok(Math.abs(r.residualNorm - 1) < 1e-15);
  });
  it('stagnates on a numerically dependent column instead of factoring a singular Gram matrix', () => {
    // a_0 = e_0, a_1 = e_1, a_2 = (0.5, 0, 1e-9): after a_0 and a_1, r = e_2 and only a_2 correlates
    // (1e-9), but ||(I - P) a_2|| = 1e-9 <= 1e-7 ||a_2||
    const A = { rows: 3, cols: 3, data: Float64Array.of(1, 0, 0.5, 0, 1, 0, 0, 0, 1e-9) };
    const r = omp(A, Float64Array.of(2, 1, 1), {});
    assert.equal(r.stopReason, 'stagnation');
    assert.equal(r.iterations, 2);
  });
  it('float32 screening still selects the exact maximiser when two correlations differ by 1e-9', () => {
    // a_199 = (1 + 1e-9) a_0: identical in float32, so only the exact re-evaluation can tell
    const m = 64;
    const n = 200;
    const data = createRng(3).fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
    for (let i = 0; i < m; i++) data[i * n + 199] = data[i * n] * (1 + 1e-9);
    const A = { rows: m, cols: n, data };
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) y[i] = data[i * n] + 0.1 * data[i * n + 7];
    for (const screen of [true, false]) {
      const r = omp(A, y, { k: 3, screen });
      assert.equal((r.extra!.order as Int32Array)[0], 199, `screen ${screen}`);
    }
    const a = omp(A, y, { k: 5, screen: true });
    const b = omp(A, y, { k: 5, kernel: 'js' });
    assert.deepEqual(Array.from(a.extra?.order as Int32Array), Array.from(b.extra?.order as Int32Array));
  });
  it('more than 64 screening candidates fall back to exact correlations (first index on ties)', () => {
    // 100 identical columns: all tie, the first one wins as with numpy.argmax
    const m = 16;
    const n = 120;
    const data = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) data[i * n + j] = j < 100 ? Math.cos(i + 0.5) : Math.sin(3 * i * j);
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) y[i] = Math.cos(i + 0.5);
    const r = omp({ rows: m, cols: n, data }, y, { k: 1, screen: true });
    assert.equal((r.extra!.order as Int32Array)[0], 0);
    assert.equal(r.calls.adjoint, 2, 'one screening pass and one exact pass');
  });
  it('y = 0 is an exact fit with no atoms', () => {
    const r = omp({ rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) }, new Float64Array(2), {
      k: 2,
    });
    assert.equal(r.stopReason, 'exact-fit');
    assert.equal(r.iterations, 0);
    assert.deepEqual(Array.from(r.x), [0, 0, 0]);
  });
  it('defaults are frozen', () => {
    assert.ok(Object.isFrozen(OMP_DEFAULTS));
    assert.equal(OMP_DEFAULTS.zeroTol, 1e-12);
  });
});
