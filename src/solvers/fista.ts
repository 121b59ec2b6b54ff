/**
 * ISTA and FISTA for  min_x F(x) = 1/2 ||A x - y||^2 + lambda R(x)  (R given as a prox object).
 *
 *     x_{k+1} = prox_{(lambda/L) R}(z_k - A^H(A z_k - y) / L)
 *     t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,   z_{k+1} = x_{k+1} + ((t_k - 1)/t_{k+1}) (x_{k+1} - x_k)
 *
 * (ISTA: z_k = x_k.) L is ||A||_2^2 from a power method unless given; backtracking (on by
 * default) multiplies L by `eta` until the majorisation F(x+) <= Q_L(x+, z) holds, which makes
 * ISTA monotone even when the power estimate is slightly low. Adaptive restart (O'Donoghue &
 * Candes 2015, gradient scheme) resets the momentum when (z_k - x_{k+1})^T (x_{k+1} - x_k) > 0.
 * A z is tracked as a linear combination of A x_{k+1} and A x_k, so one iteration costs one
 * apply and one adjoint (plus one apply per backtracking step). Complex data works with the real
 * inner product of C^n = R^2n and a complex-aware prox (soft thresholding on magnitudes).
 *
 * Stopping: relative change ||x_{k+1} - x_k|| / ||x_{k+1}|| <= tol (converged), or maxIter.
 *
 * Two options for penalties that change between iterations (random cycle spinning,
 * ../prox/spin-wavelet.ts) or small weights: `continuation` thresholds the first iterations with
 * a larger weight, lambda_k = lambda factor^(1 - (k-1)/K) for k <= K, then lambda (Hale, Yin &
 * Zhang, SIAM J. Optim. 19 (2008) 1107, fixed-point continuation; the tolerance test waits for
 * k > K, as a large weight can keep x at 0 with no change at all); `average` reports, from an
 * iteration on, the polynomial-decay average of the iterates (Shamir & Zhang, ICML 2013), whose
 * noise from the random shifts averages out (the spirit of cycle spinning itself: Coifman &
 * Donoho average over shifts). Both act the same whatever maxIter is, so a run of j iterations
 * is the first j iterations of any longer one. With `average`, the yielded and returned x is the
 * average; the yielded objective and residual are those of the last iterate, the returned ones
 * the average's.
 *
 * References: Beck & Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear
 * inverse problems", SIAM J. Imaging Sci. 2009; Daubechies, Defrise & De Mol 2004 (ISTA);
 * O'Donoghue & Candes, "Adaptive restart for accelerated gradient schemes", FoCM 2015.
 *
 * @example
 * import { fista } from './fista.ts';
 * import { l1 } from '../prox/l1.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) };
 * const r = fista(A, Float64Array.of(1, 0), l1(), { lambda: 0.1, tol: 1e-10 });
 * r.x; // approx [0.9, 0, 0]: a LASSO solution; r.converged === true
 */
import { CandorError, checkInt, checkNumber } from '../core/errors.ts';
import type { Prox } from '../prox/types.ts';
import type { Team } from '../core/parallel/team.ts';
import { localPasses, teamPasses } from './fista-passes.ts';
import { estimateLipschitz } from './lipschitz.ts';
import { checkLambda, makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface FistaOptions extends CommonOptions {
  /** Penalty weight (required), >= 0. */
  lambda: number;
  /** Lipschitz constant of the gradient, ||A||^2 (default: power method). */
  lipschitz?: number;
  /** Backtracking line search (default true). */
  backtracking?: boolean;
  /** Factor by which backtracking grows L (default 2). */
  eta?: number;
  /** Adaptive restart (default 'gradient'). */
  restart?: 'gradient' | 'none';
  /** Seed of the power method's start vector (default 0). */
  seed?: number;
  /**
   * Continuation (default off): iteration k = 1, 2, ... thresholds with
   * lambda_k = lambda factor^(1 - (k - 1) / iterations) until k = iterations + 1, then lambda.
   */
  continuation?: { factor: number; iterations: number };
  /**
   * Iterate averaging (default off): from iteration `from` on, the reported x (yielded and
   * returned) is the polynomial-decay average xbar_t = xbar_{t-1} + (power + 1) / (t + power)
   * (x_k - xbar_{t-1}), t = k - from + 1 (power 0: the plain mean; default 1).
   */
  average?: { from: number; power?: number };
  /**
   * A team (../core/parallel/team.ts) for the vector passes: every vector then comes from
   * team.f64, and the operator and prox must take those (e.g. partialDft2 and spinWaveletL1 on
   * the same team). The result is bit-identical for any thread count of teams with the same parts.
   */
  team?: Team;
}

/** Defaults of {@link FistaOptions}. */
export const FISTA_DEFAULTS = Object.freeze({
  maxIter: 500,
  tol: 1e-6,
  backtracking: true,
  eta: 2,
  restart: 'gradient' as const,
});

/** Step generator shared by ista and fista. */
export function* fistaSteps(
  p: Problem,
  reg: Prox,
  opts: FistaOptions,
  accelerate: boolean,
): Generator<Iterate, StepsDone, undefined> {
  const lambda = opts.lambda;
  const maxIter = opts.maxIter ?? FISTA_DEFAULTS.maxIter;
  const tol = opts.tol ?? FISTA_DEFAULTS.tol;
  const backtrack = opts.backtracking ?? FISTA_DEFAULTS.backtracking;
  const eta = opts.eta ?? FISTA_DEFAULTS.eta;
  const restart = accelerate && (opts.restart ?? FISTA_DEFAULTS.restart) === 'gradient';
  const cont = opts.continuation;
  const avgFrom = opts.average ? opts.average.from : Infinity;
  const power = opts.average?.power ?? 1;
  const R = reg.withField(p.complex);
  const { nLen, mLen } = p;
  let L = opts.lipschitz ?? estimateLipschitz(p, opts.seed ?? 0);
  if (!(L > 0)) {
    // A = 0: x = prox(0) is optimal; report it
    L = 1;
  }
  const P = opts.team ? teamPasses(opts.team) : localPasses();
  const vec = (from?: Float64Array) => {
    const a = P.alloc(from ? from.length : nLen);
    if (from) a.set(from);
    return a;
  };
  const x = vec(opts.x0);
  const z = vec(x);
  const g = vec();
  const v = vec();
  const xNew = vec();
  const xbar = opts.average ? vec() : null;
  const Ax = P.alloc(mLen);
  const AxNew = P.alloc(mLen);
  const Az = P.alloc(mLen);
  const rz = P.alloc(mLen);
  // the data where the passes can read it (a team's shared memory)
  const y = opts.team ? vec(p.y) : p.y;
  p.apply(x, Ax);
  Az.set(Ax);
  let t = 1;
  let it = 0;
  let relChange = Infinity;
  /** What the iteration reports: the iterate, or its average once averaging has begun. */
  const reported = () => (xbar && it >= avgFrom ? xbar : x);
  /** The result: for an average, its own objective and residual (one more apply). */
  const finish = (converged: boolean, stopReason: 'tolerance' | 'max-iterations'): StepsDone => {
    const out = reported();
    if (out === x) return { x: P.result(x), converged, stopReason, extra: { lipschitz: L } };
    p.apply(out, AxNew);
    let f = 0;
    for (let i = 0; i < mLen; i++) f += (AxNew[i] - y[i]) ** 2;
    const objective = 0.5 * f + (lambda > 0 ? lambda * R.value(out) : 0);
    return { x: P.result(out), converged, stopReason, extra: { lipschitz: L, objective, residualNorm: Math.sqrt(f) } };
  };
  /** g <- A^H (A z - y) from Az (the gradient at z); returns f(z) = 1/2 ||A z - y||^2. */
  const gradient = () => {
    const f = P.residual(Az, y, rz);
    p.adjoint(rz, g);
    return f;
  };
  const stats = new Float64Array(3);
  // the gradient step of iteration 1 (later ones are prepared at the end of the one before)
  let fz = maxIter > 0 ? gradient() : 0;
  const step0 = 1 / L;
  P.gradientStep(z, g, v, step0);
  while (it < maxIter) {
    it++;
    const lam = cont && it <= cont.iterations ? lambda * cont.factor ** (1 - (it - 1) / cont.iterations) : lambda;
    let fNew = 0;
    for (;;) {
      const step = 1 / L;
      if (lam > 0) R.prox(v, lam * step, xNew);
      else xNew.set(v);
      p.apply(xNew, AxNew);
      fNew = P.distance(AxNew, y);
      if (!backtrack) break;
      // Q_L(xNew, z) = f(z) + <g, xNew - z> + L/2 ||xNew - z||^2
      let lin = 0;
      let sq = 0;
      for (let i = 0; i < nLen; i++) {
        const d = xNew[i] - z[i];
        lin += g[i] * d;
        sq += d * d;
      }
      const Q = fz + lin + 0.5 * L * sq;
      if (fNew <= Q + 1e-12 * Math.abs(Q) || sq === 0) break;
      L *= eta;
      const s2 = 1 / L;
      for (let i = 0; i < nLen; i++) v[i] = z[i] - s2 * g[i];
    }
    if (!Number.isFinite(fNew)) {
      return { x: x.slice(), converged: false, stopReason: 'diverged' };
    }
    // R at the new iterate: from the prox when it knows it (it has just computed it), else evaluated
    const Rx = lambda > 0 ? (lam > 0 && R.proxValue ? R.proxValue() : R.value(xNew)) : 0;
    // relative change and restart test
    P.change(xNew, x, z, stats);
    const restartDot = stats[2];
    relChange = Math.sqrt(stats[0]) / Math.max(Math.sqrt(stats[1]), 1e-300);
    let beta = 0;
    if (accelerate) {
      if (restart && restartDot > 0) {
        t = 1;
      } else {
        const t1 = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
        beta = (t - 1) / t1;
        t = t1;
      }
    }
    // no tolerance stop while continuation still changes the weight: a large first weight can
    // threshold everything, so x (and its change) stays 0 although the problem is far from solved
    const settled = !cont || it > cont.iterations;
    const stop = settled && relChange <= tol;
    const last = it === maxIter || stop;
    // A z_{k+1} by linearity, and the next gradient (not after the last iteration)
    P.momentumData(AxNew, Ax, Az, beta);
    if (!last) fz = gradient();
    // one pass: z = x_{k+1} + beta (x_{k+1} - x_k), the next gradient step v = z - g / L,
    // x = x_{k+1}, and the running average
    const step = 1 / L;
    const avg = xbar !== null && it >= avgFrom;
    const w = avg ? (power + 1) / (it - avgFrom + 1 + power) : 0;
    P.momentum(xNew, x, z, v, g, beta, step, avg ? xbar : null, w);
    const objective = fNew + lambda * Rx;
    yield { iteration: it, x: reported(), objective, residualNorm: Math.sqrt(2 * fNew), relChange, info: { lipschitz: L, lambda: lam } };
    if (stop) return finish(true, 'tolerance');
  }
  return finish(false, 'max-iterations');
}

function run(name: string, A: OperatorInput, y: Float64Array, reg: Prox, opts: FistaOptions, accelerate: boolean): SolverResult {
  const p = makeProblem(name, A, y);
  if (!opts || typeof opts !== 'object') throw new CandorError(name, 'opts', 'an options object with lambda', String(opts));
  checkLambda(name, opts.lambda);
  checkCommon(name, p, opts);
  if (opts.lipschitz !== undefined) checkNumber(name, 'lipschitz', opts.lipschitz, Number.MIN_VALUE);
  if (opts.eta !== undefined) checkNumber(name, 'eta', opts.eta, 1 + 1e-9);
  if (opts.continuation !== undefined) {
    const c = opts.continuation;
    if (!c || typeof c !== 'object') throw new CandorError(name, 'continuation', '{ factor, iterations }', String(c));
    checkNumber(name, 'continuation.factor', c.factor, 1);
    checkInt(name, 'continuation.iterations', c.iterations, 1);
  }
  if (opts.average !== undefined) {
    const a = opts.average;
    if (!a || typeof a !== 'object') throw new CandorError(name, 'average', '{ from, power? }', String(a));
    checkInt(name, 'average.from', a.from, 1);
    if (a.power !== undefined) checkNumber(name, 'average.power', a.power, 0);
  }
  if (!reg || typeof reg.prox !== 'function') {
    throw new CandorError(name, 'reg', 'a prox object (e.g. l1())', typeof reg);
  }
  return runSteps(name, p, fistaSteps(p, reg, opts, accelerate), opts, { lambda: opts.lambda });
}

/** FISTA with backtracking and adaptive restart. */
export function fista(A: OperatorInput, y: Float64Array, reg: Prox, opts: FistaOptions): SolverResult {
  return run('fista', A, y, reg, opts, true);
}

/** ISTA (proximal gradient); its objective never increases. */
export function ista(A: OperatorInput, y: Float64Array, reg: Prox, opts: FistaOptions): SolverResult {
  return run('ista', A, y, reg, opts, false);
}
