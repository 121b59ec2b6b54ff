/**
 * The O(mn) and O(n |S|) products of the l1 homotopy (./homotopy.ts), in WebAssembly SIMD where
 * available: a padded copy of A and the columns of C_S = A^T A_S live in the linear memory of a
 * pooled instance of core/dense's kernel module, and every product is its `axpys` kernel,
 *
 *     out[l] <- out[l] + sum_t r_t M[t, l]     (rows t in order, two columns l per f64x2 lane pair)
 *
 * used three ways: c_y = A^T y and the Gram column A^T a_j (M = A, r = y or a_j, out = 0), and
 * the correlations a = C_S d (out = 0) and c = A^T y - C_S x_S (out = c_y, r = -x_S; adding
 * the product with -x_t is exactly subtracting the product with x_t).
 *
 * Each output entry is one sequential sum over t starting from +0, the lanes only run different
 * columns side by side: the results are bit-for-bit those of the plain loops (and of the
 * JavaScript fallback below, used where WebAssembly SIMD is missing, or with `kernel: 'js'`),
 * 4-5 times faster than the best JavaScript loop at n = 200. Padding rows (of A and C, to a
 * multiple of 4) are zero with zero coefficients, so they add +0 to sums that started from +0;
 * padding columns (to a multiple of 4) only feed padding outputs, which are never read.
 *
 * Reference for the kernel and the opcodes: ../core/dense/wasm-kernels.ts.
 *
 * @example
 * import { PathKernels } from './homotopy-kernels.ts';
 * const K = PathKernels.create(Float64Array.of(1, 2, 1, 1, 0, -1), 2, 3, 2, 'auto');
 * K.start(Float64Array.of(2, 0.5));   // K.cy: [2.5, 4, 1.5] = A^T y
 * K.gramRow(1, 0);                     // row 0 of C: A^T a_1 = [2, 4, 2]
 * K.release();
 */
import { acquireKernels, type Kernels, releaseKernels } from '../core/dense/wasm-kernels.ts';

const ROWS = 4;
const PAD = 4;
const pad = (x: number, p: number) => Math.max(p, Math.ceil(x / p) * p);

/** out[l] += sum_t r[t] M[t, l] for rows t < rows (M row-major with `stride`), in row order. */
function axpysJs(
  h: Float64Array,
  mOff: number,
  stride: number,
  rows: number,
  rOff: number,
  outOff: number,
  len: number,
): void {
  let t = 0;
  for (; t + 3 < rows; t += 4) {
    const o0 = mOff + t * stride;
    const o1 = o0 + stride;
    const o2 = o1 + stride;
    const o3 = o2 + stride;
    const r0 = h[rOff + t];
    const r1 = h[rOff + t + 1];
    const r2 = h[rOff + t + 2];
    const r3 = h[rOff + t + 3];
    for (let l = 0; l < len; l++) {
      let s = h[outOff + l];
      s += r0 * h[o0 + l];
      s += r1 * h[o1 + l];
      s += r2 * h[o2 + l];
      s += r3 * h[o3 + l];
      h[outOff + l] = s;
    }
  }
  for (; t < rows; t++) {
    const o = mOff + t * stride;
    const r = h[rOff + t];
    for (let l = 0; l < len; l++) h[outOff + l] += r * h[o + l];
  }
}

export class PathKernels {
  /** Row stride of A's copy and of C (n rounded up to a multiple of 4). */
  readonly nPad: number;
  /** C_S: row t = A^T a_{S_t} (capacity rows, stride nPad); a view of the kernel memory. */
  readonly C: Float64Array;
  /** A^T y (after `start`). */
  readonly cy: Float64Array;
  /** a = C_S d and c = A^T y - C_S x_S (after `correlations`). */
  readonly a: Float64Array;
  readonly c: Float64Array;
  private readonly heap: Float64Array;
  private readonly rA: Float64Array;
  private readonly rC: Float64Array;
  private readonly oC: number;
  private readonly oRA: number;
  private readonly oRC: number;
  private readonly oCy: number;
  private readonly oA: number;
  private readonly oc: number;
  private released = false;

  private constructor(
    private readonly A: Float64Array,
    private readonly m: number,
    private readonly n: number,
    cap: number,
    private readonly kern: Kernels | null,
  ) {
    const nPad = pad(n, PAD);
    const mPad = pad(m, ROWS);
    const capPad = pad(cap, ROWS);
    this.nPad = nPad;
    // layout (doubles): A copy | C | rA | rC | cy | a | c
    this.oC = mPad * nPad;
    this.oRA = this.oC + capPad * nPad;
    this.oRC = this.oRA + mPad;
    this.oCy = this.oRC + capPad;
    this.oA = this.oCy + nPad;
    this.oc = this.oA + nPad;
    const total = this.oc + nPad;
    const h = kern ? new Float64Array(kern.mem.buffer, 0, total) : new Float64Array(total);
    this.heap = h;
    if (nPad === n) h.set(A.subarray(0, m * n));
    else {
      for (let i = 0; i < m; i++) {
        h.set(A.subarray(i * n, i * n + n), i * nPad);
        h.fill(0, i * nPad + n, (i + 1) * nPad);
      }
    }
    // stale kernel memory may hold anything: zero the padding rows of A and of rA (they enter
    // every product); C rows are written before they are read, except the up to 3 padding rows
    // of its last block, zeroed by `correlations`
    h.fill(0, m * nPad, mPad * nPad);
    h.fill(0, this.oRA + m, this.oRC);
    this.C = h.subarray(this.oC, this.oRA);
    this.rA = h.subarray(this.oRA, this.oRC);
    this.rC = h.subarray(this.oRC, this.oCy);
    this.cy = h.subarray(this.oCy, this.oCy + n);
    this.a = h.subarray(this.oA, this.oA + n);
    this.c = h.subarray(this.oc, this.oc + n);
  }

  /**
   * Kernels for the row-major m x n A with room for `cap` columns of C_S: WebAssembly SIMD
   * unless unavailable or `mode` is 'js'.
   */
  static create(A: Float64Array, m: number, n: number, cap: number, mode: 'auto' | 'js'): PathKernels {
    const doubles =
      (pad(m, ROWS) + pad(cap, ROWS)) * pad(n, PAD) + pad(m, ROWS) + pad(cap, ROWS) + 3 * pad(n, PAD);
    const kern = mode === 'js' ? null : acquireKernels(8 * doubles);
    return new PathKernels(A, m, n, cap, kern);
  }

  /** Whether the WebAssembly kernels are in use. */
  get wasm(): boolean {
    return this.kern !== null;
  }

  /** out (at heap offset outOff, nPad long, preset) += sum_t r_t M[t, :] over `rows` rows of M. */
  private axpys(mOff: number, rows: number, rOff: number, outOff: number): void {
    if (this.kern) this.kern.axpys(8 * mOff, 8 * rOff, 8 * outOff, 8 * this.nPad, Math.ceil(rows / ROWS));
    else axpysJs(this.heap, mOff, this.nPad, rows, rOff, outOff, this.n);
  }

  /** cy = A^T y. */
  start(y: Float64Array): Float64Array {
    this.rA.set(y.subarray(0, this.m));
    this.heap.fill(0, this.oCy, this.oCy + this.nPad);
    this.axpys(0, this.m, this.oRA, this.oCy);
    return this.cy;
  }

  /** Row `row` of C = A^T a_j (one O(mn) pass). */
  gramRow(j: number, row: number): void {
    const { A, m, n, rA } = this;
    for (let i = 0; i < m; i++) rA[i] = A[i * n + j];
    const o = this.oC + row * this.nPad;
    this.heap.fill(0, o, o + this.nPad);
    this.axpys(0, this.m, this.oRA, o);
  }

  /** a = C_S d and c = A^T y - C_S x_S over the first k rows of C (sums in row order). */
  correlations(k: number, d: Float64Array, xS: Float64Array): void {
    const { heap: h, rC, oA, oc, oCy, nPad, oC, oRC } = this;
    const kPad = pad(k, ROWS);
    h.fill(0, oC + k * nPad, oC + kPad * nPad);
    for (let t = 0; t < k; t++) rC[t] = d[t];
    rC.fill(0, k, kPad);
    h.fill(0, oA, oA + nPad);
    this.axpys(oC, k, oRC, oA);
    for (let t = 0; t < k; t++) rC[t] = -xS[t];
    h.copyWithin(oc, oCy, oCy + nPad);
    this.axpys(oC, k, oRC, oc);
  }

  /** Hands the kernel instance back to the pool; nothing may be used afterwards. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.kern) releaseKernels(this.kern);
  }
}
