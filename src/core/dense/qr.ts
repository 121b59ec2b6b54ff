/**
 * Householder QR factorisation and linear least squares.
 *
 * For A (m x n, m >= n) the reflectors H_k = I - tau_k v_k v_k^T (v_k(k) = 1, as LAPACK `dgeqrf`
 * and `dlarfg`) give H_{n-1} ... H_0 A = [R; 0]. The least-squares solution of min ||A x - b||_2
 * is x = R^{-1} (Q^T b)[0..n). The factorisation works on a column-major copy, so each reflector
 * streams contiguous memory. Backward stable: the computed x solves a nearby problem, with
 * forward error ~ cond(A) eps (Golub & Van Loan, Matrix Computations, 4th ed., Sec. 5.2-5.3).
 *
 * Rank: without pivoting, rank(A) < n makes some R_kk zero in exact arithmetic, so
 * |R_kk| <= rcond * max_j ||a_j||_2 (default rcond = max(m, n) eps) is reported as rank deficiency.
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { lstsq, qr } from './qr.ts';
 * const A = fromRows([[1, 0], [0, 1], [1, 1]]);
 * lstsq(A, Float64Array.of(1, 2, 3), new Float64Array(2));   // [1, 2]  (exact fit)
 * const { Q, R } = qr(A);                                     // Q 3x2, R 2x2, A = Q R
 */
import { CandorError, checkNumber } from '../errors.ts';
import { checkMatrix, checkOut, checkVec, type Matrix, matrix } from './matrix.ts';

const EPS = 2.220446049250313e-16;

/** Compact Householder factorisation: column-major `w` (R above the diagonal, v below) and tau. */
export interface HouseholderQR {
  m: number;
  n: number;
  /** Column-major m x n: column k at w[k*m .. k*m + m). */
  w: Float64Array;
  tau: Float64Array;
  /** max_j ||a_j||_2 of the factorised matrix (scale for the rank test). */
  colNormMax: number;
}

/**
 * Householder QR of an m x n matrix given column-major in `w` (overwritten). `tauOut` (length >=
 * min(m, n)) receives the reflector scalars, so repeated factorisations allocate nothing; without
 * it a new array is allocated.
 */
export function householderInPlace(w: Float64Array, m: number, n: number, tauOut?: Float64Array): HouseholderQR {
  const p = Math.min(m, n);
  const tau = tauOut ? tauOut.subarray(0, p) : new Float64Array(p);
  tau.fill(0);
  let colNormMax = 0;
  for (let k = 0; k < n; k++) colNormMax = Math.max(colNormMax, colNorm(w, k * m, 0, m));
  for (let k = 0; k < p; k++) {
    const ok = k * m;
    const alpha = w[ok + k];
    const xnorm = colNorm(w, ok, k + 1, m);
    if (xnorm === 0) {
      tau[k] = 0;
      continue;
    }
    const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
    tau[k] = (beta - alpha) / beta;
    const sc = 1 / (alpha - beta);
    for (let i = k + 1; i < m; i++) w[ok + i] *= sc;
    w[ok + k] = beta;
    // apply H_k = I - tau v v^T to columns k+1..n-1
    const t = tau[k];
    for (let c = k + 1; c < n; c++) {
      const oc = c * m;
      let s = w[oc + k];
      for (let i = k + 1; i < m; i++) s += w[ok + i] * w[oc + i];
      s *= t;
      w[oc + k] -= s;
      for (let i = k + 1; i < m; i++) w[oc + i] -= s * w[ok + i];
    }
  }
  return { m, n, w, tau, colNormMax };
}

/** ||w[off+from .. off+to)||_2 with scaling against overflow/underflow. */
function colNorm(w: Float64Array, off: number, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += w[off + i] * w[off + i];
  if (s > 1e-290 && s < 1e290) return Math.sqrt(s);
  let mx = 0;
  for (let i = from; i < to; i++) mx = Math.max(mx, Math.abs(w[off + i]));
  if (mx === 0 || !Number.isFinite(mx)) return mx;
  s = 0;
  for (let i = from; i < to; i++) s += (w[off + i] / mx) ** 2;
  return mx * Math.sqrt(s);
}

/** Column-major copy of A. */
export function toColumnMajor(A: Matrix): Float64Array {
  const m = A.rows;
  const n = A.cols;
  const a = A.data;
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j];
  return w;
}

/** b <- Q^T b for a compact factorisation (b of length m). */
export function applyQt(f: HouseholderQR, b: Float64Array): void {
  const { m, w, tau } = f;
  for (let k = 0; k < tau.length; k++) {
    const t = tau[k];
    if (t === 0) continue;
    const ok = k * m;
    let s = b[k];
    for (let i = k + 1; i < m; i++) s += w[ok + i] * b[i];
    s *= t;
    b[k] -= s;
    for (let i = k + 1; i < m; i++) b[i] -= s * w[ok + i];
  }
}

/**
 * Thin QR: A = Q R with Q (m x p, orthonormal columns) and R (p x n, upper triangular),
 * p = min(m, n). Signs follow LAPACK (R_kk may be negative).
 */
export function qr(A: Matrix): { Q: Matrix; R: Matrix } {
  checkMatrix('qr', 'A', A);
  const m = A.rows;
  const n = A.cols;
  const p = Math.min(m, n);
  const f = householderInPlace(toColumnMajor(A), m, n);
  const R = matrix(p, n);
  for (let i = 0; i < p; i++) for (let j = i; j < n; j++) R.data[i * n + j] = f.w[j * m + i];
  const Q = matrix(m, p);
  const e = new Float64Array(m);
  for (let j = 0; j < p; j++) {
    // column j of Q = H_0 ... H_{p-1} e_j
    e.fill(0);
    e[j] = 1;
    for (let k = p - 1; k >= 0; k--) {
      const t = f.tau[k];
      if (t === 0) continue;
      const ok = k * m;
      let s = e[k];
      for (let i = k + 1; i < m; i++) s += f.w[ok + i] * e[i];
      s *= t;
      e[k] -= s;
      for (let i = k + 1; i < m; i++) e[i] -= s * f.w[ok + i];
    }
    for (let i = 0; i < m; i++) Q.data[i * p + j] = e[i];
  }
  return { Q, R };
}

/** Options of {@link lstsq} and `lstsqColumns`: the relative threshold of the rank test. */
export interface LstsqOptions {
  /** Relative threshold of the rank test |R_kk| <= rcond * max_j ||a_j|| (default max(m, n) eps). */
  rcond?: number;
}

/** Back-substitutes R x = c[0..n) for a compact factorisation, checking the rank first. */
export function solveR(where: string, f: HouseholderQR, c: Float64Array, out: Float64Array, rcond: number): void {
  const { m, n, w } = f;
  const tol = rcond * f.colNormMax;
  for (let k = 0; k < n; k++) {
    const d = Math.abs(w[k * m + k]);
    if (!(d > tol)) {
      throw new CandorError(
        where,
        'A',
        `full column rank ${n} (|R_kk| > ${tol.toExponential(2)})`,
        `|R_kk| = ${d.toExponential(2)} at column ${k} (rank deficient)`,
        'numerical',
      );
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = c[i];
    for (let j = i + 1; j < n; j++) s -= w[j * m + i] * out[j];
    out[i] = s / w[i * m + i];
  }
}

/**
 * Least squares: out = argmin_x ||A x - b||_2 for A (m x n) with m >= n and full column rank
 * (CandorError otherwise). Returns out (length n).
 */
export function lstsq(A: Matrix, b: Float64Array, out: Float64Array, opts: LstsqOptions = {}): Float64Array {
  checkMatrix('lstsq', 'A', A);
  const m = A.rows;
  const n = A.cols;
  if (m < n) {
    throw new CandorError('lstsq', 'A shape', 'rows >= cols (a square or overdetermined system)', `${m}x${n}`);
  }
  checkVec('lstsq', 'b', b, m, `rows of A, ${m}x${n}`);
  checkOut('lstsq', 'out', out, n, `columns of A, ${m}x${n}`);
  const rcond = checkNumber('lstsq', 'rcond', opts.rcond ?? Math.max(m, n) * EPS, 0, 1);
  const f = householderInPlace(toColumnMajor(A), m, n);
  const c = Float64Array.from(b);
  applyQt(f, c);
  solveR('lstsq', f, c, out, rcond);
  return out;
}
