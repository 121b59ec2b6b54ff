/**
 * The even-length DCT-II / DCT-III of ./dct-even.ts run in the WebAssembly memory: x is copied
 * in once, Makhoul's permutation (`dctPack`), the n/2-point FFT stages, the fused split and
 * twiddle pass (`dctPost`, or `dctPreInv` before the inverse FFT) and the inverse permutation
 * (`dctUnpack`) all run there (./wasm-aux.ts), and the result is copied out once. The pairs
 * k = 0 and k = m/2, which are their own partners, are done here with the formulas of
 * ./dct-even.ts. Every operation is the one of the JavaScript path in the same order, so the
 * results are identical.
 *
 * Memory layout of the data region (n = 2m doubles each): x or y, then the two FFT buffers, then
 * the output.
 */
import type { StockhamKernel } from './stockham.ts';
import type { FftWasm } from './wasm.ts';

/** Pre-split complex factor (re, im) -> (re, re, -im, im) at o. */
function put(d: Float64Array, o: number, re: number, im: number): void {
  d[o] = re;
  d[o + 1] = re;
  d[o + 2] = -im;
  d[o + 3] = im;
}

/** Per-plan SIMD state: the tables of ./wasm-aux.ts for k = 1..count, registered once per instance. */
export class DctSimd {
  private owner: FftWasm | null = null;
  private fwd = 0;
  private inv = 0;
  /** Number of pairs (k, m - k) with 1 <= k < m - k. */
  private readonly count: number;

  constructor(
    private readonly n: number,
    private readonly kernel: StockhamKernel,
    /** ./dct-even.ts evenTables(n). */
    private readonly t: Float64Array,
  ) {
    this.count = ((n >> 1) - 1) >> 1;
  }

  /** The instance with the tables registered, or null. */
  private ready(): FftWasm | null {
    const w = this.kernel.simd();
    if (w === null) return null;
    if (this.owner !== w) {
      const t = this.t;
      const c = this.count;
      const f = new Float64Array(12 * Math.max(c, 1));
      const g = new Float64Array(12 * Math.max(c, 1));
      for (let k = 1; k <= c; k++) {
        const o = 10 * k;
        const d = 12 * (k - 1);
        put(f, d, t[o], t[o + 1]);
        put(f, d + 4, t[o + 2], t[o + 3]);
        put(f, d + 8, t[o + 4], t[o + 5]);
        put(g, d, t[o], -t[o + 1]);
        put(g, d + 4, t[o + 6], t[o + 7]);
        put(g, d + 8, t[o + 8], t[o + 9]);
      }
      const fwd = w.addTwiddles(f);
      const inv = w.addTwiddles(g);
      if (fwd < 0 || inv < 0) return null;
      this.fwd = fwd;
      this.inv = inv;
      this.owner = w;
    }
    return w;
  }

  /** y[yo + k ys] <- DCT-II of x[xo + j xs]; false (nothing done) without SIMD or memory. */
  forward(x: Float64Array, xo: number, xs: number, y: Float64Array, yo: number, ys: number): boolean {
    const w = this.ready();
    if (w === null) return false;
    const n = this.n;
    const m = n >> 1;
    const at = w.region(32 * n);
    if (at < 0) return false;
    const k = this.kernel;
    const heap = w.heap();
    const a = at + 8 * n; // FFT buffers a, a + 8n; output at + 24n
    const out = at + 24 * n;
    if (xs === 1) {
      heap.set(xo === 0 && x.length === n ? x : x.subarray(xo, xo + n), at >> 3);
      w.dctPack(at, a, m);
    } else {
      const step = 2 * xs;
      const a8 = a >> 3;
      for (let j = a8, i = xo, e = a8 + m; j < e; j++, i += step) heap[j] = x[i];
      for (let j = a8 + n - 1, i = xo + xs, e = a8 + m; j >= e; j--, i += step) heap[j] = x[i];
    }
    const r = k.stagesAt(w, a, a + 8 * n, 0, k.stageCount, false, 1, 1, 0);
    if (this.count > 0) w.dctPost(r, this.fwd, out, this.count, m);
    const zo = r >> 3;
    const o8 = out >> 3;
    const f0 = Math.sqrt(1 / n);
    const f1 = Math.sqrt(2 / n);
    heap[o8] = f0 * (heap[zo] + heap[zo + 1]);
    heap[o8 + m] = f1 * Math.SQRT1_2 * (heap[zo] - heap[zo + 1]);
    const h = m >> 1;
    if (m % 2 === 0 && h > 0) {
      const vr = heap[zo + 2 * h];
      const vi = -heap[zo + 2 * h + 1];
      const o = 10 * h;
      const cr = 2 * this.t[o + 2];
      const ci = 2 * this.t[o + 3];
      heap[o8 + h] = cr * vr - ci * vi;
      heap[o8 + n - h] = -(cr * vi + ci * vr);
    }
    if (ys === 1) y.set(w.view(o8, n), yo);
    else for (let j = 0, i = yo; j < n; j++, i += ys) y[i] = heap[o8 + j];
    return true;
  }

  /** y[yo + j ys] <- DCT-III of x[xo + k xs]; false (nothing done) without SIMD or memory. */
  inverse(x: Float64Array, xo: number, xs: number, y: Float64Array, yo: number, ys: number): boolean {
    const w = this.ready();
    if (w === null) return false;
    const n = this.n;
    const m = n >> 1;
    const at = w.region(32 * n);
    if (at < 0) return false;
    const k = this.kernel;
    const heap = w.heap();
    const a = at + 8 * n;
    const out = at + 24 * n;
    const x8 = at >> 3;
    if (xs === 1) heap.set(xo === 0 && x.length === n ? x : x.subarray(xo, xo + n), x8);
    else for (let j = 0, i = xo; j < n; j++, i += xs) heap[x8 + j] = x[i];
    if (this.count > 0) w.dctPreInv(at, this.inv, a, this.count, m);
    const t = this.t;
    const zo = a >> 3;
    const f0 = Math.sqrt(1 / n);
    const f1 = Math.sqrt(2 / n);
    const v0 = heap[x8] / (n * f0);
    const vm = (Math.SQRT2 * heap[x8 + m]) / (n * f1);
    const h = m >> 1;
    if (m % 2 === 0 && h > 0) {
      const o = 10 * h;
      const pr = heap[x8 + h];
      const pi = -heap[x8 + n - h];
      const cr = t[o + 6];
      const ci = t[o + 7];
      heap[zo + 2 * h] = 2 * (cr * pr - ci * pi);
      heap[zo + 2 * h + 1] = -2 * (cr * pi + ci * pr);
    }
    heap[zo] = v0 + vm;
    heap[zo + 1] = v0 - vm;
    const r = k.stagesAt(w, a, a + 8 * n, 0, k.stageCount, true, 1, 1, 0);
    if (ys === 1) {
      w.dctUnpack(r, out, m);
      y.set(w.view(out >> 3, n), yo);
      return true;
    }
    const r8 = r >> 3;
    const step = 2 * ys;
    for (let j = r8, i = yo, e = r8 + m; j < e; j++, i += step) y[i] = heap[j];
    for (let j = r8 + n - 1, i = yo + ys, e = r8 + m; j >= e; j--, i += step) y[i] = heap[j];
    return true;
  }
}
