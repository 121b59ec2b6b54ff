/**
 * The greedy solvers' building blocks: the WebAssembly SIMD products A x and A^T r against a
 * direct double loop (all shapes, including sizes that need padding, and instance reuse),
 * greedyOps (columns, sparse products, call counts), least squares on a support, and the support
 * utilities.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRng } from '../../src/core/rng/index.ts';
import { defineOperator } from '../../src/linops/define.ts';
import { SupportLeastSquares } from '../../src/solvers/greedy-ls.ts';
import { greedyOps, residualSparse } from '../../src/solvers/greedy-ops.ts';
import { mergeSorted, relativeChange, sameSupport } from '../../src/solvers/greedy-sparse.ts';
import { createWasmScreen } from '../../src/solvers/greedy-screen.ts';
import { createWasmDense } from '../../src/core/dense/wasm-kernels.ts';
import { makeProblem } from '../../src/solvers/problem.ts';

function randomMatrix(m: number, n: number, seed: number) {
  const rng = createRng(seed, m, n);
  return { rows: m, cols: n, data: rng.fillNormal(new Float64Array(m * n)) };
}

function refApply(A: { rows: number; cols: number; data: Float64Array }, x: Float64Array): Float64Array {
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * x[j];
    out[i] = s;
  }
  return out;
}

function refAdjoint(A: { rows: number; cols: number; data: Float64Array }, r: Float64Array): Float64Array {
  const out = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out[j] += A.data[i * A.cols + j] * r[i];
  return out;
}

/** max_i |a_i - b_i| / (sum of |terms| bound): relative to ||A||_F ||v||. */
function close(a: Float64Array, b: Float64Array, scale: number, tol = 1e-14): void {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  assert.ok(worst <= tol * scale, `max difference ${worst} (scale ${scale})`);
}

function frob(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

describe('createWasmDense: WebAssembly SIMD A x and A^T r', () => {
  it('match a direct double loop for every shape 1..9 x 1..9 and a few larger ones', () => {
    const shapes: [number, number][] = [];
    for (let m = 1; m <= 9; m++) for (let n = 1; n <= 9; n++) shapes.push([m, n]);
    // 16 rows and more run panelDots4 (4 streams of q panels) plus 0-3 remaining panels
    shapes.push([64, 130], [129, 33], [256, 1024], [17, 9], [72, 10], [92, 5], [61, 3]);
    for (const [m, n] of shapes) {
      const A = randomMatrix(m, n, 1);
      const d = createWasmDense(A);
      assert.ok(d, 'SIMD available');
      const x = createRng(2, m, n).fillNormal(new Float64Array(n));
      const r = createRng(3, m, n).fillNormal(new Float64Array(m));
      const scale = frob(A.data) * Math.max(frob(x), frob(r));
      close(d.apply(x, new Float64Array(m)), refApply(A, x), scale);
      close(d.adjoint(r, new Float64Array(n)), refAdjoint(A, r), scale);
      d.release();
    }
  });
  it('a released instance reused for a smaller, oddly shaped matrix carries no stale data', () => {
    const big = createWasmDense(randomMatrix(40, 50, 4));
    big?.release();
    const A = randomMatrix(7, 13, 5);
    const d = createWasmDense(A);
    assert.ok(d);
    const x = new Float64Array(13).fill(1);
    const r = new Float64Array(7).fill(1);
    close(d.apply(x, new Float64Array(7)), refApply(A, x), frob(A.data) * 4);
    close(d.adjoint(r, new Float64Array(13)), refAdjoint(A, r), frob(A.data) * 4);
    d.release();
  });
  it('padding slots are zeroed even when the reused memory held Infinity and NaN', () => {
    const bad = randomMatrix(12, 16, 6);
    bad.data.fill(Number.POSITIVE_INFINITY, 0, 100);
    bad.data.fill(Number.NaN, 100);
    createWasmDense(bad)?.release();
    for (const [m, n] of [[9, 15], [5, 3], [8, 7]] as const) {
      const A = randomMatrix(m, n, 7);
      const d = createWasmDense(A);
      assert.ok(d);
      const x = createRng(8, m, n).fillNormal(new Float64Array(n));
      const r = createRng(9, m, n).fillNormal(new Float64Array(m));
      const scale = frob(A.data) * Math.max(frob(x), frob(r));
      close(d.apply(x, new Float64Array(m)), refApply(A, x), scale);
      close(d.adjoint(r, new Float64Array(n)), refAdjoint(A, r), scale);
      d.release();
    }
  });
  it('property: <A x, r> = <x, A^T r> for random shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (m, n, seed) => {
          const A = randomMatrix(m, n, seed);
          const d = createWasmDense(A);
          if (!d) return false;
          const x = createRng(seed, 1).fillNormal(new Float64Array(n));
          const r = createRng(seed, 2).fillNormal(new Float64Array(m));
          const Ax = d.apply(x, new Float64Array(m));
          const Atr = d.adjoint(r, new Float64Array(n));
          d.release();
          let a = 0;
          let b = 0;
          for (let i = 0; i < m; i++) a += Ax[i] * r[i];
          for (let j = 0; j < n; j++) b += x[j] * Atr[j];
          return Math.abs(a - b) <= 1e-12 * frob(A.data) * frob(x) * frob(r);
        },
      ),
      { seed: 20240901, numRuns: 60 },
    );
  });
});

describe('createWasmScreen: float32 correlations with a rigorous bound', () => {
  it('|c~_j - a_j^T r| <= kappa norms_j for Gaussian data, and the bound is ~1e-7 relative', () => {
    for (const [m, n] of [
      [7, 13],
      [64, 130],
      [256, 1024],
    ] as const) {
      const A = randomMatrix(m, n, 11);
      const s = createWasmScreen(A);
      assert.ok(s);
      const r = createRng(12, m).fillNormal(new Float64Array(m));
      const c = new Float64Array(n);
      const kappa = s.correlate(r, c);
      const exact = refAdjoint(A, r);
      for (let j = 0; j < n; j++) {
        assert.ok(Math.abs(c[j] - exact[j]) <= kappa * s.norms[j], `column ${j}`);
        let nj = 0;
        for (let i = 0; i < m; i++) nj += A.data[i * n + j] ** 2;
        assert.ok(kappa * s.norms[j] <= 1e-7 * Math.sqrt(nj) * frob(r));
      }
      s.release();
    }
  });
  it('declines matrices beyond the float32 range', () => {
    assert.equal(createWasmScreen({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 1e39, 3) }), null);
  });
});

describe('greedyOps', () => {
  const A = randomMatrix(9, 14, 6);
  const y = createRng(7).fillNormal(new Float64Array(9));
  const op = defineOperator({
    name: 'plain',
    domain: [14],
    range: [9],
    field: 'real',
    apply: (x, out) => {
      out.set(refApply(A, x));
      return out;
    },
    adjoint: (v, out) => {
      out.set(refAdjoint(A, v));
      return out;
    },
  });
  it('gather, applySparse and correlate agree for a dense matrix and an operator, and count calls', () => {
    for (const input of [A, op]) {
      const p = makeProblem('t', input, y);
      const ops = greedyOps(p);
      const col = new Float64Array(11);
      ops.gather(5, col, 2);
      for (let i = 0; i < 9; i++) assert.equal(col[2 + i], A.data[i * 14 + 5]);
      const x = new Float64Array(14);
      x[2] = 1.5;
      x[11] = -2;
      const supp = Int32Array.of(2, 11);
      close(ops.applySparse(x, supp, 2, new Float64Array(9)), refApply(A, x), 10);
      const r = new Float64Array(9);
      const rn = residualSparse(ops, y, x, supp, 2, r);
      const ref = refApply(A, x).map((v, i) => y[i] - v);
      close(r, ref, 10);
      assert.ok(Math.abs(rn - frob(ref)) <= 1e-14 * frob(ref));
      close(ops.correlate(y, new Float64Array(14)), refAdjoint(A, y), 10);
      assert.equal(p.calls.adjoint, 1);
      ops.dispose();
    }
  });
});

describe('SupportLeastSquares', () => {
  it('solves least squares on a support (residual orthogonal to the selected columns)', () => {
    const A = randomMatrix(20, 30, 8);
    const y = createRng(9).fillNormal(new Float64Array(20));
    const p = makeProblem('t', A, y);
    const ops = greedyOps(p, 'js');
    const supp = Int32Array.of(1, 4, 7, 20, 29);
    const coef = new Float64Array(5);
    const ls = new SupportLeastSquares(20, 8);
    assert.equal(ls.solve(ops, y, supp, 5, coef), 0);
    const x = new Float64Array(30);
    supp.forEach((j, t) => {
      x[j] = coef[t];
    });
    const r = refApply(A, x).map((v, i) => y[i] - v);
    const g = refAdjoint(A, r);
    for (const j of supp) assert.ok(Math.abs(g[j]) <= 1e-13 * frob(y) * frob(A.data), `a_${j}^T r = ${g[j]}`);
  });
  it('gives a dependent column the coefficient 0 and counts it', () => {
    // columns 0 and 2 are equal
    const A = { rows: 3, cols: 3, data: Float64Array.of(1, 0, 1, 2, 1, 2, 0, 1, 0) };
    const y = Float64Array.of(1, 2, 3);
    const p = makeProblem('t', A, y);
    const coef = new Float64Array(3);
    const ls = new SupportLeastSquares(3, 3);
    assert.equal(ls.solve(greedyOps(p, 'js'), y, Int32Array.of(0, 1, 2), 3, coef), 1);
    assert.equal(coef[2], 0);
    // the remaining two coefficients are the least-squares fit on columns 0 and 1
    const x = Float64Array.of(coef[0], coef[1], 0);
    const r = refApply(A, x).map((v, i) => y[i] - v);
    const g = refAdjoint(A, r);
    assert.ok(Math.abs(g[0]) < 1e-14 && Math.abs(g[1]) < 1e-14);
  });
});

describe('support utilities', () => {
  it('mergeSorted is the sorted union; sameSupport compares prefixes', () => {
    const out = new Int32Array(6);
    assert.equal(mergeSorted(Int32Array.of(1, 5, 9), 3, Int32Array.of(0, 5, 7), 3, out), 5);
    assert.deepEqual(Array.from(out.subarray(0, 5)), [0, 1, 5, 7, 9]);
    assert.equal(sameSupport(Int32Array.of(1, 2, 3), Int32Array.of(1, 2, 4), 2), true);
    assert.equal(sameSupport(Int32Array.of(1, 2, 3), Int32Array.of(1, 2, 4), 3), false);
    assert.equal(relativeChange(Float64Array.of(3, 4), Float64Array.of(3, 4)), 0);
    assert.equal(relativeChange(Float64Array.of(3, 4), Float64Array.of(0, 0)), 1);
  });
});
