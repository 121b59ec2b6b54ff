/**
 * Primal-dual splitting with a smooth data term (Condat, "A primal-dual splitting method for convex
 * optimization involving Lipschitzian, proximable and linear composite terms", JOTA 158 (2013)
 * 460; Vu, Adv. Comput. Math. 38 (2013) 667) for
 *
 *     min_x 1/2 ||A x - y||^2 + sum_i g_i(K_i x)
 *
 * with the penalties g_i(K_i x) as ../prox/dual-terms.ts `DualTerm`s (total variation, l1 of
 * wavelet coefficients) and the data term handled through its gradient A^H A x - A^H y, one
 * application of the normal operator per iteration (no A, no A^H: the Toeplitz normal of a NUFFT
 * or multi-coil SENSE):
 *
 *     p_i <- proj(p_i + sigma K_i xbar);   x+ = x - tau (A^H A x - A^H y + sum_i K_i^H p_i);
 *     xbar = 2 x+ - x.
 *
 * It converges when 1/tau - sigma ||K||^2 >= L/2 (L >= ||A||^2, ||K||^2 = sum ||K_i||^2); the steps
 * are tau0 = kappa / (lambda_max ||K||^2) and sigma = 1 / (tau0 ||K||^2) (./primal-dual.ts's balance,
 * kappa default 0.1), then tau = 1 / (L/2 + sigma ||K||^2), which equals tau0 when L -> 0. The data
 * term is tracked exactly as in ./fista-normal.ts. Stops when ||x+ - x|| / ||x+|| <= tol.
 * (The noise-constrained form ||A x - y|| <= epsilon has no smooth data term: ./primal-dual.ts
 * with data 'dual' solves it.)
 *
 * @example
 * import { primalDualSmooth } from './primal-dual-smooth.ts';
 * import { tvTerm } from '../prox/dual-terms.ts';
 * // const r = primalDualSmooth(A, y, { terms: [tvTerm(ny, nx, lambdaAbs)], lipschitz: 1, maxIter: 100 });
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import type { DualTerm } from '../prox/dual-terms.ts';
import { PRIMAL_DUAL_DEFAULTS } from './primal-dual.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface PrimalDualSmoothOptions extends CommonOptions {
  terms: readonly DualTerm[];
  /** L >= ||A||^2 (required). */
  lipschitz: number;
  /** Step balance (default 0.1). */
  kappa?: number;
  /** Scale of the image (the primal steps are in its units; default 1). */
  primalScale?: number;
}

/** The step generator (see the file comment). */
export function* primalDualSmoothSteps(p: Problem, opts: PrimalDualSmoothOptions): Generator<Iterate, StepsDone, undefined> {
  const { terms, lipschitz: L } = opts;
  const maxIter = opts.maxIter ?? PRIMAL_DUAL_DEFAULTS.maxIter;
  const tol = opts.tol ?? PRIMAL_DUAL_DEFAULTS.tol;
  const kappa = opts.kappa ?? PRIMAL_DUAL_DEFAULTS.kappa;
  let normK2 = 0;
  let lmax = 0;
  for (const t of terms) {
    normK2 += t.normSq;
    lmax = Math.max(lmax, t.weight);
  }
  const tau0 = lmax > 0 ? (kappa * (opts.primalScale ?? 1)) / (lmax * normK2) : 1 / Math.sqrt(normK2);
  const sigma = 1 / (tau0 * normK2);
  const tau = 1 / (L / 2 + sigma * normK2);
  const N = p.nLen;
  const b = p.adjoint(p.y, new Float64Array(N));
  let yy = 0;
  for (let i = 0; i < p.mLen; i++) yy += p.y[i] * p.y[i];
  const x = opts.x0 ? opts.x0.slice() : new Float64Array(N);
  const xb = x.slice();
  const v = new Float64Array(N);
  const Nx = new Float64Array(N);
  const duals = terms.map((t) => new Float64Array(t.dualLength));
  p.normal(x, Nx);
  const extra = { tau, sigma };
  for (let it = 1; it <= maxIter; it++) {
    for (let i = 0; i < terms.length; i++) terms[i].dualStep(xb, duals[i], sigma);
    for (let i = 0; i < N; i++) v[i] = x[i] - tau * (Nx[i] - b[i]);
    for (let i = 0; i < terms.length; i++) terms[i].subtractAdjoint(duals[i], v, tau);
    let dx = 0;
    let nx = 0;
    for (let i = 0; i < N; i++) {
      const d = v[i] - x[i];
      dx += d * d;
      nx += v[i] * v[i];
      xb[i] = v[i] + d;
      x[i] = v[i];
    }
    p.normal(x, Nx);
    let xNxb = 0;
    for (let i = 0; i < N; i++) xNxb += x[i] * (Nx[i] - 2 * b[i]);
    const data = 0.5 * Math.max(xNxb + yy, 0);
    if (!Number.isFinite(data)) return { x, converged: false, stopReason: 'diverged', extra };
    let objective = data;
    if (opts.historyEvery !== 0 || opts.onIterate) for (const t of terms) objective += t.value(x);
    const relChange = Math.sqrt(dx) / Math.max(Math.sqrt(nx), 1e-300);
    yield { iteration: it, x, objective, residualNorm: Math.sqrt(2 * data), relChange, info: { tau, sigma } };
    if (relChange <= tol) return { x, converged: true, stopReason: 'tolerance', extra };
  }
  return { x, converged: false, stopReason: 'max-iterations', extra };
}

/** Runs the smooth-data primal-dual solver (see the file comment). */
export function primalDualSmooth(A: OperatorInput, y: Float64Array, opts: PrimalDualSmoothOptions): SolverResult {
  const where = 'primalDualSmooth';
  const p = makeProblem(where, A, y);
  checkCommon(where, p, opts);
  checkNumber(where, 'lipschitz', opts.lipschitz, 0);
  if (opts.kappa !== undefined) checkNumber(where, 'kappa', opts.kappa, Number.MIN_VALUE);
  const terms = opts.terms;
  if (!Array.isArray(terms) || terms.length === 0) throw new CandorError(where, 'terms', 'at least one penalty term (tvTerm, l1AnalysisTerm)', describe(terms));
  for (const [i, t] of terms.entries()) {
    if (t.primalLength !== p.nLen) throw new CandorError(where, `terms[${i}] (${t.name}) length`, `${p.nLen} (the unknowns)`, String(t.primalLength));
  }
  return runSteps('primal-dual-smooth', p, primalDualSmoothSteps(p, opts), opts);
}
