/**
 * Primal-dual hybrid gradient (Chambolle & Pock 2011, "A first-order primal-dual algorithm for
 * convex problems with applications to imaging", JMIV 40:120) for imaging problems
 *
 *     penalised:    min_x  1/2 ||A x - y||^2 + sum_i g_i(K_i x)
 *     constrained:  min_x  sum_i g_i(K_i x)   s.t.  ||A x - y|| <= epsilon
 *
 * where each penalty g_i(K_i x) = lambda_i sum_j ||(K_i x)_j|| is a ../prox/dual-terms.ts
 * `DualTerm` (total variation, l1 of wavelet or other analysis coefficients), handled through
 * its own dual variable p_i. The data term is treated in one of two ways:
 *
 * - `data: 'prox'` (A A^H = I: a row subset of a unitary transform, e.g. Cartesian MRI
 *   A = S F_c): the data term is the primal function G with an exact prox costing one A and one
 *   A^H, because (I + tau A^H A)^{-1} = I - tau/(1 + tau) A^H A when A A^H = I:
 *
 *       prox_{tau G}(v) = v + A^H w,   w = tau/(1 + tau) (y - A v)
 *       (constrained: w = P(A v) - A v, P the projection onto the ball ||. - y|| <= epsilon);
 *
 * - `data: 'dual'` (any A: multi-coil SENSE, the NUFFT): the data term joins K with its own dual
 *   variable q, prox_{sigma F*}(s) = (s - sigma y)/(1 + sigma) (penalised) or
 *   s - sigma P(s / sigma) (constrained), and a simple primal prox (`primal`, e.g. positivity)
 *   may be added as G. A x is tracked incrementally (A xbar = 2 A x_new - A x), so an iteration
 *   still costs one A and one A^H, and the residual reported is exact.
 *
 * Iteration (theta = 1): p_i <- proj(p_i + sigma K_i xbar) [q likewise];
 * x+ <- prox_{tau G}(x - tau sum K_i^H p_i [- tau A^H q]); xbar <- 2 x+ - x. Convergence needs
 * tau sigma L^2 <= 1 with L^2 = sum ||K_i||^2 (+ ||A||^2 with dual data); `primalDualStepSizes`
 * balances them by a primal scale over the dual radius (kappa, default 0.1, measured on MRI:
 * docs/mri.md). Stops when ||x+ - x|| / ||x+|| <= tol.
 *
 * @example
 * import { primalDual } from './primal-dual.ts';
 * import { tvTerm } from '../prox/dual-terms.ts';
 * // A: a coisometry (e.g. cartesianOperator(ny, nx, mask)), y its samples
 * // const r = primalDual(A, y, { terms: [tvTerm(ny, nx, 0.005 * s)], maxIter: 100 });
 * // r.x: the TV reconstruction; r.extra: { tau, sigma, data: 'prox' }
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import type { DualTerm } from '../prox/dual-terms.ts';
import type { Prox } from '../prox/types.ts';
import { estimateLipschitz } from './lipschitz.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface PrimalDualOptions extends CommonOptions {
  /** The penalties g_i(K_i x) (at least one). */
  terms: readonly DualTerm[];
  /** How the data term is handled: 'prox' (needs A A^H = I), 'dual' (any A); default 'auto'. */
  data?: 'prox' | 'dual' | 'auto';
  /** Constrained form ||A x - y|| <= epsilon instead of the penalty 1/2 ||A x - y||^2. */
  epsilon?: number;
  /** A simple primal term G(x) with its prox (only with data 'dual'), e.g. nonneg(). */
  primal?: Prox;
  /** Step sizes (both or neither); default from `kappa` and the weights, see primalDualStepSizes. */
  tau?: number;
  sigma?: number;
  /** Step balance (default 0.1). */
  kappa?: number;
  /** ||A||^2 for data 'dual' (default: the power method). */
  normA2?: number;
}

/** Defaults of {@link PrimalDualOptions}. */
export const PRIMAL_DUAL_DEFAULTS = Object.freeze({ maxIter: 500, tol: 1e-5, kappa: 0.1 });

/**
 * tau, sigma with tau sigma L^2 = 1 and tau = kappa primalScale / (lambdaMax L^2): the primal step
 * in units of the image scale over the dual radius (lambdaMax, the largest weight).
 */
export function primalDualStepSizes(lambdaMax: number, primalScale: number, normK2: number, kappa: number = PRIMAL_DUAL_DEFAULTS.kappa) {
  const tau = (kappa * primalScale) / (lambdaMax * normK2);
  return { tau, sigma: 1 / (tau * normK2) };
}

/** Resolved settings of one solve. */
export interface PrimalDualPlan {
  terms: readonly DualTerm[];
  data: 'prox' | 'dual';
  epsilon?: number;
  primal?: Prox;
  tau: number;
  sigma: number;
  maxIter: number;
  tol: number;
  x0: Float64Array;
  /** Compute the objective every iteration (history, callbacks). */
  objective: boolean;
}

/** Does A A^H = I hold (within 1e-10 on a seeded probe)? Cheap: one A^H and one A. */
function isCoisometry(p: Problem): boolean {
  const z = new Float64Array(p.mLen);
  let s = 0x2545f491;
  for (let i = 0; i < z.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    z[i] = s / 4294967296 - 0.5;
  }
  const u = p.adjoint(z, new Float64Array(p.nLen));
  const w = p.apply(u, new Float64Array(p.mLen));
  let d = 0;
  let n = 0;
  for (let i = 0; i < z.length; i++) {
    d += (w[i] - z[i]) ** 2;
    n += z[i] * z[i];
  }
  p.calls.apply--;
  p.calls.adjoint--;
  return Math.sqrt(d) <= 1e-10 * Math.sqrt(n);
}

/** Validates the options against the problem and resolves steps, data handling and x0. */
export function resolvePrimalDual(where: string, p: Problem, opts: PrimalDualOptions): PrimalDualPlan {
  checkCommon(where, p, opts);
  const terms = opts.terms;
  if (!Array.isArray(terms) || terms.length === 0) throw new CandorError(where, 'terms', 'at least one penalty term (tvTerm, l1AnalysisTerm)', describe(terms));
  for (const [i, t] of terms.entries()) {
    if (!t || typeof t.dualStep !== 'function') throw new CandorError(where, `terms[${i}]`, 'a DualTerm', describe(t));
    if (t.primalLength !== p.nLen) throw new CandorError(where, `terms[${i}] (${t.name}) length`, `${p.nLen} (the unknowns of ${p.name})`, String(t.primalLength));
  }
  const mode = opts.data ?? 'auto';
  if (mode !== 'prox' && mode !== 'dual' && mode !== 'auto') throw new CandorError(where, 'data', "'prox', 'dual' or 'auto'", describe(mode));
  const structure = p.op?.structure;
  const coiso = structure === 'unitary' || structure === 'coisometry' ? true : mode === 'dual' ? false : isCoisometry(p);
  if (mode === 'prox' && !coiso) throw new CandorError(where, 'data', "'dual' for this operator ('prox' needs A A^H = I)", `'prox' with ${p.name}`);
  const data = mode === 'auto' ? (coiso && !opts.primal ? 'prox' : 'dual') : mode;
  if (opts.primal && data === 'prox') throw new CandorError(where, 'primal', "no primal prox with data 'prox' (the data term is the primal function)", 'a primal prox');
  const epsilon = opts.epsilon === undefined ? undefined : checkNumber(where, 'epsilon', opts.epsilon, 0);
  let normK2 = 0;
  for (const t of terms) normK2 += t.normSq;
  if (data === 'dual') normK2 += opts.normA2 !== undefined ? checkNumber(where, 'normA2', opts.normA2, Number.MIN_VALUE) : estimateLipschitz(p);
  let tau: number;
  let sigma: number;
  if (opts.tau !== undefined || opts.sigma !== undefined) {
    tau = checkNumber(where, 'tau', opts.tau, Number.MIN_VALUE);
    sigma = checkNumber(where, 'sigma', opts.sigma, Number.MIN_VALUE);
    if (tau * sigma * normK2 > 1 + 1e-12) throw new CandorError(where, 'steps', `tau sigma L^2 <= 1 (L^2 = ${normK2})`, `${tau * sigma * normK2}`);
  } else {
    let lmax = 0;
    for (const t of terms) lmax = Math.max(lmax, t.weight);
    const kappa = checkNumber(where, 'kappa', opts.kappa ?? PRIMAL_DUAL_DEFAULTS.kappa, Number.MIN_VALUE);
    ({ tau, sigma } = lmax > 0 ? primalDualStepSizes(lmax, 1, normK2, kappa) : { tau: 1 / Math.sqrt(normK2), sigma: 1 / Math.sqrt(normK2) });
  }
  const objective = (opts.historyEvery ?? 1) > 0 || opts.onIterate !== undefined;
  return {
    terms,
    data,
    epsilon,
    primal: opts.primal,
    tau,
    sigma,
    maxIter: opts.maxIter ?? PRIMAL_DUAL_DEFAULTS.maxIter,
    tol: opts.tol ?? PRIMAL_DUAL_DEFAULTS.tol,
    x0: opts.x0 ?? new Float64Array(p.nLen),
    objective,
  };
}

/** The step generator (see the file comment). */
export function* primalDualSteps(p: Problem, c: PrimalDualPlan): Generator<Iterate, StepsDone, undefined> {
  const { terms, data, epsilon, tau, sigma, maxIter, tol } = c;
  const y = p.y;
  const N = p.nLen;
  const M = p.mLen;
  const x = c.x0.slice();
  const xb = x.slice();
  const v = new Float64Array(N);
  const xNew = new Float64Array(N);
  const duals = terms.map((t) => new Float64Array(t.dualLength));
  const u = new Float64Array(M);
  const z = new Float64Array(N);
  // dual data: q, A x and A xbar
  const dual = data === 'dual';
  const q = dual ? new Float64Array(M) : null;
  const ax = dual ? p.apply(x, new Float64Array(M)) : null;
  const axb = dual ? (ax as Float64Array).slice() : null;
  const extra = { tau, sigma, data };
  for (let it = 1; it <= maxIter; it++) {
    for (let i = 0; i < terms.length; i++) terms[i].dualStep(xb, duals[i], sigma);
    v.set(x);
    for (let i = 0; i < terms.length; i++) terms[i].subtractAdjoint(duals[i], v, tau);
    let res2 = 0;
    if (!dual) {
      // exact data prox: x+ = v + A^H w
      p.apply(v, u);
      if (epsilon === undefined) {
        const f = tau / (1 + tau);
        for (let j = 0; j < M; j++) {
          const r = y[j] - u[j];
          u[j] = f * r;
          res2 += (r - u[j]) ** 2;
        }
      } else {
        let r2 = 0;
        for (let j = 0; j < M; j++) r2 += (u[j] - y[j]) ** 2;
        const r = Math.sqrt(r2);
        const f = r > epsilon ? epsilon / r : 1;
        for (let j = 0; j < M; j++) u[j] = (y[j] + (u[j] - y[j]) * f) - u[j];
        res2 = r2 * f * f;
      }
      p.adjoint(u, z);
      for (let i = 0; i < N; i++) xNew[i] = v[i] + z[i];
    } else {
      const qq = q as Float64Array;
      const AX = ax as Float64Array;
      const AXB = axb as Float64Array;
      // q <- prox_{sigma F*}(q + sigma A xbar)
      if (epsilon === undefined) {
        const f = 1 / (1 + sigma);
        for (let j = 0; j < M; j++) qq[j] = (qq[j] + sigma * (AXB[j] - y[j])) * f;
      } else {
        // s - sigma P(s / sigma), P the projection onto ||. - y|| <= epsilon
        let r2 = 0;
        for (let j = 0; j < M; j++) {
          const s = qq[j] + sigma * AXB[j];
          u[j] = s;
          r2 += (s / sigma - y[j]) ** 2;
        }
        const r = Math.sqrt(r2);
        const f = r > epsilon ? epsilon / r : 1;
        for (let j = 0; j < M; j++) qq[j] = u[j] - sigma * (y[j] + (u[j] / sigma - y[j]) * f);
      }
      p.adjoint(qq, z);
      for (let i = 0; i < N; i++) v[i] -= tau * z[i];
      if (c.primal) c.primal.prox(v, tau, xNew);
      else xNew.set(v);
      // A x+ (one apply), A xbar = 2 A x+ - A x by linearity
      p.apply(xNew, u);
      for (let j = 0; j < M; j++) {
        AXB[j] = 2 * u[j] - AX[j];
        AX[j] = u[j];
        res2 += (u[j] - y[j]) ** 2;
      }
    }
    let dx = 0;
    let nxx = 0;
    for (let i = 0; i < N; i++) {
      const d = xNew[i] - x[i];
      dx += d * d;
      nxx += xNew[i] * xNew[i];
      xb[i] = xNew[i] + d;
      x[i] = xNew[i];
    }
    const relChange = Math.sqrt(dx) / Math.max(Math.sqrt(nxx), 1e-300);
    let objective = Number.NaN;
    if (c.objective) {
      objective = epsilon === undefined ? 0.5 * res2 : 0;
      for (const t of terms) objective += t.value(x);
      if (c.primal) objective += c.primal.value(x);
    }
    yield { iteration: it, x, objective, residualNorm: Math.sqrt(res2), relChange, info: { tau, sigma } };
    if (relChange <= tol) return { x, converged: true, stopReason: 'tolerance', extra };
  }
  return { x, converged: false, stopReason: 'max-iterations', extra };
}

/** Runs the primal-dual solver on (A, y) with the given penalty terms. */
export function primalDual(A: OperatorInput, y: Float64Array, opts: PrimalDualOptions): SolverResult {
  const p = makeProblem('primalDual', A, y);
  const plan = resolvePrimalDual('primalDual', p, opts);
  return runSteps('primal-dual', p, primalDualSteps(p, plan), opts);
}
