/**
 * Subspace Pursuit (SP) for min ||y - A x||_2 s.t. ||x||_0 <= k (real data).
 *
 *     T_0 = supp H_k(A^T y),  x_0 = LS on T_0,  r_0 = y - A x_0
 *     T'  = T_t  U  supp H_k'(A^T r_t)            (k' = min(k, m - k) new candidates)
 *     b   = LS on T',   T_{t+1} = supp H_k(b)
 *     x_{t+1} = LS on T_{t+1},   r_{t+1} = y - A x_{t+1}
 *
 * Dai & Milenkovic's rule ends the iteration when the residual stops decreasing: if
 * ||r_{t+1}|| > ||r_t|| the previous estimate is kept and the solver stops with 'stagnation'
 * (converged: false: it stopped improving without reaching a fixed point); when T_{t+1} = T_t
 * the iteration is at its fixed point ('tolerance'). The other stopping rules are those of
 * ./greedy-sparse.ts. Two least-squares fits per iteration (Householder QR, ./greedy-ls.ts, on
 * <= 2k and k columns) plus one A^T r; |T'| <= m always.
 *
 * Reference: W. Dai & O. Milenkovic, "Subspace pursuit for compressive sensing signal
 * reconstruction", IEEE Trans. Inf. Theory 55 (2009) 2230-2249, Algorithm 1.
 *
 * @example
 * import { subspacePursuit } from './subspace-pursuit.ts';
 * const A = { rows: 3, cols: 4, data: Float64Array.of(1, 0, 0, 0.6, 0, 1, 0, 0.8, 0, 0, 1, 0) };
 * const r = subspacePursuit(A, Float64Array.of(0, 2, 1), { k: 2 });
 * r.x;          // [0, 2, 1, 0]
 * r.stopReason; // 'exact-fit'
 */
import { topK } from '../core/topk.ts';
import { SupportLeastSquares } from './greedy-ls.ts';
import { type GreedyOps, residualSparse } from './greedy-ops.ts';
import {
  mergeSorted,
  normOf,
  relativeChange,
  type SparseOptions,
  sameSupport,
  setupSparse,
  stopCheck,
  supportList,
} from './greedy-sparse.ts';
import type { OperatorInput, Problem } from './problem.ts';
import { runSteps } from './run.ts';
import type { Iterate, SolverResult, StepsDone } from './types.ts';

/** Options of {@link subspacePursuit}: the shared greedy options, with the sparsity k required. */
export type SubspacePursuitOptions = SparseOptions;

/** Defaults of {@link SubspacePursuitOptions}. */
export const SUBSPACE_PURSUIT_DEFAULTS = Object.freeze({ maxIter: 300, tol: 1e-12, zeroTol: 1e-12 });

/** Subspace Pursuit step generator (disposes `ops` when it finishes). */
export function* subspacePursuitSteps(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: SubspacePursuitOptions,
): Generator<Iterate, StepsDone, undefined> {
  try {
    return yield* spLoop(p, ops, k, opts);
  } finally {
    ops.dispose();
  }
}

function* spLoop(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: SubspacePursuitOptions,
): Generator<Iterate, StepsDone, undefined> {
  const { m, n, y } = p;
  const D = SUBSPACE_PURSUIT_DEFAULTS;
  const maxIter = opts.maxIter ?? D.maxIter;
  const kNew = Math.min(k, m - k, n - k);
  const cap = k + Math.max(kNew, 0);
  const scratch = { mag: new Float64Array(n), idx: new Int32Array(n) };
  const ls = new SupportLeastSquares(m, cap);
  const x = new Float64Array(n);
  const xNew = new Float64Array(n);
  const u = new Float64Array(n);
  const b = new Float64Array(n);
  const r = new Float64Array(m);
  const rNew = new Float64Array(m);
  const coef = new Float64Array(cap);
  const S = new Int32Array(k);
  const SNew = new Int32Array(k);
  const Om = new Int32Array(Math.max(kNew, 1));
  const T = new Int32Array(cap);
  const yNorm = normOf(y);
  const done = (converged: boolean, stopReason: StepsDone['stopReason']): StepsDone => ({
    x,
    converged,
    stopReason,
    extra: { support: supportList(x) },
  });
  // initialisation: T_0 = supp H_k(A^T y) (or of x0), x_0 = LS on T_0
  if (opts.x0) topK(opts.x0, k, S, false, scratch);
  else {
    ops.correlate(y, u);
    topK(u, k, S, false, scratch);
  }
  ls.solve(ops, y, S, k, coef);
  for (let t = 0; t < k; t++) x[S[t]] = coef[t];
  let rn = residualSparse(ops, y, x, S, k, r);
  if (rn <= (opts.zeroTol ?? D.zeroTol) * yNorm) return done(true, 'exact-fit');
  for (let it = 1; it <= maxIter; it++) {
    ops.correlate(r, u);
    let t = k;
    if (kNew > 0) {
      topK(u, kNew, Om, false, scratch);
      t = mergeSorted(S, k, Om, kNew, T);
    } else T.set(S);
    ls.solve(ops, y, T, t, coef);
    for (let i = 0; i < t; i++) b[T[i]] = coef[i];
    topK(b, k, SNew, false, scratch);
    for (let i = 0; i < t; i++) b[T[i]] = 0;
    if (sameSupport(SNew, S, k)) {
      yield { iteration: it, x, objective: 0.5 * rn * rn, residualNorm: rn, relChange: 0 };
      return done(true, 'tolerance');
    }
    ls.solve(ops, y, SNew, k, coef);
    xNew.fill(0);
    for (let i = 0; i < k; i++) xNew[SNew[i]] = coef[i];
    const rnNew = residualSparse(ops, y, xNew, SNew, k, rNew);
    if (rnNew > rn) return done(false, 'stagnation');
    const relChange = relativeChange(xNew, x);
    x.set(xNew);
    S.set(SNew);
    r.set(rNew);
    rn = rnNew;
    yield { iteration: it, x, objective: 0.5 * rn * rn, residualNorm: rn, relChange };
    const stop = stopCheck(rn, yNorm, relChange, opts, D);
    if (stop) return done(true, stop);
  }
  return done(false, 'max-iterations');
}

/** Subspace Pursuit with sparsity level k. */
export function subspacePursuit(
  A: OperatorInput,
  y: Float64Array,
  opts: SubspacePursuitOptions,
): SolverResult {
  const { p, ops, k } = setupSparse('subspacePursuit', A, y, opts);
  return runSteps('subspacePursuit', p, subspacePursuitSteps(p, ops, k, opts), opts);
}
