/**
 * Fast Walsh-Hadamard transform, natural (Sylvester, "Hadamard") order, orthonormal:
 *
 *     y = H_n x / sqrt(n),   H_1 = [1],   H_2n = [[H_n, H_n], [H_n, -H_n]]
 *
 * so H_n / sqrt(n) is symmetric and orthogonal (its own inverse), and row k of H_n is the same as
 * row k of scipy.linalg.hadamard(n). n must be a power of two. In-place butterflies, two levels
 * per pass (radix 4, plus one radix-2 pass when log2 n is odd): n log2 n additions.
 *
 * Reference: J. L. Shanks, "Computation of the fast Walsh-Fourier transform", IEEE Trans.
 * Comput. C-18 (1969) 457-459; Sylvester (1867) for the ordering.
 *
 * @example
 * import { wht } from './wht.ts';
 * wht(Float64Array.of(1, 0, 0, 0), new Float64Array(4)); // [0.5, 0.5, 0.5, 0.5]
 * wht(Float64Array.of(1, 1, 1, 1), new Float64Array(4)); // [2, 0, 0, 0]
 */
import { CandorError, checkFinite, describe } from '../errors.ts';
import { checkBuf, isPow2 } from './common.ts';

/** Throws unless n is a power of two, naming the nearest powers of two. */
export function checkPow2(where: string, what: string, n: unknown): number {
  if (typeof n === 'number' && Number.isInteger(n) && isPow2(n)) return n;
  let expected = 'a power of two (1, 2, 4, ...)';
  if (typeof n === 'number' && Number.isFinite(n) && n > 1) {
    const lo = 2 ** Math.floor(Math.log2(n));
    expected = `a power of two (nearest ${lo} or ${2 * lo})`;
  } else if (typeof n === 'number' && Number.isFinite(n) && n < 1) {
    expected = 'a power of two (the smallest is 1)';
  }
  throw new CandorError(where, what, expected, describe(n));
}

/**
 * In place: x[o .. o + n) <- H_n x / sqrt(n) (times `c`, default 1). n a power of two; no checks.
 */
export function whtKernel(x: Float64Array, o: number, n: number, c = 1): void {
  let h = 1;
  const levels = Math.round(Math.log2(n));
  if (levels % 2 === 1) {
    for (let i = o; i < o + n; i += 2) {
      const a = x[i];
      const b = x[i + 1];
      x[i] = a + b;
      x[i + 1] = a - b;
    }
    h = 2;
  }
  for (; h < n; h *= 4) {
    const h2 = 2 * h;
    const h3 = 3 * h;
    for (let blk = o; blk < o + n; blk += 4 * h) {
      for (let i = blk; i < blk + h; i++) {
        const a = x[i];
        const b = x[i + h];
        const cc = x[i + h2];
        const d = x[i + h3];
        const apb = a + b;
        const amb = a - b;
        const cpd = cc + d;
        const cmd = cc - d;
        x[i] = apb + cpd;
        x[i + h] = amb + cmd;
        x[i + h2] = apb - cpd;
        x[i + h3] = amb - cmd;
      }
    }
  }
  const s = c / Math.sqrt(n);
  if (s !== 1) for (let i = o; i < o + n; i++) x[i] *= s;
}

/** out <- orthonormal Walsh-Hadamard transform of x (length a power of two; out may be x). */
export function wht(x: Float64Array, out: Float64Array): Float64Array {
  if (!(x instanceof Float64Array)) {
    throw new CandorError('wht', 'input', 'a Float64Array whose length is a power of two', describe(x));
  }
  const n = checkPow2('wht', 'input length', x.length);
  checkBuf('wht', 'out', out, n, `n = ${n}, the input length`);
  checkFinite('wht', 'input', x);
  if (out !== x) out.set(x);
  whtKernel(out, 0, n);
  return out;
}
