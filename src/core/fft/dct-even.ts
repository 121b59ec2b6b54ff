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
 * On the SIMD stages (n >= 64, any m without a large prime factor) the whole transform runs in the
 * WebAssembly memory (./dct-simd.ts, identical operations). On the JavaScript stages, when m >= 4
 * is a power of two, the permutation is fused into the
 * first stage of the forward FFT (v is read straight from x) and the inverse permutation into the
 * last stage of the inverse FFT (v is written straight to y), saving a pass over the data each way.
 *
 * Reference: J. Makhoul, IEEE Trans. ASSP 28 (1980) 27-34; the real-FFT split as ./real.ts.
 */
import type { FftPlan } from './plan.ts';
import type { DctSimd } from './dct-simd.ts';

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

/**
 * The first radix-4 stage of the m-point FFT of z (z_j = v_{2j} + i v_{2j+1}) read straight from x
 * through Makhoul's permutation, so v is never written: element j = p + k m/4 of z is
 * (x_{4j}, x_{4j+2}) for k < 2 and (x_{2n-1-4j}, x_{2n-3-4j}) for k >= 2.
 */
function firstStage(
  n: number,
  x: Float64Array,
  xo: number,
  xs: number,
  y: Float64Array,
  tw: Float64Array | null,
): void {
  const m = n >> 1;
  const q4 = m >> 2;
  if (tw === null) {
    // m = 4: one stage, no twiddles
    firstStageNoTwiddles(x, xo, xs, y);
    return;
  }
  const st = 4 * xs;
  const x2 = 2 * xs;
  let ia = xo;
  let ib = xo + m * xs;
  let ic = xo + (n - 1) * xs;
  let id = xo + (m - 1) * xs;
  for (let p = 0; p < q4; p++, ia += st, ib += st, ic -= st, id -= st) {
    const ar = x[ia];
    const ai = x[ia + x2];
    const br = x[ib];
    const bi = x[ib + x2];
    const cr = x[ic];
    const ci = x[ic - x2];
    const dr = x[id];
    const di = x[id - x2];
    const apcr = ar + cr;
    const apci = ai + ci;
    const amcr = ar - cr;
    const amci = ai - ci;
    const bpdr = br + dr;
    const bpdi = bi + di;
    const jr = bi - di;
    const ji = dr - br;
    const o0 = 8 * p;
    const t = 6 * p;
    y[o0] = apcr + bpdr;
    y[o0 + 1] = apci + bpdi;
    const w1r = tw[t];
    const w1i = tw[t + 1];
    const t1r = amcr + jr;
    const t1i = amci + ji;
    y[o0 + 2] = w1r * t1r - w1i * t1i;
    y[o0 + 3] = w1r * t1i + w1i * t1r;
    const w2r = tw[t + 2];
    const w2i = tw[t + 3];
    const t2r = apcr - bpdr;
    const t2i = apci - bpdi;
    y[o0 + 4] = w2r * t2r - w2i * t2i;
    y[o0 + 5] = w2r * t2i + w2i * t2r;
    const w3r = tw[t + 4];
    const w3i = tw[t + 5];
    const t3r = amcr - jr;
    const t3i = amci - ji;
    y[o0 + 6] = w3r * t3r - w3i * t3i;
    y[o0 + 7] = w3r * t3i + w3i * t3r;
  }
}

/** firstStage for n = 8 (m = 4, a single radix-4 stage without twiddles). */
function firstStageNoTwiddles(x: Float64Array, xo: number, xs: number, y: Float64Array): void {
  const ar = x[xo];
  const ai = x[xo + 2 * xs];
  const br = x[xo + 4 * xs];
  const bi = x[xo + 6 * xs];
  const cr = x[xo + 7 * xs];
  const ci = x[xo + 5 * xs];
  const dr = x[xo + 3 * xs];
  const di = x[xo + xs];
  const apcr = ar + cr;
  const apci = ai + ci;
  const amcr = ar - cr;
  const amci = ai - ci;
  const bpdr = br + dr;
  const bpdi = bi + di;
  const jr = bi - di;
  const ji = dr - br;
  y[0] = apcr + bpdr;
  y[1] = apci + bpdi;
  y[2] = amcr + jr;
  y[3] = amci + ji;
  y[4] = apcr - bpdr;
  y[5] = apci - bpdi;
  y[6] = amcr - jr;
  y[7] = amci - ji;
}

/**
 * y[yo + k ys] <- orthonormal DCT-II of x[xo + j xs], n = 2m even. z: 2m scratch doubles; `work`:
 * 2m more when m >= 4 is a power of two (the permutation is then fused into the first FFT
 * stage), else empty.
 */
export function dctEvenForward(
  n: number,
  plan: FftPlan,
  t: Float64Array,
  z0: Float64Array,
  work: Float64Array,
  x: Float64Array,
  xo: number,
  xs: number,
  y: Float64Array,
  yo: number,
  ys: number,
  simd: DctSimd | null,
): void {
  const m = n >> 1;
  const k = plan.kernel;
  const z = z0;
  const zo = 0;
  if (simd?.forward(x, xo, xs, y, yo, ys)) return;
  if (k !== null && work.length > 0) {
    // stage 0 writes z when the chain length is odd, work otherwise (so the last stage writes z)
    const first = k.stageCount % 2 === 1 ? z : work;
    firstStage(n, x, xo, xs, first, k.twiddles(0, false));
    k.runStages(1, k.stageCount, first, 0, z, 0, false, 1, work, 0);
  } else {
    const step = 2 * xs;
    for (let j = 0, i = xo; j < m; j++, i += step) z[j] = x[i];
    for (let j = n - 1, i = xo + xs; j >= m; j--, i += step) z[j] = x[i];
    plan.exec(z, 0, z, 0, false);
  }
  const f0 = Math.sqrt(1 / n);
  const f1 = Math.sqrt(2 / n);
  // k = 0: V_0 = Re Z_0 + Im Z_0, V_m = Re Z_0 - Im Z_0 (both real)
  y[yo] = f0 * (z[zo] + z[zo + 1]);
  y[yo + m * ys] = f1 * Math.SQRT1_2 * (z[zo] - z[zo + 1]);
  const h = m >> 1;
  // running indices: z at 2k and 2(m-k); y at k, n-k, m-k, m+k (times ys)
  let a = zo + 2;
  let b = zo + 2 * (m - 1);
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
    const vr = z[zo + 2 * h];
    const vi = -z[zo + 2 * h + 1];
    const o = 10 * h;
    const cr = 2 * t[o + 2];
    const ci = 2 * t[o + 3];
    y[yo + h * ys] = cr * vr - ci * vi;
    y[yo + (n - h) * ys] = -(cr * vi + ci * vr);
  }
}

/**
 * The last stage of the inverse m-point FFT (radix 4 or 2, no twiddles) written straight to the
 * DCT-III output through the inverse of Makhoul's permutation: element e of the result is
 * (v_{2e}, v_{2e+1}), which lands at y positions (4e, 4e + 2) when 2e < m and
 * (2n - 1 - 4e, 2n - 3 - 4e) otherwise.
 */
function lastStage(
  n: number,
  radix: number,
  src: Float64Array,
  y: Float64Array,
  yo: number,
  ys: number,
): void {
  const m = n >> 1;
  const st = 4 * ys;
  const y2 = 2 * ys;
  if (radix === 2) {
    const h = m >> 1;
    let ia = yo;
    let ib = yo + (n - 1) * ys;
    for (let q = 0; q < h; q++, ia += st, ib -= st) {
      const ar = src[2 * q];
      const ai = src[2 * q + 1];
      const br = src[2 * (q + h)];
      const bi = src[2 * (q + h) + 1];
      y[ia] = ar + br;
      y[ia + y2] = ai + bi;
      y[ib] = ar - br;
      y[ib - y2] = ai - bi;
    }
    return;
  }
  const s = m >> 2;
  let i0 = yo;
  let i1 = yo + m * ys;
  let i2 = yo + (n - 1) * ys;
  let i3 = yo + (m - 1) * ys;
  for (let q = 0; q < s; q++, i0 += st, i1 += st, i2 -= st, i3 -= st) {
    const ar = src[2 * q];
    const ai = src[2 * q + 1];
    const br = src[2 * (q + s)];
    const bi = src[2 * (q + s) + 1];
    const cr = src[2 * (q + 2 * s)];
    const ci = src[2 * (q + 2 * s) + 1];
    const dr = src[2 * (q + 3 * s)];
    const di = src[2 * (q + 3 * s) + 1];
    const apcr = ar + cr;
    const apci = ai + ci;
    const amcr = ar - cr;
    const amci = ai - ci;
    const bpdr = br + dr;
    const bpdi = bi + di;
    const jr = di - bi; // i (b - d)
    const ji = br - dr;
    y[i0] = apcr + bpdr;
    y[i0 + y2] = apci + bpdi;
    y[i1] = amcr + jr;
    y[i1 + y2] = amci + ji;
    y[i2] = apcr - bpdr;
    y[i2 - y2] = apci - bpdi;
    y[i3] = amcr - jr;
    y[i3 - y2] = amci - ji;
  }
}

/** y[yo + j ys] <- orthonormal DCT-III of x[xo + k xs] (inverse of dctEvenForward), n = 2m even; `work` as for dctEvenForward. */
export function dctEvenInverse(
  n: number,
  plan: FftPlan,
  t: Float64Array,
  z0: Float64Array,
  work: Float64Array,
  x: Float64Array,
  xo: number,
  xs: number,
  y: Float64Array,
  yo: number,
  ys: number,
  simd: DctSimd | null,
): void {
  if (simd?.inverse(x, xo, xs, y, yo, ys)) return;
  const m = n >> 1;
  const kern = plan.kernel;
  const fused = kern !== null && work.length > 0;
  const K = kern !== null ? kern.stageCount : 0;
  // 2Z goes where FFT stage 0 reads without writing: z0 when stage 0 writes work (K even), else work
  const z = fused && K > 1 && K % 2 === 1 ? work : z0;
  const zo = 0;
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
    z[zo + 2 * k] = sr - gi; // S + iG
    z[zo + 2 * k + 1] = si + gr;
    z[zo + 2 * (m - k)] = sr + gi; // conj S + i conj G
    z[zo + 2 * (m - k) + 1] = gr - si;
  }
  if (m % 2 === 0 && h > 0) {
    const o = 10 * h;
    const pr = x[xo + h * xs];
    const pi = -x[xo + (n - h) * xs];
    const cr = t[o + 6];
    const ci = t[o + 7];
    z[zo + 2 * h] = 2 * (cr * pr - ci * pi); // 2 conj(V)
    z[zo + 2 * h + 1] = -2 * (cr * pi + ci * pr);
  }
  z[zo] = z0r;
  z[zo + 1] = z0i;
  if (fused && kern !== null) {
    // stages 0 .. K-2 end in work (stage K-2 writes work); the last stage unpacks into y
    kern.runStages(0, K - 1, z, 0, z0, 0, true, 1, work, 0);
    lastStage(n, kern.lastRadix, K > 1 ? work : z, y, yo, ys);
    return;
  }
  plan.exec(z, 0, z, 0, true);
  const step = 2 * ys;
  for (let k = 0, i = yo; k < m; k++, i += step) y[i] = z[k];
  for (let k = n - 1, i = yo + ys; k >= m; k--, i += step) y[i] = z[k];
}
