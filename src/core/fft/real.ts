/**
 * Real-input FFT: n real samples -> the n/2 + 1 non-negative-frequency coefficients (numpy.fft.rfft),
 * and back (numpy.fft.irfft with an explicit n).
 *
 * For even n = 2m, the real sequence is packed as m complex values z_j = x_{2j} + i x_{2j+1} and
 * transformed with one m-point complex FFT; with E and O the DFTs of the even and odd samples,
 *
 *     E_k = (Z_k + conj Z_{m-k}) / 2,   O_k = (Z_k - conj Z_{m-k}) / (2i),
 *     X_k = E_k + e^{-2 pi i k/n} O_k,   k = 0..m,
 *
 * and the inverse undoes each step (E_k = (X_k + conj X_{m-k})/2, O_k = (X_k - conj X_{m-k})
 * e^{+2 pi i k/n}/2, Z = E + iO). Odd n uses an n-point complex FFT. As in numpy, irfft ignores
 * the imaginary parts of X_0 and (for even n) of X_{n/2}: a real signal's spectrum has none.
 *
 * Reference: W. H. Press et al., Numerical Recipes, 3rd ed., section 12.3 ("FFT of real functions").
 *
 * @example
 * import { rfft, irfft } from './real.ts';
 * const X = rfft(Float64Array.of(1, 2, 3, 4), new Float64Array(6)); // [10,0, -2,2, -2,0]
 * irfft(X, new Float64Array(4));                                    // [1, 2, 3, 4]
 */
import { CandorError, checkFinite, describe } from '../errors.ts';
import { checkBuf, checkNorm, checkSize, type FftNorm, normScale } from './common.ts';
import { type FftPlan, fftPlan } from './plan.ts';

/**
 * A planned real-input FFT: n real samples <-> the floor(n/2) + 1 non-negative-frequency complex
 * coefficients (interleaved), as numpy.fft.rfft / irfft with explicit n. Use `rfftPlan(n)`.
 */
export class RfftPlan {
  /** Number of real samples. */
  readonly n: number;
  /** Number of complex coefficients, floor(n/2) + 1. */
  readonly nc: number;
  /** Complex plan of length n/2 (even n) or n (odd n). */
  private readonly plan: FftPlan;
  /** e^{-2 pi i k/n}, k = 0..n/2 (even n only). */
  private readonly tw: Float64Array;
  private readonly z: Float64Array;
  private readonly label: string;

  constructor(n: number) {
    checkSize('rfftPlan', 'size n', n);
    this.n = n;
    this.nc = (n >> 1) + 1;
    this.label = `rfft(n=${n})`;
    const even = n % 2 === 0;
    const m = even ? n >> 1 : n;
    this.plan = fftPlan(m);
    this.z = new Float64Array(2 * m);
    this.tw = new Float64Array(even ? 2 * (m + 1) : 0);
    if (even) {
      for (let k = 0; k <= m; k++) {
        const a = (2 * Math.PI * k) / n;
        this.tw[2 * k] = Math.cos(a);
        this.tw[2 * k + 1] = -Math.sin(a);
      }
    }
  }

  /**
   * y[yo .. yo + 2 nc) <- unnormalised rfft of the n reals x[xo + j xs]. No checks; y must not
   * overlap x.
   */
  exec(x: Float64Array, xo: number, xs: number, y: Float64Array, yo: number): void {
    const n = this.n;
    const z = this.z;
    if (n % 2 === 1) {
      for (let j = 0; j < n; j++) {
        z[2 * j] = x[xo + j * xs];
        z[2 * j + 1] = 0;
      }
      this.plan.exec(z, 0, z, 0, false);
      for (let i = 0; i < 2 * this.nc; i++) y[yo + i] = z[i];
      return;
    }
    const m = n >> 1;
    for (let j = 0; j < 2 * m; j++) z[j] = x[xo + j * xs];
    this.plan.exec(z, 0, z, 0, false);
    const tw = this.tw;
    for (let k = 0; k <= m; k++) {
      const a = k === m ? 0 : 2 * k;
      const b = k === 0 ? 0 : 2 * (m - k);
      const zr = z[a];
      const zi = z[a + 1];
      const wr = z[b];
      const wi = z[b + 1];
      const er = 0.5 * (zr + wr);
      const ei = 0.5 * (zi - wi);
      const or = 0.5 * (zi + wi);
      const oi = 0.5 * (wr - zr);
      const tr = tw[2 * k];
      const ti = tw[2 * k + 1];
      y[yo + 2 * k] = er + tr * or - ti * oi;
      y[yo + 2 * k + 1] = ei + tr * oi + ti * or;
    }
  }

  /**
   * out[oo + j os] <- unnormalised inverse (sum_k X_k e^{+2 pi i jk/n} over the Hermitian
   * extension) of the nc coefficients X[xo ..]. No checks; X is not modified.
   */
  execInverse(X: Float64Array, xo: number, out: Float64Array, oo: number, os: number): void {
    const n = this.n;
    const z = this.z;
    if (n % 2 === 1) {
      const h = this.nc - 1;
      z[0] = X[xo];
      z[1] = 0;
      for (let k = 1; k <= h; k++) {
        const re = X[xo + 2 * k];
        const im = X[xo + 2 * k + 1];
        z[2 * k] = re;
        z[2 * k + 1] = im;
        z[2 * (n - k)] = re;
        z[2 * (n - k) + 1] = -im;
      }
      this.plan.exec(z, 0, z, 0, true);
      for (let j = 0; j < n; j++) out[oo + j * os] = z[2 * j];
      return;
    }
    const m = n >> 1;
    const tw = this.tw;
    for (let k = 0; k < m; k++) {
      const xr = X[xo + 2 * k];
      const xi = k === 0 ? 0 : X[xo + 2 * k + 1];
      const yr = X[xo + 2 * (m - k)];
      const yi = k === 0 ? 0 : -X[xo + 2 * (m - k) + 1]; // conj X_{m-k}; X_0, X_m taken real
      const er = xr + yr;
      const ei = xi + yi;
      const dr = xr - yr;
      const di = xi - yi;
      // O = (X_k - conj X_{m-k}) conj(w_k) (the factor 1/2 of E and O cancels the 2 of n = 2m)
      const tr = tw[2 * k];
      const ti = -tw[2 * k + 1];
      const or = dr * tr - di * ti;
      const oi = dr * ti + di * tr;
      z[2 * k] = er - oi;
      z[2 * k + 1] = ei + or;
    }
    this.plan.exec(z, 0, z, 0, true);
    for (let j = 0; j < 2 * m; j++) out[oo + j * os] = z[j];
  }

  /** out (2 nc) <- rfft of the n reals x. Lengths are checked, values are not. */
  forward(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    checkBuf(this.label, 'input', x, this.n, 'n real samples');
    checkBuf(this.label, 'out', out, 2 * this.nc, '2 (floor(n/2) + 1), complex interleaved');
    const s = normScale(this.n, checkNorm(this.label, norm), false);
    this.exec(x, 0, 1, out, 0);
    if (s !== 1) for (let i = 0; i < out.length; i++) out[i] *= s;
    return out;
  }

  /** out (n reals) <- irfft of the nc coefficients X. Lengths are checked, values are not. */
  inverse(X: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    checkBuf(this.label, 'input', X, 2 * this.nc, '2 (floor(n/2) + 1), complex interleaved');
    checkBuf(this.label, 'out', out, this.n, 'n real samples');
    const s = normScale(this.n, checkNorm(this.label, norm), true);
    this.execInverse(X, 0, out, 0, 1);
    if (s !== 1) for (let i = 0; i < out.length; i++) out[i] *= s;
    return out;
  }
}

const cache = new Map<number, RfftPlan>();

/** The cached real-FFT plan for n real samples (an integer >= 1). */
export function rfftPlan(n: number): RfftPlan {
  let p = cache.get(n);
  if (!p) {
    p = new RfftPlan(n);
    cache.set(n, p);
  }
  return p;
}

/**
 * rfft: `out` (2 (floor(n/2) + 1), complex interleaved) <- X_k = s sum_j x_j e^{-2 pi i jk/n},
 * k = 0..floor(n/2), for n = x.length real samples (as numpy.fft.rfft; `norm` as numpy).
 */
export function rfft(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
  const n = checkRealInput('rfft', x);
  checkBuf('rfft', 'out', out, 2 * ((n >> 1) + 1), `2 (floor(n/2) + 1) = ${2 * ((n >> 1) + 1)} for n = ${n}`);
  checkNorm('rfft', norm);
  checkFinite('rfft', 'input', x);
  return rfftPlan(n).forward(x, out, norm);
}

/**
 * irfft: `out` (n reals) <- the inverse of rfft for n = out.length, from X holding
 * floor(n/2) + 1 complex coefficients (as numpy.fft.irfft(X, n); `norm` as numpy).
 */
export function irfft(X: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
  const n = checkRealInput('irfft', out, 'out');
  checkBuf(
    'irfft',
    'input',
    X,
    2 * ((n >> 1) + 1),
    `2 (floor(n/2) + 1) = ${2 * ((n >> 1) + 1)} for n = ${n} outputs`,
  );
  checkNorm('irfft', norm);
  checkFinite('irfft', 'input', X);
  return rfftPlan(n).inverse(X, out, norm);
}

function checkRealInput(where: string, x: unknown, name = 'input'): number {
  if (!(x instanceof Float64Array)) {
    throw new CandorError(where, name, 'a Float64Array of n >= 1 real samples', describe(x));
  }
  if (x.length === 0) throw new CandorError(where, `${name} length`, 'n >= 1 real samples', '0');
  return x.length;
}
