/**
 * AIC and BIC over the exact LASSO path, as scikit-learn's `LassoLarsIC` computes them (Zou,
 * Hastie & Tibshirani, "On the degrees of freedom of the lasso", Ann. Statist. 35 (2007) 2173:
 * df = the number of non-zero coefficients is an unbiased estimate of the degrees of freedom, so
 * Mallows' Cp / AIC / BIC apply along the path):
 *
 *     criterion_k = m log(2 pi sigma^2) + ||y - A x_k||^2 / sigma^2 + K df_k,
 *     K = 2 (AIC) or log m (BIC),   df_k = #{ j : |x_kj| > eps (2.2e-16) },
 *
 * at every knot x_k of the LARS-LASSO path (the l1 homotopy of ./homotopy.ts, from lambda_max,
 * where x = 0, down to lambda = 0), minimised over the knots (the first minimum). With
 * `intercept` (scikit-learn's fit_intercept=True, the default) the columns of A and y are centred
 * first and the intercept is mean(y) - mean(A) x. The noise variance, unless given, is
 * scikit-learn's least-squares estimate on the centred data, ||y - A x_ls||^2 / (m - n - 1) (m -
 * n without the intercept), which needs m > n + 1.
 *
 * Conventions: Candor's lambda (1/2||Ax - y||^2 + lambda ||x||_1) is scikit-learn's alpha times m;
 * `alphas` and `alpha` are given in scikit-learn's units for comparison. Checked against
 * `LassoLarsIC` on its diabetes example (test/fixtures/lambda_ic.json, scripts/fixtures/lambda_ic.py).
 *
 * @example
 * import { lassoInformationCriterion } from './lambda-ic.ts';
 * // const r = lassoInformationCriterion({ rows: 442, cols: 24, data: X }, y, { criterion: 'bic' });
 * // r.alpha (scikit-learn's alpha_), r.x (coef_), r.intercept, r.support
 */
import { lstsq } from '../core/dense/qr.ts';
import { CandorError, describe } from '../core/errors.ts';
import type { DenseLike } from './problem.ts';
import { makeProblem } from './problem.ts';
import { lassoHomotopy } from './homotopy.ts';
import { informationValues } from './lambda-criteria.ts';

export interface InformationCriterionOptions {
  criterion: 'aic' | 'bic';
  /** Centre A and y and fit an intercept (default true, as scikit-learn). */
  intercept?: boolean;
  /** The noise variance sigma^2 (default: the least-squares estimate). */
  noiseVariance?: number;
}

export interface InformationCriterionResult {
  criterion: 'aic' | 'bic';
  /** The path's knots: Candor's lambdas (decreasing, from lambda_max to 0) and scikit-learn's alphas = lambda / m. */
  lambdas: Float64Array;
  alphas: Float64Array;
  values: Float64Array;
  df: Int32Array;
  residualNorms: Float64Array;
  index: number;
  lambda: number;
  alpha: number;
  x: Float64Array;
  intercept: number;
  support: number[];
  noiseVariance: number;
  noiseSource: string;
}

const EPS = 2.220446049250313e-16;

/** AIC / BIC on the LASSO path of a dense real matrix (see the file comment). */
export function lassoInformationCriterion(A: DenseLike, y: Float64Array, opts: InformationCriterionOptions): InformationCriterionResult {
  const where = 'lassoInformationCriterion';
  const criterion = opts?.criterion;
  if (criterion !== 'aic' && criterion !== 'bic') throw new CandorError(where, 'criterion', "'aic' or 'bic'", describe(criterion));
  makeProblem(where, A, y); // shapes and finiteness
  const { rows: m, cols: n } = A;
  const intercept = opts.intercept ?? true;
  const Ac = Float64Array.from(A.data);
  const yc = Float64Array.from(y);
  const xmean = new Float64Array(n);
  let ymean = 0;
  if (intercept) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xmean[j] += Ac[i * n + j] / m;
    for (let i = 0; i < m; i++) ymean += yc[i] / m;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) Ac[i * n + j] -= xmean[j];
      yc[i] -= ymean;
    }
  }
  const M = { rows: m, cols: n, data: Ac };
  const residual = (x: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      let f = 0;
      for (let j = 0; j < n; j++) f += Ac[i * n + j] * x[j];
      s += (yc[i] - f) ** 2;
    }
    return Math.sqrt(s);
  };
  let noiseVariance: number;
  let noiseSource: string;
  if (opts.noiseVariance !== undefined) {
    if (!(opts.noiseVariance > 0) || !Number.isFinite(opts.noiseVariance)) throw new CandorError(where, 'noiseVariance', 'a finite number > 0', describe(opts.noiseVariance));
    noiseVariance = opts.noiseVariance;
    noiseSource = 'given';
  } else {
    const dof = m - n - (intercept ? 1 : 0);
    if (dof < 1) {
      throw new CandorError(where, 'noise variance', `given, when m = ${m} <= n = ${n}${intercept ? ' + 1' : ''} (the least-squares estimate needs more rows than columns)`, 'none');
    }
    const r = residual(lstsq(M, yc, new Float64Array(n)));
    noiseVariance = (r * r) / dof;
    noiseSource = `estimated: least-squares residual on the ${intercept ? 'centred ' : ''}data, ||y - A x_ls||^2 / (m - n${intercept ? ' - 1' : ''})`;
  }
  // the knots: lambda_max (x = 0) and every event of the homotopy down to lambda = 0
  const lambdas: number[] = [];
  const xs: Float64Array[] = [];
  const res = lassoHomotopy(M, yc, {
    lambda: 0,
    historyEvery: 0,
    onIterate: (it) => {
      lambdas.push((it.info as { lambda: number }).lambda);
      xs.push(it.x.slice());
    },
  });
  const lmax = (res.extra as { lambdaMax: number }).lambdaMax;
  lambdas.unshift(lmax);
  xs.unshift(new Float64Array(n));
  const G = lambdas.length;
  const df = new Int32Array(G);
  const rn = new Float64Array(G);
  for (let k = 0; k < G; k++) {
    for (let j = 0; j < n; j++) if (Math.abs(xs[k][j]) > EPS) df[k]++;
    rn[k] = residual(xs[k]);
  }
  const values = informationValues(rn, df, m, noiseVariance, criterion === 'aic' ? 2 : Math.log(m));
  let best = 0;
  for (let k = 1; k < G; k++) if (values[k] < values[best]) best = k;
  const x = xs[best];
  let b = ymean;
  for (let j = 0; j < n; j++) b -= xmean[j] * x[j];
  const support: number[] = [];
  for (let j = 0; j < n; j++) if (Math.abs(x[j]) > EPS) support.push(j);
  const lam = Float64Array.from(lambdas);
  return {
    criterion,
    lambdas: lam,
    alphas: lam.map((l) => l / m),
    values,
    df,
    residualNorms: rn,
    index: best,
    lambda: lam[best],
    alpha: lam[best] / m,
    x,
    intercept: intercept ? b : 0,
    support,
    noiseVariance,
    noiseSource,
  };
}
