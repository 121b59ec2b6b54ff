/**
 * Singular values of a small dense matrix (descending), by one-sided Jacobi (Hestenes 1958):
 * plane rotations orthogonalise the columns of W pairwise,
 *
 *     alpha = ||w_p||^2, beta = ||w_q||^2, gamma = <w_p, w_q>,  zeta = (beta - alpha) / (2 gamma),
 *     t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2)),  c = 1 / sqrt(1 + t^2),  s = c t,
 *     (w_p, w_q) <- (c w_p - s w_q, s w_p + c w_q),
 *
 * sweeping all pairs until every |gamma| <= eps sqrt(alpha beta); the singular values are then the
 * column norms. One-sided Jacobi computes even the smallest singular values to high relative
 * accuracy (Demmel & Veselic, SIAM J. Matrix Anal. Appl. 13(4), 1992), which matters for
 * sigma_min(A_S) in RIP and recovery-guarantee estimates. A tall matrix (m > n) is first reduced
 * to its n x n triangular factor R by Householder QR (same singular values); a wide one is
 * transposed.
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { svdValues } from './svd.ts';
 * svdValues(fromRows([[3, 0], [0, -4], [0, 0]]));   // [4, 3]
 */
import { CandorError } from '../errors.ts';
import { checkMatrix, type Matrix } from './matrix.ts';
import { householderInPlace, toColumnMajor } from './qr.ts';

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;

/** The min(m, n) singular values of A, descending. */
export function svdValues(A: Matrix): Float64Array {
  checkMatrix('svdValues', 'A', A);
  let m = A.rows;
  let n = A.cols;
  // column-major working copy with m >= n
  let w: Float64Array;
  if (m >= n) w = toColumnMajor(A);
  else {
    w = Float64Array.from(A.data); // row-major A = column-major A^T
    const t = m;
    m = n;
    n = t;
  }
  if (n === 0) return new Float64Array(0);
  if (m > n) {
    const f = householderInPlace(w, m, n);
    const r = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) r[j * n + i] = f.w[j * m + i];
    w = r;
    m = n;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) norms[j] = dot(w, j * m, j * m, m);
  let sweep = 0;
  for (; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p];
        const beta = norms[q];
        const op = p * m;
        const oq = q * m;
        const gamma = dot(w, op, oq, m);
        if (Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = w[op + i];
          const y = w[oq + i];
          w[op + i] = c * x - s * y;
          w[oq + i] = s * x + c * y;
        }
        norms[p] = dot(w, op, op, m);
        norms[q] = dot(w, oq, oq, m);
      }
    }
    if (!rotated) break;
  }
  if (sweep === MAX_SWEEPS) {
    throw new CandorError('svdValues', 'Jacobi sweeps', `convergence within ${MAX_SWEEPS} sweeps`, 'no convergence', 'numerical');
  }
  const sv = new Float64Array(n);
  for (let j = 0; j < n; j++) sv[j] = Math.sqrt(dot(w, j * m, j * m, m));
  return sv.sort().reverse();
}

function dot(w: Float64Array, a: number, b: number, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += w[a + i] * w[b + i];
  return s;
}
