/**
 * Basis pursuit denoising with a noise level, by Pareto root finding (SPGL1):
 *
 *     BPDN_sigma:  min ||x||_1  s.t.  ||A x - y||_2 <= sigma        (sigma = 0: basis pursuit)
 *
 * The Pareto curve phi(tau) = ||A x_tau - y||_2, x_tau solving LASSO_tau (min ||A x - y||_2 s.t.
 * ||x||_1 <= tau), is convex, non-increasing and differentiable with phi'(tau) = -||A^H r||_inf /
 * ||r|| (r = y - A x_tau), so Newton's method on phi(tau) = sigma,
 *
 *     tau <- tau + ||r|| (||r|| - sigma) / ||A^H r||_inf,
 *
 * finds tau_sigma = ||x_sigma||_1 and the BPDN solution. Each LASSO_tau is solved (inexactly, warm
 * started) by the spectral projected gradient method: d = P_tau(x - alpha g) - x with the
 * Barzilai-Borwein step alpha = ||d||^2 / ||A d||^2, and a non-monotone Armijo search along d over
 * the last 3 objective values (Birgin, Martinez & Raydan 2000) whose quadratic model is exact, so
 * one iteration costs one apply (A d) and one adjoint (the gradient). P_tau is the projection onto
 * the l1 ball (Condat's algorithm; complex vectors project their magnitudes). tau is updated once
 * the LASSO_tau duality gap, gap = tau ||A^H r||_inf - Re<A^H r, x>, is below eta ||r|| | ||r|| - sigma |,
 * which keeps the inexact Newton step from overshooting.
 *
 * Stopping: sigma > 0: | ||r|| - sigma | <= tol sigma and gap <= tol sigma ||r|| (stopReason
 * 'residual-target'), each test relaxed to the rounding floor of what it measures (about
 * 100 eps ||y|| for the residual, 100 eps tau ||A^H r|| ||y|| / ||r|| for the gap) when sigma is
 * so small against ||y|| that the relative test is below it; basis pursuit (sigma <= bpTol ||y||):
 * ||r|| <= bpTol ||y|| ('exact-fit').
 * When the Pareto slope ||A^H r|| / ||r|| falls below 1e-10 of its initial value with ||r|| still
 * above sigma, x is a least-squares solution and no x fits better: 'infeasible' (converged: false).
 * `history.objective` is ||x||_1 (the constrained objective; residualNorm is reported beside it).
 * The result's `extra` holds `sigma`, `tau`, `paretoIterations` (Newton updates of tau), `gap`, and
 * `lambda` = ||A^H r||_inf, the LASSO weight (Candor's convention) with the same solution.
 *
 * References: E. van den Berg & M. P. Friedlander, "Probing the Pareto frontier for basis pursuit
 * solutions", SIAM J. Sci. Comput. 31(2), 2008; L. Condat, "Fast projection onto the simplex and
 * the l1 ball", Math. Program. 158, 2016; Duchi, Shalev-Shwartz, Singer & Chandra, ICML 2008.
 *
 * @example
 * import { bpdn } from './spgl1.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) };
 * const r = bpdn(A, Float64Array.of(1, 1), { sigma: 0 });
 * r.x; // approx [0, 0, 1]: the minimum-l1 solution of A x = y; r.extra.tau approx 1
 */
import { CandorError, checkInt, checkNumber } from '../core/errors.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface BpdnOptions extends CommonOptions {
  /** Noise level sigma >= 0 (required); 0 gives basis pursuit. */
  sigma: number;
  /** Basis pursuit is solved when ||r|| <= bpTol ||y|| (default 1e-10). */
  bpTol?: number;
  /** Initial tau (default 0; a warm start x0 is projected onto its l1 ball). */
  tau?: number;
  /** Newton update once gap <= eta ||r|| | ||r|| - sigma | (default 0.1). */
  eta?: number;
}

/** Defaults of {@link BpdnOptions}. */
export const BPDN_DEFAULTS = Object.freeze({
  maxIter: 20000,
  /** Relative accuracy of the root ||r|| = sigma and of the final LASSO_tau gap. */
  tol: 1e-8,
  bpTol: 1e-10,
  eta: 0.1,
  memory: 3,
  stepMin: 1e-16,
  stepMax: 1e16,
});

/**
 * Soft-threshold level t with sum_i max(v_i - t, 0) = a for v (length len, entries >= 0, sum > a > 0)
 * by Condat's algorithm; aux (length >= len) is scratch. Port of Condat's `simplexproj_Condat`.
 */
export function simplexThreshold(v: Float64Array, len: number, a: number, aux: Float64Array): number {
  let base = 0;
  let auxlength = 1;
  let auxlengthold = -1;
  aux[0] = v[0];
  let tau = v[0] - a;
  for (let i = 1; i < len; i++) {
    const vi = v[i];
    if (vi > tau) {
      aux[auxlength] = vi;
      tau += (vi - tau) / (auxlength - auxlengthold);
      if (tau <= vi - a) {
        tau = vi - a;
        auxlengthold = auxlength - 1;
      }
      auxlength++;
    }
  }
  if (auxlengthold >= 0) {
    auxlengthold++;
    auxlength -= auxlengthold;
    base = auxlengthold;
    while (--auxlengthold >= 0) {
      const w = aux[auxlengthold];
      if (w > tau) {
        aux[--base] = w;
        auxlength++;
        tau += (w - tau) / auxlength;
      }
    }
  }
  do {
    auxlengthold = auxlength - 1;
    auxlength = 0;
    for (let i = 0; i <= auxlengthold; i++) {
      const w = aux[base + i];
      if (w > tau) aux[base + auxlength++] = w;
      else tau += (tau - w) / (auxlengthold - i + auxlength);
    }
  } while (auxlength <= auxlengthold);
  return tau;
}

/**
 * Euclidean projection of x onto the l1 ball {z : ||z||_1 <= radius} into out (out may alias x).
 * Complex interleaved vectors (complex = true) project their magnitudes and keep the phases.
 * `scratch` (two buffers of length >= the number of entries) avoids allocation.
 *
 * @example
 * projectL1Ball(Float64Array.of(3, -1, 0.5), 2, new Float64Array(3)); // [2, 0, 0]
 */
export function projectL1Ball(
  x: Float64Array,
  radius: number,
  out: Float64Array,
  complex = false,
  scratch?: { mag: Float64Array; aux: Float64Array },
): Float64Array {
  const n = complex ? x.length >> 1 : x.length;
  const mag = scratch?.mag ?? new Float64Array(n);
  const aux = scratch?.aux ?? new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = complex ? Math.hypot(x[2 * i], x[2 * i + 1]) : Math.abs(x[i]);
    mag[i] = v;
    s += v;
  }
  if (s <= radius) {
    if (out !== x) out.set(x);
    return out;
  }
  if (!(radius > 0)) {
    out.fill(0);
    return out;
  }
  const t = simplexThreshold(mag, n, radius, aux);
  for (let i = 0; i < n; i++) {
    const v = mag[i];
    const f = v > t ? (v - t) / v : 0;
    if (complex) {
      out[2 * i] = x[2 * i] * f;
      out[2 * i + 1] = x[2 * i + 1] * f;
    } else out[i] = x[i] * f;
  }
  return out;
}

const EPS = 2.220446049250313e-16;

function infNorm(g: Float64Array, complex: boolean): number {
  let mx = 0;
  if (complex) {
    for (let i = 0; i < g.length; i += 2) {
      const v = g[i] * g[i] + g[i + 1] * g[i + 1];
      if (v > mx) mx = v;
    }
    return Math.sqrt(mx);
  }
  for (let i = 0; i < g.length; i++) if (Math.abs(g[i]) > mx) mx = Math.abs(g[i]);
  return mx;
}

function l1Norm(x: Float64Array, complex: boolean): number {
  let s = 0;
  if (complex) for (let i = 0; i < x.length; i += 2) s += Math.hypot(x[i], x[i + 1]);
  else for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

function sq(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

/** Step generator of SPGL1 (see the file comment). */
export function* bpdnSteps(p: Problem, opts: BpdnOptions): Generator<Iterate, StepsDone, undefined> {
  const D = BPDN_DEFAULTS;
  const sigma = opts.sigma;
  const maxIter = opts.maxIter ?? D.maxIter;
  const tol = opts.tol ?? D.tol;
  const bpTol = opts.bpTol ?? D.bpTol;
  const eta = opts.eta ?? D.eta;
  const { nLen, mLen, y, complex } = p;
  const nEnt = complex ? nLen >> 1 : nLen;
  const scratch = { mag: new Float64Array(nEnt), aux: new Float64Array(nEnt) };
  const x = new Float64Array(nLen);
  const r = new Float64Array(mLen);
  const g = new Float64Array(nLen); // A^H r (minus the gradient of 1/2 ||r||^2)
  const v = new Float64Array(nLen);
  const d = new Float64Array(nLen);
  const Ad = new Float64Array(mLen);
  const rNew = new Float64Array(mLen);
  const lastF = new Float64Array(D.memory);
  const bNorm = Math.sqrt(sq(y));
  const isBP = sigma <= bpTol * bNorm;
  let tau = opts.tau ?? 0;
  let newton = 0;
  let gap = 0;
  const refresh = () => {
    p.apply(x, r);
    for (let i = 0; i < mLen; i++) r[i] = y[i] - r[i];
    p.adjoint(r, g);
  };
  const done = (converged: boolean, stopReason: StepsDone['stopReason']): StepsDone => {
    refresh();
    const rn = Math.sqrt(sq(r));
    const gn = infNorm(g, complex);
    return {
      x,
      converged,
      stopReason,
      extra: {
        objective: l1Norm(x, complex),
        residualNorm: rn,
        sigma,
        tau,
        paretoIterations: newton,
        gap,
        lambda: gn,
      },
    };
  };
  if (bNorm <= sigma) {
    // x = 0 is feasible and has the least l1 norm
    yield { iteration: 1, x, objective: 0, residualNorm: bNorm, relChange: 0, info: { tau: 0 } };
    return done(true, 'residual-target');
  }
  if (opts.x0) {
    if (opts.tau === undefined) tau = l1Norm(opts.x0, complex);
    projectL1Ball(opts.x0, tau, x, complex, scratch);
  }
  refresh();
  let f = 0.5 * sq(r);
  lastF.fill(f);
  let alpha = 1;
  let it = 0;
  let sinceRefresh = 0;
  let slope0 = -1; // |phi'| at the start: the Pareto curve's steepest slope
  while (it < maxIter) {
    it++;
    const rNorm = Math.sqrt(2 * f);
    const gNorm = infNorm(g, complex);
    let gx = 0;
    for (let i = 0; i < nLen; i++) gx += g[i] * x[i];
    gap = tau * gNorm - gx;
    const aErr = rNorm - sigma;
    // The residual r = y - A x carries a rounding error of about eps ||y||, and the gap one of
    // about eps tau ||A^H r|| ||y|| / ||r||: below these floors (reached when sigma is tiny
    // against ||y||) the relative tests cannot certify more, so they count as met there.
    const gapFloor = 100 * EPS * tau * gNorm * (bNorm / Math.max(rNorm, 1e-300));
    const resFloor = 100 * EPS * bNorm;
    if (isBP ? rNorm <= bpTol * bNorm : Math.abs(aErr) <= tol * sigma + resFloor && gap <= Math.max(tol * sigma * rNorm, gapFloor)) {
      return done(true, isBP ? 'exact-fit' : 'residual-target');
    }
    // |phi'(tau)| = ||A^H r|| / ||r|| -> 0 means x is a least-squares solution: when its residual
    // is still above sigma no x fits better (y outside the range of A for sigma = 0)
    const slope = gNorm / Math.max(rNorm, 1e-300);
    if (slope0 < 0) slope0 = slope;
    if (gNorm === 0 || (slope <= 1e-10 * slope0 && rNorm > sigma * (1 + tol) + bpTol * bNorm))
      return done(false, 'infeasible');
    // projected gradient direction for the current tau
    for (let i = 0; i < nLen; i++) v[i] = x[i] + alpha * g[i];
    projectL1Ball(v, tau, v, complex, scratch);
    let dd = 0;
    for (let i = 0; i < nLen; i++) {
      d[i] = v[i] - x[i];
      dd += d[i] * d[i];
    }
    // gap is computed from a residual whose rounding error is about eps ||y||: below that floor
    // (reached only as ||r|| -> 0 in basis pursuit) the gap test cannot certify more accuracy
    if (gap <= Math.max(eta * rNorm * Math.abs(aErr), gapFloor) || dd === 0) {
      // Newton step on the Pareto curve
      const tauNew = Math.max(0, tau + (rNorm * aErr) / gNorm);
      if (tauNew === tau && dd === 0) return done(false, 'stagnation');
      newton++;
      const shrink = tauNew < tau;
      tau = tauNew;
      if (shrink) {
        projectL1Ball(x, tau, x, complex, scratch);
        refresh();
        f = 0.5 * sq(r);
        sinceRefresh = 0;
      }
      lastF.fill(f);
      for (let i = 0; i < nLen; i++) v[i] = x[i] + alpha * g[i];
      projectL1Ball(v, tau, v, complex, scratch);
      dd = 0;
      for (let i = 0; i < nLen; i++) {
        d[i] = v[i] - x[i];
        dd += d[i] * d[i];
      }
      if (dd === 0) {
        yield {
          iteration: it,
          x,
          objective: l1Norm(x, complex),
          residualNorm: rNorm,
          relChange: 0,
          info: { tau, gap, newton },
        };
        continue;
      }
    }
    // exact quadratic model along d: f(s) = f - s <r, A d> + s^2/2 ||A d||^2
    p.apply(d, Ad);
    let rAd = 0;
    let adAd = 0;
    for (let i = 0; i < mLen; i++) {
      rAd += r[i] * Ad[i];
      adAd += Ad[i] * Ad[i];
    }
    const gtd = -rAd; // <gradient, d> < 0 for a descent direction
    let fMax = lastF[0];
    for (let k = 1; k < lastF.length; k++) if (lastF[k] > fMax) fMax = lastF[k];
    let s = 1;
    let fNew = 0;
    for (let ls = 0; ls < 30; ls++) {
      fNew = 0;
      for (let i = 0; i < mLen; i++) {
        const w = r[i] - s * Ad[i];
        rNew[i] = w;
        fNew += w * w;
      }
      fNew *= 0.5;
      if (fNew <= fMax + 1e-4 * s * gtd) break;
      // minimiser of the exact quadratic on (0, s), then plain halving
      const sq2 = adAd > 0 ? -gtd / adAd : 0.5 * s;
      s = ls === 0 && sq2 > 0 && sq2 < s ? sq2 : 0.5 * s;
    }
    for (let i = 0; i < nLen; i++) x[i] += s * d[i];
    r.set(rNew);
    f = fNew;
    if (++sinceRefresh >= 50) {
      refresh();
      f = 0.5 * sq(r);
      sinceRefresh = 0;
    } else p.adjoint(r, g);
    lastF[it % lastF.length] = f;
    if (!Number.isFinite(f)) return done(false, 'diverged');
    // Barzilai-Borwein step: <s, s> / <s, A^H A s> with s = step * d
    alpha = adAd > 0 ? Math.min(D.stepMax, Math.max(D.stepMin, dd / adAd)) : D.stepMax;
    const nx = Math.sqrt(sq(x));
    yield {
      iteration: it,
      x,
      objective: l1Norm(x, complex),
      residualNorm: Math.sqrt(2 * f),
      relChange: (s * Math.sqrt(dd)) / Math.max(nx, 1e-300),
      info: { tau, gap, step: alpha, newton },
    };
  }
  return done(false, 'max-iterations');
}

/**
 * BPDN min ||x||_1 s.t. ||A x - y|| <= sigma by SPGL1 (real or complex data, dense matrices or
 * operators). `sigma` is required (0 = basis pursuit).
 */
export function bpdn(A: OperatorInput, y: Float64Array, opts: BpdnOptions): SolverResult {
  const where = 'bpdn';
  const p = makeProblem(where, A, y);
  if (!opts || typeof opts !== 'object')
    throw new CandorError(where, 'opts', 'an options object with sigma', String(opts));
  checkNumber(where, 'sigma', opts.sigma, 0);
  checkCommon(where, p, opts);
  if (opts.bpTol !== undefined) checkNumber(where, 'bpTol', opts.bpTol, 0);
  if (opts.tau !== undefined) checkNumber(where, 'tau', opts.tau, 0);
  if (opts.eta !== undefined) checkNumber(where, 'eta', opts.eta, Number.MIN_VALUE, 1);
  if (opts.maxIter !== undefined) checkInt(where, 'maxIter', opts.maxIter, 0);
  return runSteps(where, p, bpdnSteps(p, opts), opts);
}
