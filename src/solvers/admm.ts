/**
 * ADMM (scaled form, over-relaxed) for basis pursuit, BPDN and the LASSO (Boyd, Parikh, Chu,
 * Peleato & Eckstein 2011, sections 3.4, 6.2 and 6.4):
 *
 *     BP (sigma = 0, default):  min ||x||_1 s.t. A x = y
 *         x = P(z - u),  P(v) = v - A^H (A A^H)^{-1} (A v - y)       (projection on {A x = y})
 *     BPDN (sigma > 0):        min ||x||_1 s.t. ||A x - y|| <= sigma, split as x = z, A x = w:
 *         x = (I + A^H A)^{-1} (z - u + A^H (w - v)),   w = P_ball(A x + v),   v += A x - w
 *     LASSO (lambda):          min 1/2 ||A x - y||^2 + lambda ||x||_1
 *         x = (A^H A + rho I)^{-1} (A^H y + rho (z - u))
 *
 * and in every case z = S_{c/rho}(xh + u), u += xh - z with xh = alpha x + (1 - alpha) z_old
 * (alpha = 1.6, c = 1 or lambda; S soft thresholding, on moduli for complex data). The linear
 * algebra is the m x m system (A A^H + e I) (e = 0 for BP, 1 for BPDN, rho for the LASSO), by
 * Woodbury: (I + A^H A / e)^{-1} b = b - A^H (A A^H + e I)^{-1} A b. A dense A caches A A^T and
 * its Cholesky factor (refactored only when rho changes in the LASSO); an operator with
 * A A^H = I ('unitary' or 'coisometry': partial Fourier) needs no solve; any other operator uses
 * warm-started conjugate gradients. A x needs no extra apply (it is y, or e (A A^H + eI)^{-1} A b),
 * and A u is tracked, so one iteration costs one apply, one adjoint and one m x m solve.
 * rho adapts by residual balancing (Boyd 3.4.1: x2 or /2 when one residual exceeds 10 times the
 * other, at most 30 times) unless `adaptive: false`.
 *
 * Stopping (Boyd 3.3.1, relative): ||x - z|| (and ||A x - w||) <= tol max(||x||, ||z||) and
 * rho ||z - z_old|| (+ rho ||w - w_old||) <= tol ||rho u||. The returned x is z (exactly sparse);
 * `history.objective` is ||z||_1 for BP/BPDN and 1/2||A z - y||^2 + lambda ||z||_1 for the LASSO,
 * `residualNorm` is ||A z - y||.
 *
 * @example
 * import { admm } from './admm.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) };
 * const r = admm(A, Float64Array.of(1, 1), { tol: 1e-10 });  // basis pursuit
 * r.x; // approx [0, 0, 1]
 */
import { cholesky, choleskySolve } from '../core/dense/cholesky.ts';
import type { Matrix } from '../core/dense/matrix.ts';
import { CandorError, checkNumber } from '../core/errors.ts';
import { l1 } from '../prox/l1.ts';
import { checkLambda, makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface AdmmOptions extends CommonOptions {
  /** Constraint level ||A x - y|| <= sigma (default 0: basis pursuit). */
  sigma?: number;
  /** LASSO weight (instead of sigma). */
  lambda?: number;
  /** Initial penalty (default: scaled to the data, see ADMM_DEFAULTS). */
  rho?: number;
  /** Over-relaxation in (0, 2) (default 1.6). */
  alpha?: number;
  /** Residual balancing of rho (default true). */
  adaptive?: boolean;
}

/** Defaults of {@link AdmmOptions}. */
export const ADMM_DEFAULTS = Object.freeze({
  maxIter: 5000,
  tol: 1e-8,
  alpha: 1.6,
  adaptive: true,
  /** Balancing: change rho by this factor when one residual exceeds `mu` times the other. */
  mu: 10,
  factor: 2,
  maxRhoChanges: 30,
  /** Relative tolerance of the conjugate-gradient solves for general operators. */
  cgTol: 1e-13,
});

/** Solver for (A A^H + e I) c = b, built once per problem. */
interface SmallSystem {
  /** out = (A A^H) v. */
  gram: (v: Float64Array, out: Float64Array) => Float64Array;
  /** out = (A A^H + e I)^{-1} b (out keeps the previous solution as a warm start). */
  solve: (b: Float64Array, e: number, out: Float64Array) => Float64Array;
  kind: 'cholesky' | 'identity' | 'cg';
}

function smallSystem(p: Problem): SmallSystem {
  const { m, mLen } = p;
  const dense = p.dense ?? (p.op as unknown as { dense?: Matrix } | null)?.dense ?? null;
  if (dense && !p.complex) {
    const { cols: n, data: a } = dense;
    const G: Matrix = { rows: m, cols: m, data: new Float64Array(m * m) };
    for (let i = 0; i < m; i++) {
      for (let k = 0; k <= i; k++) {
        let s = 0;
        const oi = i * n;
        const ok = k * n;
        for (let j = 0; j < n; j++) s += a[oi + j] * a[ok + j];
        G.data[i * m + k] = s;
        G.data[k * m + i] = s;
      }
    }
    let Lf: Matrix | null = null;
    let eL = Number.NaN;
    const shifted: Matrix = { rows: m, cols: m, data: new Float64Array(m * m) };
    return {
      kind: 'cholesky',
      gram: (v, out) => {
        for (let i = 0; i < m; i++) {
          let s = 0;
          const o = i * m;
          for (let k = 0; k < m; k++) s += G.data[o + k] * v[k];
          out[i] = s;
        }
        return out;
      },
      solve: (b, e, out) => {
        if (e !== eL || !Lf) {
          shifted.data.set(G.data);
          for (let i = 0; i < m; i++) shifted.data[i * m + i] += e;
          try {
            Lf = cholesky(shifted, Lf ?? undefined);
          } catch (err) {
            if (err instanceof CandorError) {
              throw new CandorError(
                'admm',
                'A',
                'full row rank (A A^T positive definite, as basis pursuit needs)',
                err.got,
                'numerical',
              );
            }
            throw err;
          }
          eL = e;
        }
        return choleskySolve(Lf, b, out);
      },
    };
  }
  const s = p.op?.structure;
  if (s === 'unitary' || s === 'coisometry') {
    return {
      kind: 'identity',
      gram: (v, out) => {
        out.set(v);
        return out;
      },
      solve: (b, e, out) => {
        for (let i = 0; i < mLen; i++) out[i] = b[i] / (1 + e);
        return out;
      },
    };
  }
  const t = new Float64Array(p.nLen);
  const r = new Float64Array(mLen);
  const d = new Float64Array(mLen);
  const q = new Float64Array(mLen);
  const gram = (v: Float64Array, out: Float64Array) => p.apply(p.adjoint(v, t), out);
  return {
    kind: 'cg',
    gram,
    solve: (b, e, out) => {
      // conjugate gradients on (A A^H + e I), warm-started from out
      gram(out, q);
      let bb = 0;
      let rr = 0;
      for (let i = 0; i < mLen; i++) {
        r[i] = b[i] - q[i] - e * out[i];
        d[i] = r[i];
        rr += r[i] * r[i];
        bb += b[i] * b[i];
      }
      const stop = ADMM_DEFAULTS.cgTol * ADMM_DEFAULTS.cgTol * bb;
      for (let k = 0; k < 4 * mLen && rr > stop; k++) {
        gram(d, q);
        let dq = 0;
        for (let i = 0; i < mLen; i++) {
          q[i] += e * d[i];
          dq += d[i] * q[i];
        }
        const a = rr / dq;
        let rn = 0;
        for (let i = 0; i < mLen; i++) {
          out[i] += a * d[i];
          r[i] -= a * q[i];
          rn += r[i] * r[i];
        }
        const beta = rn / rr;
        rr = rn;
        for (let i = 0; i < mLen; i++) d[i] = r[i] + beta * d[i];
      }
      return out;
    },
  };
}

/** Step generator of ADMM (see the file comment). */
export function* admmSteps(p: Problem, opts: AdmmOptions): Generator<Iterate, StepsDone, undefined> {
  const D = ADMM_DEFAULTS;
  const maxIter = opts.maxIter ?? D.maxIter;
  const tol = opts.tol ?? D.tol;
  const alpha = opts.alpha ?? D.alpha;
  const adaptive = opts.adaptive ?? D.adaptive;
  const mode: 'bp' | 'bpdn' | 'lasso' =
    opts.lambda !== undefined ? 'lasso' : (opts.sigma ?? 0) > 0 ? 'bpdn' : 'bp';
  const lambda = opts.lambda ?? 1;
  const sigma = opts.sigma ?? 0;
  const { nLen, mLen, y, complex } = p;
  const sys = smallSystem(p);
  const reg = l1({ complex });
  const aty = p.adjoint(y, new Float64Array(nLen));
  let atyInf = 0;
  for (let i = 0; i < nLen; i++) atyInf = Math.max(atyInf, Math.abs(aty[i]));
  // default rho: thresholds c/rho comparable to a tenth of the correlations ||A^H y||_inf
  let rho = opts.rho ?? (mode === 'lasso' ? Math.max(lambda, 1e-3 * atyInf) : 10 / Math.max(atyInf, 1e-300));
  if (!(rho > 0)) rho = 1;
  const x = new Float64Array(nLen);
  const z = opts.x0 ? opts.x0.slice() : new Float64Array(nLen);
  const zOld = new Float64Array(nLen);
  const u = new Float64Array(nLen);
  const vtmp = new Float64Array(nLen);
  const az = new Float64Array(mLen);
  const azOld = new Float64Array(mLen);
  const au = new Float64Array(mLen);
  const ax = new Float64Array(mLen);
  const ab = new Float64Array(mLen);
  const c = new Float64Array(mLen);
  const w = new Float64Array(mLen); // BPDN: split variable A x = w and its scaled dual v
  const wOld = new Float64Array(mLen);
  const v = new Float64Array(mLen);
  const t = new Float64Array(mLen);
  const gy = mode === 'lasso' ? sys.gram(y, new Float64Array(mLen)) : null;
  p.apply(z, az);
  if (mode === 'bpdn') w.set(az);
  let changes = 0;
  let it = 0;
  let sinceExact = 0;
  while (it < maxIter) {
    it++;
    // x-update (A(z - u) = Az - Au)
    for (let i = 0; i < nLen; i++) vtmp[i] = z[i] - u[i];
    for (let i = 0; i < mLen; i++) ab[i] = az[i] - au[i];
    if (mode === 'bp') {
      for (let i = 0; i < mLen; i++) t[i] = ab[i] - y[i];
      sys.solve(t, 0, c);
      p.adjoint(c, x);
      for (let i = 0; i < nLen; i++) x[i] = vtmp[i] - x[i];
      ax.set(y);
    } else if (mode === 'bpdn') {
      // b = (z - u) + A^H (w - v); A b = A(z - u) + A A^H (w - v)
      for (let i = 0; i < mLen; i++) t[i] = w[i] - v[i];
      sys.gram(t, ax);
      for (let i = 0; i < mLen; i++) ab[i] += ax[i];
      sys.solve(ab, 1, c);
      for (let i = 0; i < mLen; i++) t[i] -= c[i];
      p.adjoint(t, x);
      for (let i = 0; i < nLen; i++) x[i] += vtmp[i];
      ax.set(c); // A x = e (A A^H + e I)^{-1} A b with e = 1
    } else {
      // b = A^H y + rho (z - u); A b = G y + rho A(z - u); x = (z - u) + A^H (y - c) / rho
      for (let i = 0; i < mLen; i++) ab[i] = gy![i] + rho * ab[i];
      sys.solve(ab, rho, c);
      for (let i = 0; i < mLen; i++) t[i] = (y[i] - c[i]) / rho;
      p.adjoint(t, x);
      for (let i = 0; i < nLen; i++) x[i] += vtmp[i];
      ax.set(c);
    }
    // z-update with over-relaxation xh = alpha x + (1 - alpha) z
    zOld.set(z);
    azOld.set(az);
    for (let i = 0; i < nLen; i++) vtmp[i] = alpha * x[i] + (1 - alpha) * zOld[i] + u[i];
    const tau = (mode === 'lasso' ? lambda : 1) / rho;
    // lambda = 0 (least squares) thresholds at 0: the prox is the identity (l1().prox wants tau > 0)
    if (tau > 0) reg.prox(vtmp, tau, z);
    else z.set(vtmp);
    let rp = 0;
    let sd = 0;
    let nx = 0;
    let nz = 0;
    for (let i = 0; i < nLen; i++) {
      u[i] = vtmp[i] - z[i];
      rp += (x[i] - z[i]) ** 2;
      sd += (z[i] - zOld[i]) ** 2;
      nx += x[i] * x[i];
      nz += z[i] * z[i];
    }
    p.apply(z, az);
    if (++sinceExact >= 50) {
      p.apply(u, au);
      sinceExact = 0;
    } else for (let i = 0; i < mLen; i++) au[i] += alpha * ax[i] + (1 - alpha) * azOld[i] - az[i];
    let rpw = 0;
    let sdw = 0;
    if (mode === 'bpdn') {
      wOld.set(w);
      let s2 = 0;
      for (let i = 0; i < mLen; i++) {
        t[i] = alpha * ax[i] + (1 - alpha) * wOld[i] + v[i];
        s2 += (t[i] - y[i]) ** 2;
      }
      const f = Math.sqrt(s2) > sigma ? sigma / Math.sqrt(s2) : 1;
      for (let i = 0; i < mLen; i++) {
        w[i] = y[i] + f * (t[i] - y[i]);
        v[i] = t[i] - w[i];
        rpw += (ax[i] - w[i]) ** 2;
        sdw += (w[i] - wOld[i]) ** 2;
      }
    }
    let nu = 0;
    for (let i = 0; i < nLen; i++) nu += u[i] * u[i];
    for (let i = 0; i < mLen && mode === 'bpdn'; i++) nu += v[i] * v[i];
    const rPri = Math.sqrt(rp) + Math.sqrt(rpw);
    const sDual = rho * (Math.sqrt(sd) + Math.sqrt(sdw));
    const epsPri = tol * Math.max(Math.sqrt(nx), Math.sqrt(nz), 1e-300);
    const epsDual = tol * Math.max(rho * Math.sqrt(nu), 1e-300);
    let res2 = 0;
    for (let i = 0; i < mLen; i++) res2 += (az[i] - y[i]) ** 2;
    const zl1 = reg.value(z);
    const objective = mode === 'lasso' ? 0.5 * res2 + lambda * zl1 : zl1;
    if (!Number.isFinite(objective) || !Number.isFinite(rPri))
      return { x: z, converged: false, stopReason: 'diverged' };
    yield {
      iteration: it,
      x: z,
      objective,
      residualNorm: Math.sqrt(res2),
      relChange: Math.sqrt(sd) / Math.max(Math.sqrt(nz), 1e-300),
      info: { rho, primalResidual: rPri, dualResidual: sDual },
    };
    if (rPri <= epsPri && sDual <= epsDual) {
      return {
        x: z,
        converged: true,
        stopReason: 'tolerance',
        extra: { rho, system: sys.kind, primalResidual: rPri, dualResidual: sDual },
      };
    }
    if (adaptive && changes < D.maxRhoChanges && it % 5 === 0) {
      // scale rho so that the relative residuals balance
      const relP = rPri / epsPri;
      const relD = sDual / epsDual;
      let f = 1;
      if (relP > D.mu * relD) f = D.factor;
      else if (relD > D.mu * relP) f = 1 / D.factor;
      if (f !== 1) {
        rho *= f;
        changes++;
        for (let i = 0; i < nLen; i++) u[i] /= f;
        for (let i = 0; i < mLen; i++) {
          au[i] /= f;
          v[i] /= f;
        }
      }
    }
  }
  return { x: z, converged: false, stopReason: 'max-iterations', extra: { rho, system: sys.kind } };
}

/**
 * ADMM: basis pursuit (default), BPDN with `sigma`, or the LASSO with `lambda` (give at most one
 * of sigma and lambda). Real or complex data; dense matrices or operators.
 */
export function admm(A: OperatorInput, y: Float64Array, opts: AdmmOptions = {}): SolverResult {
  const where = 'admm';
  const p = makeProblem(where, A, y);
  if (!opts || typeof opts !== 'object')
    throw new CandorError(where, 'opts', 'an options object', String(opts));
  if (opts.lambda !== undefined && opts.sigma !== undefined) {
    throw new CandorError(where, 'lambda or sigma', 'at most one of lambda (LASSO) and sigma (BPDN)', 'both');
  }
  if (opts.lambda !== undefined) checkLambda(where, opts.lambda);
  if (opts.sigma !== undefined) checkNumber(where, 'sigma', opts.sigma, 0);
  if (opts.rho !== undefined) checkNumber(where, 'rho', opts.rho, Number.MIN_VALUE);
  if (opts.alpha !== undefined) checkNumber(where, 'alpha', opts.alpha, Number.MIN_VALUE, 2 - 1e-9);
  checkCommon(where, p, opts);
  return runSteps(
    where,
    p,
    admmSteps(p, opts),
    opts,
    opts.lambda !== undefined ? { lambda: opts.lambda } : {},
  );
}
