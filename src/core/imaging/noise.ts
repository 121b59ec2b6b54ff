/**
 * Noise level estimates from the data alone, robust to the signal: the median absolute deviation
 * (MAD) of values that are mostly noise, divided by the normal quantile 0.6745 (the MAD of a
 * standard normal), so a minority of signal-dominated values barely moves it.
 *
 * - `madStd(values)`: median(|v|) / 0.6745 over real values (zero-mean noise assumed).
 * - `waveletNoiseStd(image, ny, nx)`: the MAD of the finest diagonal band of the orthonormal Haar
 *   transform, HH_ij = (x_{2i,2j} - x_{2i,2j+1} - x_{2i+1,2j} + x_{2i+1,2j+1}) / 2 (Donoho &
 *   Johnstone, "Ideal spatial adaptation by wavelet shrinkage", Biometrika 81 (1994) 425: the
 *   finest band of a piecewise-smooth image is almost all noise). For real images it returns the
 *   pixel noise std; for complex images (interleaved) it pools the real and imaginary parts and
 *   returns the std per complex pixel, sqrt(E|e|^2) = sqrt 2 times the std of each part.
 *
 * Both are biased upwards when the "noise" values still hold signal (edges in the finest band,
 * aliasing of an undersampled image): callers state which estimate they used.
 *
 * @example
 * import { madStd, waveletNoiseStd } from './noise.ts';
 * madStd(Float64Array.of(-1, 1, -1, 1, 100));   // 1 / 0.6745 = 1.4826 (the outlier ignored)
 * // waveletNoiseStd(image, 256, 256): about sigma for an image plus N(0, sigma^2) noise
 */
import { CandorError, checkInt } from '../errors.ts';

/** The MAD of a standard normal variable. */
export const MAD_NORMAL = 0.6744897501960817;

/** median(|v|) / 0.6745 (quickselect on a copy). */
export function madStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new CandorError('madStd', 'values', 'at least one value', 'none');
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new CandorError('madStd', 'values', 'finite numbers', `${v} at index ${i}`);
    a[i] = Math.abs(v);
  }
  a.sort();
  const med = n % 2 === 1 ? a[n >> 1] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
  return med / MAD_NORMAL;
}

/**
 * The noise std of an image from the MAD of its finest diagonal Haar band (see the file comment).
 * `image` is real (ny nx values) or complex interleaved (2 ny nx values).
 */
export function waveletNoiseStd(image: Float64Array, ny: number, nx: number): number {
  const where = 'waveletNoiseStd';
  checkInt(where, 'rows ny', ny, 2);
  checkInt(where, 'columns nx', nx, 2);
  const n = ny * nx;
  const complex = image.length === 2 * n;
  if (!(image instanceof Float64Array) || (image.length !== n && !complex)) {
    throw new CandorError(where, 'image', `${n} real or ${2 * n} complex interleaved values (${ny}x${nx})`, `${image?.length} values`);
  }
  const hy = ny >> 1;
  const hx = nx >> 1;
  const parts = complex ? 2 : 1;
  const hh = new Float64Array(hy * hx * parts);
  let k = 0;
  for (let i = 0; i < hy; i++) {
    for (let j = 0; j < hx; j++) {
      const a = (2 * i) * nx + 2 * j;
      const c = a + nx;
      for (let p = 0; p < parts; p++) {
        const at = (q: number) => image[parts * q + p];
        hh[k++] = (at(a) - at(a + 1) - at(c) + at(c + 1)) / 2;
      }
    }
  }
  const s = madStd(hh);
  return complex ? Math.SQRT2 * s : s;
}
