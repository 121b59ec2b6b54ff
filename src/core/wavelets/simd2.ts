/**
 * The complex interleaved 2-D wavelet transform of ./plan2.ts in WebAssembly SIMD: the image is
 * copied once into the memory of a kernel instance (./wasm.ts), every level runs there (the
 * interior of the row passes and the whole column passes in SIMD, the few wrapped outputs of each
 * row with the JavaScript code of ./rows.ts on the same memory), and the result is copied out.
 * The operations are those of the JavaScript path in the same order, so both give identical
 * results (tested); the JavaScript path runs where WebAssembly SIMD is missing.
 *
 * Memory (bytes): the taps (rec_lo then rec_hi, splatted, 32 F), a table of row addresses for
 * one column pass, then three complex images: the input (or coefficients), the row-pass scratch
 * and the output.
 */
import type { WaveletFilters } from './filters.ts';
import { forwardInterior, inverseInterior, rowsForward, rowsInverse } from './rows.ts';
import { type WaveletKernels, waveletKernels } from './wasm.ts';

function wrap(i: number, n: number): number {
  const r = i % n;
  return r < 0 ? r + n : r;
}

export class WaveletSimd2 {
  private readonly k: WaveletKernels;
  private heap: Float64Array;
  private tab: Int32Array;
  private readonly tabAt: number;
  private readonly X: number;
  private readonly T: number;
  private readonly O: number;

  private constructor(
    k: WaveletKernels,
    private readonly ny: number,
    private readonly nx: number,
    private readonly levels: number,
    private readonly f: WaveletFilters,
  ) {
    this.k = k;
    const F = f.length;
    const tapBytes = 32 * F;
    const tabBytes = 16 * Math.ceil(((ny / 2) * (F + 2) * 4) / 16);
    const img = 16 * ny * nx;
    this.tabAt = tapBytes;
    this.X = tapBytes + tabBytes;
    this.T = this.X + img;
    this.O = this.T + img;
    const need = this.O + img;
    const have = k.mem.buffer.byteLength;
    if (need > have) k.mem.grow(Math.ceil((need - have) / 65536));
    this.heap = new Float64Array(k.mem.buffer);
    this.tab = new Int32Array(k.mem.buffer);
    for (let m = 0; m < F; m++) {
      this.heap.fill(f.recLo[m], 2 * m, 2 * m + 2);
      this.heap.fill(f.recHi[m], 2 * (F + m), 2 * (F + m) + 2);
    }
  }

  /** The SIMD path for an ny x nx complex plan, or null (no WebAssembly SIMD, or more than 1 GiB). */
  static create(ny: number, nx: number, levels: number, f: WaveletFilters): WaveletSimd2 | null {
    if (levels === 0 || 48 * ny * nx > 2 ** 30) return null;
    const k = waveletKernels(f.length);
    return k === null ? null : new WaveletSimd2(k, ny, nx, levels, f);
  }

  /** out <- forward transform of the complex image x (2 ny nx doubles each). */
  forward(x: Float64Array, out: Float64Array): void {
    const { f, heap, nx, X, T, O } = this;
    const F = f.length;
    const s = F / 2 - 1;
    heap.set(x, X >> 3);
    const rowBytes = 16 * nx;
    let h = this.ny;
    let w = this.nx;
    let src = X;
    for (let l = 1; l <= this.levels; l++) {
      const w2 = w >> 1;
      const h2 = h >> 1;
      rowsForward(f, h, w, 2, heap, src >> 3, 2 * nx, heap, T >> 3, 2 * w, false);
      const [k0, k1] = forwardInterior(F, w);
      if (k1 > k0) this.k.rowFwd(src + 16 * (2 * k0 - s), T + 16 * k0, 16 * w2, k1 - k0, h, rowBytes, 16 * w, 0);
      const tab = this.tab;
      const t4 = this.tabAt >> 2;
      for (let k = 0; k < h2; k++)
        for (let m = 0; m < F; m++) tab[t4 + k * F + m] = T + wrap(2 * k + m - s, h) * 16 * w;
      this.k.colFwd(O, 16 * w, h2, this.tabAt, 0, rowBytes);
      src = O;
      h = h2;
      w = w2;
    }
    out.set(heap.subarray(O >> 3, (O >> 3) + 2 * this.ny * nx));
  }

  /** out <- inverse transform of the complex coefficients c. */
  inverse(c: Float64Array, out: Float64Array): void {
    const { f, heap, nx, X, T, O, levels } = this;
    const F = f.length;
    const F2 = F / 2;
    heap.set(c, X >> 3);
    const rowBytes = 16 * nx;
    let h = this.ny >> (levels - 1);
    let w = nx >> (levels - 1);
    let prev = X;
    const cp = (F2 + 1) % 2; // output parity and window start of columnsInverse
    const kb = (cp - F2 + 1) / 2;
    for (let l = levels; l >= 1; l--) {
      const h2 = h >> 1;
      const w2 = w >> 1;
      // left half: approximation (prev) over da (X); right half: ad over dd (both X)
      this.columnsTable(h, prev, X + h2 * rowBytes, T, w, cp, kb);
      this.k.colInv(this.tabAt, 8 * w, h2, 0);
      this.columnsTable(h, X + 8 * w, X + h2 * rowBytes + 8 * w, T + 8 * w, w, cp, kb);
      this.k.colInv(this.tabAt, 8 * w, h2, 0);
      rowsInverse(f, h, w, 2, heap, T >> 3, 2 * w, heap, O >> 3, 2 * nx, false);
      const [r0, r1, c, b] = inverseInterior(F, w);
      if (r1 > r0) {
        const pa = T + 16 * (b + r0);
        this.k.rowInv(pa, pa + 16 * w2, O + 16 * (c + 2 * r0), r1 - r0, h, 16 * w, rowBytes, 0);
      }
      prev = O;
      h <<= 1;
      w <<= 1;
    }
    out.set(heap.subarray(O >> 3, (O >> 3) + 2 * this.ny * nx));
  }

  /**
   * The row table of one inverse column pass (./columns.ts columnsInverse): per output pair q,
   * the a and d rows of the window entries j < F/2, then the two output rows; a and d rows are
   * `rowBytes` apart, outputs 16 w apart.
   */
  private columnsTable(h: number, a: number, d: number, x: number, w: number, c: number, kb: number): void {
    const F2 = this.f.length / 2;
    const h2 = h >> 1;
    const rowBytes = 16 * this.nx;
    const tab = this.tab;
    let t = this.tabAt >> 2;
    for (let q = 0; q < h2; q++) {
      for (let j = 0; j < F2; j++) {
        const kk = wrap(q + kb + j, h2) * rowBytes;
        tab[t++] = a + kk;
        tab[t++] = d + kk;
      }
      const i0 = 2 * q + c;
      tab[t++] = x + i0 * 16 * w;
      tab[t++] = x + (i0 + 1 === h ? 0 : i0 + 1) * 16 * w;
    }
  }
}
