/**
 * Oversampled grid sizes for the non-uniform FFT: the smallest 2^a 3^b 5^c at or above sigma n, so
 * that every grid FFT runs on a size the FFT layer handles well (powers of two today; 3- and
 * 5-smooth sizes as the mixed-radix kernels land).
 *
 * @example
 * import { smoothSize, oversampledSize } from './grid-size.ts';
 * smoothSize(257);             // 270 = 2 3^3 5
 * oversampledSize(256, 2);     // 512
 * oversampledSize(256, 1.25);  // 320 = 2^6 5
 * oversampledSize(100, 1.25);  // 125 = 5^3
 * oversampledSize(5, 2, 7);    // 15: at least twice the kernel width
 */
import { checkInt, checkNumber } from '../errors.ts';

/** True when n >= 1 has no prime factor other than 2, 3 and 5. */
export function isSmooth(n: number): boolean {
  if (!Number.isInteger(n) || n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/** The smallest 2^a 3^b 5^c >= n (n an integer >= 1). */
export function smoothSize(n: number): number {
  checkInt('smoothSize', 'n', n, 1, 2 ** 40);
  let m = n;
  while (!isSmooth(m)) m++;
  return m;
}

/**
 * The grid size for an n-point axis oversampled by sigma with a kernel of `width` points:
 * smoothSize(max(ceil(sigma n), 2 width)). The floor 2 W keeps the kernel at most half the grid on
 * small axes (a wider kernel wraps onto itself and the low-oversampling error grows).
 */
export function oversampledSize(n: number, sigma: number, width = 0): number {
  checkInt('oversampledSize', 'n', n, 1, 2 ** 30);
  checkNumber('oversampledSize', 'oversampling', sigma, 1);
  checkInt('oversampledSize', 'width', width, 0, 1024);
  // the product is rounded first so that e.g. 1.25 * 256 = 320 is not pushed to 321 by a last-bit error
  return smoothSize(Math.max(Math.ceil(Math.round(sigma * n * 1e9) / 1e9), 2 * width));
}
