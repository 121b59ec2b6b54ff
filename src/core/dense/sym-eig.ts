/**
 * Eigenvalues (ascending) and eigenvectors of a small symmetric matrix: Householder reduction to
 * tridiagonal form, then the implicit QL algorithm with Wilkinson-type shifts.
 *
 * Algorithms `tred2` and `tql2` of the Handbook for Automatic Computation (Bowdler, Martin,
 * Reinsch & Wilkinson, Numer. Math. 11, 1968) via EISPACK and the public-domain JAMA package
 * (NIST/MathWorks). Cost ~ (4/3 + 9 with vectors) n^3 flops; eigenvalues are accurate to
 * ~ n eps ||A||_2 in absolute terms (Golub & Van Loan, Matrix Computations, 4th ed., Sec. 8.3).
 * A must be symmetric: |A_ij - A_ji| <= 1e-12 max|A| is checked (CandorError otherwise).
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { symEig } from './sym-eig.ts';
 * const { values, vectors } = symEig(fromRows([[2, 1], [1, 2]]));
 * values;  // [1, 3];  column j of `vectors` is the unit eigenvector of values[j]
 */
import { CandorError } from '../errors.ts';
import { checkSquare, type Matrix, matrix } from './matrix.ts';

const EPS = 2.220446049250313e-16;

/** Options of {@link symEig}. */
export interface SymEigOptions {
  /** Also compute eigenvectors (default true). */
  vectors?: boolean;
}

/** Eigen-decomposition A = V diag(values) V^T from {@link symEig}. */
export interface SymEigResult {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns (n x n), or null when not requested. */
  vectors: Matrix | null;
}

/**
 * Eigenvalues (ascending) and, by default, orthonormal eigenvectors of a symmetric n x n matrix
 * (Householder tridiagonalisation then implicit QL, JAMA's tred2/tql2; O(n^3)). Throws a
 * CandorError when |A_ij - A_ji| > 1e-12 max|A|.
 */
export function symEig(A: Matrix, opts: SymEigOptions = {}): SymEigResult {
  checkSquare('symEig', 'A', A);
  const n = A.rows;
  const a = A.data;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const d = Math.abs(a[i * n + j] - a[j * n + i]);
      if (d > 1e-12 * scale) {
        throw new CandorError('symEig', 'A', 'a symmetric matrix', `A[${i}][${j}] - A[${j}][${i}] = ${a[i * n + j] - a[j * n + i]}`);
      }
    }
  }
  const wantV = opts.vectors ?? true;
  const V = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: wantV ? matrix(0, 0) : null };
  tred2(V, d, e, n);
  tridiagonalQL(V, d, e, n, wantV);
  return { values: d, vectors: wantV ? matrix(n, n, V) : null };
}

/** Householder tridiagonalisation (JAMA tred2): V <- Q, d <- diagonal, e <- subdiagonal. */
function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/**
 * Implicit QL on the symmetric tridiagonal (d, e) (JAMA tql2; e[i] = T[i][i-1] for i >= 1),
 * accumulating rotations into V when `wantV`; d <- the eigenvalues, ascending. Also used by
 * ./herm-eig.ts.
 */
export function tridiagonalQL(V: Float64Array | null, d: Float64Array, e: Float64Array, n: number, wantV: boolean): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) {
          throw new CandorError('symEig', 'QL iteration', 'convergence within 60 iterations', `no convergence at eigenvalue ${l}`, 'numerical');
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (wantV) {
            for (let k = 0; k < n; k++) {
              const o = k * n;
              const W = V as Float64Array;
              h = W[o + i + 1];
              W[o + i + 1] = s * W[o + i] + c * h;
              W[o + i] = c * W[o + i] - s * h;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (wantV) {
        for (let j = 0; j < n; j++) {
          const o = j * n;
          const W = V as Float64Array;
          const t = W[o + i];
          W[o + i] = W[o + k];
          W[o + k] = t;
        }
      }
    }
  }
}
