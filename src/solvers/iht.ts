/**
 * Iterative Hard Thresholding (IHT) and normalized IHT (NIHT) for
 * min ||y - A x||_2 subject to ||x||_0 <= k (real data).
 *
 *     x_{t+1} = H_k(x_t + mu_t A^T (y - A x_t)),
 *
 * H_k keeping the k largest magnitudes (quickselect, core/topk.ts).
 *
 * - IHT (Blumensath & Davies 2009): fixed step mu = 1/||A||_2^2 (||A||_2^2 from a power method,
 *   or `step`), which makes each step a majorisation-minimisation step: ||y - A x_t|| never
 *   increases. Linear convergence once the support settles, at a rate that degrades with
 *   ||A||^2 / (smallest restricted eigenvalue), so it is slow on wide Gaussian matrices.
 * - NIHT (Blumensath & Davies 2010): the adaptive step that is exact along the gradient restricted
 *   to the current support Gamma_t,
 *
 *       mu_t = ||g_Gamma||^2 / ||A_Gamma g_Gamma||^2,   g = A^T (y - A x_t),
 *
 *   with the step-shrink safeguard: when the new support differs from Gamma_t and
 *   mu_t > omega = (1 - c) ||x_{t+1} - x_t||^2 / ||A (x_{t+1} - x_t)||^2, shrink
 *   mu_t <- mu_t / (kappa (1 - c)) and recompute x_{t+1} until mu_t <= omega
 *   (c = 0.01, kappa = 2 / (1 - c) by default; the paper requires kappa > 1 / (1 - c)).
 *   This makes NIHT scale invariant and guarantees ||y - A x_t|| never increases.
 *   Gamma_0 = supp H_k(A^T y) when starting from x = 0.
 *
 * Stopping rules: see ./greedy-sparse.ts (exact-fit, residual-target, tolerance on the relative
 * change, max-iterations). Per iteration: one A^T r, and a few products with k- or 2k-sparse
 * vectors (O(mk) each for a dense A).
 *
 * References: T. Blumensath & M. E. Davies, "Iterative hard thresholding for compressed sensing",
 * Appl. Comput. Harmon. Anal. 27 (2009) 265-274; "Normalized iterative hard thresholding:
 * guaranteed stability and performance", IEEE J. Sel. Topics Signal Process. 4 (2010) 298-309.
 *
 * @example
 * import { niht } from './iht.ts';
 * const A = { rows: 3, cols: 4, data: Float64Array.of(1, 0, 0, 0.5, 0, 1, 0, 0.5, 0, 0, 1, 0.5) };
 * const r = niht(A, Float64Array.of(2, 0, 0), { k: 1 });
 * r.x;          // [2, 0, 0, 0] (one step: mu = 1 on the support {0})
 * r.stopReason; // 'exact-fit'
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { hardThreshold, topK } from '../core/topk.ts';
import type { GreedyOps } from './greedy-ops.ts';
import { residualSparse } from './greedy-ops.ts';
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
import { estimateLipschitz } from './lipschitz.ts';
import type { OperatorInput, Problem } from './problem.ts';
import { runSteps } from './run.ts';
import type { Iterate, SolverResult, StepsDone } from './types.ts';

/** Options of {@link iht}: the shared greedy options (k required) and the fixed step. */
export interface IhtOptions extends SparseOptions {
  /** IHT: fixed step mu (default 1/||A||_2^2 from a power method). */
  step?: number;
  /** Seed of the power method's start vector (default 0). */
  seed?: number;
}

/** Options of {@link niht}: the shared greedy options (k required) and the step safeguard. */
export interface NihtOptions extends SparseOptions {
  /** Safeguard constant c in (0, 1) (default 0.01). */
  c?: number;
  /** Step shrink factor kappa > 1/(1 - c) (default 2/(1 - c)). */
  kappa?: number;
}

/** Defaults of {@link IhtOptions}. */
export const IHT_DEFAULTS = Object.freeze({ maxIter: 3000, tol: 1e-12, zeroTol: 1e-12 });
/** Defaults of {@link NihtOptions}. */
export const NIHT_DEFAULTS = Object.freeze({
  maxIter: 1000,
  tol: 1e-12,
  zeroTol: 1e-12,
  c: 0.01,
  kappaFactor: 2,
});

/**
 * Step generator of IHT (`normalized = false`, fixed `step`) and NIHT (`normalized = true`).
 * Disposes `ops` when it finishes.
 */
export function* ihtSteps(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: IhtOptions & NihtOptions,
  normalized: boolean,
  step: number,
): Generator<Iterate, StepsDone, undefined> {
  try {
    return yield* ihtLoop(p, ops, k, opts, normalized, step);
  } finally {
    ops.dispose();
  }
}

function* ihtLoop(
  p: Problem,
  ops: GreedyOps,
  k: number,
  opts: IhtOptions & NihtOptions,
  normalized: boolean,
  step: number,
): Generator<Iterate, StepsDone, undefined> {
  const { m, n, y } = p;
  const defaults = normalized ? NIHT_DEFAULTS : IHT_DEFAULTS;
  const maxIter = opts.maxIter ?? defaults.maxIter;
  const c = opts.c ?? NIHT_DEFAULTS.c;
  const shrink = (opts.kappa ?? NIHT_DEFAULTS.kappaFactor / (1 - c)) * (1 - c);
  const scratch = { mag: new Float64Array(n), idx: new Int32Array(n) };
  const x = new Float64Array(n);
  const xNew = new Float64Array(n);
  const g = new Float64Array(n);
  const v = new Float64Array(n);
  const dv = new Float64Array(n);
  const r = new Float64Array(m);
  const Ad = new Float64Array(m);
  const S = new Int32Array(k);
  const SNew = new Int32Array(k);
  const U = new Int32Array(2 * k);
  let s = 0;
  if (opts.x0) {
    hardThreshold(opts.x0, k, x, S, false, scratch);
    s = k;
  }
  const yNorm = normOf(y);
  let rn = s > 0 ? residualSparse(ops, y, x, S, s, r) : yNorm;
  if (s === 0) r.set(y);
  const done = (converged: boolean, stopReason: StepsDone['stopReason']): StepsDone => ({
    x,
    converged,
    stopReason,
    extra: { support: supportList(x), step },
  });
  if (rn <= (opts.zeroTol ?? defaults.zeroTol) * yNorm) return done(true, 'exact-fit');
  for (let it = 1; it <= maxIter; it++) {
    ops.correlate(r, g);
    if (normalized) {
      // mu = ||g_Gamma||^2 / ||A_Gamma g_Gamma||^2 on the current support (H_k(g) at the start)
      if (s === 0 || !(supportNorm(g, S, s) > 0)) {
        topK(g, k, S, false, scratch);
        s = k;
      }
      const num = supportNorm(g, S, s);
      if (!(num > 0)) return done(true, 'tolerance'); // A^T r = 0: stationary
      ops.applySparse(g, S, s, Ad);
      let den = 0;
      for (let i = 0; i < m; i++) den += Ad[i] * Ad[i];
      step = den > 0 ? num / den : 1;
    }
    for (let guard = 0; ; guard++) {
      for (let i = 0; i < n; i++) v[i] = x[i] + step * g[i];
      hardThreshold(v, k, xNew, SNew, false, scratch);
      if (!normalized || (s === k && sameSupport(SNew, S, k)) || guard >= 60) break;
      // safeguard: omega = (1 - c) ||x+ - x||^2 / ||A (x+ - x)||^2 over the union of supports
      const u = mergeSorted(S, s, SNew, k, U);
      let dd = 0;
      for (let t = 0; t < u; t++) {
        const j = U[t];
        const d = xNew[j] - x[j];
        dv[j] = d;
        dd += d * d;
      }
      ops.applySparse(dv, U, u, Ad);
      for (let t = 0; t < u; t++) dv[U[t]] = 0;
      let ad = 0;
      for (let i = 0; i < m; i++) ad += Ad[i] * Ad[i];
      const omega = ad > 0 ? ((1 - c) * dd) / ad : Number.POSITIVE_INFINITY;
      if (step <= omega) break;
      step /= shrink;
    }
    rn = residualSparse(ops, y, xNew, SNew, k, r);
    if (!Number.isFinite(rn)) return done(false, 'diverged');
    const relChange = relativeChange(xNew, x);
    x.set(xNew);
    S.set(SNew);
    s = k;
    yield { iteration: it, x, objective: 0.5 * rn * rn, residualNorm: rn, relChange, info: { step } };
    const stop = stopCheck(rn, yNorm, relChange, opts, defaults);
    if (stop) return done(true, stop);
  }
  return done(false, 'max-iterations');
}

function supportNorm(g: Float64Array, S: Int32Array, s: number): number {
  let t = 0;
  for (let i = 0; i < s; i++) t += g[S[i]] * g[S[i]];
  return t;
}

/** IHT with a fixed step (default 1/||A||^2 from a power method). */
export function iht(A: OperatorInput, y: Float64Array, opts: IhtOptions): SolverResult {
  const where = 'iht';
  const { p, ops, k } = setupSparse(where, A, y, opts, () => {
    const st = opts.step;
    if (st !== undefined && !(typeof st === 'number' && st > 0 && Number.isFinite(st))) {
      throw new CandorError(where, 'step', 'a positive finite number', describe(st));
    }
    if (opts.seed !== undefined) checkInt(where, 'seed', opts.seed, 0);
  });
  let step = opts.step;
  if (step === undefined) {
    const L = estimateLipschitz(p, opts.seed ?? 0);
    if (!(L > 0)) {
      ops.dispose();
      throw new CandorError(where, 'A', 'a nonzero matrix', 'A = 0');
    }
    step = 1 / L;
  }
  return runSteps(where, p, ihtSteps(p, ops, k, opts, false, step), opts);
}

/** Normalized IHT: adaptive step with the step-shrink safeguard (scale invariant). */
export function niht(A: OperatorInput, y: Float64Array, opts: NihtOptions): SolverResult {
  const where = 'niht';
  const { p, ops, k } = setupSparse(where, A, y, opts, () => {
    const c = opts.c ?? NIHT_DEFAULTS.c;
    if (!(typeof c === 'number' && c > 0 && c < 1))
      throw new CandorError(where, 'c', 'a number in (0, 1)', describe(c));
    const kappa = opts.kappa;
    if (
      kappa !== undefined &&
      !(typeof kappa === 'number' && Number.isFinite(kappa) && kappa * (1 - c) > 1)
    ) {
      throw new CandorError(where, 'kappa', `a finite number > 1/(1 - c) = ${1 / (1 - c)}`, describe(kappa));
    }
  });
  return runSteps(where, p, ihtSteps(p, ops, k, opts, true, 1), opts);
}
