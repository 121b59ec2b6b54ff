/**
 * Coordinate descent for the LASSO on a dense real matrix,
 *
 *     min_x F(x) = 1/2 ||A x - y||^2 + lambda ||x||_1,
 *
 * with a working (active) set. One coordinate update is exact minimisation along column a_j with
 * the residual r = y - A x kept up to date (covariance-free: no Gram matrix is formed):
 *
 *     x_j <- S(x_j + a_j^T r / ||a_j||^2, lambda / ||a_j||^2),   r <- r - a_j (x_j^new - x_j^old)
 *
 * (S the soft threshold). The KKT conditions of the LASSO are, with g = A^T (y - A x),
 *
 *     g_j = lambda sign(x_j)  where x_j != 0,      |g_j| <= lambda  where x_j = 0,
 *
 * and the violation of coordinate j is v_j = |g_j - lambda sign(x_j)| (x_j != 0) or
 * max(|g_j| - lambda, 0) (x_j = 0). Working-set strategy (Massias, Gramfort & Salmon 2018,
 * "Celer"; Johnson & Guestrin 2015, "Blitz"): a full pass g = A^T r (on the row-major matrix)
 * computes every v_j exactly; the next working set is the support of x plus the largest violators
 * outside it, twice the support's size (at least `workingSet`); coordinate descent then sweeps only
 * the working set (its columns copied out once, on first use) until its largest step c_j |dx_j|
 * (the violation of j when visited) drops below a tenth of the last full violation; then another
 * full pass. Full passes therefore only confirm: the solver stops when the exact KKT residual
 * max_j v_j of a full pass is <= tol * lambda_max, lambda_max = ||A^T y||_inf, and
 * `converged: true` certifies exactly that. From a cold start the target is approached by
 * continuation (glmnet's pathwise strategy): lambda_max q, lambda_max q^2, ... (q = `continuation`,
 * default 0.1), each solved to a KKT residual of 1% of its lambda and warm-starting the next, so
 * that working sets stay small even for tiny lambda. The duality gap P(x) - D(theta) with the
 * scaled residual theta = r min(1, lambda / ||A^T r||_inf) is reported as `extra.gap`.
 *
 * One iteration is one pass over the working set or one full KKT pass (`info.full` = 1).
 * Real data and a dense matrix only (a `{ rows, cols, data }` matrix or an operator exposing one
 * as `dense`, e.g. `matrixOperator`); use `fista` for operators and complex data.
 *
 * References: Friedman, Hastie & Tibshirani, "Regularization paths for generalized linear models
 * via coordinate descent", J. Stat. Softw. 2010 (glmnet); Wu & Lange 2008; Tseng 2001 (convergence).
 *
 * @example
 * import { lassoCD } from './coordinate-descent.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) };
 * const r = lassoCD(A, Float64Array.of(1, 0), { lambda: 0.1 });
 * r.x; // [0.9, 0, 0] (to 1e-15); r.converged === true, r.extra.kkt <= 1e-9 * lambdaMax
 */
import { CandorError, checkInt, checkNumber } from '../core/errors.ts';
import { topK } from '../core/topk.ts';
import { checkLambda, type DenseLike, makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface LassoCDOptions extends CommonOptions {
  /** Penalty weight (required), >= 0. */
  lambda: number;
  /** Smallest working set (default 16); otherwise twice the current support. */
  workingSet?: number;
  /** Continuation ratio q in [0, 1) (default 0.1; 0 disables): see the file comment. */
  continuation?: number;
}

/** Defaults of {@link LassoCDOptions}. */
export const LASSO_CD_DEFAULTS = Object.freeze({
  /** Passes (working-set sweeps plus full KKT passes). */
  maxIter: 100000,
  /** Stop when the KKT residual max_j v_j <= tol * ||A^T y||_inf. */
  tol: 1e-9,
  workingSet: 16,
  continuation: 0.1,
});

/** The dense matrix behind a problem (given directly or exposed by an operator as `dense`). */
export function denseMatrixOf(where: string, p: Problem): DenseLike {
  const d = p.dense ?? (p.op as unknown as { dense?: DenseLike } | null)?.dense;
  if (!d || !(d.data instanceof Float64Array) || d.rows !== p.m || d.cols !== p.n) {
    throw new CandorError(
      where,
      'A',
      'a dense matrix { rows, cols, data } (coordinate descent needs columns)',
      `operator ${p.name}`,
    );
  }
  return d;
}

/** sum_i col[o + i] r[i], i < m (4-way unrolled). */
function colDot(a: Float64Array, o: number, r: Float64Array, m: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    s0 += a[o + i] * r[i];
    s1 += a[o + i + 1] * r[i + 1];
    s2 += a[o + i + 2] * r[i + 2];
    s3 += a[o + i + 3] * r[i + 3];
  }
  for (; i < m; i++) s0 += a[o + i] * r[i];
  return s0 + s1 + (s2 + s3);
}

/** r -= d col (4-way unrolled). */
function colAxpy(a: Float64Array, o: number, d: number, r: Float64Array, m: number): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    r[i] -= d * a[o + i];
    r[i + 1] -= d * a[o + i + 1];
    r[i + 2] -= d * a[o + i + 2];
    r[i + 3] -= d * a[o + i + 3];
  }
  for (; i < m; i++) r[i] -= d * a[o + i];
}

/** g = A^T v for row-major A (m x n), four rows at a time. */
function atMul(a: Float64Array, m: number, n: number, v: Float64Array, g: Float64Array): void {
  g.fill(0);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const v0 = v[i];
    const v1 = v[i + 1];
    const v2 = v[i + 2];
    const v3 = v[i + 3];
    const o0 = i * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    for (let j = 0; j < n; j++) g[j] += v0 * a[o0 + j] + v1 * a[o1 + j] + v2 * a[o2 + j] + v3 * a[o3 + j];
  }
  for (; i < m; i++) {
    const vi = v[i];
    const o = i * n;
    for (let j = 0; j < n; j++) g[j] += vi * a[o + j];
  }
}

/** KKT violation of coordinate j with correlation g and value xj. */
function violation(g: number, xj: number, lambda: number): number {
  if (xj > 0) return Math.abs(g - lambda);
  if (xj < 0) return Math.abs(g + lambda);
  const v = Math.abs(g) - lambda;
  return v > 0 ? v : 0;
}

/** Step generator: working-set coordinate descent (see the file comment). */
export function* lassoCDSteps(p: Problem, opts: LassoCDOptions): Generator<Iterate, StepsDone, undefined> {
  const lambda = opts.lambda;
  const maxIter = opts.maxIter ?? LASSO_CD_DEFAULTS.maxIter;
  const tol = opts.tol ?? LASSO_CD_DEFAULTS.tol;
  const ws0 = opts.workingSet ?? LASSO_CD_DEFAULTS.workingSet;
  const D = denseMatrixOf('lassoCD', p);
  const { m, n, y } = p;
  const a = D.data;
  // working-set columns are copied out of the row-major matrix on first use (no full transpose)
  let cap = Math.min(n, 64);
  let cols = new Float64Array(cap * m);
  let used = 0;
  const slot = new Int32Array(n).fill(-1);
  const cn = new Float64Array(n);
  const colOf = (j: number): number => {
    let sl = slot[j];
    if (sl < 0) {
      if (used === cap) {
        cap = Math.min(n, 2 * cap);
        const grown = new Float64Array(cap * m);
        grown.set(cols);
        cols = grown;
      }
      sl = used++;
      slot[j] = sl;
      const o = sl * m;
      let q = 0;
      for (let i = 0; i < m; i++) {
        const v = a[i * n + j];
        cols[o + i] = v;
        q += v * v;
      }
      cn[j] = q;
    }
    return sl * m;
  };
  const x = opts.x0 ? opts.x0.slice() : new Float64Array(n);
  const r = y.slice();
  const ws = new Int32Array(n);
  const wsOff = new Int32Array(n);
  const inWs = new Uint8Array(n);
  let wsLen = 0;
  for (let j = 0; j < n; j++) {
    if (x[j] !== 0) {
      const o = colOf(j); // (may grow `cols`: take the offset first)
      colAxpy(cols, o, x[j], r, m); // r = y - A x
      ws[wsLen++] = j;
      inWs[j] = 1;
    }
  }
  const viol = new Float64Array(n);
  const corr = new Float64Array(n);
  const pick = new Int32Array(n);
  const scratch = { mag: new Float64Array(n), idx: new Int32Array(n) };
  let lambdaMax = 0;
  atMul(a, m, n, y, corr);
  for (let j = 0; j < n; j++) if (Math.abs(corr[j]) > lambdaMax) lambdaMax = Math.abs(corr[j]);
  p.calls.adjoint++;
  const target = tol * (lambdaMax > 0 ? lambdaMax : 1);
  let it = 0;
  let lastViol = Infinity;
  const l1Ws = () => {
    let s = 0;
    for (let t = 0; t < wsLen; t++) s += Math.abs(x[ws[t]]);
    return s;
  };
  const rr = () => {
    let s = 0;
    for (let i = 0; i < m; i++) s += r[i] * r[i];
    return s;
  };
  const finish = (converged: boolean, kkt: number, gInf: number): StepsDone => {
    if (Number.isNaN(kkt)) {
      // stopped inside a working-set sweep: one more pass for the exact KKT residual
      p.calls.adjoint++;
      kkt = 0;
      gInf = 0;
      atMul(a, m, n, r, corr);
      for (let j = 0; j < n; j++) {
        const g = corr[j];
        if (Math.abs(g) > gInf) gInf = Math.abs(g);
        const v = violation(g, x[j], lambda);
        if (v > kkt) kkt = v;
      }
    }
    const res2 = rr();
    const l1 = l1Ws();
    const primal = 0.5 * res2 + lambda * l1;
    // dual point theta = s r feasible for ||A^T theta||_inf <= lambda
    const s = gInf > lambda ? lambda / gInf : 1;
    let yr = 0;
    for (let i = 0; i < m; i++) yr += y[i] * r[i];
    const dual = s * yr - 0.5 * s * s * res2;
    let k = 0;
    for (let j = 0; j < n; j++) if (x[j] !== 0) k++;
    const support = new Int32Array(k);
    k = 0;
    for (let j = 0; j < n; j++) if (x[j] !== 0) support[k++] = j;
    return {
      x,
      converged,
      stopReason: converged ? 'tolerance' : 'max-iterations',
      extra: {
        support,
        objective: primal,
        residualNorm: Math.sqrt(res2),
        kkt,
        gap: primal - dual,
        lambdaMax,
        workingSet: wsLen,
      },
    };
  };
  // continuation (glmnet): from a cold start, solve for lam = lambdaMax q, lambdaMax q^2, ... to a
  // loose KKT tolerance, each warm-starting the next, so working sets stay small for tiny lambda
  const q = opts.continuation ?? LASSO_CD_DEFAULTS.continuation;
  let lam = lambda;
  if (!opts.x0 && q > 0 && lambdaMax * q > lambda) lam = lambdaMax * q;
  let kkt = 0;
  let gInf = 0;
  let outside = 0;
  const evaluate = () => {
    kkt = 0;
    outside = 0;
    for (let j = 0; j < n; j++) {
      const v = violation(corr[j], x[j], lam);
      if (v > kkt) kkt = v;
      viol[j] = x[j] !== 0 || v <= target ? 0 : v;
      if (viol[j] > 0) outside++;
    }
  };
  for (;;) {
    // full KKT pass: exact correlations and violations
    it++;
    p.calls.adjoint++;
    gInf = 0;
    atMul(a, m, n, r, corr);
    for (let j = 0; j < n; j++) if (Math.abs(corr[j]) > gInf) gInf = Math.abs(corr[j]);
    evaluate();
    while (lam > lambda && kkt <= Math.max(target, 0.01 * lam)) {
      lam = lam * q < Math.max(lambda, target) ? lambda : lam * q; // (lambda = 0: least squares)
      evaluate();
    }
    const res2 = rr();
    yield {
      iteration: it,
      x,
      objective: 0.5 * res2 + lambda * l1Ws(),
      residualNorm: Math.sqrt(res2),
      relChange: 0,
      info: { full: 1, kkt, workingSet: wsLen, lambda: lam },
    };
    if (lam === lambda && kkt <= target) return finish(true, kkt, gInf);
    if (it >= maxIter) return finish(false, lam === lambda ? kkt : Number.NaN, gInf);
    // new working set (Celer's rule): the support plus the largest violators outside it, twice
    // the support's size (at least `workingSet`); coordinates that went to zero drop out
    let supp = 0;
    for (let t = 0; t < wsLen; t++) inWs[ws[t]] = 0;
    wsLen = 0;
    for (let j = 0; j < n; j++) {
      if (x[j] !== 0) {
        ws[wsLen++] = j;
        inWs[j] = 1;
        supp++;
      }
    }
    if (outside > 0) {
      const budget = Math.min(outside, Math.max(ws0, 2 * supp) - supp);
      if (budget > 0) {
        topK(viol, budget, pick, false, scratch);
        for (let t = 0; t < budget; t++) {
          ws[wsLen++] = pick[t];
          inWs[pick[t]] = 1;
        }
      }
    }
    const innerTol = Math.max(0.5 * target, 0.1 * Math.min(kkt, lastViol));
    lastViol = kkt;
    for (let t = 0; t < wsLen; t++) wsOff[t] = colOf(ws[t]);
    // coordinate descent on the working set
    for (;;) {
      it++;
      let maxStep = 0;
      let dx2 = 0;
      let x2 = 0;
      for (let t = 0; t < wsLen; t++) {
        const j = ws[t];
        const c = cn[j];
        if (c === 0) continue;
        const o = wsOff[t];
        const old = x[j];
        const z = old * c + colDot(cols, o, r, m);
        const nv = z > lam ? (z - lam) / c : z < -lam ? (z + lam) / c : 0;
        x2 += nv * nv;
        if (nv !== old) {
          const d = nv - old;
          colAxpy(cols, o, d, r, m);
          const step = c * Math.abs(d);
          if (step > maxStep) maxStep = step;
          dx2 += d * d;
          x[j] = nv;
        }
      }
      const r2 = rr();
      const objective = 0.5 * r2 + lambda * l1Ws();
      if (!Number.isFinite(objective)) return { x, converged: false, stopReason: 'diverged' };
      yield {
        iteration: it,
        x,
        objective,
        residualNorm: Math.sqrt(r2),
        relChange: Math.sqrt(dx2) / Math.max(Math.sqrt(x2), 1e-300),
        info: { full: 0, step: maxStep, workingSet: wsLen },
      };
      if (maxStep <= innerTol) break;
      if (it >= maxIter) return finish(false, Number.NaN, Number.NaN);
    }
  }
}

/**
 * LASSO by working-set coordinate descent (dense real A). Options: `lambda` (required), `tol`
 * (KKT residual relative to lambda_max, default 1e-9), `maxIter` (passes), `x0`, `workingSet`.
 * The result's `extra` holds `kkt` (final KKT residual), `gap` (duality gap), `lambdaMax`.
 */
export function lassoCD(A: OperatorInput, y: Float64Array, opts: LassoCDOptions): SolverResult {
  const where = 'lassoCD';
  const p = makeProblem(where, A, y, { realOnly: true });
  if (!opts || typeof opts !== 'object')
    throw new CandorError(where, 'opts', 'an options object with lambda', String(opts));
  checkLambda(where, opts.lambda);
  checkCommon(where, p, opts);
  if (opts.workingSet !== undefined) checkInt(where, 'workingSet', opts.workingSet, 1);
  if (opts.continuation !== undefined) checkNumber(where, 'continuation', opts.continuation, 0, 0.99);
  denseMatrixOf(where, p);
  return runSteps(where, p, lassoCDSteps(p, opts), opts, { lambda: opts.lambda });
}
