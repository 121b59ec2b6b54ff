/**
 * Row passes of the 2-D periodized DWT: one single-level transform of every row of an h x w
 * block, approximation to the left half, detail to the right (and back).
 *
 * Per row, the interior outputs (whose filter window does not wrap) are computed in sweeps over
 * the row, two or four taps per sweep with the coefficients held in locals (no modulo, no
 * per-tap table loads); the few outputs near each end that wrap around are then computed with
 * the modular formulas of dwt1.ts. Complex interleaved rows (e = 2 doubles per pixel) are swept
 * once for the real and once for the imaginary parts, in place, with stride 2.
 *
 * Blocks are (array, offset, row stride in doubles); `w` counts pixels. Outputs must not overlap
 * the inputs. With `sweep` false only the wrapped outputs are computed: the WebAssembly path
 * (./simd2.ts) computes the interior with the same operations.
 */
import type { WaveletFilters } from './filters.ts';

function wrap(i: number, n: number): number {
  const r = i % n;
  return r < 0 ? r + n : r;
}

/**
 * The interior outputs [k0, k1) of a forward row pass of w pixels with filter length F: those
 * whose window [2k - s, 2k - s + F), s = F/2 - 1, lies inside [0, w).
 */
export function forwardInterior(F: number, w: number): [number, number] {
  const s = F / 2 - 1;
  const k0 = (s + 1) >> 1;
  return [k0, Math.max(k0, Math.min(w / 2, Math.floor((w - F + s) / 2) + 1))];
}

/**
 * The interior pairs [q0, q1) of an inverse row pass (window k = q + kb .. q + kb + F/2 - 1
 * inside [0, w/2), 2q + c + 1 < w), with the output parity c and window start kb.
 */
export function inverseInterior(F: number, w: number): [number, number, number, number] {
  const F2 = F / 2;
  const w2 = w / 2;
  const c = (F2 + 1) % 2;
  const kb = (c - F2 + 1) / 2;
  const q0 = -kb;
  return [q0, Math.max(q0, Math.min(w2 - F2 - kb, w2 - 1 - c) + 1), c, kb];
}

/** Forward: row r of src -> [a | d] in row r of dst; e = 1 (real) or 2 (complex). */
export function rowsForward(
  f: WaveletFilters,
  h: number,
  w: number,
  e: number,
  src: Float64Array,
  sOff: number,
  sStride: number,
  dst: Float64Array,
  dOff: number,
  dStride: number,
  sweep = true,
): void {
  const F = f.length;
  const s = F / 2 - 1;
  const w2 = w / 2;
  const [k0, k1] = forwardInterior(F, w);
  for (let r = 0; r < h; r++) {
    for (let comp = 0; comp < e; comp++) {
      const px = sOff + r * sStride + comp;
      const pa = dOff + r * dStride + comp;
      const pd = pa + e * w2;
      if (sweep) sweepForward(f, k0, k1, e, src, px - e * s, dst, pa, pd);
      for (let k = 0; k < w2; k++) {
        if (k === k0) {
          k = k1;
          if (k >= w2) break;
        }
        let sa = 0;
        let sd = 0;
        for (let m = 0; m < F; m++) {
          const v = src[px + e * wrap(2 * k + m - s, w)];
          sa += f.recLo[m] * v;
          sd += f.recHi[m] * v;
        }
        dst[pa + e * k] = sa;
        dst[pd + e * k] = sd;
      }
    }
  }
}

/** a[k] = sum_m lo[m] x[p + e(2k + m)] (and d with hi) for k in [k0, k1); p = start of tap 0 at k = 0. */
function sweepForward(
  f: WaveletFilters,
  k0: number,
  k1: number,
  e: number,
  src: Float64Array,
  p: number,
  dst: Float64Array,
  pa: number,
  pd: number,
): void {
  if (k1 <= k0) return;
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const e2 = 2 * e;
  let m = 0;
  if (F % 4 === 2) {
    const l0 = lo[0];
    const l1 = lo[1];
    const g0 = hi[0];
    const g1 = hi[1];
    for (let k = k0; k < k1; k++) {
      const q = p + e2 * k;
      const v0 = src[q];
      const v1 = src[q + e];
      dst[pa + e * k] = l0 * v0 + l1 * v1;
      dst[pd + e * k] = g0 * v0 + g1 * v1;
    }
    m = 2;
  } else {
    const l0 = lo[0];
    const l1 = lo[1];
    const l2 = lo[2];
    const l3 = lo[3];
    const g0 = hi[0];
    const g1 = hi[1];
    const g2 = hi[2];
    const g3 = hi[3];
    for (let k = k0; k < k1; k++) {
      const q = p + e2 * k;
      const v0 = src[q];
      const v1 = src[q + e];
      const v2 = src[q + e2];
      const v3 = src[q + e2 + e];
      dst[pa + e * k] = l0 * v0 + l1 * v1 + (l2 * v2 + l3 * v3);
      dst[pd + e * k] = g0 * v0 + g1 * v1 + (g2 * v2 + g3 * v3);
    }
    m = 4;
  }
  for (; m < F; m += 4) {
    const l0 = lo[m];
    const l1 = lo[m + 1];
    const l2 = lo[m + 2];
    const l3 = lo[m + 3];
    const g0 = hi[m];
    const g1 = hi[m + 1];
    const g2 = hi[m + 2];
    const g3 = hi[m + 3];
    const pm = p + e * m;
    for (let k = k0; k < k1; k++) {
      const q = pm + e2 * k;
      const v0 = src[q];
      const v1 = src[q + e];
      const v2 = src[q + e2];
      const v3 = src[q + e2 + e];
      dst[pa + e * k] += l0 * v0 + l1 * v1 + (l2 * v2 + l3 * v3);
      dst[pd + e * k] += g0 * v0 + g1 * v1 + (g2 * v2 + g3 * v3);
    }
  }
}

/** Inverse: [a | d] in row r of src -> row r of dst; e = 1 (real) or 2 (complex). */
export function rowsInverse(
  f: WaveletFilters,
  h: number,
  w: number,
  e: number,
  src: Float64Array,
  sOff: number,
  sStride: number,
  dst: Float64Array,
  dOff: number,
  dStride: number,
  sweep = true,
): void {
  const lo = f.recLo;
  const hi = f.recHi;
  const F = f.length;
  const F2 = F / 2;
  const w2 = w / 2;
  const [q0, q1, c, kb] = inverseInterior(F, w);
  for (let r = 0; r < h; r++) {
    for (let comp = 0; comp < e; comp++) {
      const pa = sOff + r * sStride + comp;
      const pd = pa + e * w2;
      const px = dOff + r * dStride + comp;
      if (sweep) sweepInverse(f, q0, q1, e, src, pa + e * kb, pd + e * kb, dst, px + e * c);
      for (let q = 0; q < w2; q++) {
        if (q === q0) {
          q = q1;
          if (q >= w2) break;
        }
        let s0 = 0;
        let s1 = 0;
        for (let j = 0, m = F - 2; j < F2; j++, m -= 2) {
          const kk = e * wrap(q + kb + j, w2);
          const va = src[pa + kk];
          const vd = src[pd + kk];
          s0 += lo[m] * va + hi[m] * vd;
          s1 += lo[m + 1] * va + hi[m + 1] * vd;
        }
        const i0 = 2 * q + c;
        dst[px + e * i0] = s0;
        dst[px + e * (i0 + 1 === w ? 0 : i0 + 1)] = s1;
      }
    }
  }
}

/**
 * x[2q] = sum_j lo[F-2-2j] a[q+j] + hi[F-2-2j] d[q+j], x[2q+1] likewise with F-1-2j, for q in
 * [q0, q1); a, d, x given by the positions of index 0 (already shifted by kb and c).
 */
function sweepInverse(
  f: WaveletFilters,
  q0: number,
  q1: number,
  e: number,
  src: Float64Array,
  pa: number,
  pd: number,
  dst: Float64Array,
  px: number,
): void {
  if (q1 <= q0) return;
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const F2 = F / 2;
  const e2 = 2 * e;
  let j = 0;
  if (F2 % 2 === 1) {
    const m = F - 2;
    const l0 = lo[m];
    const g0 = hi[m];
    const l1 = lo[m + 1];
    const g1 = hi[m + 1];
    for (let q = q0; q < q1; q++) {
      const va = src[pa + e * q];
      const vd = src[pd + e * q];
      const o = px + e2 * q;
      dst[o] = l0 * va + g0 * vd;
      dst[o + e] = l1 * va + g1 * vd;
    }
    j = 1;
  } else {
    const m = F - 2;
    const l0 = lo[m];
    const g0 = hi[m];
    const l1 = lo[m + 1];
    const g1 = hi[m + 1];
    const l2 = lo[m - 2];
    const g2 = hi[m - 2];
    const l3 = lo[m - 1];
    const g3 = hi[m - 1];
    for (let q = q0; q < q1; q++) {
      const ia = pa + e * q;
      const id = pd + e * q;
      const va = src[ia];
      const vb = src[ia + e];
      const vd = src[id];
      const ve = src[id + e];
      const o = px + e2 * q;
      dst[o] = l0 * va + g0 * vd + (l2 * vb + g2 * ve);
      dst[o + e] = l1 * va + g1 * vd + (l3 * vb + g3 * ve);
    }
    j = 2;
  }
  for (; j < F2; j += 2) {
    const m = F - 2 - 2 * j;
    const l0 = lo[m];
    const g0 = hi[m];
    const l1 = lo[m + 1];
    const g1 = hi[m + 1];
    const l2 = lo[m - 2];
    const g2 = hi[m - 2];
    const l3 = lo[m - 1];
    const g3 = hi[m - 1];
    const ja = pa + e * j;
    const jd = pd + e * j;
    for (let q = q0; q < q1; q++) {
      const ia = ja + e * q;
      const id = jd + e * q;
      const va = src[ia];
      const vb = src[ia + e];
      const vd = src[id];
      const ve = src[id + e];
      const o = px + e2 * q;
      dst[o] += l0 * va + g0 * vd + (l2 * vb + g2 * ve);
      dst[o + e] += l1 * va + g1 * vd + (l3 * vb + g3 * ve);
    }
  }
}
