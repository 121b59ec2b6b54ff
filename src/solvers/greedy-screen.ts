/**
 * Screening correlations for OMP's atom selection: a float32 copy of a dense A in WebAssembly
 * memory gives every c_j = a_j^T r with a rigorous error bound at half the memory traffic of the
 * double-precision kernel, and the few columns that could be the maximiser are then re-evaluated
 * exactly, so the selected atom is the argmax of the exact correlations.
 *
 * Bound. With a~_ij = fl32(a_ij) (round to nearest, |a~ - a| <= u |a|, u = 2^-24) and the sum
 * accumulated in double precision from the widened entries (relative error <= gamma_m ~ m 2^-53
 * per dot product):
 *
 *     |c~_j - c_j| <= (u (1 + u) + gamma_m) sum_i |a_ij r_i| <= e_j = (2^-24 + m 2^-52) ||a~_j|| ||r|| (1 + 1e-6)
 *
 * (Cauchy-Schwarz; the squared norms ||a~_j||^2 come from one kernel pass at setup, and each norm
 * is inflated by 2^-125 sqrt(m) to cover the absolute error of subnormal float32 entries). Every j with
 * |c~_j| + e_j >= max_l (|c~_l| - e_l) may be the exact maximiser; typically one or two columns
 * pass. Entries beyond the float32 range make the store decline (null) so callers use the
 * double-precision kernels.
 *
 * @example
 * import { createWasmScreen } from './greedy-screen.ts';
 * const s = createWasmScreen({ rows: 2, cols: 2, data: Float64Array.of(0.1, 1, 2, 3) });
 * const c = new Float64Array(2);
 * const k = s?.correlate(Float64Array.of(1, 1), c); // c ~ [2.1, 4] (float32 data); e_j = k ||a~_j||
 */
import { acquireKernels, releaseKernels } from '../core/dense/wasm-kernels.ts';
import type { DenseLike } from './problem.ts';

const ROWS = 4;
const PAD = 4;
const F32_MAX = 3.4028234663852886e38;

export interface WasmScreen {
  readonly m: number;
  readonly n: number;
  /** ||a~_j||_2 of the float32 columns plus 2^-125 sqrt(m) (length n). */
  readonly norms: Float64Array;
  /**
   * out[j] = a~_j^T r (out.length >= n); returns the factor kappa such that
   * |out[j] - a_j^T r| <= kappa norms[j] for every j.
   */
  correlate(r: Float64Array, out: Float64Array): number;
  /** Hands the instance back for reuse; the store must not be used afterwards. */
  release(): void;
}

/** Float32 copy of M with the screening kernel; null without WebAssembly SIMD or for huge/overflowing M. */
export function createWasmScreen(M: DenseLike): WasmScreen | null {
  const m = M.rows;
  const n = M.cols;
  const nPad = Math.max(PAD, Math.ceil(n / PAD) * PAD);
  const mPad = Math.max(ROWS, Math.ceil(m / ROWS) * ROWS);
  const aBytes = mPad * nPad * 4;
  const rOff = aBytes / 8; // in doubles (aBytes is a multiple of 16)
  const outOff = rOff + mPad;
  const bytes = aBytes + (mPad + nPad) * 8;
  const k = acquireKernels(bytes);
  if (!k) return null;
  const f32 = new Float32Array(k.mem.buffer, 0, mPad * nPad);
  const heap = new Float64Array(k.mem.buffer, 0, bytes / 8);
  const src = M.data;
  if (nPad === n) f32.set(src.subarray(0, m * n));
  else {
    for (let i = 0; i < m; i++) {
      f32.set(src.subarray(i * n, i * n + n), i * nPad);
      f32.fill(0, i * nPad + n, (i + 1) * nPad);
    }
  }
  f32.fill(0, m * nPad);
  heap.fill(0, rOff);
  const rowBytes = nPad * 4;
  const outN = heap.subarray(outOff, outOff + nPad);
  k.sqnorms32(0, 0, outOff * 8, rowBytes, m);
  const norms = new Float64Array(n);
  const tiny = 2 ** -125 * Math.sqrt(m);
  let finite = true;
  for (let j = 0; j < n; j++) {
    norms[j] = Math.sqrt(outN[j]) + tiny;
    if (!(norms[j] < F32_MAX)) finite = false;
  }
  if (!finite) {
    releaseKernels(k);
    return null;
  }
  const rBuf = heap.subarray(rOff, rOff + m);
  const unit = 2 ** -24 + m * 2 ** -52;
  const blocks = mPad / ROWS;
  let released = false;
  return {
    m,
    n,
    norms,
    correlate(r, out) {
      let rr = 0;
      for (let i = 0; i < m; i++) {
        const v = r[i];
        rBuf[i] = v;
        rr += v * v;
      }
      outN.fill(0);
      k.axpys32(0, rOff * 8, outOff * 8, rowBytes, blocks);
      for (let j = 0; j < n; j++) out[j] = outN[j];
      return unit * Math.sqrt(rr) * (1 + 1e-6);
    },
    release() {
      if (released) return;
      released = true;
      releaseKernels(k);
    },
  };
}
