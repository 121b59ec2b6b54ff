/**
 * Column passes of the 2-D periodized DWT, vectorised across the row: one single-level
 * transform of every column of an h x w block at once.
 *
 * Output row k of the analysis is a combination of F whole input rows (see dwt1.ts for the
 * formulas), so the inner loop runs along contiguous rows with the filter taps held in locals,
 * four taps per sweep: cache-friendly, no strided access, no modulo (the wrap-around only picks
 * which rows enter). Because a real filter acts on real and imaginary parts alike, a complex
 * interleaved block is the same call with w doubled (2 doubles per pixel).
 *
 * Blocks are given as (array, offset, row stride); `w` counts doubles per row. Outputs must not
 * overlap the inputs.
 *
 * Reference: S. Mallat, IEEE PAMI 11 (1989) 674-693 (separable 2-D multiresolution).
 */
import type { WaveletFilters } from './filters.ts';

function wrap(i: number, n: number): number {
  const r = i % n;
  return r < 0 ? r + n : r;
}

/**
 * Forward: the h x w block `src` becomes approximation rows 0 .. h/2-1 and detail rows
 * h/2 .. h-1 of `dst`. `rows` is scratch of at least F entries.
 */
export function columnsForward(
  f: WaveletFilters,
  h: number,
  w: number,
  src: Float64Array,
  sOff: number,
  sStride: number,
  dst: Float64Array,
  dOff: number,
  dStride: number,
  rows: Int32Array,
): void {
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const s = F / 2 - 1;
  const h2 = h / 2;
  for (let k = 0; k < h2; k++) {
    for (let m = 0; m < F; m++) rows[m] = sOff + wrap(2 * k + m - s, h) * sStride;
    const pa = dOff + k * dStride;
    const pd = dOff + (h2 + k) * dStride;
    let m = 0;
    // first sweep assigns, later sweeps accumulate
    if (F % 4 === 2) {
      const l0 = lo[0];
      const l1 = lo[1];
      const g0 = hi[0];
      const g1 = hi[1];
      const r0 = rows[0];
      const r1 = rows[1];
      for (let j = 0; j < w; j++) {
        const v0 = src[r0 + j];
        const v1 = src[r1 + j];
        dst[pa + j] = l0 * v0 + l1 * v1;
        dst[pd + j] = g0 * v0 + g1 * v1;
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
      const r0 = rows[0];
      const r1 = rows[1];
      const r2 = rows[2];
      const r3 = rows[3];
      for (let j = 0; j < w; j++) {
        const v0 = src[r0 + j];
        const v1 = src[r1 + j];
        const v2 = src[r2 + j];
        const v3 = src[r3 + j];
        dst[pa + j] = l0 * v0 + l1 * v1 + (l2 * v2 + l3 * v3);
        dst[pd + j] = g0 * v0 + g1 * v1 + (g2 * v2 + g3 * v3);
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
      const r0 = rows[m];
      const r1 = rows[m + 1];
      const r2 = rows[m + 2];
      const r3 = rows[m + 3];
      for (let j = 0; j < w; j++) {
        const v0 = src[r0 + j];
        const v1 = src[r1 + j];
        const v2 = src[r2 + j];
        const v3 = src[r3 + j];
        dst[pa + j] += l0 * v0 + l1 * v1 + (l2 * v2 + l3 * v3);
        dst[pd + j] += g0 * v0 + g1 * v1 + (g2 * v2 + g3 * v3);
      }
    }
  }
}

/**
 * Inverse: from approximation rows (`a`, aOff, k = 0 .. h/2-1) and detail rows (`d`, dOff), both
 * with row stride `sStride`, writes the h x w block `dst`. `rows` is scratch of >= F entries.
 */
export function columnsInverse(
  f: WaveletFilters,
  h: number,
  w: number,
  a: Float64Array,
  aOff: number,
  d: Float64Array,
  dOff: number,
  sStride: number,
  dst: Float64Array,
  xOff: number,
  xStride: number,
  rows: Int32Array,
): void {
  const lo = f.recLo;
  const hi = f.recHi;
  const F = lo.length;
  const F2 = F / 2;
  const h2 = h / 2;
  const c = (F2 + 1) % 2;
  const kb = (c - F2 + 1) / 2;
  for (let q = 0; q < h2; q++) {
    // rows[2j] = a row, rows[2j+1] = d row of window entry j
    for (let j = 0; j < F2; j++) {
      const kk = wrap(q + kb + j, h2) * sStride;
      rows[2 * j] = aOff + kk;
      rows[2 * j + 1] = dOff + kk;
    }
    const i0 = 2 * q + c;
    const p0 = xOff + i0 * xStride;
    const p1 = xOff + (i0 + 1 === h ? 0 : i0 + 1) * xStride;
    let j = 0;
    if (F2 % 2 === 1) {
      const m = F - 2;
      const l0 = lo[m];
      const g0 = hi[m];
      const l1 = lo[m + 1];
      const g1 = hi[m + 1];
      const ra = rows[0];
      const rd = rows[1];
      for (let t = 0; t < w; t++) {
        const va = a[ra + t];
        const vd = d[rd + t];
        dst[p0 + t] = l0 * va + g0 * vd;
        dst[p1 + t] = l1 * va + g1 * vd;
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
      const ra = rows[0];
      const rd = rows[1];
      const rb = rows[2];
      const re = rows[3];
      for (let t = 0; t < w; t++) {
        const va = a[ra + t];
        const vd = d[rd + t];
        const vb = a[rb + t];
        const ve = d[re + t];
        dst[p0 + t] = l0 * va + g0 * vd + (l2 * vb + g2 * ve);
        dst[p1 + t] = l1 * va + g1 * vd + (l3 * vb + g3 * ve);
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
      const ra = rows[2 * j];
      const rd = rows[2 * j + 1];
      const rb = rows[2 * j + 2];
      const re = rows[2 * j + 3];
      for (let t = 0; t < w; t++) {
        const va = a[ra + t];
        const vd = d[rd + t];
        const vb = a[rb + t];
        const ve = d[re + t];
        dst[p0 + t] += l0 * va + g0 * vd + (l2 * vb + g2 * ve);
        dst[p1 + t] += l1 * va + g1 * vd + (l3 * vb + g3 * ve);
      }
    }
  }
}
