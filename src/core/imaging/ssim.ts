/**
 * Structural similarity (Wang, Bovik, Sheikh & Simoncelli, IEEE TIP 13, 2004) of the magnitudes
 * |x| and |ref|, as ./metrics.ts documents it (scikit-image's `structural_similarity(...,
 * gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=L)`), with the
 * reference's share computed once: many images scored against one reference (an acceleration
 * scan, the MRI predictor's budget images) pay per image only for the three filtered maps that
 * involve x (mu_x, E[x^2], E[x y]), not five.
 *
 *     SSIM = mean over interior pixels of
 *            (2 mu_x mu_y + C1)(2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(sigma_x^2 + sigma_y^2 + C2)),
 *     C1 = (0.01 L)^2, C2 = (0.03 L)^2, L = max|ref| - min|ref|,
 *
 * mu, E[.] Gaussian-weighted (11 taps, sigma 1.5). The mean runs over the pixels at least 5 from
 * the border, whose 11 x 11 window lies inside the image: the mirror boundary the filter is defined
 * with never enters it, so only the interior is filtered (rows: every row, interior columns;
 * columns: interior rows), which gives the same sums in the same order as filtering everything.
 *
 * @example
 * import { ssimReference, ssimWith } from './ssim.ts';
 * const ref = new Float64Array(32 * 32).map((_, i) => (i % 7) / 7);
 * const r = ssimReference('example', ref, 32, 32);
 * ssimWith(r, ref); // 1
 */
import { CandorError, describe } from '../errors.ts';

const SSIM_SIGMA = 1.5;
const SSIM_RADIUS = 5;

/** The reference's share of SSIM: |ref|, its filtered mean and second moment, the constants. */
export interface SsimReference {
  readonly ny: number;
  readonly nx: number;
  readonly y: Float64Array;
  readonly muY: Float64Array;
  readonly eYY: Float64Array;
  readonly c1: number;
  readonly c2: number;
  readonly weights: Float64Array;
}

function gaussWeights(): Float64Array {
  const w = new Float64Array(2 * SSIM_RADIUS + 1);
  let ws = 0;
  for (let t = -SSIM_RADIUS; t <= SSIM_RADIUS; t++) {
    w[t + SSIM_RADIUS] = Math.exp((-0.5 * t * t) / (SSIM_SIGMA * SSIM_SIGMA));
    ws += w[t + SSIM_RADIUS];
  }
  for (let t = 0; t < w.length; t++) w[t] /= ws;
  return w;
}

/** Magnitudes of a real (n) or complex interleaved (2 n) image into out. */
function magnitudeInto(where: string, what: string, x: Float64Array, n: number, out: Float64Array): void {
  if (!(x instanceof Float64Array)) throw new CandorError(where, what, 'a Float64Array', describe(x));
  if (x.length === n) for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
  else if (x.length === 2 * n) for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]);
  else throw new CandorError(where, `${what} length`, `${n} or ${2 * n}`, String(x.length));
}

/**
 * Gaussian filter of src (or of src * mul when given) at the interior pixels only (see the file
 * comment); tmp holds the row pass.
 */
function filterInterior(src: Float64Array, mul: Float64Array | null, ny: number, nx: number, w: Float64Array, tmp: Float64Array, out: Float64Array): void {
  const r = SSIM_RADIUS;
  for (let i = 0; i < ny; i++) {
    const row = i * nx;
    for (let j = r; j < nx - r; j++) {
      let s = 0;
      if (mul) for (let t = -r; t <= r; t++) s += w[t + r] * (src[row + j + t] * mul[row + j + t]);
      else for (let t = -r; t <= r; t++) s += w[t + r] * src[row + j + t];
      tmp[row + j] = s;
    }
  }
  for (let i = r; i < ny - r; i++) {
    for (let j = r; j < nx - r; j++) {
      let s = 0;
      for (let t = -r; t <= r; t++) s += w[t + r] * tmp[(i + t) * nx + j];
      out[i * nx + j] = s;
    }
  }
}

/** The reference's share of SSIM (see the file comment); `where` names the caller in errors. */
export function ssimReference(where: string, ref: Float64Array, ny: number, nx: number): SsimReference {
  if (ny < 2 * SSIM_RADIUS + 1 || nx < 2 * SSIM_RADIUS + 1) {
    throw new CandorError(where, 'image size', `at least ${2 * SSIM_RADIUS + 1}x${2 * SSIM_RADIUS + 1} (the 11x11 window)`, `${ny}x${nx}`);
  }
  const n = ny * nx;
  if (!(ref instanceof Float64Array) || ref.length === 0) throw new CandorError(where, 'reference', 'a non-empty Float64Array', describe(ref));
  const y = new Float64Array(n);
  magnitudeInto(where, 'reference', ref, n, y);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (y[i] < lo) lo = y[i];
    if (y[i] > hi) hi = y[i];
  }
  const L = hi - lo;
  if (!(L > 0)) throw new CandorError(where, 'reference', 'a non-constant image (data range > 0)', 'a constant image');
  const weights = gaussWeights();
  const tmp = new Float64Array(n);
  const muY = new Float64Array(n);
  const eYY = new Float64Array(n);
  filterInterior(y, null, ny, nx, weights, tmp, muY);
  filterInterior(y, y, ny, nx, weights, tmp, eYY);
  return Object.freeze({ ny, nx, y, muY, eYY, c1: (0.01 * L) ** 2, c2: (0.03 * L) ** 2, weights });
}

/** Mean SSIM of |x| against the reference of `r` (x real n or complex interleaved 2 n). */
export function ssimWith(r: SsimReference, x: Float64Array, where = 'ssim'): number {
  const { ny, nx, y, muY, eYY, c1, c2, weights } = r;
  const n = ny * nx;
  const X = new Float64Array(n);
  magnitudeInto(where, 'image', x, n, X);
  const tmp = new Float64Array(n);
  const ux = new Float64Array(n);
  const uxx = new Float64Array(n);
  const uxy = new Float64Array(n);
  filterInterior(X, null, ny, nx, weights, tmp, ux);
  filterInterior(X, X, ny, nx, weights, tmp, uxx);
  filterInterior(X, y, ny, nx, weights, tmp, uxy);
  const R = SSIM_RADIUS;
  let s = 0;
  let cnt = 0;
  for (let i = R; i < ny - R; i++) {
    for (let j = R; j < nx - R; j++) {
      const k = i * nx + j;
      const mx = ux[k];
      const my = muY[k];
      const vx = uxx[k] - mx * mx;
      const vy = eYY[k] - my * my;
      const vxy = uxy[k] - mx * my;
      s += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      cnt++;
    }
  }
  return s / cnt;
}
