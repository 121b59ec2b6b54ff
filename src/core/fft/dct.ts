/**
 * Orthonormal DCT-II and its inverse DCT-III, any length n, as scipy.fft.dct(x, type=2,
 * norm='ortho') and scipy.fft.dct(x, type=3, norm='ortho') (= idct(type=2, norm='ortho')):
 *
 *     y_k = f_k sum_{j<n} x_j cos(pi k (2j + 1) / (2n)),   f_0 = sqrt(1/n), f_k = sqrt(2/n)
 *
 * Makhoul's algorithm: permute v = [x_0, x_2, x_4, ..., x_5, x_3, x_1] (evens ascending, then
 * odds descending), take V = DFT_n(v); then with P_k = e^{-i pi k/(2n)} V_k,
 *
 *     y_k = f_k Re P_k,   y_{n-k} = -f_{n-k} Im P_k.
 *
 * For even n the real DFT of v runs as an n/2-point complex FFT (the packing of ./real.ts), fused
 * with the twiddles above into one pass; odd n uses an n-point complex FFT (mixed radix, or
 * Bluestein for a large prime factor). The inverse runs every step backwards. Plans are cached and
 * allocation-free; `exec` takes strides so 2-D transforms run down columns in place.
 *
 * Reference: J. Makhoul, "A fast cosine transform in one and two dimensions", IEEE Trans. Acoust.
 * Speech Signal Process. 28 (1980) 27-34.
 *
 * @example
 * import { dct, idct } from './dct.ts';
 * const y = dct(Float64Array.of(1, 2, 3, 4), new Float64Array(4)); // [5, -2.2304..., 0, -0.1585...]
 * idct(y, new Float64Array(4));                                     // [1, 2, 3, 4]
 */
import { CandorError, checkFinite, describe } from '../errors.ts';
import { checkBuf, checkSize } from './common.ts';
import { dctEvenForward, dctEvenInverse, evenTables } from './dct-even.ts';
import { DctSimd } from './dct-simd.ts';
import { SIMD_MIN } from './stockham.ts';
import { type FftPlan, fftPlan } from './plan.ts';

/**
 * A planned orthonormal DCT-II (forward) and DCT-III (inverse) of length n, as scipy's
 * dct(type=2 / type=3, norm='ortho'): y_k = f_k sum_j x_j cos(pi k (2j + 1) / (2n)). Use `dctPlan`.
 */
export class DctPlan {
  readonly n: number;
  private readonly plan: FftPlan;
  /** Even n: ./dct-even.ts tables. Odd n: c_k = e^{-i pi k/(2n)} as [c_r, c_i] per k < n. */
  private readonly tab: Float64Array;
  private readonly z: Float64Array;
  /** Second FFT buffer for the fused first stage (even n with n/2 >= 4 a power of two). */
  private readonly work: Float64Array;
  /** Even n >= 2 SIMD_MIN with a Stockham half-length: the WebAssembly path (./dct-simd.ts). */
  private readonly simd: DctSimd | null;
  private readonly f0: number;
  private readonly f1: number;
  private readonly label: string;

  constructor(n: number) {
    checkSize('dctPlan', 'size n', n);
    this.n = n;
    this.label = `dct(n=${n})`;
    this.f0 = Math.sqrt(1 / n);
    this.f1 = Math.sqrt(2 / n);
    const even = n % 2 === 0;
    const m = even ? n >> 1 : n;
    this.plan = fftPlan(m);
    this.z = new Float64Array(2 * m);
    this.work = new Float64Array(even && m >= 4 && this.plan.method === 'pow2' ? 2 * m : 0);
    if (even) {
      this.tab = evenTables(n);
      this.simd = n >= 2 * SIMD_MIN && this.plan.kernel !== null ? new DctSimd(n, this.plan.kernel, this.tab) : null;
    } else {
      this.simd = null;
      this.tab = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        const b = (Math.PI * k) / (2 * n);
        this.tab[2 * k] = Math.cos(b);
        this.tab[2 * k + 1] = -Math.sin(b);
      }
    }
  }

  /** y[yo + k ys] <- DCT-II (orthonormal) of x[xo + j xs]. No checks; in place allowed (same offset and stride). */
  execForward(x: Float64Array, xo: number, xs: number, y: Float64Array, yo: number, ys: number): void {
    const n = this.n;
    if (n % 2 === 0) {
      dctEvenForward(n, this.plan, this.tab, this.z, this.work, x, xo, xs, y, yo, ys, this.simd);
      return;
    }
    const z = this.z;
    const t = this.tab;
    const h = (n + 1) >> 1; // number of even-index samples
    // z <- v as complex numbers with zero imaginary parts
    for (let k = 0; k < h; k++) z[2 * k] = x[xo + 2 * k * xs];
    for (let k = h; k < n; k++) z[2 * k] = x[xo + (2 * (n - 1 - k) + 1) * xs];
    for (let k = 0; k < n; k++) z[2 * k + 1] = 0;
    this.plan.exec(z, 0, z, 0, false);
    for (let k = 0; k < n; k++) {
      const re = t[2 * k] * z[2 * k] - t[2 * k + 1] * z[2 * k + 1];
      y[yo + k * ys] = (k === 0 ? this.f0 : this.f1) * re;
    }
  }

  /** y[yo + j ys] <- DCT-III (orthonormal; the inverse of execForward) of x[xo + k xs]. No checks; in place allowed. */
  execInverse(x: Float64Array, xo: number, xs: number, y: Float64Array, yo: number, ys: number): void {
    const n = this.n;
    if (n % 2 === 0) {
      dctEvenInverse(n, this.plan, this.tab, this.z, this.work, x, xo, xs, y, yo, ys, this.simd);
      return;
    }
    const z = this.z;
    const t = this.tab;
    const g0 = 1 / (n * this.f0); // 1/f_k and the 1/n of the inverse DFT
    const g1 = 1 / (n * this.f1);
    const h = (n + 1) >> 1;
    for (let k = 0; k < n; k++) {
      const pr = (k === 0 ? g0 : g1) * x[xo + k * xs];
      const pi = k === 0 ? 0 : -g1 * x[xo + (n - k) * xs];
      const cr = t[2 * k];
      const ci = -t[2 * k + 1];
      z[2 * k] = cr * pr - ci * pi;
      z[2 * k + 1] = cr * pi + ci * pr;
    }
    this.plan.exec(z, 0, z, 0, true);
    for (let k = 0; k < h; k++) y[yo + 2 * k * ys] = z[2 * k];
    for (let k = h; k < n; k++) y[yo + (2 * (n - 1 - k) + 1) * ys] = z[2 * k];
  }

  /** out <- orthonormal DCT-II of x (both n long; out may be x). Lengths are checked, values are not. */
  forward(x: Float64Array, out: Float64Array): Float64Array {
    checkBuf(this.label, 'input', x, this.n, 'n real samples');
    checkBuf(this.label, 'out', out, this.n, 'n real samples');
    this.execForward(x, 0, 1, out, 0, 1);
    return out;
  }

  /** out <- orthonormal DCT-III of x (the inverse of forward; out may be x). */
  inverse(x: Float64Array, out: Float64Array): Float64Array {
    checkBuf(this.label, 'input', x, this.n, 'n real samples');
    checkBuf(this.label, 'out', out, this.n, 'n real samples');
    this.execInverse(x, 0, 1, out, 0, 1);
    return out;
  }
}

const cache = new Map<number, DctPlan>();

/** The cached orthonormal DCT plan for length n (an integer >= 1). */
export function dctPlan(n: number): DctPlan {
  let p = cache.get(n);
  if (!p) {
    p = new DctPlan(n);
    cache.set(n, p);
  }
  return p;
}

/** Length n of a real input, checked (a non-empty Float64Array). */
export function realSize(where: string, x: unknown): number {
  if (!(x instanceof Float64Array)) {
    throw new CandorError(where, 'input', 'a Float64Array of n >= 1 real samples', describe(x));
  }
  if (x.length === 0) throw new CandorError(where, 'input length', 'n >= 1 real samples', '0');
  return x.length;
}

function run(where: string, x: Float64Array, out: Float64Array, inverse: boolean): Float64Array {
  const n = realSize(where, x);
  checkBuf(where, 'out', out, n, `n = ${n}, the input length`);
  checkFinite(where, 'input', x);
  const p = dctPlan(n);
  if (inverse) p.execInverse(x, 0, 1, out, 0, 1);
  else p.execForward(x, 0, 1, out, 0, 1);
  return out;
}

/** out <- orthonormal DCT-II of x (scipy.fft.dct(x, type=2, norm='ortho')); out may be x. */
export function dct(x: Float64Array, out: Float64Array): Float64Array {
  return run('dct', x, out, false);
}

/** out <- orthonormal DCT-III of x (scipy.fft.dct(x, type=3, norm='ortho') = idct(x, norm='ortho')); out may be x. */
export function idct(x: Float64Array, out: Float64Array): Float64Array {
  return run('idct', x, out, true);
}
