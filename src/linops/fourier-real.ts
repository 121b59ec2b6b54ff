/**
 * The real orthonormal Fourier basis of R^n and its row subsets (real field; they act on complex
 * data part by part). Row r of U, entry t:
 *
 *     r = 0:                 1 / sqrt(n)                              (DC)
 *     r = 1 .. h:            sqrt(2/n) cos(2 pi r t / n)              (h = floor((n - 1) / 2))
 *     r = h + 1 .. 2h:       sqrt(2/n) sin(2 pi (r - h) t / n)
 *     r = n - 1 (n even):    (-1)^t / sqrt(n)                         (Nyquist)
 *
 * U is orthogonal (U^T U = I), so a random row subset is the real-valued "partial Fourier"
 * measurement of phase-transition studies on real signals (Donoho & Tanner 2009b): real data,
 * real solvers (the LP, the homotopy). Products go through the real FFT (../core/fft/real.ts):
 * with X = rfft(x), X_f = sum_t x_t e^{-2 pi i f t/n}, the cos row f is sqrt(2/n) Re X_f and the
 * sin row -sqrt(2/n) Im X_f; the adjoint fills a half spectrum and runs irfft. O(n log n).
 *
 * @example
 * import { realFourier, partialRealFourier } from './fourier-real.ts';
 * realFourier(4).apply(Float64Array.of(1, 1, 1, 1), new Float64Array(4)); // [2, 0, 0, 0]
 * partialRealFourier(8, [0, 3, 5]).rows; // 3
 */
import { checkInt } from '../core/errors.ts';
import { rfftPlan } from '../core/fft/real.ts';
import { indexList } from './basic.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

/** U x (length n) through one real FFT; `spec` is a scratch of 2 (floor(n/2) + 1) doubles. */
function forwardKernel(n: number) {
  const plan = rfftPlan(n);
  const h = Math.floor((n - 1) / 2);
  const spec = new Float64Array(2 * ((n >> 1) + 1));
  const a = 1 / Math.sqrt(n);
  const b = Math.sqrt(2 / n);
  const fwd = (x: Float64Array, out: Float64Array): Float64Array => {
    plan.forward(x, spec);
    out[0] = a * spec[0];
    for (let f = 1; f <= h; f++) {
      out[f] = b * spec[2 * f];
      out[h + f] = -b * spec[2 * f + 1];
    }
    if (n % 2 === 0) out[n - 1] = a * spec[n];
    return out;
  };
  const inv = (c: Float64Array, out: Float64Array): Float64Array => {
    // irfft: x_t = (1/n)[Z_0 + 2 sum_f Re(Z_f e^{i theta}) + Z_{n/2} (-1)^t]
    const s = Math.sqrt(n);
    const t = Math.sqrt(n / 2);
    spec.fill(0);
    spec[0] = s * c[0];
    for (let f = 1; f <= h; f++) {
      spec[2 * f] = t * c[f];
      spec[2 * f + 1] = -t * c[h + f];
    }
    if (n % 2 === 0) spec[n] = s * c[n - 1];
    plan.inverse(spec, out);
    return out;
  };
  return { fwd, inv };
}

/** The real orthonormal Fourier basis U of R^n (real, unitary). */
export function realFourier(n: number): LinearOperator {
  checkInt('realFourier', 'size n', n, 1);
  const k = forwardKernel(n);
  const copy: Kernel = (x, out) => {
    out.set(x);
    return out;
  };
  return defineOperator({
    name: `RealFourier(${n})`,
    domain: [n],
    range: [n],
    field: 'real',
    structure: 'unitary',
    apply: k.fwd,
    adjoint: k.inv,
    normal: copy,
    normalComplex: copy,
    cheapNormal: true,
  });
}

/**
 * Rows `rows` (0/1 mask of length n or distinct indices) of the real orthonormal Fourier basis,
 * in increasing order. Co-isometry; normal U^T M U.
 */
export function partialRealFourier(n: number, rows: ArrayLike<number>): LinearOperator {
  checkInt('partialRealFourier', 'size n', n, 1);
  const idx = indexList('partialRealFourier', 'rows', rows, n);
  const m = idx.length;
  const k = forwardKernel(n);
  const s = new Float64Array(n);
  const keep = new Uint8Array(n);
  for (let i = 0; i < m; i++) keep[idx[i]] = 1;
  return defineOperator({
    name: `PartialRealFourier(${m} of ${n})`,
    domain: [n],
    range: [m],
    field: 'real',
    structure: m === n ? 'unitary' : 'coisometry',
    apply: (x, out) => {
      k.fwd(x, s);
      for (let i = 0; i < m; i++) out[i] = s[idx[i]];
      return out;
    },
    adjoint: (y, out) => {
      s.fill(0);
      for (let i = 0; i < m; i++) s[idx[i]] = y[i];
      return k.inv(s, out);
    },
    normal: (x, out) => {
      k.fwd(x, s);
      for (let j = 0; j < n; j++) if (!keep[j]) s[j] = 0;
      return k.inv(s, out);
    },
    cheapNormal: true,
  });
}
