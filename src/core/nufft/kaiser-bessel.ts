/**
 * The Kaiser-Bessel (KB) gridding kernel of the non-uniform FFT, its Fourier transform and the
 * deapodization that undoes it.
 *
 * In grid units (one unit = one point of the oversampled grid), for a kernel of width W points:
 *
 *     phi(t)   = I0(beta sqrt(1 - (2t/W)^2))      for |t| <= W/2, else 0
 *     phihat(xi) = int phi(t) e^{-2 pi i xi t} dt = W sinh(s)/s,   s = sqrt(beta^2 - (pi W xi)^2)
 *
 * (for (pi W xi) > beta, s is imaginary and sinh(s)/s = sin(|s|)/|s|; Jackson et al. 1991, eq. 5).
 * With the grid oversampled by sigma (grid size m = sigma n), Beatty et al. choose
 *
 *     beta = pi sqrt( (W/sigma)^2 (sigma - 1/2)^2 - 0.8 ),
 *
 * which places the kernel's transform main lobe on the image and its aliases beyond it. A sample at
 * grid position t touches the W grid points i0 + a, a = 0..W-1, i0 = floor(t - W/2) + 1; tap a has
 * argument t - i0 - a = f + W/2 - 1 - a with f = frac(t - W/2) in [0, 1).
 *
 * `KbKernel` evaluates all W taps of a sample at once from a piecewise polynomial: tap a is a
 * polynomial of degree P in x = 2f - 1 (monomials, Horner), fitted at construction by Chebyshev
 * interpolation of the exact kernel (I0 from ../special/bessel.ts). phi is an entire function of
 * t^2, so the fit converges faster than geometrically; P = W + 4 keeps the fit error below
 * max(10^-(W+2), 3e-14) of the peak, at least a thousand times below the NUFFT error of the same
 * width (tested against the exact kernel for every width). This is the piecewise-polynomial
 * evaluation of FINUFFT (Barnett et al. 2019), applied to the KB kernel.
 *
 * Deapodization: gridding multiplies the image by phihat(k/m) (k the signed image index), so the
 * type-2 transform divides first and the type-1 transform divides after; `deapodization(n, m, ...)`
 * returns 1/phihat((j - floor(n/2))/m) for j < n.
 *
 * References: J. I. Jackson, C. H. Meyer, D. G. Nishimura & A. Macovski, "Selection of a
 * convolution function for Fourier inversion using gridding", IEEE TMI 10 (1991) 473-478;
 * P. J. Beatty, D. G. Nishimura & J. M. Pauly, "Rapid gridding reconstruction with a minimal
 * oversampling ratio", IEEE TMI 24 (2005) 799-808 (the beta above, their eq. 5);
 * J. A. Fessler & B. P. Sutton, "Nonuniform fast Fourier transforms using min-max interpolation",
 * IEEE TSP 51 (2003) 560-574; A. H. Barnett, J. Magland & L. af Klinteberg, "A parallel nonuniform
 * fast Fourier transform library based on an exponential of semicircle kernel", SIAM J. Sci.
 * Comput. 41 (2019) C479-C504.
 *
 * @example
 * import { kbBeta, kbKernel, kbTransform, KbKernel } from './kaiser-bessel.ts';
 * const beta = kbBeta(6, 2);            // 13.8551... = pi sqrt((6/2)^2 1.5^2 - 0.8)
 * kbKernel(0, 6, beta);                 // I0(beta), the peak
 * kbTransform(0, 6, beta);              // 6 sinh(beta)/beta, the kernel's integral
 * const k = new KbKernel(6, beta);
 * const w = new Float64Array(6);
 * k.taps(10.3, w, 0);                   // returns i0 = 8; w[a] = phi(10.3 - 8 - a)
 */
import { checkInt, checkNumber } from '../errors.ts';
import { besselI0 } from '../special/bessel.ts';

/** Widths accepted by the gridding kernel (grid points per axis). */
export const KB_MIN_WIDTH = 2;
export const KB_MAX_WIDTH = 24;

/** Beatty et al.'s beta for width W and oversampling sigma (both checked). */
export function kbBeta(width: number, oversampling: number): number {
  checkInt('kbBeta', 'width', width, KB_MIN_WIDTH, KB_MAX_WIDTH);
  checkNumber('kbBeta', 'oversampling', oversampling, 1.25, 4);
  // (W/sigma)(sigma - 1/2) >= 2 (3/4)/1.25 = 1.2 > sqrt(0.8) on the accepted range: beta is real
  const a = (width / oversampling) * (oversampling - 0.5);
  return Math.PI * Math.sqrt(a * a - 0.8);
}

/** The exact kernel phi(t) = I0(beta sqrt(1 - (2t/W)^2)) on |t| <= W/2, 0 outside. */
export function kbKernel(t: number, width: number, beta: number): number {
  const z = (2 * t) / width;
  const r = 1 - z * z;
  return r < 0 ? 0 : besselI0(beta * Math.sqrt(r));
}

/** sinh(s)/s for s^2 = q >= 0, sin(s)/s for q < 0, accurate near q = 0. */
function sinhc(q: number): number {
  if (Math.abs(q) < 1e-4) return 1 + q / 6 + (q * q) / 120;
  if (q > 0) {
    const s = Math.sqrt(q);
    return Math.sinh(s) / s;
  }
  const s = Math.sqrt(-q);
  return Math.sin(s) / s;
}

/** The kernel's Fourier transform phihat(xi) = W sinh(s)/s, s^2 = beta^2 - (pi W xi)^2 (cycles per grid point). */
export function kbTransform(xi: number, width: number, beta: number): number {
  const p = Math.PI * width * xi;
  return width * sinhc(beta * beta - p * p);
}

/** 1/phihat((j - floor(n/2))/m) for j < n: the deapodization of an n-point axis on an m-point grid. */
export function deapodization(n: number, m: number, width: number, beta: number): Float64Array {
  const out = new Float64Array(n);
  const c = Math.floor(n / 2);
  for (let j = 0; j < n; j++) out[j] = 1 / kbTransform((j - c) / m, width, beta);
  return out;
}

/** The polynomial degree used for width W (W + 4, see the module comment). */
export function kbDegree(width: number): number {
  return width + 4;
}

/**
 * All W taps of the KB kernel of one width and beta, from a fitted piecewise polynomial (see the
 * module comment). Instances are cached by `kbKernelFor`.
 */
export class KbKernel {
  readonly width: number;
  readonly beta: number;
  readonly degree: number;
  /** coef[a (P + 1) + k]: coefficient of x^k of tap a. */
  private readonly coef: Float64Array;

  constructor(width: number, beta: number) {
    checkInt('KbKernel', 'width', width, KB_MIN_WIDTH, KB_MAX_WIDTH);
    checkNumber('KbKernel', 'beta', beta, 0);
    this.width = width;
    this.beta = beta;
    const P = kbDegree(width);
    this.degree = P;
    const W = width;
    this.coef = new Float64Array((P + 1) * W);
    const Q = P + 1;
    // monomial coefficients of the Chebyshev polynomials T_0 .. T_P
    const T: Float64Array[] = [Float64Array.of(1), Float64Array.of(0, 1)];
    for (let k = 2; k <= P; k++) {
      const t = new Float64Array(k + 1);
      const a = T[k - 1];
      const b = T[k - 2];
      for (let i = 0; i < a.length; i++) t[i + 1] += 2 * a[i];
      for (let i = 0; i < b.length; i++) t[i] -= b[i];
      T.push(t);
    }
    const nodes = P + 1;
    const g = new Float64Array(nodes);
    const xs = new Float64Array(nodes);
    for (let i = 0; i < nodes; i++) xs[i] = Math.cos((Math.PI * (i + 0.5)) / nodes);
    for (let a = 0; a < W; a++) {
      for (let i = 0; i < nodes; i++) {
        const f = 0.5 * (xs[i] + 1);
        g[i] = kbKernel(f + W / 2 - 1 - a, W, beta);
      }
      for (let k = 0; k <= P; k++) {
        let s = 0;
        for (let i = 0; i < nodes; i++) s += g[i] * Math.cos((Math.PI * k * (i + 0.5)) / nodes);
        const ck = ((k === 0 ? 1 : 2) / nodes) * s;
        const tk = T[k];
        for (let j = 0; j < tk.length; j++) this.coef[a * Q + j] += ck * tk[j];
      }
    }
  }

  /**
   * Writes the W tap values of a sample at grid position t into out[o .. o + W) and returns the
   * first grid index i0 = floor(t - W/2) + 1 (not reduced modulo the grid).
   */
  taps(t: number, out: Float64Array, o: number): number {
    const W = this.width;
    const s = t - 0.5 * W;
    const fl = Math.floor(s);
    const x = 2 * (s - fl) - 1;
    const c = this.coef;
    const P = this.degree;
    for (let a = 0, base = P; a < W; a++, base += P + 1) {
      let v = c[base];
      for (let k = base - 1; k > base - P - 1; k--) v = v * x + c[k];
      out[o + a] = v;
    }
    return fl + 1;
  }
}

const cache = new Map<string, KbKernel>();

/** The cached KbKernel for (width, beta). */
export function kbKernelFor(width: number, beta: number): KbKernel {
  const key = `${width}:${beta}`;
  let k = cache.get(key);
  if (!k) {
    k = new KbKernel(width, beta);
    cache.set(key, k);
  }
  return k;
}
