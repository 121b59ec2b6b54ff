/**
 * The modified Bessel function of the first kind of order zero,
 *
 *     I0(x) = sum_{k >= 0} (x^2 / 4)^k / (k!)^2  =  (1/pi) int_0^pi e^{x cos t} dt,
 *
 * in double precision with no dependencies (the Kaiser-Bessel gridding kernel of ../nufft needs it).
 *
 * - |x| <= 30: the power series. Every term is positive, so the sum has no cancellation and keeps
 *   a relative error of a few ulps; it stops when a term falls below 2^-56 of the sum (at most
 *   ~70 terms at x = 30).
 * - |x| > 30: the asymptotic (Hankel) expansion
 *       I0(x) ~ e^x / sqrt(2 pi x) sum_k a_k x^-k,   a_0 = 1,  a_k = a_{k-1} (2k - 1)^2 / (8k),
 *   summed until its terms stop decreasing or fall below 2^-56 (the smallest term at x = 30 is
 *   about e^{-2x} = 1e-26, so the truncation is far below rounding).
 *
 * I0 overflows a double for |x| > 713.98...; the result is then Infinity. I0 is even.
 *
 * Reference: M. Abramowitz & I. A. Stegun, Handbook of Mathematical Functions (1964), 9.6.12 (the
 * series) and 9.7.1 (the asymptotic expansion); NIST DLMF 10.25.2 and 10.40.1.
 *
 * @example
 * import { besselI0 } from './bessel.ts';
 * besselI0(0);   // 1
 * besselI0(1);   // 1.2660658777520082 (as scipy.special.i0)
 * besselI0(50);  // 2.9325537838493368e+20
 */
import { CandorError, describe } from '../errors.ts';

const TINY = 2 ** -56;
const SERIES_MAX = 30;

/** I0(x) for a finite x (see the module comment); NaN and non-numbers throw. */
export function besselI0(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) throw new CandorError('besselI0', 'x', 'a number', describe(x));
  const a = Math.abs(x);
  if (a <= SERIES_MAX) {
    const q = 0.25 * a * a;
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 200; k++) {
      term *= q / (k * k);
      sum += term;
      if (term < TINY * sum) break;
    }
    return sum;
  }
  if (a === Infinity) return Infinity;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    const next = (term * (2 * k - 1) * (2 * k - 1)) / (8 * k * a);
    if (next >= term || next < TINY * sum) break;
    term = next;
    sum += term;
  }
  // e^a / sqrt(2 pi a) as e^{a/2} (e^{a/2} / sqrt(2 pi a)): no overflow before I0 itself overflows
  const h = Math.exp(0.5 * a);
  return h * ((h / Math.sqrt(2 * Math.PI * a)) * sum);
}
