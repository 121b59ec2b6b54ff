/**
 * Proximal operators. A prox object represents a convex function R and knows
 *
 *     value(x)             R(x)  (Infinity outside the domain of an indicator)
 *     prox(x, tau, out)    argmin_z 1/2 ||z - x||^2 + tau R(z)      (tau > 0, checked)
 *     proxConj(x, s, out)  the same for the convex conjugate R*, used by primal-dual solvers
 *
 * Moreau's identity ties them: prox_{tau R}(x) + tau prox_{(1/tau) R^*}(x / tau) = x. Complex data is
 * interleaved re/im; `withField(true)` returns the variant acting on complex vectors (soft
 * thresholding on magnitudes), so a solver can adapt a user's prox to its data.
 *
 * Model: pyproximal `ProxOperator` (value + prox, dual prox via Moreau).
 */
import { CandorError, describe } from '../core/errors.ts';

/**
 * A convex function R for proximal solvers: `value` R(x), `prox` argmin_z 1/2 ||z - x||^2 + tau R(z)
 * and `proxConj` the same for the conjugate R*, on real or complex interleaved vectors (see the
 * module comment; {@link moreauConj} derives `proxConj` from `prox`).
 */
export interface Prox {
  readonly name: string;
  /** True when this instance acts on complex interleaved vectors. */
  readonly complex: boolean;
  /** R(x) (Infinity outside the domain of an indicator). */
  value(x: Float64Array): number;
  /**
   * Optional: R at the output of the last `prox` call, when the prox computes it anyway (a
   * transform-domain threshold knows the l1 norm of its output). Saves a solver the evaluation.
   */
  proxValue?(): number;
  /** out = prox_{tau R}(x) = argmin_z 1/2 ||z - x||^2 + tau R(z), tau > 0 (checked); returns out. */
  prox(x: Float64Array, tau: number, out: Float64Array): Float64Array;
  /** out = prox_{sigma R*}(x) for the convex conjugate R*, sigma > 0; returns out. */
  proxConj(x: Float64Array, sigma: number, out: Float64Array): Float64Array;
  /** The same function on real (false) or complex interleaved (true) vectors. */
  withField(complex: boolean): Prox;
}

export function checkTau(where: string, tau: number): void {
  if (typeof tau !== 'number' || !(tau > 0) || !Number.isFinite(tau)) {
    throw new CandorError(where, 'tau', 'a finite number > 0', describe(tau));
  }
}

export function checkSameLength(where: string, x: Float64Array, out: Float64Array, n?: number): void {
  if (!(x instanceof Float64Array)) throw new CandorError(where, 'x', 'a Float64Array', describe(x));
  if (out.length !== x.length) throw new CandorError(where, 'out length', `${x.length} (the input length)`, String(out.length));
  if (n !== undefined && x.length !== n) throw new CandorError(where, 'x length', String(n), String(x.length));
}

/** proxConj from prox by Moreau's identity: prox_{s R^*}(x) = x - s prox_{R/s}(x / s). */
export function moreauConj(p: Pick<Prox, 'prox'>, x: Float64Array, sigma: number, out: Float64Array, scratch: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) scratch[i] = x[i] / sigma;
  p.prox(scratch, 1 / sigma, out);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - sigma * out[i];
  return out;
}
