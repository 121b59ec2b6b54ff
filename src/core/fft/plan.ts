/**
 * 1-D complex FFT of any length on interleaved re/im Float64Arrays, with numpy's conventions:
 *
 *     forward:  X_k = s_f sum_{j<n} x_j e^{-2 pi i jk/n}
 *     inverse:  x_j = s_i sum_{k<n} X_k e^{+2 pi i jk/n}
 *
 * where (s_f, s_i) = (1, 1/n) for norm 'backward' (numpy's default), (1/sqrt n, 1/sqrt n) for
 * 'ortho' (unitary) and (1/n, 1) for 'forward'.
 *
 * A plan (`fftPlan(n)`, cached per size) precomputes its twiddles once and owns its scratch, so
 * calls allocate nothing. Lengths whose prime factors are at most MAX_RADIX (./factor.ts) run a
 * mixed-radix Stockham chain (./stockham.ts: radix 4, 2, 3, 5, 7 and generic odd primes; powers
 * of two are radix 4 with one radix 2); lengths with a larger prime factor use Bluestein's
 * chirp-z algorithm (./bluestein.ts) over a padded 7-smooth length. Plan methods check buffer
 * lengths but not values (operators call them in loops); the convenience functions `fft`/`ifft`
 * also reject NaN and Infinity.
 *
 * Reference: Cooley & Tukey (1965); Temperton (1983); Bluestein (1970). See docs/fft.md.
 *
 * @example
 * import { fft, ifft, fftPlan } from './plan.ts';
 * const x = Float64Array.of(1, 0, 2, 0, 3, 0, 4, 0);    // [1, 2, 3, 4]
 * const X = fft(x, new Float64Array(8));                // [10,0, -2,2, -2,0, -2,-2]
 * ifft(X, new Float64Array(8));                         // back to x
 * fftPlan(4).forward(x, new Float64Array(8), 'ortho');  // [5,0, -1,1, -1,0, -1,-1]
 */
import { CandorError, checkFinite } from '../errors.ts';
import { BluesteinKernel } from './bluestein.ts';
import {
  checkBuf,
  checkNorm,
  checkSize,
  complexSize,
  type FftNorm,
  isPow2,
  normScale,
  scaleRange,
} from './common.ts';
import { usesBluestein } from './factor.ts';
import { StockhamKernel } from './stockham.ts';

/**
 * A planned 1-D complex FFT of length n on interleaved re/im arrays, numpy's conventions:
 * X_k = s_f sum_j x_j e^{-2 pi i jk/n} (norm 'backward' | 'ortho' | 'forward'). Twiddles and
 * scratch are owned by the plan, so calls allocate nothing. Use `fftPlan(n)` (cached per size).
 */
export class FftPlan {
  readonly n: number;
  /** 'pow2' (radix-4 Stockham), 'mixed' (mixed-radix Stockham) or 'bluestein' (chirp-z). */
  readonly method: 'pow2' | 'mixed' | 'bluestein';
  /** The Stockham kernel (pow2 and mixed plans), for batched use by 2-D plans and fused DCT stages. */
  readonly kernel: StockhamKernel | null;
  private readonly blue: BluesteinKernel | null;
  private readonly work: Float64Array;
  private readonly label: string;

  constructor(n: number) {
    checkSize('fftPlan', 'size n', n);
    if (n > 2 ** 27) throw new CandorError('fftPlan', 'size n', 'at most 2^27', String(n));
    this.n = n;
    this.label = `fft(n=${n})`;
    if (!usesBluestein(n)) {
      this.method = isPow2(n) ? 'pow2' : 'mixed';
      this.kernel = new StockhamKernel(n);
      this.blue = null;
      this.work = new Float64Array(2 * n);
    } else {
      this.method = 'bluestein';
      this.kernel = null;
      this.blue = new BluesteinKernel(n);
      this.work = new Float64Array(0);
    }
  }

  /**
   * Unnormalised transform of x[xo .. xo + 2n) into y[yo .. yo + 2n) (e^{-...} forward, e^{+...}
   * when `inverse`). No checks. The two regions must be identical (in place) or disjoint.
   */
  exec(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean): void {
    if (this.kernel) this.kernel.run(x, xo, y, yo, inverse, 1, this.work, 0);
    else this.blue!.exec(x, xo, y, yo, inverse);
  }

  /** out <- forward FFT of x (both 2n long; out may be x). Lengths are checked, values are not. */
  forward(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    return this.transform(x, out, norm, false);
  }

  /** out <- inverse FFT of x (both 2n long; out may be x). Lengths are checked, values are not. */
  inverse(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    return this.transform(x, out, norm, true);
  }

  private transform(x: Float64Array, out: Float64Array, norm: FftNorm, inverse: boolean): Float64Array {
    const len = 2 * this.n;
    checkBuf(this.label, 'input', x, len, '2n, complex interleaved');
    checkBuf(this.label, 'out', out, len, '2n, complex interleaved');
    this.exec(x, 0, out, 0, inverse);
    scaleRange(out, 0, len, normScale(this.n, checkNorm(this.label, norm), inverse));
    return out;
  }
}

const cache = new Map<number, FftPlan>();

/**
 * The cached plan for complex FFTs of length n (an integer >= 1). Plans are shared; they are not
 * re-entrant, which is safe because JavaScript runs one call at a time.
 */
export function fftPlan(n: number): FftPlan {
  let p = cache.get(n);
  if (!p) {
    p = new FftPlan(n);
    cache.set(n, p);
  }
  return p;
}

function run(
  where: string,
  x: Float64Array,
  out: Float64Array,
  norm: FftNorm,
  inverse: boolean,
): Float64Array {
  const n = complexSize(where, x);
  checkBuf(where, 'out', out, 2 * n, `2n = ${2 * n}, complex interleaved like the input`);
  checkNorm(where, norm);
  checkFinite(where, 'input', x);
  const p = fftPlan(n);
  p.exec(x, 0, out, 0, inverse);
  scaleRange(out, 0, 2 * n, normScale(n, norm, inverse));
  return out;
}

/**
 * Forward DFT of complex interleaved `x` (length 2n) into `out` (length 2n; may be `x`),
 * X_k = s sum_j x_j e^{-2 pi i jk/n}, s from `norm` (default 'backward': s = 1), as numpy.fft.fft.
 */
export function fft(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
  return run('fft', x, out, norm, false);
}

/**
 * Inverse DFT of complex interleaved `x` into `out` (may be `x`),
 * x_j = s sum_k X_k e^{+2 pi i jk/n}, s from `norm` (default 'backward': s = 1/n), as numpy.fft.ifft.
 */
export function ifft(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
  return run('ifft', x, out, norm, true);
}
