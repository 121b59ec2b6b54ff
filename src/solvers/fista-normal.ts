/**
 * FISTA on the normal equations: the same iteration as ./fista.ts for
 *
 *     min_x F(x) = 1/2 ||A x - y||^2 + lambda R(x)
 *
 * but with the gradient written as A^H A z - A^H y (b = A^H y computed once), so that each
 * iteration costs one application of the normal operator N = A^H A and no A or A^H. That is the
 * cheap route when N has a fast form of its own: the Toeplitz embedding of a NUFFT (one FFT pair
 * per coil, no gridding; Fessler et al., IEEE TSP 53 (2005) 3393), or multi-coil SENSE. N x is
 * tracked like FISTA tracks A z: N x_{k+1} is computed, N z_{k+1} = N x_{k+1} + beta (N x_{k+1} -
 * N x_k) follows by linearity, and the data term is exact:
 * ||A x - y||^2 = <x, N x> - 2 Re<x, b> + ||y||^2.
 *
 * Fixed step 1/L (L >= ||A||^2 given: no backtracking, which would need F at trial points),
 * adaptive restart (O'Donoghue & Candes 2015, gradient scheme) and the relative-change stop, as
 * in ./fista.ts. Not in the registry: it solves the registry's `lasso` kind only when R is the
 * l1 norm; the MRI application calls it with wavelet penalties.
 *
 * @example
 * import { fistaNormal } from './fista-normal.ts';
 * import { l1 } from '../prox/l1.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) };
 * fistaNormal(A, Float64Array.of(1, 0), l1(), { lambda: 0.1, lipschitz: 3, tol: 1e-10 }).x;  // ~[0.9, 0, 0]
 */
import { CandorError, checkNumber } from '../core/errors.ts';
import type { Team } from '../core/parallel/team.ts';
import type { Prox } from '../prox/types.ts';
import { checkLambda, makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface FistaNormalOptions extends CommonOptions {
  /** Penalty weight (required), >= 0. */
  lambda: number;
  /** L >= ||A||^2 (required: the step is 1/L). */
  lipschitz: number;
  /** Adaptive restart (default 'gradient'). */
  restart?: 'gradient' | 'none';
  /**
   * A team (../core/parallel/team.ts): the arrays handed to the normal operator and the prox are
   * then the team's (team.f64), so an operator or prox built on the same team runs its passes in
   * the team's parts; the vector updates stay on the calling thread. The iterates are
   * bit-identical for any thread count of teams with the same parts.
   */
  team?: Team;
  /** A^H y when the caller has it already (the same values: it is not recomputed). */
  aty?: Float64Array;
}

export const FISTA_NORMAL_DEFAULTS = Object.freeze({ maxIter: 500, tol: 1e-6 });

/** The step generator (see the file comment). */
export function* fistaNormalSteps(p: Problem, reg: Prox, opts: FistaNormalOptions): Generator<Iterate, StepsDone, undefined> {
  const { lambda, lipschitz: L } = opts;
  const maxIter = opts.maxIter ?? FISTA_NORMAL_DEFAULTS.maxIter;
  const tol = opts.tol ?? FISTA_NORMAL_DEFAULTS.tol;
  const restart = (opts.restart ?? 'gradient') === 'gradient';
  const R = reg.withField(p.complex);
  const N = p.nLen;
  const b = opts.aty ? opts.aty.slice() : p.adjoint(p.y, new Float64Array(N));
  let yy = 0;
  for (let i = 0; i < p.mLen; i++) yy += p.y[i] * p.y[i];
  const team = opts.team;
  // the arrays the operator and the prox see: the team's when there is one
  const vec = (len: number) => (team ? team.f64(len) : new Float64Array(len));
  const x = vec(N);
  if (opts.x0) x.set(opts.x0);
  const xNew = vec(N);
  const z = x.slice();
  const v = vec(N);
  const Nx = vec(N);
  const NxNew = vec(N);
  const Nz = new Float64Array(N);
  if (opts.x0) p.normal(x, Nx);
  Nz.set(Nx);
  const step = 1 / L;
  const sums = new Float64Array(4);
  let t = 1;
  for (let it = 1; it <= maxIter; it++) {
    gradientStep(v, z, Nz, b, step, N);
    if (lambda > 0) R.prox(v, lambda * step, xNew);
    else xNew.set(v);
    p.normal(xNew, NxNew);
    stepSums(xNew, x, z, NxNew, b, N, sums);
    const dx = sums[0];
    const nx = sums[1];
    const dot = sums[2];
    const xNxb = sums[3];
    const data = 0.5 * Math.max(xNxb + yy, 0);
    if (!Number.isFinite(data)) return { x: x.slice(), converged: false, stopReason: 'diverged' };
    let beta: number;
    if (restart && dot > 0) {
      t = 1;
      beta = 0;
    } else {
      const t1 = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      beta = (t - 1) / t1;
      t = t1;
    }
    momentum(z, Nz, xNew, x, NxNew, Nx, beta, N);
    x.set(xNew);
    Nx.set(NxNew);
    const relChange = Math.sqrt(dx) / Math.max(Math.sqrt(nx), 1e-300);
    // R at the prox's output: its own value when it has one (no second transform)
    const objective = data + (lambda > 0 ? lambda * (R.proxValue ? R.proxValue() : R.value(x)) : 0);
    yield { iteration: it, x, objective, residualNorm: Math.sqrt(2 * data), relChange, info: { lipschitz: L } };
    if (relChange <= tol) return { x: team ? x.slice() : x, converged: true, stopReason: 'tolerance' };
  }
  return { x: team ? x.slice() : x, converged: false, stopReason: 'max-iterations' };
}

/** FISTA with the normal operator (see the file comment). */
export function fistaNormal(A: OperatorInput, y: Float64Array, reg: Prox, opts: FistaNormalOptions): SolverResult {
  const where = 'fistaNormal';
  const p = makeProblem(where, A, y);
  if (!opts || typeof opts !== 'object') throw new CandorError(where, 'opts', 'an options object with lambda and lipschitz', String(opts));
  checkLambda(where, opts.lambda);
  checkNumber(where, 'lipschitz', opts.lipschitz, Number.MIN_VALUE);
  checkCommon(where, p, opts);
  if (!reg || typeof reg.prox !== 'function') throw new CandorError(where, 'reg', 'a prox object (e.g. l1())', typeof reg);
  return runSteps('fista-normal', p, fistaNormalSteps(p, reg, opts), opts, { lambda: opts.lambda });
}

// The iteration's vector passes are functions of their own, not loops in the generator's body:
// V8 optimises a function after a few calls, where a generator's loops can stay in baseline code.

/** v <- z - step (A^H A z - A^H y). */
function gradientStep(v: Float64Array, z: Float64Array, Nz: Float64Array, b: Float64Array, step: number, N: number): void {
  for (let i = 0; i < N; i++) v[i] = z[i] - step * (Nz[i] - b[i]);
}

/** out <- [||x' - x||^2, ||x'||^2, <z - x', x' - x>, <x', A^H A x' - 2 A^H y>]. */
function stepSums(xNew: Float64Array, x: Float64Array, z: Float64Array, NxNew: Float64Array, b: Float64Array, N: number, out: Float64Array): void {
  let dx = 0;
  let nx = 0;
  let dot = 0;
  let xNxb = 0;
  for (let i = 0; i < N; i++) {
    const d = xNew[i] - x[i];
    dx += d * d;
    nx += xNew[i] * xNew[i];
    dot += (z[i] - xNew[i]) * d;
    xNxb += xNew[i] * (NxNew[i] - 2 * b[i]);
  }
  out[0] = dx;
  out[1] = nx;
  out[2] = dot;
  out[3] = xNxb;
}

/** z <- x' + beta (x' - x), and the same for the normal images (A^H A is linear). */
function momentum(z: Float64Array, Nz: Float64Array, xNew: Float64Array, x: Float64Array, NxNew: Float64Array, Nx: Float64Array, beta: number, N: number): void {
  for (let i = 0; i < N; i++) {
    z[i] = xNew[i] + beta * (xNew[i] - x[i]);
    Nz[i] = NxNew[i] + beta * (NxNew[i] - Nx[i]);
  }
}
