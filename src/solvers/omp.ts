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
 * G = A_S^T A_S = L L^T: appending column j costs one forward substitution
 * L w = A_S^T a_j, L_tt = sqrt(||a_j||^2 - ||w||^2), O(m t + t^2) in all; then
 * L z = A_S^T y grows by one entry and L^T x_S = z is one back substitution. The only O(mn)
 * work per step is A^T r (a WebAssembly SIMD kernel on a column-major copy of a dense A; the
 * adjoint for an operator, whose columns A e_j are computed once and cached).
 *
 * Stopping, checked after each step in this order:
 * - 'exact-fit': ||r|| <= zeroTol ||y|| (the residual is numerically zero; default 1e-12);
 * - 'residual-target': ||r|| <= residualTol (converged);
 * - 'sparsity-reached': k atoms selected (converged unless a residualTol was missed);
 * - 'max-iterations': maxIter steps (converged: false);
 * - 'stagnation' (converged: false): the best column is already selected or numerically in the
 *   span of the selected ones (||(I - P_S) a_j||^2 <= 16 eps ||a_j||^2), or A^T r = 0.
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
}

export const OMP_DEFAULTS = Object.freeze({
  zeroTol: 1e-12,
  kernel: 'auto' as GreedyKernel,
});

const DEPENDENT = 16 * Number.EPSILON;

/** OMP step generator: one yield per selected atom. Disposes `ops` when it finishes. */
export function* ompSteps(p: Problem, ops: GreedyOps, opts: OmpOptions): Generator<Iterate, StepsDone, undefined> {
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
  const alpha0 = new Float64Array(n);
  const As = new Float64Array(kMax * m); // selected columns, contiguous, in selection order
  const L = new Float64Array(kMax * kMax); // Cholesky factor of A_S^T A_S, row-major lower
  const w = new Float64Array(kMax);
  const z = new Float64Array(kMax);
  const gamma = new Float64Array(kMax);
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
  ops.correlate(y, alpha0);
  c.set(alpha0);
  let t = 0;
  for (;;) {
    // select the most correlated column (first index on ties, like numpy.argmax)
    let j = 0;
    let best = -1;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(c[i]);
      if (v > best) {
        best = v;
        j = i;
      }
    }
    if (active[j] || best === 0) return finish(t, false, 'stagnation');
    // Cholesky append: L w = A_S^T a_j, L_tt^2 = ||a_j||^2 - ||w||^2
    const o = t * m;
    ops.gather(j, As, o);
    let nj = 0;
    for (let i = 0; i < m; i++) nj += As[o + i] * As[o + i];
    let d = nj;
    for (let i = 0; i < t; i++) {
      const oi = i * m;
      let v = 0;
      for (let l = 0; l < m; l++) v += As[oi + l] * As[o + l];
      const row = i * kMax;
      for (let l = 0; l < i; l++) v -= L[row + l] * w[l];
      v /= L[row + i];
      w[i] = v;
      d -= v * v;
    }
    if (!(d > DEPENDENT * nj)) return finish(t, false, 'stagnation');
    const rowT = t * kMax;
    let zt = alpha0[j];
    for (let i = 0; i < t; i++) {
      L[rowT + i] = w[i];
      zt -= w[i] * z[i];
    }
    const Ltt = Math.sqrt(d);
    L[rowT + t] = Ltt;
    z[t] = zt / Ltt;
    order[t] = j;
    active[j] = 1;
    t++;
    // back substitution L^T gamma = z; relative change of x
    let dx = 0;
    let nx = 0;
    for (let i = t - 1; i >= 0; i--) {
      let v = z[i];
      for (let l = i + 1; l < t; l++) v -= L[l * kMax + i] * gamma[l];
      v /= L[i * kMax + i];
      const old = i === t - 1 ? 0 : gamma[i];
      dx += (v - old) * (v - old);
      nx += v * v;
      gamma[i] = v;
      x[order[i]] = v;
    }
    // residual r = y - A_S gamma
    r.set(y);
    for (let i = 0; i < t; i++) {
      const g = gamma[i];
      const oi = i * m;
      for (let l = 0; l < m; l++) r[l] -= g * As[oi + l];
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
    ops.correlate(r, c);
  }
}

/**
 * OMP: at most k atoms (default min(rows, cols)), or until ||y - Ax|| <= residualTol, or an
 * exact fit. Real data only. Result: x, support (ascending), extra.order (selection order).
 */
export function omp(A: OperatorInput, y: Float64Array, opts: OmpOptions = {}): SolverResult {
  const where = 'omp';
  const p = makeProblem(where, A, y, { realOnly: true });
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'opts', 'an options object', describe(opts));
  checkCommon(where, p, opts);
  if (opts.x0 !== undefined) throw new CandorError(where, 'x0', 'undefined (OMP starts from x = 0)', describe(opts.x0));
  if (opts.tol !== undefined) {
    throw new CandorError(where, 'tol', 'undefined (OMP stops on k, residualTol or zeroTol)', describe(opts.tol));
  }
  if (opts.zeroTol !== undefined) checkNumber(where, 'zeroTol', opts.zeroTol, 0);
  if (opts.k !== undefined) checkSparsity(where, opts.k, p);
  if (opts.residualTol !== undefined) checkNumber(where, 'residualTol', opts.residualTol, 0);
  const ops = greedyOps(p, opts.kernel ?? OMP_DEFAULTS.kernel);
  return runSteps(where, p, ompSteps(p, ops, opts), opts);
}
