/**
 * The exact LASSO path for the weight choice (./lambda-lasso.ts): the l1 homotopy of ./homotopy.ts
 * followed once from lambda_max = ||A^T y||_inf down to the smallest weight of the grid gives every
 * knot lambda_0 = lambda_max > lambda_1 > ... > lambda_K = the smallest weight, and between two knots
 * the solution is linear in lambda (Osborne, Presnell & Turlach 2000; Efron et al., "Least angle
 * regression", Ann. Statist. 32 (2004) 407):
 *
 *     x(lambda) = (1 - t) x_k + t x_{k+1},   t = (lambda_k - lambda) / (lambda_k - lambda_{k+1}),
 *
 * so the solutions on a geometric grid cost one interpolation each, with no tolerance and no
 * iteration count, and df(lambda) = |support of x(lambda)| (Zou, Hastie & Tibshirani, Ann. Statist.
 * 35 (2007) 2173) is the active set of the segment. On a segment df is constant and ||r(lambda)||
 * grows with lambda, so SURE = ||r||^2 - N tau^2 + 2 tau^2 df and GCV = (||r||^2 / N) / (1 - df/N)^2
 * are smallest at the segment's lower knot: their minimum over every lambda between the grid's ends
 * is their minimum over the knots (`knotCriterion`), evaluated with the knot's own support (as
 * scikit-learn's `LassoLarsIC` does for AIC / BIC).
 *
 * Cost: one homotopy, O(mn + n |S|) per knot, against 50 warm-started coordinate-descent solves
 * to 1e-9 before. Dense real matrices only (operators and complex data keep the solver path of
 * ./lambda-lasso.ts).
 *
 * @example
 * import { lassoGridPath } from './lambda-lasso-path.ts';
 * import { geometricLambdas } from './lambda-choice.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 1, 1, 0, -1) };
 * const y = Float64Array.of(2, 0.5);
 * const g = lassoGridPath(A, y, geometricLambdas(4, 0.4, 3));   // lambda_max = ||A^T y||_inf = 4
 * g.xs[1];                          // at lambda = 1.26: [0, 0.6838, 0] (one column active)
 * g.xs[2];                          // at lambda = 0.4: [0.3, 0.75, 0], as lassoHomotopy gives
 * g.knots.map((k) => k.lambda);     // [4, 1, 0.4]: lambda_max, a column joins at 1, the end
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { homotopySteps } from './homotopy.ts';
import type { Iterate, StepsDone } from './types.ts';
import { type DenseLike, makeProblem } from './problem.ts';

/** One knot of the path: its weight, residual norm, l1 norm, support size and the solution (sparse). */
export interface LassoKnot {
  lambda: number;
  residualNorm: number;
  penalty: number;
  df: number;
  /** Non-zero entries of x at the knot. */
  index: Int32Array;
  value: Float64Array;
}

export interface LassoGridPath {
  /** The knots from lambda_max down to the grid's smallest weight (both included). */
  knots: LassoKnot[];
  /** x at every grid weight (dense copies, in grid order). */
  xs: Float64Array[];
  /** False when the homotopy stopped before the grid's smallest weight (its event limit). */
  complete: boolean;
  /** Path events (homotopy iterations). */
  events: number;
}

/** The non-zero entries of x (index, value) and ||x||_1: a knot's solution stored sparse. */
export function sparseKnot(x: Float64Array): { index: Int32Array; value: Float64Array; l1: number } {
  let k = 0;
  let l1 = 0;
  for (let j = 0; j < x.length; j++) {
    if (x[j] !== 0) {
      k++;
      l1 += Math.abs(x[j]);
    }
  }
  const index = new Int32Array(k);
  const value = new Float64Array(k);
  k = 0;
  for (let j = 0; j < x.length; j++) {
    if (x[j] !== 0) {
      index[k] = j;
      value[k++] = x[j];
    }
  }
  return { index, value, l1 };
}

/** A^T y for a row-major dense matrix (its largest modulus is the path's first knot). */
function correlations(A: DenseLike, y: Float64Array): Float64Array {
  const { rows: m, cols: n, data } = A;
  const g = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const yi = y[i];
    if (yi === 0) continue;
    const o = i * n;
    for (let j = 0; j < n; j++) g[j] += data[o + j] * yi;
  }
  return g;
}

/**
 * Walks the exact path of a dense real LASSO down to `smallest`, calling `onKnot(lambda, x,
 * residualNorm)` at lambda_max (x = 0), at every event, and at `smallest` (when lambda_max is
 * larger); `onKnot` returns false to stop early. `complete` is false only when the homotopy hit
 * its event limit (`maxEvents`, default the homotopy's 10 min(m, n) + 100) before `smallest`.
 */
export function walkLassoPath(
  A: DenseLike,
  y: Float64Array,
  smallest: number,
  onKnot: (lambda: number, x: Float64Array, residualNorm: number) => boolean,
  maxEvents?: number,
): { complete: boolean; events: number } {
  const where = 'walkLassoPath';
  const p = makeProblem(where, A, y, { realOnly: true });
  if (!(smallest > 0) || !Number.isFinite(smallest)) throw new CandorError(where, 'smallest', 'a finite number > 0', String(smallest));
  let ynorm = 0;
  for (let i = 0; i < y.length; i++) ynorm += y[i] * y[i];
  ynorm = Math.sqrt(ynorm);
  const zero = new Float64Array(p.n);
  const aty = correlations(A, y);
  let lmax = 0;
  for (let j = 0; j < p.n; j++) lmax = Math.max(lmax, Math.abs(aty[j]));
  // at a knot (A^T r)_j = lambda sign(x_j) on the support, so ||r||^2 = y^T r - lambda ||x||_1
  // = ||y||^2 - (A^T y)^T x - lambda ||x||_1: O(|S|) instead of forming r
  const residualAt = (lambda: number, x: Float64Array): number => {
    let s = ynorm * ynorm;
    for (let j = 0; j < x.length; j++) {
      const v = x[j];
      if (v !== 0) s -= aty[j] * v + lambda * Math.abs(v);
    }
    return Math.sqrt(Math.max(s, 0));
  };
  if (!onKnot(Math.max(lmax, smallest), zero, ynorm)) return { complete: true, events: 0 };
  if (lmax <= smallest) {
    onKnot(smallest, zero, ynorm);
    return { complete: true, events: 0 };
  }
  const steps = homotopySteps(p, { lambda: smallest, ...(maxEvents !== undefined ? { maxIter: checkInt(where, 'maxEvents', maxEvents, 1) } : {}) }, 'lassoHomotopy', false);
  let events = 0;
  try {
    for (;;) {
      const s = steps.next();
      if (s.done) return { complete: s.value.stopReason === 'optimal', events };
      events++;
      const lambda = (s.value.info as { lambda: number }).lambda;
      if (!onKnot(lambda, s.value.x, residualAt(lambda, s.value.x))) return { complete: true, events };
    }
  } finally {
    // an early stop releases the homotopy's workspace (its finally block)
    steps.return(undefined as never);
  }
}

/**
 * The exact path on a decreasing grid, pulled one grid weight at a time: `at(i)` follows the
 * homotopy only as far as `lambdas[i]` (the first knot at or below it) and interpolates between
 * the two knots around it, so a caller that stops early (./lambda-lasso.ts: a rule past its
 * minimum) never pays for the path's tail, where the support approaches m and each event costs
 * O(mn + n |S|). Weights at or above lambda_max (within rounding: the caller's lambda_max may be
 * summed in another order) get x = 0. `onKnot` sees every knot (lambda_max first) as it is
 * reached. `close()` releases the homotopy's workspace (also done when the path ends).
 *
 * @example
 * import { LassoGridCursor } from './lambda-lasso-path.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 1, 1, 0, -1) };
 * const c = new LassoGridCursor(A, Float64Array.of(2, 0.5), Float64Array.of(4, 1.26, 0.4));
 * c.at(1);   // [0, 0.6838, 0]; c.events: 1 (the path stopped at the knot lambda = 1)
 * c.close();
 */
export class LassoGridCursor {
  /** Path events so far (homotopy iterations). */
  events = 0;
  /** True once the homotopy reached the grid's smallest weight. */
  reachedEnd = false;
  /** True when the homotopy stopped at its event limit before the grid's smallest weight. */
  limitHit = false;
  /** The next grid index `at` accepts (grid weights are visited in order). */
  next = 0;
  private readonly n: number;
  private prev: Float64Array;
  private cur: Float64Array;
  private readonly xg: Float64Array;
  private lPrev = Number.NaN;
  private lCur: number;
  private readonly lmax: number;
  private readonly aty: Float64Array;
  private readonly ynorm2: number;
  private steps: Generator<Iterate, StepsDone, undefined> | null = null;
  private closed = false;

  constructor(
    A: DenseLike,
    y: Float64Array,
    private readonly lambdas: Float64Array,
    maxEvents?: number,
    private readonly onKnot?: (lambda: number, x: Float64Array, residualNorm: number) => void,
  ) {
    const where = 'LassoGridCursor';
    const p = makeProblem(where, A, y, { realOnly: true });
    if (!(lambdas instanceof Float64Array) || lambdas.length === 0) throw new CandorError(where, 'lambdas', 'a non-empty Float64Array', describe(lambdas));
    for (let i = 0; i < lambdas.length; i++) {
      const l = lambdas[i];
      if (!(l > 0) || !Number.isFinite(l)) throw new CandorError(where, `lambdas[${i}]`, 'a finite number > 0', String(l));
      if (i > 0 && !(l < lambdas[i - 1])) throw new CandorError(where, 'lambdas', 'a strictly decreasing grid', `lambdas[${i - 1}] = ${lambdas[i - 1]}, lambdas[${i}] = ${l}`);
    }
    const smallest = lambdas[lambdas.length - 1];
    this.n = p.n;
    this.prev = new Float64Array(p.n);
    this.cur = new Float64Array(p.n);
    this.xg = new Float64Array(p.n);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * y[i];
    this.ynorm2 = s;
    this.aty = correlations(A, y);
    let lmax = 0;
    for (let j = 0; j < p.n; j++) lmax = Math.max(lmax, Math.abs(this.aty[j]));
    this.lmax = lmax;
    this.lCur = Math.max(lmax, smallest);
    onKnot?.(this.lCur, this.cur, Math.sqrt(s));
    if (lmax <= smallest) {
      // x = 0 down to the smallest weight: that weight is the last knot
      onKnot?.(smallest, this.cur, Math.sqrt(s));
      this.reachedEnd = true;
      return;
    }
    this.steps = homotopySteps(p, { lambda: smallest, ...(maxEvents !== undefined ? { maxIter: checkInt(where, 'maxEvents', maxEvents, 1) } : {}) }, 'lassoHomotopy', false);
  }

  /**
   * ||y - A x||^2 at a point of the path: at a knot, and on a segment, (A^T r)_j = lambda sign(x_j)
   * on the support, so ||r||^2 = y^T r - lambda ||x||_1 = ||y||^2 - (A^T y)^T x - lambda ||x||_1 (O(|S|)).
   */
  residualNorm(lambda: number, x: Float64Array): number {
    let s = this.ynorm2;
    const aty = this.aty;
    for (let j = 0; j < x.length; j++) {
      const v = x[j];
      if (v !== 0) s -= aty[j] * v + lambda * Math.abs(v);
    }
    return Math.sqrt(Math.max(s, 0));
  }

  /** One more knot into `cur` (the last into `prev`); false when the homotopy has ended. */
  private advance(): boolean {
    const steps = this.steps;
    if (!steps) return false;
    const s = steps.next();
    if (s.done) {
      this.steps = null;
      this.reachedEnd = s.value.stopReason === 'optimal';
      this.limitHit = !this.reachedEnd;
      return false;
    }
    this.events++;
    const lambda = (s.value.info as { lambda: number }).lambda;
    // the last knot becomes the previous one (a swap, not a copy)
    const t = this.prev;
    this.prev = this.cur;
    this.cur = t;
    this.lPrev = this.lCur;
    t.set(s.value.x);
    this.lCur = lambda;
    this.onKnot?.(lambda, this.cur, this.residualNorm(lambda, this.cur));
    return true;
  }

  /**
   * x at the grid weight `lambdas[i]` (a scratch buffer: copy it to keep it), or null when the
   * homotopy stopped at its event limit before it. Indices must come in increasing order.
   */
  at(i: number): Float64Array | null {
    const where = 'LassoGridCursor.at';
    if (this.next >= this.lambdas.length) throw new CandorError(where, 'grid index', `none: all ${this.lambdas.length} were visited`, String(i));
    if (this.closed) throw new CandorError(where, 'cursor', 'an open cursor (close() released its workspace)', `closed before grid index ${this.next}`);
    if (i !== this.next) throw new CandorError(where, 'grid index', `the next one, ${this.next}`, String(i));
    const lg = this.lambdas[i];
    const xg = this.xg;
    if (Number.isNaN(this.lPrev) && lg >= this.lCur * (1 - 1e-12)) {
      // at or above lambda_max: x = 0
      this.next++;
      xg.fill(0);
      return xg;
    }
    while (this.lCur > lg) {
      if (!this.advance()) {
        if (this.limitHit) return null;
        break;
      }
    }
    this.next++;
    if (Number.isNaN(this.lPrev)) {
      // the path ended at lambda_max <= the smallest weight: x = 0 throughout
      xg.fill(0);
      return xg;
    }
    const { prev, cur, n } = this;
    const span = this.lPrev - this.lCur;
    const t = span > 0 ? (this.lPrev - lg) / span : 1;
    for (let j = 0; j < n; j++) xg[j] = prev[j] === 0 && cur[j] === 0 ? 0 : (1 - t) * prev[j] + t * cur[j];
    if (i === this.lambdas.length - 1) this.close();
    return xg;
  }

  /** lambda_max = ||A^T y||_inf as the cursor summed it. */
  get lambdaMax(): number {
    return this.lmax;
  }

  /** Releases the homotopy's workspace (its finally block); the cursor must not be advanced afterwards. */
  close(): void {
    this.closed = true;
    if (this.steps) {
      this.steps.return(undefined as never);
      this.steps = null;
    }
  }
}

/**
 * The path's solutions on a decreasing grid, by interpolation between knots: `onGrid(i, x)` for
 * every grid index in order (x is a scratch buffer: copy it to keep it), returning false to stop;
 * `onKnot` sees every knot first. Weights above lambda_max get x = 0.
 */
export function walkLassoGrid(
  A: DenseLike,
  y: Float64Array,
  lambdas: Float64Array,
  onGrid: (i: number, x: Float64Array) => boolean,
  onKnot?: (lambda: number, x: Float64Array, residualNorm: number) => void,
  maxEvents?: number,
): { complete: boolean; events: number } {
  const c = new LassoGridCursor(A, y, lambdas, maxEvents, onKnot);
  try {
    for (let i = 0; i < lambdas.length; i++) {
      const x = c.at(i);
      if (!x) return { complete: false, events: c.events };
      if (!onGrid(i, x)) return { complete: true, events: c.events };
    }
    return { complete: true, events: c.events };
  } finally {
    c.close();
  }
}

/** The whole exact path down to the grid's smallest weight: its knots and x on the grid. */
export function lassoGridPath(A: DenseLike, y: Float64Array, lambdas: Float64Array, maxEvents?: number): LassoGridPath {
  const knots: LassoKnot[] = [];
  const xs: Float64Array[] = [];
  const r = walkLassoGrid(
    A,
    y,
    lambdas,
    (_i, x) => {
      xs.push(x.slice());
      return true;
    },
    (lambda, x, residualNorm) => {
      const s = sparseKnot(x);
      knots.push({ lambda, residualNorm, penalty: s.l1, df: s.index.length, index: s.index, value: s.value });
    },
    maxEvents,
  );
  return { knots, xs, complete: r.complete, events: r.events };
}

/** The knot minimising SURE or GCV (ties: the larger lambda), with the curve at every knot. */
export function knotCriterion(
  knots: readonly LassoKnot[],
  rule: 'sure' | 'gcv',
  N: number,
  tau: number | null,
): { values: Float64Array; index: number } {
  const where = 'knotCriterion';
  if (knots.length === 0) throw new CandorError(where, 'knots', 'at least one knot', '0');
  if (rule === 'sure' && !(tau !== null && tau > 0)) throw new CandorError(where, 'noise level', 'a noise std > 0 for SURE', String(tau));
  const values = new Float64Array(knots.length);
  let best = 0;
  for (let k = 0; k < knots.length; k++) {
    const r2 = knots[k].residualNorm ** 2;
    const df = knots[k].df;
    if (rule === 'sure') {
      const t2 = (tau as number) ** 2;
      values[k] = r2 - N * t2 + 2 * t2 * df;
    } else {
      const d = 1 - df / N;
      values[k] = d > 0 ? r2 / N / (d * d) : Infinity;
    }
    if (values[k] < values[best]) best = k;
  }
  return { values, index: best };
}
