/**
 * The LASSO weight chosen from the data (`candor recover --lambda auto[:rule]`): the path from
 * lambda_max = ||A^H y||_inf down to `ratio` lambda_max on a geometric grid, then a rule of
 * ./lambda-choice.ts. For a dense real matrix (the default there, `solver: 'homotopy'`) the path is
 * the exact one of the l1 homotopy (./lambda-lasso-path.ts): every knot, the grid's solutions by
 * interpolation (no tolerance), and SURE / GCV also at every knot (`exactPath`: their minimum over
 * the knots passed, reported beside the grid's choice; the path is followed only down to the last
 * grid weight the rule needs, see `stopAfter`). Otherwise the warm-started solves of
 * `lassoPath`'s solvers: coordinate descent (`solver: 'cd'`) or FISTA (operators, complex data).
 * For real data df is the support size of each solution (Zou, Hastie & Tibshirani, "On the
 * degrees of freedom of the lasso", Ann. Statist. 35 (2007) 2173), so SURE and GCV need no probe;
 * complex data use the Monte-Carlo probe.
 *
 * Noise (`lassoNoiseStd`), when not given:
 * - m > n + 1: the least-squares residual, sigma^2 = ||y - A x_ls||^2 / (m - n) (scikit-learn's
 *   `LassoLarsIC` estimate, without the intercept's degree);
 * - otherwise (a dense real A) the cross-validated LASSO of Reid, Tibshirani & Friedman ("A study
 *   of error variance estimation in lasso regression", Statistica Sinica 26 (2016) 35):
 *   10-fold cross-validation over the rows (seeded folds; each fold's exact path, or its
 *   coordinate-descent path with `solver: 'cd'`, stops 8 grid points past its own minimum) picks
 *   lambda_cv on the same grid, and
 *   sigma^2 = ||y - A x(lambda_cv)||^2 / (m - df(lambda_cv)) on the whole data. (The scaled
 *   LASSO's fixed point lambda = sigma sqrt(2 log n) overestimates sigma thirtyfold on the
 *   acceptance problem n = 1000, m = 300, k = 30 at sigma = 0.01: the shrinkage bias dominates
 *   its residual.) Operators without a matrix and complex data need the noise level given.
 *
 * @example
 * import { chooseLassoLambda } from './lambda-lasso.ts';
 * // const c = chooseLassoLambda(A, y, { rule: 'sure', noiseStd: 0.05 });
 * // c.lambda; c.path[i] = { lambda, residualNorm, penalty: ||x||_1, df: support size, criterion }
 * // c.exactPath.knots (every knot of the homotopy), c.exactPath.minimum (SURE's minimum over them)
 */
import { CandorError, checkInt, checkNumber } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import { lstsq } from '../core/dense/qr.ts';
import { l1 } from '../prox/l1.ts';
import { lassoCD } from './coordinate-descent.ts';
import { fista } from './fista.ts';
import { lambdaMax } from './lambda.ts';
import { checkStopAfter, chooseLambda, dataDimensions, geometricLambdas, type LambdaChoice, type LambdaRule, type NoiseLevel, type PathSolution } from './lambda-choice.ts';
import { knotCriterion, LassoGridCursor, type LassoKnot, sparseKnot, walkLassoGrid } from './lambda-lasso-path.ts';
import { type DenseLike, makeProblem, type OperatorInput, type Problem } from './problem.ts';

export interface LassoLambdaOptions {
  rule?: LambdaRule;
  /** Noise std per measurement (default: estimated, see the file comment). */
  noiseStd?: number;
  /** How `noiseStd` was obtained (default 'given'). */
  noiseSource?: string;
  /** Path length (default 50) and smallest lambda / lambda_max (default 1e-3). */
  count?: number;
  ratio?: number;
  /**
   * 'homotopy' (the exact path; dense real A, the default there), 'cd' (coordinate descent, dense
   * real A) or 'fista' (the default for operators and complex data).
   */
  solver?: 'homotopy' | 'cd' | 'fista';
  /** Event limit of the exact path (default the homotopy's, 10 min(m, n) + 100); past it the weights are solved by 'cd'. */
  maxEvents?: number;
  /** Tolerance and iteration limit of each 'cd' / 'fista' path solve (the solvers' defaults otherwise). */
  tol?: number;
  maxIter?: number;
  refine?: boolean;
  probeSeed?: number;
  /**
   * Grid points past the rule's best point at which the path stops (./lambda-choice.ts
   * `stopAfter`); Infinity walks the whole grid. Default (`lassoStopAfter`): SURE 8 with
   * m >= 150 measurements, while the support at its running minimum is at most m / 2, and the
   * whole grid otherwise; the discrepancy principle 0 (the residual only falls along the path);
   * GCV and the L-curve the whole grid. A value given applies without the support condition.
   */
  stopAfter?: number;
}

/**
 * Defaults of `chooseLassoLambda`. SURE stops `sureStop` = 8 grid points past its running minimum
 * when m >= `sureStopMinRows` = 150 and the support there is at most `sureStopMaxDfFraction` = 1/2
 * of m (measured, docs/lambda.md: every problem that needed more than 8 had m < 150 or its
 * minimum's support above 0.75 m, where the support can shrink again; the whole path is cheap at
 * small m, and a minimum that deep is in the path's tail anyway). `discrepancyStop`: 0.
 */
export const LASSO_LAMBDA_DEFAULTS = Object.freeze({
  rule: 'sure' as LambdaRule,
  count: 50,
  ratio: 1e-3,
  sureStop: 8,
  sureStopMinRows: 150,
  sureStopMaxDfFraction: 0.5,
  discrepancyStop: 0,
});

/**
 * The default `stopAfter` of `chooseLassoLambda` for a rule and m measurements (see
 * `LASSO_LAMBDA_DEFAULTS`).
 *
 * @example
 * lassoStopAfter('sure', 300);  // 8 (while the support at the minimum is <= 150)
 * lassoStopAfter('sure', 100);  // Infinity (the whole grid)
 * lassoStopAfter('discrepancy', 100);  // 0
 */
export function lassoStopAfter(rule: LambdaRule, m: number): number {
  const D = LASSO_LAMBDA_DEFAULTS;
  if (rule === 'sure') return m >= D.sureStopMinRows ? D.sureStop : Infinity;
  if (rule === 'discrepancy') return D.discrepancyStop;
  return Infinity;
}

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

type PathSolver = 'homotopy' | 'cd' | 'fista';

/** The dense real matrix of a problem (given as one, or an operator that carries one), else null. */
function denseOf(p: Problem): DenseLike | null {
  if (p.complex) return null;
  return p.dense ?? (p.op as unknown as { dense?: DenseLike } | null)?.dense ?? null;
}

function pathSolver(where: string, p: Problem, asked: PathSolver | undefined): PathSolver {
  const dense = denseOf(p) !== null;
  const solver = asked ?? (dense ? 'homotopy' : 'fista');
  if (solver !== 'homotopy' && solver !== 'cd' && solver !== 'fista') {
    throw new CandorError(where, 'solver', "'homotopy', 'cd' or 'fista'", String(solver));
  }
  if (solver !== 'fista' && !dense) {
    throw new CandorError(where, 'solver', "'fista' for complex data or an operator without a matrix", `'${solver}'`);
  }
  return solver;
}

/** The exact path stopped at its event limit above a weight that was asked for (the caller falls back to 'cd'). */
class EventLimit extends Error {
  constructor(readonly events: number) {
    super('event limit');
  }
}

/** A x for a sparse x: the columns of the support only (O(m |S|) instead of O(mn)). */
function sparseApply(D: DenseLike, x: Float64Array, out: Float64Array): Float64Array {
  const { rows: m, cols: n, data } = D;
  const S: number[] = [];
  for (let j = 0; j < n; j++) if (x[j] !== 0) S.push(j);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let f = 0;
    for (const j of S) f += data[o + j] * x[j];
    out[i] = f;
  }
  return out;
}

/**
 * The exact path on the grid as a family: the homotopy is followed only as far as the weights
 * asked for (./lambda-lasso-path.ts, `LassoGridCursor`), each grid solution kept (df = the support
 * size), and every knot passed recorded for the exact curve.
 */
function exactFamily(D: DenseLike, y: Float64Array, lambdas: Float64Array, maxEvents: number | undefined) {
  const at = new Map<number, number>();
  for (let i = 0; i < lambdas.length; i++) at.set(lambdas[i], i);
  const knots: LassoKnot[] = [];
  const cursor = new LassoGridCursor(D, y, lambdas, maxEvents, (lambda, x, residualNorm) => {
    const s = sparseKnot(x);
    knots.push({ lambda, residualNorm, penalty: s.l1, df: s.index.length, index: s.index, value: s.value });
  });
  const memo: PathSolution[] = [];
  const solve = (lambda: number, data: Float64Array): PathSolution => {
    const i = at.get(lambda);
    if (data !== y || i === undefined) {
      throw new CandorError('chooseLassoLambda', 'exact path', 'a weight of its grid on the measured data', `lambda ${lambda}${data !== y ? ' on other data' : ''}`);
    }
    while (memo.length <= i) {
      const x = cursor.at(memo.length);
      if (!x) throw new EventLimit(cursor.events);
      const xc = x.slice();
      const lambda = lambdas[memo.length];
      let fit: Float64Array | null = null;
      // ||r|| from the path's identity (O(|S|)); A x only when a caller reads it (the noise estimate)
      memo.push({
        x: xc,
        get fit() {
          fit ??= sparseApply(D, xc, new Float64Array(D.rows));
          return fit;
        },
        residualNorm: cursor.residualNorm(lambda, xc),
        penalty: l1Norm(xc, false),
        df: support(xc, false),
        iterations: 0,
      });
    }
    return memo[i];
  };
  return { y, complex: false, solve, knots, cursor, at: (i: number) => solve(lambdas[i], y) };
}

/** A memoised LASSO family of warm-started solves: the path on y is solved once and reused (noise estimate, then the rule). */
function solverFamily(p: Problem, A: OperatorInput, y: Float64Array, solver: 'cd' | 'fista', opts: LassoLambdaOptions) {
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
  /** The solution at grid index i of the warm-started chain from lambdas[0] (as chooseLambda runs it). */
  const at = (lambdas: Float64Array, i: number): PathSolution => {
    let x0: Float64Array | null = null;
    let s: PathSolution | null = null;
    for (let l = 0; l <= i; l++) {
      s = solve(lambdas[l], y, x0);
      x0 = s.x;
    }
    return s as PathSolution;
  };
  return { y, complex: p.complex, solve, at };
}

/**
 * The LASSO path on the rows `rows` of a dense matrix: prediction error on the other rows, per
 * lambda (NaN past the point where the fold stopped: 8 grid points past its own minimum, the tail
 * of the path being the slow part).
 */
function heldOutErrors(D: DenseLike, y: Float64Array, train: Uint8Array, lambdas: Float64Array, solver: 'homotopy' | 'cd', extra: { tol?: number; maxIter?: number }): Float64Array {
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
  let best = 0;
  const held = (l: number, x: Float64Array): boolean => {
    err[l] = 0;
    for (let i = 0; i < D.rows; i++) {
      if (train[i]) continue;
      let f = 0;
      for (let j = 0; j < n; j++) if (x[j] !== 0) f += D.data[i * n + j] * x[j];
      err[l] += (y[i] - f) ** 2;
    }
    if (err[l] < err[best]) best = l;
    return l < best + 8;
  };
  const Dt = { rows: mt, cols: n, data: At };
  if (solver === 'homotopy') {
    walkLassoGrid(Dt, yt, lambdas, held);
    return err;
  }
  let x0: Float64Array | undefined;
  for (let l = 0; l < lambdas.length; l++) {
    const x = lassoCD(Dt, yt, { ...extra, lambda: lambdas[l], ...(x0 ? { x0 } : {}) }).x;
    x0 = x;
    if (!held(l, x)) break;
  }
  return err;
}

/**
 * The noise std of y = A x + e for a LASSO problem (see the file comment); `solutionAt(i)` is the
 * family's solution on y at the grid weight `lambdas[i]` (asked for once, at lambda_cv).
 */
export function lassoNoiseStd(
  p: Problem,
  y: Float64Array,
  lambdas: Float64Array,
  solutionAt: (i: number) => PathSolution,
  opts: { folds?: number; seed?: number; tol?: number; maxIter?: number; solver?: 'homotopy' | 'cd' } = {},
): NoiseLevel {
  const where = 'lassoNoiseStd';
  const { m, n } = p;
  const D = denseOf(p);
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
  if (opts.folds === undefined && m < 4) {
    throw new CandorError(where, 'measurements m', 'at least 4 to estimate the noise by cross-validation (or give the noise level)', String(m));
  }
  const K = checkInt(where, 'folds', opts.folds ?? Math.min(10, Math.floor(m / 2)), 2, m);
  if (m < 2 * K) throw new CandorError(where, 'measurements m', `at least ${2 * K} for ${K}-fold cross-validation (or give the noise level)`, String(m));
  const perm = createRng(opts.seed ?? 0, 0x63762d66).permutation(m);
  const cv = new Float64Array(lambdas.length);
  // the folds only locate lambda_cv: a KKT residual of 1e-6 lambda_max is plenty
  const extra: { tol?: number; maxIter?: number } = { tol: opts.tol ?? 1e-6 };
  if (opts.maxIter !== undefined) extra.maxIter = opts.maxIter;
  for (let f = 0; f < K; f++) {
    const train = new Uint8Array(m).fill(1);
    for (let t = f; t < m; t += K) train[perm[t]] = 0;
    const e = heldOutErrors(D, y, train, lambdas, opts.solver ?? 'homotopy', extra);
    for (let l = 0; l < cv.length; l++) cv[l] += e[l];
  }
  let best = -1;
  for (let l = 0; l < cv.length; l++) if (Number.isFinite(cv[l]) && (best < 0 || cv[l] < cv[best])) best = l;
  const s = solutionAt(best);
  let rss = 0;
  for (let i = 0; i < m; i++) rss += (y[i] - s.fit[i]) ** 2;
  const df = s.df ?? 0;
  if (m - df < 1) throw new CandorError(where, 'degrees of freedom', `fewer than m = ${m} at the cross-validated lambda`, String(df));
  return {
    std: Math.sqrt(rss / (m - df)),
    source: `estimated: ${K}-fold cross-validated LASSO (Reid, Tibshirani & Friedman 2016), sigma = ||y - Ax|| / sqrt(m - df) at lambda_cv = ${lambdas[best].toPrecision(3)} (df ${df})`,
  };
}

/** The exact path's knots with the rule's criterion (SURE and GCV; the other rules list the knots only). */
function knotCurve(g: { knots: LassoKnot[]; events: number }, rule: LambdaRule, y: Float64Array, noise: NoiseLevel | undefined): NonNullable<LambdaChoice['exactPath']> {
  const { N, tau } = dataDimensions(y, false, noise?.std);
  const byKnot = rule === 'sure' || rule === 'gcv' ? knotCriterion(g.knots, rule, N, tau) : null;
  const knots = g.knots.map((k, i) => ({ lambda: k.lambda, residualNorm: k.residualNorm, penalty: k.penalty, df: k.df, criterion: byKnot && Number.isFinite(byKnot.values[i]) ? byKnot.values[i] : null }));
  let minimum: NonNullable<LambdaChoice['exactPath']>['minimum'] = null;
  if (byKnot) {
    const k = g.knots[byKnot.index];
    minimum = { index: byKnot.index, lambda: k.lambda, df: k.df, criterion: byKnot.values[byKnot.index], support: Array.from(k.index) };
  }
  return { method: 'l1 homotopy (exact knots; the grid by linear interpolation between them)', events: g.events, knots, minimum };
}

/** The LASSO weight by a rule over the path (see the file comment). */
export function chooseLassoLambda(A: OperatorInput, y: Float64Array, opts: LassoLambdaOptions = {}): LambdaChoice {
  const where = 'chooseLassoLambda';
  const p = makeProblem(where, A, y);
  const D = LASSO_LAMBDA_DEFAULTS;
  const count = checkInt(where, 'count', opts.count ?? D.count, 3, 10000);
  const ratio = checkNumber(where, 'ratio', opts.ratio ?? D.ratio, Number.MIN_VALUE, 0.999);
  const solver = pathSolver(where, p, opts.solver);
  const maxEvents = opts.maxEvents === undefined ? undefined : checkInt(where, 'maxEvents', opts.maxEvents, 1);
  const top = lambdaMax(A, y);
  if (!(top > 0)) throw new CandorError(where, 'A^H y', 'a non-zero correlation (lambda_max > 0)', '0: y is orthogonal to every column');
  const lambdas = geometricLambdas(top, top * ratio, count);
  const rule = opts.rule ?? D.rule;
  // SURE (m >= 150) and the discrepancy principle stop the path past their best point (the tail,
  // where the support approaches m, is the slow part); GCV and the L-curve walk it all
  const stopAfter = opts.stopAfter === undefined ? lassoStopAfter(rule, p.m) : checkStopAfter(where, opts.stopAfter, rule);
  const stopMaxDf = opts.stopAfter === undefined && rule === 'sure' ? D.sureStopMaxDfFraction * p.m : Infinity;
  // the noise estimate, kept across the event-limit fallback below (its folds are their own paths)
  let estimated: NoiseLevel | undefined;
  const run = (how: PathSolver) => {
    const exact = how === 'homotopy' ? exactFamily(denseOf(p) as DenseLike, y, lambdas, maxEvents) : null;
    const fam = exact ?? solverFamily(p, A, y, how as 'cd' | 'fista', opts);
    try {
      let noise: NoiseLevel | undefined;
      if (opts.noiseStd !== undefined) {
        noise = { std: checkNumber(where, 'noiseStd', opts.noiseStd, 0), source: opts.noiseSource ?? 'given' };
      } else if (rule === 'sure' || rule === 'discrepancy') {
        // GCV and the L-curve need no noise level: the estimate (cross-validation: a path per fold) is skipped
        const at = exact ? exact.at : (i: number) => (fam as ReturnType<typeof solverFamily>).at(lambdas, i);
        estimated ??= lassoNoiseStd(p, y, lambdas, at, { tol: opts.tol, maxIter: opts.maxIter, solver: how === 'cd' ? 'cd' : 'homotopy' });
        noise = estimated;
      }
      const c = chooseLambda(fam, { rule, lambdas, noise, refine: opts.refine, probeSeed: opts.probeSeed, stopAfter, stopMaxDf });
      if (rule === 'sure' && opts.stopAfter === undefined && p.m < D.sureStopMinRows) {
        c.notes.push(
          `the path walked the whole grid: with m = ${p.m} < ${D.sureStopMinRows} measurements SURE's curve can fall again far past its running minimum, so it is not stopped early (docs/lambda.md)`,
        );
      }
      if (exact) c.exactPath = knotCurve({ knots: exact.knots, events: exact.cursor.events }, rule, y, noise);
      return c;
    } finally {
      exact?.cursor.close();
    }
  };
  let c: LambdaChoice;
  try {
    c = run(solver);
  } catch (e) {
    if (!(e instanceof EventLimit)) throw e;
    c = run('cd');
    c.notes.push(`the exact path reached its event limit (${e.events} events) above a grid weight the rule needed: the grid's weights were solved by coordinate descent instead`);
  }
  return c;
}
