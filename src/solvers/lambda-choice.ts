/**
 * The regularisation weight chosen from the data: any penalised reconstruction x_lambda(y) of
 * min 1/2 ||A x - y||^2 + lambda R(x) is run along a decreasing geometric lambda path, each
 * solve warm-started from the previous one, and a criterion (./lambda-criteria.ts) picks the
 * weight: SURE, GCV, the discrepancy principle or the L-curve corner. The caller supplies one
 * callback, "reconstruct at lambda from these data with this warm start", so MRI (single- and
 * multi-coil), seismic and radio reconstructions share the machinery:
 *
 *     const family = { y, complex, solve: (lambda, data, x0) => ({ x, fit: A x, penalty: R(x) }) };
 *     chooseLambda(family, { rule: 'sure', lambdas, noise: { std, source } });
 *
 * Degrees of freedom df = div_y (A x_lambda(y)) (SURE, GCV): exact when `solve` returns `df` (the
 * LASSO: the support size, Zou, Hastie & Tibshirani 2007); otherwise Monte-Carlo with one random
 * probe b (standard normal per real component, seeded) and a second warm-started chain on the
 * perturbed data y + eps b (Ramani, Blu & Unser, "Monte-Carlo SURE: a black-box optimization of
 * regularization parameters for general denoising algorithms", IEEE TIP 17 (2008) 1540):
 *
 *     df ~ b^T (A x_lambda(y + eps b) - A x_lambda(y)) / eps,    eps = 0.01 tau (noise given)
 *                                                                   or 1e-3 rms(y).
 *
 * The two chains see the same lambdas and warm-start rules, so `solve` must be a deterministic
 * function of (lambda, data, x0): a fixed iteration count and no data-dependent switches (an
 * adaptive restart that fires in one chain and not the other breaks the finite difference).
 *
 * Noise (std sigma per sample; complex data: E|e_i|^2 = sigma^2, sigma^2/2 per part) is needed by
 * SURE and the discrepancy principle and always reported with its source.
 *
 * @example
 * import { chooseLambda, geometricLambdas } from './lambda-choice.ts';
 * // family: y, complex, solve(lambda, data, x0) -> { x, fit, penalty }
 * // const c = chooseLambda(family, { rule: 'gcv', lambdas: geometricLambdas(1, 1e-3, 30) });
 * // c.lambda, c.path (lambda, residualNorm, penalty, df, criterion per point), c.position.atEdge
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import {
  discrepancyOnGrid,
  type GridChoice,
  type GridPosition,
  gcvValues,
  lcurveOnGrid,
  minimumOnGrid,
  sureValues,
} from './lambda-criteria.ts';
import { checkHoldout, HOLDOUT_DEFAULTS, type HoldoutSupport, holdoutRisk, holdoutUnits, holdoutWeights } from './lambda-holdout.ts';

export type LambdaRule = 'sure' | 'gcv' | 'discrepancy' | 'lcurve' | 'cv';
/** Every rule ('cv' needs a family with hold-out support: ./lambda-holdout.ts). */
export const LAMBDA_RULES: readonly LambdaRule[] = Object.freeze(['sure', 'gcv', 'discrepancy', 'lcurve', 'cv']);
/** The rules any family supports (no hold-out needed). */
export const PATH_RULES: readonly LambdaRule[] = Object.freeze(['sure', 'gcv', 'discrepancy', 'lcurve']);

/** How each rule is stated in reports. */
export const LAMBDA_RULE_TEXT: Readonly<Record<LambdaRule, string>> = Object.freeze({
  sure: "SURE: minimise ||y - Ax||^2 - N tau^2 + 2 tau^2 df (Stein's unbiased estimate of the prediction risk)",
  gcv: 'GCV: minimise (||y - Ax||^2 / N) / (1 - df/N)^2 (generalised cross-validation)',
  discrepancy: 'discrepancy principle: ||y - Ax|| = sigma sqrt(m)',
  lcurve: 'L-curve: maximum curvature of (log ||y - Ax||, log R(x))',
  cv: 'hold-out cross-validation: minimise the prediction error on held-out samples of the reconstruction from the others',
});

/** A noise level and how it was obtained ('given (--noise-std)', 'estimated: ...'). */
export interface NoiseLevel {
  std: number;
  source: string;
}

/** One reconstruction on the path. */
export interface PathSolution {
  x: Float64Array;
  /** A x: the data the reconstruction predicts (same layout as y). */
  fit: Float64Array;
  /** ||A x - y|| when the family knows it without forming A x (the exact LASSO path); else from `fit`. */
  residualNorm?: number;
  /** R(x), the penalty without its weight (for the L-curve). */
  penalty: number;
  /** Exact degrees of freedom when known (the LASSO: the support size). */
  df?: number;
  /** Iterations the solve took (reported). */
  iterations?: number;
}

/** A penalised reconstruction as a function of lambda: what chooseLambda needs. */
export interface PenalisedFamily {
  /** The measured data (real, or complex interleaved). */
  y: Float64Array;
  complex: boolean;
  /** Reconstruct at `lambda` from `data` (y or a perturbed copy), warm-started at x0 (null: cold). */
  solve(lambda: number, data: Float64Array, x0: Float64Array | null): PathSolution;
  /** Reconstruction without some samples (rule 'cv'): ./lambda-holdout.ts. */
  holdout?: HoldoutSupport;
}

export interface ChooseLambdaOptions {
  rule: LambdaRule;
  /** The path: positive and decreasing (geometricLambdas). */
  lambdas: ArrayLike<number>;
  /** Noise level and source (required by 'sure' and 'discrepancy'). */
  noise?: NoiseLevel;
  /** Seed of the Monte-Carlo probe (default 0). */
  probeSeed?: number;
  /** Probe amplitude eps (default 0.01 tau, or 1e-3 rms(y) without a noise level). */
  probeEpsilon?: number;
  /** Parabolic refinement between grid points for SURE and GCV (default true). */
  refine?: boolean;
  /**
   * Stop the path this many grid points past the rule's best point so far (SURE, GCV, cv: the
   * criterion's running minimum; the discrepancy principle: the first weight whose residual is at
   * or below sigma sqrt(m)); the rest of the grid is not solved and a note says so. Default
   * Infinity (the whole grid). The L-curve needs the whole grid and ignores it.
   */
  stopAfter?: number;
  /**
   * With `stopAfter`: the path stops only while the best point's df is at most this (default
   * Infinity). Near df = m the LASSO's support can shrink again and SURE fall again far past
   * its running minimum (docs/lambda.md): ./lambda-lasso.ts passes m / 2.
   */
  stopMaxDf?: number;
  /** Progress: called after each path point. */
  onPoint?: (done: number, total: number) => void;
  /** Rule 'cv': the held-out fraction of the units (default 0.15) and its seed (default 0). */
  holdoutFraction?: number;
  holdoutSeed?: number;
  /**
   * Rule 'cv': the chosen weight is the CV minimiser times this factor (default 1): a correction
   * for the smaller sample count of the hold-out reconstructions, when calibrated (say so).
   */
  holdoutShift?: number;
  /** Rule 'cv': the minimum (default) or the largest weight within one standard error of it ('one-se'; ESL 7.10). */
  holdoutRule?: 'min' | 'one-se';
}

export interface LambdaPathPoint {
  lambda: number;
  residualNorm: number;
  penalty: number;
  df: number | null;
  /** The rule's criterion (discrepancy: ||r|| / (sigma sqrt m); L-curve: curvature, null at the ends). */
  criterion: number | null;
  iterations: number | null;
}

export interface LambdaChoice {
  rule: LambdaRule;
  /** The chosen weight (between grid points when refined or interpolated). */
  lambda: number;
  /** The grid point nearest the choice. */
  gridLambda: number;
  noiseStd: number | null;
  noiseSource: string | null;
  dfMethod: 'exact' | 'monte-carlo' | null;
  statement: string;
  /** The grid points solved (all of them unless the path stopped early: `grid`). */
  path: LambdaPathPoint[];
  /** Where the choice lies on the whole grid (counted from its ends, also when the path stopped early). */
  position: GridPosition;
  /**
   * The whole grid's size, the points solved, the weight the path stopped at (null: it walked
   * the whole grid) and the stop asked for (`stopAfter`; null: none).
   */
  grid: { points: number; solved: number; stoppedAt: number | null; stopAfter: number | null };
  refined: boolean;
  /** x at the nearest grid point (a warm start for the final reconstruction). */
  warm: Float64Array;
  /** Calls of `solve` (twice the path with a Monte-Carlo probe). */
  solves: number;
  /** Rule 'cv': held-out units, fraction, seed and the weight shift applied. */
  holdout: { units: number; heldOut: number; fraction: number; seed: number; shift: number; rule: 'min' | 'one-se'; minimumSe: number } | null;
  /** What the user should know (a minimum at the edge of the grid, ...). */
  notes: string[];
  /** The exact path's knots and the criterion there, when the family has one (the real dense LASSO). */
  exactPath?: ExactPathCurve;
}

/** The criterion at every knot of an exact piecewise-linear path (./lambda-lasso-path.ts). */
export interface ExactPathCurve {
  /** How the path was computed ('l1 homotopy (exact knots)'). */
  method: string;
  /** Path events. */
  events: number;
  knots: { lambda: number; residualNorm: number; penalty: number; df: number; criterion: number | null }[];
  /**
   * The knot minimising SURE / GCV over the knots passed (every weight between the grid's largest
   * and the last grid weight solved: the whole grid unless the path stopped early), else null.
   */
  minimum: { index: number; lambda: number; df: number; criterion: number; support: number[] } | null;
}

/** `count` lambdas from `largest` down to `smallest`, equally spaced in log scale. */
export function geometricLambdas(largest: number, smallest: number, count: number): Float64Array {
  const where = 'geometricLambdas';
  checkNumber(where, 'largest', largest, Number.MIN_VALUE);
  checkNumber(where, 'smallest', smallest, Number.MIN_VALUE, largest);
  checkInt(where, 'count', count, 2, 10000);
  const out = new Float64Array(count);
  const r = smallest / largest;
  for (let i = 0; i < count; i++) out[i] = largest * r ** (i / (count - 1));
  return out;
}

/** The real degrees of freedom N of the data and the per-component noise std tau. */
export function dataDimensions(y: Float64Array, complex: boolean, sigma?: number): { N: number; m: number; tau: number | null } {
  const m = complex ? y.length / 2 : y.length;
  return { N: y.length, m, tau: sigma === undefined ? null : complex ? sigma / Math.SQRT2 : sigma };
}

function norm(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function checkFamily(where: string, f: PenalisedFamily): void {
  if (!f || typeof f.solve !== 'function' || !(f.y instanceof Float64Array)) {
    throw new CandorError(where, 'family', 'an object { y: Float64Array, complex, solve(lambda, data, x0) }', describe(f));
  }
  if (f.complex && f.y.length % 2 !== 0) throw new CandorError(where, 'y', 'complex interleaved data (even length)', `length ${f.y.length}`);
}

function checkLambdas(where: string, lambdas: ArrayLike<number>): Float64Array {
  const l = Float64Array.from(lambdas ?? []);
  if (l.length < 3) throw new CandorError(where, 'lambdas', 'at least 3 values (a path)', `${l.length}`);
  for (let i = 0; i < l.length; i++) {
    checkNumber(where, `lambdas[${i}]`, l[i], Number.MIN_VALUE);
    if (i > 0 && !(l[i] < l[i - 1])) {
      throw new CandorError(where, 'lambdas', 'a strictly decreasing sequence', `lambdas[${i - 1}] = ${l[i - 1]}, lambdas[${i}] = ${l[i]}`);
    }
  }
  return l;
}

/**
 * `stopAfter`: Infinity (the default: the whole grid) or a whole number of grid points: >= 0 for
 * the discrepancy principle (its first crossing is final), >= 1 for the running-minimum rules
 * (SURE, GCV, cv: a minimum is only a minimum once a later point lies above it). The L-curve
 * ignores it.
 */
export function checkStopAfter(where: string, v: unknown, rule?: LambdaRule): number {
  if (v === undefined || v === Infinity) return Infinity;
  const least = rule === 'sure' || rule === 'gcv' || rule === 'cv' ? 1 : 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < least) {
    const why = least === 1 ? ` for the rule ${rule} (a running minimum needs a later point above it)` : '';
    throw new CandorError(where, 'stopAfter', `a whole number of grid points >= ${least}${why}, or Infinity (the whole grid)`, describe(v));
  }
  return v;
}

/** Runs the warm-started path and applies the rule (see the file comment). */
export function chooseLambda(f: PenalisedFamily, opts: ChooseLambdaOptions): LambdaChoice {
  const where = 'chooseLambda';
  checkFamily(where, f);
  const rule = opts.rule;
  if (!LAMBDA_RULES.includes(rule)) throw new CandorError(where, 'rule', `one of ${LAMBDA_RULES.join(', ')}`, describe(rule));
  const lambdas = checkLambdas(where, opts.lambdas);
  const G = lambdas.length;
  const noise = opts.noise;
  if (noise !== undefined) {
    checkNumber(where, 'noise std', noise.std, 0);
  }
  if ((rule === 'sure' || rule === 'discrepancy' || rule === 'cv') && !(noise && noise.std > 0)) {
    throw new CandorError(where, 'noise level', `a noise std > 0 for the rule ${rule} (given or estimated)`, noise ? String(noise.std) : 'none');
  }
  const { N, tau } = dataDimensions(f.y, f.complex, noise?.std);
  const y = f.y;
  const needDf = rule === 'sure' || rule === 'gcv';
  const xs: Float64Array[] = [];
  const res = new Float64Array(G);
  const pen = new Float64Array(G);
  const df = new Float64Array(G).fill(Number.NaN);
  const iters: (number | null)[] = [];
  let solves = 0;
  let exact = true;
  // the probe chain: started lazily, the first time a solve does not return an exact df
  let yb: Float64Array | null = null;
  let b: Float64Array | null = null;
  let eps = 0;
  let xb: Float64Array | null = null;
  let x0: Float64Array | null = null;
  // rule 'cv': the path (and a probe chain) runs on the kept units; the criterion estimates the image error
  const cv = rule === 'cv' ? cvSetup(where, f, opts, tau as number) : null;
  const cvParts: { sureKept: number; heldOut: number; heldOutSe: number; dfKept: number }[] = [];
  const stopAfter = rule === 'lcurve' ? Infinity : checkStopAfter(where, opts.stopAfter, rule);
  const stopMaxDf = opts.stopMaxDf ?? Infinity;
  if (!(stopMaxDf >= 0)) throw new CandorError(where, 'stopMaxDf', 'a number >= 0 (Infinity: no condition)', describe(opts.stopMaxDf));
  // the running best point of the rule (for stopAfter) and where the path stopped
  let best = -1;
  let bestValue = Infinity;
  let walked = G;
  // the last running minimum past which the path walked on because its df was above stopMaxDf
  let heldByDf = -1;
  for (let i = 0; i < G; i++) {
    const s: PathSolution = cv ? cv.h.solve(lambdas[i], y, cv.keep, x0) : f.solve(lambdas[i], y, x0);
    solves++;
    if (s.residualNorm === undefined && (!(s.fit instanceof Float64Array) || s.fit.length !== y.length)) {
      throw new CandorError(where, 'solve(...).fit', `A x of length ${y.length}`, describe(s.fit));
    }
    if (cv) {
      const sb = cv.h.solve(lambdas[i], cv.yb, cv.keep, xb);
      solves++;
      xb = sb.x;
      const r = holdoutRisk({ y, fit: s.fit, fitProbe: sb.fit, probe: cv.b, eps: cv.eps, complex: f.complex, tau: tau as number, hold: cv.hold, unitOf: cv.h.unitOf, weights: cv.weights });
      cvParts.push(r);
      res[i] = r.residualKept;
      df[i] = r.dfKept;
    } else res[i] = s.residualNorm ?? norm(s.fit, y);
    pen[i] = s.penalty;
    iters.push(s.iterations ?? null);
    if (needDf) {
      if (s.df !== undefined && exact) {
        df[i] = s.df;
      } else {
        if (exact && i > 0) {
          throw new CandorError(where, 'solve(...).df', 'an exact df at every point or at none', `df missing at lambda ${lambdas[i]}`);
        }
        exact = false;
        if (!b) {
          b = createRng(opts.probeSeed ?? 0, 0x70726f62).fillNormal(new Float64Array(y.length));
          let rms = 0;
          for (let j = 0; j < y.length; j++) rms += y[j] * y[j];
          rms = Math.sqrt(rms / y.length);
          eps = opts.probeEpsilon ?? (tau !== null && tau > 0 ? 0.01 * tau : 1e-3 * rms);
          checkNumber(where, 'probeEpsilon', eps, Number.MIN_VALUE);
          yb = new Float64Array(y.length);
          for (let j = 0; j < y.length; j++) yb[j] = y[j] + eps * b[j];
        }
        const sb = f.solve(lambdas[i], yb as Float64Array, xb);
        solves++;
        let d = 0;
        for (let j = 0; j < y.length; j++) d += b[j] * (sb.fit[j] - s.fit[j]);
        df[i] = d / eps;
        xb = sb.x;
      }
    }
    xs.push(s.x);
    x0 = s.x;
    opts.onPoint?.(i + 1, G);
    if (stopAfter < Infinity) {
      if (rule === 'discrepancy') {
        if (best < 0 && res[i] <= (tau as number) * Math.sqrt(N)) best = i;
      } else {
        const v = cv ? cvParts[i].sureKept + cvParts[i].heldOut : rule === 'sure' ? sureValues([res[i]], [df[i]], N, tau as number)[0] : gcvValues([res[i]], [df[i]], N)[0];
        if (v < bestValue) {
          bestValue = v;
          best = i;
        }
      }
      if (best >= 0 && i >= best + stopAfter && i < G - 1) {
        if (!(df[best] > stopMaxDf)) {
          walked = i + 1;
          break;
        }
        heldByDf = best;
      }
    }
  }
  const refine = opts.refine ?? true;
  // the rule sees the grid points solved: all of them unless the path stopped early (stopAfter)
  const lw = lambdas.subarray(0, walked);
  const rw = res.subarray(0, walked);
  const pw = pen.subarray(0, walked);
  const dw = df.subarray(0, walked);
  let cvMinSe = Number.NaN;
  let choice: GridChoice;
  let crit: Float64Array;
  if (rule === 'sure') {
    crit = sureValues(rw, dw, N, tau as number);
    choice = minimumOnGrid(lw, crit, refine);
  } else if (rule === 'gcv') {
    crit = gcvValues(rw, dw, N);
    choice = minimumOnGrid(lw, crit, refine);
  } else if (rule === 'discrepancy') {
    const target = (tau as number) * Math.sqrt(N);
    crit = rw.map((r) => r / target);
    choice = discrepancyOnGrid(lw, rw, target);
  } else if (rule === 'cv') {
    if (!['min', 'one-se'].includes(opts.holdoutRule ?? 'min')) throw new CandorError(where, 'holdoutRule', "'min' or 'one-se'", describe(opts.holdoutRule));
    crit = Float64Array.from(cvParts, (r) => r.sureKept + r.heldOut);
    choice = minimumOnGrid(lw, crit, refine);
    cvMinSe = cvParts[choice.index].heldOutSe;
    if ((opts.holdoutRule ?? 'min') === 'one-se') {
      // the largest weight whose estimate is within one standard error of the minimum's
      const i0 = choice.index;
      const bound = crit[i0] + cvParts[i0].heldOutSe;
      let i = 0;
      while (i < i0 && !(crit[i] <= bound)) i++;
      if (i < i0) choice = { ...choice, index: i, lambda: lw[i], value: crit[i], refined: false, fromLargest: i, fromSmallest: walked - 1 - i, atEdge: i === 0 ? 'largest' : null };
    }
  } else {
    const lc = lcurveOnGrid(lw, rw, pw);
    crit = lc.curvature;
    choice = lc;
  }
  const notes: string[] = [];
  if (walked < G) {
    // positions count from the ends of the whole grid; the last point solved is not its end
    choice = { ...choice, fromSmallest: choice.fromSmallest + G - walked, atEdge: choice.atEdge === 'smallest' ? null : choice.atEdge };
    const past = rule === 'discrepancy' ? 'the first weight whose residual is at or below sigma sqrt(m)' : "the criterion's running minimum";
    notes.push(
      `the path stopped at lambda = ${lambdas[walked - 1].toPrecision(3)}, ${walked - 1 - best} grid points past ${past} (stopAfter ${stopAfter}); the remaining ${G - walked} of ${G} weights, down to ${lambdas[G - 1].toPrecision(3)}, were not solved`,
    );
  }
  if (walked === G && heldByDf >= 0) {
    notes.push(
      `the path walked the whole grid: at its running minimum (lambda = ${lambdas[heldByDf].toPrecision(3)}) the df, ${df[heldByDf]}, is above ${stopMaxDf} (stopMaxDf), where the criterion can fall again far down the path (a later minimum with df at most ${stopMaxDf} would stop it ${stopAfter} grid points past)`,
    );
  }
  let lambda = choice.lambda;
  if (cv && cv.shift !== 1) {
    lambda *= cv.shift;
    notes.push(`the hold-out minimiser ${choice.lambda.toPrecision(3)} times ${cv.shift} (the calibrated shift for the smaller sample count of the hold-out reconstructions)`);
  }
  if (choice.atEdge) {
    const what = rule === 'discrepancy' ? 'the residual does not cross sigma sqrt(m) inside the grid' : rule === 'lcurve' ? 'the L-curve corner is not inside the grid' : "the criterion's minimum is at the end of the grid";
    if (rule === 'discrepancy' && choice.atEdge === 'largest') {
      notes.push(
        `the residual is already at or below sigma sqrt(m) at the grid's largest lambda (${lw[0].toPrecision(3)}): the data are within the noise level given of the most regularised fit (check the noise level)`,
      );
    } else notes.push(`${what}: the choice is the ${choice.atEdge} lambda (${lw[choice.index].toPrecision(3)}); extend the grid beyond it`);
  }
  const path: LambdaPathPoint[] = [];
  for (let i = 0; i < walked; i++) {
    path.push({
      lambda: lw[i],
      residualNorm: rw[i],
      penalty: pw[i],
      df: needDf || rule === 'cv' ? dw[i] : null,
      criterion: Number.isFinite(crit[i]) ? crit[i] : null,
      iterations: iters[i],
    });
  }
  return {
    rule,
    lambda,
    gridLambda: lambdas[choice.index],
    noiseStd: noise?.std ?? null,
    noiseSource: noise?.source ?? null,
    dfMethod: rule === 'cv' ? 'monte-carlo' : needDf ? (exact ? 'exact' : 'monte-carlo') : null,
    statement: LAMBDA_RULE_TEXT[rule],
    path,
    position: { index: choice.index, fromLargest: choice.fromLargest, fromSmallest: choice.fromSmallest, atEdge: choice.atEdge },
    grid: { points: G, solved: walked, stoppedAt: walked < G ? lambdas[walked - 1] : null, stopAfter: stopAfter < Infinity ? stopAfter : null },
    refined: choice.refined,
    warm: xs[choice.index],
    solves,
    holdout: cv
      ? { units: cv.h.units, heldOut: cv.heldOut, fraction: cv.fraction, seed: cv.seed, shift: cv.shift, rule: opts.holdoutRule ?? 'min', minimumSe: cvMinSe }
      : null,
    notes,
  };
}

/** Rule 'cv': the family's hold-out support checked, the held-out and kept units drawn, the probe data. */
function cvSetup(where: string, f: PenalisedFamily, opts: ChooseLambdaOptions, tau: number) {
  const m = f.complex ? f.y.length / 2 : f.y.length;
  const h = checkHoldout(where, f.holdout, m);
  const fraction = checkNumber(where, 'holdoutFraction', opts.holdoutFraction ?? HOLDOUT_DEFAULTS.fraction, 0, 0.5);
  const seed = checkInt(where, 'holdoutSeed', opts.holdoutSeed ?? HOLDOUT_DEFAULTS.seed, 0);
  const shift = checkNumber(where, 'holdoutShift', opts.holdoutShift ?? 1, Number.MIN_VALUE);
  const hold = holdoutUnits(h.units, fraction, seed);
  const keep = new Uint8Array(h.units);
  let heldOut = 0;
  for (let u = 0; u < h.units; u++) {
    keep[u] = 1 - hold[u];
    heldOut += hold[u];
  }
  const weights = holdoutWeights(hold, fraction, h.density);
  const b = createRng(opts.probeSeed ?? 0, 0x70726f62).fillNormal(new Float64Array(f.y.length));
  const eps = checkNumber(where, 'probeEpsilon', opts.probeEpsilon ?? 0.01 * tau, Number.MIN_VALUE);
  const yb = new Float64Array(f.y.length);
  for (let j = 0; j < yb.length; j++) yb[j] = f.y[j] + eps * b[j];
  return { h, hold, keep, heldOut, fraction, seed, shift, weights, b, eps, yb };
}

/** The JSON form of a choice (`lambdaChoice` in the CLI's outputs): no arrays of the image. */
export function lambdaChoiceJson(c: LambdaChoice, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    rule: c.rule,
    lambda: c.lambda,
    noiseStd: c.noiseStd,
    noiseSource: c.noiseSource,
    statement: c.statement,
    gridLambda: c.gridLambda,
    refined: c.refined,
    dfMethod: c.dfMethod,
    position: c.position,
    grid: c.grid,
    solves: c.solves,
    holdout: c.holdout,
    notes: c.notes,
    ...extra,
    ...(c.exactPath ? { exactPath: c.exactPath } : {}),
    path: c.path,
  };
}
