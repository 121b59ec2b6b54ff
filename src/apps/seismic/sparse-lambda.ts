/**
 * The l1 weight of the sparse-transform trace interpolation (./sparse.ts, FISTA form
 * min_c 1/2 ||S B c - d||^2 + lambda ||c||_1) chosen from the data by a rule of
 * src/solvers/lambda-choice.ts (SURE, GCV, discrepancy, L-curve): a decreasing geometric path of
 * `count` weights from `largest` down to `smallest` (fractions of lambda_max = ||(S B)^H d||_inf),
 * each a fixed number of FISTA iterations warm-started from the previous one (no backtracking, a
 * fixed step: the deterministic map the Monte-Carlo divergence needs), then sparseInterpolate at
 * the chosen fraction.
 *
 * The data are the kept samples d (real, N = m values, the noise std sigma per sample). For the
 * complex f-k transforms the family works on the real samples (the fit is Re(S B c)), so SURE's
 * N tau^2 and the probe use the real data only. df = div_d (S B c_lambda(d)) by one Monte-Carlo probe
 * (Ramani, Blu & Unser, IEEE TIP 17 (2008) 1540): FISTA after a fixed number of iterations is not
 * the exact LASSO solution, whose support size would be its df.
 *
 * Noise (SURE and the discrepancy principle) when not given: the MAD of the finest diagonal Haar
 * band of the kept traces side by side (`waveletNoiseStd`, Donoho & Johnstone 1994), stated as
 * such. It sees only the kept traces; steep dips alias into that band and raise it.
 *
 * As for MRI (docs/lambda.md), SURE and GCV estimate the prediction risk on the kept samples, not
 * the error on the missing traces the interpolation is for. On the synthetic gather they still
 * land within 0.5 dB (missing-trace SNR) of the best of a grid of weights
 * (test/apps/seismic/sparse-lambda.test.ts; numbers in docs/lambda.md).
 *
 * @example
 * import { chooseSparseLambda } from './sparse-lambda.ts';
 * // const r = chooseSparseLambda(d, nx, nt, kept, { transform: 'fk', rule: 'gcv' });
 * // r.fraction (lambda / lambda_max), r.choice (path, criterion, position), r.result (the gather)
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';
import { waveletNoiseStd } from '../../core/imaging/noise.ts';
import { l1 } from '../../prox/l1.ts';
import { fista } from '../../solvers/fista.ts';
import { chooseLambda, geometricLambdas, type LambdaChoice, type LambdaRule, type NoiseLevel, type PathSolution, PATH_RULES } from '../../solvers/lambda-choice.ts';
import { type SparseOptions, type SparseResult, sparseInterpolate, sparseProblem } from './sparse.ts';

export interface SparseLambdaOptions extends SparseOptions {
  rule?: LambdaRule;
  /** Noise std per sample (default: estimated, see the file comment). */
  noiseStd?: number;
  /** The path: `count` fractions of lambda_max from `largest` down to `smallest` (defaults 12, 0.3, 1e-3). */
  count?: number;
  largest?: number;
  smallest?: number;
  /** FISTA iterations per path point (default 40). */
  pathIterations?: number;
}

/** Defaults of {@link SparseLambdaOptions}. */
export const SPARSE_LAMBDA_DEFAULTS = Object.freeze({ rule: 'sure' as LambdaRule, count: 12, largest: 0.3, smallest: 1e-3, pathIterations: 40 });

/** What {@link chooseSparseLambda} returns: the weight's choice (rule, curve, noise), the chosen fraction of lambda_max and the interpolation at it. */
export interface SparseLambdaResult {
  choice: LambdaChoice;
  /** The chosen lambda / lambda_max (sparseInterpolate's `lambda`). */
  fraction: number;
  /** sparseInterpolate at the chosen fraction (its continuation and iterations). */
  result: SparseResult;
}

/** The noise std of the kept traces (MAD of the finest diagonal Haar band), with how. */
export function keptTraceNoise(data: Float64Array, nx: number, nt: number, kept: Uint8Array): NoiseLevel {
  const where = 'keptTraceNoise';
  let nk = 0;
  for (let t = 0; t < nx; t++) if (kept[t]) nk++;
  if (nk < 2) throw new CandorError(where, 'kept traces', 'at least 2 to estimate the noise (or give noiseStd)', String(nk));
  const img = new Float64Array(nk * nt);
  let r = 0;
  for (let t = 0; t < nx; t++) if (kept[t]) img.set(data.subarray(t * nt, (t + 1) * nt), nt * r++);
  return { std: waveletNoiseStd(img, nk, nt), source: `estimated: MAD of the finest diagonal Haar band of the ${nk} kept traces (Donoho-Johnstone)` };
}

/** Chooses the l1 weight by the rule, then interpolates at it (see the file comment). */
export function chooseSparseLambda(data: Float64Array, nx: number, nt: number, kept: Uint8Array, opts: SparseLambdaOptions = {}): SparseLambdaResult {
  const where = 'chooseSparseLambda';
  const D = SPARSE_LAMBDA_DEFAULTS;
  const rule = opts.rule ?? D.rule;
  if (!PATH_RULES.includes(rule)) throw new CandorError(where, 'rule', `one of ${PATH_RULES.join(', ')}`, describe(rule));
  if ((opts.solver ?? 'fista') !== 'fista') throw new CandorError(where, 'solver', "'fista' (spgl1 is the noise-constrained form: no weight to choose)", describe(opts.solver));
  const count = checkInt(where, 'count', opts.count ?? D.count, 3, 1000);
  const largest = checkNumber(where, 'largest', opts.largest ?? D.largest, Number.MIN_VALUE, 1);
  const smallest = checkNumber(where, 'smallest', opts.smallest ?? D.smallest, Number.MIN_VALUE, largest);
  const iters = checkInt(where, 'pathIterations', opts.pathIterations ?? D.pathIterations, 1, 100000);
  const P = sparseProblem(where, data, nx, nt, kept, opts);
  const { A, complex, dReal, lambdaMax: lmax, lipschitz } = P;
  const m = dReal.length;
  const reg = l1();
  const yc = new Float64Array(complex ? 2 * m : m);
  const fitC = new Float64Array(complex ? 2 * m : m);
  const solve = (lambda: number, d: Float64Array, x0: Float64Array | null): PathSolution => {
    if (complex) for (let i = 0; i < m; i++) yc[2 * i] = d[i];
    else yc.set(d);
    const r = fista(A, yc, reg, { lambda, maxIter: iters, tol: 0, historyEvery: 0, lipschitz, backtracking: false, restart: 'none', ...(x0 ? { x0 } : {}) });
    A.apply(r.x, fitC);
    const fit = new Float64Array(m);
    for (let i = 0; i < m; i++) fit[i] = complex ? fitC[2 * i] : fitC[i];
    let pen = 0;
    if (complex) for (let j = 0; j < r.x.length; j += 2) pen += Math.hypot(r.x[j], r.x[j + 1]);
    else for (let j = 0; j < r.x.length; j++) pen += Math.abs(r.x[j]);
    return { x: r.x, fit, penalty: pen, iterations: r.iterations };
  };
  let noise: NoiseLevel | undefined;
  if (opts.noiseStd !== undefined) noise = { std: checkNumber(where, 'noiseStd', opts.noiseStd, Number.MIN_VALUE), source: 'given' };
  else if (rule === 'sure' || rule === 'discrepancy') noise = keptTraceNoise(data, nx, nt, kept);
  const lambdas = geometricLambdas(largest * lmax, smallest * lmax, count);
  const choice = chooseLambda({ y: dReal, complex: false, solve }, { rule, lambdas, noise });
  const fraction = Math.min(choice.lambda / lmax, 0.999);
  const result = sparseInterpolate(data, nx, nt, kept, { ...opts, solver: 'fista', lambda: fraction });
  return { choice, fraction, result };
}
