/**
 * The LASSO weight chosen from the data (`candor recover --lambda auto[:rule]`): the warm-started
 * path from lambda_max = ||A^H y||_inf down to `ratio` lambda_max (`lassoPath`'s solvers:
 * coordinate descent on a dense real matrix, FISTA otherwise), then a rule of ./lambda-choice.ts.
 * For real data df is the support size of each solution (Zou, Hastie & Tibshirani, "On the
 * degrees of freedom of the lasso", Ann. Statist. 35 (2007) 2173), so SURE and GCV need no probe;
 * complex data use the Monte-Carlo probe.
 *
 * Noise (`lassoNoiseStd`), when not given:
 * - m > n + 1: the least-squares residual, sigma^2 = ||y - A x_ls||^2 / (m - n) (scikit-learn's
 *   `LassoLarsIC` estimate, without the intercept's degree);
 * - otherwise (a dense real A) the cross-validated LASSO of Reid, Tibshirani & Friedman ("A study
 *   of error variance estimation in lasso regression", Statistica Sinica 26 (2016) 35):
 *   10-fold cross-validation over the rows (seeded folds; each fold's path stops 8 grid points
 *   past its own minimum) picks lambda_cv on the same grid, and
 *   sigma^2 = ||y - A x(lambda_cv)||^2 / (m - df(lambda_cv)) on the whole data. (The scaled
 *   LASSO's fixed point lambda = sigma sqrt(2 log n) overestimates sigma thirtyfold on the
 *   acceptance problem n = 1000, m = 300, k = 30 at sigma = 0.01: the shrinkage bias dominates
 *   its residual.) Operators without a matrix and complex data need the noise level given.
 *
 * @example
 * import { chooseLassoLambda } from './lambda-lasso.ts';
 * // const c = chooseLassoLambda(A, y, { rule: 'sure', noiseStd: 0.05 });
 * // c.lambda; c.path[i] = { lambda, residualNorm, penalty: ||x||_1, df: support size, criterion }
 */
import { CandorError, checkInt, checkNumber } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import { lstsq } from '../core/dense/qr.ts';
import { l1 } from '../prox/l1.ts';
import { lassoCD } from './coordinate-descent.ts';
import { fista } from './fista.ts';
import { lambdaMax } from './lambda.ts';
import { chooseLambda, geometricLambdas, type LambdaChoice, type LambdaRule, type NoiseLevel, type PathSolution } from './lambda-choice.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';

export interface LassoLambdaOptions {
  rule?: LambdaRule;
  /** Noise std per measurement (default: estimated, see the file comment). */
  noiseStd?: number;
  /** How `noiseStd` was obtained (default 'given'). */
  noiseSource?: string;
  /** Path length (default 50) and smallest lambda / lambda_max (default 1e-3). */
  count?: number;
  ratio?: number;
  /** 'cd' (dense real A; the default there) or 'fista'. */
  solver?: 'cd' | 'fista';
  /** Tolerance and iteration limit of each path solve (the solvers' defaults otherwise). */
  tol?: number;
  maxIter?: number;
  refine?: boolean;
  probeSeed?: number;
}

export const LASSO_LAMBDA_DEFAULTS = Object.freeze({ rule: 'sure' as LambdaRule, count: 50, ratio: 1e-3 });

/** Nonzeros of x (complex: nonzero moduli). */
function support(x: Float64Array, complex: boolean): number {
  let s = 0;
  if (complex) {
    for (let j = 0; j < x.length; j += 2) if (x[j] !== 0 || x[j + 1] !== 0) s++;
  } else {
    for (let j = 0; j < x.length; j++) if (x[j] !== 0) s++;
  }
  return s;
}

function l1Norm(x: Float64Array, complex: boolean): number {
  let s = 0;
  if (complex) for (let j = 0; j < x.length; j += 2) s += Math.hypot(x[j], x[j + 1]);
  else for (let j = 0; j < x.length; j++) s += Math.abs(x[j]);
  return s;
}

/** A memoised LASSO family: the path on y is solved once and reused (noise estimate, then the rule). */
function lassoFamily(p: Problem, A: OperatorInput, y: Float64Array, opts: LassoLambdaOptions) {
  const hasDense = (p.dense ?? (p.op as unknown as { dense?: unknown } | null)?.dense) !== undefined;
  const solver = opts.solver ?? (hasDense && !p.complex ? 'cd' : 'fista');
  if (solver === 'cd' && (p.complex || !hasDense)) {
    throw new CandorError('chooseLassoLambda', 'solver', "'fista' for complex data or an operator without a matrix", "'cd'");
  }
  const extra: { tol?: number; maxIter?: number } = {};
  if (opts.tol !== undefined) extra.tol = opts.tol;
  if (opts.maxIter !== undefined) extra.maxIter = opts.maxIter;
  const reg = l1();
  const memo = new Map<number, PathSolution>();
  const solve = (lambda: number, data: Float64Array, x0: Float64Array | null): PathSolution => {
    const hit = data === y ? memo.get(lambda) : undefined;
    if (hit) return hit;
    const o = { ...extra, lambda, ...(x0 ? { x0 } : {}) };
    const r = solver === 'cd' ? lassoCD(A, data, o) : fista(A, data, reg, o);
    const fit = p.apply(r.x, new Float64Array(p.mLen));
    const s: PathSolution = { x: r.x, fit, penalty: l1Norm(r.x, p.complex), iterations: r.iterations };
    if (!p.complex) s.df = support(r.x, false);
    if (data === y) memo.set(lambda, s);
    return s;
  };
  return { y, complex: p.complex, solve };
}

/** The LASSO path on the rows `rows` of a dense matrix: prediction error on the other rows, per lambda. */
function heldOutErrors(D: { rows: number; cols: number; data: Float64Array }, y: Float64Array, train: Uint8Array, lambdas: Float64Array, extra: { tol?: number; maxIter?: number }): Float64Array {
  const { cols: n } = D;
  const mt = train.reduce((a, v) => a + v, 0);
  const At = new Float64Array(mt * n);
  const yt = new Float64Array(mt);
  let r = 0;
  for (let i = 0; i < D.rows; i++) {
    if (!train[i]) continue;
    At.set(D.data.subarray(i * n, (i + 1) * n), r * n);
    yt[r++] = y[i];
  }
  const err = new Float64Array(lambdas.length).fill(Number.NaN);
  let x0: Float64Array | undefined;
  let best = 0;
  for (let l = 0; l < lambdas.length; l++) {
    // the tail of the path is the slow part (supports near m): stop 8 points past this fold's minimum
    if (l > best + 8) break;
    err[l] = 0;
    const x = lassoCD({ rows: mt, cols: n, data: At }, yt, { ...extra, lambda: lambdas[l], ...(x0 ? { x0 } : {}) }).x;
    x0 = x;
    for (let i = 0; i < D.rows; i++) {
      if (train[i]) continue;
      let f = 0;
      for (let j = 0; j < n; j++) if (x[j] !== 0) f += D.data[i * n + j] * x[j];
      err[l] += (y[i] - f) ** 2;
    }
    if (err[l] < err[best]) best = l;
  }
  return err;
}

/**
 * The noise std of y = A x + e for a LASSO problem (see the file comment); `path` is the
 * family's path on the grid `lambdas`.
 */
export function lassoNoiseStd(
  p: Problem,
  y: Float64Array,
  lambdas: Float64Array,
  path: readonly PathSolution[],
  opts: { folds?: number; seed?: number; tol?: number; maxIter?: number } = {},
): NoiseLevel {
  const where = 'lassoNoiseStd';
  const { m, n } = p;
  const D = p.dense ?? (p.op as unknown as { dense?: { rows: number; cols: number; data: Float64Array } } | null)?.dense;
  if (p.complex || !D) {
    throw new CandorError(where, 'noise level', 'given (--noise-std) for complex data or an operator without a matrix (the estimates need the rows of A)', p.complex ? 'complex data' : 'an operator');
  }
  if (m > n + 1) {
    const x = lstsq(D, y, new Float64Array(n));
    const f = p.apply(x, new Float64Array(m));
    let rss = 0;
    for (let i = 0; i < m; i++) rss += (y[i] - f[i]) ** 2;
    return { std: Math.sqrt(rss / (m - n)), source: `estimated: least-squares residual, ||y - A x_ls|| / sqrt(m - n) (m = ${m} > n = ${n})` };
  }
  const K = checkInt(where, 'folds', opts.folds ?? 10, 2, m);
  if (m < 2 * K) throw new CandorError(where, 'measurements m', `at least ${2 * K} for ${K}-fold cross-validation (or give the noise level)`, String(m));
  const perm = createRng(opts.seed ?? 0, 0x63762d66).permutation(m);
  const cv = new Float64Array(lambdas.length);
  // the folds only locate lambda_cv: a KKT residual of 1e-6 lambda_max is plenty
  const extra: { tol?: number; maxIter?: number } = { tol: opts.tol ?? 1e-6 };
  if (opts.maxIter !== undefined) extra.maxIter = opts.maxIter;
  for (let f = 0; f < K; f++) {
    const train = new Uint8Array(m).fill(1);
    for (let t = f; t < m; t += K) train[perm[t]] = 0;
    const e = heldOutErrors(D, y, train, lambdas, extra);
    for (let l = 0; l < cv.length; l++) cv[l] += e[l];
  }
  let best = -1;
  for (let l = 0; l < cv.length; l++) if (Number.isFinite(cv[l]) && (best < 0 || cv[l] < cv[best])) best = l;
  const s = path[best];
  let rss = 0;
  for (let i = 0; i < m; i++) rss += (y[i] - s.fit[i]) ** 2;
  const df = s.df ?? 0;
  if (m - df < 1) throw new CandorError(where, 'degrees of freedom', `fewer than m = ${m} at the cross-validated lambda`, String(df));
  return {
    std: Math.sqrt(rss / (m - df)),
    source: `estimated: ${K}-fold cross-validated LASSO (Reid, Tibshirani & Friedman 2016), sigma = ||y - Ax|| / sqrt(m - df) at lambda_cv = ${lambdas[best].toPrecision(3)} (df ${df})`,
  };
}

/** The LASSO weight by a rule over the warm-started path (see the file comment). */
export function chooseLassoLambda(A: OperatorInput, y: Float64Array, opts: LassoLambdaOptions = {}): LambdaChoice {
  const where = 'chooseLassoLambda';
  const p = makeProblem(where, A, y);
  const D = LASSO_LAMBDA_DEFAULTS;
  const count = checkInt(where, 'count', opts.count ?? D.count, 3, 10000);
  const ratio = checkNumber(where, 'ratio', opts.ratio ?? D.ratio, Number.MIN_VALUE, 0.999);
  const top = lambdaMax(A, y);
  if (!(top > 0)) throw new CandorError(where, 'A^H y', 'a non-zero correlation (lambda_max > 0)', '0: y is orthogonal to every column');
  const lambdas = geometricLambdas(top, top * ratio, count);
  const rule = opts.rule ?? D.rule;
  const fam = lassoFamily(p, A, y, opts);
  let noise: NoiseLevel | undefined;
  if (opts.noiseStd !== undefined) {
    noise = { std: checkNumber(where, 'noiseStd', opts.noiseStd, 0), source: opts.noiseSource ?? 'given' };
  } else if (rule === 'sure' || rule === 'discrepancy') {
    // GCV and the L-curve need no noise level: the estimate (cross-validation: a path per fold) is skipped
    const path: PathSolution[] = [];
    let x0: Float64Array | null = null;
    for (const l of lambdas) {
      const s = fam.solve(l, y, x0);
      path.push(s);
      x0 = s.x;
    }
    noise = lassoNoiseStd(p, y, lambdas, path, { tol: opts.tol, maxIter: opts.maxIter });
  }
  return chooseLambda(fam, { rule, lambdas, noise, refine: opts.refine, probeSeed: opts.probeSeed });
}
