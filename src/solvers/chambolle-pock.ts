/**
 * Chambolle-Pock primal-dual algorithm for analysis-sparsity problems such as total variation:
 *
 *     penalised:    min_x 1/2 ||A x - y||^2 + lambda R(K x)
 *     constrained:  min_x R(K x)  s.t.  ||A x - y||_2 <= sigma
 *
 * with K an analysis operator (the TV gradient, a redundant wavelet frame, the identity) and R a
 * norm given as a prox object (l21 for isotropic TV, l1 for anisotropic TV or analysis-l1). With
 * B = [A; K] and F(u, v) = f(u) + lambda R(v) (f the data term: 1/2 ||u - y||^2, or the indicator
 * of the ball ||u - y|| <= sigma) the saddle-point form min_x max_z <B x, z> - F*(z) is solved by
 *
 *     z_{k+1} = prox_{s F*}(z_k + s B xbar_k)
 *     x_{k+1} = x_k - t B^H z_{k+1}
 *     xbar_{k+1} = x_{k+1} + theta (x_{k+1} - x_k),     theta = 1,
 *
 * (Chambolle & Pock 2011, Algorithm 1 with G = 0), converging when t s ||B||^2 < 1; ||B||^2 =
 * ||A^H A + K^H K|| comes from a power method (+1%) and t = 0.99 / (||B|| sqrt(r)), s = r t with
 * the ratio r = `stepRatio` (default 1). The dual proxes: for f = 1/2||. - y||^2,
 * prox_{s f*}(u) = (u - s y)/(1 + s); for the ball, Moreau's identity (l2Ball.proxConj); for
 * lambda R, prox_{s (lambda R)*}(v) = lambda prox_{(s/lambda) R*}(v / lambda) (R.proxConj). A x and
 * K x are tracked so that one iteration costs one apply and one adjoint of A and of K. Complex
 * data (MRI) work: K may be real (a real operator acts on complex buffers) and R acts on moduli.
 *
 * Stopping: relative change ||x_{k+1} - x_k|| / max(||x_{k+1}||, t ||A^H y||) <= tol (the second
 * term, the first step's size, covers x = 0) and primal-dual residual <= tol
 * (Goldstein, Li & Yuan 2015): primal ||x_k - x_{k+1}|| / t relative to ||A^H q|| + ||K^H p||, dual
 * ||(z_k - z_{k+1})/s - B(x_{k+1} - 2 x_k + x_{k-1})|| relative to max(||B x||, ||y||). When A is unitary
 * (denoising, fully sampled Fourier) the primal-dual gap is also reported (`info.gap`, from the
 * feasible dual pair p, q = -A K^H p): P(x) - D(p) >= 0, tending to 0.
 * `history.objective` is the objective above (R(Kx) alone for the constrained form).
 *
 * Reference: A. Chambolle & T. Pock, "A first-order primal-dual algorithm for convex problems with
 * applications to imaging", J. Math. Imaging Vision 40, 2011.
 *
 * @example
 * import { chambollePock, tvAnalysis } from './chambolle-pock.ts';
 * import { identity } from '../linops/basic.ts';
 * const y = Float64Array.of(0, 0.1, 0, 1, 1.1, 1);             // a noisy step
 * const r = chambollePock(identity([6]), y, { lambda: 0.1, ...tvAnalysis([6]) });
 * r.x; // approx [0.0667, 0.0667, 0.0667, 1, 1, 1] (1-D TV denoising: the step survives, shrunk)
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { identity } from '../linops/basic.ts';
import { gradient1, gradient2 } from '../linops/gradient.ts';
import type { LinearOperator } from '../linops/types.ts';
import { l2Ball } from '../prox/indicators.ts';
import { l1 } from '../prox/l1.ts';
import { l21 } from '../prox/mixed.ts';
import type { Prox } from '../prox/types.ts';
import { estimateLipschitz } from './lipschitz.ts';
import { checkLambda, makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface ChambollePockOptions extends CommonOptions {
  /** Penalty weight of the penalised form (give exactly one of lambda and sigma). */
  lambda?: number;
  /** Noise level of the constrained form ||A x - y|| <= sigma. */
  sigma?: number;
  /** Analysis operator (default: identity) and the norm R applied to K x (default: l1()). */
  K?: LinearOperator;
  reg?: Prox;
  /** Dual step / primal step ratio r (default 1); t s ||B||^2 = 0.99^2. */
  stepRatio?: number;
  /** ||A^H A + K^H K|| if known (default: power method). */
  lipschitz?: number;
  /** Seed of the power method's start vector (default 0). */
  seed?: number;
}

/** Defaults of {@link ChambollePockOptions}. */
export const CHAMBOLLE_POCK_DEFAULTS = Object.freeze({ maxIter: 5000, tol: 1e-6, stepRatio: 1, theta: 1 });

/** K and R for total variation of a 1-D signal ([n]) or an image ([ny, nx]). */
export function tvAnalysis(
  shape: readonly number[],
  opts: { isotropic?: boolean } = {},
): { K: LinearOperator; reg: Prox } {
  if (!Array.isArray(shape) || (shape.length !== 1 && shape.length !== 2)) {
    throw new CandorError('tvAnalysis', 'shape', '[n] or [ny, nx]', describe(shape));
  }
  if (shape.length === 1) return { K: gradient1(shape[0]), reg: l1() };
  const [ny, nx] = shape;
  const K = gradient2(ny, nx);
  return { K, reg: (opts.isotropic ?? true) ? l21({ groups: ny * nx, components: 2 }) : l1() };
}

/** Step generator (see the file comment). */
export function* chambollePockSteps(
  p: Problem,
  opts: ChambollePockOptions,
): Generator<Iterate, StepsDone, undefined> {
  const maxIter = opts.maxIter ?? CHAMBOLLE_POCK_DEFAULTS.maxIter;
  const tol = opts.tol ?? CHAMBOLLE_POCK_DEFAULTS.tol;
  const ratio = opts.stepRatio ?? CHAMBOLLE_POCK_DEFAULTS.stepRatio;
  const constrained = opts.sigma !== undefined;
  const lambda = constrained ? 1 : (opts.lambda as number);
  const noise = opts.sigma ?? 0;
  const { nLen, mLen, y, complex } = p;
  const K = opts.K ?? identity([p.n]);
  const R = (opts.reg ?? l1()).withField(complex);
  const kLen = K.rows * (complex ? 2 : 1);
  const ball = constrained ? l2Ball(noise, y).withField(complex) : null;
  const unitary = p.op?.structure === 'unitary';
  const kx = new Float64Array(kLen);
  const kt = new Float64Array(nLen);
  let L = opts.lipschitz;
  if (L === undefined) {
    // ||[A; K]||^2 = lambda_max(A^H A + K^H K)
    const stacked = {
      n: p.n,
      complex: p.complex,
      normal: (v: Float64Array, out: Float64Array) => {
        p.normal(v, out);
        K.apply(v, kx);
        K.adjoint(kx, kt);
        for (let i = 0; i < nLen; i++) out[i] += kt[i];
        return out;
      },
    };
    L = estimateLipschitz(stacked, opts.seed ?? 0);
  }
  const Bn = Math.sqrt(L > 0 ? L : 1);
  const tau = 0.99 / (Bn * Math.sqrt(ratio));
  const s = ratio * tau;
  const x = opts.x0 ? opts.x0.slice() : new Float64Array(nLen);
  const xOld = new Float64Array(nLen);
  const ax = new Float64Array(mLen);
  const axPrev = new Float64Array(mLen);
  const kxPrev = new Float64Array(kLen);
  const q = new Float64Array(mLen);
  const qOld = new Float64Array(mLen);
  const pd = new Float64Array(kLen);
  const pdOld = new Float64Array(kLen);
  const uq = new Float64Array(mLen);
  const up = new Float64Array(kLen);
  const atq = new Float64Array(nLen);
  const scratchM = unitary ? new Float64Array(mLen) : null;
  let yNorm = 0;
  for (let i = 0; i < mLen; i++) yNorm += y[i] * y[i];
  yNorm = Math.sqrt(yNorm);
  // scale of x for the relative-change test when the solution is 0: the first step from x = 0
  let xScale = 0;
  {
    const g = p.adjoint(y, new Float64Array(nLen));
    for (let i = 0; i < nLen; i++) xScale += g[i] * g[i];
    xScale = tau * Math.sqrt(xScale);
  }
  p.apply(x, ax);
  K.apply(x, kx);
  axPrev.set(ax);
  kxPrev.set(kx);
  let it = 0;
  let pdRes = Infinity;
  let ok = false;
  while (it < maxIter) {
    it++;
    // dual step at xbar = 2 x_k - x_{k-1} (A xbar, K xbar from the tracked products)
    qOld.set(q);
    pdOld.set(pd);
    for (let i = 0; i < mLen; i++) uq[i] = q[i] + s * (2 * ax[i] - axPrev[i]);
    if (ball) ball.proxConj(uq, s, q);
    else for (let i = 0; i < mLen; i++) q[i] = (uq[i] - s * y[i]) / (1 + s);
    for (let i = 0; i < kLen; i++) up[i] = (pd[i] + s * (2 * kx[i] - kxPrev[i])) / lambda;
    R.proxConj(up, s / lambda, pd);
    for (let i = 0; i < kLen; i++) pd[i] *= lambda;
    // primal step
    p.adjoint(q, atq);
    K.adjoint(pd, kt);
    xOld.set(x);
    let dx2 = 0;
    let x2 = 0;
    let atqN = 0;
    let ktN = 0;
    for (let i = 0; i < nLen; i++) {
      const d = tau * (atq[i] + kt[i]);
      x[i] -= d;
      dx2 += d * d;
      x2 += x[i] * x[i];
      atqN += atq[i] * atq[i];
      ktN += kt[i] * kt[i];
    }
    axPrev.set(ax);
    kxPrev.set(kx);
    p.apply(x, ax);
    K.apply(x, kx);
    // residuals; axPrev holds A x_k, and A x_{k-1} is recovered from xbar's definition
    let dres = 0;
    let bx = 0;
    for (let i = 0; i < mLen; i++) {
      const xbar = uq[i] - qOld[i]; // s A xbar_k
      const v = (qOld[i] - q[i]) / s + xbar / s - ax[i];
      dres += v * v;
      bx += ax[i] * ax[i];
    }
    for (let i = 0; i < kLen; i++) {
      const xbar = up[i] * lambda - pdOld[i];
      const v = (pdOld[i] - pd[i]) / s + xbar / s - kx[i];
      dres += v * v;
      bx += kx[i] * kx[i];
    }
    const primalRes = Math.sqrt(dx2) / tau / Math.max(Math.sqrt(atqN) + Math.sqrt(ktN), 1e-300);
    const dualRes = Math.sqrt(dres) / Math.max(Math.sqrt(bx), yNorm, 1e-300);
    pdRes = Math.max(primalRes, dualRes);
    let f = 0;
    for (let i = 0; i < mLen; i++) f += (ax[i] - y[i]) ** 2;
    const rn = Math.sqrt(f);
    const rv = R.value(kx);
    const objective = constrained ? rv : 0.5 * f + lambda * rv;
    if (!Number.isFinite(objective)) return { x, converged: false, stopReason: 'diverged' };
    const relChange = Math.sqrt(dx2) / Math.max(Math.sqrt(x2), 1e-300);
    const info: Record<string, number> = {
      pdResidual: pdRes,
      primalResidual: primalRes,
      dualResidual: dualRes,
    };
    if (scratchM) {
      // feasible dual pair (p, q = -A K^H p): D = -f*(q); gap = P(x) - D
      p.apply(kt, scratchM);
      let qy = 0;
      let qq = 0;
      for (let i = 0; i < mLen; i++) {
        qy -= scratchM[i] * y[i];
        qq += scratchM[i] * scratchM[i];
      }
      const fStar = constrained ? qy + noise * Math.sqrt(qq) : 0.5 * qq + qy;
      info.gap = (constrained ? rv : objective) + fStar;
    }
    yield { iteration: it, x, objective, residualNorm: rn, relChange, info };
    if (Math.sqrt(dx2) <= tol * Math.max(Math.sqrt(x2), xScale) && pdRes <= tol) {
      ok = true;
      break;
    }
  }
  return {
    x,
    converged: ok,
    stopReason: ok ? 'tolerance' : 'max-iterations',
    extra: { tau, dualStep: s, lipschitz: L, pdResidual: pdRes, dual: { data: q, reg: pd } },
  };
}

/**
 * Chambolle-Pock for min 1/2||Ax - y||^2 + lambda R(Kx) (`lambda`) or min R(Kx) s.t.
 * ||Ax - y|| <= sigma (`sigma`); K and R default to the identity and l1 (see tvAnalysis for TV).
 */
export function chambollePock(A: OperatorInput, y: Float64Array, opts: ChambollePockOptions): SolverResult {
  const where = 'chambollePock';
  const p = makeProblem(where, A, y);
  if (!opts || typeof opts !== 'object')
    throw new CandorError(where, 'opts', 'an options object with lambda or sigma', String(opts));
  const hasL = opts.lambda !== undefined;
  const hasS = opts.sigma !== undefined;
  if (hasL === hasS) {
    throw new CandorError(
      where,
      'lambda or sigma',
      'exactly one of lambda (penalised) and sigma (constrained)',
      hasL ? 'both' : 'neither',
    );
  }
  if (hasL) checkLambda(where, opts.lambda);
  else checkNumber(where, 'sigma', opts.sigma, 0);
  checkCommon(where, p, opts);
  if (opts.stepRatio !== undefined) checkNumber(where, 'stepRatio', opts.stepRatio, Number.MIN_VALUE);
  if (opts.lipschitz !== undefined) checkNumber(where, 'lipschitz', opts.lipschitz, Number.MIN_VALUE);
  if (opts.K !== undefined) {
    const K = opts.K;
    if (!K || typeof K.apply !== 'function' || !('domain' in K))
      throw new CandorError(where, 'K', 'a LinearOperator', describe(K));
    if (K.cols !== p.n)
      throw new CandorError(where, `K (${K.name}) columns`, `${p.n} (columns of A)`, String(K.cols));
    if (K.field === 'complex' && !p.complex)
      throw new CandorError(where, `K (${K.name})`, 'a real operator for real data', 'a complex operator');
  }
  if (opts.reg !== undefined && (!opts.reg || typeof opts.reg.proxConj !== 'function')) {
    throw new CandorError(where, 'reg', 'a prox object (e.g. l21 or l1)', describe(opts.reg));
  }
  return runSteps(where, p, chambollePockSteps(p, opts), opts, hasL ? { lambda: opts.lambda } : {});
}
