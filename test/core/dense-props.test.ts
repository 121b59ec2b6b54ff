/**
 * Property tests (fast-check, seeded) of the dense algebra on random shapes and random Gaussian
 * matrices: incremental factorisations against fresh ones, least-squares optimality, power
 * iteration against the singular values, eigenvalues against singular values.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  cholesky,
  column,
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
} from '../../src/core/dense/index.ts';
import { createRng } from '../../src/core/rng/index.ts';

const RUNS = { numRuns: 60, seed: 20240607 };

function gaussian(m: number, n: number, seed: number): Matrix {
  return matrix(m, n, createRng(seed, m, n).fillNormal(new Float64Array(m * n)));
}
function frob(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  return frob(Array.from(a, (v, i) => v - b[i])) / frob(b);
}
function gather(A: Matrix, S: number[]): Matrix {
  const B = matrix(A.rows, S.length);
  for (let i = 0; i < A.rows; i++) for (let t = 0; t < S.length; t++) B.data[i * S.length + t] = A.data[i * A.cols + S[t]];
  return B;
}
/** Fresh thin QR of A_S with R's diagonal made positive (the unique factorisation). */
function freshQR(A: Matrix, S: number[]): { Q: Matrix; R: Matrix } {
  const { Q, R } = qr(gather(A, S));
  const k = S.length;
  for (let t = 0; t < k; t++) {
    if (R.data[t * k + t] < 0) {
      for (let j = 0; j < k; j++) R.data[t * k + j] = -R.data[t * k + j];
      for (let i = 0; i < A.rows; i++) Q.data[i * k + t] = -Q.data[i * k + t];
    }
  }
  return { Q, R };
}

/** A shape, a seed and a random sequence of appends (column choice) and removes (position). */
const scenario = fc.record({
  m: fc.integer({ min: 3, max: 40 }),
  n: fc.integer({ min: 2, max: 30 }),
  seed: fc.nat(1e6),
  ops: fc.array(fc.record({ append: fc.boolean(), pick: fc.nat(1000) }), { minLength: 1, maxLength: 40 }),
});

/** Replays the ops on a column set, calling append(j)/remove(pos); returns the final set. */
function replay(n: number, cap: number, ops: { append: boolean; pick: number }[], onAppend: (j: number, S: number[]) => void, onRemove: (pos: number) => void): number[] {
  const S: number[] = [];
  for (const o of ops) {
    if ((o.append || S.length === 0) && S.length < cap) {
      const free = Array.from({ length: n }, (_, j) => j).filter((j) => !S.includes(j));
      const j = free[o.pick % free.length];
      onAppend(j, S);
      S.push(j);
    } else if (S.length > 0) {
      const pos = o.pick % S.length;
      onRemove(pos);
      S.splice(pos, 1);
    }
  }
  return S;
}

describe('dense properties (fast-check, seeded)', () => {
  it('IncrementalQR after random append/remove sequences equals a fresh QR to 1e-10 relative', () => {
    fc.assert(
      fc.property(scenario, ({ m, n, seed, ops }) => {
        const A = gaussian(m, n, seed);
        const cap = Math.min(n, m - 2);
        if (cap < 1) return;
        const f = new IncrementalQR(m, cap);
        const col = new Float64Array(m);
        const S = replay(
          n,
          cap,
          ops,
          (j) => f.append(column(A, j, col)),
          (pos) => f.remove(pos),
        );
        assert.equal(f.size, S.length);
        if (S.length === 0) return;
        const got = f.factors();
        const ref = freshQR(A, S);
        assert.ok(relDiff(got.R.data, ref.R.data) <= 1e-10, `R differs: ${relDiff(got.R.data, ref.R.data)}`);
        assert.ok(relDiff(got.Q.data, ref.Q.data) <= 1e-10, `Q differs: ${relDiff(got.Q.data, ref.Q.data)}`);
        // and its least-squares solution equals lstsqColumns on the same set
        const b = createRng(seed, 1).fillNormal(new Float64Array(m));
        const x = f.solve(b, new Float64Array(S.length));
        assert.ok(relDiff(x, lstsqColumns(A, S, b, new Float64Array(S.length))) <= 1e-10);
      }),
      RUNS,
    );
  });

  it('IncrementalCholesky after random append/remove sequences equals cholesky(gram(A, S)) to 1e-10 relative', () => {
    fc.assert(
      fc.property(scenario, ({ m, n, seed, ops }) => {
        const A = gaussian(m, n, seed);
        const cap = Math.min(n, m - 2);
        if (cap < 1) return;
        const ch = new IncrementalCholesky(cap);
        const S = replay(
          n,
          cap,
          ops,
          (j, cur) => ch.append(gramColumn(A, cur, j, new Float64Array(cur.length + 1))),
          (pos) => ch.remove(pos),
        );
        assert.equal(ch.size, S.length);
        if (S.length === 0) return;
        const ref = cholesky(gram(A, S));
        assert.ok(relDiff(ch.factor().data, ref.data) <= 1e-10, `L differs: ${relDiff(ch.factor().data, ref.data)}`);
        const b = createRng(seed, 2).fillNormal(new Float64Array(S.length));
        const x = ch.solve(b, new Float64Array(S.length));
        const Gx = gemv(gram(A, S), x, new Float64Array(S.length));
        assert.ok(relDiff(Gx, b) <= 1e-10);
      }),
      RUNS,
    );
  });

  it('lstsq: the residual is orthogonal to the columns of A (and IncrementalQR.residual equals it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), fc.nat(1e6), (m0, n, seed) => {
        const m = Math.max(m0, n);
        const A = gaussian(m, n, seed);
        const b = createRng(seed, 3).fillNormal(new Float64Array(m));
        const x = lstsq(A, b, new Float64Array(n));
        const r = gemv(A, x, Float64Array.from(b), { alpha: -1, beta: 1 });
        const Atr = gemv(A, r, new Float64Array(n), { trans: true });
        const scale = frob(A.data) * (frob(b) + frob(A.data) * frob(x));
        assert.ok(frob(Atr) <= 1e-13 * scale, `|A^T r| = ${frob(Atr)}, scale ${scale}`);
        if (m > n) {
          const f = new IncrementalQR(m, n);
          for (let j = 0; j < n; j++) f.append(column(A, j, new Float64Array(m)));
          const r2 = f.residual(b, new Float64Array(m));
          assert.ok(frob(Array.from(r2, (v, i) => v - r[i])) <= 1e-12 * frob(b));
        }
      }),
      RUNS,
    );
  });

  it('powerIteration on A^T A (real) and A^H A (complex) matches the top singular value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.nat(1e6), (m, n, seed) => {
        const A = gaussian(m, n, seed);
        const t = new Float64Array(m);
        const N = (x: Float64Array, out: Float64Array) => {
          gemv(A, x, t);
          gemv(A, t, out, { trans: true });
        };
        const s1 = svdValues(A)[0];
        const r = powerIteration(N, n, { tol: 1e-15, maxIter: 100000, seed });
        assert.ok(Math.abs(r.norm - s1) <= 1e-9 * s1, `power ${r.norm} vs sigma_max ${s1}`);
        // a real matrix acting on complex vectors (re and im separately) has the same norm
        const xr = new Float64Array(n);
        const yr = new Float64Array(n);
        const Nc = (x: Float64Array, out: Float64Array) => {
          for (let part = 0; part < 2; part++) {
            for (let j = 0; j < n; j++) xr[j] = x[2 * j + part];
            N(xr, yr);
            for (let j = 0; j < n; j++) out[2 * j + part] = yr[j];
          }
        };
        const rc = powerIteration(Nc, n, { complex: true, tol: 1e-15, maxIter: 100000, seed });
        assert.ok(Math.abs(rc.norm - s1) <= 1e-9 * s1);
      }),
      { ...RUNS, numRuns: 40 },
    );
  });

  it('symEig(A^T A) values are the squared singular values of A; eigenvectors diagonalise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 12 }), fc.nat(1e6), (m, n, seed) => {
        const A = gaussian(m, n, seed);
        const G = gram(
          A,
          Array.from({ length: n }, (_, j) => j),
        );
        const ev = symEig(G, { vectors: false }).values;
        const sv = svdValues(A);
        const s1 = sv[0] * sv[0];
        // ascending eigenvalues: the top min(m, n) are sigma_i^2, the other n - min(m, n) are zero
        for (let i = 0; i < n; i++) {
          const lam = ev[n - 1 - i];
          const target = i < sv.length ? sv[i] ** 2 : 0;
          assert.ok(Math.abs(lam - target) <= 1e-13 * n * s1, `lambda = ${lam} vs ${target}`);
        }
      }),
      RUNS,
    );
  });
});
