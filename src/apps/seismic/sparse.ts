/**
 * Sparsity-promoting interpolation with a transform and a convex solver: the gather is modelled as
 * x = B c with c sparse (B the synthesis of a transform: the adjoint of an f-k transform, global or
 * in sliding patches, of a 2-D wavelet or DCT, or a Radon modelling operator), and c is found from
 * the kept traces d = S x only:
 *
 *     FISTA:  min_c 1/2 ||S B c - d||^2 + lambda ||c||_1   (continuation: lambda from lambda_0 down
 *             to lambda_final over `stages` warm-started solves, Hale, Yin & Zhang 2008)
 *     SPGL1:  min_c ||c||_1  s.t.  ||S B c - d|| <= sigma   (sigma = `misfit` ||d||)
 *
 * with lambda relative to lambda_max = ||(S B)^H d||_inf (above it c = 0). The solvers are the
 * library's own (`fista`, `bpdn` of src/solvers); the operators come from src/linops (traceSampling,
 * fk2, fkPatches, radon2, wavelet2, dct2, zeroPad2), each checked by the operator kit.
 *
 * For the f-k and wavelet/DCT transforms B has orthonormal (tight-frame) columns and ||S B|| <= 1,
 * so the step is 1 without a line search; for Radon the Lipschitz constant comes from the power
 * method. Radon slopes are in samples per trace over [-maxDip, maxDip] (nx + 1 of them), on
 * offsets in trace units centred on the line.
 *
 * Reference: Herrmann & Hennenfent, "Non-parametric seismic data recovery with curvelet frames",
 * GJI 2008 (sparsity-promoting recovery from missing traces); Sacchi & Ulrych 1995 (sparse
 * Radon); van den Berg & Friedlander 2008 (SPGL1); Beck & Teboulle 2009 (FISTA).
 *
 * @example
 * import { sparseInterpolate } from './sparse.ts';
 * // sparseInterpolate(decimated, 60, 1000, kept, { transform: 'fk', solver: 'fista' }).data
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { adjoint, compose } from '../../linops/combinators.ts';
import { dct2 } from '../../linops/dct.ts';
import { fk2, fkPatches, nextPow2 } from '../../linops/fk.ts';
import { opNorm } from '../../linops/tools.ts';
import { radon2 } from '../../linops/radon.ts';
import { traceSampling, zeroPad2 } from '../../linops/seismic-sampling.ts';
import type { LinearOperator } from '../../linops/types.ts';
import { wavelet2 } from '../../linops/wavelet.ts';
import { l1, weightedL1 } from '../../prox/l1.ts';
import { bpdn } from '../../solvers/spgl1.ts';
import { fista } from '../../solvers/fista.ts';
import { defaultNxPad } from './pocs.ts';

/** A sparsifying transform of {@link sparseInterpolate}: global or patched f-k, linear or parabolic Radon, 2-D wavelet or DCT. */
export type SparseTransform = 'fk' | 'fk-patches' | 'radon-linear' | 'radon-parabolic' | 'wavelet' | 'dct';
/** Every {@link SparseTransform}. */
export const SPARSE_TRANSFORMS: readonly SparseTransform[] = Object.freeze(['fk', 'fk-patches', 'radon-linear', 'radon-parabolic', 'wavelet', 'dct']);

/**
 * Options of {@link sparseInterpolate}: transform, solver (FISTA with continuation or SPGL1),
 * relative weights, iterations, misfit, Radon dips and wavelet.
 */
export interface SparseOptions {
  transform?: SparseTransform;
  solver?: 'fista' | 'spgl1';
  /** Final lambda / lambda_max (FISTA; default 0.005). */
  lambda?: number;
  /** First lambda / lambda_max of the continuation (default 0.5). */
  lambdaStart?: number;
  /** Continuation stages (default 6). */
  stages?: number;
  /** Iterations per stage (FISTA) or in all (SPGL1; default 40 per stage, 300 for SPGL1). */
  iterations?: number;
  /**
   * Reweighted l1 (FISTA): after the continuation, this many more continuations with
   * R(c) = sum_i w_i |c_i|, w_i = 1 / (1 + |c_i| / (eps max|c|)) from the previous solution
   * (Candes, Wakin & Boyd 2008), warm-started (default 0: plain l1).
   */
  reweight?: number;
  /** eps of the reweighting, relative to the largest coefficient (default 0.01). */
  reweightEps?: number;
  /** SPGL1 misfit sigma / ||d|| (default 0.01). */
  misfit?: number;
  /** Patch size [traces, samples] for 'fk-patches' (default [all traces, 64]) and overlap (default half). */
  patch?: readonly [number, number];
  overlap?: readonly [number, number];
  /** Radon: largest dip in samples per trace (default 3). */
  maxDip?: number;
  /** Wavelet name (default 'db4'). */
  wavelet?: string;
  /** Called after every solver iteration (stage, iteration); return false to stop. */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
  onIterate?: (stage: number, iteration: number) => boolean | void;
}

/**
 * Defaults of {@link sparseInterpolate}: f-k with FISTA, lambda 0.005 lambda_max after 6 stages
 * from 0.5, 40 iterations per stage, SPGL1 300 iterations at misfit 0.01, Radon dips up to 3
 * samples per trace, db4 wavelet.
 */
export const SPARSE_DEFAULTS = Object.freeze({
  transform: 'fk' as SparseTransform,
  solver: 'fista' as 'fista' | 'spgl1',
  lambda: 0.005,
  lambdaStart: 0.5,
  stages: 6,
  iterations: 40,
  spglIterations: 300,
  misfit: 0.01,
  maxDip: 3,
  wavelet: 'db4',
});

/** The result of {@link sparseInterpolate}: the gather x = B c, the transform, solver and iterations, and the synthesis operator B used. */
export interface SparseResult {
  data: Float64Array;
  transform: SparseTransform;
  solver: string;
  iterations: number;
  /** The synthesis operator B (coefficients -> gather) used. */
  synthesis: LinearOperator;
  /** Coefficients c (complex interleaved for f-k). */
  coefficients: Float64Array;
  seconds: number;
}

/** The synthesis B (coefficients -> [nx, nt] gather) of a transform, and whether it is complex. */
export function synthesisOperator(transform: SparseTransform, nx: number, nt: number, o: SparseOptions = {}): LinearOperator {
  switch (transform) {
    case 'fk':
      return adjoint(fk2(nx, nt, { nxPad: defaultNxPad(nx), ntPad: nextPow2(nt) }));
    case 'fk-patches': {
      const size = o.patch ?? [nx, 64];
      const overlap = o.overlap ?? [Math.floor(Math.min(size[0], nx) / 2), Math.floor(Math.min(size[1], nt) / 2)];
      return adjoint(fkPatches(nx, nt, { size, overlap }));
    }
    case 'radon-linear':
    case 'radon-parabolic': {
      const maxDip = o.maxDip ?? SPARSE_DEFAULTS.maxDip;
      if (!(maxDip > 0)) throw new CandorError('sparseInterpolate', 'maxDip', 'a positive number of samples per trace', describe(maxDip));
      const np = nx + 1;
      const h = Array.from({ length: nx }, (_, i) => i - (nx - 1) / 2);
      const hmax = Math.max(1, (nx - 1) / 2);
      // parabolic: tau = q h^2 with the largest curvature giving maxDip samples per trace at the far offset
      const scale = transform === 'radon-linear' ? maxDip : maxDip / (2 * hmax);
      const p = Array.from({ length: np }, (_, j) => ((2 * j - nx) / nx) * scale);
      return radon2(nt, h, p, { kind: transform === 'radon-linear' ? 'linear' : 'parabolic' });
    }
    case 'wavelet': {
      const NX = Math.ceil(nx / 8) * 8;
      const NT = Math.ceil(nt / 8) * 8;
      return compose(adjoint(zeroPad2(nx, nt, NX, NT)), adjoint(wavelet2(NX, NT, { wavelet: o.wavelet ?? SPARSE_DEFAULTS.wavelet, levels: 3 })));
    }
    case 'dct':
      return adjoint(dct2(nx, nt));
    default:
      throw new CandorError('sparseInterpolate', 'transform', SPARSE_TRANSFORMS.join(', '), describe(transform));
  }
}

/** The trace-sampled problem of {@link sparseInterpolate}: A = S B, the kept samples y, lambda_max and ||A||^2. */
export interface SparseProblem {
  A: LinearOperator;
  B: LinearOperator;
  complex: boolean;
  /** The kept samples (real, m values). */
  dReal: Float64Array;
  /** y: dReal, or complex interleaved with zero imaginary parts for the complex f-k transforms. */
  y: Float64Array;
  /** ||A^H y||_inf: above it c = 0. */
  lambdaMax: number;
  /** ||A||^2 (1 for the tight frames, a power-iteration bound for Radon). */
  lipschitz: number;
}

/** Builds the problem of {@link sparseInterpolate} (shapes checked; the same A, y and step as it uses). */
export function sparseProblem(where: string, data: Float64Array, nx: number, nt: number, kept: Uint8Array, opts: SparseOptions = {}): SparseProblem {
  if (!(data instanceof Float64Array) || data.length !== nx * nt || kept.length !== nx) {
    throw new CandorError(where, 'sizes', `${nx} x ${nt} samples and a mask of ${nx} traces`, `${describe(data)} and a mask of ${kept.length}`);
  }
  const transform = opts.transform ?? SPARSE_DEFAULTS.transform;
  const B = synthesisOperator(transform, nx, nt, opts);
  const S = traceSampling(nx, nt, kept);
  const A = compose(S, B);
  const complex = A.field === 'complex';
  const m = S.rows;
  const dReal = S.apply(data, new Float64Array(m));
  const y = complex ? new Float64Array(2 * m) : dReal;
  if (complex) for (let i = 0; i < m; i++) y[2 * i] = dReal[i];
  const g = A.adjoint(y, new Float64Array(complex ? 2 * A.cols : A.cols));
  let lmax = 0;
  for (let i = 0; i < g.length; i += complex ? 2 : 1) lmax = Math.max(lmax, complex ? Math.hypot(g[i], g[i + 1]) : Math.abs(g[i]));
  if (!(lmax > 0)) throw new CandorError(where, 'kept traces', 'some non-zero samples', 'all zeros');
  const tight = transform !== 'radon-linear' && transform !== 'radon-parabolic';
  // ||S B||^2: 1 for the tight frames, from 30 power iterations (and 2% margin) for Radon
  const lipschitz = tight ? 1 : 1.02 * opNorm(A, { maxIter: 30, tol: 1e-3 }).norm ** 2;
  return { A, B, complex, dReal, y, lambdaMax: lmax, lipschitz };
}

/** Interpolates the missing traces by FISTA (with continuation) or SPGL1 in the chosen transform. */
export function sparseInterpolate(data: Float64Array, nx: number, nt: number, kept: Uint8Array, opts: SparseOptions = {}): SparseResult {
  const where = 'sparseInterpolate';
  const t0 = performance.now();
  const transform = opts.transform ?? SPARSE_DEFAULTS.transform;
  const solver = opts.solver ?? SPARSE_DEFAULTS.solver;
  if (solver !== 'fista' && solver !== 'spgl1') throw new CandorError(where, 'solver', "'fista' or 'spgl1'", describe(solver));
  const { A, B, complex, y, lambdaMax: lmax, lipschitz } = sparseProblem(where, data, nx, nt, kept, opts);
  const g = { length: complex ? 2 * A.cols : A.cols };
  let c: Float64Array;
  let iterations = 0;
  if (solver === 'fista') {
    const stages = checkInt(where, 'stages', opts.stages ?? SPARSE_DEFAULTS.stages, 1, 100);
    const per = checkInt(where, 'iterations', opts.iterations ?? SPARSE_DEFAULTS.iterations, 1, 100000);
    const l1 = opts.lambda ?? SPARSE_DEFAULTS.lambda;
    const l0 = Math.max(opts.lambdaStart ?? SPARSE_DEFAULTS.lambdaStart, l1);
    if (!(l1 > 0 && l1 < 1)) throw new CandorError(where, 'lambda', 'a fraction of lambda_max in (0, 1)', describe(l1));
    c = new Float64Array(g.length);
    let stop = false;
    const rounds = checkInt(where, 'reweight', opts.reweight ?? 0, 0, 100);
    const eps = opts.reweightEps ?? 0.01;
    if (!(eps > 0)) throw new CandorError(where, 'reweightEps', 'a positive fraction of the largest coefficient', describe(eps));
    let reg = l1Reg;
    for (let round = 0; round <= rounds && !stop; round++) {
      if (round > 0) reg = weightedL1(reweightWeights(c, complex, eps), { complex });
      for (let s = 0; s < stages && !stop; s++) {
        const frac = stages === 1 ? l1 : l0 * (l1 / l0) ** (s / (stages - 1));
        const r = fista(A, y, reg, {
          lambda: frac * lmax,
          maxIter: per,
          tol: 0,
          x0: c,
          historyEvery: 0,
          lipschitz,
          backtracking: false,
          onIterate: (it) => {
            if (opts.onIterate && opts.onIterate(round * stages + s + 1, it.iteration) === false) {
              stop = true;
              return false;
            }
          },
        });
        c = r.x;
        iterations += r.iterations;
      }
    }
  } else {
    const misfit = opts.misfit ?? SPARSE_DEFAULTS.misfit;
    if (!(misfit >= 0 && misfit < 1)) throw new CandorError(where, 'misfit', 'a fraction of ||d|| in [0, 1)', describe(misfit));
    let yn = 0;
    for (const v of y) yn += v * v;
    const r = bpdn(A, y, {
      sigma: misfit * Math.sqrt(yn),
      maxIter: checkInt(where, 'iterations', opts.iterations ?? SPARSE_DEFAULTS.spglIterations, 1, 100000),
      historyEvery: 0,
      onIterate: (it) => (opts.onIterate ? opts.onIterate(1, it.iteration) : undefined),
    });
    c = r.x;
    iterations = r.iterations;
  }
  const xb = B.apply(c, new Float64Array(complex ? 2 * nx * nt : nx * nt));
  const out = new Float64Array(nx * nt);
  for (let t = 0; t < nx; t++) {
    for (let j = 0; j < nt; j++) {
      const i = t * nt + j;
      out[i] = kept[t] ? data[i] : complex ? xb[2 * i] : xb[i];
    }
  }
  return { data: out, transform, solver, iterations, synthesis: B, coefficients: c, seconds: (performance.now() - t0) / 1000 };
}

const l1Reg = l1();

/** Reweighting w_i = 1 / (1 + |c_i| / (eps max|c|)) (all ones when c = 0). */
export function reweightWeights(c: Float64Array, complex: boolean, eps: number): Float64Array {
  const n = complex ? c.length >> 1 : c.length;
  const w = new Float64Array(n);
  let big = 0;
  for (let i = 0; i < n; i++) {
    w[i] = complex ? Math.hypot(c[2 * i], c[2 * i + 1]) : Math.abs(c[i]);
    big = Math.max(big, w[i]);
  }
  const e = eps * big;
  for (let i = 0; i < n; i++) w[i] = e > 0 ? 1 / (1 + w[i] / e) : 1;
  return w;
}
