/**
 * The regularisation weight of an MRI reconstruction chosen from the data (`candor mri recon
 * --lambda auto[:rule]`): the library's `chooseLambda` (src/solvers/lambda-choice.ts) over a
 * warm-started geometric path of short reconstructions, then the full reconstruction at the
 * chosen weight, warm-started from the nearest path point.
 *
 * The hook is generic over the reconstruction: `chooseMriWeight` takes the acquired samples y, the
 * data scale and one callback `run(weight, data, x0, iterations) -> { x, fit: A x, penalty }`, so
 * multi-coil (SENSE) and non-Cartesian methods call it with their own operator and algorithm;
 * `reconstructWithChosenWeight` wires it into the single-coil `reconstruct`.
 *
 * - Weights are relative to the data scale s (BART's convention, as `--lambda`); the scale is
 *   computed once and held fixed along the path (a perturbed probe must not change it).
 * - Which weight moves: l1-wavelet its lambda, tv its lambdaTV, wavelet-tv both together (their
 *   ratio as given, or the defaults' 1:1).
 * - The path: `count` weights from 3 sigma g / s down by a factor 1000 when the noise level sigma
 *   is known or estimated (g the noise gain of A^H: 1 single-coil, the square root of the maps'
 *   peak power multi-coil), else 0.1 ... 1e-4 (a choice at either end is reported: extend the
 *   path with `largest` / `smallest`). Each path solve runs a fixed number of iterations without
 *   adaptive restart (`firstIterations` at the first, cold point), so the Monte-Carlo probe chain of
 *   SURE and GCV differentiates a fixed map.
 * - Noise: `noiseStd` when given (the acquisition's, or `--noise-std`), else the outer k-space
 *   estimate (../noise.ts), stated in `lambdaChoice.noiseSource`.
 *
 * References: Ramani, Blu & Unser, IEEE TIP 17 (2008) 1540 (Monte-Carlo SURE); Ramani, Liu, Rosen,
 * Nielsen & Fessler, "Regularization parameter selection for nonlinear iterative image restoration
 * and MRI reconstruction using GCV and SURE-based methods", IEEE TIP 21 (2012) 3659.
 *
 * @example
 * import { reconstruct } from './reconstruct.ts';
 * // const r = reconstruct(acq, { method: 'l1-wavelet', autoLambda: { rule: 'sure' } });
 * // r.lambda (chosen), r.lambdaChoice.path (the criterion curve), r.lambdaChoice.noiseSource
 */
import { CandorError, checkInt, checkNumber, describe } from '../../../core/errors.ts';
import { tvValue } from '../../../prox/tv-kernels.ts';
import { wavelet2 } from '../../../linops/wavelet.ts';
import {
  chooseLambda,
  geometricLambdas,
  LAMBDA_RULES,
  type LambdaChoice,
  type LambdaRule,
  type NoiseLevel,
} from '../../../solvers/lambda-choice.ts';
import type { Acquisition } from '../acquisition.ts';
import { kspaceNoiseStd } from '../noise.ts';
import type { LinearOperator } from '../../../linops/types.ts';
import { cartesianOperator } from '../operators.ts';
import { calibrationScale } from '../scaling.ts';
import type { ReconOptions, ReconResult } from './reconstruct.ts';

export interface MriLambdaOptions {
  /** The rule (default 'sure'). */
  rule?: LambdaRule;
  /** Path length (default 12). */
  count?: number;
  /** Largest and smallest relative weight of the path (default: from the noise level, see above). */
  largest?: number;
  smallest?: number;
  /** Iterations per path solve (default 8) and at the first, cold one (default 25). */
  pathIterations?: number;
  firstIterations?: number;
  /** Noise std per complex sample (default: the acquisition's, else the outer k-space estimate). */
  noiseStd?: number;
  /** How `noiseStd` was obtained (default 'given'). */
  noiseSource?: string;
  /** Seed of the Monte-Carlo probe (default 0). */
  probeSeed?: number;
  /** Progress after each path point. */
  onPoint?: (done: number, total: number) => void;
  /** Rule 'cv': the held-out fraction of the acquired locations (default 0.15) and its seed (default 0). */
  holdoutFraction?: number;
  holdoutSeed?: number;
  /** Rule 'cv': the minimum or the largest weight within one standard error of it (default MRI_LAMBDA_DEFAULTS.holdoutRule). */
  holdoutRule?: 'min' | 'one-se';
}

export const MRI_LAMBDA_DEFAULTS = Object.freeze({
  rule: 'sure' as LambdaRule,
  count: 12,
  pathIterations: 8,
  firstIterations: 25,
  /**
   * The rules with two chains (SURE, GCV: the path and its Monte-Carlo probe; 'cv': both on the
   * kept data): a shorter path of the same spacing (10 weights over a factor 300, 1.88x apart, as
   * 12 over 1000), 7 iterations per point and a shorter cold start (12 iterations at the largest
   * weight, whose criterion is far from the minimum) keep the choice within 3x one reconstruction.
   */
  twoChains: Object.freeze({ count: 10, span: 300, firstIterations: 12, pathIterations: 7 }),
  /** The path's top as a multiple of sigma / s, and its span. */
  noiseTop: 3,
  span: 1000,
  /** Without a noise level. */
  largest: 0.1,
  smallest: 1e-4,
  probeSeed: 0,
  /** Rule 'cv': take the minimum of the estimate ('min') or the largest weight within one standard error of it ('one-se'). */
  holdoutRule: 'min' as 'min' | 'one-se',
  /** Rule 'cv': the half-width of the box the sampling density is measured in (maskDensity). */
  densityRadius: 4,
});

/** One short reconstruction at a relative weight (what a method gives the weight choice). */
export type MriWeightRun = (
  weight: number,
  data: Float64Array,
  x0: Float64Array | null,
  iterations: number,
) => { x: Float64Array; fit: Float64Array; penalty: number };

/**
 * Rule 'cv' (src/solvers/lambda-holdout.ts): a short reconstruction from the kept k-space
 * locations only (keep[u] = 1), and what the units are (one per location; every coil's sample of
 * a location is in that location's unit) with the sampling density at each.
 */
export interface MriHoldout {
  units: number;
  unitOf: Uint32Array;
  density: Float64Array;
  run(weight: number, data: Float64Array, keep: Uint8Array, x0: Float64Array | null, iterations: number): { x: Float64Array; fit: Float64Array; penalty: number };
}

/**
 * The sampling density of a Cartesian mask at each acquired location (row-major order of the
 * samples): the fraction of acquired locations in the (2 radius + 1)^2 box around it, clipped at
 * the edges of k-space (1 in a fully sampled calibration region).
 */
export function maskDensity(mask: Uint8Array, ny: number, nx: number, radius: number = MRI_LAMBDA_DEFAULTS.densityRadius): Float64Array {
  checkInt('maskDensity', 'radius', radius, 1);
  // summed-area table: O(ny nx) whatever the radius
  const S = new Float64Array((ny + 1) * (nx + 1));
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) S[(i + 1) * (nx + 1) + j + 1] = mask[i * nx + j] + S[i * (nx + 1) + j + 1] + S[(i + 1) * (nx + 1) + j] - S[i * (nx + 1) + j];
  }
  const out: number[] = [];
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      if (!mask[i * nx + j]) continue;
      const a = Math.max(0, i - radius);
      const b = Math.min(ny, i + radius + 1);
      const c = Math.max(0, j - radius);
      const d = Math.min(nx, j + radius + 1);
      const sum = S[b * (nx + 1) + d] - S[a * (nx + 1) + d] - S[b * (nx + 1) + c] + S[a * (nx + 1) + c];
      out.push(sum / ((b - a) * (d - c)));
    }
  }
  return Float64Array.from(out);
}

/**
 * The weight choice over any MRI reconstruction (single- or multi-coil): see the file comment.
 * `noiseGain` takes the k-space noise std to the image's, the std of A^H e per pixel over sigma
 * (1 for the unitary DFT, sqrt(max_r sum_c |S_c(r)|^2) for SENSE): the path's top weight is
 * 3 sigma noiseGain / scale, the same relative weight for maps of any scale.
 */
export function chooseMriWeight(
  y: Float64Array,
  scale: number,
  noise: NoiseLevel | null,
  run: MriWeightRun,
  opts: MriLambdaOptions = {},
  holdout?: MriHoldout,
  noiseGain = 1,
): LambdaChoice {
  const where = 'chooseMriWeight';
  const D = MRI_LAMBDA_DEFAULTS;
  const rule = opts.rule ?? D.rule;
  if (!LAMBDA_RULES.includes(rule)) throw new CandorError(where, 'rule', `one of ${LAMBDA_RULES.join(', ')}`, describe(rule));
  checkNumber(where, 'scale', scale, Number.MIN_VALUE);
  const P = rule === 'cv' || rule === 'sure' || rule === 'gcv' ? D.twoChains : D;
  const count = checkInt(where, 'count', opts.count ?? P.count, 3, 200);
  const K = checkInt(where, 'pathIterations', opts.pathIterations ?? P.pathIterations, 1);
  const K0 = checkInt(where, 'firstIterations', opts.firstIterations ?? P.firstIterations, 1);
  const sigma = noise && noise.std > 0 ? noise.std : 0;
  const top = opts.largest ?? (sigma > 0 ? (D.noiseTop * sigma * noiseGain) / scale : D.largest);
  const bottom = opts.smallest ?? (opts.largest !== undefined || sigma === 0 ? Math.min(D.smallest, top / 10) : top / P.span);
  const lambdas = geometricLambdas(top, bottom, count);
  if (rule === 'cv' && !holdout) throw new CandorError(where, 'rule', "a reconstruction with hold-out support for 'cv' (Cartesian k-space)", "'cv'");
  return chooseLambda(
    {
      y,
      complex: true,
      solve: (lambda, data, x0) => {
        // the first (cold) solve of each chain runs longer
        const cold = x0 === null;
        const r = run(lambda, data, x0, cold ? K0 : K);
        return { ...r, iterations: cold ? K0 : K };
      },
      ...(holdout
        ? {
            holdout: {
              units: holdout.units,
              unitOf: holdout.unitOf,
              density: holdout.density,
              solve: (lambda: number, data: Float64Array, keep: Uint8Array, x0: Float64Array | null) => {
                const cold = x0 === null;
                const r = holdout.run(lambda, data, keep, x0, cold ? K0 : K);
                return { ...r, iterations: cold ? K0 : K };
              },
            },
          }
        : {}),
    },
    {
      rule,
      lambdas,
      noise: noise ?? undefined,
      probeSeed: opts.probeSeed ?? D.probeSeed,
      onPoint: opts.onPoint,
      holdoutFraction: opts.holdoutFraction,
      holdoutSeed: opts.holdoutSeed,
      holdoutRule: opts.holdoutRule ?? D.holdoutRule,
    },
  );
}

/**
 * The weights that move together along the path (l1-wavelet its lambda, tv its lambdaTV,
 * wavelet-tv both at their given ratio, 1:1 by default) and the penalty R(x) they weigh (for the
 * L-curve): ||W x||_1 + ratio TV(x).
 */
export function movingWeights(
  method: 'l1-wavelet' | 'tv' | 'wavelet-tv',
  ny: number,
  nx: number,
  opts: { lambda?: number; lambdaTV?: number; wavelet?: string; levels?: number },
): { weights: (w: number) => { lambda?: number; lambdaTV?: number }; penalty: (x: Float64Array) => number } {
  const n = ny * nx;
  const ratioTV = method === 'wavelet-tv' ? (opts.lambda !== undefined && opts.lambdaTV !== undefined && opts.lambda > 0 ? opts.lambdaTV / opts.lambda : 1) : 0;
  const weights = (w: number) => (method === 'l1-wavelet' ? { lambda: w } : method === 'tv' ? { lambdaTV: w } : { lambda: w, lambdaTV: ratioTV * w });
  const W = method === 'tv' ? null : wavelet2(ny, nx, { wavelet: opts.wavelet ?? 'haar', levels: opts.levels });
  const wc = new Float64Array(2 * n);
  const penalty = (x: Float64Array): number => {
    let p = 0;
    if (W) {
      W.apply(x, wc);
      for (let i = 0; i < n; i++) p += Math.hypot(wc[2 * i], wc[2 * i + 1]);
    }
    if (method !== 'l1-wavelet') p += (method === 'wavelet-tv' ? ratioTV : 1) * tvValue(x, ny, nx);
    return p;
  };
  return { weights, penalty };
}

/** The acquired locations of a mask in sample order, and one unit per location (rule 'cv'). */
export function maskLocations(mask: Uint8Array): Int32Array {
  let m = 0;
  for (let i = 0; i < mask.length; i++) m += mask[i] ? 1 : 0;
  const locations = new Int32Array(m);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) locations[j++] = i;
  return locations;
}

/**
 * `reconstruct(acq, { ...opts, autoLambda })`: the weight chosen by `chooseMriWeight`, then
 * `recon` (the caller's reconstruct) at that weight; the result carries `lambdaChoice`.
 */
export function reconstructWithChosenWeight(
  acq: Acquisition,
  opts: ReconOptions,
  recon: (acq: Acquisition, opts: ReconOptions) => ReconResult,
): ReconResult {
  const where = 'reconstruct';
  const t0 = performance.now();
  const auto = opts.autoLambda as MriLambdaOptions;
  const method = opts.method ?? 'l1-wavelet';
  if (method !== 'l1-wavelet' && method !== 'tv' && method !== 'wavelet-tv') throw new CandorError(where, 'autoLambda', 'a method with a weight (l1-wavelet, tv, wavelet-tv)', describe(method));
  if (opts.constrained) {
    throw new CandorError(where, 'autoLambda', 'the penalised form (the constrained form sets its data term from the noise level: no weight to choose)', 'constrained: true');
  }
  const { ny, nx, mask, y } = acq;
  const n = ny * nx;
  const A = cartesianOperator(ny, nx, mask);
  const scale = opts.scale ?? calibrationScale(acq).scale; // the scale reconstruct() would use
  const given = auto.noiseStd ?? opts.noiseStd ?? acq.noiseStd;
  let noise: NoiseLevel;
  if (given !== undefined && given > 0) noise = { std: checkNumber(where, 'noiseStd', given, 0), source: auto.noiseSource ?? 'given' };
  else noise = kspaceNoiseStd(acq);
  const rule = auto.rule ?? MRI_LAMBDA_DEFAULTS.rule;
  // a noise level at the data's rounding (below 1e-9 of their rms) is noiseless data: the rules that
  // weigh the fit against it would chase the rounding; a data property, not an option (exit 1)
  let yy = 0;
  for (let i = 0; i < y.length; i++) yy += y[i] * y[i];
  const floor = 1e-9 * Math.sqrt(yy / Math.max(y.length / 2, 1));
  if (!(noise.std > floor) && rule !== 'gcv' && rule !== 'lcurve') {
    throw new CandorError(
      where,
      'noise level',
      `a noise std above the data's rounding (1e-9 of their rms) for the rule ${rule}: give it (--noise-std), or choose by gcv or the L-curve (auto:gcv, auto:lcurve), which need none`,
      `${noise.std === 0 ? 0 : noise.std.toPrecision(3)} (${noise.source}: noiseless data)`,
      'numerical',
    );
  }
  const { weights, penalty } = movingWeights(method, ny, nx, opts);
  const base: ReconOptions = { ...opts, autoLambda: undefined, onIterate: undefined, xTrue: undefined, historyEvery: 0, scale };
  // a path solve is a few warm-started iterations at its own weight: FISTA's continuation (a
  // cold-start device that begins at a larger weight) and iterate averaging would make it solve
  // another problem
  const run: MriWeightRun = (w, data, x0, iterations) => {
    const r = recon({ ...acq, y: data }, { ...base, ...weights(w), x0: x0 ?? undefined, maxIter: iterations, tol: 0, restart: 'none', continuation: false, average: false, operator: A, residual: false });
    // R(x) is for the L-curve of the path on y: not computed on the probe chain
    return { x: r.image, fit: A.apply(r.image, new Float64Array(y.length)), penalty: data === y ? penalty(r.image) : Number.NaN };
  };
  // rule 'cv': the same short reconstruction from the kept locations only (a smaller mask)
  const m = y.length / 2;
  const locations = maskLocations(mask);
  let sub: Uint8Array | null = null;
  let subKeep: Uint8Array | null = null;
  let subA: LinearOperator | null = null;
  const holdout: MriHoldout = {
    units: m,
    unitOf: Uint32Array.from({ length: m }, (_, j) => j),
    density: maskDensity(mask, ny, nx),
    run: (w, data, keep, x0, iterations) => {
      // the kept mask and its operator, built once per hold-out (the path passes the same keep)
      if (sub === null || subKeep !== keep) {
        subKeep = keep;
        sub = new Uint8Array(n);
        for (let j = 0; j < m; j++) sub[locations[j]] = keep[j];
        subA = cartesianOperator(ny, nx, sub);
      }
      let mk = 0;
      for (let j = 0; j < m; j++) mk += keep[j];
      const yk = new Float64Array(2 * mk);
      for (let j = 0, t = 0; j < m; j++) {
        if (!keep[j]) continue;
        yk[2 * t] = data[2 * j];
        yk[2 * t + 1] = data[2 * j + 1];
        t++;
      }
      const r = recon({ ny, nx, mask: sub, y: yk }, { ...base, ...weights(w), x0: x0 ?? undefined, maxIter: iterations, tol: 0, restart: 'none', continuation: false, average: false, operator: subA as LinearOperator, residual: false });
      return { x: r.image, fit: A.apply(r.image, new Float64Array(y.length)), penalty: data === y ? penalty(r.image) : Number.NaN };
    },
  };
  const choice = chooseMriWeight(y, scale, noise, run, auto, holdout);
  const final = recon(acq, { ...opts, autoLambda: undefined, ...weights(choice.lambda), x0: choice.warm, scale });
  return { ...final, seconds: (performance.now() - t0) / 1000, lambdaChoice: choice };
}
