/**
 * Dirty image and PSF through the NUFFT (./measurement.ts): for imaging weights w_k,
 *
 *     I_D = A_1^T (w .* V) / sum_k w_k,     PSF = A_1^T (w .* 1) / sum_k w_k
 *
 * with A_1 the unweighted visibility operator: the sums of ./dft-reference.ts (`dftDirtyImage`),
 * to the NUFFT's accuracy (1e-6 relative at the default width). The PSF is made on an image of
 * twice the side (peak 1 at pixel (N, N) of 2N), so CLEAN can subtract it anywhere in the N x N
 * image. Residual images of a model x are dirty images of V - A x (`residualImage`).
 *
 * @example
 * import { dirtyImage } from './dirty.ts';
 * // const { image, psf, psfSize, sumWeights } = dirtyImage(vs, weights, 128, cell);
 */
import { CandorError, describe } from '../../core/errors.ts';
import { type VisibilityOperator, visibilityOperator } from './measurement.ts';

/**
 * A dirty image (N x N, Jy/beam) and its PSF (2N x 2N, peak 1 at (N, N)) with the sum of the
 * weights and the unweighted visibility operator of the image.
 */
export interface DirtyImage {
  /** N x N dirty image, Jy/beam. */
  image: Float64Array;
  /** 2N x 2N PSF, peak 1 at (N, N). */
  psf: Float64Array;
  size: number;
  psfSize: number;
  sumWeights: number;
  /** The unweighted operator of the N x N image (for major cycles and residuals). */
  op: VisibilityOperator;
}

type Vis = { n: number; u: Float64Array; v: Float64Array; vis: Float64Array };

function sumOf(where: string, w: Float64Array, n: number): number {
  if (!(w instanceof Float64Array) || w.length !== n) throw new CandorError(where, 'weights', `a Float64Array of ${n} imaging weights`, describe(w));
  let s = 0;
  for (let k = 0; k < n; k++) s += w[k];
  if (!(s > 0)) throw new CandorError(where, 'weights', 'a positive sum (some visibility with weight > 0)', describe(s));
  return s;
}

/** The dirty image of `vis` (interleaved, one per sample) with imaging weights, through `op`. */
export function weightedAdjoint(op: VisibilityOperator, vis: Float64Array, weights: Float64Array, sumWeights: number): Float64Array {
  const M = weights.length;
  const y = new Float64Array(2 * M);
  for (let k = 0; k < M; k++) {
    const f = weights[k] / sumWeights;
    y[2 * k] = f * vis[2 * k];
    y[2 * k + 1] = f * vis[2 * k + 1];
  }
  return op.adjoint(y, new Float64Array(op.size * op.size));
}

/** Dirty image (N x N) and PSF (2N x 2N) of the samples with imaging `weights` (see above). */
export function dirtyImage(vs: Vis, weights: Float64Array, size: number, cell: number, opts: { width?: number } = {}): DirtyImage {
  const where = 'dirtyImage';
  const sw = sumOf(where, weights, vs.n);
  const op = visibilityOperator(vs.u, vs.v, size, cell, { width: opts.width });
  const image = weightedAdjoint(op, vs.vis, weights, sw);
  const psfOp = visibilityOperator(vs.u, vs.v, 2 * size, cell, { width: opts.width });
  const ones = new Float64Array(2 * vs.n);
  for (let k = 0; k < vs.n; k++) ones[2 * k] = 1;
  const psf = weightedAdjoint(psfOp, ones, weights, sw);
  return { image, psf, size, psfSize: 2 * size, sumWeights: sw, op };
}

/** The dirty image of the residual visibilities V - A x of a model x (Jy/pixel), same weights. */
export function residualImage(op: VisibilityOperator, vis: Float64Array, model: Float64Array, weights: Float64Array, sumWeights: number): { image: Float64Array; residual: Float64Array } {
  const M = weights.length;
  const pred = op.apply(model, new Float64Array(2 * M));
  const r = new Float64Array(2 * M);
  for (let i = 0; i < 2 * M; i++) r[i] = vis[i] - pred[i];
  return { image: weightedAdjoint(op, r, weights, sumWeights), residual: r };
}

/** The N x N centre of a 2N x 2N PSF (peak at (N/2, N/2)). */
export function psfCentre(psf: Float64Array, size: number): Float64Array {
  const P = 2 * size;
  const out = new Float64Array(size * size);
  const o = size / 2;
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) out[r * size + c] = psf[(r + o) * P + c + o];
  return out;
}
