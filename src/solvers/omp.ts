/**
 * Orthogonal Matching Pursuit (real data, dense matrix or operator).
 *
 * Starting from x = 0, r = y, each step selects the column most correlated with the residual and
 * re-fits all selected columns by least squares:
 *
 *     j_t = argmax_j |a_j^T r_{t-1}|,   S_t = S_{t-1} + {j_t},
 *     x_t = argmin_{supp(x) in S_t} ||y - A x||_2,   r_t = y - A x_t.
 *
 * The least-squares fit is kept as an incremental Cholesky factor of the Gram matrix
 * G = A_S^T A_S = L L^T (core/dense `IncrementalCholesky`): appending column j costs the Gram
 * column A_S^T a_j (O(m t), selected columns are kept contiguous) and one forward substitution
 * L w = A_S^T a_j, L_tt = sqrt(||a_j||^2 - ||w||^2); then x_S = G^{-1} A_S^T y is two
 * triangular solves, O(t^2). The only O(mn) work per step is A^T r (WebAssembly SIMD kernels on
 * a copy of a dense A, src/core/dense/wasm-kernels.ts; for a large A a float32 copy screens the correlations
 * and the candidates for the maximum are re-evaluated exactly, ./greedy-screen.ts, so the
 * selection is unchanged at half the memory traffic; the adjoint for an operator, whose columns
 * A e_j are computed once and cached).
 *
 * Stopping, checked after each step in this order:
 * - 'exact-fit': ||r|| <= zeroTol ||y|| (the residual is numerically zero; default 1e-12);
 * - 'residual-target': ||r|| <= residualTol (converged);
 * - 'sparsity-reached': k atoms selected (converged unless a residualTol was missed);
 * - 'max-iterations': maxIter steps (converged: false);
 * - 'stagnation' (converged: false): the best column is already selected or numerically in the
 *   span of the selected ones (||(I - P_S) a_j|| <= 1e-7 ||a_j||), or A^T r = 0.
 *
 * Agreement with scikit-learn: `OrthogonalMatchingPursuit(n_nonzero_coefs=k, fit_intercept=False)`
 * (which, with fewer samples than features, runs `orthogonal_mp`'s Cholesky OMP) selects the same
 * atoms in the same order and the same coefficients (tested to 1e-10 on committed fixtures);
 * sklearn's `tol` is the squared residual norm, i.e. tol = residualTol^2, and, as there, a
 * residualTol makes k optional. Differences, all in degenerate cases: we stop at an exact fit
 * where sklearn keeps adding atoms with ~1e-16 coefficients; we return x = 0 when ||y|| already
 * meets residualTol (sklearn adds one atom); our dependency test is relative to ||a_j||^2 (sklearn:
 * absolute eps); sklearn also stops when the chosen atom's correlation with y (not r) is below eps.
 *
 * References: Pati, Rezaiifar & Krishnaprasad, "Orthogonal matching pursuit", Asilomar 1993;
 * Tropp & Gilbert, "Signal recovery from random measurements via OMP", IEEE Trans. IT 2007;
 * Rubinstein, Zibulevsky & Elad, "Efficient implementation of the K-SVD algorithm using batch OMP",
 * Technion TR 2008 (the Cholesky update); scikit-learn `sklearn/linear_model/_omp.py`.
 *
 * @example
 * import { omp } from './omp.ts';
 * const A = { rows: 3, cols: 4, data: Float64Array.of(1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1) };
 * const r = omp(A, Float64Array.of(2, 0, -1), { k: 2 });
 * r.x;        // [2, 0, -1, 0]
 * r.support;  // Int32Array [0, 2]; r.stopReason === 'exact-fit'
 */
import { IncrementalCholesky } from '../core/dense/incremental-cholesky.ts';
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { type GreedyKernel, type GreedyOps, checkSparsity, greedyOps } from './greedy-ops.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone, StopReason } from './types.ts';

export interface OmpOptions extends CommonOptions {
  /** Maximum number of atoms (default min(rows, cols)). */
  k?: number;
  /** Stop once ||y - A x||_2 <= residualTol (sklearn's tol is its square). */
  residualTol?: number;
  /** Relative residual ||r|| / ||y|| regarded as zero (stop 'exact-fit'); default 1e-12. */
  zeroTol?: number;
  /** Correlation kernel for a dense A: 'auto' (WebAssembly SIMD when available) or 'js'. */
  kernel?: GreedyKernel;
  /**
   * Float32 screening of the correlations with exact re-evaluation of the candidates
   * (./greedy-screen.ts; the selection is unchanged): default on for dense matrices with more
   * than `OMP_DEFAULTS.screenEntries` entries, where A^T r is memory bound.
   */
  screen?: boolean;
}

/** Defaults of {@link OmpOptions}. */
export const OMP_DEFAULTS = Object.freeze({
  zeroTol: 1e-12,
  /** A new atom is dependent when ||(I - P_S) a_j|| <= dependentTol ||a_j|| (stop 'stagnation'). */
  dependentTol: 1e-7,
  kernel: 'auto' as GreedyKernel,
  /** Dense matrices with more entries (16 MiB of doubles) use float32 screening by default. */
  screenEntries: 2 ** 21,
});

/** OMP step generator: one yield per selected atom. Disposes `ops` when it finishes. */
export function* ompSteps(
  p: Problem,
  ops: GreedyOps,
  opts: OmpOptions,
): Generator<Iterate, StepsDone, undefined> {
  try {
    return yield* ompLoop(p, ops, opts);
  } finally {
    ops.dispose();
  }
}

function* ompLoop(p: Problem, ops: GreedyOps, opts: OmpOptions): Generator<Iterate, StepsDone, undefined> {
  const { m, n, y } = p;
  const kMax = Math.min(opts.k ?? Math.min(m, n), m, n);
  const iterCap = opts.maxIter ?? Number.POSITIVE_INFINITY;
  const zeroTol = opts.zeroTol ?? OMP_DEFAULTS.zeroTol;
  const target = opts.residualTol;
  const x = new Float64Array(n);
  const r = new Float64Array(m);
  const c = new Float64Array(n);
  const cand = new Int32Array(MAX_CANDIDATES);
  const As = new Float64Array(kMax * m); // selected columns, contiguous, in selection order
  const chol = new IncrementalCholesky(kMax, { rtol: OMP_DEFAULTS.dependentTol });
  const g = new Float64Array(kMax); // Gram column of the new atom
  const b = new Float64Array(kMax); // A_S^T y in selection order
  const gamma = new Float64Array(kMax);
  const prev = new Float64Array(kMax);
  // length-(t+1) views, made once: the core factor checks exact lengths
  const gView: Float64Array[] = [];
  const bView: Float64Array[] = [];
  const gammaView: Float64Array[] = [];
  for (let t = 0; t < kMax; t++) {
    gView.push(g.subarray(0, t + 1));
    bView.push(b.subarray(0, t + 1));
    gammaView.push(gamma.subarray(0, t + 1));
  }
  const order = new Int32Array(kMax);
  const active = new Uint8Array(n);
  let yy = 0;
  for (let i = 0; i < m; i++) yy += y[i] * y[i];
  const yNorm = Math.sqrt(yy);
  const finish = (t: number, converged: boolean, stopReason: StopReason): StepsDone => {
    const sel = order.slice(0, t);
    const support = sel.slice().sort();
    return { x, converged, stopReason, extra: { support, order: sel } };
  };
  if (yNorm === 0) return finish(0, true, 'exact-fit');
  if (target !== undefined && yNorm <= target) return finish(0, true, 'residual-target');
  if (iterCap <= 0) return finish(0, false, 'max-iterations');
  let t = 0;
  let j = select(p, ops, y, c, cand);
  for (;;) {
    if (j < 0 || active[j]) return finish(t, false, 'stagnation');
    // Gram column [A_S^T a_j; ||a_j||^2] and the Cholesky append
    const o = t * m;
    ops.gather(j, As, o);
    for (let i = 0; i <= t; i++) {
      const oi = i * m;
      let v0 = 0;
      let v1 = 0;
      let l = 0;
      for (; l + 1 < m; l += 2) {
        v0 += As[oi + l] * As[o + l];
        v1 += As[oi + l + 1] * As[o + l + 1];
      }
      if (l < m) v0 += As[oi + l] * As[o + l];
      g[i] = v0 + v1;
    }
    try {
      chol.append(gView[t]);
    } catch (e) {
      if (e instanceof CandorError && e.kind === 'numerical') return finish(t, false, 'stagnation');
      throw e;
    }
    let ay = 0;
    for (let l = 0; l < m; l++) ay += As[o + l] * y[l];
    b[t] = ay;
    order[t] = j;
    active[j] = 1;
    t++;
    // x_S = G^{-1} A_S^T y by two triangular solves; relative change of x
    chol.solve(bView[t - 1], gammaView[t - 1]);
    let dx = 0;
    let nx = 0;
    for (let i = 0; i < t; i++) {
      const v = gamma[i];
      const d = v - (i < t - 1 ? prev[i] : 0);
      dx += d * d;
      nx += v * v;
      prev[i] = v;
      x[order[i]] = v;
    }
    // residual r = y - A_S x_S
    r.set(y);
    for (let i = 0; i < t; i++) {
      const gi = gamma[i];
      const oi = i * m;
      for (let l = 0; l < m; l++) r[l] -= gi * As[oi + l];
    }
    let rr = 0;
    for (let i = 0; i < m; i++) rr += r[i] * r[i];
    const rn = Math.sqrt(rr);
    yield {
      iteration: t,
      x,
      objective: 0.5 * rr,
      residualNorm: rn,
      relChange: Math.sqrt(dx) / Math.max(Math.sqrt(nx), 1e-300),
      info: { atom: j, atoms: t },
    };
    if (rn <= zeroTol * yNorm) return finish(t, true, 'exact-fit');
    if (target !== undefined && rn <= target) return finish(t, true, 'residual-target');
    if (t >= kMax) return finish(t, target === undefined, 'sparsity-reached');
    if (t >= iterCap) return finish(t, false, 'max-iterations');
    j = select(p, ops, r, c, cand);
  }
}

/** Screening candidates re-evaluated exactly at most; more fall back to exact correlations. */
const MAX_CANDIDATES = 64;

/**
 * The column most correlated with r (first index on exact ties, like numpy.argmax), or -1 when
 * A^T r = 0. With a float32 screen: approximate correlations with bounds e_j, then exact a_j^T r
 * for every j that could be the maximiser. c receives the (approximate) correlations.
 */
function select(p: Problem, ops: GreedyOps, r: Float64Array, c: Float64Array, cand: Int32Array): number {
  const n = p.n;
  const screen = ops.screen;
  if (screen) {
    p.calls.adjoint++;
    const kappa = screen.correlate(r, c);
    const norms = screen.norms;
    let floor = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(c[i]) - kappa * norms[i];
      if (v > floor) floor = v;
    }
    let count = 0;
    for (let i = 0; i < n && count <= MAX_CANDIDATES; i++) {
      if (Math.abs(c[i]) + kappa * norms[i] >= floor) {
        if (count < MAX_CANDIDATES) cand[count] = i;
        count++;
      }
    }
    if (count <= MAX_CANDIDATES) {
      let j = -1;
      let best = 0;
      for (let t = 0; t < count; t++) {
        const v = Math.abs(ops.dotColumn(cand[t], r));
        if (v > best) {
          best = v;
          j = cand[t];
        }
      }
      return j;
    }
  }
  ops.correlate(r, c);
  let j = -1;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(c[i]);
    if (v > best) {
      best = v;
      j = i;
    }
  }
  return j;
}

/**
 * OMP: at most k atoms (default min(rows, cols)), or until ||y - Ax|| <= residualTol, or an
 * exact fit. Real data only. Result: x, support (ascending), extra.order (selection order).
 */
export function omp(A: OperatorInput, y: Float64Array, opts: OmpOptions = {}): SolverResult {
  const where = 'omp';
  const p = makeProblem(where, A, y, { realOnly: true });
  if (typeof opts !== 'object' || opts === null)
    throw new CandorError(where, 'opts', 'an options object', describe(opts));
  checkCommon(where, p, opts);
  if (opts.x0 !== undefined)
    throw new CandorError(where, 'x0', 'undefined (OMP starts from x = 0)', describe(opts.x0));
  if (opts.tol !== undefined) {
    throw new CandorError(
      where,
      'tol',
      'undefined (OMP stops on k, residualTol or zeroTol)',
      describe(opts.tol),
    );
  }
  if (opts.zeroTol !== undefined) checkNumber(where, 'zeroTol', opts.zeroTol, 0);
  if (opts.k !== undefined) checkSparsity(where, opts.k, p);
  if (opts.residualTol !== undefined) checkNumber(where, 'residualTol', opts.residualTol, 0);
  if (opts.screen !== undefined && typeof opts.screen !== 'boolean') {
    throw new CandorError(where, 'screen', 'a boolean', describe(opts.screen));
  }
  const screen = opts.screen ?? p.m * p.n > OMP_DEFAULTS.screenEntries;
  const ops = greedyOps(p, opts.kernel ?? OMP_DEFAULTS.kernel, { screen });
  return runSteps(where, p, ompSteps(p, ops, opts), opts);
}
