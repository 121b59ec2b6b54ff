/**
 * Power-of-two complex FFT: radix-4 Stockham autosort (plus one radix-2 stage when log2 n is
 * odd), on interleaved re/im Float64Arrays. No bit-reversal pass: every stage reads one buffer and
 * writes the other in an order that leaves the result sorted.
 *
 * Stage with sub-length m (starting at m = n) and stride s (starting at s = s0):
 *
 *     for p < m/4, q < s:  a, b, c, d = x[q + s(p + k m/4)],  k = 0..3
 *       y[q + s(4p + r)] = w^{pr} sum_k W4^{kr} x_k,  w = e^{-2 pi i/m},  W4 = e^{-2 pi i/4}
 *
 * then m <- m/4, s <- 4s. Starting at s0 = B > 1 transforms B interleaved sequences at once
 * (element j of sequence b at index j B + b): the column FFTs of a row-major B-column array in one
 * sweep with contiguous inner loops. Twiddles are stored per stage, contiguous in p.
 *
 * From 32 complex values up the stages run in WebAssembly SIMD (./wasm.ts: one f64x2 per complex
 * number, about 2-3x faster, identical results); the JavaScript stages below are the fallback.
 *
 * Reference: J. W. Cooley and J. W. Tukey, "An algorithm for the machine calculation of complex
 * Fourier series", Math. Comp. 19 (1965) 297-301; T. G. Stockham, "High-speed convolution and
 * correlation", AFIPS 1966; the radix-4 formulation follows OTFFT (Okojo, "OTFFT: Stockham
 * algorithm").
 *
 * @example
 * import { Pow2Kernel } from './pow2.ts';
 * const k = new Pow2Kernel(4);
 * const y = new Float64Array(8);
 * k.run(Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0), 0, y, 0, false, 1, new Float64Array(8), 0);
 * // y = [1, 0, 1, 0, 1, 0, 1, 0]
 */

import { type FftWasm, fftWasm } from './wasm.ts';

/** Smallest transform (n times batch times reps complex values) sent to the SIMD stages. */
export const SIMD_MIN = 32;

/** Twiddles of one radix-4 stage of sub-length m: [w1r, w1i, w2r, w2i, w3r, w3i] per p < m/4. */
function stageTwiddles(m: number, sign: number): Float64Array {
  const q = m >> 2;
  const t = new Float64Array(6 * q);
  for (let p = 0; p < q; p++) {
    for (let r = 1; r <= 3; r++) {
      // angle 2 pi p r / m, reduced exactly to [0, m) before the trig call
      const k = (p * r) % m;
      const a = (2 * Math.PI * k) / m;
      t[6 * p + 2 * (r - 1)] = Math.cos(a);
      t[6 * p + 2 * (r - 1) + 1] = sign * Math.sin(a);
    }
  }
  return t;
}

/**
 * One radix-4 stage, general stride. x[xo..], y[yo..] hold `4 * (m/4) * s` complex values.
 * `sg` = +1 forward (e^{-i}), -1 inverse (e^{+i}); `tw` matches the direction.
 */
function radix4(
  m: number,
  s: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  tw: Float64Array,
  sg: number,
): void {
  const q4 = m >> 2;
  const s2 = 2 * s;
  // The inverse butterfly is the forward one with b and d exchanged (W4 -> conj W4).
  const d2 = 2 * q4 * s2;
  const d1 = sg > 0 ? q4 * s2 : 3 * q4 * s2;
  const d3 = sg > 0 ? 3 * q4 * s2 : q4 * s2;
  if (s === 1) {
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
  if (q4 === 1) {
    // last radix-4 stage: all twiddles are 1
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

/** Final radix-2 stage (m = 2, no twiddles). */
function radix2(s: number, x: Float64Array, xo: number, y: Float64Array, yo: number): void {
  const s2 = 2 * s;
  for (let q = 0; q < s2; q += 2) {
    const i0 = xo + q;
    const o0 = yo + q;
    const ar = x[i0];
    const ai = x[i0 + 1];
    const br = x[i0 + s2];
    const bi = x[i0 + s2 + 1];
    y[o0] = ar + br;
    y[o0 + 1] = ai + bi;
    y[o0 + s2] = ar - br;
    y[o0 + s2 + 1] = ai - bi;
  }
}

/**
 * Unnormalised power-of-two DFT kernel with precomputed per-stage twiddles (forward and inverse).
 * Allocation-free: the caller passes a work buffer.
 */
export class Pow2Kernel {
  readonly n: number;
  /** Sub-lengths of the radix-4 stages (n, n/4, ...), then 2 if a radix-2 stage ends the chain. */
  private readonly sizes: number[];
  private readonly fw: Float64Array[];
  private readonly inv: Float64Array[];
  /** Byte addresses of the pre-split twiddles in the SIMD instance (registered on first use). */
  private simdTw: { fw: number[]; inv: number[] } | null = null;
  private simdOwner: FftWasm | null = null;

  constructor(n: number) {
    this.n = n;
    this.sizes = [];
    this.fw = [];
    this.inv = [];
    let m = n;
    while (m >= 4) {
      this.sizes.push(m);
      this.fw.push(stageTwiddles(m, -1));
      this.inv.push(stageTwiddles(m, 1));
      m >>= 2;
    }
    if (m === 2) {
      this.sizes.push(2);
      this.fw.push(new Float64Array(0));
      this.inv.push(new Float64Array(0));
    }
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
    const K = this.sizes.length;
    const len = 2 * this.n * batch;
    if (K === 0) {
      if (x !== y || xo !== yo) copy(x, xo, y, yo, len);
      return;
    }
    const w = len >= 2 * SIMD_MIN ? this.simd() : null;
    const a = w !== null ? w.region(16 * len) : -1;
    if (w !== null && a >= 0) {
      w.heap().set(xo === 0 && x.length === len ? x : x.subarray(xo, xo + len), a / 8);
      const r = this.stagesAt(w, a, a + 8 * len, 0, K, inverse, batch, 1, 0);
      y.set(w.view(r / 8, len), yo);
      return;
    }
    // Stage k writes y when K-1-k is even, else work; an in-place odd chain starts from a copy.
    let src = x;
    let so = xo;
    if (K % 2 === 1 && x === y && xo === yo) {
      copy(x, xo, work, wo, len);
      src = work;
      so = wo;
    }
    this.runStages(0, K, src, so, y, yo, inverse, batch, work, wo);
  }

  /**
   * The shared SIMD instance with this kernel's twiddles registered, or null (no WebAssembly
   * SIMD, or disabled). Register every kernel you will use before asking for a data region.
   */
  simd(): FftWasm | null {
    const w = fftWasm();
    if (w === null) return null;
    if (this.simdOwner !== w) {
      const split = (t: Float64Array) => {
        const o = new Float64Array(2 * t.length);
        for (let i = 0; i < t.length; i += 2) {
          o[2 * i] = t[i];
          o[2 * i + 1] = t[i];
          o[2 * i + 2] = -t[i + 1];
          o[2 * i + 3] = t[i + 1];
        }
        return w.addTwiddles(o);
      };
      const fw: number[] = [];
      const inv: number[] = [];
      for (let k = 0; k < this.sizes.length; k++) {
        fw.push(this.sizes[k] === 2 ? 0 : split(this.fw[k]));
        inv.push(this.sizes[k] === 2 ? 0 : split(this.inv[k]));
      }
      if (fw.includes(-1) || inv.includes(-1)) return null;
      this.simdTw = { fw, inv };
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
    const tw = inverse ? this.simdTw!.inv : this.simdTw!.fw;
    let s = batch;
    for (let k = 0; k < from; k++) s *= 4;
    let src = a;
    let dst = b;
    for (let k = from; k < to; k++) {
      const m = this.sizes[k];
      const sB = 16 * s;
      if (m === 2) {
        w.r2(src, dst, 0, 0, sB, 0, 0, 0, reps, rowBytes);
        s *= 2;
      } else {
        const q4 = m >> 2;
        const d = q4 * sB;
        w.r4(src, dst, tw[k], q4, sB, inverse ? 3 * d : d, 2 * d, inverse ? d : 3 * d, reps, rowBytes);
        s *= 4;
      }
      const t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  /** Number of stages (radix-4 stages of sub-length n, n/4, ..., then one radix-2 stage when log2 n is odd). */
  get stageCount(): number {
    return this.sizes.length;
  }

  /** Radix of the last stage: 2 when log2 n is odd, else 4 (1 for n = 1). */
  get lastRadix(): number {
    const K = this.sizes.length;
    return K === 0 ? 1 : this.sizes[K - 1] === 2 ? 2 : 4;
  }

  /** Twiddle table of radix-4 stage k (see stageTwiddles), for callers that fuse the first stage. */
  twiddles(k: number, inverse: boolean): Float64Array {
    return inverse ? this.inv[k] : this.fw[k];
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
    const K = this.sizes.length;
    if (to <= from) return;
    const len = 2 * this.n * batch;
    const w = len >= 2 * SIMD_MIN ? this.simd() : null;
    const a = w !== null ? w.region(16 * len) : -1;
    if (w !== null && a >= 0) {
      w.heap().set(so === 0 && src.length === len ? src : src.subarray(so, so + len), a / 8);
      const r = this.stagesAt(w, a, a + 8 * len, from, to, inverse, batch, 1, 0);
      const toY = (K - to) % 2 === 0;
      (toY ? y : work).set(w.view(r / 8, len), toY ? yo : wo);
      return;
    }
    const sg = inverse ? -1 : 1;
    const tws = inverse ? this.inv : this.fw;
    let s = batch;
    for (let k = 0; k < from; k++) s *= 4;
    for (let k = from; k < to; k++) {
      const toY = (K - 1 - k) % 2 === 0;
      const dst = toY ? y : work;
      const dofs = toY ? yo : wo;
      const m = this.sizes[k];
      if (m === 2) radix2(s, src, so, dst, dofs);
      else radix4(m, s, src, so, dst, dofs, tws[k], sg);
      src = dst;
      so = dofs;
      s *= m === 2 ? 2 : 4;
    }
  }
}

function copy(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): void {
  for (let i = 0; i < len; i++) y[yo + i] = x[xo + i];
}
