/**
 * Compressed-sensing imaging of visibilities: a nonnegative image x (Jy/pixel) that is sparse in a
 * dictionary and consistent with the data to the noise the weights state,
 *
 *     min_x  ||Psi^T x||_1  [+ mu TV(x)]   s.t.  chi^2(x) = sum_k w_k |V_k - (F x)_k|^2 <= 2M,
 *                                                x >= 0  [and sum x = F_total]
 *
 * (the noise-constrained form: whitened residuals have unit variance per real component, so the
 * expected chi-squared of the truth is the number of real measurements, 2 per visibility; reduced
 * chi-squared 1 in eht-imaging's normalisation, chisq = sum |r / sigma|^2 / (2M)), or the
 * penalised form 1/2 chi^2(x) + lambda s ||Psi^T x||_1 with s the data scale. Dictionaries Psi:
 *
 * - `starlet`: the isotropic undecimated wavelet (IUWT) bands of ../../linops/starlet.ts, the
 *   dictionary of WSClean's `-iuwt` (the coarse band is not penalised);
 * - `sara`: db1 ... db8 and the Dirac basis concatenated (../../linops/wavelet-frame.ts),
 *   SARA's averaged sparsity (Carrillo, McEwen & Wiaux 2012, MNRAS 426, 1223);
 * - `tv`: total variation alone (isotropic, real image).
 *
 * Solved by the shared primal-dual solver (../../solvers/primal-dual.ts, Chambolle & Pock 2011)
 * with the data term as its own dual variable (`data: 'dual'`: the NUFFT operator of
 * ./measurement.ts is not a co-isometry), the l1 and TV terms as dual terms, and positivity (or the
 * simplex of the total flux) as the primal prox. The problem is scaled so that ||A|| = 1 and the
 * image peak is about 1 (the dirty image's peak s), which makes the default step balance work for
 * any flux and any weights.
 *
 * @example
 * import { csImage } from './cs.ts';
 * // const r = csImage(vs, 128, cell, { dictionary: 'starlet' });
 * // r.image (Jy/pixel), r.chi2 (sum w |r|^2), r.reducedChi2 (chi2 / 2M)
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';
import { opNormLanczos } from '../../linops/tools.ts';
import { starlet2, starletNormSq } from '../../linops/starlet.ts';
import { waveletFrame2 } from '../../linops/wavelet-frame.ts';
import { scale } from '../../linops/combinators.ts';
import { type DualTerm, l1AnalysisTerm, tvTerm } from '../../prox/dual-terms.ts';
import { nonneg } from '../../prox/indicators.ts';
import { simplex } from '../../prox/simplex.ts';
import { primalDual } from '../../solvers/primal-dual.ts';
import type { Iterate } from '../../solvers/types.ts';
import { type VisibilityOperator, visibilityOperator } from './measurement.ts';

/** The sparsity dictionary of {@link csImage}: starlet (isotropic undecimated wavelet), SARA (db1..db8 and Dirac) or TV alone. */
export type CsDictionary = 'starlet' | 'sara' | 'tv';
/** Every {@link CsDictionary}. */
export const CS_DICTIONARIES: readonly CsDictionary[] = Object.freeze(['starlet', 'sara', 'tv']);

/** Defaults of {@link csImage}: starlet dictionary, 400 iterations, tol 1e-4, and the NUFFT kernel width of the iterations. */
export const CS_DEFAULTS = Object.freeze({
  dictionary: 'starlet' as CsDictionary,
  maxIter: 400,
  tol: 1e-4,
  kappa: 1e-5,
  /** NUFFT kernel width during the iterations (6e-5 relative accuracy, far below the noise); chi^2 uses the default 7. */
  width: 5,
  /** Penalised form: lambda relative to the data scale. */
  lambda: 1e-3,
  /** Extra TV weight relative to the l1 weight (0: none). */
  tv: 0,
});

/**
 * Options of {@link csImage}: dictionary, constrained (chi^2 <= target, default 2M) or penalised
 * form with lambda, TV weight, positivity and total flux, solver settings and warm start.
 */
export interface CsOptions {
  dictionary?: CsDictionary;
  /** The noise-constrained form (default true); false: the penalised form with `lambda`. */
  constrained?: boolean;
  /** chi^2 target of the constrained form (default 2M). */
  chi2Target?: number;
  lambda?: number;
  /** TV weight relative to the dictionary's l1 weight (with starlet or sara), default 0. */
  tv?: number;
  /** Total flux in Jy: x on the simplex {x >= 0, sum x = F} (default: positivity only). */
  totalFlux?: number;
  /** Positivity (default true; false drops it, and any total flux). */
  positivity?: boolean;
  maxIter?: number;
  tol?: number;
  /** Step balance of the primal-dual solver (default 1e-5, measured on the simulations of docs/radio.md). */
  kappa?: number;
  /** Starlet scales (default: as many as fit the image). */
  scales?: number;
  /** Kernel width of the NUFFT during the iterations (default 5). */
  width?: number;
  /** Called after each iteration with its state and the current image; return false to stop. */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
  onIterate?: (it: Iterate, image: () => Float64Array) => boolean | void;
  /** Warm start, Jy/pixel. */
  x0?: Float64Array;
}

/** The result of {@link csImage}: the image (Jy/pixel), chi^2 = sum w |V - F x|^2 and its reduced form chi^2 / 2M, and solver statistics. */
export interface CsResult {
  /** The image, Jy/pixel. */
  image: Float64Array;
  dictionary: CsDictionary;
  constrained: boolean;
  /** sum_k w_k |V_k - (F x)_k|^2 and its reduced form chi2 / (2M). */
  chi2: number;
  reducedChi2: number;
  chi2Target: number | null;
  iterations: number;
  converged: boolean;
  stopReason: string;
  seconds: number;
  /** Data scale s (Jy/beam, the dirty peak) and ||A||^2 used for the scaling. */
  scale: number;
  normA2: number;
  /** The weighted operator at the default NUFFT width, samples in input order (for residuals; chi2 used it). */
  op: VisibilityOperator;
}

type Vis = { n: number; u: Float64Array; v: Float64Array; vis: Float64Array; weight: Float64Array };

/** y_k = sqrt(w_k) V_k (interleaved). */
export function whitened(vs: Vis): Float64Array {
  const y = new Float64Array(2 * vs.n);
  for (let k = 0; k < vs.n; k++) {
    const s = Math.sqrt(vs.weight[k]);
    y[2 * k] = s * vs.vis[2 * k];
    y[2 * k + 1] = s * vs.vis[2 * k + 1];
  }
  return y;
}

/** chi^2 = ||A x - y||^2 for the weighted operator and whitened data. */
export function chiSquared(op: VisibilityOperator, x: Float64Array, y: Float64Array): number {
  const r = op.apply(x, new Float64Array(y.length));
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (r[i] - y[i]) ** 2;
  return s;
}

/** CS image of the visibilities on an N x N grid of pixel `cell` (see the file comment). */
export function csImage(vs: Vis, size: number, cell: number, opts: CsOptions = {}): CsResult {
  const where = 'csImage';
  const t0 = performance.now();
  const dictionary = opts.dictionary ?? CS_DEFAULTS.dictionary;
  if (!CS_DICTIONARIES.includes(dictionary)) throw new CandorError(where, 'dictionary', CS_DICTIONARIES.join(', '), describe(dictionary));
  const constrained = opts.constrained ?? true;
  const maxIter = checkInt(where, 'maxIter', opts.maxIter ?? CS_DEFAULTS.maxIter, 1);
  const tol = checkNumber(where, 'tol', opts.tol ?? CS_DEFAULTS.tol, 0);
  const kappa = checkNumber(where, 'kappa', opts.kappa ?? CS_DEFAULTS.kappa, Number.MIN_VALUE);
  const tvRel = checkNumber(where, 'tv', opts.tv ?? CS_DEFAULTS.tv, 0);
  const positivity = opts.positivity ?? true;
  const M = vs.n;
  const chi2Target = constrained ? checkNumber(where, 'chi2Target', opts.chi2Target ?? 2 * M, 0) : null;
  // the iterations' operator lists the samples in its NUFFT plan's order (no gather or scatter per
  // application); the data vector is permuted once to match
  const op = visibilityOperator(vs.u, vs.v, size, cell, { weights: vs.weight, width: opts.width ?? CS_DEFAULTS.width, sampleOrder: 'plan' });
  const yInput = whitened(vs);
  const y = op.toPlanOrder(yInput);
  const n = size * size;
  // scales: ||A||^2 by Lanczos on A^T A (10-25 applications of A and A^T on the radio coverages,
  // within 1e-5 of the converged value, where 60 power steps on the Toeplitz normal stopped 1e-3
  // low and cost 3-7x the time with the kernel's set-up); s = the dirty image's peak
  const normA2 = opNormLanczos(op, { tol: 1e-6, maxIter: 60, direct: true }).norm ** 2 * 1.02;
  const dirty = op.adjoint(y, new Float64Array(n));
  let sumW = 0;
  for (let k = 0; k < M; k++) sumW += vs.weight[k];
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, dirty[i] / sumW);
  const s = peak > 0 ? peak : 1;
  const f = 1 / (Math.sqrt(normA2) * s); // y' = f y,  A' = A / sqrt(normA2),  x' = x / s
  const A1 = scale(1 / Math.sqrt(normA2), op);
  const y1 = y.map((v) => v * f);
  // the weight of the l1 term: 1 in the constrained form (it only sets the step balance); in the
  // penalised form lambda relative to max |A'^T y'| (the weight above which x = 0 is optimal)
  let wl = 1;
  if (!constrained) {
    const g = A1.adjoint(y1, new Float64Array(n));
    let gm = 0;
    for (let i = 0; i < n; i++) gm = Math.max(gm, Math.abs(g[i]));
    wl = checkNumber(where, 'lambda', opts.lambda ?? CS_DEFAULTS.lambda, 0) * gm;
  }
  const terms: DualTerm[] = [];
  if (dictionary === 'tv') terms.push(tvTerm(size, size, wl, { complex: false }));
  else {
    const so = { coarse: false, ...(opts.scales !== undefined ? { scales: opts.scales } : {}) };
    const W = dictionary === 'starlet' ? starlet2(size, size, so) : waveletFrame2(size, size);
    terms.push(l1AnalysisTerm(W, wl, { complex: false, normSq: dictionary === 'starlet' ? starletNormSq(size, size, so) : 1 }));
    if (tvRel > 0) terms.push(tvTerm(size, size, tvRel * wl, { complex: false }));
  }
  let primal = positivity ? nonneg() : undefined;
  if (positivity && opts.totalFlux !== undefined) primal = simplex(checkNumber(where, 'totalFlux', opts.totalFlux, Number.MIN_VALUE) / s);
  const x0 = opts.x0 ? opts.x0.map((v) => v / s) : undefined;
  const r = primalDual(A1, y1, {
    terms,
    data: 'dual',
    ...(constrained ? { epsilon: Math.sqrt(chi2Target as number) * f } : {}),
    ...(primal ? { primal } : {}),
    normA2: 1,
    kappa,
    maxIter,
    tol,
    historyEvery: 0,
    ...(x0 ? { x0 } : {}),
    ...(opts.onIterate ? { onIterate: (it: Iterate) => opts.onIterate?.(it, () => it.x.map((v) => v * s)) } : {}),
  });
  const image = r.x.map((v) => v * s);
  const chiOp = visibilityOperator(vs.u, vs.v, size, cell, { weights: vs.weight });
  const chi2 = chiSquared(chiOp, image, yInput);
  return {
    image,
    dictionary,
    constrained,
    chi2,
    reducedChi2: chi2 / (2 * M),
    chi2Target,
    iterations: r.iterations,
    converged: r.converged,
    stopReason: r.stopReason,
    seconds: (performance.now() - t0) / 1000,
    scale: s,
    normA2,
    op: chiOp,
  };
}

