/**
 * The largest eigenvalue of a symmetric positive semidefinite operator N (in practice the normal
 * operator A^H A, so that ||A||_2^2 = lambda_max(N)) by the Lanczos process with full
 * reorthogonalization. From a seeded Gaussian q_1, with beta_0 q_0 = 0,
 *
 *     w = N q_k - alpha_k q_k - beta_{k-1} q_{k-1},   alpha_k = <q_k, N q_k>,
 *     w <- w - sum_{i <= k} <q_i, w> q_i               (reorthogonalization against every q_i),
 *     beta_k = ||w||,   q_{k+1} = w / beta_k,
 *
 * the tridiagonal T_k = tridiag(beta, alpha, beta) has Ritz values inside the spectrum of N; its
 * largest, theta, is a lower bound of lambda_max that converges far faster than the power method
 * (Kaniel-Paige: the error falls like a Chebyshev polynomial of the spectral gap, where the power
 * method's falls like a power of the ratio of the two largest eigenvalues). The Ritz residual
 * ||N y - theta y|| = beta_k |s_k| (s the eigenvector of T_k, s_k its last entry) bounds the
 * distance from theta to an eigenvalue of N; the iteration stops once it is at most tol theta.
 * Complex interleaved vectors (`complex`) are handled as real vectors of twice the length: a
 * Hermitian N is a symmetric real operator there with the same eigenvalues.
 *
 * References: C. Lanczos, J. Res. Nat. Bur. Standards 45 (1950) 255; G. H. Golub & C. F. Van Loan,
 * Matrix Computations, 4th ed., sections 10.1-10.3 (the residual bound, Kaniel-Paige theory).
 *
 * @example
 * import { lanczosMaxEig } from './lanczos.ts';
 * // N = diag(1, 2, 5)
 * const d = [1, 2, 5];
 * const r = lanczosMaxEig((x, out) => { for (let i = 0; i < 3; i++) out[i] = d[i] * x[i]; }, 3);
 * r.value; // 5 (to rounding): 3 steps span the whole space
 */
import { CandorError, checkInt, checkNumber, describe } from '../errors.ts';
import { Rng } from '../rng/rng.ts';
import { deriveState } from '../rng/seed.ts';
import { axpy, dot, norm2, scale } from '../vec.ts';
import { tridiagonalQL } from './sym-eig.ts';

/** Options of {@link lanczosMaxEig}. */
export interface LanczosOptions {
  /** Complex interleaved vectors of n entries (2n doubles). */
  complex?: boolean;
  /** Seed of the Gaussian start vector (default 0). */
  seed?: number;
  /** Stop when the Ritz residual is at most tol times the estimate (default 1e-6). */
  tol?: number;
  /** Maximum number of applications of N (default 60; never more than the dimension). */
  maxIter?: number;
  /**
   * Largest Krylov basis kept for full reorthogonalization, in bytes (default 64 MiB). A larger
   * basis (long vectors times maxIter + 1) is not kept: the plain three-term recurrence runs with
   * O(n) memory, whose largest Ritz value still converges (Paige) though more slowly.
   */
  basisBytes?: number;
}

/** Defaults of {@link LanczosOptions}. */
export const LANCZOS_DEFAULTS = Object.freeze({ complex: false, seed: 0, tol: 1e-6, maxIter: 60, basisBytes: 2 ** 26 });

/** Result of {@link lanczosMaxEig}. */
export interface LanczosResult {
  /** The largest Ritz value theta (a lower bound of lambda_max). */
  value: number;
  /** Its Ritz residual beta_k |s_k|: an eigenvalue of N lies within it of `value`. */
  residual: number;
  /** Applications of N. */
  iterations: number;
  /** Whether the residual reached tol (or the Krylov space became invariant). */
  converged: boolean;
}

/**
 * lambda_max of the symmetric positive semidefinite N, given as (x, out) => void writing N x into
 * out (length n, or 2n complex interleaved), by Lanczos with full reorthogonalization while the
 * basis fits `basisBytes`, else the three-term recurrence (see the file comment).
 */
export function lanczosMaxEig(
  normal: (x: Float64Array, out: Float64Array) => void,
  n: number,
  opts: LanczosOptions = {},
): LanczosResult {
  const where = 'lanczosMaxEig';
  if (typeof normal !== 'function') throw new CandorError(where, 'normal', 'a function (x, out) => void', describe(normal));
  checkInt(where, 'n', n, 1);
  const complex = opts.complex ?? LANCZOS_DEFAULTS.complex;
  const tol = checkNumber(where, 'tol', opts.tol ?? LANCZOS_DEFAULTS.tol, 0);
  const len = complex ? 2 * n : n;
  const K = Math.min(checkInt(where, 'maxIter', opts.maxIter ?? LANCZOS_DEFAULTS.maxIter, 1), len);
  const full = 8 * len * (K + 1) <= checkNumber(where, 'basisBytes', opts.basisBytes ?? LANCZOS_DEFAULTS.basisBytes, 0);
  // the basis: every q_i (full reorthogonalization) or the last two (three-term recurrence)
  const Q: Float64Array[] = [];
  const q = new Rng(deriveState(opts.seed ?? LANCZOS_DEFAULTS.seed, [], where)).fillNormal(new Float64Array(len));
  scale(1 / norm2(q), q, q);
  Q.push(q);
  const alpha = new Float64Array(K);
  const beta = new Float64Array(K);
  const d = new Float64Array(K);
  const e = new Float64Array(K);
  const V = new Float64Array(K * K);
  const w = new Float64Array(len);
  let theta = 0;
  let residual = Number.POSITIVE_INFINITY;
  for (let k = 0; k < K; k++) {
    const qk = Q[Q.length - 1];
    const qPrev = Q.length > 1 ? Q[Q.length - 2] : null;
    w.fill(0);
    normal(qk, w);
    for (let i = 0; i < len; i++) {
      if (!Number.isFinite(w[i])) {
        throw new CandorError(where, 'normal(x)', 'finite values', `${describe(w[i])} at index ${i} (iteration ${k + 1})`, 'numerical');
      }
    }
    const a = dot(qk, w);
    alpha[k] = a;
    axpy(-a, qk, w);
    if (qPrev !== null) axpy(-beta[k - 1], qPrev, w);
    // reorthogonalization against the kept basis (twice is enough: Kahan, Parlett)
    for (let pass = 0; pass < 2; pass++) for (const qi of Q) axpy(-dot(qi, w), qi, w);
    const b = norm2(w);
    beta[k] = b;
    // eigen-decomposition of T_{k+1}: d the diagonal, e[i] = T[i][i-1]
    // (scaled to a largest entry of 1: the QL sweeps square their entries, which tiny or huge
    // operators would underflow or overflow)
    const m = k + 1;
    let big = 0;
    for (let i = 0; i < m; i++) big = Math.max(big, Math.abs(alpha[i]), i > 0 ? beta[i - 1] : 0);
    const f = big > 0 ? 1 / big : 1;
    for (let i = 0; i < m; i++) {
      d[i] = alpha[i] * f;
      e[i] = i > 0 ? beta[i - 1] * f : 0;
    }
    V.fill(0, 0, m * m);
    for (let i = 0; i < m; i++) V[i * m + i] = 1;
    tridiagonalQL(V, d, e, m, true);
    for (let i = 0; i < m; i++) d[i] /= f;
    theta = d[m - 1];
    if (theta < -1.4901161193847656e-8 * Math.abs(d[0]) - Number.MIN_VALUE) {
      throw new CandorError(where, 'normal', 'a positive semidefinite operator (A^H A)', `a Ritz value ${theta} < 0`, 'numerical');
    }
    theta = Math.max(theta, 0);
    residual = b * Math.abs(V[(m - 1) * m + (m - 1)]);
    const invariant = b <= 1e-14 * Math.max(theta, Math.abs(a), Number.MIN_VALUE);
    if (invariant || residual <= tol * theta) return { value: theta, residual, iterations: m, converged: true };
    if (k + 1 < K) {
      const next = !full && Q.length === 2 ? (Q.shift() as Float64Array) : new Float64Array(len);
      for (let i = 0; i < len; i++) next[i] = w[i] / b;
      Q.push(next);
    }
  }
  return { value: theta, residual, iterations: K, converged: false };
}
