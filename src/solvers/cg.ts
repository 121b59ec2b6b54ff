/**
 * Conjugate gradients on the normal equations (CGNE in the form of Hestenes & Stiefel 1952, run on
 * A^H A + lambda I), the linear least-squares solver for
 *
 *     min_x 1/2 ||A x - y||^2 + lambda/2 ||x||^2      <=>     (A^H A + lambda I) x = A^H y
 *
 * (lambda = 0: least squares; CG-SENSE, Pruessmann et al., MRM 46 (2001) 638, with a cheap
 * normal operator such as the Toeplitz embedding of the NUFFT). Each iteration costs one
 * A^H A (the operator's `normal`, cheap when it has one) and a few vector updates:
 *
 *     r_0 = A^H y - (A^H A + lambda) x_0,  p_0 = r_0,
 *     a_k = |r_k|^2 / <p_k, (A^H A + lambda) p_k>,  x_{k+1} = x_k + a_k p_k,  r_{k+1} = r_k - a_k q_k,
 *     p_{k+1} = r_{k+1} + (|r_{k+1}|^2 / |r_k|^2) p_k.
 *
 * Complex data use the real inner product of C^n = R^2n (A^H A is Hermitian, so all the
 * coefficients are real). Stops when ||r_k|| <= tol ||A^H y|| (converged), or at maxIter. Not a
 * sparse-recovery solver: it is not in the registry (its problem is none of bp, bpdn, lasso);
 * the MRI application calls it directly. The objective reported is the one above (it needs one
 * A x per iteration, so it is computed only when history or a callback asks for it).
 *
 * @example
 * import { cgNormal } from './cg.ts';
 * const A = { rows: 3, cols: 2, data: Float64Array.of(1, 0, 0, 1, 1, 1) };
 * cgNormal(A, Float64Array.of(1, 2, 3), { tol: 1e-12 }).x;   // [1, 2] (the least-squares solution)
 */
import { checkNumber } from '../core/errors.ts';
import type { Team } from '../core/parallel/team.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface CgOptions extends CommonOptions {
  /** Tikhonov weight lambda >= 0 (default 0). */
  lambda?: number;
  /**
   * A team (../core/parallel/team.ts): the search direction and its normal image are the team's
   * arrays, so an operator built on the same team applies its normal in the team's parts (the
   * iterates are bit-identical for any thread count of teams with the same parts).
   */
  team?: Team;
}

export const CG_DEFAULTS = Object.freeze({ maxIter: 100, tol: 1e-6, lambda: 0 });

/** The step generator (see the file comment). */
export function* cgSteps(p: Problem, opts: CgOptions): Generator<Iterate, StepsDone, undefined> {
  const lambda = opts.lambda ?? CG_DEFAULTS.lambda;
  const maxIter = opts.maxIter ?? CG_DEFAULTS.maxIter;
  const tol = opts.tol ?? CG_DEFAULTS.tol;
  const N = p.nLen;
  const x = opts.x0 ? opts.x0.slice() : new Float64Array(N);
  const b = p.adjoint(p.y, new Float64Array(N));
  const q = opts.team ? opts.team.f64(N) : new Float64Array(N);
  const r = b.slice();
  let bn = 0;
  for (let i = 0; i < N; i++) bn += b[i] * b[i];
  bn = Math.sqrt(bn);
  if (opts.x0) {
    p.normal(x, q);
    for (let i = 0; i < N; i++) r[i] -= q[i] + lambda * x[i];
  }
  const d = opts.team ? opts.team.f64(N) : new Float64Array(N);
  d.set(r);
  let rr = 0;
  for (let i = 0; i < N; i++) rr += r[i] * r[i];
  const want = (opts.historyEvery ?? 1) > 0 || opts.onIterate !== undefined;
  const ax = want ? new Float64Array(p.mLen) : null;
  if (bn === 0 || Math.sqrt(rr) <= tol * bn) return { x, converged: true, stopReason: bn === 0 ? 'exact-fit' : 'tolerance' };
  for (let it = 1; it <= maxIter; it++) {
    p.normal(d, q);
    let dq = 0;
    for (let i = 0; i < N; i++) {
      q[i] += lambda * d[i];
      dq += d[i] * q[i];
    }
    if (!(dq > 0)) return { x, converged: false, stopReason: 'stagnation' };
    const a = rr / dq;
    let dx = 0;
    let xx = 0;
    let rr2 = 0;
    for (let i = 0; i < N; i++) {
      x[i] += a * d[i];
      r[i] -= a * q[i];
      dx += (a * d[i]) ** 2;
      xx += x[i] * x[i];
      rr2 += r[i] * r[i];
    }
    const beta = rr2 / rr;
    rr = rr2;
    for (let i = 0; i < N; i++) d[i] = r[i] + beta * d[i];
    let objective = Number.NaN;
    let residualNorm = Number.NaN;
    if (ax) {
      p.apply(x, ax);
      let s = 0;
      for (let j = 0; j < p.mLen; j++) s += (ax[j] - p.y[j]) ** 2;
      residualNorm = Math.sqrt(s);
      objective = 0.5 * s + 0.5 * lambda * xx;
    }
    yield { iteration: it, x, objective, residualNorm, relChange: Math.sqrt(dx / Math.max(xx, 1e-300)), info: { normalResidual: Math.sqrt(rr) / bn } };
    if (Math.sqrt(rr) <= tol * bn) return { x, converged: true, stopReason: 'tolerance' };
  }
  return { x, converged: false, stopReason: 'max-iterations' };
}

/** Solves (A^H A + lambda I) x = A^H y by conjugate gradients (see the file comment). */
export function cgNormal(A: OperatorInput, y: Float64Array, opts: CgOptions = {}): SolverResult {
  const p = makeProblem('cgNormal', A, y);
  checkCommon('cgNormal', p, opts);
  if (opts.lambda !== undefined) checkNumber('cgNormal', 'lambda', opts.lambda, 0);
  return runSteps('cg', p, cgSteps(p, opts), opts, { lambda: opts.lambda ?? 0 });
}
