/**
 * The JavaScript butterflies of the mixed-radix Stockham FFT (./stockham.ts): one stage of radix
 * 2, 4 or any odd r, on interleaved re/im Float64Arrays. The WebAssembly SIMD stages
 * (./wasm-stages.ts) perform the same floating-point operations in the same order, so both paths
 * give identical results.
 *
 * A stage of radix r, sub-length m = r l and stride s (decimation in frequency, autosort):
 *
 *     for p < l, q < s:  a_i = x[q + s(p + i l)],  i < r
 *       y[q + s(r p + j)] = w^{p j} sum_{i<r} W_r^{i j} a_i,   w = e^{-2 pi i/m},  W_r = e^{-2 pi i/r}
 *
 * Twiddles `tw` hold w^{p j}, j = 1..r-1, interleaved, per p (null when l = 1: all ones, and the
 * stage skips the products). The inverse transform runs the same butterfly with the legs read in
 * reverse order (a_i from leg r - i: conj W_r^{ij} = W_r^{(r-i) j}) and conjugate twiddles.
 *
 * Odd radix r = 2h + 1 (the 3-, 5-, 7-point and generic odd-prime butterflies share one form):
 *
 *     t_k = a_k + a_{r-k},  v_k = swap(a_k - a_{r-k}),  k = 1..h
 *     y_0 = a_0 + t_1 + ... + t_h
 *     b_j = a_0 + sum_k cos(2 pi jk/r) t_k,   f_j = sum_k (sin(2 pi jk/r), -sin(2 pi jk/r)) v_k
 *     y_j = b_j + f_j,   y_{r-j} = b_j - f_j,   j = 1..h
 *
 * (f_j = -i sum_k sin(2 pi jk/r) (a_k - a_{r-k}); sums left to right.)
 *
 * Reference: Cooley & Tukey (1965); Stockham (1966); C. Temperton, "Self-sorting mixed-radix fast
 * Fourier transforms", J. Comput. Phys. 52 (1983) 1-23 (the mixed-radix autosort stages).
 *
 * @example
 * import { radixOdd, oddConstants } from './stages.ts';
 * const y = new Float64Array(6);
 * radixOdd(3, oddConstants(3), 1, 1, Float64Array.of(1, 0, 1, 0, 1, 0), 0, y, 0, null, false, new Float64Array(4));
 * // y = [3, 0, 0, 0, 0, 0]
 */

/**
 * The constants of the odd radix r = 2h + 1: cos(2 pi jk/r) for j, k = 1..h (row j, h entries),
 * then sin(2 pi jk/r), then -sin(2 pi jk/r); jk is reduced mod r before the trig call.
 */
export function oddConstants(r: number): Float64Array {
  const h = (r - 1) >> 1;
  const t = new Float64Array(3 * h * h);
  for (let j = 1; j <= h; j++) {
    for (let k = 1; k <= h; k++) {
      const a = (2 * Math.PI * ((j * k) % r)) / r;
      const i = (j - 1) * h + (k - 1);
      t[i] = Math.cos(a);
      t[h * h + i] = Math.sin(a);
      t[2 * h * h + i] = -Math.sin(a);
    }
  }
  return t;
}

/**
 * One stage of odd radix r (see the header). `cs` from oddConstants(r); `sc`: 4 h scratch doubles.
 */
export function radixOdd(
  r: number,
  cs: Float64Array,
  l: number,
  s: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  tw: Float64Array | null,
  inverse: boolean,
  sc: Float64Array,
): void {
  const h = (r - 1) >> 1;
  const hh = h * h;
  const s2 = 2 * s;
  const d = 2 * l * s;
  for (let p = 0; p < l; p++) {
    const ib = xo + p * s2;
    const ob = yo + r * p * s2;
    const tb = 2 * (r - 1) * p;
    for (let q = 0; q < s2; q += 2) {
      const i0 = ib + q;
      const a0r = x[i0];
      const a0i = x[i0 + 1];
      let y0r = a0r;
      let y0i = a0i;
      for (let k = 1; k <= h; k++) {
        const ia = i0 + (inverse ? r - k : k) * d;
        const ib2 = i0 + (inverse ? k : r - k) * d;
        const ar = x[ia];
        const ai = x[ia + 1];
        const br = x[ib2];
        const bi = x[ib2 + 1];
        const tr = ar + br;
        const ti = ai + bi;
        const o = 4 * (k - 1);
        sc[o] = tr;
        sc[o + 1] = ti;
        sc[o + 2] = ai - bi; // v = swap(a - b)
        sc[o + 3] = ar - br;
        y0r = y0r + tr;
        y0i = y0i + ti;
      }
      const o0 = ob + q;
      y[o0] = y0r;
      y[o0 + 1] = y0i;
      for (let j = 1; j <= h; j++) {
        const cb = (j - 1) * h;
        let br = a0r;
        let bi = a0i;
        for (let k = 0; k < h; k++) {
          const c = cs[cb + k];
          br = br + c * sc[4 * k];
          bi = bi + c * sc[4 * k + 1];
        }
        let fr = cs[hh + cb] * sc[2];
        let fi = cs[2 * hh + cb] * sc[3];
        for (let k = 1; k < h; k++) {
          fr = fr + cs[hh + cb + k] * sc[4 * k + 2];
          fi = fi + cs[2 * hh + cb + k] * sc[4 * k + 3];
        }
        const pr = br + fr;
        const pi = bi + fi;
        const mr = br - fr;
        const mi = bi - fi;
        const oj = o0 + j * s2;
        const om = o0 + (r - j) * s2;
        if (tw === null) {
          y[oj] = pr;
          y[oj + 1] = pi;
          y[om] = mr;
          y[om + 1] = mi;
        } else {
          const t1 = tb + 2 * (j - 1);
          const t2 = tb + 2 * (r - j - 1);
          const w1r = tw[t1];
          const w1i = tw[t1 + 1];
          const w2r = tw[t2];
          const w2i = tw[t2 + 1];
          y[oj] = w1r * pr - w1i * pi;
          y[oj + 1] = w1r * pi + w1i * pr;
          y[om] = w2r * mr - w2i * mi;
          y[om + 1] = w2r * mi + w2i * mr;
        }
      }
    }
  }
}

/** One radix-2 stage: y_0 = a_0 + a_1, y_1 = w^p (a_0 - a_1) (no product when tw is null). */
export function radix2(
  l: number,
  s: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  tw: Float64Array | null,
): void {
  const s2 = 2 * s;
  const d = l * s2;
  for (let p = 0; p < l; p++) {
    const ib = xo + p * s2;
    const ob = yo + 2 * p * s2;
    const wr = tw === null ? 1 : tw[2 * p];
    const wi = tw === null ? 0 : tw[2 * p + 1];
    for (let q = 0; q < s2; q += 2) {
      const i0 = ib + q;
      const o0 = ob + q;
      const ar = x[i0];
      const ai = x[i0 + 1];
      const br = x[i0 + d];
      const bi = x[i0 + d + 1];
      y[o0] = ar + br;
      y[o0 + 1] = ai + bi;
      const tr = ar - br;
      const ti = ai - bi;
      if (tw === null) {
        y[o0 + s2] = tr;
        y[o0 + s2 + 1] = ti;
      } else {
        y[o0 + s2] = wr * tr - wi * ti;
        y[o0 + s2 + 1] = wr * ti + wi * tr;
      }
    }
  }
}

/**
 * One radix-4 stage (the kernel of the power-of-two chain): with j = -i (a_1 - a_3),
 * y_0 = (a_0 + a_2) + (a_1 + a_3), y_1 = w^p ((a_0 - a_2) + j), y_2 = w^{2p} ((a_0 + a_2) - (a_1 + a_3)),
 * y_3 = w^{3p} ((a_0 - a_2) - j). The inverse exchanges legs 1 and 3. No products when tw is null.
 */
export function radix4(
  q4: number,
  s: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  tw: Float64Array | null,
  inverse: boolean,
): void {
  const s2 = 2 * s;
  // The inverse butterfly is the forward one with b and d exchanged (W4 -> conj W4).
  const d2 = 2 * q4 * s2;
  const d1 = inverse ? 3 * q4 * s2 : q4 * s2;
  const d3 = inverse ? q4 * s2 : 3 * q4 * s2;
  if (tw !== null && s === 1) {
    for (let p = 0; p < q4; p++) {
      const i0 = xo + 2 * p;
      const o0 = yo + 8 * p;
      const t = 6 * p;
      const ar = x[i0];
      const ai = x[i0 + 1];
      const br = x[i0 + d1];
      const bi = x[i0 + d1 + 1];
      const cr = x[i0 + d2];
      const ci = x[i0 + d2 + 1];
      const dr = x[i0 + d3];
      const di = x[i0 + d3 + 1];
      const apcr = ar + cr;
      const apci = ai + ci;
      const amcr = ar - cr;
      const amci = ai - ci;
      const bpdr = br + dr;
      const bpdi = bi + di;
      const jr = bi - di;
      const ji = dr - br;
      y[o0] = apcr + bpdr;
      y[o0 + 1] = apci + bpdi;
      const w1r = tw[t];
      const w1i = tw[t + 1];
      const w2r = tw[t + 2];
      const w2i = tw[t + 3];
      const w3r = tw[t + 4];
      const w3i = tw[t + 5];
      const t1r = amcr + jr;
      const t1i = amci + ji;
      y[o0 + 2] = w1r * t1r - w1i * t1i;
      y[o0 + 3] = w1r * t1i + w1i * t1r;
      const t2r = apcr - bpdr;
      const t2i = apci - bpdi;
      y[o0 + 4] = w2r * t2r - w2i * t2i;
      y[o0 + 5] = w2r * t2i + w2i * t2r;
      const t3r = amcr - jr;
      const t3i = amci - ji;
      y[o0 + 6] = w3r * t3r - w3i * t3i;
      y[o0 + 7] = w3r * t3i + w3i * t3r;
    }
    return;
  }
  if (tw === null) {
    // last radix-4 stage (q4 = 1): all twiddles are 1
    for (let q = 0; q < s2; q += 2) {
      const i0 = xo + q;
      const o0 = yo + q;
      const ar = x[i0];
      const ai = x[i0 + 1];
      const br = x[i0 + d1];
      const bi = x[i0 + d1 + 1];
      const cr = x[i0 + d2];
      const ci = x[i0 + d2 + 1];
      const dr = x[i0 + d3];
      const di = x[i0 + d3 + 1];
      const apcr = ar + cr;
      const apci = ai + ci;
      const amcr = ar - cr;
      const amci = ai - ci;
      const bpdr = br + dr;
      const bpdi = bi + di;
      const jr = bi - di;
      const ji = dr - br;
      y[o0] = apcr + bpdr;
      y[o0 + 1] = apci + bpdi;
      y[o0 + s2] = amcr + jr;
      y[o0 + s2 + 1] = amci + ji;
      y[o0 + 2 * s2] = apcr - bpdr;
      y[o0 + 2 * s2 + 1] = apci - bpdi;
      y[o0 + 3 * s2] = amcr - jr;
      y[o0 + 3 * s2 + 1] = amci - ji;
    }
    return;
  }
  const e1 = s2;
  const e2 = 2 * s2;
  const e3 = 3 * s2;
  for (let p = 0; p < q4; p++) {
    const t = 6 * p;
    const w1r = tw[t];
    const w1i = tw[t + 1];
    const w2r = tw[t + 2];
    const w2i = tw[t + 3];
    const w3r = tw[t + 4];
    const w3i = tw[t + 5];
    const ib = xo + p * s2;
    const ob = yo + 4 * p * s2;
    for (let q = 0; q < s2; q += 2) {
      const i0 = ib + q;
      const o0 = ob + q;
      const ar = x[i0];
      const ai = x[i0 + 1];
      const br = x[i0 + d1];
      const bi = x[i0 + d1 + 1];
      const cr = x[i0 + d2];
      const ci = x[i0 + d2 + 1];
      const dr = x[i0 + d3];
      const di = x[i0 + d3 + 1];
      const apcr = ar + cr;
      const apci = ai + ci;
      const amcr = ar - cr;
      const amci = ai - ci;
      const bpdr = br + dr;
      const bpdi = bi + di;
      const jr = bi - di;
      const ji = dr - br;
      y[o0] = apcr + bpdr;
      y[o0 + 1] = apci + bpdi;
      const t1r = amcr + jr;
      const t1i = amci + ji;
      y[o0 + e1] = w1r * t1r - w1i * t1i;
      y[o0 + e1 + 1] = w1r * t1i + w1i * t1r;
      const t2r = apcr - bpdr;
      const t2i = apci - bpdi;
      y[o0 + e2] = w2r * t2r - w2i * t2i;
      y[o0 + e2 + 1] = w2r * t2i + w2i * t2r;
      const t3r = amcr - jr;
      const t3i = amci - ji;
      y[o0 + e3] = w3r * t3r - w3i * t3i;
      y[o0 + e3 + 1] = w3r * t3i + w3i * t3r;
    }
  }
}
