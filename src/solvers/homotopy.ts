/**
 * l1 homotopy (LARS-LASSO): the exact, piecewise-linear LASSO solution path x(lambda) of
 *
 *     min_x  1/2 ||A x - y||^2 + lambda ||x||_1          (nonneg: + indicator of x >= 0)
 *
 * followed from lambda_max = ||A^T y||_inf down to a target: lambda = 0 gives basis pursuit
 * (min ||x||_1 s.t. Ax = y, `bpHomotopy`), lambda > 0 the LASSO solution (`lassoHomotopy`).
 *
 * On a segment with active set S and signs s, the optimality conditions A_S^T (y - A_S x_S) =
 * lambda s and |a_j^T (y - A x)| <= lambda off S give
 *
 *     x_S(lambda) = G^{-1} (A_S^T y - lambda s),   G = A_S^T A_S,   d = G^{-1} s,
 *     c(lambda)   = A^T (y - A x(lambda)),   dc/dlambda = a = A^T A_S d   (a_S = s).
 *
 * Decreasing lambda by gamma, the segment ends at the first event: an inactive correlation
 * reaches the boundary, c_j - gamma a_j = +-(lambda - gamma), i.e. gamma = (lambda - c_j)/(1 - a_j)
 * or (lambda + c_j)/(1 + a_j) (j joins S with that sign), or an active x_t crosses zero,
 * gamma = -x_t / d_t (t leaves S: the LASSO modification of LARS), or the target is reached.
 * G is factored once and updated by column append / remove (./homotopy-factor.ts, O(|S|^2)
 * each). The columns A^T a_j of C_S = A^T A_S are kept (one O(mn) pass per join, recalled when a
 * column rejoins), so each step recomputes, from scratch and without drift,
 *
 *     x_S = G^{-1} A_S^T y - lambda d,   a = C_S d,   c = A^T y - C_S x_S        (O(|S|^2 + n|S|)):
 *
 * the path is exact up to rounding, with no tolerance and no step size. The products run in
 * WebAssembly SIMD where available (./homotopy-kernels.ts) and every sum keeps the order of the
 * plain loops, so the path is the same to the last bit on any runtime (./homotopy-active-set.ts).
 * At n = 200, m = 100, k = 20 (about 30 events) a solve takes about 0.25 ms.
 *
 * Basis pursuit. With target 0 the last segment ends at lambda = 0, where x_S solves the normal
 * equations (refined once: x_S += G^{-1} A_S^T (y - A_S x_S)). Along that segment r(lambda) =
 * lambda A_S d when y is in the range of A_S, so v = A_S d is a dual certificate of BP:
 * A_S^T v = s and ||A^T v||_inf <= 1 (THEORY.md section 5). `extra.dual` is v, `extra.theta` =
 * max_{j not in S} |a_j^T v| (< 1: strict certificate; the LP dual of bpLP is another one), and
 * y^T v = ||x||_1. If y is not in the range of A, the residual at lambda = 0 is not zero: stopReason
 * 'infeasible'. `lambdaFloor` (relative to lambda_max) ends the path early by jumping to 0.
 *
 * LASSO (target lambda > 0). `extra.dual` is v = (y - Ax)/lambda with ||A^T v||_inf <= 1, and
 * `extra.kkt` = max(max_S |c_j - lambda s_j|, max_{j not in S} (|c_j| - lambda)+) / lambda.
 *
 * Objectives: bpHomotopy reports ||x||_1 (as bpLP), lassoHomotopy (and bpHomotopy given lambda > 0)
 * 1/2||Ax - y||^2 + lambda||x||_1. lassoHomotopy at lambda = 0 is the least-squares limit (optimal
 * even when y is outside the range of A).
 * Iterations are path events (breakpoints); `extra.breakpoints` lists lambda_max and every event's
 * lambda. x0 is ignored (the path starts at x = 0).
 *
 * References: Osborne, Presnell & Turlach, "A new approach to variable selection in least squares
 * problems", IMA J. Numer. Anal. 2000; Efron, Hastie, Johnstone & Tibshirani, "Least angle
 * regression", Ann. Statist. 2004; Donoho & Tsaig, "Fast solution of l1-norm minimization problems
 * when the solution may be sparse", IEEE Trans. Inf. Theory 2008.
 *
 * @example
 * import { bpHomotopy, lassoHomotopy } from './homotopy.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 1, 1, 0, -1) };
 * const bp = bpHomotopy(A, Float64Array.of(2, 0.5));
 * bp.x;            // [0.5, 0.75, 0] (as bpLP); bp.extra.breakpoints: [4, 1, 0]
 * bp.extra.dual;   // [0.5, 0.5]: A^T v = [1, 1, 0], theta = 0
 * lassoHomotopy(A, Float64Array.of(2, 0.5), { lambda: 0.5 }).x; // [0.25, 0.75, 0], objective 0.5625
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { ActiveSet } from './homotopy-active-set.ts';
import { checkLambda, makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface HomotopyOptions extends CommonOptions {
  /** Target lambda: 0 (default) = basis pursuit; > 0 = the LASSO solution there. */
  lambda?: number;
  /** Nonnegative variant (positive LASSO / nonnegative BP). */
  nonneg?: boolean;
  /** BP mode: jump to lambda = 0 once lambda <= lambdaFloor * lambda_max (default 1e-13). */
  lambdaFloor?: number;
  /**
   * 'auto' (default): WebAssembly SIMD products where available; 'js': plain JavaScript. Both
   * give the same path to the last bit (./homotopy-kernels.ts).
   */
  kernel?: 'auto' | 'js';
  // tol: relative residual ||Ax - y|| / ||y|| accepted as zero at lambda = 0 (default 1e-9).
  // maxIter: maximum number of path events (default 10 min(m, n) + 100).
}

/** Defaults of {@link HomotopyOptions}. */
export const HOMOTOPY_DEFAULTS = Object.freeze({
  lambda: 0,
  nonneg: false,
  lambdaFloor: 1e-13,
  tol: 1e-9,
});

/** Extra fields of a homotopy result. */
export interface HomotopyExtra extends Record<string, unknown> {
  /** BP: v = A_S G^{-1} s; LASSO: (y - Ax)/lambda. Null when x = 0 is returned at lambda_max. */
  dual: Float64Array | null;
  /** max_{j not in S} |a_j^T v| (BP: < 1 is a strict certificate). */
  theta: number;
  /** y^T v (BP: equals ||x||_1). */
  dualObjective: number;
  /** LASSO: relative KKT violation (0 in exact arithmetic); BP: NaN. */
  kkt: number;
  /** The lambda the path stopped at (target or where it stopped early). */
  lambdaFinal: number;
  lambdaMax: number;
  breakpoints: Float64Array;
  /** Active set at the end (may hold entries that are exactly 0 at lambda = 0). */
  active: Int32Array;
}

/**
 * The row-major m x n matrix of the problem: the dense data themselves (no copy), or for an
 * operator the columns A e_j, checked finite.
 */
function rowsOf(p: Problem, where: string): Float64Array {
  const { m, n } = p;
  const D = p.dense ?? (p.op && p.op.field === 'real' ? (p.op.dense ?? null) : null);
  if (D) return D.data;
  const rows = new Float64Array(m * n);
  const e = new Float64Array(n);
  const col = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    p.apply(e, col);
    e[j] = 0;
    for (let i = 0; i < m; i++) {
      if (col[i] - col[i] !== 0) {
        throw new CandorError(
          where,
          `A e_${j} (column ${j} of the operator)`,
          'finite values',
          `${col[i]} at index ${i}`,
        );
      }
      rows[i * n + j] = col[i];
    }
  }
  return rows;
}

/**
 * Step generator: one yielded iterate per path event (and one for the final point). `where` names
 * the solver in messages; 'lassoHomotopy' also selects the LASSO objective at lambda = 0.
 * `observe = false` (bpHomotopy and lassoHomotopy pass it when no history, onIterate or signal
 * reads the iterates) skips the per-event residual, objective and relative change (O(m |S| + n)
 * per event), which are then NaN; the path, x and every result field are the same.
 */
export function* homotopySteps(
  p: Problem,
  opts: HomotopyOptions = {},
  where = 'bpHomotopy',
  observe = true,
): Generator<Iterate, StepsDone, undefined> {
  const { m, n } = p;
  const target = opts.lambda ?? HOMOTOPY_DEFAULTS.lambda;
  const bp = target === 0;
  // the LASSO objective convention unless this is basis pursuit proper (bpHomotopy, lambda 0)
  const lassoObjective = where === 'lassoHomotopy' || !bp;
  const nonneg = opts.nonneg ?? HOMOTOPY_DEFAULTS.nonneg;
  const floorAbsRel = opts.lambdaFloor ?? HOMOTOPY_DEFAULTS.lambdaFloor;
  const tol = opts.tol ?? HOMOTOPY_DEFAULTS.tol;
  const maxIter = opts.maxIter ?? 10 * Math.min(m, n) + 100;
  const S = ActiveSet.acquire(rowsOf(p, where), m, n, opts.kernel ?? 'auto');
  try {
    return yield* path(S, p, { target, bp, lassoObjective, nonneg, floorAbsRel, tol, maxIter, observe });
  } finally {
    S.release();
  }
}

interface PathSettings {
  target: number;
  bp: boolean;
  lassoObjective: boolean;
  nonneg: boolean;
  floorAbsRel: number;
  tol: number;
  maxIter: number;
  observe: boolean;
}

function* path(S: ActiveSet, p: Problem, o: PathSettings): Generator<Iterate, StepsDone, undefined> {
  const { m, n, y } = p;
  const { target, bp, lassoObjective, nonneg, tol, maxIter, observe } = o;
  const x = new Float64Array(n);
  const xOld = observe ? new Float64Array(n) : x;
  const r = new Float64Array(m);
  const cy = S.start(y);
  const { a, c } = S; // A^T A_S d and A^T (y - A x), views updated by S.correlations()
  const breaks: number[] = [];
  let ynorm = 0;
  for (let i = 0; i < m; i++) ynorm += y[i] * y[i];
  ynorm = Math.sqrt(ynorm);
  const objectiveOf = (rn: number): number => (lassoObjective ? 0.5 * rn * rn + target * S.l1() : S.l1());

  let lambda = 0;
  let j0 = -1;
  for (let j = 0; j < n; j++) {
    const v = nonneg ? cy[j] : Math.abs(cy[j]);
    if (v > lambda) {
      lambda = v;
      j0 = j;
    }
  }
  const lambdaMax = lambda;
  breaks.push(lambdaMax);
  const finish = (
    stopReason: StepsDone['stopReason'],
    converged: boolean,
    dual: Float64Array | null,
    theta: number,
    kkt: number,
  ): StepsDone => {
    const rn = S.residual(y, r);
    let dualObjective = Number.NaN;
    if (dual) {
      dualObjective = 0;
      for (let i = 0; i < m; i++) dualObjective += y[i] * dual[i];
    }
    let xmax = 0;
    for (let j = 0; j < n; j++) xmax = Math.max(xmax, Math.abs(x[j]));
    let ns = 0;
    for (let j = 0; j < n; j++) if (Math.abs(x[j]) > 1e-12 * xmax) ns++;
    const support = new Int32Array(ns);
    ns = 0;
    for (let j = 0; j < n; j++) if (Math.abs(x[j]) > 1e-12 * xmax) support[ns++] = j;
    const extra: HomotopyExtra & { support: Int32Array; objective: number; residualNorm: number } = {
      dual,
      theta,
      dualObjective,
      kkt,
      lambdaFinal: lambda,
      lambdaMax,
      breakpoints: Float64Array.from(breaks),
      active: S.idx.slice(0, S.k),
      support,
      objective: objectiveOf(rn),
      residualNorm: rn,
    };
    return { x, converged, stopReason, extra };
  };
  if (lambda <= target || j0 < 0) {
    // x = 0 solves the LASSO for every lambda >= lambda_max; BP has x = 0 only when y = 0
    lambda = Math.max(lambda, target);
    if (bp)
      return ynorm > 0
        ? finish('infeasible', false, null, Number.NaN, Number.NaN)
        : finish('optimal', true, new Float64Array(m), 0, Number.NaN);
    return finish(
      'optimal',
      true,
      Float64Array.from(y, (t) => t / target),
      lambdaMax / target,
      0,
    );
  }
  S.append(j0, nonneg ? 1 : Math.sign(cy[j0]));
  let justRemoved = -1;
  // the sign the column just removed had: it sits on the boundary c_j = lambda s_j, so rejoining
  // with that sign is the trivial event gamma = 0; with the opposite sign it may rejoin later
  let removedSign = 0;
  // columns whose join failed (numerically in the span of A_S, or S already has min(m, n) columns):
  // for such a_j = A_S z, c_j = lambda z^T s = lambda a_j, so its event coincides with lambda = 0
  // up to rounding; it stays out until S changes
  const blocked = new Uint8Array(n);
  const blockedList: number[] = [];
  let justAdded = j0;
  let it = 0;
  const floorAbs = o.floorAbsRel * lambdaMax;
  let reachedTarget = false;
  // d = G^{-1} s and w = G^{-1} A_S^T y change only with S (not after a blocked join)
  let changed = true;
  while (it < maxIter) {
    it++;
    if (changed) S.solve();
    changed = false;
    S.setX(lambda, x);
    S.correlations();
    // the first event as lambda decreases by gamma
    let gamma = lambda - target;
    let ev = 0; // 0: target, 1: a column joins, -1: a column leaves
    let evIdx = -1;
    let evSign = 0;
    const isActive = S.isActive;
    for (let j = 0; j < n; j++) {
      if (isActive[j] || blocked[j]) continue;
      const cj = c[j];
      const aj = a[j];
      const removed = j === justRemoved;
      if (aj < 1 && !(removed && removedSign > 0)) {
        const gp = Math.max(lambda - cj, 0) / (1 - aj);
        if (gp < gamma) {
          gamma = gp;
          ev = 1;
          evIdx = j;
          evSign = 1;
        }
      }
      if (!nonneg && aj > -1 && !(removed && removedSign < 0)) {
        const gm = Math.max(lambda + cj, 0) / (1 + aj);
        if (gm < gamma) {
          gamma = gm;
          ev = 1;
          evIdx = j;
          evSign = -1;
        }
      }
    }
    const { d, xS, idx } = S;
    for (let t = 0; t < S.k; t++) {
      // a column that just joined starts at 0 and moves with its sign: skip its rounding noise
      if (idx[t] === justAdded || d[t] === 0) continue;
      const gt = -xS[t] / d[t];
      if (gt > 0 && gt < gamma) {
        gamma = gt;
        ev = -1;
        evIdx = t;
      }
    }
    lambda -= gamma;
    if (ev === 0 || (bp && lambda <= floorAbs)) {
      lambda = target;
      reachedTarget = true;
      break;
    }
    if (observe) xOld.set(x);
    S.setX(lambda, x);
    if (ev === 1 && !S.append(evIdx, evSign)) {
      blocked[evIdx] = 1;
      blockedList.push(evIdx);
      continue;
    }
    changed = true;
    for (const j of blockedList) blocked[j] = 0;
    blockedList.length = 0;
    justRemoved = -1;
    justAdded = -1;
    if (ev === 1) {
      justAdded = evIdx;
    } else {
      justRemoved = S.idx[evIdx];
      removedSign = S.sgn[evIdx];
      x[justRemoved] = 0;
      S.remove(evIdx);
    }
    breaks.push(lambda);
    if (!observe) {
      yield {
        iteration: it,
        x,
        objective: Number.NaN,
        residualNorm: Number.NaN,
        relChange: Number.NaN,
        info: { lambda, active: S.k, event: ev },
      };
      continue;
    }
    let dx = 0;
    let nx = 0;
    for (let j = 0; j < n; j++) {
      dx += (x[j] - xOld[j]) ** 2;
      nx += x[j] * x[j];
    }
    const rn = S.residual(y, r);
    yield {
      iteration: it,
      x,
      objective: objectiveOf(rn),
      residualNorm: rn,
      relChange: Math.sqrt(dx) / Math.max(Math.sqrt(nx), 1e-300),
      info: { lambda, active: S.k, event: ev },
    };
  }
  if (!reachedTarget) return finish('max-iterations', false, null, Number.NaN, Number.NaN);
  // the final point at the target (d and a are those of the last segment)
  if (observe) xOld.set(x);
  S.setX(lambda, x);
  breaks.push(lambda);
  const k = S.k;
  if (bp) {
    // one refinement of x_S against the normal equations, then the certificate v = A_S d
    S.residual(y, r);
    S.atS(r, S.g);
    S.solveOne(S.g, S.w);
    for (let t = 0; t < k; t++) {
      S.xS[t] += S.w[t];
      x[S.idx[t]] = S.xS[t];
    }
    let theta = 0;
    for (let j = 0; j < n; j++) if (!S.isActive[j]) theta = Math.max(theta, nonneg ? a[j] : Math.abs(a[j]));
    const rn = S.residual(y, r);
    // (the LASSO at lambda = 0 is the least-squares limit: optimal even when y is outside range(A))
    const feasible = rn <= tol * ynorm || lassoObjective;
    yield {
      iteration: it,
      x,
      objective: S.l1(),
      residualNorm: rn,
      relChange: 0,
      info: { lambda: 0, active: k, event: 0 },
    };
    const v = rn <= tol * ynorm ? S.aS(S.d, new Float64Array(m)) : null;
    return finish(feasible ? 'optimal' : 'infeasible', feasible, v, theta, Number.NaN);
  }
  S.correlations();
  const rn = S.residual(y, r);
  const v = new Float64Array(m);
  for (let i = 0; i < m; i++) v[i] = r[i] / lambda;
  let theta = 0;
  let viol = 0;
  for (let t = 0; t < k; t++) viol = Math.max(viol, Math.abs(c[S.idx[t]] - lambda * S.sgn[t]));
  for (let j = 0; j < n; j++) {
    if (S.isActive[j]) continue;
    const cj = nonneg ? c[j] : Math.abs(c[j]);
    theta = Math.max(theta, cj / lambda);
    viol = Math.max(viol, cj - lambda);
  }
  yield {
    iteration: it,
    x,
    objective: objectiveOf(rn),
    residualNorm: rn,
    relChange: 0,
    info: { lambda, active: k, event: 0 },
  };
  return finish('optimal', true, v, theta, viol / lambda);
}

function run(
  where: string,
  A: OperatorInput,
  y: Float64Array,
  opts: HomotopyOptions,
  lassoMode: boolean,
): SolverResult {
  if (opts === null || typeof opts !== 'object')
    throw new CandorError(where, 'opts', 'an options object', String(opts));
  const p = makeProblem(where, A, y, { realOnly: true });
  checkCommon(where, p, opts);
  if (lassoMode || opts.lambda !== undefined) checkLambda(where, opts.lambda);
  if (opts.lambdaFloor !== undefined) checkNumber(where, 'lambdaFloor', opts.lambdaFloor, 0, 1);
  if (opts.nonneg !== undefined && typeof opts.nonneg !== 'boolean') {
    throw new CandorError(where, 'nonneg', 'a boolean', String(opts.nonneg));
  }
  if (opts.kernel !== undefined && opts.kernel !== 'auto' && opts.kernel !== 'js') {
    throw new CandorError(where, 'kernel', "'auto' or 'js'", describe(opts.kernel));
  }
  const lambda = opts.lambda ?? 0;
  // the per-event diagnostics are read by history, onIterate, and an aborted run's result
  const observe = (opts.historyEvery ?? 1) !== 0 || opts.onIterate !== undefined || opts.signal !== undefined;
  return runSteps(
    where,
    p,
    homotopySteps(p, opts, where, observe),
    opts,
    lassoMode || lambda > 0 ? { lambda } : {},
  );
}

/** Basis pursuit (lambda -> 0) by the l1 homotopy; with `lambda > 0` it stops there (LASSO). */
export function bpHomotopy(A: OperatorInput, y: Float64Array, opts: HomotopyOptions = {}): SolverResult {
  return run('bpHomotopy', A, y, opts, false);
}

/** The LASSO solution at `opts.lambda` (required, >= 0) by the l1 homotopy. */
export function lassoHomotopy(
  A: OperatorInput,
  y: Float64Array,
  opts: HomotopyOptions & { lambda: number },
): SolverResult {
  return run('lassoHomotopy', A, y, opts, true);
}
