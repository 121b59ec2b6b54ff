/**
 * Regularised maximum-likelihood (RML) imaging, the method of the EHT's eht-imaging and SMILI
 * pipelines (Chael et al. 2016, 2018; EHT Collaboration 2019, M87 Paper IV): the image x >= 0
 * (Jy/pixel) minimises
 *
 *     J(x) = sum_d alpha_d chi2_d(x) + sum_r beta_r R_r(x)
 *
 * with the chi-squared data terms of ./closures.ts (complex visibilities, amplitudes, closure
 * phases, log closure amplitudes; closure quantities do not depend on station gains) and the
 * normalised regularisers of ./rml-terms.ts (maximum entropy relative to a Gaussian prior, total
 * variation, total squared variation, total flux). The model visibilities are the NUFFT
 * measurement of ./measurement.ts; the gradient of every data term with respect to the model
 * visibilities goes back to the image through its adjoint. The minimiser is the L-BFGS of
 * ../../solvers/lbfgsb.ts on a variable z (`variable`): x = z^2 + f (`sqrt`, the default of the
 * `vis` preset), x = exp z (`log`, eht-imaging's, the default of the `closure` preset), or x itself
 * with the bound x >= f (`x`), f = 1e-12 F per pixel keeping the entropy finite. The variables
 * differ in conditioning, not in the problem: z^2 scales the data term's curvature by 4x against
 * exp's x^2, so on the convex `vis` objective the `sqrt` variable reaches a lower J in 100
 * iterations than `log` does in 400 on all six cases of the study (docs/radio.md; the VLBA core-jet
 * sky at weight 300: 743 against 1137 after four blurred `log` passes), and its restarts no longer
 * move J on compact skies: it has converged.
 *
 * Two presets (`data`):
 * - `vis`: calibrated data (connected arrays, self-calibrated VLBI): the complex visibilities with
 *   MEM and TV, data weight 300; unless a weight is given, it is then raised tenfold (at most twice)
 *   while the reduced chi^2 stays above 1 + 2 sqrt(1/M) (twice the standard deviation of chi^2 / 2M
 *   for 2M real Gaussian residuals) and each raise lowers it by more than 2 sqrt(1/M); a raise that
 *   does not is undone (its image dropped). The discrepancy principle, which CS meets as a
 *   constraint, reached from the penalised side: on extended emission the fixed weight left the
 *   image at reduced chi^2 6 (docs/radio.md). A restart is kept only when it lowers J (by more
 *   than 1e-4 of it), and the round's restarts stop at the first that does not (`keepRestart: 'if-lower'`):
 *   the objective is convex in x, the blurred restart is a second start, not a pipeline step;
 * - `closure`: VLBI with poorly known gains, the eht-imaging M87 pipeline's rounds: (1) amplitudes
 *   (weight 0.2), closure phases and log closure amplitudes (1, 1); phase self-calibration to the
 *   image; (2) visibilities, closure phases, log closure amplitudes (2, 10, 10); phase
 *   self-calibration from the start data; (3, 4) weights (10, 20, 20) with amplitude-and-phase
 *   self-calibration (gain tolerance [0.02, 0.2] as ./selfcal.ts clips |g| to [0.8, 1.2]). Each
 *   round restarts `restarts` times from its result blurred to the nominal resolution, every
 *   restart kept (`keepRestart: 'always'`, the pipeline's practice on a nonconvex objective).
 *   Regularisers of the M87 pipeline: MEM 100, TV 1, TV2 1, flux 1e4; prior a 40 uas Gaussian
 *   (by default a Gaussian of a third of the field).
 *
 * @example
 * import { rmlImage } from './rml.ts';
 * // const r = rmlImage(vs, 64, parseAngle('2uas'), { data: 'closure', flux: 0.6, priorFwhm: parseAngle('40uas') });
 * // r.image (Jy/pixel), r.chi2 ({ vis, amp, cphase, logcamp } reduced), r.calibrated (self-calibrated data)
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';
import { lbfgsb } from '../../solvers/lbfgsb.ts';
import { convolveBeam } from './beam.ts';
import { type ClosureSet, closureSet, type DataTerm, dataChi2 } from './closures.ts';
import { coverageStats } from './coverage.ts';
import { visibilityOperator } from './measurement.ts';
import { fluxTerm, gaussianImage, memTerm, tv2Term, tvTermSmooth } from './rml-terms.ts';
import { selfCalibrate } from './selfcal.ts';
import type { Visibilities } from './visibilities.ts';

/**
 * The data presets of {@link rmlImage}: `vis` (one round on complex visibilities) or `closure`
 * (eht-imaging's M87 rounds on closure quantities with self-calibration).
 */
export type RmlPreset = 'vis' | 'closure';
/** Every {@link RmlPreset}. */
export const RML_PRESETS: readonly RmlPreset[] = Object.freeze(['vis', 'closure']);

/** The variable of {@link rmlImage}'s L-BFGS: x = z^2 + floor, x = exp z, or x itself (bounded below). */
export type RmlVariable = 'sqrt' | 'log' | 'x';
/** Every {@link RmlVariable}. */
export const RML_VARIABLES: readonly RmlVariable[] = Object.freeze(['sqrt', 'log', 'x']);

/** Weights of the RML regularisers: maximum entropy, total variation, total squared variation and total flux. */
export interface RmlRegWeights {
  mem: number;
  tv: number;
  tv2: number;
  flux: number;
}

/** Options of {@link rmlImage}: data preset, total flux, Gaussian prior, regulariser weights, iterations and restarts. */
export interface RmlOptions {
  data?: RmlPreset;
  /** Total compact flux F, Jy (default: the median amplitude of the shortest 5% of baselines). */
  flux?: number;
  /** FWHM of the Gaussian prior and first image, radians (default a third of the field). */
  priorFwhm?: number;
  /** Regulariser weights (default MEM 100, TV 1, TV2 1, flux 1e4). */
  reg?: Partial<RmlRegWeights>;
  /** L-BFGS iterations per pass (default 100). */
  maxIter?: number;
  /** Blurred restarts per round (default 3). */
  restarts?: number;
  /** Baselines shorter than this are left out of closure quantities (default 0). */
  closureUvMin?: number;
  /** Weight of the visibility chi-squared in the `vis` preset (default 300, measured on the simulations of docs/radio.md). */
  visWeight?: number;
  /** Self-calibrate between rounds (closure preset; default true). */
  selfcal?: boolean;
  /** The variable L-BFGS runs on (see the file comment; default 'sqrt' for `vis`, 'log' for `closure`). */
  variable?: RmlVariable;
  /** Keep every blurred restart ('always', the `closure` default) or only those that lower J ('if-lower', the `vis` default). */
  keepRestart?: 'always' | 'if-lower';
  /** Progress: (round, pass, iteration, J). */
  onProgress?: (round: number, pass: number, iteration: number, value: number) => void;
  signal?: AbortSignal;
}

/** One round of RML imaging: its data-term weights, the reduced chi-squared reached, iterations and the self-calibration after it. */
export interface RmlRound {
  weights: Partial<Record<DataTerm, number>>;
  chi2: Partial<Record<DataTerm, number>>;
  iterations: number;
  /** Passes run (the first and the restarts tried) and the restarts kept. */
  passes: number;
  restartsKept: number;
  selfcal: string | null;
  /**
   * A raise of the data weight (the `vis` preset's default, see {@link RML_DEFAULTS}): whether its
   * image was kept (false: the fit improved by less than its noise, and the previous image stands;
   * its iterations still count in `iterations`). The raise continues from the previous image, so
   * its gain is the higher weight's and the extra passes' together.
   */
  kept?: boolean;
}

/**
 * The result of {@link rmlImage}: the image (Jy/pixel), its flux, the reduced chi-squared of each
 * data term, the rounds and the self-calibrated data.
 */
export interface RmlResult {
  image: Float64Array;
  flux: number;
  /** Reduced chi-squared of each data term at the end (against the final, possibly self-calibrated, data). */
  chi2: Partial<Record<DataTerm, number>>;
  /** Reduced chi-squared of the complex visibilities against the input data (before self-calibration). */
  chi2VisInput: number;
  /** The objective J at the result, with the last round's data weights. */
  objective: number;
  /** The variable L-BFGS ran on and the restart rule. */
  variable: RmlVariable;
  keepRestart: 'always' | 'if-lower';
  rounds: RmlRound[];
  closures: { phases: number; amplitudes: number };
  /** The data after the last self-calibration (the input when there was none). */
  calibrated: Visibilities;
  iterations: number;
  seconds: number;
}

/**
 * Defaults of {@link rmlImage}: 100 iterations, 3 restarts, regularisers MEM 100, TV 1, TV2 1,
 * flux 1e4 (the M87 pipeline's); the `vis` preset's data weight 300, raised tenfold up to
 * `visRaises` = 2 times while the reduced chi^2 stays above 1 + 2 sqrt(1/M) and each raise lowers
 * it by more than 2 sqrt(1/M) (a weight given as `visWeight` is used as it is).
 */
export const RML_DEFAULTS = Object.freeze({ maxIter: 100, restarts: 3, visWeight: 300, visRaises: 2, reg: Object.freeze({ mem: 100, tv: 1, tv2: 1, flux: 1e4 }) });

/**
 * A restart kept under 'if-lower' lowers J by more than this relative amount: a restart costs a
 * whole pass, and 1e-4 of J is far below the data term's statistical resolution (its reduced
 * chi-squared is known to 2 sqrt(1/M), a few percent). Measured on the study (docs/radio.md):
 * 1e-6 kept restarts worth 3e-5 of J (VLBA core-jet, 100 more iterations, NRMSE 0.0317 against
 * 0.0319); 1e-3 also dropped the solar disc's (EHT coverage: NRMSE 0.138 -> 0.183).
 */
const RESTART_RTOL = 1e-4;

/** The median amplitude of the shortest 5% of the baselines (an estimate of the total flux). */
export function shortBaselineFlux(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'vis'>): number {
  const idx = Array.from({ length: vs.n }, (_, k) => k).sort((a, b) => Math.hypot(vs.u[a], vs.v[a]) - Math.hypot(vs.u[b], vs.v[b]));
  const m = Math.max(1, Math.round(0.05 * vs.n));
  const a = idx.slice(0, m).map((k) => Math.hypot(vs.vis[2 * k], vs.vis[2 * k + 1])).sort((x, y) => x - y);
  return a[a.length >> 1];
}

/** RML image of the visibilities on an N x N grid of pixel `cell` (see the file comment). */
export function rmlImage(vs: Visibilities, size: number, cell: number, opts: RmlOptions = {}): RmlResult {
  const where = 'rmlImage';
  const t0 = performance.now();
  const preset = opts.data ?? 'vis';
  if (!RML_PRESETS.includes(preset)) throw new CandorError(where, 'data', RML_PRESETS.join(' or '), describe(preset));
  const flux = opts.flux === undefined ? shortBaselineFlux(vs) : checkNumber(where, 'flux', opts.flux, Number.MIN_VALUE);
  if (!(flux > 0)) throw new CandorError(where, 'flux', 'a positive total flux (the short baselines have none: give one)', describe(flux));
  const maxIter = checkInt(where, 'maxIter', opts.maxIter ?? RML_DEFAULTS.maxIter, 1);
  const restarts = checkInt(where, 'restarts', opts.restarts ?? RML_DEFAULTS.restarts, 0);
  const reg: RmlRegWeights = { ...RML_DEFAULTS.reg, ...(opts.reg ?? {}) };
  for (const [k, v] of Object.entries(reg)) checkNumber(where, `reg.${k}`, v, 0);
  const variable = opts.variable ?? (preset === 'vis' ? 'sqrt' : 'log');
  if (!RML_VARIABLES.includes(variable)) throw new CandorError(where, 'variable', RML_VARIABLES.join(', '), describe(variable));
  const keepRestart = opts.keepRestart ?? (preset === 'vis' ? 'if-lower' : 'always');
  if (keepRestart !== 'always' && keepRestart !== 'if-lower') throw new CandorError(where, 'keepRestart', "'always' or 'if-lower'", describe(keepRestart));
  const n = size * size;
  const cov = coverageStats(vs);
  const res = cov.resolution;
  const beamPx = res / cell;
  const prior = gaussianImage(size, cell, opts.priorFwhm ?? (size * cell) / 3, flux);
  const floor = 1e-12 * flux;
  const A = visibilityOperator(vs.u, vs.v, size, cell);
  const M = vs.n;
  const model = new Float64Array(2 * M);
  const gv = new Float64Array(2 * M);
  const gx = new Float64Array(n);
  const xs = new Float64Array(n);
  let data = vs;
  let closures: ClosureSet | null = null;
  const needClosures = preset === 'closure';
  if (needClosures) closures = closureSet(vs, { uvMin: opts.closureUvMin ?? 0 });
  let terms: Partial<Record<DataTerm, number>> = {};
  const objective = (x: Float64Array, grad: Float64Array | null): number => {
    A.apply(x, model);
    gv.fill(0);
    let J = 0;
    for (const [t, a] of Object.entries(terms) as [DataTerm, number][]) {
      if (!a) continue;
      J += a * dataChi2(t, data, closures, model, grad ? gv : undefined, a);
    }
    if (grad) A.adjoint(gv, grad);
    J += reg.mem * memTerm(x, prior, flux, grad, reg.mem);
    if (reg.tv) J += reg.tv * tvTermSmooth(x, size, flux, beamPx, grad, reg.tv);
    if (reg.tv2) J += reg.tv2 * tv2Term(x, size, flux, beamPx, grad, reg.tv2);
    if (reg.flux) J += reg.flux * fluxTerm(x, flux, grad, reg.flux);
    return J;
  };
  let x: Float64Array = prior.slice();
  let iterations = 0;
  const chi2Now = (): Partial<Record<DataTerm, number>> => {
    A.apply(x, model);
    const out: Partial<Record<DataTerm, number>> = {};
    for (const t of Object.keys(terms) as DataTerm[]) out[t] = dataChi2(t, data, closures, model);
    return out;
  };
  const pass = (round: number, p: number) => {
    const lbOpts = { maxIter, ftol: 1e-10, gtol: 1e-10, signal: opts.signal, onIterate: (it: number, _z: Float64Array, f: number) => opts.onProgress?.(round, p, it, f) };
    if (variable === 'sqrt') {
      // x = z^2 + floor, dJ/dz = 2 z dJ/dx
      // z = 0 is stationary whatever dJ/dx (the chain rule's factor z): the first pass starts the
      // prior's pixels at the floor (its far tails) 1e-6 of the mean pixel flux above it, so that
      // L-BFGS can raise them where the data want flux (without: a source 40 uas from an 8 uas
      // prior stayed at 0 Jy, reduced chi^2 585, unless a blurred restart happened to free it).
      // Later passes start from fitted or blurred images whose pixels at the floor are far from
      // any flux; lifting those too moved no objective by more than 1.3e-4 of it but flipped
      // the solar disc's restart decision (NRMSE 0.138 -> 0.181): left as they are
      const lift = round === 0 && p === 0 ? 1e-6 * (flux / n) : 0;
      const z0 = x.map((v) => Math.sqrt(Math.max(v - floor, lift)));
      const r = lbfgsb(
        (z, g) => {
          for (let i = 0; i < n; i++) xs[i] = z[i] * z[i] + floor;
          gx.fill(0);
          const J = objective(xs, gx);
          for (let i = 0; i < n; i++) g[i] = 2 * gx[i] * z[i];
          return J;
        },
        z0,
        lbOpts,
      );
      x = r.x.map((v) => v * v + floor);
      iterations += r.iterations;
      return r.iterations;
    }
    if (variable === 'log') {
      const z0 = x.map((v) => Math.log(Math.max(v, floor)));
      const r = lbfgsb(
        (z, g) => {
          for (let i = 0; i < n; i++) xs[i] = Math.exp(z[i]);
          gx.fill(0);
          const J = objective(xs, gx);
          for (let i = 0; i < n; i++) g[i] = gx[i] * xs[i];
          return J;
        },
        z0,
        lbOpts,
      );
      x = r.x.map((v) => Math.exp(v));
      iterations += r.iterations;
      return r.iterations;
    }
    const r = lbfgsb(
      (xx, g) => {
        g.fill(0);
        return objective(xx, g);
      },
      x,
      { lower: floor, ...lbOpts },
    );
    x = r.x.slice();
    iterations += r.iterations;
    return r.iterations;
  };
  const blurred = () => {
    const b = convolveBeam(x, size, cell, { major: res, minor: res, pa: 0 }, { normalise: true });
    for (let i = 0; i < n; i++) b[i] = Math.max(b[i], floor);
    return b;
  };
  /**
   * One round's passes: the first from x (blurred first when `blurFirst`), each restart from the
   * last kept result blurred; with 'if-lower' a restart that does not lower J by more than RESTART_RTOL of it
   * is dropped and ends the round's restarts.
   */
  const passes = (round: number, blurFirst: boolean): { iterations: number; passes: number; kept: number } => {
    if (blurFirst) x = blurred();
    let its = pass(round, 0);
    let run = 1;
    let kept = 0;
    let J = keepRestart === 'if-lower' ? objective(x, null) : Number.NaN;
    for (let p = 1; p <= restarts && !opts.signal?.aborted; p++) {
      const before = x;
      x = blurred();
      its += pass(round, p);
      run++;
      // a restart cut short by the abort is not a restart kept: the last kept result stands
      if (opts.signal?.aborted) {
        x = before;
        break;
      }
      if (keepRestart === 'if-lower') {
        const Jp = objective(x, null);
        if (!(Jp < J - RESTART_RTOL * Math.abs(J))) {
          x = before;
          break;
        }
        J = Jp;
      }
      kept++;
    }
    return { iterations: its, passes: run, kept };
  };
  const rounds: RmlRound[] = [];
  const visWeight = checkNumber(where, 'visWeight', opts.visWeight ?? RML_DEFAULTS.visWeight, Number.MIN_VALUE);
  const plan: { w: Partial<Record<DataTerm, number>>; cal: null | { from: 'current' | 'start'; mode: 'phase' | 'both' } }[] =
    preset === 'vis'
      ? [{ w: { vis: visWeight }, cal: null }]
      : [
          { w: { amp: 0.2, cphase: 1, logcamp: 1 }, cal: { from: 'current', mode: 'phase' } },
          { w: { vis: 2, cphase: 10, logcamp: 10 }, cal: { from: 'start', mode: 'both' } },
          { w: { vis: 10, cphase: 20, logcamp: 20 }, cal: { from: 'start', mode: 'both' } },
          { w: { vis: 10, cphase: 20, logcamp: 20 }, cal: null },
        ];
  const doSelfcal = opts.selfcal ?? true;
  for (let ri = 0; ri < plan.length; ri++) {
    if (opts.signal?.aborted) break;
    const step = plan[ri];
    terms = step.w;
    const ps = passes(ri, ri > 0);
    const chi2 = chi2Now();
    let cal: string | null = null;
    if (step.cal && doSelfcal) {
      A.apply(x, model);
      const base = step.cal.from === 'start' ? vs : data;
      data = selfCalibrate(base, model, { mode: step.cal.mode, gainTol: 0.2 }).vis;
      cal = `${step.cal.mode} self-calibration to the round's image (${step.cal.from === 'start' ? 'from the input data' : 'of the current data'})`;
    }
    rounds.push({ weights: { ...step.w }, chi2, iterations: ps.iterations, passes: ps.passes, restartsKept: ps.kept, selfcal: cal });
  }
  // the vis preset with the default data weight: raise it tenfold while the image does not fit the
  // data to their noise (reduced chi^2 above 1 + 2 sqrt(1 / M), twice its standard deviation) and
  // each raise buys a fit better by more than that; a raise that does not is undone
  if (preset === 'vis' && opts.visWeight === undefined && rounds.length > 0 && !opts.signal?.aborted) {
    // M: the visibilities with weight > 0, those chi^2 / 2M counts
    let used = 0;
    for (let k = 0; k < M; k++) if (vs.weight[k] > 0) used++;
    const band = 2 * Math.sqrt(1 / Math.max(used, 1));
    let last = rounds[0].chi2.vis as number;
    let w = visWeight;
    for (let raise = 0; raise < RML_DEFAULTS.visRaises && last > 1 + band && !opts.signal?.aborted; raise++) {
      const before = x;
      w *= 10;
      terms = { vis: w };
      const ps = passes(rounds.length, false);
      // stopped mid-raise: no round is recorded; either way an unkept raise leaves the previous image
      const chi2 = opts.signal?.aborted ? null : chi2Now();
      const kept = chi2 !== null && (chi2.vis as number) < last - band;
      if (chi2) rounds.push({ weights: { vis: w }, chi2, iterations: ps.iterations, passes: ps.passes, restartsKept: ps.kept, selfcal: null, kept });
      if (!kept) {
        x = before;
        terms = { vis: w / 10 };
        break;
      }
      last = chi2.vis as number;
    }
  }
  A.apply(x, model);
  const chi2: Partial<Record<DataTerm, number>> = {};
  for (const t of Object.keys(terms) as DataTerm[]) chi2[t] = dataChi2(t, data, closures, model);
  const chi2VisInput = dataChi2('vis', vs, null, model);
  return {
    image: x,
    flux,
    chi2,
    chi2VisInput,
    objective: objective(x, null),
    variable,
    keepRestart,
    rounds,
    closures: { phases: closures?.phases.length ?? 0, amplitudes: closures?.amplitudes.length ?? 0 },
    calibrated: data,
    iterations,
    seconds: (performance.now() - t0) / 1000,
  };
}
