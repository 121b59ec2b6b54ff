import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  cholesky,
  choleskySolve,
  column,
  fromRows,
  gemv,
  gram,
  gramColumn,
  IncrementalCholesky,
  IncrementalQR,
  lstsq,
  lstsqColumns,
  type Matrix,
  matrix,
  powerIteration,
  qr,
  svdValues,
  symEig,
  transpose,
} from '../../src/core/dense/index.ts';
import { createRng } from '../../src/core/rng/index.ts';

const EPS = 2.220446049250313e-16;
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_dense.json', import.meta.url), 'utf8')) as {
  lstsq: {
    name: string;
    rows: number;
    cols: number;
    A: number[];
    b: number[];
    x_numpy: number[];
    x_exact: number[];
    cond: number;
    residual_norm: number;
  }[];
  cholesky: { n: number; A: number[]; L: number[]; b: number[]; x: number[] };
  eigvalsh: { name: string; n: number; A: number[]; values: number[] }[];
  svdvals: { name: string; rows: number; cols: number; A: number[]; values: number[]; exact: boolean }[];
};

const mat = (r: number, c: number, d: number[]) => matrix(r, c, Float64Array.from(d));
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));
const relErr = (x: ArrayLike<number>, ref: ArrayLike<number>) =>
  norm(Array.from(x, (v, i) => v - ref[i])) / Math.max(norm(ref), Number.MIN_VALUE);
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('dense: fixtures from numpy/scipy and mpmath', () => {
  for (const c of fx.lstsq) {
    it(`lstsq ${c.name}: within the perturbation bound of the exact solution, and agrees with numpy`, () => {
      const A = mat(c.rows, c.cols, c.A);
      const x = lstsq(A, Float64Array.from(c.b), new Float64Array(c.cols));
      // Wedin's bound for least squares: |dx|/|x| <~ eps (cond + cond^2 |r| / (|A| |x|)), |A| >= sigma_max
      const sMax = svdValues(A)[0];
      const rho = c.residual_norm / (sMax * norm(c.x_exact));
      const bound = 30 * EPS * (c.cond + c.cond * c.cond * rho);
      const err = relErr(x, c.x_exact);
      assert.ok(err <= bound, `error ${err} > bound ${bound}`);
      assert.ok(relErr(x, c.x_numpy) <= 2 * bound, 'agrees with numpy within the same bound');
      // the same problem through lstsqColumns on all columns in order
      const all = Array.from({ length: c.cols }, (_, j) => j);
      assert.deepEqual(lstsqColumns(A, all, Float64Array.from(c.b), new Float64Array(c.cols)), x);
    });
  }

  it('cholesky matches numpy.linalg.cholesky; choleskySolve matches numpy.linalg.solve', () => {
    const { n } = fx.cholesky;
    const L = cholesky(mat(n, n, fx.cholesky.A));
    const diff = Array.from(L.data, (v, i) => v - fx.cholesky.L[i]);
    assert.ok(maxAbs(diff) <= 1e-14 * maxAbs(fx.cholesky.L), `max diff ${maxAbs(diff)}`);
    const x = choleskySolve(L, Float64Array.from(fx.cholesky.b), new Float64Array(n));
    assert.ok(relErr(x, fx.cholesky.x) <= 1e-13, `solve error ${relErr(x, fx.cholesky.x)}`);
  });

  for (const c of fx.eigvalsh) {
    it(`symEig ${c.name}: eigenvalues match numpy.linalg.eigvalsh, vectors orthonormal with A V = V diag(values)`, () => {
      const A = mat(c.n, c.n, c.A);
      const { values, vectors } = symEig(A);
      const scale = maxAbs(c.values);
      const d = Array.from(values, (v, i) => v - c.values[i]);
      assert.ok(maxAbs(d) <= 1e-14 * c.n * scale, `eigenvalue diff ${maxAbs(d)}`);
      const V = vectors!;
      const n = c.n;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let av = 0;
          let vv = 0;
          for (let k = 0; k < n; k++) {
            av += A.data[i * n + k] * V.data[k * n + j];
            vv += V.data[k * n + i] * V.data[k * n + j];
          }
          assert.ok(Math.abs(av - values[j] * V.data[i * n + j]) <= 1e-14 * n * scale, 'A V = V Lambda');
          assert.ok(Math.abs(vv - (i === j ? 1 : 0)) <= 1e-14 * n, 'V^T V = I');
        }
      }
      assert.deepEqual(symEig(A, { vectors: false }).values, values);
    });
  }

  for (const c of fx.svdvals) {
    it(`svdValues ${c.name}: ${c.exact ? 'every value to 1e-13 relative (mpmath)' : 'matches scipy svdvals'}`, () => {
      const s = svdValues(mat(c.rows, c.cols, c.A));
      assert.equal(s.length, Math.min(c.rows, c.cols));
      for (let i = 0; i < s.length; i++) {
        const tol = c.exact ? 1e-13 * c.values[i] : 1e-14 * Math.max(c.rows, c.cols) * c.values[0];
        assert.ok(Math.abs(s[i] - c.values[i]) <= tol, `sigma_${i}: ${s[i]} vs ${c.values[i]}`);
      }
    });
  }
});

describe('dense: kernels on small exact examples', () => {
  const A = fromRows([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it('gemv computes alpha op(A) x + beta y in both directions, and ignores y when beta = 0', () => {
    assert.deepEqual(gemv(A, Float64Array.of(1, 0, -1), new Float64Array(2)), Float64Array.of(-2, -2));
    assert.deepEqual(
      gemv(A, Float64Array.of(1, 1, 1), Float64Array.of(1, 1), { alpha: 2, beta: -1 }),
      Float64Array.of(11, 29),
    );
    assert.deepEqual(gemv(A, Float64Array.of(1, -1), Float64Array.of(Number.NaN, 0, 0), { trans: true }), Float64Array.of(-3, -3, -3));
    assert.deepEqual(
      gemv(A, Float64Array.of(1, 1), Float64Array.of(1, 2, 3), { trans: true, alpha: 0.5, beta: 2 }),
      Float64Array.of(4.5, 7.5, 10.5),
    );
  });

  it('gemv agrees with a naive product on all row/column remainders (1..9 x 1..9)', () => {
    const r = createRng(3);
    for (let m = 1; m <= 9; m++) {
      for (let n = 1; n <= 9; n++) {
        const M = matrix(m, n, r.fillNormal(new Float64Array(m * n)));
        const x = r.fillNormal(new Float64Array(n));
        const xt = r.fillNormal(new Float64Array(m));
        const y = gemv(M, x, new Float64Array(m));
        const yt = gemv(M, xt, new Float64Array(n), { trans: true });
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += M.data[i * n + j] * x[j];
          assert.ok(Math.abs(y[i] - s) <= 1e-14 * (1 + Math.abs(s)));
        }
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += M.data[i * n + j] * xt[i];
          assert.ok(Math.abs(yt[j] - s) <= 1e-14 * (1 + Math.abs(s)));
        }
      }
    }
  });

  it('gram, gramColumn, column and transpose', () => {
    assert.deepEqual(gram(A, [2, 0]).data, Float64Array.of(45, 27, 27, 17));
    assert.deepEqual(gramColumn(A, [0, 1], 2, new Float64Array(3)), Float64Array.of(27, 36, 45));
    assert.deepEqual(column(A, 1, new Float64Array(2)), Float64Array.of(2, 5));
    assert.deepEqual(transpose(A).data, Float64Array.of(1, 4, 2, 5, 3, 6));
  });

  it('qr: A = Q R with orthonormal Q and upper-triangular R (tall and wide)', () => {
    const r = createRng(4);
    for (const [m, n] of [
      [7, 4],
      [4, 7],
      [5, 5],
    ]) {
      const M = matrix(m, n, r.fillNormal(new Float64Array(m * n)));
      const { Q, R } = qr(M);
      const p = Math.min(m, n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < p; k++) s += Q.data[i * p + k] * R.data[k * n + j];
          assert.ok(Math.abs(s - M.data[i * n + j]) <= 1e-14 * 10);
        }
      }
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += Q.data[i * p + a] * Q.data[i * p + b];
          assert.ok(Math.abs(s - (a === b ? 1 : 0)) <= 1e-14 * 10);
        }
        for (let b = 0; b < a && b < n; b++) assert.equal(R.data[a * n + b], 0);
      }
    }
  });

  it('IncrementalCholesky and IncrementalQR solve the doc examples exactly', () => {
    const ch = new IncrementalCholesky(4);
    ch.append(Float64Array.of(4));
    ch.append(Float64Array.of(2, 3));
    const xc = ch.solve(Float64Array.of(6, 5), new Float64Array(2));
    assert.ok(Math.abs(xc[0] - 1) <= 4e-16 && Math.abs(xc[1] - 1) <= 4e-16, `${xc}`);
    ch.remove(0);
    assert.equal(ch.size, 1);
    assert.ok(Math.abs(ch.factor().data[0] - Math.sqrt(3)) <= 4e-16);
    const f = new IncrementalQR(3, 2);
    f.append(Float64Array.of(1, 0, 1));
    f.append(Float64Array.of(0, 1, 1));
    const x = f.solve(Float64Array.of(1, 2, 3), new Float64Array(2));
    assert.ok(Math.abs(x[0] - 1) < 1e-15 && Math.abs(x[1] - 2) < 1e-15);
  });

  it('powerIteration finds ||diag(3, 1)|| = 3, real and complex, and 0 for the zero operator', () => {
    const N = (x: Float64Array, out: Float64Array) => {
      out[0] = 9 * x[0];
      out[1] = x[1];
    };
    const r = powerIteration(N, 2, { tol: 1e-14 });
    assert.ok(r.converged && Math.abs(r.norm - 3) <= 1e-12, `${r.norm}`);
    const Nc = (x: Float64Array, out: Float64Array) => {
      out[0] = 9 * x[0];
      out[1] = 9 * x[1];
      out[2] = x[2];
      out[3] = x[3];
    };
    const rc = powerIteration(Nc, 2, { complex: true, tol: 1e-14 });
    assert.ok(rc.converged && Math.abs(rc.norm - 3) <= 1e-12);
    assert.deepEqual(
      powerIteration((_x, out) => out.fill(0), 5),
      { norm: 0, iterations: 1, converged: true },
    );
    const slow = powerIteration((x, out) => out.set(x), 3, { maxIter: 1 });
    assert.equal(slow.converged, false);
  });
});

describe('dense: bad input', () => {
  const A = fromRows([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it('shape and length mismatches name the function, the expectation and the value', () => {
    assert.throws(() => gemv(A, new Float64Array(2), new Float64Array(2)), {
      name: 'CandorError',
      message: 'gemv: x length: expected 3 (columns of A, A is 2x3), got 2',
    });
    assert.throws(() => gemv(A, new Float64Array(2), new Float64Array(2), { trans: true }), {
      message: 'gemv: y length: expected 3 (columns of A, A is 2x3), got 2',
    });
    const buf = new Float64Array(5);
    assert.throws(() => gemv(A, buf.subarray(0, 3), buf.subarray(2, 4)), {
      message: 'gemv: x and y: expected non-overlapping buffers, got overlapping views',
    });
    assert.throws(() => matrix(2, 3, new Float64Array(5)), {
      message: 'matrix: data length: expected 6 (rows*cols = 2*3), got 5',
    });
    assert.throws(() => cholesky(A), { message: 'cholesky: A shape: expected a square matrix, got 2x3' });
    assert.throws(() => lstsq(A, new Float64Array(2), new Float64Array(3)), {
      message: 'lstsq: A shape: expected rows >= cols (a square or overdetermined system), got 2x3',
    });
    assert.throws(() => gram(A, [0, 3]), { message: 'gram: cols[1]: expected a column index in [0, 2], got 3' });
    assert.throws(() => lstsqColumns(transpose(A), [1, 1], new Float64Array(3), new Float64Array(2)), {
      message: 'lstsqColumns: cols[1]: expected distinct column indices, got repeated index 1',
    });
  });

  it('NaN and Infinity are rejected with their position', () => {
    const B = fromRows([
      [1, 0],
      [0, Number.NaN],
    ]);
    assert.throws(() => cholesky(B), { message: 'cholesky: A: expected finite entries, got NaN at (1, 1)' });
    assert.throws(() => svdValues(B), { message: 'svdValues: A: expected finite entries, got NaN at (1, 1)' });
    assert.throws(() => lstsq(transpose(A), Float64Array.of(1, Infinity, 0), new Float64Array(2)), {
      message: 'lstsq: b: expected finite values, got Infinity at index 1',
    });
    const f = new IncrementalQR(3, 2);
    assert.throws(() => f.append(Float64Array.of(1, Number.NaN, 0)), {
      message: 'IncrementalQR.append: column: expected finite values, got NaN at index 1',
    });
    assert.throws(() => powerIteration((_x, out) => out.fill(Number.NaN), 2), {
      message: 'powerIteration: normal(x): expected finite values, got NaN at index 0 (iteration 1)',
    });
  });

  it('not positive definite names the pivot; rank deficiency names the column', () => {
    assert.throws(
      () =>
        cholesky(
          fromRows([
            [4, 2, 0],
            [2, 1, 0],
            [0, 0, 1],
          ]),
        ),
      {
        message:
          'cholesky: A: expected a symmetric positive definite matrix, got pivot 1 = 0 (leading 2x2 block not positive definite)',
      },
    );
    assert.throws(
      () =>
        cholesky(
          fromRows([
            [1, 2],
            [2, 1],
          ]),
        ),
      { message: 'cholesky: A: expected a symmetric positive definite matrix, got pivot 1 = -3 (leading 2x2 block not positive definite)' },
    );
    const D = fromRows([
      [1, 2, 1],
      [1, 2, 0],
      [1, 2, 5],
      [1, 2, 2],
    ]);
    assert.throws(() => lstsq(D, new Float64Array(4), new Float64Array(3)), (e: Error) => {
      assert.match(e.message, /^lstsq: A: expected full column rank 3 \(\|R_kk\| > .*\), got \|R_kk\| = .* at column 1 \(rank deficient\)$/);
      return true;
    });
    const f = new IncrementalQR(4, 3);
    f.append(column(D, 0, new Float64Array(4)));
    assert.throws(() => f.append(column(D, 1, new Float64Array(4))), (e: Error) => {
      assert.match(e.message, /^IncrementalQR\.append: column: expected linearly independent of the current 1 column/);
      return true;
    });
    assert.equal(f.size, 1);
    const ch = new IncrementalCholesky(3);
    ch.append(Float64Array.of(4));
    assert.throws(() => ch.append(Float64Array.of(8, 16)), (e: Error) => {
      assert.match(e.message, /^IncrementalCholesky\.append: new column: expected linearly independent/);
      return true;
    });
    assert.throws(() => ch.remove(1), { message: 'IncrementalCholesky.remove: j: expected an integer in [0, 0], got 1' });
    assert.throws(
      () =>
        symEig(
          fromRows([
            [1, 2],
            [3, 1],
          ]),
        ),
      { message: 'symEig: A: expected a symmetric matrix, got A[1][0] - A[0][1] = 1' },
    );
    assert.throws(() => powerIteration(42 as unknown as () => void, 2), {
      message: 'powerIteration: normal: expected a function (x, out) => void, got 42',
    });
    assert.throws(() => powerIteration((_x, out) => out.fill(0), 2, { seed: -1 }), {
      message: 'powerIteration: seed: expected a non-negative safe integer or a bigint in [0, 2^64), got -1',
    });
  });
});

export type { Matrix };
