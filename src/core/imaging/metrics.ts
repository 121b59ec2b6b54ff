/**
 * Image quality against a known truth. Images are complex interleaved (2 n values); a real image
 * (n values) may stand for one of the two when the other is complex (it is promoted). Two arrays of
 * the same length are read as complex interleaved.
 *
 * - `nrmse(x, ref)` = ||x - ref|| / ||ref||  (BART `nrmse`);
 * - `nrmseScaled(x, ref)` = ||x / s - ref|| / ||ref|| with s = <ref, x> / <ref, ref>
 *   (<a, b> = sum conj(a_i) b_i: the least-squares fit x ~ s ref): exactly BART's `nrmse -s`
 *   (checked against bart 0.8 in test/apps/mri/masks-metrics.test.ts), insensitive to a global scale and
 *   phase (BART's `pics` returns images in its own data scale);
 * - `nrmseOptimal(x, ref)` = min_s ||s x - ref|| / ||ref|| over complex s (s = <x, ref> / <x, x>),
 *   never larger than the plain NRMSE; it differs from BART's by O(NRMSE^2) (0.1238 vs 0.1248 on
 *   the fixture);
 * - `psnr(x, ref)` = 10 log10(max|ref|^2 / mean |x - ref|^2) in dB;
 * - `ssim(x, ref, ny, nx)`: structural similarity (Wang, Bovik, Sheikh & Simoncelli, IEEE TIP 13,
 *   2004) of the magnitudes |x| and |ref|, with the paper's constants K1 = 0.01, K2 = 0.03, an
 *   11-tap Gaussian window of sigma 1.5 (radius 5), data range L = max|ref| - min|ref|, population
 *   (co)variances, the window filtered with mirror ("reflect") boundaries and the mean taken over
 *   the pixels at least 5 from the border: scikit-image's `structural_similarity(...,
 *   gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=L)`, checked against
 *   it in test/apps/mri/masks-metrics.test.ts.
 *
 * @example
 * import { nrmse, nrmseScaled } from './metrics.ts';
 * const ref = Float64Array.of(1, 0, 2, 0);          // complex [1, 2]
 * const x = Float64Array.of(0, 2, 0, 4);            // 2i * ref
 * nrmse(x, ref);        // sqrt(5) (plain)
 * nrmseScaled(x, ref);  // 0 (x = 2i ref: the scale is divided out)
 */
import { CandorError, describe } from '../errors.ts';
import { toComplexImage } from './complex-image.ts';
import { ssimReference, ssimWith } from './ssim.ts';

function pair(where: string, x: Float64Array, ref: Float64Array): [Float64Array, Float64Array] {
  if (!(ref instanceof Float64Array) || ref.length === 0) throw new CandorError(where, 'reference', 'a non-empty Float64Array', describe(ref));
  if (!(x instanceof Float64Array)) throw new CandorError(where, 'image', 'a Float64Array', describe(x));
  if (x.length === ref.length) return [x, ref];
  // one real (n) and one complex (2n): promote the real one
  if (x.length === 2 * ref.length) return [x, toComplexImage(where, ref, ref.length)];
  if (ref.length === 2 * x.length) return [toComplexImage(where, x, x.length), ref];
  throw new CandorError(where, 'image length', `${ref.length} (the reference's length)`, String(x.length));
}

function refNorm2(where: string, ref: Float64Array): number {
  let r = 0;
  for (let i = 0; i < ref.length; i++) r += ref[i] * ref[i];
  if (!(r > 0)) throw new CandorError(where, 'reference', 'a non-zero image', 'all zeros');
  return r;
}

/** ||x - ref|| / ||ref||. */
export function nrmse(x: Float64Array, ref: Float64Array): number {
  const [a, b] = pair('nrmse', x, ref);
  const r = refNorm2('nrmse', b);
  let e = 0;
  for (let i = 0; i < a.length; i++) e += (a[i] - b[i]) ** 2;
  return Math.sqrt(e / r);
}

/** The complex scale s minimising ||s x - ref|| (x, ref complex interleaved), [re, im]. */
export function optimalScale(x: Float64Array, ref: Float64Array): [number, number] {
  const [a, b] = pair('optimalScale', x, ref);
  let re = 0;
  let im = 0;
  let xx = 0;
  for (let i = 0; i < a.length; i += 2) {
    // conj(x) ref
    re += a[i] * b[i] + a[i + 1] * b[i + 1];
    im += a[i] * b[i + 1] - a[i + 1] * b[i];
    xx += a[i] * a[i] + a[i + 1] * a[i + 1];
  }
  return xx > 0 ? [re / xx, im / xx] : [0, 0];
}

/** min over complex s of ||s x - ref|| / ||ref||. */
export function nrmseOptimal(x: Float64Array, ref: Float64Array): number {
  const [a, b] = pair('nrmseOptimal', x, ref);
  const r = refNorm2('nrmseOptimal', b);
  const [sr, si] = optimalScale(a, b);
  let e = 0;
  for (let i = 0; i < a.length; i += 2) {
    const u = sr * a[i] - si * a[i + 1] - b[i];
    const v = sr * a[i + 1] + si * a[i] - b[i + 1];
    e += u * u + v * v;
  }
  return Math.sqrt(e / r);
}

/** BART's `nrmse -s`: ||x / s - ref|| / ||ref|| with s = <ref, x> / <ref, ref>. */
export function nrmseScaled(x: Float64Array, ref: Float64Array): number {
  const [a, b] = pair('nrmseScaled', x, ref);
  const r = refNorm2('nrmseScaled', b);
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.length; i += 2) {
    // conj(ref) x
    re += b[i] * a[i] + b[i + 1] * a[i + 1];
    im += b[i] * a[i + 1] - b[i + 1] * a[i];
  }
  const sr = re / r;
  const si = im / r;
  const s2 = sr * sr + si * si;
  if (!(s2 > 0)) return 1; // x orthogonal to ref: nothing of the reference is there
  // 1/s = conj(s) / |s|^2
  const ir = sr / s2;
  const ii = -si / s2;
  let e = 0;
  for (let i = 0; i < a.length; i += 2) {
    const u = ir * a[i] - ii * a[i + 1] - b[i];
    const v = ir * a[i + 1] + ii * a[i] - b[i + 1];
    e += u * u + v * v;
  }
  return Math.sqrt(e / r);
}

/** Peak signal-to-noise ratio 10 log10(max|ref|^2 / MSE) in dB (complex inputs: per complex entry). */
export function psnr(x: Float64Array, ref: Float64Array, complex = true): number {
  const [a, b] = pair('psnr', x, ref);
  const w = complex && a.length % 2 === 0 ? 2 : 1;
  let peak = 0;
  let e = 0;
  for (let i = 0; i < a.length; i += w) {
    const m = w === 2 ? b[i] * b[i] + b[i + 1] * b[i + 1] : b[i] * b[i];
    if (m > peak) peak = m;
  }
  for (let i = 0; i < a.length; i++) e += (a[i] - b[i]) ** 2;
  const mse = e / (a.length / w);
  return mse === 0 ? Infinity : 10 * Math.log10(peak / mse);
}

/** Magnitudes of a real (n) or complex (2n) image of n entries. */
export function magnitude(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  if (x.length === n) for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
  else for (let i = 0; i < n; i++) out[i] = Math.hypot(x[2 * i], x[2 * i + 1]);
  return out;
}

/**
 * Mean SSIM of |x| against |ref| (ny x nx; see the file comment for the exact definition). Scoring
 * many images against one reference: ./ssim.ts `ssimReference` once, then `ssimWith` per image.
 */
export function ssim(x: Float64Array, ref: Float64Array, ny: number, nx: number): number {
  const [a, b] = pair('ssim', x, ref);
  return ssimWith(ssimReference('ssim', b, ny, nx), a);
}
