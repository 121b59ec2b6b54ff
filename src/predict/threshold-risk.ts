/**
 * The soft threshold on a sparse prior, real or complex, with what message passing needs from it:
 * its risk M, its divergence d and the variance g of the Onsager-corrected (extrinsic) estimate,
 * all per unit noise variance, for threshold alpha (in noise standard deviations) and sparsity
 * epsilon (the share of nonzeros, taken at large amplitude: the least favourable case, which sets
 * the l1 phase transition).
 *
 * Real, z ~ N(0, 1), eta(u) = sign(u) (|u| - alpha)_+ (THEORY.md section 3):
 *     zeros:    M0 = 2 I_2(alpha),                           d0 = 2 Q(alpha)
 * Complex, z circular with E|z|^2 = 1, eta(u) = u (1 - alpha/|u|)_+ (|z|^2 ~ Exp(1)):
 *     zeros:    M0 = e^{-alpha^2} - alpha sqrt(pi) erfc(alpha),  d0 = e^{-alpha^2} - (alpha sqrt(pi)/2) erfc(alpha)
 *     (d: half the trace of the real 2 x 2 Jacobian, 1 - alpha/(2|u|) where |u| > alpha)
 * Large nonzeros, both: M1 = 1 + alpha^2, d1 = 1. Then
 *
 *     M = eps M1 + (1 - eps) M0,   d = eps + (1 - eps) d0,   g = (M - d^2) / (1 - d)^2.
 *
 * g is the error variance of the extrinsic estimate (eta(r) - d r)/(1 - d) (Stein: E<e, z> = d),
 * the quantity that vector AMP passes to its linear stage (Rangan, Schniter & Fletcher, IEEE
 * Trans. IT 65 (2019) 6664). For a row subset of a unitary matrix with sampling fraction p, the
 * linear stage returns noise (1 - p)/p times it, so recovery is stable at 0 iff
 * min_alpha g (1 - p)/p < 1; that is exactly psi(eps) < p, the Donoho-Tanner / ALMT weak threshold
 * (real) and the statistical dimension of the complex (block-2) l1 descent cone (complex), both
 * checked to 1e-9 in test/predict/levels.test.ts.
 *
 * @example
 * import { sparseThresholdStats, bestThreshold } from './threshold-risk.ts';
 * sparseThresholdStats(0.1, 1.140171950690608, 'real').risk;  // 0.328794... = psi(0.1) at tau*
 * bestThreshold(0.1, 'real').g;                                // 0.48986... = psi / (1 - psi)
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { brentMinimize } from '../core/special/roots.ts';
import { erfc, gaussI, normSf } from '../core/special/normal.ts';

/** The field of the soft threshold: 'real' or 'complex' (circular complex noise). */
export type Field = 'real' | 'complex';

/**
 * Risk M, divergence d and extrinsic variance g of the soft threshold on a sparse prior, per unit
 * noise variance ({@link sparseThresholdStats}).
 */
export interface ThresholdStats {
  /** M: mean squared error per coefficient. */
  risk: number;
  /** d: mean divergence. */
  divergence: number;
  /** g = (M - d^2) / (1 - d)^2 (Infinity when d = 1). */
  g: number;
}

const SQRT_PI = Math.sqrt(Math.PI);

function checkField(where: string, field: unknown): Field {
  if (field !== 'real' && field !== 'complex') throw new CandorError(where, 'field', "'real' or 'complex'", describe(field));
  return field;
}

/** Risk and divergence of the soft threshold on zeros (per unit noise variance). */
export function zeroThresholdStats(alpha: number, field: Field): { risk: number; divergence: number } {
  if (field === 'real') return { risk: 2 * gaussI(2, alpha), divergence: 2 * normSf(alpha) };
  const e = Math.exp(-alpha * alpha);
  const c = alpha * SQRT_PI * erfc(alpha);
  return { risk: Math.max(0, e - c), divergence: Math.max(0, e - c / 2) };
}

/** M, d and g of the soft threshold alpha on an eps-sparse prior with large nonzeros. */
export function sparseThresholdStats(eps: number, alpha: number, field: Field): ThresholdStats {
  const where = 'sparseThresholdStats';
  checkNumber(where, 'sparsity eps', eps, 0, 1);
  checkNumber(where, 'threshold alpha', alpha, 0);
  checkField(where, field);
  const z = zeroThresholdStats(alpha, field);
  const risk = eps * (1 + alpha * alpha) + (1 - eps) * z.risk;
  const divergence = eps + (1 - eps) * z.divergence;
  const g = divergence >= 1 ? Infinity : Math.max(0, risk - divergence * divergence) / (1 - divergence) ** 2;
  return { risk, divergence, g };
}

/** The threshold minimising g (the stablest message passing) for sparsity eps; g = Infinity at eps = 1. */
export function bestThreshold(eps: number, field: Field): { alpha: number; g: number } {
  const where = 'bestThreshold';
  checkNumber(where, 'sparsity eps', eps, 0, 1);
  checkField(where, field);
  if (eps >= 1) return { alpha: 0, g: Infinity };
  const f = (a: number) => sparseThresholdStats(eps, a, field).g;
  const hi = 12;
  if (eps === 0) return { alpha: hi, g: f(hi) };
  const r = brentMinimize(f, 1e-6, hi, { where, xtol: 1e-12 });
  return { alpha: r.x, g: r.fx };
}

/**
 * The sparsity eps at which soft-threshold message passing stops recovering from a sampling
 * fraction delta of a unitary system: min_alpha g(eps, alpha) = delta / (1 - delta) (bisection in
 * eps; g increases with eps). Real: the Donoho-Tanner weak threshold's eps = rho_W(delta) delta;
 * complex: its block-2 analogue.
 */
export function transitionSparsity(delta: number, field: Field): number {
  const where = 'transitionSparsity';
  checkNumber(where, 'sampling fraction delta', delta, 0, 1);
  checkField(where, field);
  if (delta <= 0) return 0;
  if (delta >= 1) return 1;
  const goal = delta / (1 - delta);
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    if (bestThreshold(mid, field).g < goal) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const gridCache: Record<Field, Map<number, number>> = { real: new Map(), complex: new Map() };

/**
 * {@link transitionSparsity} at delta rounded to a grid of 1/4000 (delta clamped to [0, 1]), cached
 * per field: what the levels budget models evaluate once per level and sampling pattern.
 */
export function transitionSparsityOnGrid(delta: number, field: Field): number {
  checkField('transitionSparsityOnGrid', field);
  const k = Math.round(Math.min(1, Math.max(0, delta)) * 4000);
  const cache = gridCache[field];
  let v = cache.get(k);
  if (v === undefined) {
    v = transitionSparsity(k / 4000, field);
    cache.set(k, v);
  }
  return v;
}
