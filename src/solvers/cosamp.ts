/**
 * CoSaMP (Compressive Sampling Matching Pursuit) for min ||y - A x||_2 s.t. ||x||_0 <= k (real).
 *
 *     u = A^T r_t                              (signal proxy)
 *     T = supp H_2k(u)  U  supp(x_t)           (identify 2k new candidates and merge)
 *     b = argmin { ||y - A z|| : supp(z) in T } (least squares on |T| <= 3k columns)
 *     x_{t+1} = H_k(b),   r_{t+1} = y - A x_{t+1}   (prune)
 *
 * Needell & Tropp's guarantee needs the restricted isometry of order 4k, and the least-squares
 * step needs |T| <= m: the candidate count is min(2k, n, m - |supp x_t|), so |T| never exceeds
 * m (it is 2k whenever 3k <= m). The fit is a Householder QR of the merged columns
 * (./greedy-ls.ts), O(m (3k)^2) per iteration, plus one A^T r. Stopping: ./greedy-sparse.ts
 * (exact-fit, residual-target, tolerance when x stops changing, max-iterations); CoSaMP can cycle
 * between supports when k is too large for m, which ends in 'max-iterations' (converged: false).
 *
 * Reference: D. Needell & J. A. Tropp, "CoSaMP: iterative signal recovery from incomplete and
 * inaccurate samples", Appl. Comput. Harmon. Anal. 26 (2009) 301-321, Algorithm 1.
 *
 * @example
 * import { cosamp } from './cosamp.ts';
 * const A = { rows: 3, cols: 4, data: Float64Array.of(1, 0, 0, 0.6, 0, 1, 0, 0.8, 0, 0, 1, 0) };
 * const r = cosamp(A, Float64Array.of(0, 2, 1), { k: 1 });
 * r.x;          // [0, 2, 0, 0]: the best 1-term fit in the candidates; r.residualNorm === 1
 */
import { hardThreshold, topK } from '../core/topk.ts';
import { SupportLeastSquares } from './greedy-ls.ts';
import { type GreedyOps, residualSparse } from './greedy-ops.ts';
import {
  mergeSorted,
  normOf,
  relativeChange,
  type SparseOptions,
  setupSparse,
  stopCheck,
  supportList,
} from './greedy-sparse.ts';
import type { OperatorInput, Problem } from './problem.ts';
import { runSteps } from './run.ts';
import type { Iterate, SolverResult, StepsDone } from './types.ts';

/** Options of {@link cosamp}: the shared greedy options, with the sparsity k required. */
export type CosampOptions = SparseOptions;

/** Defaults of {@link CosampOptions}. */
export const COSAMP_DEFAULTS = Object.freeze({ maxIter: 300, tol: 1e-12, zeroTol: 1e-12 });

/** CoSaMP step generator (disposes `ops` when it finishes). */
export function* cosampSteps(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: CosampOptions,
): Generator<Iterate, StepsDone, undefined> {
  try {
    return yield* cosampLoop(p, ops, k, opts);
  } finally {
    ops.dispose();
  }
}

function* cosampLoop(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: CosampOptions,
): Generator<Iterate, StepsDone, undefined> {
  const { m, n, y } = p;
  const maxIter = opts.maxIter ?? COSAMP_DEFAULTS.maxIter;
  const cap = Math.min(m, 3 * k, n);
  const scratch = { mag: new Float64Array(n), idx: new Int32Array(n) };
  const ls = new SupportLeastSquares(m, cap);
  const x = new Float64Array(n);
  const xNew = new Float64Array(n);
  const u = new Float64Array(n);
  const b = new Float64Array(n);
  const r = new Float64Array(m);
  const coef = new Float64Array(cap);
  const S = new Int32Array(k);
  const SNew = new Int32Array(k);
  const Om = new Int32Array(Math.min(2 * k, n));
  const T = new Int32Array(Math.min(3 * k, n));
  let s = 0;
  if (opts.x0) {
    hardThreshold(opts.x0, k, x, S, false, scratch);
    s = k;
  }
  const yNorm = normOf(y);
  let rn = yNorm;
  if (s > 0) rn = residualSparse(ops, y, x, S, s, r);
  else r.set(y);
  const done = (converged: boolean, stopReason: StepsDone['stopReason']): StepsDone => ({
    x,
    converged,
    stopReason,
    extra: { support: supportList(x) },
  });
  if (rn <= (opts.zeroTol ?? COSAMP_DEFAULTS.zeroTol) * yNorm) return done(true, 'exact-fit');
  for (let it = 1; it <= maxIter; it++) {
    ops.correlate(r, u);
    const L = Math.min(2 * k, n, m - s);
    if (L > 0) topK(u, L, Om, false, scratch);
    const t = mergeSorted(S, s, Om, Math.max(L, 0), T);
    ls.solve(ops, y, T, t, coef);
    for (let i = 0; i < t; i++) b[T[i]] = coef[i];
    hardThreshold(b, k, xNew, SNew, false, scratch);
    for (let i = 0; i < t; i++) b[T[i]] = 0;
    rn = residualSparse(ops, y, xNew, SNew, k, r);
    const relChange = relativeChange(xNew, x);
    x.set(xNew);
    S.set(SNew);
    s = k;
    yield { iteration: it, x, objective: 0.5 * rn * rn, residualNorm: rn, relChange, info: { merged: t } };
    const stop = stopCheck(rn, yNorm, relChange, opts, COSAMP_DEFAULTS);
    if (stop) return done(true, stop);
  }
  return done(false, 'max-iterations');
}

/** CoSaMP with sparsity level k. */
export function cosamp(A: OperatorInput, y: Float64Array, opts: CosampOptions): SolverResult {
  const { p, ops, k } = setupSparse('cosamp', A, y, opts);
  return runSteps('cosamp', p, cosampSteps(p, ops, k, opts), opts);
}
