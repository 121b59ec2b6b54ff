/**
 * Approximate Message Passing (AMP) with soft thresholding, for y = A x0 + w with A i.i.d.
 * Gaussian, entries N(0, 1/m) (real data; THEORY.md section 3). From x^0 = 0 (or x0), z^{-1} = 0:
 *
 *     z^t     = y - A x^t + (||x^t||_0 / m) z^{t-1}          (the Onsager term)
 *     x^{t+1} = eta(x^t + A^T z^t; theta_t),   theta_t = alpha sigma^_t,   sigma^_t = ||z^t||_2 / sqrt(m),
 *
 * eta(u; theta) = sign(u)(|u| - theta)_+, or (u - theta)_+ with `nonneg: true` (signals x0 >= 0;
 * predict/amp.ts's 'nonneg' formulas then apply).
 *
 * Threshold policy (theta_t = alpha sigma^_t; sigma^_t estimates the effective noise level
 * sigma_t of state evolution, the standard deviation of x^t + A^T z^t - x0):
 * - `alpha` given: used as is;
 * - `sparsity` (the expected number of nonzeros k) given: the minimax alpha for eps = k/n, the
 *   minimiser of eps (1 + alpha^2) + (1 - eps) r(0, alpha) (predict/amp.ts `minimaxThreshold`),
 *   which makes state evolution contract fastest in the worst case over eps-sparse signals;
 * - neither: the alpha of Donoho-Maleki-Montanari's closed form of the weak threshold at
 *   delta = m/n (predict/amp.ts `dmmWeakThreshold`), i.e. the minimax alpha at the largest
 *   sparsity AMP can recover at this delta (alpha = 0 when m >= n).
 *
 * State evolution predicts the per-iteration MSE: with sigma_0^2 = sigma_w^2 + E x0^2 / delta,
 * sigma_{t+1}^2 = sigma_w^2 + (sigma_t^2 / delta) E r(X / sigma_t, alpha) and
 * ||x^{t+1} - x0||^2 / n -> delta (sigma_{t+1}^2 - sigma_w^2) (Bayati & Montanari 2011; tested at
 * n = 2000 against predict/amp.ts `stateEvolution`).
 *
 * LASSO equivalence: a fixed point x of AMP with threshold theta solves
 * min 1/2 ||y - A x||^2 + lambda ||x||_1 with lambda = theta (1 - ||x||_0 / m) (Bayati &
 * Montanari 2012; exact KKT at the fixed point). The result's `lambda` is this value for the
 * last iterate, and history.objective is the LASSO objective with that iteration's lambda.
 *
 * Stopping: relative change ||x^{t+1} - x^t|| / ||x^{t+1}|| <= tol ('tolerance'), a residual
 * that is numerically zero ('exact-fit'), non-finite or exploding iterates ('diverged': AMP is
 * only guaranteed for i.i.d. Gaussian-like A), or maxIter. Per iteration: one A x and one A^T z.
 *
 * References: D. L. Donoho, A. Maleki & A. Montanari, "Message-passing algorithms for compressed
 * sensing", PNAS 106 (2009) 18914-18919; M. Bayati & A. Montanari, "The dynamics of message
 * passing on dense graphs", IEEE Trans. IT 57 (2011) 764-785; "The LASSO risk for Gaussian
 * matrices", IEEE Trans. IT 58 (2012) 1997-2017.
 *
 * @example
 * import { amp } from './amp.ts';
 * // A: m x n with N(0, 1/m) entries, y = A x0 with x0 20-sparse, n = 400, m = 200
 * // const r = amp(A, y, { sparsity: 20, tol: 1e-10 });
 * // r.converged === true; r.x ~ x0 to ~1e-9; r.lambda: the equivalent LASSO lambda; r.extra.alpha
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { dmmWeakThreshold, minimaxThreshold } from '../predict/amp.ts';
import { type GreedyKernel, type GreedyOps, greedyOps } from './greedy-ops.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone, StopReason } from './types.ts';

export interface AmpOptions extends CommonOptions {
  /** Threshold multiplier alpha >= 0 (theta_t = alpha sigma^_t). */
  alpha?: number;
  /** Expected number of nonzeros k in [1, cols]: alpha = minimax alpha at eps = k / cols. */
  sparsity?: number;
  /** Nonnegative signals: positive soft threshold (u - theta)_+ (default false). */
  nonneg?: boolean;
  /** Relative residual regarded as zero (stop 'exact-fit'); default 1e-13. */
  zeroTol?: number;
  /** Products for a dense A: 'auto' (WebAssembly SIMD when available) or 'js'. */
  kernel?: GreedyKernel;
}

/** Defaults of {@link AmpOptions}. */
export const AMP_DEFAULTS = Object.freeze({
  maxIter: 500,
  tol: 1e-9,
  zeroTol: 1e-13,
  nonneg: false,
});

/** The threshold multiplier of the policy above for an m x n problem. */
export function ampAlpha(
  m: number,
  n: number,
  opts: Pick<AmpOptions, 'alpha' | 'sparsity' | 'nonneg'> = {},
): number {
  const nonneg = opts.nonneg ?? AMP_DEFAULTS.nonneg;
  if (opts.alpha !== undefined) return opts.alpha;
  const signal = nonneg ? 'nonneg' : 'signed';
  if (opts.sparsity !== undefined) return minimaxThreshold(opts.sparsity / n, signal).alpha;
  if (m >= n) return 0;
  return dmmWeakThreshold(m / n, signal).alpha;
}

/** AMP step generator (disposes `ops` when it finishes). */
export function* ampSteps(
  p: Problem,
  ops: GreedyOps,
  alpha: number,
  opts: AmpOptions,
): Generator<Iterate, StepsDone, undefined> {
  try {
    return yield* ampLoop(p, ops, alpha, opts);
  } finally {
    ops.dispose();
  }
}

function* ampLoop(
  p: Problem,
  ops: GreedyOps,
  alpha: number,
  opts: AmpOptions,
): Generator<Iterate, StepsDone, undefined> {
  const { m, n, y } = p;
  const maxIter = opts.maxIter ?? AMP_DEFAULTS.maxIter;
  const tol = opts.tol ?? AMP_DEFAULTS.tol;
  const zeroTol = opts.zeroTol ?? AMP_DEFAULTS.zeroTol;
  const nonneg = opts.nonneg ?? AMP_DEFAULTS.nonneg;
  const x = opts.x0 ? opts.x0.slice() : new Float64Array(n);
  const xNew = new Float64Array(n);
  const g = new Float64Array(n);
  const Ax = new Float64Array(m);
  const z = new Float64Array(m);
  const zPrev = new Float64Array(m);
  let yy = 0;
  for (let i = 0; i < m; i++) yy += y[i] * y[i];
  const yNorm = Math.sqrt(yy);
  let nnz = 0;
  for (let j = 0; j < n; j++) if (x[j] !== 0) nnz++;
  if (nnz > 0) ops.apply(x, Ax);
  let theta = 0;
  let lambda = 0;
  const done = (converged: boolean, stopReason: StopReason): StepsDone => ({
    x,
    converged,
    stopReason,
    extra: { lambda, alpha, theta },
  });
  if (yNorm === 0 && nnz === 0) return done(true, 'exact-fit');
  for (let it = 1; it <= maxIter; it++) {
    // z^t = y - A x^t + (||x^t||_0 / m) z^{t-1}
    const b = nnz / m;
    let zz = 0;
    for (let i = 0; i < m; i++) {
      const v = y[i] - Ax[i] + b * zPrev[i];
      z[i] = v;
      zz += v * v;
    }
    const sigma = Math.sqrt(zz / m);
    theta = alpha * sigma;
    ops.correlate(z, g);
    let nnzNew = 0;
    let dx = 0;
    let nx = 0;
    let l1 = 0;
    for (let j = 0; j < n; j++) {
      const u = x[j] + g[j];
      let v: number;
      if (nonneg) v = u > theta ? u - theta : 0;
      else v = u > theta ? u - theta : u < -theta ? u + theta : 0;
      if (v !== 0) nnzNew++;
      const d = v - x[j];
      dx += d * d;
      nx += v * v;
      l1 += Math.abs(v);
      xNew[j] = v;
    }
    ops.apply(xNew, Ax);
    let rr = 0;
    for (let i = 0; i < m; i++) {
      const d = y[i] - Ax[i];
      rr += d * d;
    }
    if (!Number.isFinite(rr) || !Number.isFinite(sigma) || sigma > 1e12 * (yNorm / Math.sqrt(m) + 1e-300)) {
      return done(false, 'diverged');
    }
    x.set(xNew);
    zPrev.set(z);
    nnz = nnzNew;
    lambda = theta * (1 - nnz / m);
    const relChange = Math.sqrt(dx) / Math.max(Math.sqrt(nx), 1e-300);
    const rn = Math.sqrt(rr);
    yield {
      iteration: it,
      x,
      objective: 0.5 * rr + lambda * l1,
      residualNorm: rn,
      relChange,
      info: { theta, sigmaHat: sigma, nnz, lambda },
    };
    if (rn <= zeroTol * yNorm) return done(true, 'exact-fit');
    if (relChange <= tol) return done(true, 'tolerance');
  }
  return done(false, 'max-iterations');
}

/** AMP with soft thresholding; see the module comment for the threshold policy. */
export function amp(A: OperatorInput, y: Float64Array, opts: AmpOptions = {}): SolverResult {
  const where = 'amp';
  const p = makeProblem(where, A, y, { realOnly: true });
  if (typeof opts !== 'object' || opts === null)
    throw new CandorError(where, 'opts', 'an options object', describe(opts));
  checkCommon(where, p, opts);
  if (opts.alpha !== undefined) checkNumber(where, 'alpha', opts.alpha, 0);
  if (opts.sparsity !== undefined) checkInt(where, 'sparsity', opts.sparsity, 1, p.n);
  if (opts.zeroTol !== undefined) checkNumber(where, 'zeroTol', opts.zeroTol, 0);
  if (opts.nonneg !== undefined && typeof opts.nonneg !== 'boolean') {
    throw new CandorError(where, 'nonneg', 'a boolean', describe(opts.nonneg));
  }
  const alpha = ampAlpha(p.m, p.n, opts);
  const r = runSteps(where, p, ampSteps(p, greedyOps(p, opts.kernel ?? 'auto'), alpha, opts), opts);
  const lambda = r.extra?.lambda;
  if (typeof lambda === 'number') r.lambda = lambda;
  return r;
}
