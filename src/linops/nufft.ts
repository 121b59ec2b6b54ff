/**
 * The non-uniform FFT as a LinearOperator: type 2 (image -> samples) as `apply`, type 1 (its exact
 * adjoint) as `adjoint`, and the normal operator A^H A by Toeplitz embedding (one FFT pair on a
 * grid of about 2n per axis, built on the first call to `normal`), so solvers and certificates use it
 * unchanged. Conventions, accuracy and the plan: ./nufft-plan.ts and docs/nufft.md.
 *
 *     A x = y,  y_j = (1/sqrt(N)) sum_k x[k] e^{-2 pi i <w_j, k - c>}   (w_j in cycles per sample)
 *
 * `normal: 'toeplitz'` (default) applies the Toeplitz normal of the exact NDFT (to the plan's
 * accuracy); `normal: 'direct'` applies adjoint(apply(x)) (exactly the product of the two
 * gridding transforms, no precomputation).
 *
 * @example
 * import { nufft } from './nufft.ts';
 * import { radialTrajectory } from './trajectories.ts';
 * const coords = radialTrajectory(32, 64);          // 32 spokes of 64 samples, cycles per sample
 * const A = nufft([64, 64], coords);                // 4096 unknowns -> 2048 samples, width 7
 * const x = new Float64Array(2 * 4096); x[2 * (32 * 64 + 32)] = 1;
 * const y = A.apply(x, new Float64Array(2 * 2048)); // every sample ~ 1/64 (a centred point)
 * A.normal(x, new Float64Array(2 * 4096));          // the PSF, peak ~ 2048/4096 = 0.5
 */
import { CandorError, describe } from '../core/errors.ts';
import { defineOperator } from './define.ts';
import { type NufftOptions, NufftPlan, nufftPlan } from './nufft-plan.ts';
import { ToeplitzKernel } from './nufft-toeplitz.ts';
import type { LinearOperator } from './types.ts';

/** Options of the {@link nufft} operator: the plan's options and how `normal` is computed. */
export interface NufftOperatorOptions extends NufftOptions {
  /** How `normal` is computed (default 'toeplitz'). */
  normal?: 'toeplitz' | 'direct';
}

function normalMode(where: string, opts: unknown): 'toeplitz' | 'direct' {
  if (opts === undefined) return 'toeplitz';
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'options', 'an object { width?, oversampling?, normal? }', describe(opts));
  const n = (opts as NufftOperatorOptions).normal ?? 'toeplitz';
  if (n !== 'toeplitz' && n !== 'direct') throw new CandorError(where, 'options.normal', "'toeplitz' or 'direct'", describe(n));
  return n;
}

/**
 * The NUFFT operator of images of `shape` (1 to 3 axes) sampled at `coords` (M x d cycles per
 * sample in [-1/2, 1/2], interleaved per sample), or of an existing plan (`nufft(plan, opts)`,
 * sharing its precomputation).
 */
export function nufft(shapeOrPlan: readonly number[] | NufftPlan, coords?: ArrayLike<number> | NufftOperatorOptions, opts?: NufftOperatorOptions): LinearOperator {
  let plan: NufftPlan;
  let o: NufftOperatorOptions | undefined;
  if (shapeOrPlan instanceof NufftPlan) {
    plan = shapeOrPlan;
    o = coords as NufftOperatorOptions | undefined;
    if (o !== undefined && typeof o === 'object' && o !== null && (o.width !== undefined || o.oversampling !== undefined)) {
      throw new CandorError('nufft', 'options', `only { normal? } with a plan (its width ${plan.width} and oversampling ${plan.oversampling} are fixed)`, JSON.stringify(o));
    }
  } else {
    plan = nufftPlan(shapeOrPlan, coords as ArrayLike<number>, opts);
    o = opts;
  }
  const mode = normalMode('nufft', o);
  const shape = [...plan.shape];
  let toeplitz: ToeplitzKernel | null = null;
  return defineOperator({
    name: `NUFFT(${shape.join('x')}, ${plan.samples} samples, width ${plan.width}, oversampling ${plan.oversampling})`,
    domain: shape,
    range: [plan.samples],
    field: 'complex',
    apply: (x, out) => plan.forward(x, out),
    adjoint: (y, out) => plan.adjoint(y, out),
    ...(mode === 'toeplitz'
      ? {
          normal: (x: Float64Array, out: Float64Array) => {
            toeplitz ??= new ToeplitzKernel(plan, null);
            return toeplitz.apply(x, out);
          },
          cheapNormal: true,
        }
      : {}),
  });
}
