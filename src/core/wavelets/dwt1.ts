/**
 * Single-level periodized DWT and inverse on strided data (real, or complex interleaved).
 *
 * With F the filter length, s = F/2 - 1, lo = rec_lo and hi = rec_hi (see filters.ts), the
 * analysis of x (length n, even) into approximation a and detail d (length n/2 each) is
 *
 *     a[k] = sum_{m<F} lo[m] x[(2k + m - s) mod n],     d[k] = sum_{m<F} hi[m] x[(2k + m - s) mod n]
 *
 * equivalently a[k] = sum_j dec_lo[j] x[(2k + F/2 - j) mod n]: exactly `pywt.dwt(x, w,
 * mode='periodization')` for even n, including its phase (for Haar, a[k] = (x[2k] + x[2k+1])/sqrt 2).
 * The map x -> (a, d) is orthogonal, so the synthesis is its transpose. In polyphase form, with
 * c = (F/2 + 1) mod 2 and kb = (c - F/2 + 1)/2, for each q < n/2 and i0 = 2q + c,
 *
 *     x[i0]     = sum_{j<F/2} lo[F-2-2j] a[q+kb+j] + hi[F-2-2j] d[q+kb+j]
 *     x[i0 + 1] = sum_{j<F/2} lo[F-1-2j] a[q+kb+j] + hi[F-1-2j] d[q+kb+j]
 *
 * (indices of x mod n, of a and d mod n/2) = `pywt.idwt(a, d, w, mode='periodization')`. Indices
 * wrap only near the ends, so the interior runs without modulo; signals shorter than the filter
 * wrap several times, as in PyWavelets.
 *
 * Layout (stdlib-js style): element i of x is `x[xOff + i*xStride]`; for the complex kernels it
 * is the pair (`x[xOff + i*xStride]`, `x[xOff + i*xStride + 1]`), so a complex interleaved
 * vector has stride 2 and a column of a complex ny x nx image stride 2 nx. A real kernel with
 * stride 2 and offset 0 or 1 transforms the real or imaginary part in place of a copy.
 * Outputs must not overlap the input. No checks here (hot path): plans and the convenience
 * functions validate.
 *
 * References: S. Mallat, "A theory for multiresolution signal decomposition: the wavelet
 * representation", IEEE PAMI 11 (1989) 674-693; PyWavelets `downsampling_convolution_periodization`
 * (pywt/_extensions/c/convolution.template.c).
 *
 * @example
 * import { waveletFilters } from './filters.ts';
 * import { dwtStep, idwtStep } from './dwt1.ts';
 * const f = waveletFilters('haar');
 * const x = Float64Array.of(1, 3, 2, 2), a = new Float64Array(2), d = new Float64Array(2);
 * dwtStep(4, f, x, 0, 1, a, 0, 1, d, 0, 1); // a = [2.828.., 2.828..], d = [-1.414.., 0]
 * idwtStep(4, f, a, 0, 1, d, 0, 1, new Float64Array(4), 0, 1); // [1, 3, 2, 2]
 */
import type { WaveletFilters } from './filters.ts';

/** ((i mod n) + n) mod n */
function wrap(i: number, n: number): number {
  const r = i % n;
  return r < 0 ? r + n : r;
}

/** First k whose F-tap window [2k - s, 2k - s + F) starts inside [0, n). */
function interiorStart(F: number): number {
  return F >> 2; // ceil(s / 2) with s = F/2 - 1
}

/** One past the last k whose window ends inside [0, n) (at least interiorStart). */
function interiorEnd(n: number, F: number): number {
  const s = F / 2 - 1;
  return Math.max(F >> 2, Math.min(n / 2, Math.floor((n - F + s) / 2) + 1));
}

/** Forward single level, real: a (n/2), d (n/2) from x (n), strided. */
export function dwtStep(
  n: number,
  f: WaveletFilters,
  x: Float64Array,
  xOff: number,
  xs: number,
  a: Float64Array,
  aOff: number,
  as: number,
  d: Float64Array,
  dOff: number,
  ds: number,
): void {
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const s = F / 2 - 1;
  const h = n / 2;
  const k0 = interiorStart(F);
  const k1 = interiorEnd(n, F);
  for (let k = 0; k < h; k++) {
    let sa = 0;
    let sd = 0;
    if (k >= k0 && k < k1) {
      let p = xOff + (2 * k - s) * xs;
      for (let m = 0; m < F; m++, p += xs) {
        const v = x[p];
        sa += lo[m] * v;
        sd += hi[m] * v;
      }
    } else {
      for (let m = 0; m < F; m++) {
        const v = x[xOff + wrap(2 * k + m - s, n) * xs];
        sa += lo[m] * v;
        sd += hi[m] * v;
      }
    }
    a[aOff + k * as] = sa;
    d[dOff + k * ds] = sd;
  }
}

/** Forward single level, complex interleaved (element i = re/im pair at xOff + i*xs). */
export function dwtStepComplex(
  n: number,
  f: WaveletFilters,
  x: Float64Array,
  xOff: number,
  xs: number,
  a: Float64Array,
  aOff: number,
  as: number,
  d: Float64Array,
  dOff: number,
  ds: number,
): void {
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const s = F / 2 - 1;
  const h = n / 2;
  const k0 = interiorStart(F);
  const k1 = interiorEnd(n, F);
  for (let k = 0; k < h; k++) {
    let ar = 0;
    let ai = 0;
    let dr = 0;
    let di = 0;
    if (k >= k0 && k < k1) {
      let base = xOff + (2 * k - s) * xs;
      for (let m = 0; m < F; m++, base += xs) {
        const vr = x[base];
        const vi = x[base + 1];
        const l = lo[m];
        const g = hi[m];
        ar += l * vr;
        ai += l * vi;
        dr += g * vr;
        di += g * vi;
      }
    } else {
      for (let m = 0; m < F; m++) {
        const p = xOff + wrap(2 * k + m - s, n) * xs;
        const vr = x[p];
        const vi = x[p + 1];
        ar += lo[m] * vr;
        ai += lo[m] * vi;
        dr += hi[m] * vr;
        di += hi[m] * vi;
      }
    }
    const pa = aOff + k * as;
    const pd = dOff + k * ds;
    a[pa] = ar;
    a[pa + 1] = ai;
    d[pd] = dr;
    d[pd + 1] = di;
  }
}

/** Inverse single level, real: x (n) from a (n/2) and d (n/2), strided. */
export function idwtStep(
  n: number,
  f: WaveletFilters,
  a: Float64Array,
  aOff: number,
  as: number,
  d: Float64Array,
  dOff: number,
  ds: number,
  x: Float64Array,
  xOff: number,
  xs: number,
): void {
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const F2 = F / 2;
  const h = n / 2;
  const c = (F2 + 1) % 2; // polyphase constants (see the file comment)
  const kb = (c - F2 + 1) / 2;
  for (let q = 0; q < h; q++) {
    let s0 = 0;
    let s1 = 0;
    const k = q + kb;
    if (k >= 0 && k + F2 <= h) {
      let pa = aOff + k * as;
      let pd = dOff + k * ds;
      for (let j = 0, m = F - 2; j < F2; j++, m -= 2, pa += as, pd += ds) {
        const va = a[pa];
        const vd = d[pd];
        s0 += lo[m] * va + hi[m] * vd;
        s1 += lo[m + 1] * va + hi[m + 1] * vd;
      }
    } else {
      for (let j = 0, m = F - 2; j < F2; j++, m -= 2) {
        const kk = wrap(k + j, h);
        const va = a[aOff + kk * as];
        const vd = d[dOff + kk * ds];
        s0 += lo[m] * va + hi[m] * vd;
        s1 += lo[m + 1] * va + hi[m + 1] * vd;
      }
    }
    const i0 = 2 * q + c;
    x[xOff + i0 * xs] = s0;
    x[xOff + (i0 + 1 === n ? 0 : i0 + 1) * xs] = s1;
  }
}

/** Inverse single level, complex interleaved. */
export function idwtStepComplex(
  n: number,
  f: WaveletFilters,
  a: Float64Array,
  aOff: number,
  as: number,
  d: Float64Array,
  dOff: number,
  ds: number,
  x: Float64Array,
  xOff: number,
  xs: number,
): void {
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const F2 = F / 2;
  const h = n / 2;
  const c = (F2 + 1) % 2; // polyphase constants (see the file comment)
  const kb = (c - F2 + 1) / 2;
  for (let q = 0; q < h; q++) {
    let r0 = 0;
    let i0s = 0;
    let r1 = 0;
    let i1s = 0;
    const k = q + kb;
    const inside = k >= 0 && k + F2 <= h;
    for (let j = 0, m = F - 2; j < F2; j++, m -= 2) {
      const kk = inside ? k + j : wrap(k + j, h);
      const pa = aOff + kk * as;
      const pd = dOff + kk * ds;
      const ar = a[pa];
      const ai = a[pa + 1];
      const dr = d[pd];
      const di = d[pd + 1];
      const l0 = lo[m];
      const g0 = hi[m];
      const l1 = lo[m + 1];
      const g1 = hi[m + 1];
      r0 += l0 * ar + g0 * dr;
      i0s += l0 * ai + g0 * di;
      r1 += l1 * ar + g1 * dr;
      i1s += l1 * ai + g1 * di;
    }
    const i0 = 2 * q + c;
    const p0 = xOff + i0 * xs;
    const p1 = xOff + (i0 + 1 === n ? 0 : i0 + 1) * xs;
    x[p0] = r0;
    x[p0 + 1] = i0s;
    x[p1] = r1;
    x[p1 + 1] = i1s;
  }
}
