/**
 * Multi-coil (parallel imaging) reconstruction, Cartesian or non-Cartesian, from an acquisition
 * (../multicoil.ts) and coil sensitivities (ESPIRiT, ../coils/espirit.ts, or given): one function,
 * the SENSE operator A (../sense.ts) wired to a penalty and an algorithm, in the one objective
 * convention with BART's data scaling (s = dataScale(A^H y), lambda_abs = lambda s):
 *
 * | method        | problem                                                   | algorithm |
 * |---------------|-----------------------------------------------------------|-----------|
 * | `zero-filled` | x = A^H y (Cartesian; the coil-combined zero-filled image)  | -         |
 * | `gridding`    | x = A^H W y, W the Pipe-Menon density (non-Cartesian)       | -         |
 * | `cg-sense`    | min 1/2 ||A x - y||^2 (+ lambdaL2 s^2/2 ||x||^2)          | conjugate gradients on the normal equations (../../../solvers/cg.ts), stopped at maxIter or tol |
 * | `l1-wavelet`  | 1/2 ||A x - y||^2 + lambda s ||W x||_1 (haar, cycle spinning) | FISTA on the normal operator (../../../solvers/fista-normal.ts) |
 * | `tv`          | 1/2 ||A x - y||^2 + lambdaTV s TV(x)                       | primal-dual with a smooth data term (../../../solvers/primal-dual-smooth.ts) |
 * | `wavelet-tv`  | both penalties                                            | the same |
 *
 * Every iterative method applies only the normal operator A^H A (Cartesian: 2 nc FFTs; NUFFT:
 * the Toeplitz embedding, 2 nc FFTs on the 2x grid, no gridding), with the step from the bound
 * L = max_r sum_c |S_c(r)|^2 >= ||A||^2 (Cartesian; for a trajectory 1.05 times the power method's
 * estimate of ||A_w||^2, at most the bound times max |Khat|). For a trajectory the data
 * term is density-weighted, 1/2 ||W^{1/2} (A x - y)||^2 with the Pipe-Menon weights W (the
 * weighting of CG-SENSE, Pruessmann et al. 2001): A^H W A is close to the identity on the covered
 * k-space (L ~ 1 instead of ~ the centre's oversampling, 215 for 48 radial spokes of a 256 image),
 * so the same iteration counts suffice; for consistent data the minimiser of the data term is
 * the same. A, y and the residual below are the weighted ones. With `constrained: true` and a
 * noise level, the penalised data term becomes ||A x - y|| <= epsilon = noiseStd sqrt(nc m)
 * (primal-dual with a dual data term, ../../../solvers/primal-dual.ts). The result is the
 * coil-combined complex image, and with `coilImages: true` also S_c x per coil.
 *
 * References: Pruessmann et al., MRM 42 (1999) 952 and MRM 46 (2001) 638 (SENSE, CG-SENSE);
 * Uecker et al., MRM 71 (2014) 990 (ESPIRiT); Lustig, Donoho & Pauly, MRM 58 (2007) 1182;
 * Beck & Teboulle 2009; Condat 2013.
 *
 * @example
 * import { reconstructMultiCoil } from './multicoil.ts';
 * // const r = reconstructMultiCoil(acq, maps, { method: 'l1-wavelet' });  r.image: complex ny nx
 */
import { weightsText } from './reconstruct.ts';
import { zeroImageWarning } from './zero-image.ts';
import { CandorError, checkInt, checkNumber, describe } from '../../../core/errors.ts';
import { dataScaleDetail } from '../../../core/imaging/scaling.ts';
import { type Team, teamScope } from '../../../core/parallel/team.ts';
import { checkSpec } from '../../../core/wavelets/levels.ts';
import { scale as scaleOperator } from '../../../linops/combinators.ts';
import type { LinearOperator } from '../../../linops/types.ts';
import { powerIteration } from '../../../core/dense/power.ts';
import { wavelet2 } from '../../../linops/wavelet.ts';
import { type DualTerm, l1AnalysisTerm, tvTerm } from '../../../prox/dual-terms.ts';
import { spinWaveletL1 } from '../../../prox/spin-wavelet.ts';
import { cgNormal } from '../../../solvers/cg.ts';
import { fistaNormal } from '../../../solvers/fista-normal.ts';
import { PRIMAL_DUAL_DEFAULTS, primalDual, primalDualStepSizes } from '../../../solvers/primal-dual.ts';
import { primalDualSmooth } from '../../../solvers/primal-dual-smooth.ts';
import type { CommonOptions, History, SolverResult } from '../../../solvers/types.ts';
import type { CoilArray } from '../coils/types.ts';
import { MRI_RECON_DEFAULTS } from './reconstruct.ts';
import { acquisitionDensity, acquisitionPlan, type MultiCoilAcquisition } from '../multicoil.ts';
import { mapsPeakPower, nufftNormBound, senseCartesian, senseNonCartesian } from '../sense.ts';
import type { LambdaChoice } from '../../../solvers/lambda-choice.ts';
import { reconstructMultiCoilWithChosenWeight } from './multicoil-weight.ts';
import type { MriLambdaOptions } from './weight-choice.ts';

/** A multi-coil reconstruction method (see the table of the file comment). */
export type MultiCoilMethod = 'zero-filled' | 'gridding' | 'cg-sense' | 'l1-wavelet' | 'tv' | 'wavelet-tv';
/** Every {@link MultiCoilMethod}. */
export const MULTICOIL_METHODS: readonly MultiCoilMethod[] = Object.freeze(['zero-filled', 'gridding', 'cg-sense', 'l1-wavelet', 'tv', 'wavelet-tv']);

/**
 * Defaults of {@link reconstructMultiCoil}: l1-wavelet with lambda 0.005 (relative to the data
 * scale, BART's `pics -r`), TV weight 0.005, combined weights 0.0025 each, haar, 100 iterations (30
 * for CG-SENSE), tol 1e-5.
 */
export const MULTICOIL_RECON_DEFAULTS = Object.freeze({
  method: 'l1-wavelet' as MultiCoilMethod,
  /** The single-coil reconstruction's weights, relative to the data scale (BART pics -r), and its wavelet. */
  lambda: MRI_RECON_DEFAULTS.lambda,
  lambdaTV: MRI_RECON_DEFAULTS.lambdaTV,
  combined: MRI_RECON_DEFAULTS.combined,
  wavelet: MRI_RECON_DEFAULTS.wavelet,
  maxIter: MRI_RECON_DEFAULTS.maxIter,
  /** CG-SENSE iterations (early stopping regularises it). */
  cgIter: 30,
  tol: MRI_RECON_DEFAULTS.tol,
  seed: MRI_RECON_DEFAULTS.seed,
});

/**
 * Options of {@link reconstructMultiCoil}: method, relative weights lambda and lambdaTV (times the
 * data scale s), wavelet, noise constraint, warm start and coil images.
 */
export interface MultiCoilReconOptions extends Omit<CommonOptions, 'x0'> {
  method?: MultiCoilMethod;
  lambda?: number;
  lambdaTV?: number;
  /** Tikhonov weight of cg-sense, relative to s^2 (default 0). */
  lambdaL2?: number;
  wavelet?: string;
  levels?: number;
  spin?: boolean;
  seed?: number;
  noiseStd?: number;
  constrained?: boolean;
  kappa?: number;
  /** Also return the coil images S_c x. */
  coilImages?: boolean;
  x0?: Float64Array;
  /** The data scale s (default: BART's rule on A^H y); fixed along a weight path. */
  scale?: number;
  /** FISTA's adaptive restart (l1-wavelet; default 'gradient'; a weight path runs 'none'). */
  restart?: 'gradient' | 'none';
  /** Choose the weight from the data (`--lambda auto`): ./multicoil-weight.ts. */
  autoLambda?: MriLambdaOptions;
  /**
   * A team (../../../core/parallel/team.ts; Node: startTeam in
   * ../../../experiments/node/team-threads.ts) for Cartesian l1-wavelet with the haar wavelet and
   * CG-SENSE: the normal operator's coils (and the Haar prox) run in the team's parts; the
   * image is bit-identical for every thread count of teams with the same parts (and differs from
   * the team-less image only by the order of the coil sum's rounding). Other methods ignore it.
   */
  team?: Team;
}

/**
 * The result of a multi-coil reconstruction: the coil-combined complex image (interleaved re/im),
 * the data scale and the weights used, solver statistics and the data residual.
 */
export interface MultiCoilReconResult {
  method: MultiCoilMethod;
  image: Float64Array;
  ny: number;
  nx: number;
  nc: number;
  trajectory: 'cartesian' | 'non-cartesian';
  scale: number;
  scaleRule: 'p90' | 'max' | 'given';
  lambda: number;
  lambdaTV: number;
  lambdaAbs: number;
  lambdaTVAbs: number;
  constrained: boolean;
  epsilon: number | null;
  wavelet: string | null;
  waveletLevels: number | null;
  /** The step bound L >= ||A||^2 used. */
  lipschitz: number;
  solver: string;
  iterations: number;
  converged: boolean;
  stopReason: string;
  seconds: number;
  /** ||A x - y|| / ||y||. */
  dataResidual: number;
  warnings: string[];
  history: History;
  /** S_c x per coil, when asked for. */
  coilImages?: CoilArray;
  /** A^H y: the coil-combined zero-filled image (Cartesian) or the density-compensated gridding image (a trajectory), what those methods return. */
  adjointImage: Float64Array;
  /** How the weight was chosen (with `autoLambda`; JSON form: lambdaChoiceJson). */
  lambdaChoice?: LambdaChoice;
}

/**
 * The SENSE operator of an acquisition and maps (sizes checked, errors naming both); with
 * `weighted`, a trajectory's operator is W^{1/2} A with the Pipe-Menon density W.
 */
export function senseOperatorFor(acq: MultiCoilAcquisition, maps: CoilArray, where = 'reconstructMultiCoil', weighted = false, team?: Team): LinearOperator {
  if (maps.ny !== acq.ny || maps.nx !== acq.nx || maps.nc !== acq.nc) {
    throw new CandorError(where, 'coil sensitivities', `${acq.nc} maps of ${acq.ny}x${acq.nx} (the k-space's coils and size)`, `${maps.nc} maps of ${maps.ny}x${maps.nx}`);
  }
  if (acq.mask) return senseCartesian(maps, acq.mask, { team });
  return senseNonCartesian(maps, acq.coords as Float64Array, { plan: acquisitionPlan(acq), weights: weighted ? acquisitionDensity(acq) : undefined });
}

/** W^{1/2} y per coil. */
function weightSamples(acq: MultiCoilAcquisition, w: Float64Array, power: number): Float64Array {
  const out = new Float64Array(acq.y.length);
  for (let c = 0; c < acq.nc; c++) {
    for (let j = 0; j < acq.m; j++) {
      const f = power === 1 ? w[j] : Math.sqrt(w[j]);
      const t = 2 * (c * acq.m + j);
      out[t] = acq.y[t] * f;
      out[t + 1] = acq.y[t + 1] * f;
    }
  }
  return out;
}

/** Reconstructs the coil-combined image (see the file comment). */
export function reconstructMultiCoil(acq: MultiCoilAcquisition, maps: CoilArray, opts: MultiCoilReconOptions = {}): MultiCoilReconResult {
  // the weight chosen from the data: a path of short reconstructions, then this function at the choice
  if (opts.autoLambda) return reconstructMultiCoilWithChosenWeight(acq, maps, opts, reconstructMultiCoil);
  const where = 'reconstructMultiCoil';
  const t0 = performance.now();
  const D = MULTICOIL_RECON_DEFAULTS;
  const method = opts.method ?? D.method;
  if (!MULTICOIL_METHODS.includes(method)) throw new CandorError(where, 'method', `one of ${MULTICOIL_METHODS.join(', ')}`, describe(method));
  const cartesian = acq.mask !== null;
  if (method === 'zero-filled' && !cartesian) throw new CandorError(where, 'method', "'gridding' for non-Cartesian data ('zero-filled' needs a Cartesian mask)", "'zero-filled'");
  const waveletName = opts.wavelet ?? D.wavelet;
  const constrained = opts.constrained ?? false;
  // the team's scope (its arrays freed when done): Cartesian haar l1-wavelet only
  const team =
    opts.team && cartesian && ((method === 'l1-wavelet' && !constrained && (waveletName === 'haar' || waveletName === 'db1')) || method === 'cg-sense')
      ? teamScope(opts.team)
      : undefined;
  try {
    return solve(acq, maps, opts, method, waveletName, constrained, team, t0);
  } finally {
    team?.close();
  }
}

function solve(
  acq: MultiCoilAcquisition,
  maps: CoilArray,
  opts: MultiCoilReconOptions,
  method: MultiCoilMethod,
  waveletName: string,
  constrained: boolean,
  team: Team | undefined,
  t0: number,
): MultiCoilReconResult {
  const where = 'reconstructMultiCoil';
  const D = MULTICOIL_RECON_DEFAULTS;
  const cartesian = acq.mask !== null;
  const { ny, nx, nc } = acq;
  const n = ny * nx;
  // a trajectory's data term is density-weighted (preconditioned): A_w = W^{1/2} A, y_w = W^{1/2} y
  const A = senseOperatorFor(acq, maps, where, !cartesian, team);
  const w = cartesian ? null : acquisitionDensity(acq);
  const y = w ? weightSamples(acq, w, 0.5) : acq.y;
  const combined = method === 'wavelet-tv';
  const useW = method === 'l1-wavelet' || combined;
  const useTV = method === 'tv' || combined;
  const weight = (used: boolean, name: string, given: number | undefined, single: number, both: number) =>
    used ? checkNumber(where, name, given ?? (combined ? both : single), 0) : 0;
  const lambda = weight(useW, 'lambda', opts.lambda, D.lambda, D.combined.lambda);
  const lambdaTV = weight(useTV, 'lambdaTV', opts.lambdaTV, D.lambdaTV, D.combined.lambdaTV);
  const maxIter = checkInt(where, 'maxIter', opts.maxIter ?? (method === 'cg-sense' ? D.cgIter : D.maxIter), 0);
  const tol = checkNumber(where, 'tol', opts.tol ?? D.tol, 0);
  const seed = checkInt(where, 'seed', opts.seed ?? D.seed, 0);
  const noiseStd = opts.noiseStd ?? acq.noiseStd;
  if (constrained && (noiseStd === undefined || !(noiseStd > 0))) {
    throw new CandorError(where, 'noiseStd', 'a noise level > 0 for the constrained form (the acquisition noise, or --noise-std at the command line)', describe(noiseStd));
  }
  if (constrained && !(useW || useTV)) throw new CandorError(where, 'constrained', "a penalised method (l1-wavelet, tv, wavelet-tv) for the constrained form", `'${method}'`);
  const warnings: string[] = [];
  let waveletLevels: number | null = null;
  if (useW) {
    waveletLevels = checkSpec('wavelet2', ['ny', 'nx'], [ny, nx], waveletName, opts.levels).levels;
    if (waveletLevels === 0) warnings.push(`the image size ${ny}x${nx} admits no wavelet level: the wavelet penalty acts on the pixels themselves`);
  }
  let L = mapsPeakPower(maps);
  if (!(L > 0) && !maps.data.some((v) => v !== 0)) throw new CandorError(where, 'coil sensitivities', 'maps that are not all zero', 'all zeros');
  // sensitivities are relative gains (1 where a coil sees best): a peak power far from that is a
  // units error, and the solvers' sums of squares (~L^2 |x|^2) overflow or underflow beyond
  if (!(L >= 1e-100 && L <= 1e100)) {
    throw new CandorError(where, 'coil sensitivities', 'a peak power max_r sum_c |S_c(r)|^2 within 1e-100 .. 1e100 (sensitivities are relative gains, 1 where a coil sees best: rescale the maps)', L.toExponential(2));
  }
  if (w && method !== 'gridding') {
    // the bound max |Khat| is loose for a trajectory (7 where ||A_w||^2 ~ 1): the power method on
    // A_w^H A_w (seeded), 5% above its estimate, capped by the bound
    const bound = L * nufftNormBound(acquisitionPlan(acq), w);
    const pw = powerIteration((x, o) => A.normal(x, o), n, { complex: true, seed: 0, maxIter: 30, tol: 1e-4 });
    L = Math.min(bound, 1.05 * pw.norm * pw.norm);
  }
  // A_w^H y_w: the coil-combined zero-filled (Cartesian) or gridding (A^H W y) image
  const base = A.adjoint(y, new Float64Array(2 * n));
  let image: Float64Array;
  let res: SolverResult | null = null;
  let residual: number | null = null;
  const sc: { scale: number; rule: MultiCoilReconResult['scaleRule'] } =
    opts.scale === undefined ? dataScaleDetail(base) : { scale: checkNumber(where, 'scale', opts.scale, Number.MIN_VALUE), rule: 'given' };
  const s = sc.scale;
  const common: CommonOptions = { maxIter, tol, onIterate: opts.onIterate, signal: opts.signal, xTrue: opts.xTrue, historyEvery: opts.historyEvery ?? 0 };
  let epsilon: number | null = null;
  if (method === 'zero-filled' || method === 'gridding') {
    image = base;
  } else if (method === 'cg-sense') {
    const lambdaL2 = checkNumber(where, 'lambdaL2', opts.lambdaL2 ?? 0, 0);
    res = cgNormal(A, y, { ...common, lambda: lambdaL2 * s * s, x0: opts.x0, team });
    image = res.x;
  } else if (constrained) {
    const terms: DualTerm[] = [];
    if (lambdaTV > 0) terms.push(tvTerm(ny, nx, lambdaTV));
    if (useW && lambda > 0) terms.push(l1AnalysisTerm(wavelet2(ny, nx, { wavelet: waveletName, levels: opts.levels }), lambda, { normSq: 1 }));
    if (terms.length === 0) throw new CandorError(where, 'weights', 'lambda or lambdaTV > 0', '0');
    // the weighted residual's bound: sigma^2 sum_j w_j per coil (sigma^2 m unweighted)
    let wsum = acq.m;
    if (w) {
      wsum = 0;
      for (let j = 0; j < acq.m; j++) wsum += w[j];
    }
    epsilon = (noiseStd as number) * Math.sqrt(nc * wsum);
    // solved as ||A' x - y'|| <= epsilon' with A' = A / sqrt(L), y' = y / sqrt(L), epsilon' =
    // epsilon / sqrt(L) (the same x): the data block then has norm 1 like the penalties, and the
    // steps (single-coil's rule, primal scale the image's, s / L) are the same in image units for
    // maps and k-space of any scale
    const r = Math.sqrt(L);
    const Au = L === 1 ? A : scaleOperator(1 / r, A);
    const yu = L === 1 ? y : y.map((v) => v / r);
    const lmax = Math.max(...terms.map((t) => t.weight));
    const normK2 = terms.reduce((a, t) => a + t.normSq, 1);
    const kappa = checkNumber(where, 'kappa', opts.kappa ?? PRIMAL_DUAL_DEFAULTS.kappa, Number.MIN_VALUE);
    const { tau, sigma } = primalDualStepSizes(lmax, s / L, normK2, kappa);
    res = primalDual(Au, yu, { ...common, terms, data: 'dual', epsilon: epsilon / r, normA2: 1, tau, sigma, x0: opts.x0 ?? imageUnits(base, L) });
    if (L !== 1) res.history.residualNorm = res.history.residualNorm.map((v) => v * r);
    image = res.x;
  } else if (method === 'l1-wavelet') {
    const R = spinWaveletL1(ny, nx, { wavelet: waveletName, levels: opts.levels, spin: opts.spin ?? true, seed, team });
    res = fistaNormal(A, y, R, { ...common, lambda: lambda * s, lipschitz: L, x0: opts.x0, restart: opts.restart, team, aty: base });
    image = res.x;
    // FISTA's last iterate is the image, and its data term 1/2 ||A x - y||^2 came from A^H A x,
    // computed anyway: no forward pass again for the residual below (unless it is tiny)
    residual = res.residualNorm;
  } else {
    const terms: DualTerm[] = [];
    if (lambdaTV > 0) terms.push(tvTerm(ny, nx, lambdaTV * s));
    if (useW && lambda > 0) terms.push(l1AnalysisTerm(wavelet2(ny, nx, { wavelet: waveletName, levels: opts.levels }), lambda * s, { normSq: 1 }));
    if (terms.length === 0) throw new CandorError(where, 'weights', 'lambda or lambdaTV > 0', '0');
    // the primal steps are in the image's units: A^H y is about L x, so the image's scale is s / L
    // (s itself when the maps have unit norm; maps scaled by c scale the image by 1/c and L by c^2,
    // and the steps tau ~ 1/c^2, sigma ~ c^2 then give the same iterates up to that scale)
    res = primalDualSmooth(A, y, { ...common, terms, lipschitz: L, kappa: opts.kappa, primalScale: s / L, x0: opts.x0 ?? imageUnits(base, L) });
    image = res.x;
  }
  if (res && method !== 'cg-sense') {
    const zero = zeroImageWarning(image, base, weightsText(lambda, lambdaTV, s, constrained), L);
    if (zero) warnings.push(zero);
  }
  let yy = 0;
  for (let i = 0; i < y.length; i++) yy += y[i] * y[i];
  let e = 0;
  // FISTA's residual comes from x^H A^H A x - 2 Re x^H A^H y + ||y||^2, which cancels as the
  // residual shrinks (eps ||y||^2 of rounding): trusted down to 1e-3 of ||y|| (1e-10 relative
  // error there), recomputed by a forward pass below that
  if (residual !== null && Number.isFinite(residual) && residual * residual >= 1e-6 * yy) e = residual * residual;
  else {
    const r = A.apply(image, new Float64Array(y.length));
    for (let i = 0; i < r.length; i++) e += (r[i] - y[i]) ** 2;
  }
  const out: MultiCoilReconResult = {
    method,
    image,
    ny,
    nx,
    nc,
    trajectory: cartesian ? 'cartesian' : 'non-cartesian',
    scale: s,
    scaleRule: sc.rule,
    lambda,
    lambdaTV,
    lambdaAbs: lambda * s,
    lambdaTVAbs: lambdaTV * s,
    constrained,
    epsilon,
    wavelet: useW ? waveletName : null,
    waveletLevels,
    lipschitz: L,
    solver: res ? res.solver : method === 'gridding' && !cartesian ? 'density-compensated adjoint' : 'adjoint',
    iterations: res ? res.iterations : 0,
    converged: res ? res.converged : true,
    stopReason: res ? res.stopReason : 'exact-fit',
    seconds: (performance.now() - t0) / 1000,
    dataResidual: Math.sqrt(e / yy),
    warnings,
    history: res ? res.history : { objective: [], residualNorm: [], relChange: [], elapsed: [], error: [] },
    adjointImage: base,
  };
  if (opts.coilImages) {
    const ci = new Float64Array(2 * n * nc);
    for (let c = 0; c < nc; c++) {
      const o = 2 * n * c;
      for (let i = 0; i < n; i++) {
        const sr = maps.data[o + 2 * i];
        const si = maps.data[o + 2 * i + 1];
        ci[o + 2 * i] = sr * image[2 * i] - si * image[2 * i + 1];
        ci[o + 2 * i + 1] = sr * image[2 * i + 1] + si * image[2 * i];
      }
    }
    out.coilImages = { ny, nx, nc, data: ci };
  }
  return out;
}

/**
 * A^H y in image units, A^H y / L (A^H y is about L x): the primal-dual solvers' start. The same
 * array when L = 1 (unit-norm maps, Cartesian), so that case starts exactly where it did.
 */
function imageUnits(base: Float64Array, L: number): Float64Array {
  return L === 1 ? base : base.map((v) => v / L);
}
