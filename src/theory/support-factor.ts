/**
 * The factorisation of a column subset A_S (m x k, real) that the certificates and the Exact
 * Recovery Condition share: thin QR A_S = Q R (Householder, ../core/dense/qr.ts) and the singular
 * values of A_S (one-sided Jacobi, accurate even for the smallest: ../core/dense/svd.ts).
 *
 *     A_S^+ b = R^{-1} Q^T b,        least-norm solution of A_S^T v = s:  v = Q R^{-T} s.
 *
 * Rank test: A_S has full column rank when k <= m and sigma_min > rankTol sigma_max
 * (default rankTol = 1e-10, i.e. cond(A_S) < 1e10).
 *
 * @example
 * import { gatherColumns } from '../predict/columns.ts';
 * import { factorSupport, leastNormDual } from './support-factor.ts';
 * const C = gatherColumns('demo', { rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) });
 * const f = factorSupport(C, Int32Array.of(0, 1));
 * leastNormDual(f, Float64Array.of(1, -1));  // v = [1, -1]
 */
import { qr } from '../core/dense/qr.ts';
import { svdValues } from '../core/dense/svd.ts';
import { type ColumnSet, subMatrix } from '../predict/columns.ts';

/** Default relative rank tolerance: A_S counts as full rank when sigma_min(A_S) > RANK_TOL sigma_max(A_S). */
export const RANK_TOL = 1e-10;

/**
 * Thin QR and singular values of the support submatrix A_S ({@link factorSupport}): its
 * conditioning and whether it has full column rank.
 */
export interface SupportFactor {
  S: Int32Array;
  m: number;
  k: number;
  /** Q (m x k, row-major) and R (k x k upper triangular, row-major); null when k > m. */
  Q: Float64Array | null;
  R: Float64Array | null;
  /** Singular values of A_S, descending (min(m, k) of them). */
  sigma: Float64Array;
  sigmaMin: number;
  sigmaMax: number;
  /** sigma_max / sigma_min (Infinity when rank deficient). */
  cond: number;
  fullRank: boolean;
}

/** QR and singular values of A_S for a real column set. */
export function factorSupport(C: ColumnSet, S: Int32Array, rankTol = RANK_TOL): SupportFactor {
  const { m } = C;
  const k = S.length;
  const AS = subMatrix(C, S);
  const sigma = svdValues(AS);
  const sigmaMax = sigma.length ? sigma[0] : 0;
  const sigmaMin = k > m ? 0 : sigma.length ? sigma[sigma.length - 1] : 0;
  const fullRank = k <= m && sigmaMin > rankTol * sigmaMax && sigmaMax > 0;
  let Q: Float64Array | null = null;
  let R: Float64Array | null = null;
  if (k <= m) {
    const f = qr(AS);
    Q = f.Q.data;
    R = f.R.data;
  }
  return {
    S,
    m,
    k,
    Q,
    R,
    sigma,
    sigmaMin,
    sigmaMax,
    cond: fullRank ? sigmaMax / sigmaMin : Number.POSITIVE_INFINITY,
    fullRank,
  };
}

/** out = A_S^+ b = R^{-1} Q^T b (length k); needs a full-rank factor. */
export function pinvApply(
  f: SupportFactor,
  b: ArrayLike<number>,
  out: Float64Array,
  bOffset = 0,
): Float64Array {
  const { m, k } = f;
  const Q = f.Q as Float64Array;
  const R = f.R as Float64Array;
  for (let t = 0; t < k; t++) out[t] = 0;
  for (let i = 0; i < m; i++) {
    const bi = b[bOffset + i];
    if (bi === 0) continue;
    const o = i * k;
    for (let t = 0; t < k; t++) out[t] += Q[o + t] * bi;
  }
  for (let t = k - 1; t >= 0; t--) {
    let s = out[t];
    for (let u = t + 1; u < k; u++) s -= R[t * k + u] * out[u];
    out[t] = s / R[t * k + t];
  }
  return out;
}

/** Least-norm v with A_S^T v = s: v = Q R^{-T} s (length m); needs a full-rank factor. */
export function leastNormDual(f: SupportFactor, s: ArrayLike<number>): Float64Array {
  const { m, k } = f;
  const Q = f.Q as Float64Array;
  const R = f.R as Float64Array;
  const w = new Float64Array(k);
  // R^T w = s (forward substitution; R^T is lower triangular)
  for (let t = 0; t < k; t++) {
    let acc = s[t];
    for (let u = 0; u < t; u++) acc -= R[u * k + t] * w[u];
    w[t] = acc / R[t * k + t];
  }
  const v = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let acc = 0;
    const o = i * k;
    for (let t = 0; t < k; t++) acc += Q[o + t] * w[t];
    v[i] = acc;
  }
  return v;
}

/** out_j = a_j^T v for every column j (real column set). */
export function adjointColumns(
  C: ColumnSet,
  v: ArrayLike<number>,
  out: Float64Array = new Float64Array(C.n),
): Float64Array {
  const { m, n, data } = C;
  for (let j = 0; j < n; j++) {
    const o = j * m;
    let s = 0;
    for (let i = 0; i < m; i++) s += data[o + i] * v[i];
    out[j] = s;
  }
  return out;
}
