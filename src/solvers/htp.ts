/**
 * Hard Thresholding Pursuit (HTP) for min ||y - A x||_2 subject to ||x||_0 <= k (real data):
 * IHT's support selection followed by a least-squares fit on the selected support,
 *
 *     S_{t+1} = supp H_k(x_t + mu A^T (y - A x_t)),
 *     x_{t+1} = argmin { ||y - A z||_2 : supp(z) in S_{t+1} },
 *
 * stopping at the natural fixed point S_{t+1} = S_t (stopReason 'tolerance': x no longer
 * changes) or by the rules of ./greedy-sparse.ts. The step is mu = 1 (Foucart's HTP, for columns
 * of roughly unit norm such as Gaussian N(0, 1/m) entries) or, with `step: 'normalized'`, NIHT's
 * adaptive mu = ||g_S||^2 / ||A_S g_S||^2 on the current support (Foucart's NHTP). The fit is a
 * Householder QR of the k selected columns (./greedy-ls.ts), O(m k^2) per iteration, plus one
 * A^T r.
 *
 * Reference: S. Foucart, "Hard thresholding pursuit: an algorithm for compressive sensing",
 * SIAM J. Numer. Anal. 49 (2011) 2543-2563.
 *
 * @example
 * import { htp } from './htp.ts';
 * const A = { rows: 3, cols: 4, data: Float64Array.of(1, 0, 0, 0.6, 0, 1, 0, 0.8, 0, 0, 1, 0) };
 * const r = htp(A, Float64Array.of(0, 2, 1), { k: 2 });
 * r.x;          // [0, 2, 1, 0]
 * r.stopReason; // 'exact-fit'
 */
import { CandorError, describe } from '../core/errors.ts';
import { topK } from '../core/topk.ts';
import { SupportLeastSquares } from './greedy-ls.ts';
import { type GreedyOps, residualSparse } from './greedy-ops.ts';
import {
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

/** Options of {@link htp}: the shared greedy options (k required) and the step of the selection. */
export interface HtpOptions extends SparseOptions {
  /** mu in the selection step: a positive number (default 1) or 'normalized' (NHTP). */
  step?: number | 'normalized';
}

/** Defaults of {@link HtpOptions}. */
export const HTP_DEFAULTS = Object.freeze({ maxIter: 500, tol: 1e-12, zeroTol: 1e-12, step: 1 });

/** HTP step generator (disposes `ops` when it finishes). */
export function* htpSteps(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: HtpOptions,
): Generator<Iterate, StepsDone, undefined> {
  try {
    return yield* htpLoop(p, ops, k, opts);
  } finally {
    ops.dispose();
  }
}

function* htpLoop(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: HtpOptions,
): Generator<Iterate, StepsDone, undefined> {
  const { m, n, y } = p;
  const maxIter = opts.maxIter ?? HTP_DEFAULTS.maxIter;
  const stepOpt = opts.step ?? HTP_DEFAULTS.step;
  const scratch = { mag: new Float64Array(n), idx: new Int32Array(n) };
  const ls = new SupportLeastSquares(m, k);
  const x = new Float64Array(n);
  const xNew = new Float64Array(n);
  const g = new Float64Array(n);
  const v = new Float64Array(n);
  const r = new Float64Array(m);
  const Ag = new Float64Array(m);
  const coef = new Float64Array(k);
  const S = new Int32Array(k);
  const SNew = new Int32Array(k);
  let s = 0;
  if (opts.x0) {
    topK(opts.x0, k, S, false, scratch);
    for (let t = 0; t < k; t++) x[S[t]] = opts.x0[S[t]];
    s = k;
  }
  const yNorm = normOf(y);
  let rn = yNorm;
  if (s > 0) rn = residualSparse(ops, y, x, S, s, r);
  else r.set(y);
  let step = typeof stepOpt === 'number' ? stepOpt : 1;
  const done = (converged: boolean, stopReason: StepsDone['stopReason']): StepsDone => ({
    x,
    converged,
    stopReason,
    extra: { support: supportList(x) },
  });
  if (rn <= (opts.zeroTol ?? HTP_DEFAULTS.zeroTol) * yNorm) return done(true, 'exact-fit');
  for (let it = 1; it <= maxIter; it++) {
    ops.correlate(r, g);
    if (stepOpt === 'normalized') {
      const Sel = s > 0 ? S : SNew;
      if (s === 0) topK(g, k, SNew, false, scratch);
      let num = 0;
      for (let t = 0; t < k; t++) num += g[Sel[t]] * g[Sel[t]];
      ops.applySparse(g, Sel, k, Ag);
      let den = 0;
      for (let i = 0; i < m; i++) den += Ag[i] * Ag[i];
      step = num > 0 && den > 0 ? num / den : 1;
    }
    for (let i = 0; i < n; i++) v[i] = x[i] + step * g[i];
    topK(v, k, SNew, false, scratch);
    if (s === k && sameSupport(SNew, S, k)) {
      yield { iteration: it, x, objective: 0.5 * rn * rn, residualNorm: rn, relChange: 0, info: { step } };
      return done(true, 'tolerance');
    }
    ls.solve(ops, y, SNew, k, coef);
    xNew.fill(0);
    for (let t = 0; t < k; t++) xNew[SNew[t]] = coef[t];
    rn = residualSparse(ops, y, xNew, SNew, k, r);
    const relChange = relativeChange(xNew, x);
    x.set(xNew);
    S.set(SNew);
    s = k;
    yield { iteration: it, x, objective: 0.5 * rn * rn, residualNorm: rn, relChange, info: { step } };
    const stop = stopCheck(rn, yNorm, relChange, opts, HTP_DEFAULTS);
    if (stop) return done(true, stop);
  }
  return done(false, 'max-iterations');
}

/** Hard Thresholding Pursuit (mu = 1, or 'normalized'). */
export function htp(A: OperatorInput, y: Float64Array, opts: HtpOptions): SolverResult {
  const where = 'htp';
  const { p, ops, k } = setupSparse(where, A, y, opts, () => {
    const st = opts.step;
    if (
      st !== undefined &&
      st !== 'normalized' &&
      !(typeof st === 'number' && st > 0 && Number.isFinite(st))
    ) {
      throw new CandorError(where, 'step', "a positive finite number or 'normalized'", describe(st));
    }
  });
  return runSteps(where, p, htpSteps(p, ops, k, opts), opts);
}
