/**
 * Images as complex interleaved arrays: the one promotion rule the imaging code shares. A real
 * image of n pixels becomes re = image, im = 0 (2n values); a complex image (2n values) is copied.
 * Anything else, and any NaN or Infinity, is refused with the caller's name in the message.
 *
 * @example
 * import { toComplexImage } from './complex-image.ts';
 * toComplexImage('demo', Float64Array.of(1, 2), 2); // [1, 0, 2, 0]
 */
import { CandorError, checkFinite, describe } from '../errors.ts';

/** Complex interleaved copy of a real (n) or complex (2n) image. */
export function toComplexImage(where: string, image: Float64Array, n: number): Float64Array {
  if (!(image instanceof Float64Array) || (image.length !== n && image.length !== 2 * n)) {
    throw new CandorError(where, 'image', `a Float64Array of ${n} (real) or ${2 * n} (complex) values`, describe(image));
  }
  checkFinite(where, 'image', image);
  if (image.length === 2 * n) return image.slice();
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) out[2 * i] = image[i];
  return out;
}
