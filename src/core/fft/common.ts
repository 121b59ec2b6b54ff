/**
 * Shared pieces of the FFT layer: numpy's normalisation modes, argument checks with the exact
 * messages every public FFT function uses, and small strided copy/scale loops.
 *
 * Normalisation (numpy.fft `norm=`), for a length-n transform:
 *
 * | norm       | forward scale | inverse scale |
 * |------------|---------------|---------------|
 * | 'backward' | 1             | 1/n           |
 * | 'ortho'    | 1/sqrt(n)     | 1/sqrt(n)     |
 * | 'forward'  | 1/n           | 1             |
 *
 * @example
 * import { normScale } from './common.ts';
 * normScale(16, 'ortho', false); // 0.25
 */
import { CandorError, checkInt, describe } from '../errors.ts';

export type FftNorm = 'backward' | 'ortho' | 'forward';

const NORMS: readonly string[] = ['backward', 'ortho', 'forward'];

/** The scale factor a transform of `n` points applies in direction `inverse` under `norm`. */
export function normScale(n: number, norm: FftNorm, inverse: boolean): number {
  if (norm === 'ortho') return 1 / Math.sqrt(n);
  if (norm === 'backward') return inverse ? 1 / n : 1;
  return inverse ? 1 : 1 / n;
}

/** Throws unless `norm` is one of numpy's three modes. */
export function checkNorm(where: string, norm: unknown): FftNorm {
  if (typeof norm !== 'string' || !NORMS.includes(norm)) {
    throw new CandorError(where, 'norm', "'backward', 'ortho' or 'forward'", describe(norm));
  }
  return norm as FftNorm;
}

/** Throws unless `n` is a transform size (an integer >= 1). */
export function checkSize(where: string, name: string, n: unknown): number {
  return checkInt(where, name, n, 1);
}

/** Throws unless `x` is a Float64Array of exactly `len` doubles; `what` says why. */
export function checkBuf(where: string, name: string, x: unknown, len: number, what: string): Float64Array {
  if (!(x instanceof Float64Array)) {
    throw new CandorError(where, name, `a Float64Array of length ${len} (${what})`, describe(x));
  }
  if (x.length !== len) throw new CandorError(where, `${name} length`, `${len} (${what})`, String(x.length));
  return x;
}

/**
 * Size n of a complex interleaved buffer given to a convenience function: its length must be a
 * positive even number 2n.
 */
export function complexSize(where: string, x: unknown): number {
  if (!(x instanceof Float64Array)) {
    throw new CandorError(
      where,
      'input',
      'a Float64Array of length 2n (n complex values, interleaved re/im)',
      describe(x),
    );
  }
  if (x.length === 0 || x.length % 2 !== 0) {
    throw new CandorError(
      where,
      'input length',
      'a positive even length 2n (n complex values, interleaved re/im)',
      String(x.length),
    );
  }
  return x.length >> 1;
}

/** y[yo + i] <- s * y[yo + i] for i < len (skipped when s = 1). */
export function scaleRange(y: Float64Array, yo: number, len: number, s: number): void {
  if (s === 1) return;
  for (let i = yo; i < yo + len; i++) y[i] *= s;
}

/** True when n is a power of two (n >= 1). */
export function isPow2(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/** Smallest power of two >= n. */
export function nextPow2(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}
