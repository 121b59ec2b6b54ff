/**
 * AMP's threshold policy (Donoho, Maleki & Montanari 2009; THEORY.md section 3), computed in the
 * solver layer from the core Gaussian integrals I_p (src/core/special/normal.ts) so that solvers
 * do not depend on the theory layer above them. theory/amp.ts computes the same numbers by its
 * own routes (the statistical-dimension stationarity root and DMM's formula); a test checks that
 * the two agree to 1e-12.
 *
 * - minimax alpha for an eps-sparse signal (eps = k/n): the root of
 *   eps alpha = c (1 - eps) (phi(alpha) - alpha Q(alpha)),  c = 2 (signed) or 1 (nonnegative);
 * - the transition alpha at undersampling delta = m/n: the maximiser z of
 *   [1 - (c/delta) I_2(z)] / [1 + z^2 - c I_2(z)] (the minimax alpha at the largest sparsity AMP
 *   can recover), found as the root of its derivative.
 *
 * @example
 * import { ampMinimaxAlpha, ampTransitionAlpha } from './amp-threshold.ts';
 * ampMinimaxAlpha(0.1);      // 1.1401711458357...
 * ampTransitionAlpha(0.5);   // 0.8769... (THEORY.md section 8: 0.8769)
 */
import { CandorError, describe } from '../core/errors.ts';
import { gaussI } from '../core/special/normal.ts';
import { brentRoot } from '../core/special/roots.ts';

function weight(nonneg: boolean): number {
  return nonneg ? 1 : 2;
}

function checkFraction(where: string, name: string, v: number): void {
  if (typeof v !== 'number' || !(v > 0) || !(v <= 1)) throw new CandorError(where, name, 'a number in (0, 1]', describe(v));
}

/** Minimax soft-threshold multiplier for sparsity fraction eps = k/n. */
export function ampMinimaxAlpha(eps: number, nonneg = false): number {
  checkFraction('ampMinimaxAlpha', 'eps', eps);
  if (eps === 1) return 0;
  const c = weight(nonneg);
  const f = (t: number) => eps * t - c * (1 - eps) * gaussI(1, t);
  let hi = 2 + Math.sqrt(2 * Math.log(1 / eps));
  while (f(hi) < 0) hi *= 2;
  return brentRoot(f, 0, hi, { where: 'ampMinimaxAlpha' });
}

/** The threshold multiplier at the phase transition for undersampling delta = m/n. */
export function ampTransitionAlpha(delta: number, nonneg = false): number {
  checkFraction('ampTransitionAlpha', 'delta', delta);
  if (delta === 1) return 0;
  const c = weight(nonneg);
  // derivative of the ratio up to a positive factor (I_2' = -2 I_1)
  const slope = (z: number) => {
    const i1 = c * gaussI(1, z);
    const i2 = c * gaussI(2, z);
    return ((2 * i1) / delta) * (1 + z * z - i2) - (1 - i2 / delta) * (2 * z + 2 * i1);
  };
  // the ratio is negative while c I_2(z) > delta: start where it turns positive
  let lo = 0;
  if (c * gaussI(2, 0) > delta) lo = brentRoot((z) => c * gaussI(2, z) - delta, 0, 40, { where: 'ampTransitionAlpha' });
  let hi = lo + 1;
  while (slope(hi) > 0) hi *= 2;
  return brentRoot(slope, lo, hi, { where: 'ampTransitionAlpha' });
}
