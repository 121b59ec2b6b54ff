/**
 * How a length is split into FFT stages: the radices of a mixed-radix Stockham chain, the
 * choice between that chain and Bluestein's algorithm, and the padded length Bluestein uses.
 *
 * A length whose prime factors are all at most `MAX_RADIX` runs as a chain of butterflies: as many
 * radix-4 stages as the power of two allows, one radix-2 stage when that power is odd, then the
 * odd primes in increasing order (3, 5, 7 unrolled; larger ones through the generic odd-prime
 * butterfly), e.g. 4095 = 3 3 5 7 13 and 320 = 4 4 4 5. Powers of two keep the chain of the
 * radix-4 kernel (4, ..., 4, then 2), so their results are unchanged.
 *
 * A length with a prime factor above `MAX_RADIX` (4097 = 17 x 241) goes through Bluestein's
 * chirp-z convolution at a padded length M >= 2n - 1 whose factors are all in {2, 3, 5, 7}; M is
 * the cheapest such length up to the next power of two under the cost model `chainCost`
 * (measured per-element costs of each radix).
 *
 * @example
 * import { radices, usesBluestein, bluesteinLength } from './factor.ts';
 * radices(320);          // [4, 4, 4, 5]
 * radices(4095);         // [3, 3, 5, 7, 13]
 * usesBluestein(4097);   // true (241 > MAX_RADIX)
 * usesBluestein(97);     // false (one generic radix-97 stage)
 * bluesteinLength(4097); // a 7-smooth length >= 8193
 */

/**
 * Largest prime factor handled by the generic odd-prime butterfly; above it the whole transform
 * runs through Bluestein. Chosen by measurement (docs/fft.md): a generic stage of radix p costs
 * about p/2 complex multiply-adds per element, Bluestein two FFTs of a length >= 2n - 1 plus
 * three pointwise products; on the SIMD stages the generic chain is 0.4-0.7x Bluestein's time
 * for p <= 97 and breaks even near p = 150, on the JavaScript stages near p = 100.
 */
export const MAX_RADIX = 100;

/** Prime factors of n >= 1, ascending with multiplicity (trial division; n < 2^31). */
export function primeFactors(n: number): number[] {
  const out: number[] = [];
  let m = n;
  while (m % 2 === 0) {
    out.push(2);
    m /= 2;
  }
  for (let p = 3; p * p <= m; p += 2) {
    while (m % p === 0) {
      out.push(p);
      m /= p;
    }
  }
  if (m > 1) out.push(m);
  return out;
}

/** True when Bluestein runs the transform (a prime factor above MAX_RADIX). */
export function usesBluestein(n: number): boolean {
  const f = primeFactors(n);
  return f.length > 0 && f[f.length - 1] > MAX_RADIX;
}

/**
 * Radices of the Stockham chain for n (all prime factors <= MAX_RADIX): radix-4 stages first,
 * one radix-2 if the power of two is odd, then the odd primes ascending. Empty for n = 1.
 */
export function radices(n: number): number[] {
  const f = primeFactors(n);
  let twos = 0;
  const odd: number[] = [];
  for (const p of f) {
    if (p === 2) twos++;
    else odd.push(p);
  }
  const out: number[] = [];
  for (let i = 0; i + 1 < twos; i += 2) out.push(4);
  if (twos % 2 === 1) out.push(2);
  return out.concat(odd);
}

/**
 * Relative cost per element of one stage of each radix: SIMD stage functions with twiddles timed
 * on the same 33600 elements, normalised to radix 4 = 1 (2: 0.67, 3: 0.91, 5: 1.13, 7: 1.48). A
 * generic prime p is estimated at 0.2 p (radix 23 measured about 5x a radix-4 stage); Bluestein's
 * padded lengths never contain one.
 */
function stageCost(r: number): number {
  if (r === 2) return 0.67;
  if (r === 3) return 0.91;
  if (r === 4) return 1;
  if (r === 5) return 1.13;
  if (r === 7) return 1.48;
  return 0.2 * r;
}

/** Modelled cost of the chain for n (n times the sum of its stage costs). */
export function chainCost(n: number): number {
  let c = 0;
  for (const r of radices(n)) c += stageCost(r);
  return n * c;
}

/**
 * Padded convolution length for Bluestein at size n: the 7-smooth M >= 2n - 1, at most the next
 * power of two, with the smallest chainCost (candidates 2^a 3^b 5^c 7^d enumerated directly).
 */
export function bluesteinLength(n: number): number {
  const lo = 2 * n - 1;
  let hi = 1;
  while (hi < lo) hi *= 2;
  let best = hi;
  let bestCost = chainCost(hi);
  for (let a = 1; a <= hi; a *= 2) {
    for (let b = a; b <= hi; b *= 3) {
      for (let c = b; c <= hi; c *= 5) {
        for (let m = c; m <= hi; m *= 7) {
          if (m < lo) continue;
          const cost = chainCost(m);
          if (cost < bestCost || (cost === bestCost && m < best)) {
            best = m;
            bestCost = cost;
          }
        }
      }
    }
  }
  return best;
}
