/**
 * Cholesky factorisation A = L L^T of a symmetric positive definite matrix (L lower triangular
 * with positive diagonal), and the solve of A x = b through it.
 *
 * Row-oriented Cholesky-Banachiewicz: for j = 0..n-1,
 *     L_jk = (A_jk - sum_{t<k} L_jt L_kt) / L_kk   (k < j),
 *     L_jj = sqrt(A_jj - sum_{t<j} L_jt^2),
 * reading only the lower triangle of A (as LAPACK `dpotrf` with uplo = 'L'). A pivot
 * d_j = A_jj - sum L_jt^2 that is not positive, or that has lost all significant digits
 * (d_j <= n eps A_jj), means A is not (numerically) positive definite: a CandorError names
 * the pivot. Reference: Golub & Van Loan, Matrix Computations, 4th ed., Alg. 4.2.1.
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { cholesky, choleskySolve } from './cholesky.ts';
 * const L = cholesky(fromRows([[4, 2], [2, 3]]));   // L.data = [2, 0, 1, 1.4142135623730951]
 * choleskySolve(L, Float64Array.of(6, 5), new Float64Array(2));  // [1, 1]
 */
import { CandorError } from '../errors.ts';
import { checkMatrix, checkOut, checkSquare, checkVec, type Matrix, matrix } from './matrix.ts';

const EPS = 2.220446049250313e-16;

/** The lower-triangular Cholesky factor L of A (upper triangle zero); into `out` when given. */
export function cholesky(A: Matrix, out?: Matrix): Matrix {
  checkSquare('cholesky', 'A', A);
  const n = A.rows;
  const L = out ?? matrix(n, n);
  if (L.rows !== n || L.cols !== n) throw new CandorError('cholesky', 'out shape', `${n}x${n}`, `${L.rows}x${L.cols}`);
  const a = A.data;
  const l = L.data;
  if (l !== a) l.fill(0);
  for (let j = 0; j < n; j++) {
    const oj = j * n;
    for (let k = 0; k <= j; k++) {
      const ok = k * n;
      let s = a[oj + k];
      for (let t = 0; t < k; t++) s -= l[oj + t] * l[ok + t];
      if (k < j) l[oj + k] = s / l[ok + k];
      else {
        if (!(s > n * EPS * Math.abs(a[oj + j]))) {
          throw new CandorError(
            'cholesky',
            'A',
            'a symmetric positive definite matrix',
            `pivot ${j} = ${s} (leading ${j + 1}x${j + 1} block not positive definite)`,
            'numerical',
          );
        }
        l[oj + j] = Math.sqrt(s);
      }
    }
    if (l === a) for (let k = j + 1; k < n; k++) l[oj + k] = 0;
  }
  return L;
}

/** Solves L L^T x = b (L from {@link cholesky}); out may alias b. Returns out. */
export function choleskySolve(L: Matrix, b: Float64Array, out: Float64Array): Float64Array {
  checkMatrix('choleskySolve', 'L', L, false);
  if (L.rows !== L.cols) throw new CandorError('choleskySolve', 'L shape', 'a square matrix', `${L.rows}x${L.cols}`);
  const n = L.rows;
  checkVec('choleskySolve', 'b', b, n, `order of L, ${n}x${n}`);
  checkOut('choleskySolve', 'out', out, n, `order of L, ${n}x${n}`);
  const l = L.data;
  if (out !== b) out.set(b);
  // forward: L z = b
  for (let i = 0; i < n; i++) {
    const o = i * n;
    let s = out[i];
    for (let t = 0; t < i; t++) s -= l[o + t] * out[t];
    out[i] = s / l[o + i];
  }
  // back: L^T x = z
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i];
    for (let t = i + 1; t < n; t++) s -= l[t * n + i] * out[t];
    out[i] = s / l[i * n + i];
  }
  return out;
}
