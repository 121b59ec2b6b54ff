/**
 * Choosing lambda for the LASSO  min_x 1/2 ||A x - y||^2 + lambda ||x||_1  (Candor's convention).
 *
 * - `lambdaMax(A, y) = ||A^H y||_inf`: the smallest lambda for which x = 0 is a solution (0 is
 *   optimal iff |a_j^H y| <= lambda for every column, the KKT condition at 0). Complex data use
 *   the modulus.
 * - `lambdaFromNoise(sigma, n) = sigma sqrt(2 log n)`: the "universal threshold" (Donoho &
 *   Johnstone 1994; Chen, Donoho & Saunders 1998 for basis pursuit denoising). Assumptions: the
 *   noise w is i.i.d. N(0, sigma^2) per measurement (real; for circular complex noise sigma is the
 *   standard deviation of each of the real and imaginary parts) and the columns of A have unit l2
 *   norm, so each a_j^T w ~ N(0, sigma^2) and max_j |a_j^T w| <= sigma sqrt(2 log n) with
 *   probability -> 1: at this lambda pure noise gives x = 0, and signal entries above about 2 lambda
 *   survive. For columns of norm c (Gaussian N(0, 1/m) entries give c ~ 1) multiply by c. Note
 *   the scaling differs from scikit-learn's alpha = lambda / m (its objective is divided by m).
 * - `lambdaGrid(lambdaMax, count, ratio)`: a geometric grid from lambdaMax down to ratio lambdaMax.
 * - `lassoPath(A, y, lambdas, solver?)`: LASSO solutions along a decreasing grid, each warm-started
 *   from the previous one (glmnet's pathwise strategy, Friedman, Hastie & Tibshirani 2010). The
 *   default solver is `lassoCD` for a dense real matrix and `fista` with `l1()` otherwise.
 *
 * @example
 * import { lambdaMax, lambdaGrid, lassoPath } from './lambda.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) };
 * const y = Float64Array.of(1, 0.5);
 * lambdaMax(A, y);                                  // 1.5 (column 3: 1 + 0.5)
 * const path = lassoPath(A, y, lambdaGrid(1.5, 5, 0.01));
 * path.x[0];                                        // zeros (lambda = lambdaMax)
 */
import { gemv } from '../core/dense/gemv.ts';
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { l1 } from '../prox/l1.ts';
import { lassoCD } from './coordinate-descent.ts';
import { fista } from './fista.ts';
import { makeProblem, type OperatorInput } from './problem.ts';
import type { SolverResult } from './types.ts';

/** ||A^H y||_inf (moduli for complex data): the smallest lambda with x = 0 optimal. */
export function lambdaMax(A: OperatorInput, y: Float64Array): number {
  const p = makeProblem('lambdaMax', A, y);
  // one product: a dense real matrix goes through the blocked gemv, not a WebAssembly copy that a
  // one-off product never pays back (and would keep from the kernel pool)
  const g = p.dense && !p.complex ? gemv(p.dense, y, new Float64Array(p.n), { trans: true }) : p.adjoint(y, new Float64Array(p.nLen));
  let mx = 0;
  if (p.complex) {
    for (let j = 0; j < p.n; j++) mx = Math.max(mx, Math.hypot(g[2 * j], g[2 * j + 1]));
  } else {
    for (let j = 0; j < p.n; j++) mx = Math.max(mx, Math.abs(g[j]));
  }
  return mx;
}

/** sigma sqrt(2 log n): the universal threshold for noise std sigma and n unit-norm columns. */
export function lambdaFromNoise(sigma: number, n: number): number {
  checkNumber('lambdaFromNoise', 'sigma', sigma, 0);
  checkInt('lambdaFromNoise', 'n', n, 1);
  return sigma * Math.sqrt(2 * Math.log(n));
}

/** `count` values from lambdaMax down to ratio * lambdaMax, equally spaced in log scale. */
export function lambdaGrid(lambdaMax: number, count = 20, ratio = 1e-3): Float64Array {
  checkNumber('lambdaGrid', 'lambdaMax', lambdaMax, 0);
  checkInt('lambdaGrid', 'count', count, 1);
  checkNumber('lambdaGrid', 'ratio', ratio, Number.MIN_VALUE, 1);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = count === 1 ? lambdaMax : lambdaMax * ratio ** (i / (count - 1));
  return out;
}

/** A LASSO solver for one lambda with a warm start. */
export type LassoSolver = (
  A: OperatorInput,
  y: Float64Array,
  opts: { lambda: number; x0?: Float64Array },
) => SolverResult;

/** Options of {@link lassoPath}: the solver and the tolerances passed to it. */
export interface LassoPathOptions {
  /** 'cd' (dense real A only), 'fista', or any LassoSolver (default: 'cd' when possible). */
  solver?: 'cd' | 'fista' | LassoSolver;
  /** Tolerance passed to the built-in solvers (their defaults otherwise). */
  tol?: number;
  maxIter?: number;
}

/** The result of {@link lassoPath}: one solution and solver result per lambda of the grid. */
export interface LassoPath {
  lambdas: Float64Array;
  /** Solutions, one per lambda (each a copy). */
  x: Float64Array[];
  results: SolverResult[];
  /** True when every solve converged. */
  converged: boolean;
}

/**
 * LASSO solutions over a decreasing grid `lambdas` (each >= 0), warm-started along the path.
 * `solver` may be 'cd', 'fista' or a function (A, y, { lambda, x0 }) => SolverResult.
 */
export function lassoPath(
  A: OperatorInput,
  y: Float64Array,
  lambdas: Float64Array | readonly number[],
  solver?: LassoPathOptions['solver'] | LassoPathOptions,
): LassoPath {
  const where = 'lassoPath';
  const opts: LassoPathOptions = typeof solver === 'object' && solver !== null ? solver : { solver };
  if (!(lambdas instanceof Float64Array) && !Array.isArray(lambdas)) {
    throw new CandorError(where, 'lambdas', 'a Float64Array or array of numbers', describe(lambdas));
  }
  const lams = Float64Array.from(lambdas);
  if (lams.length === 0) throw new CandorError(where, 'lambdas', 'at least one value', 'an empty list');
  for (let i = 0; i < lams.length; i++) {
    checkNumber(where, `lambdas[${i}]`, lams[i], 0);
    if (i > 0 && lams[i] > lams[i - 1]) {
      throw new CandorError(
        where,
        'lambdas',
        'a non-increasing sequence',
        `lambdas[${i - 1}] = ${lams[i - 1]} < lambdas[${i}] = ${lams[i]}`,
      );
    }
  }
  const p = makeProblem(where, A, y);
  const hasDense = (p.dense ?? (p.op as unknown as { dense?: unknown } | null)?.dense) !== undefined;
  const choice = opts.solver ?? (hasDense && !p.complex ? 'cd' : 'fista');
  const extra: { tol?: number; maxIter?: number } = {};
  if (opts.tol !== undefined) extra.tol = opts.tol;
  if (opts.maxIter !== undefined) extra.maxIter = opts.maxIter;
  let solve: LassoSolver;
  if (choice === 'cd') solve = (a, b, o) => lassoCD(a, b, { ...extra, ...o });
  else if (choice === 'fista') solve = (a, b, o) => fista(a, b, l1(), { ...extra, ...o });
  else if (typeof choice === 'function') solve = choice;
  else throw new CandorError(where, 'solver', "'cd', 'fista' or a solver function", describe(choice));
  const xs: Float64Array[] = [];
  const results: SolverResult[] = [];
  let x0: Float64Array | undefined;
  let converged = true;
  for (let i = 0; i < lams.length; i++) {
    const o: { lambda: number; x0?: Float64Array } = { lambda: lams[i] };
    if (x0) o.x0 = x0;
    const r = solve(A, y, o);
    results.push(r);
    xs.push(r.x.slice());
    x0 = r.x;
    converged &&= r.converged;
  }
  return { lambdas: lams, x: xs, results, converged };
}
