/**
 * Single-coil Cartesian MRI reconstruction: one function, four methods (SigPy's `app` layer:
 * an operator, a penalty and an algorithm wired together).
 *
 * | method        | problem (lambda_abs = lambda s, s = dataScale(A^H y), BART's scaling)   | algorithm |
 * |---------------|-------------------------------------------------------------------------|-----------|
 * | `zero-filled` | x = A^H y                                                               | -         |
 * | `l1-wavelet`  | 1/2 ||Ax - y||^2 + lambda s ||W x||_1 (W: haar, random cycle spinning)   | FISTA (L = 1, A A^H = I), or primal-dual with a fixed W |
 * | `tv`          | 1/2 ||Ax - y||^2 + lambdaTV s TV(x)                                      | primal-dual, exact data prox |
 * | `wavelet-tv`  | 1/2 ||Ax - y||^2 + lambda s ||W x||_1 + lambdaTV s TV(x)                  | primal-dual |
 *
 * With `noiseStd` (option, or known from the acquisition) and `constrained: true`, the penalised
 * data term becomes the constraint ||Ax - y|| <= epsilon = noiseStd sqrt(m) (primal-dual; the
 * weights then only set the balance of the penalties). Defaults ({@link MRI_RECON_DEFAULTS}) work
 * on the phantom and on real images without tuning (docs/mri.md has the measurements). The
 * result reports the data-consistency residual ||A x - y|| / ||y||.
 *
 * References: Lustig, Donoho & Pauly, MRM 58 (2007) 1182 (l1-wavelet + TV); Beck & Teboulle 2009
 * (FISTA); Chambolle & Pock 2011; Uecker et al., BART (the scaling rule and cycle spinning).
 *
 * @example
 * import { reconstruct } from './reconstruct.ts';
 * // acq from ../acquisition.ts
 * // const r = reconstruct(acq, { method: 'l1-wavelet' });  r.image: complex ny nx; r.dataResidual
 */
import { zeroImageWarning } from './zero-image.ts';
import { CandorError, checkInt, checkNumber, describe } from '../../../core/errors.ts';
import { type Team, teamScope } from '../../../core/parallel/team.ts';
import { checkSpec } from '../../../core/wavelets/levels.ts';
import { wavelet2 } from '../../../linops/wavelet.ts';
import { type DualTerm, l1AnalysisTerm, tvTerm } from '../../../prox/dual-terms.ts';
import { spinWaveletL1 } from '../../../prox/spin-wavelet.ts';
import { fista } from '../../../solvers/fista.ts';
import { primalDualStepSizes, primalDualSteps, resolvePrimalDual } from '../../../solvers/primal-dual.ts';
import { makeProblem } from '../../../solvers/problem.ts';
import { runSteps } from '../../../solvers/run.ts';
import type { CommonOptions, History, SolverResult } from '../../../solvers/types.ts';
import type { LinearOperator } from '../../../linops/types.ts';
import type { Acquisition } from '../acquisition.ts';
import { cartesianOperator } from '../operators.ts';
import type { LambdaChoice } from '../../../solvers/lambda-choice.ts';
import { type MriLambdaOptions, reconstructWithChosenWeight } from './weight-choice.ts';
import { calibrationScale } from '../scaling.ts';

/** A single-coil reconstruction method: zero-filled A^H y, or 1/2 ||Ax - y||^2 plus l1-wavelet, TV or both (times lambda s). */
export type ReconMethod = 'zero-filled' | 'l1-wavelet' | 'tv' | 'wavelet-tv';
/** Every {@link ReconMethod}. */
export const RECON_METHODS: readonly ReconMethod[] = Object.freeze([
  'zero-filled',
  'l1-wavelet',
  'tv',
  'wavelet-tv',
]);

/**
 * Defaults of {@link reconstruct}: l1-wavelet with lambda 0.005 relative to the data scale (BART's
 * `pics -r`), TV weight 0.005, combined weights 0.0025 each, haar, FISTA's continuation and
 * averaging, primal-dual step balance 0.2, 100 iterations, tol 1e-5.
 */
export const MRI_RECON_DEFAULTS = Object.freeze({
  method: 'l1-wavelet' as ReconMethod,
  /** l1-wavelet weight, relative to the data scale (BART `pics -r` convention). */
  lambda: 0.005,
  /** TV weight, relative to the data scale. */
  lambdaTV: 0.005,
  /** Weights of the combined method (each its own). */
  combined: Object.freeze({ lambda: 0.0025, lambdaTV: 0.0025 }),
  wavelet: 'haar',
  /** FISTA (l1-wavelet): lambda from 100 times its value down to it over the first 25 iterations. */
  continuation: Object.freeze({ factor: 100, iterations: 25 }),
  /** FISTA (l1-wavelet): report the average of the iterates from iteration 30 (weights growing as k). */
  average: Object.freeze({ from: 30, power: 1 }),
  /** Primal-dual step balance (tau = kappa / (lambda ||K||^2), image scale s; measured in docs/mri.md). */
  kappa: 0.2,
  maxIter: 100,
  tol: 1e-5,
  seed: 0,
});

/**
 * Options of {@link reconstruct}: method, relative weights lambda and lambdaTV (times the data
 * scale s), wavelet, cycle spinning, FISTA's continuation and averaging, noise constraint, data
 * scale and weight choice.
 */
export interface ReconOptions extends Omit<CommonOptions, 'x0'> {
  method?: ReconMethod;
  lambda?: number;
  lambdaTV?: number;
  wavelet?: string;
  levels?: number;
  /** Random cycle spinning of the wavelet (l1-wavelet with FISTA; default true). */
  spin?: boolean;
  /** FISTA's continuation (default {@link MRI_RECON_DEFAULTS}.continuation; false: none). */
  continuation?: { factor: number; iterations: number } | false;
  /** FISTA's iterate averaging (default {@link MRI_RECON_DEFAULTS}.average; false: the last iterate). */
  average?: { from: number; power?: number } | false;
  /** Algorithm for l1-wavelet (default 'fista'; 'primal-dual' uses a fixed wavelet). */
  solver?: 'fista' | 'primal-dual';
  /** Noise standard deviation per complex sample (default: the acquisition's). */
  noiseStd?: number;
  /** Solve the constrained form ||Ax - y|| <= noiseStd sqrt(m) (needs noiseStd). */
  constrained?: boolean;
  /** Step balance of the primal-dual solver (default {@link MRI_RECON_DEFAULTS}.kappa). */
  kappa?: number;
  seed?: number;
  /** Warm start (complex, 2 ny nx); default the zero-filled image for primal-dual, 0 for FISTA. */
  x0?: Float64Array;
  /** The data scale s (default: BART's rule on the zero-filled image); fixed along a weight path. */
  scale?: number;
  /** FISTA's adaptive restart (default 'gradient'; a weight path runs 'none', see ./weight-choice.ts). */
  restart?: 'gradient' | 'none';
  /** Choose the weight from the data (`--lambda auto`): see ./weight-choice.ts. */
  autoLambda?: MriLambdaOptions;
  /**
   * The operator of this acquisition, `cartesianOperator(ny, nx, mask)`, when the caller holds it
   * (a weight path reconstructs many times from the same mask); default: built here.
   */
  operator?: LinearOperator;
  /** Compute dataResidual (default true; a path solve computes its own fit: NaN then). */
  residual?: boolean;
  /**
   * A team (../../../core/parallel/team.ts; Node: startTeam in ../../../experiments/node/team-threads.ts)
   * that runs l1-wavelet's FISTA (the Haar wavelet, the Cartesian operator, the vector passes) in
   * parts on its threads: the image is bit-identical for every thread count of teams with the
   * same parts, and equal to the one-thread library path but for the rounding of sums' order.
   * Other methods and wavelets ignore it.
   */
  team?: Team;
}

/**
 * The result of {@link reconstruct}: the complex image (interleaved re/im), the data scale and
 * weights (relative and absolute), solver statistics and the data residual ||A x - y|| / ||y||.
 */
export interface ReconResult {
  method: ReconMethod;
  /** The reconstructed image, complex interleaved ny x nx. */
  image: Float64Array;
  ny: number;
  nx: number;
  /** Data scale s and how it was chosen. */
  scale: number;
  scaleRule: 'p90' | 'max' | 'given';
  /** The image the scale came from: BART's calibration box ('calibration 24x24'), 'zero-filled' or 'given'. */
  scaleFrom: string;
  /** Relative weights used (0 when the term is off) and the absolute ones (times s). */
  lambda: number;
  lambdaTV: number;
  lambdaAbs: number;
  lambdaTVAbs: number;
  constrained: boolean;
  epsilon: number | null;
  wavelet: string | null;
  solver: string;
  iterations: number;
  converged: boolean;
  stopReason: string;
  seconds: number;
  /** ||A x - y|| / ||y||. */
  dataResidual: number;
  /** Decomposition levels of the wavelet penalty (null without one). */
  waveletLevels: number | null;
  /** What the caller should know about this reconstruction (e.g. a size that admits no wavelet level). */
  warnings: string[];
  history: History;
  /** How the weight was chosen (with `autoLambda`; JSON form: lambdaChoiceJson). */
  lambdaChoice?: LambdaChoice;
}

/** The weights as a warning names them: relative, and absolute (times the data scale) unless constrained. */
export function weightsText(lambda: number, lambdaTV: number, s: number, constrained: boolean): string {
  const one = (name: string, v: number) => `${name} ${v}${constrained ? '' : ` (absolute ${(v * s).toExponential(2)})`}`;
  return [lambda > 0 ? one('lambda', lambda) : '', lambdaTV > 0 ? one('lambda-tv', lambdaTV) : ''].filter(Boolean).join(' and ') || 'weight 0';
}

function relResidual(A: LinearOperator, x: Float64Array, y: Float64Array): number {
  const r = A.apply(x, new Float64Array(y.length));
  let e = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    e += (r[i] - y[i]) ** 2;
    s += y[i] * y[i];
  }
  return Math.sqrt(e / s);
}

/** Reconstructs an image from `acq` (see the file comment for the methods and defaults). */
export function reconstruct(acq: Acquisition, opts: ReconOptions = {}): ReconResult {
  // the weight chosen from the data: a path of short reconstructions, then this function at the choice
  if (opts.autoLambda) return reconstructWithChosenWeight(acq, opts, reconstruct);
  const where = 'reconstruct';
  const t0 = performance.now();
  const method = opts.method ?? MRI_RECON_DEFAULTS.method;
  if (!RECON_METHODS.includes(method))
    throw new CandorError(where, 'method', `one of ${RECON_METHODS.join(', ')}`, describe(method));
  const { ny, nx, mask, y } = acq;
  const n = ny * nx;
  const A = opts.operator ?? cartesianOperator(ny, nx, mask);
  if (opts.operator && (A.cols !== n || A.rows !== y.length / 2)) {
    throw new CandorError(where, 'operator', `the acquisition's operator (${y.length / 2} x ${n})`, `${A.rows} x ${A.cols}`);
  }
  // the zero-filled image A^H y (the zero-filled method and primal-dual's cold start); computed
  // once when needed
  let zfCache: Float64Array | null = null;
  const zeroFilled = () => {
    zfCache ??= A.adjoint(y, new Float64Array(2 * n));
    return zfCache;
  };
  const sc: { scale: number; rule: ReconResult['scaleRule']; box: [number, number] | null } =
    opts.scale === undefined ? calibrationScale(acq) : { scale: checkNumber(where, 'scale', opts.scale, Number.MIN_VALUE), rule: 'given', box: null };
  const s = sc.scale;
  const combined = method === 'wavelet-tv';
  const useW = method === 'l1-wavelet' || combined;
  const useTV = method === 'tv' || combined;
  /** A penalty's weight: given or the default (the combined method's own), checked; 0 when unused. */
  const weight = (used: boolean, name: string, given: number | undefined, single: number, both: number) =>
    used ? checkNumber(where, name, given ?? (combined ? both : single), 0) : 0;
  const D = MRI_RECON_DEFAULTS;
  const lambda = weight(useW, 'lambda', opts.lambda, D.lambda, D.combined.lambda);
  const lambdaTV = weight(useTV, 'lambdaTV', opts.lambdaTV, D.lambdaTV, D.combined.lambdaTV);
  const maxIter = checkInt(where, 'maxIter', opts.maxIter ?? MRI_RECON_DEFAULTS.maxIter, 0);
  const tol = checkNumber(where, 'tol', opts.tol ?? MRI_RECON_DEFAULTS.tol, 0);
  const seed = checkInt(where, 'seed', opts.seed ?? MRI_RECON_DEFAULTS.seed, 0);
  const noiseStd = opts.noiseStd ?? acq.noiseStd;
  const constrained = opts.constrained ?? false;
  if (constrained && (noiseStd === undefined || !(noiseStd > 0))) {
    throw new CandorError(
      where,
      'noiseStd',
      'a noise level > 0 for the constrained form (the acquisition noise, or --noise-std at the command line)',
      describe(noiseStd),
    );
  }
  const waveletName = opts.wavelet ?? MRI_RECON_DEFAULTS.wavelet;
  const base = {
    method,
    ny,
    nx,
    scale: s,
    scaleRule: sc.rule,
    scaleFrom: sc.rule === 'given' ? 'given' : sc.box ? `calibration ${sc.box[0]}x${sc.box[1]}` : 'zero-filled',
    lambda,
    lambdaTV,
    lambdaAbs: lambda * s,
    lambdaTVAbs: lambdaTV * s,
    constrained,
    epsilon: null as number | null,
    wavelet: useW ? waveletName : null,
    waveletLevels: null as number | null,
    warnings: [] as string[],
  };
  const usePD = method !== 'l1-wavelet' || opts.solver === 'primal-dual' || constrained;
  // FISTA's cycle-spinning prox: haar of any size (levels by BART's rule), else periodized
  const haarTeam = opts.team && useW && !usePD && (waveletName === 'haar' || waveletName === 'db1') && !opts.operator ? teamScope(opts.team) : undefined;
  const R = useW && !usePD ? spinWaveletL1(ny, nx, { wavelet: waveletName, levels: opts.levels, spin: opts.spin ?? true, seed, team: haarTeam }) : null;
  if (R) base.waveletLevels = R.levels;
  else if (useW) {
    // the periodized transform halves each side per level: an odd side admits none
    const { levels } = checkSpec('wavelet2', ['ny', 'nx'], [ny, nx], waveletName, opts.levels);
    base.waveletLevels = levels;
    if (levels === 0) {
      base.warnings.push(
        `the image size ${ny}x${nx} admits no wavelet level (the periodized ${waveletName} transform halves both sides, so both must be even): the wavelet penalty acts on the pixels themselves; crop or pad to even sizes (e.g. ${ny + (ny % 2)}x${nx + (nx % 2)}) or use the TV method`,
      );
    }
  }
  if (method === 'zero-filled') {
    return {
      ...base,
      image: zeroFilled(),
      solver: 'adjoint',
      iterations: 0,
      converged: true,
      stopReason: 'exact-fit',
      seconds: (performance.now() - t0) / 1000,
      dataResidual: relResidual(A, zeroFilled(), y),
      history: { objective: [], residualNorm: [], relChange: [], elapsed: [], error: [] },
    };
  }
  const common: CommonOptions = {
    maxIter,
    tol,
    onIterate: opts.onIterate,
    signal: opts.signal,
    xTrue: opts.xTrue,
    historyEvery: opts.historyEvery ?? 0,
  };
  let res: SolverResult;
  if (R) {
    try {
      // on a team: the same operator with its passes split (its arrays shared with the threads)
      const At = haarTeam ? cartesianOperator(ny, nx, mask, haarTeam) : A;
      res = fista(At, y, R, {
        ...common,
        x0: opts.x0,
        lambda: lambda * s,
        lipschitz: 1,
        backtracking: false,
        restart: opts.restart ?? 'gradient',
        continuation: opts.continuation === false ? undefined : (opts.continuation ?? D.continuation),
        average: opts.average === false ? undefined : (opts.average ?? D.average),
        team: haarTeam,
      });
    } finally {
      haarTeam?.close();
    }
  } else {
    const p = makeProblem(`mri ${method}`, A, y);
    const W = useW ? wavelet2(ny, nx, { wavelet: waveletName, levels: opts.levels }) : undefined;
    const normK2 = (useTV ? 8 : 0) + (useW ? 1 : 0);
    const kappa = checkNumber(where, 'kappa', opts.kappa ?? D.kappa, Number.MIN_VALUE);
    const lmax = Math.max(lambda, lambdaTV);
    if (!(lmax > 0)) throw new CandorError(where, 'weights', 'lambda or lambdaTV > 0', '0');
    const epsilon = constrained ? (noiseStd as number) * Math.sqrt(A.rows) : undefined;
    const { tau, sigma } = primalDualStepSizes(lmax, constrained ? s : 1, normK2, kappa);
    // the weights are relative (to each other) in the constrained form, absolute (lambda s) otherwise
    const terms: DualTerm[] = [];
    if (lambdaTV > 0) terms.push(tvTerm(ny, nx, constrained ? lambdaTV : lambdaTV * s));
    if (W && lambda > 0) terms.push(l1AnalysisTerm(W, constrained ? lambda : lambda * s, { normSq: 1 }));
    const plan = resolvePrimalDual(where, p, { ...common, terms, data: 'prox', epsilon, tau, sigma, x0: opts.x0 ?? zeroFilled() });
    const steps = primalDualSteps(p, plan);
    res = runSteps(`primal-dual (${method})`, p, steps, common);
    base.epsilon = epsilon ?? null;
  }
  const zero = zeroImageWarning(res.x, zeroFilled(), weightsText(lambda, lambdaTV, s, constrained));
  if (zero) base.warnings.push(zero);
  return {
    ...base,
    image: res.x,
    solver: res.solver,
    iterations: res.iterations,
    converged: res.converged,
    stopReason: res.stopReason,
    seconds: (performance.now() - t0) / 1000,
    dataResidual: opts.residual === false ? Number.NaN : relResidual(A, res.x, y),
    history: res.history,
  };
}
