/**
 * Small complex Hermitian positive definite solves for the f-x methods (prediction filters,
 * kriging): (H + rho I) z = b with H n x n, complex interleaved and row-major. Through the real
 * symmetric embedding
 *
 *     [ Re H  -Im H ] [ Re z ]   [ Re b ]
 *     [ Im H   Re H ] [ Im z ] = [ Im b ],
 *
 * which is symmetric positive definite exactly when H is Hermitian positive definite (its
 * eigenvalues are those of H, each twice), factored once by the dense layer's Cholesky
 * (../../core/dense/cholesky.ts) and reused for every right-hand side.
 *
 * Reference: G. H. Golub & C. F. Van Loan, Matrix Computations, 4th ed., section 4.2 (Cholesky;
 * the real form of a complex system is the standard embedding of C^n in R^2n).
 *
 * @example
 * import { hermitianFactor, hermitianSolve } from './hermitian.ts';
 * // H = [[2, i], [-i, 2]]:  z = H^{-1} (1, 0)
 * const L = hermitianFactor(Float64Array.of(2, 0, 0, 1, 0, -1, 2, 0), 2, 0);
 * hermitianSolve(L, Float64Array.of(1, 0, 0, 0), new Float64Array(4)); // [2/3, 0, 0, 1/3]
 */
import { cholesky, choleskySolve } from '../../core/dense/cholesky.ts';
import { type Matrix, matrix } from '../../core/dense/matrix.ts';

/** Cholesky factor of the real embedding of H + rho I (H: n x n complex interleaved, row-major). */
export function hermitianFactor(H: Float64Array, n: number, rho: number): Matrix {
  const N = 2 * n;
  const E = matrix(N, N);
  const e = E.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const re = H[2 * (i * n + j)] + (i === j ? rho : 0);
      const im = H[2 * (i * n + j) + 1];
      e[i * N + j] = re;
      e[i * N + n + j] = -im;
      e[(n + i) * N + j] = im;
      e[(n + i) * N + n + j] = re;
    }
  }
  return cholesky(E, E);
}

/** z = (H + rho I)^{-1} b from the factor of {@link hermitianFactor}; b and z complex interleaved (n values). */
export function hermitianSolve(L: Matrix, b: Float64Array, z: Float64Array): Float64Array {
  const n = L.rows >> 1;
  const r = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    r[i] = b[2 * i];
    r[n + i] = b[2 * i + 1];
  }
  choleskySolve(L, r, r);
  for (let i = 0; i < n; i++) {
    z[2 * i] = r[i];
    z[2 * i + 1] = r[n + i];
  }
  return z;
}
