/**
 * Power iteration for the spectral norm ||A||_2 from the normal operator N = A^H A, given only
 * as a callable (x, out) => void (no operator classes: solvers pass closures over their
 * operators, as BART's `iter` algorithms do).
 *
 *     x_0 = seeded Gaussian / ||.||,   y_t = N x_t,   lambda_t = Re <x_t, y_t>,   x_{t+1} = y_t / ||y_t||
 *
 * lambda_t is the Rayleigh quotient of N, increasing to sigma_max(A)^2 with error
 * O((sigma_2 / sigma_1)^{4t}); the result is norm = sqrt(lambda_t), converged when
 * |lambda_t - lambda_{t-1}| <= tol lambda_t. A random start has a nonzero component along the top
 * singular vector with probability one. Reference: Golub & Van Loan, Matrix Computations,
 * 4th ed., Sec. 8.2.1 (the power method).
 *
 * @example
 * import { powerIteration } from './power.ts';
 * // A = diag(3, 1): N = A^T A = diag(9, 1)
 * const N = (x: Float64Array, out: Float64Array) => { out[0] = 9 * x[0]; out[1] = x[1]; };
 * powerIteration(N, 2).norm;   // 3 (to ~1e-9)
 */
import { CandorError, checkInt, checkNumber, describe, firstNonFinite } from '../errors.ts';
import { Rng } from '../rng/rng.ts';
import { deriveState } from '../rng/seed.ts';

/** Options of {@link powerIteration}. */
export interface PowerIterationOptions {
  /** Complex interleaved vectors (length 2n) instead of real (default false). */
  complex?: boolean;
  /** Seed of the Gaussian start vector (default 0). */
  seed?: number;
  /** Relative change of the Rayleigh quotient at which to stop (default 1e-9). */
  tol?: number;
  /** Maximum number of applications of the normal operator (default 1000). */
  maxIter?: number;
}

/** Defaults of {@link PowerIterationOptions}. */
export const POWER_ITERATION_DEFAULTS = Object.freeze({ complex: false, seed: 0, tol: 1e-9, maxIter: 1000 });

/**
 * Result of {@link powerIteration}: the norm estimate, the number of applications of N, and
 * whether the relative change of the Rayleigh quotient reached `tol` within `maxIter`.
 */
export interface PowerIterationResult {
  /** Estimate of ||A||_2 = sqrt(lambda_max(A^H A)). */
  norm: number;
  iterations: number;
  converged: boolean;
}

/**
 * Spectral norm ||A||_2 by power iteration on the normal operator N = A^H A, given as a callable:
 * lambda_t = Re <x_t, N x_t> with x_{t+1} = N x_t / ||N x_t|| from a seeded Gaussian start;
 * returns norm = sqrt(lambda_t), stopping when |lambda_t - lambda_{t-1}| <= tol lambda_t.
 * @param normal - (x, out) => void writing N x into out (length n, or 2n complex interleaved)
 * @param n - number of unknowns (complex entries when `opts.complex`)
 */
export function powerIteration(
  normal: (x: Float64Array, out: Float64Array) => void,
  n: number,
  opts: PowerIterationOptions = {},
): PowerIterationResult {
  const where = 'powerIteration';
  if (typeof normal !== 'function') throw new CandorError(where, 'normal', 'a function (x, out) => void', describe(normal));
  checkInt(where, 'n', n, 1);
  const complex = opts.complex ?? POWER_ITERATION_DEFAULTS.complex;
  const tol = checkNumber(where, 'tol', opts.tol ?? POWER_ITERATION_DEFAULTS.tol, 0);
  const maxIter = checkInt(where, 'maxIter', opts.maxIter ?? POWER_ITERATION_DEFAULTS.maxIter, 1);
  const len = complex ? 2 * n : n;
  const x = new Rng(deriveState(opts.seed ?? POWER_ITERATION_DEFAULTS.seed, [], where)).fillNormal(new Float64Array(len));
  const y = new Float64Array(len);
  scaleTo(x, 1 / nrm(x));
  let lambda = 0;
  for (let it = 1; it <= maxIter; it++) {
    y.fill(0);
    normal(x, y);
    const bad = firstNonFinite(y);
    if (bad >= 0) {
      throw new CandorError(where, 'normal(x)', 'finite values', `${describe(y[bad])} at index ${bad} (iteration ${it})`, 'numerical');
    }
    let rq = 0;
    for (let i = 0; i < len; i++) rq += x[i] * y[i]; // Re <x, y> for interleaved complex too
    const ny = nrm(y);
    if (ny === 0) return { norm: 0, iterations: it, converged: true };
    if (rq < -1.4901161193847656e-8 * ny) {
      throw new CandorError(where, 'normal', 'a positive semidefinite operator (A^H A)', `<x, N x> = ${rq} < 0`, 'numerical');
    }
    const prev = lambda;
    lambda = Math.max(rq, 0);
    for (let i = 0; i < len; i++) x[i] = y[i] / ny;
    if (it > 1 && Math.abs(lambda - prev) <= tol * lambda) return { norm: Math.sqrt(lambda), iterations: it, converged: true };
  }
  return { norm: Math.sqrt(lambda), iterations: maxIter, converged: false };
}

function nrm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

function scaleTo(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}
