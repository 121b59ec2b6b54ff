/**
 * Bluestein's chirp-z algorithm: a DFT of any length n as a circular convolution of a padded
 * length M >= 2n - 1 whose prime factors are all in {2, 3, 5, 7} (./factor.ts bluesteinLength),
 * computed with the mixed-radix kernel. The plans use it for lengths with a prime factor above
 * MAX_RADIX.
 *
 * With jk = (j^2 + k^2 - (k - j)^2) / 2 and the chirp c_j = e^{-i pi j^2 / n}:
 *
 *     X_k = sum_j x_j e^{-2 pi i jk/n} = c_k sum_j (x_j c_j) conj(c_{k-j})
 *
 * so X = c .* (a * b) with a = x .* c (zero-padded to M) and b_j = conj(c_j) for |j| < n
 * (wrapped around M). b's transform is precomputed once, scaled by 1/M. The inverse DFT uses
 * idft(x) = conj(dft(conj(x))). The chirp angle uses j^2 mod 2n, accumulated exactly in integers,
 * so large j lose no accuracy; the result is accurate to a few 1e-16 times log2(M) relative.
 *
 * Reference: L. I. Bluestein, "A linear filtering approach to the computation of discrete Fourier
 * transform", IEEE Trans. Audio Electroacoust. 18 (1970) 451-455.
 *
 * @example
 * import { BluesteinKernel } from './bluestein.ts';
 * const k = new BluesteinKernel(3);
 * const y = new Float64Array(6);
 * k.exec(Float64Array.of(1, 0, 1, 0, 1, 0), 0, y, 0, false); // y ~ [3, 0, 0, 0, 0, 0]
 */
import { bluesteinLength } from './factor.ts';
import { split, StockhamKernel } from './stockham.ts';
import type { FftWasm } from './wasm.ts';

export class BluesteinKernel {
  readonly n: number;
  /** Convolution length (7-smooth, >= 2n - 1). */
  readonly m: number;
  private readonly chirp: Float64Array;
  private readonly bHat: Float64Array;
  private readonly a: Float64Array;
  private readonly work: Float64Array;
  private readonly kernel: StockhamKernel;
  /** Byte addresses of the pre-split chirp and bHat in the SIMD instance (registered on first use). */
  private simdAt: { chirp: number; bHat: number } | null = null;
  private simdOwner: FftWasm | null = null;

  constructor(n: number) {
    this.n = n;
    const m = bluesteinLength(n);
    this.m = m;
    this.kernel = new StockhamKernel(m);
    this.chirp = new Float64Array(2 * n);
    this.a = new Float64Array(2 * m);
    this.work = new Float64Array(2 * m);
    const twoN = 2 * n;
    let sq = 0; // j^2 mod 2n, updated as (j+1)^2 = j^2 + 2j + 1
    for (let j = 0; j < n; j++) {
      const ang = (Math.PI * sq) / n;
      this.chirp[2 * j] = Math.cos(ang);
      this.chirp[2 * j + 1] = -Math.sin(ang);
      sq = (sq + 2 * j + 1) % twoN;
    }
    const b = new Float64Array(2 * m);
    const inv = 1 / m;
    for (let j = 0; j < n; j++) {
      const re = this.chirp[2 * j] * inv;
      const im = -this.chirp[2 * j + 1] * inv;
      b[2 * j] = re;
      b[2 * j + 1] = im;
      if (j > 0) {
        b[2 * (m - j)] = re;
        b[2 * (m - j) + 1] = im;
      }
    }
    this.bHat = new Float64Array(2 * m);
    this.kernel.run(b, 0, this.bHat, 0, false, 1, this.work, 0);
  }

  /**
   * y[yo .. yo + 2n) <- unnormalised DFT (e^{-...}, or e^{+...} when `inverse`) of
   * x[xo .. xo + 2n). x and y may be the same region.
   */
  exec(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean): void {
    if (this.simdExec(x, xo, y, yo, inverse)) return;
    const n = this.n;
    const m = this.m;
    const a = this.a;
    const c = this.chirp;
    const cs = inverse ? -1 : 1; // conj(x) on the way in, conj(result) on the way out
    for (let j = 0; j < n; j++) {
      const xr = x[xo + 2 * j];
      const xi = cs * x[xo + 2 * j + 1];
      const cr = c[2 * j];
      const ci = c[2 * j + 1];
      a[2 * j] = xr * cr - xi * ci;
      a[2 * j + 1] = xr * ci + xi * cr;
    }
    a.fill(0, 2 * n, 2 * m);
    this.kernel.run(a, 0, a, 0, false, 1, this.work, 0);
    const bh = this.bHat;
    for (let i = 0; i < 2 * m; i += 2) {
      const ar = a[i];
      const ai = a[i + 1];
      const br = bh[i];
      const bi = bh[i + 1];
      a[i] = ar * br - ai * bi;
      a[i + 1] = ar * bi + ai * br;
    }
    this.kernel.run(a, 0, a, 0, true, 1, this.work, 0);
    for (let k = 0; k < n; k++) {
      const ar = a[2 * k];
      const ai = a[2 * k + 1];
      const cr = c[2 * k];
      const ci = c[2 * k + 1];
      y[yo + 2 * k] = ar * cr - ai * ci;
      y[yo + 2 * k + 1] = cs * (ar * ci + ai * cr);
    }
  }

  /**
   * The same steps in the SIMD instance (identical operations: cmul multiplies as the loops
   * above, conjugation by (1, -1)): copy in, chirp, M-point FFT, bHat, inverse FFT, chirp, copy
   * out. False (nothing done) when SIMD is off or memory runs out.
   */
  private simdExec(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean): boolean {
    const k = this.kernel;
    const w = k.simd();
    if (w === null) return false;
    if (this.simdOwner !== w) {
      const chirp = w.addTwiddles(split(this.chirp));
      const bHat = w.addTwiddles(split(this.bHat));
      if (chirp < 0 || bHat < 0) return false;
      this.simdAt = { chirp, bHat };
      this.simdOwner = w;
    }
    const { n, m } = this;
    const at = this.simdAt!;
    const a = w.region(32 * m);
    if (a < 0) return false;
    const b = a + 16 * m;
    const heap = w.heap();
    heap.set(xo === 0 && x.length === 2 * n ? x : x.subarray(xo, xo + 2 * n), (a >> 3));
    w.cmul(a, a, at.chirp, n, inverse, false);
    heap.fill(0, (a >> 3) + 2 * n, (a >> 3) + 2 * m);
    let r = k.stagesAt(w, a, b, 0, k.stageCount, false, 1, 1, 0);
    w.cmul(r, r, at.bHat, m, false, false);
    r = k.stagesAt(w, r, r === a ? b : a, 0, k.stageCount, true, 1, 1, 0);
    w.cmul(r, r, at.chirp, n, false, inverse);
    y.set(w.view((r >> 3), 2 * n), yo);
    return true;
  }
}
