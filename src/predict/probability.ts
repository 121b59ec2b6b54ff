/**
 * Finite-n success probability of basis pursuit with m Gaussian measurements of a k-sparse x0 in
 * R^n (THEORY.md section 1).
 *
 * - Approximation (toolkit default; heuristic, validated in THEORY.md section 8): by Crofton's
 *   formula the failure probability is a tail of the intrinsic-volume law, whose mean is
 *   delta(D) and whose variance is sigma^2; its normal approximation with continuity correction
 *
 *       P(success | m) ~ Phi((m + 1/2 - delta)/sigma),
 *
 *   with delta = n psi(k/n) and the first-order sigma (or Monte Carlo values passed in).
 * - Rigorous (ALMT 2014 Theorem II, iid Gaussian A): P(success) >= 1 - 4 exp(-lambda^2/(8n)) at
 *   m = delta + lambda and P(success) <= 4 exp(-lambda^2/(8n)) at m = delta - lambda
 *   (a_eta = sqrt(8 log(4/eta)): m >= delta + a_eta sqrt n gives P >= 1 - eta). The unknown exact
 *   delta is replaced by its certified bounds n psi - 2 sqrt(n/k) <= delta <= n psi, so the result
 *   is an honest interval. Loose: at n = 200 it brackets the transition within +-77 measurements.
 *
 * @example
 * import { successProbability, kinematicBound } from './probability.ts';
 * successProbability({ n: 200, k: 20, m: 72 }).probability; // 0.8472597440775351
 * kinematicBound({ n: 200, k: 20, m: 150 }).lower;           // 0.9525974102207758 (rigorous, Gaussian)
 */
import { checkNumber } from '../core/errors.ts';
import { normCdf } from '../core/special/normal.ts';
import { statdim } from './statdim.ts';
import { checkMeasurements, checkProbability, checkSignal, checkSizes, type Signal } from './validate.ts';

/**
 * ALMT's tail constant a_eta = sqrt(8 log(4/eta)).
 * @example almtTailConstant(0.1); // 5.432406062962478
 */
export function almtTailConstant(eta: number): number {
  checkProbability('almtTailConstant', 'eta', eta);
  return Math.sqrt(8 * Math.log(4 / eta));
}

/**
 * Options of {@link successProbability}: (n, k, m), the signal model, and optionally the
 * statistical dimension and transition width to use.
 */
export interface SuccessProbabilityOptions {
  n: number;
  k: number;
  m: number;
  signal?: Signal;
  /** Statistical dimension to use (default n psi(k/n)); e.g. a Monte Carlo value. */
  delta?: number;
  /** Transition width to use (default the first-order closed form). */
  sigma?: number;
}

/**
 * An approximate success probability of l1 recovery with m Gaussian measurements, from the
 * transition's statistical dimension delta and width sigma ({@link successProbability}).
 */
export interface SuccessProbability {
  probability: number;
  provenance: 'approximation';
  delta: number;
  sigma: number;
  method: string;
  warnings: string[];
}

/**
 * Normal approximation Phi((m + 1/2 - delta)/sigma) of the BP success probability (Gaussian A).
 * @example successProbability({ n: 200, k: 5, m: 24 }).probability; // 0.48951110391225355
 */
export function successProbability(opts: SuccessProbabilityOptions): SuccessProbability {
  const where = 'successProbability';
  const { n, k, m } = opts;
  checkSizes(where, n, k);
  checkMeasurements(where, n, m);
  const signal = checkSignal(where, opts.signal);
  const sd = statdim({ n, k, signal });
  const delta = opts.delta === undefined ? sd.value : checkNumber(where, 'delta', opts.delta, 0, n);
  const sigma = opts.sigma === undefined ? sd.sigma : checkNumber(where, 'sigma', opts.sigma, 0);
  const z = m + 0.5 - delta;
  const probability = sigma > 0 ? normCdf(z / sigma) : z >= 0 ? 1 : 0;
  return {
    probability,
    provenance: 'approximation',
    delta,
    sigma,
    method:
      'normal approximation Phi((m + 1/2 - delta)/sigma) of the intrinsic-volume law (Crofton formula; McCoy & Tropp 2014); heuristic, validated against experiments at n = 200 (THEORY.md section 8)',
    warnings: sd.warnings,
  };
}

/**
 * Certified lower and upper bounds on the success probability from the ALMT approximate
 * kinematic formula, Gaussian measurements only ({@link kinematicBound}).
 */
export interface KinematicBound {
  /** Certified lower bound on P(success). */
  lower: number;
  /** Certified upper bound on P(success). */
  upper: number;
  provenance: 'rigorous';
  ensemble: 'gaussian';
  /** Certified bounds on the exact statistical dimension used: [n psi - 2 sqrt(n/k), n psi]. */
  deltaLower: number;
  deltaUpper: number;
  method: string;
}

/**
 * Rigorous bounds on the BP success probability for an iid Gaussian A (ALMT Theorem II).
 * @example kinematicBound({ n: 1000, k: 10, m: 400 }); // { lower: 0.9999976430980071, upper: 1, ... }
 */
export function kinematicBound(opts: { n: number; k: number; m: number; signal?: Signal }): KinematicBound {
  const where = 'kinematicBound';
  const { n, k, m } = opts;
  checkSizes(where, n, k);
  checkMeasurements(where, n, m);
  const signal = checkSignal(where, opts.signal);
  const sd = statdim({ n, k, signal });
  let lower = 0;
  let upper = 1;
  if (m >= n) lower = 1; // square Gaussian A is invertible almost surely
  else {
    const lamUp = m - sd.upper;
    if (lamUp > 0) lower = Math.max(0, 1 - 4 * Math.exp((-lamUp * lamUp) / (8 * n)));
    const lamDown = sd.lower - m;
    if (lamDown > 0) upper = Math.min(1, 4 * Math.exp((-lamDown * lamDown) / (8 * n)));
  }
  return {
    lower,
    upper,
    provenance: 'rigorous',
    ensemble: 'gaussian',
    deltaLower: sd.lower,
    deltaUpper: sd.upper,
    method:
      'ALMT 2014 Theorem II: P >= 1 - 4 exp(-(m - delta)^2/(8n)) above delta, P <= 4 exp(-(delta - m)^2/(8n)) below, with n psi - 2 sqrt(n/k) <= delta <= n psi; iid Gaussian A only',
  };
}
