/**
 * Criteria for choosing a regularisation weight lambda on a path, as pure functions of the path's
 * numbers (residual norms, penalties, degrees of freedom). Conventions: the data have N real
 * degrees of freedom (N = m for real data, 2m for m complex samples) and the noise is white with
 * variance tau^2 per real component (tau = sigma for real data; tau = sigma / sqrt 2 for circular
 * complex noise with E|e_i|^2 = sigma^2). With r = y - A x_lambda and df = div_y (A x_lambda(y)):
 *
 * - SURE (Stein 1981): an unbiased estimate of the prediction risk E ||A x_lambda - A x_true||^2,
 *       SURE(lambda) = ||r||^2 - N tau^2 + 2 tau^2 df.
 *   For the LASSO df = |support| (Zou, Hastie & Tibshirani, Ann. Statist. 35 (2007) 2173); for any
 *   other reconstruction df is estimated by one Monte-Carlo probe (Ramani, Blu & Unser, IEEE TIP
 *   17 (2008) 1540; ./lambda-choice.ts).
 * - GCV (Craven & Wahba 1979; the nonlinear form of Ramani et al., IEEE TIP 21 (2012) 3659):
 *       GCV(lambda) = (||r||^2 / N) / (1 - df / N)^2   (no noise level needed).
 * - Discrepancy principle (Morozov 1966; the BPDN form): ||r|| = tau sqrt N (= sigma sqrt m);
 *   the crossing is interpolated linearly in (log lambda, log ||r||) between grid points.
 * - L-curve corner (Hansen & O'Leary, SIAM J. Sci. Comput. 14 (1993) 1487): the point of maximum
 *   curvature of (log ||r||, log R(x)) parameterised by log lambda.
 * - AIC / BIC in scikit-learn's form (`LassoLarsIC`): N log(2 pi tau^2) + ||r||^2 / tau^2 + K df,
 *   K = 2 (AIC) or log N (BIC).
 *
 * `minimumOnGrid` also says how far the minimum is from the grid's ends (an argmin at an end is
 * not a minimum of the criterion, only of the grid: extend the grid) and refines an interior
 * minimum by the vertex of the parabola through it and its two neighbours, in log lambda.
 *
 * @example
 * import { sureValues, minimumOnGrid } from './lambda-criteria.ts';
 * const c = sureValues([3, 2, 1.5, 1.4], [0, 2, 5, 9], 100, 0.1);   // ||r||, df, N, tau
 * minimumOnGrid(Float64Array.of(1, 0.5, 0.25, 0.125), c).index;     // 2
 */
import { CandorError } from '../core/errors.ts';

type Values = ArrayLike<number>;

/** SURE = ||r||^2 - N tau^2 + 2 tau^2 df at every path point. */
export function sureValues(residualNorm: Values, df: Values, N: number, tau: number): Float64Array {
  const out = new Float64Array(residualNorm.length);
  const t2 = tau * tau;
  for (let i = 0; i < out.length; i++) out[i] = residualNorm[i] ** 2 - N * t2 + 2 * t2 * df[i];
  return out;
}

/** GCV = (||r||^2 / N) / (1 - df/N)^2 (Infinity when df >= N). */
export function gcvValues(residualNorm: Values, df: Values, N: number): Float64Array {
  const out = new Float64Array(residualNorm.length);
  for (let i = 0; i < out.length; i++) {
    const d = 1 - df[i] / N;
    out[i] = d > 0 ? residualNorm[i] ** 2 / N / (d * d) : Infinity;
  }
  return out;
}

/** scikit-learn's information criterion: N log(2 pi tau^2) + ||r||^2 / tau^2 + K df. */
export function informationValues(residualNorm: Values, df: Values, N: number, tau2: number, K: number): Float64Array {
  const out = new Float64Array(residualNorm.length);
  for (let i = 0; i < out.length; i++) out[i] = N * Math.log(2 * Math.PI * tau2) + residualNorm[i] ** 2 / tau2 + K * df[i];
  return out;
}

/** Where a choice lies on its grid: steps to each end, and whether it is at an end. */
export interface GridPosition {
  /** Grid index of the chosen point (the nearest grid point for an interpolated lambda). */
  index: number;
  /** Grid steps from the largest lambda (index 0) and from the smallest (index count - 1). */
  fromLargest: number;
  fromSmallest: number;
  /** 'largest' or 'smallest' when the choice is at that end of the grid (the true optimum may lie beyond). */
  atEdge: 'largest' | 'smallest' | null;
}

export interface GridChoice extends GridPosition {
  /** The chosen lambda (refined between grid points when asked and possible). */
  lambda: number;
  /** The criterion at the grid point. */
  value: number;
  refined: boolean;
}

function position(count: number, index: number): GridPosition {
  return {
    index,
    fromLargest: index,
    fromSmallest: count - 1 - index,
    atEdge: index === 0 ? 'largest' : index === count - 1 ? 'smallest' : null,
  };
}

/** Grid position of `index` on a grid of `count` points. */
export function gridPosition(count: number, index: number): GridPosition {
  return position(count, index);
}

function checkGrid(where: string, lambdas: Values, values: Values): void {
  if (lambdas.length !== values.length || lambdas.length === 0) {
    throw new CandorError(where, 'criterion', `${lambdas.length} values (one per lambda)`, String(values.length));
  }
}

/**
 * The grid point minimising `values` (non-finite values never win; ties go to the larger lambda),
 * refined to the vertex of the parabola in log lambda through it and its neighbours when
 * `refine` and the three points are convex (the vertex then lies between the neighbours).
 */
export function minimumOnGrid(lambdas: Values, values: Values, refine = true): GridChoice {
  checkGrid('minimumOnGrid', lambdas, values);
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]) && (best < 0 || values[i] < values[best])) best = i;
  }
  if (best < 0) throw new CandorError('minimumOnGrid', 'criterion', 'at least one finite value', 'none');
  const pos = position(values.length, best);
  let lambda = lambdas[best];
  let refined = false;
  if (refine && pos.atEdge === null) {
    const [t0, t1, t2] = [Math.log(lambdas[best - 1]), Math.log(lambdas[best]), Math.log(lambdas[best + 1])];
    const [f0, f1, f2] = [values[best - 1], values[best], values[best + 1]];
    if ([f0, f2].every(Number.isFinite)) {
      // vertex of the parabola through three points (Brent's parabolic step)
      const p = (t1 - t0) ** 2 * (f1 - f2) - (t1 - t2) ** 2 * (f1 - f0);
      const q = (t1 - t0) * (f1 - f2) - (t1 - t2) * (f1 - f0);
      if (q !== 0) {
        const t = t1 - (0.5 * p) / q;
        const lo = Math.min(t0, t2);
        const hi = Math.max(t0, t2);
        if (t > lo && t < hi) {
          lambda = Math.exp(t);
          refined = true;
        }
      }
    }
  }
  return { ...pos, lambda, value: values[best], refined };
}

/**
 * The discrepancy principle on a decreasing grid: the lambda where ||r|| crosses `target`,
 * interpolated linearly in (log lambda, log ||r||) between the last grid point above the target
 * and the first at or below it. At an end of the grid when the residual never crosses.
 */
export function discrepancyOnGrid(lambdas: Values, residualNorm: Values, target: number): GridChoice {
  checkGrid('discrepancyOnGrid', lambdas, residualNorm);
  const G = lambdas.length;
  let i = 0;
  while (i < G && !(residualNorm[i] <= target)) i++;
  if (i === 0) return { ...position(G, 0), lambda: lambdas[0], value: residualNorm[0] / target, refined: false };
  if (i === G) return { ...position(G, G - 1), lambda: lambdas[G - 1], value: residualNorm[G - 1] / target, refined: false };
  const [ra, rb] = [Math.log(residualNorm[i - 1]), Math.log(Math.max(residualNorm[i], Number.MIN_VALUE))];
  const [ta, tb] = [Math.log(lambdas[i - 1]), Math.log(lambdas[i])];
  const w = ra === rb ? 1 : (ra - Math.log(target)) / (ra - rb);
  const t = ta + w * (tb - ta);
  const near = w < 0.5 ? i - 1 : i;
  // an interpolated crossing strictly inside the grid is not at an edge even when its nearest point is
  const pos = position(G, near);
  return { ...pos, atEdge: null, lambda: Math.exp(t), value: residualNorm[near] / target, refined: true };
}

/**
 * Curvature of the L-curve (rho, eta) = (log ||r||, log R) at every interior point of a grid
 * (three-point differences in t = log lambda, any spacing; positive at the corner of an L).
 * Ends and points whose
 * neighbours have a zero penalty or residual are NaN.
 */
export function lcurveCurvature(lambdas: Values, residualNorm: Values, penalty: Values): Float64Array {
  checkGrid('lcurveCurvature', lambdas, residualNorm);
  const G = lambdas.length;
  const out = new Float64Array(G).fill(Number.NaN);
  const rho = Array.from({ length: G }, (_, i) => Math.log(residualNorm[i]));
  const eta = Array.from({ length: G }, (_, i) => Math.log(penalty[i]));
  const t = Array.from({ length: G }, (_, i) => Math.log(lambdas[i]));
  for (let i = 1; i < G - 1; i++) {
    const ok = [i - 1, i, i + 1].every((j) => Number.isFinite(rho[j]) && Number.isFinite(eta[j]));
    if (!ok) continue;
    // non-uniform three-point derivatives in t
    const h0 = t[i] - t[i - 1];
    const h1 = t[i + 1] - t[i];
    const d1 = (f: number[]) => (-h1 / (h0 * (h0 + h1))) * f[i - 1] + ((h1 - h0) / (h0 * h1)) * f[i] + (h0 / (h1 * (h0 + h1))) * f[i + 1];
    const d2 = (f: number[]) => (2 * (h1 * f[i - 1] - (h0 + h1) * f[i] + h0 * f[i + 1])) / (h0 * h1 * (h0 + h1));
    const r1 = d1(rho);
    const e1 = d1(eta);
    const r2 = d2(rho);
    const e2 = d2(eta);
    const den = (r1 * r1 + e1 * e1) ** 1.5;
    // signed curvature in the direction of increasing lambda: up the vertical branch (small
    // lambda), then along the horizontal one, the corner is a left turn (positive)
    out[i] = den > 0 ? (r1 * e2 - r2 * e1) / den : Number.NaN;
  }
  return out;
}

/** The L-curve corner: the interior point of maximum curvature (at an edge when it is next to an end). */
export function lcurveOnGrid(lambdas: Values, residualNorm: Values, penalty: Values): GridChoice & { curvature: Float64Array } {
  const kappa = lcurveCurvature(lambdas, residualNorm, penalty);
  const G = lambdas.length;
  let best = -1;
  for (let i = 0; i < G; i++) if (Number.isFinite(kappa[i]) && (best < 0 || kappa[i] > kappa[best])) best = i;
  if (best < 0) {
    throw new CandorError('lcurveOnGrid', 'L-curve', 'at least three consecutive points with a non-zero residual and penalty', 'none');
  }
  const pos = position(G, best);
  // the curvature is only defined inside: a maximum on the first or last interior point, or no
  // positive curvature at all, means the corner is not inside the grid
  let finiteLo = 0;
  while (!Number.isFinite(kappa[finiteLo])) finiteLo++;
  let finiteHi = G - 1;
  while (!Number.isFinite(kappa[finiteHi])) finiteHi--;
  const atEdge = best === finiteLo ? 'largest' : best === finiteHi ? 'smallest' : kappa[best] <= 0 ? 'largest' : null;
  return { ...pos, atEdge, lambda: lambdas[best], value: kappa[best], refined: false, curvature: kappa };
}
