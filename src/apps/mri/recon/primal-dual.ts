/**
 * Primal-dual (Chambolle & Pock 2011, "A first-order primal-dual algorithm for convex problems
 * with applications to imaging", JMIV 40:120) reconstruction for single-coil Cartesian MRI with
 * total variation and/or an l1 penalty on fixed orthonormal wavelet coefficients:
 *
 *     penalised:    min_x  1/2 ||A x - y||^2 + lambda_tv TV(x) + lambda_w ||W x||_1
 *     constrained:  min_x  lambda_tv TV(x) + lambda_w ||W x||_1   s.t.  ||A x - y|| <= epsilon
 *
 * with A = S F_c (./../operators.ts). K = [D; W] (||K||^2 <= 8 + 1) carries the penalties, whose
 * conjugates' proxes are projections onto balls of radius lambda; the data term is the primal
 * function G, whose prox is exact and costs one FFT pair because A^H A = F_c^H M F_c:
 *
 *     prox_{tau G}(v) = F_c^H k,  k = F_c v  except on the samples:  k_S <- (k_S + tau y) / (1 + tau)
 *     (constrained: k_S <- y + (k_S - y) min(1, epsilon / ||k_S - y||), the projection).
 *
 * Iteration (theta = 1): p <- proj(p + sigma K xbar); x+ <- prox_{tau G}(x - tau K^T p);
 * xbar <- 2 x+ - x. Steps: tau sigma ||K||^2 = 1 with tau = kappa (primal scale / dual radius) /
 * ||K||^2, where the primal scale is the data scale s and the dual radius lambda s (penalised) or
 * lambda (constrained): tau = kappa / (lambda ||K||^2), resp. kappa s / (lambda ||K||^2), kappa
 * = 0.1 by default (measured on the phantom and the EPI slice, docs/mri.md).
 *
 * @example
 * // see ./index.ts: reconstruct(acq, { method: 'tv' }) runs this with lambda_tv = 0.005 s.
 */
import { centeredFft2Plan } from '../../../core/fft/centered.ts';
import type { LinearOperator } from '../../../linops/types.ts';
import type { Problem } from '../../../solvers/problem.ts';
import type { Iterate, StepsDone } from '../../../solvers/types.ts';
import { tvDualStep, tvPrimalStep, tvValue } from './tv-kernels.ts';

export interface PrimalDualConfig {
  ny: number;
  nx: number;
  mask: Uint8Array;
  /** Absolute weights (penalised) or relative weights (constrained); 0 disables a term. */
  lambdaTV: number;
  lambdaW: number;
  /** The orthonormal wavelet operator (required when lambdaW > 0). */
  W?: LinearOperator;
  /** Data constraint radius epsilon (constrained form) or undefined (penalised). */
  epsilon?: number;
  tau: number;
  sigma: number;
  maxIter: number;
  tol: number;
  x0: Float64Array;
  /** Compute the objective on every iteration (for history / callbacks). */
  objective: boolean;
}

export const PRIMAL_DUAL_DEFAULTS = Object.freeze({ kappa: 0.1 });

/** tau, sigma for the weights (see the file comment). `primalScale` is s (1 when penalised). */
export function primalDualSteps(lambdaMax: number, primalScale: number, normK2: number, kappa: number = PRIMAL_DUAL_DEFAULTS.kappa) {
  const tau = (kappa * primalScale) / (lambdaMax * normK2);
  return { tau, sigma: 1 / (tau * normK2) };
}

export function* mriPrimalDualSteps(p: Problem, c: PrimalDualConfig): Generator<Iterate, StepsDone, undefined> {
  const { ny, nx, mask, lambdaTV, lambdaW, W, epsilon, tau, sigma, maxIter, tol } = c;
  const n = ny * nx;
  const plan = centeredFft2Plan(ny, nx);
  const y = p.y;
  const idx = new Int32Array(p.m);
  for (let i = 0, j = 0; i < n; i++) if (mask[i]) idx[j++] = i;
  const x = c.x0.slice();
  const xb = x.slice();
  const v = new Float64Array(2 * n);
  const k = new Float64Array(2 * n);
  const xNew = new Float64Array(2 * n);
  const pt = lambdaTV > 0 ? new Float64Array(4 * n) : null;
  const q = lambdaW > 0 ? new Float64Array(2 * n) : null;
  const wc = lambdaW > 0 ? new Float64Array(2 * n) : null;
  const wt = lambdaW > 0 ? new Float64Array(2 * n) : null;
  const m = idx.length;
  for (let it = 1; it <= maxIter; it++) {
    // dual steps at xbar
    if (pt) tvDualStep(xb, pt, ny, nx, sigma, lambdaTV);
    if (q && W && wc) {
      W.apply(xb, wc);
      for (let i = 0; i < n; i++) {
        const a = q[2 * i] + sigma * wc[2 * i];
        const b = q[2 * i + 1] + sigma * wc[2 * i + 1];
        const mm = a * a + b * b;
        const f = mm > lambdaW * lambdaW ? lambdaW / Math.sqrt(mm) : 1;
        q[2 * i] = a * f;
        q[2 * i + 1] = b * f;
      }
    }
    // primal: v = x - tau K^T p
    if (pt) tvPrimalStep(x, pt, v, ny, nx, tau);
    else v.set(x);
    if (q && W && wt) {
      W.adjoint(q, wt);
      for (let i = 0; i < 2 * n; i++) v[i] -= tau * wt[i];
    }
    // exact data prox
    plan.exec(v, k, false);
    let res2 = 0;
    if (epsilon === undefined) {
      const f = 1 / (1 + tau);
      for (let j = 0; j < m; j++) {
        const a = 2 * idx[j];
        const dr = k[a] - y[2 * j];
        const di = k[a + 1] - y[2 * j + 1];
        k[a] = y[2 * j] + dr * f;
        k[a + 1] = y[2 * j + 1] + di * f;
        res2 += (dr * f) ** 2 + (di * f) ** 2;
      }
    } else {
      let r2 = 0;
      for (let j = 0; j < m; j++) {
        const a = 2 * idx[j];
        r2 += (k[a] - y[2 * j]) ** 2 + (k[a + 1] - y[2 * j + 1]) ** 2;
      }
      const r = Math.sqrt(r2);
      const f = r > epsilon ? epsilon / r : 1;
      for (let j = 0; j < m; j++) {
        const a = 2 * idx[j];
        k[a] = y[2 * j] + (k[a] - y[2 * j]) * f;
        k[a + 1] = y[2 * j + 1] + (k[a + 1] - y[2 * j + 1]) * f;
      }
      res2 = r2 * f * f;
    }
    plan.exec(k, xNew, true);
    p.calls.apply++;
    p.calls.adjoint++;
    let dx = 0;
    let nxx = 0;
    for (let i = 0; i < 2 * n; i++) {
      const d = xNew[i] - x[i];
      dx += d * d;
      nxx += xNew[i] * xNew[i];
      xb[i] = xNew[i] + d;
      x[i] = xNew[i];
    }
    const relChange = Math.sqrt(dx) / Math.max(Math.sqrt(nxx), 1e-300);
    let objective = Number.NaN;
    if (c.objective) {
      objective = (epsilon === undefined ? 0.5 * res2 : 0) + (lambdaTV > 0 ? lambdaTV * tvValue(x, ny, nx) : 0);
      if (q && W && wc) {
        W.apply(x, wc);
        let s = 0;
        for (let i = 0; i < n; i++) s += Math.hypot(wc[2 * i], wc[2 * i + 1]);
        objective += lambdaW * s;
      }
    }
    yield { iteration: it, x, objective, residualNorm: Math.sqrt(res2), relChange, info: { tau, sigma } };
    if (relChange <= tol) return { x, converged: true, stopReason: 'tolerance', extra: { tau, sigma } };
  }
  return { x, converged: false, stopReason: 'max-iterations', extra: { tau, sigma } };
}
