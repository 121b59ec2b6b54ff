/**
 * The even-length kernels of ./dct.ts: orthonormal DCT-II / DCT-III of n = 2m points through one
 * m-point complex FFT (Makhoul 1980), with the real-FFT split and the DCT twiddles fused into one
 * pass over the pairs (k, m - k).
 *
 * Forward. v = [x_0, x_2, ..., x_{n-2}, x_{n-1}, ..., x_3, x_1] packed as z_j = v_{2j} + i v_{2j+1};
 * Z = DFT_m(z). For each pair, with A = Z_k and B = Z_{m-k}:
 *
 *     E = (A + conj B)/2,  O = (A - conj B)/(2i),  T = e^{-2 pi i k/n} O,
 *     V_k = E + T,  V_{m-k} = conj(E - T)                 (V = DFT_n(v))
 *     y_k = f Re(c_k V_k),       y_{n-k} = -f Im(c_k V_k),           c_k = e^{-i pi k/(2n)}
 *     y_{m-k} = f Re(c_{m-k} V_{m-k}),  y_{m+k} = -f Im(c_{m-k} V_{m-k})
 *
 * (f = sqrt(2/n); k = 0 and k = m/2 are their own partners). Inverse: every step backwards,
 * V_k = conj(c_k) (y_k - i y_{n-k}) / (n f), then 2 Z_k = S + iG and 2 Z_{m-k} = conj S + i conj G
 * with S = V_k + conj V_{m-k}, G = (V_k - conj V_{m-k}) e^{+2 pi i k/n}, and v = IDFT_m(2Z)
 * unpacked.
 *
 * Reference: J. Makhoul, IEEE Trans. ASSP 28 (1980) 27-34; the real-FFT split as ./real.ts.
 */
import type { FftPlan } from './plan.ts';

/** Per k <= m/2: w = e^{-2 pi i k/n}; forward c' = (f/2) c_k, d' = (f/2) c_{m-k}; inverse g conj(c_k), g conj(c_{m-k}), g = 1/(n f). */
export function evenTables(n: number): Float64Array {
  const m = n >> 1;
  const h = m >> 1;
  const f = Math.sqrt(2 / n);
  const g = 1 / (n * f);
  const t = new Float64Array(10 * (h + 1));
  for (let k = 0; k <= h; k++) {
    const a = (2 * Math.PI * k) / n;
    const b = (Math.PI * k) / (2 * n);
    const b2 = (Math.PI * (m - k)) / (2 * n);
    const o = 10 * k;
    t[o] = Math.cos(a);
    t[o + 1] = -Math.sin(a);
    t[o + 2] = 0.5 * f * Math.cos(b);
    t[o + 3] = -0.5 * f * Math.sin(b);
    t[o + 4] = 0.5 * f * Math.cos(b2);
    t[o + 5] = -0.5 * f * Math.sin(b2);
    t[o + 6] = g * Math.cos(b);
    t[o + 7] = g * Math.sin(b);
    t[o + 8] = g * Math.cos(b2);
    t[o + 9] = g * Math.sin(b2);
  }
  return t;
}

/** y[yo + k ys] <- orthonormal DCT-II of x[xo + j xs], n = 2m even. z: 2m scratch doubles. */
export function dctEvenForward(
  n: number,
  plan: FftPlan,
  t: Float64Array,
  z: Float64Array,
  x: Float64Array,
  xo: number,
  xs: number,
  y: Float64Array,
  yo: number,
  ys: number,
): void {
  const m = n >> 1;
  const step = 2 * xs;
  for (let k = 0, i = xo; k < m; k++, i += step) z[k] = x[i];
  for (let k = n - 1, i = xo + xs; k >= m; k--, i += step) z[k] = x[i];
  plan.exec(z, 0, z, 0, false);
  const f0 = Math.sqrt(1 / n);
  const f1 = Math.sqrt(2 / n);
  // k = 0: V_0 = Re Z_0 + Im Z_0, V_m = Re Z_0 - Im Z_0 (both real)
  y[yo] = f0 * (z[0] + z[1]);
  y[yo + m * ys] = f1 * Math.SQRT1_2 * (z[0] - z[1]);
  const h = m >> 1;
  // running indices: z at 2k and 2(m-k); y at k, n-k, m-k, m+k (times ys)
  let a = 2;
  let b = 2 * (m - 1);
  let o = 10;
  let i1 = yo + ys;
  let i2 = yo + (n - 1) * ys;
  let i3 = yo + (m - 1) * ys;
  let i4 = yo + (m + 1) * ys;
  for (let k = 1; k < m - k; k++, a += 2, b -= 2, o += 10, i1 += ys, i2 -= ys, i3 -= ys, i4 += ys) {
    const ar = z[a];
    const ai = z[a + 1];
    const br = z[b];
    const bi = z[b + 1];
    const er = ar + br; // 2E
    const ei = ai - bi;
    const or = ai + bi; // 2O
    const oi = br - ar;
    const wr = t[o];
    const wi = t[o + 1];
    const tr = wr * or - wi * oi; // 2T
    const ti = wr * oi + wi * or;
    const vr = er + tr; // 2 V_k
    const vi = ei + ti;
    const ur = er - tr; // 2 V_{m-k} = conj(2E - 2T)
    const ui = ti - ei;
    const cr = t[o + 2];
    const ci = t[o + 3];
    const dr = t[o + 4];
    const di = t[o + 5];
    y[i1] = cr * vr - ci * vi;
    y[i2] = -(cr * vi + ci * vr);
    y[i3] = dr * ur - di * ui;
    y[i4] = -(dr * ui + di * ur);
  }
  if (m % 2 === 0 && h > 0) {
    // k = m/2 is its own partner: V = conj(Z_{m/2})
    const vr = z[2 * h];
    const vi = -z[2 * h + 1];
    const o = 10 * h;
    const cr = 2 * t[o + 2];
    const ci = 2 * t[o + 3];
    y[yo + h * ys] = cr * vr - ci * vi;
    y[yo + (n - h) * ys] = -(cr * vi + ci * vr);
  }
}

/** y[yo + j ys] <- orthonormal DCT-III of x[xo + k xs] (inverse of dctEvenForward), n = 2m even. */
export function dctEvenInverse(
  n: number,
  plan: FftPlan,
  t: Float64Array,
  z: Float64Array,
  x: Float64Array,
  xo: number,
  xs: number,
  y: Float64Array,
  yo: number,
  ys: number,
): void {
  const m = n >> 1;
  const f0 = Math.sqrt(1 / n);
  const f1 = Math.sqrt(2 / n);
  // k = 0: V_0 = y_0 / (n f0), V_m = sqrt(2) y_m / (n f1); 2Z_0 = (V_0 + V_m) + i (V_0 - V_m)
  const v0 = x[xo] / (n * f0);
  const vm = (Math.SQRT2 * x[xo + m * xs]) / (n * f1);
  const z0r = v0 + vm;
  const z0i = v0 - vm;
  const h = m >> 1;
  for (let k = 1; k < m - k; k++) {
    const o = 10 * k;
    // V_k = g conj(c_k) (y_k - i y_{n-k}),  V_{m-k} = g conj(c_{m-k}) (y_{m-k} - i y_{m+k})
    const pr = x[xo + k * xs];
    const pi = -x[xo + (n - k) * xs];
    const qr = x[xo + (m - k) * xs];
    const qi = -x[xo + (m + k) * xs];
    const cr = t[o + 6];
    const ci = t[o + 7];
    const dr = t[o + 8];
    const di = t[o + 9];
    const vr = cr * pr - ci * pi;
    const vi = cr * pi + ci * pr;
    const ur = dr * qr - di * qi;
    const ui = dr * qi + di * qr;
    const sr = vr + ur; // S = V_k + conj V_{m-k}
    const si = vi - ui;
    const er = vr - ur; // D = V_k - conj V_{m-k}
    const ei = vi + ui;
    const wr = t[o];
    const wi = -t[o + 1]; // conj(w_k)
    const gr = er * wr - ei * wi; // G = D conj(w_k)
    const gi = er * wi + ei * wr;
    z[2 * k] = sr - gi; // S + iG
    z[2 * k + 1] = si + gr;
    z[2 * (m - k)] = sr + gi; // conj S + i conj G
    z[2 * (m - k) + 1] = gr - si;
  }
  if (m % 2 === 0 && h > 0) {
    const o = 10 * h;
    const pr = x[xo + h * xs];
    const pi = -x[xo + (n - h) * xs];
    const cr = t[o + 6];
    const ci = t[o + 7];
    z[2 * h] = 2 * (cr * pr - ci * pi); // 2 conj(V)
    z[2 * h + 1] = -2 * (cr * pi + ci * pr);
  }
  z[0] = z0r;
  z[1] = z0i;
  plan.exec(z, 0, z, 0, true);
  const step = 2 * ys;
  for (let k = 0, i = yo; k < m; k++, i += step) y[i] = z[k];
  for (let k = n - 1, i = yo + ys; k >= m; k--, i += step) y[i] = z[k];
}
