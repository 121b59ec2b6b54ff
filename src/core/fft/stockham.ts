/**
 * Mixed-radix complex FFT: a Stockham autosort chain of radix-4, 2, 3, 5, 7 and generic odd-prime
 * stages (./factor.ts chooses the radices), on interleaved re/im Float64Arrays. No reordering
 * pass: every stage reads one buffer and writes the other in an order that leaves the result
 * sorted.
 *
 * Stage k has radix r = r_k, sub-length m = r_k r_{k+1} ... r_{K-1} and stride s = s0 r_0 ... r_{k-1}:
 *
 *     for p < l = m/r, q < s:  a_i = x[q + s(p + i l)],  i < r
 *       y[q + s(r p + j)] = w^{p j} sum_i W_r^{i j} a_i,   w = e^{-2 pi i/m}
 *
 * (butterflies in ./stages.ts). Starting at s0 = B > 1 transforms B interleaved sequences at once
 * (element j of sequence b at index j B + b): the column FFTs of a row-major B-column array in one
 * sweep with contiguous inner loops. Twiddles are stored per stage, contiguous in p; the last
 * stage (l = 1) has none.
 *
 * From 32 complex values up the stages run in WebAssembly SIMD (./wasm.ts, ./wasm-stages.ts: one
 * f64x2 per complex number, identical results); the JavaScript stages are the fallback.
 *
 * Reference: Cooley & Tukey (1965); T. G. Stockham, AFIPS 1966 (autosort); C. Temperton,
 * "Self-sorting mixed-radix fast Fourier transforms", J. Comput. Phys. 52 (1983) 1-23.
 *
 * @example
 * import { StockhamKernel } from './stockham.ts';
 * const k = new StockhamKernel(3);
 * const y = new Float64Array(6);
 * k.run(Float64Array.of(1, 0, 0, 0, 0, 0), 0, y, 0, false, 1, new Float64Array(6), 0);
 * // y = [1, 0, 1, 0, 1, 0]
 */
import { radices } from './factor.ts';
import { oddConstants, radix2, radix4, radixOdd } from './stages.ts';
import { type FftWasm, fftWasm } from './wasm.ts';

/** Smallest transform (n times batch times reps complex values) sent to the SIMD stages. */
export const SIMD_MIN = 32;
/** Below this stride s, a stage repeated over many sequences loops over the sequences innermost. */
const INNER_MIN = 8;

/** Twiddles of a stage of radix r and sub-length m: w^{p j} (j = 1..r-1) interleaved, per p < m/r. */
function stageTwiddles(r: number, m: number, sign: number): Float64Array {
  const l = m / r;
  const t = new Float64Array(2 * (r - 1) * l);
  for (let p = 0; p < l; p++) {
    for (let j = 1; j < r; j++) {
      // angle 2 pi p j / m, reduced exactly to [0, m) before the trig call
      const a = (2 * Math.PI * ((p * j) % m)) / m;
      const o = 2 * ((r - 1) * p + j - 1);
      t[o] = Math.cos(a);
      t[o + 1] = sign * Math.sin(a);
    }
  }
  return t;
}

/** Pre-split copy for the SIMD stages: each (wr, wi) becomes (wr, wr, -wi, wi). */
export function split(t: Float64Array): Float64Array {
  const o = new Float64Array(2 * t.length);
  for (let i = 0; i < t.length; i += 2) {
    o[2 * i] = t[i];
    o[2 * i + 1] = t[i];
    o[2 * i + 2] = -t[i + 1];
    o[2 * i + 3] = t[i + 1];
  }
  return o;
}

/**
 * Unnormalised DFT kernel of length n (prime factors <= MAX_RADIX) with precomputed per-stage
 * twiddles (forward and inverse). Allocation-free: the caller passes a work buffer.
 */
export class StockhamKernel {
  readonly n: number;
  /** Radix of each stage, in order. */
  readonly radices: readonly number[];
  /** l = m / r of each stage. */
  private readonly ls: number[];
  private readonly fw: (Float64Array | null)[];
  private readonly inv: (Float64Array | null)[];
  /** oddConstants per odd radix used. */
  private readonly odd: Map<number, Float64Array>;
  /** Scratch of the odd butterflies (4 h doubles for the largest h). */
  private readonly sc: Float64Array;
  /** Byte addresses of the pre-split twiddles (0: none) and generic tables in the SIMD instance. */
  private simdTw: { fw: number[]; inv: number[]; tab: number[] } | null = null;
  private simdOwner: FftWasm | null = null;

  /** `order`: the radices in the order to run them (default ./factor.ts radices(n)). */
  constructor(n: number, order: readonly number[] = radices(n)) {
    this.n = n;
    this.radices = order;
    this.ls = [];
    this.fw = [];
    this.inv = [];
    this.odd = new Map();
    let m = n;
    let hMax = 0;
    for (const r of this.radices) {
      this.ls.push(m / r);
      this.fw.push(m === r ? null : stageTwiddles(r, m, -1));
      this.inv.push(m === r ? null : stageTwiddles(r, m, 1));
      if (r % 2 === 1 && !this.odd.has(r)) this.odd.set(r, oddConstants(r));
      if (r % 2 === 1) hMax = Math.max(hMax, (r - 1) >> 1);
      m /= r;
    }
    this.sc = new Float64Array(4 * hMax);
  }

  /** Number of stages. */
  get stageCount(): number {
    return this.radices.length;
  }

  /** Radix of the last stage (1 for n = 1). */
  get lastRadix(): number {
    const K = this.radices.length;
    return K === 0 ? 1 : this.radices[K - 1];
  }

  /** Twiddle table of stage k (see stageTwiddles; null for the last stage), for callers that fuse a stage. */
  twiddles(k: number, inverse: boolean): Float64Array | null {
    return inverse ? this.inv[k] : this.fw[k];
  }

  /**
   * y[yo ..] <- DFT of x[xo ..] for `batch` interleaved sequences (2 n batch doubles each side),
   * unnormalised, e^{-2 pi i jk/n} (or e^{+...} when `inverse`). `work[wo ..]` must hold 2 n
   * batch doubles and overlap neither x nor y. x and y may be the same region (in place); they
   * must not partially overlap.
   */
  run(
    x: Float64Array,
    xo: number,
    y: Float64Array,
    yo: number,
    inverse: boolean,
    batch: number,
    work: Float64Array,
    wo: number,
  ): void {
    const K = this.radices.length;
    const len = 2 * this.n * batch;
    if (K === 0) {
      if (x !== y || xo !== yo) y.set(x.subarray(xo, xo + len), yo);
      return;
    }
    const w = len >= 2 * SIMD_MIN ? this.simd() : null;
    const a = w !== null ? w.region(16 * len) : -1;
    if (w !== null && a >= 0) {
      w.heap().set(xo === 0 && x.length === len ? x : x.subarray(xo, xo + len), (a >> 3));
      const r = this.stagesAt(w, a, a + 8 * len, 0, K, inverse, batch, 1, 0);
      y.set(w.view((r >> 3), len), yo);
      return;
    }
    // Stage k writes y when K-1-k is even, else work; an in-place odd chain starts from a copy.
    let src = x;
    let so = xo;
    if (K % 2 === 1 && x === y && xo === yo) {
      work.set(x.subarray(xo, xo + len), wo);
      src = work;
      so = wo;
    }
    this.runStages(0, K, src, so, y, yo, inverse, batch, work, wo);
  }

  /**
   * The shared SIMD instance with this kernel's twiddles and tables registered, or null (no
   * WebAssembly SIMD, disabled, or out of memory). Register every kernel you will use before
   * asking for a data region.
   */
  simd(): FftWasm | null {
    const w = fftWasm();
    if (w === null) return null;
    if (this.simdOwner !== w) {
      const reg = (t: Float64Array | null) => (t === null ? 0 : w.addTwiddles(split(t)));
      const fw = this.fw.map(reg);
      const inv = this.inv.map(reg);
      const tab = this.radices.map((r) => (r > 11 ? w.table(r) : 0));
      if (fw.includes(-1) || inv.includes(-1) || tab.includes(-1)) return null;
      this.simdTw = { fw, inv, tab };
      this.simdOwner = w;
    }
    return w;
  }

  /**
   * SIMD stages `from` .. `to` - 1 on data at byte address a (b: a second buffer of the same
   * size); `reps` sequences of `batch` interleaved transforms, `rowBytes` apart. Returns the
   * byte address (a or b) that holds the result. Requires simd() first.
   */
  stagesAt(
    w: FftWasm,
    a: number,
    b: number,
    from: number,
    to: number,
    inverse: boolean,
    batch: number,
    reps: number,
    rowBytes: number,
  ): number {
    const st = this.simdTw!;
    const tw = inverse ? st.inv : st.fw;
    let s = batch;
    for (let k = 0; k < from; k++) s *= this.radices[k];
    let src = a;
    let dst = b;
    for (let k = from; k < to; k++) {
      const r = this.radices[k];
      const l = this.ls[k];
      const sB = 16 * s;
      const d = l * sB;
      const twk = tw[k];
      const flat = s === 1 && reps === 1 && twk !== 0;
      // the longer of the loops over q < s (stride 16) and over reps (stride rowBytes) runs inside
      const qInside = s >= INNER_MIN || s >= reps;
      w.stage(r, twk !== 0, flat)(
        src,
        dst,
        twk,
        l,
        sB,
        inverse ? (r - 1) * d : d,
        inverse ? -d : d,
        st.tab[k],
        qInside ? reps : s,
        qInside ? rowBytes : 16,
        qInside ? sB : reps * rowBytes,
        qInside ? 16 : rowBytes,
      );
      s *= r;
      const t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  /**
   * Runs stages `from` .. `to` - 1 on `src` (the output of stage from-1, or the input when
   * from = 0), stage k writing y when K-1-k is even and `work` otherwise (K = stageCount, so a
   * full chain ends in y). No stage may read and write the same buffer: src must be the buffer
   * stage from-1 wrote, or one that stage `from` does not write.
   */
  runStages(
    from: number,
    to: number,
    src: Float64Array,
    so: number,
    y: Float64Array,
    yo: number,
    inverse: boolean,
    batch: number,
    work: Float64Array,
    wo: number,
  ): void {
    const K = this.radices.length;
    if (to <= from) return;
    const len = 2 * this.n * batch;
    const w = len >= 2 * SIMD_MIN ? this.simd() : null;
    const a = w !== null ? w.region(16 * len) : -1;
    if (w !== null && a >= 0) {
      w.heap().set(so === 0 && src.length === len ? src : src.subarray(so, so + len), (a >> 3));
      const r = this.stagesAt(w, a, a + 8 * len, from, to, inverse, batch, 1, 0);
      const toY = (K - to) % 2 === 0;
      (toY ? y : work).set(w.view((r >> 3), len), toY ? yo : wo);
      return;
    }
    const tws = inverse ? this.inv : this.fw;
    let s = batch;
    for (let k = 0; k < from; k++) s *= this.radices[k];
    for (let k = from; k < to; k++) {
      const toY = (K - 1 - k) % 2 === 0;
      const dst = toY ? y : work;
      const dofs = toY ? yo : wo;
      const r = this.radices[k];
      const l = this.ls[k];
      if (r === 4) radix4(l, s, src, so, dst, dofs, tws[k], inverse);
      else if (r === 2) radix2(l, s, src, so, dst, dofs, tws[k]);
      else radixOdd(r, this.odd.get(r)!, l, s, src, so, dst, dofs, tws[k], inverse, this.sc);
      src = dst;
      so = dofs;
      s *= r;
    }
  }
}
