/**
 * Dense matrix-vector kernels in WebAssembly SIMD for the greedy solvers and AMP: a copy of a
 * dense row-major A (m x n) in the linear memory of its own WebAssembly instance, with
 *
 *     apply(x, out):   out = A x     (a panel of four rows at a time, one f64x2 accumulator per row)
 *     adjoint(r, out): out = A^T r   (a panel of four rows at a time: out += r_i a_i^T, blocked axpy)

 * The copy is packed: panels of four rows interleaved by column pairs (see PANEL in
 * ./wasm-assemble.ts), so both products stream the matrix sequentially; from 16 rows up they
 * read four distant runs of panels at once (`panelDots4`, `panelAxpys4`), which keeps the
 * hardware prefetchers streaming across 4 KB page boundaries (A x about 0.8x the time of one
 * stream on 1024 x 4096; A x's sums run in the same order, A^T r's in a different one).
 *
 * The same module also holds the float32 kernels of OMP's screening (./greedy-screen.ts:
 * A^T r over a float32 copy widened to double, and squared column norms); `acquireKernels` and
 * `releaseKernels` hand out pooled instances.
 *
 * A^T r is the one full product per iteration of OMP and its relatives (memory bound); this
 * kernel runs within about 1.3x of a single-threaded OpenBLAS dgemv on the benchmark sizes, where
 * plain JavaScript is 3-4 times slower. The copy pads each row to an even length and the row count
 * to a multiple of 4 with zeros. Every store owns its memory, so solvers that run
 * interleaved (step generators) never share buffers. The module (< 1 KB) is assembled below and
 * compiled synchronously once.
 *
 * Where WebAssembly SIMD is missing (old browsers) or the matrix exceeds 2 GiB,
 * {@link createWasmDense} returns null and callers use the JavaScript kernels of ./problem.ts.
 * Sums run in a different order than the JavaScript kernels, so results agree to rounding.
 *
 * Reference for the opcodes: the WebAssembly SIMD proposal, BinarySIMD.md
 * (https://github.com/WebAssembly/simd/blob/main/proposals/simd/BinarySIMD.md).
 *
 * @example
 * import { createWasmDense } from './greedy-wasm.ts';
 * const d = createWasmDense({ rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) });
 * d?.adjoint(Float64Array.of(1, 1), new Float64Array(3)); // [5, 7, 9] = A^T [1, 1]
 * d?.apply(Float64Array.of(1, 0, 1), new Float64Array(2)); // [4, 10]
 */
import { moduleBytes } from '../wasm/bytes-cache.ts';
import type { Matrix } from './matrix.ts';
import { assemble, PANEL, STREAMS } from './wasm-assemble.ts';

/** Any row-major dense matrix (the core Matrix and the solvers' DenseLike both fit). */
type DenseLike = Pick<Matrix, 'rows' | 'cols' | 'data'>;


/**
 * An m x n row-major matrix held in WebAssembly memory, with SIMD products A x and A^T r
 * (returned by `createWasmDense`; {@link prepareMatrix} wraps it).
 */
export interface WasmDense {
  readonly m: number;
  readonly n: number;
  /** out = A x (x.length >= n, out.length >= m); returns out. */
  apply(x: Float64Array, out: Float64Array): Float64Array;
  /** out = A^T r (r.length >= m, out.length >= n); returns out. */
  adjoint(r: Float64Array, out: Float64Array): Float64Array;
  /** Hands the instance back for reuse; the store must not be used afterwards. */
  release(): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel module, or null when WebAssembly SIMD is unavailable. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly === 'object') {
      const bytes = moduleBytes('dense', assemble);
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    }
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether the WebAssembly SIMD kernel is available in this runtime. */
export function simdAvailable(): boolean {
  return kernelModule() !== null;
}

const PAGE = 65536;
/** Largest copy placed in WebAssembly memory (bytes); beyond it callers use JavaScript kernels. */
const MAX_WASM_BYTES = 2 ** 31;

/** One instance of the kernel module (all addresses in bytes). */
export interface Kernels {
  panelDots: (a: number, x: number, out: number, rowBytes: number, panels: number) => void;
  panelDots4: (a: number, x: number, out: number, rowBytes: number, q: number) => void;
  panelAxpys4: (a: number, r: number, out: number, rowBytes: number, q: number) => void;
  panelAxpys: (a: number, r: number, out: number, rowBytes: number, panels: number) => void;
  axpys: (a: number, r: number, out: number, rowBytes: number, blocks: number) => void;
  axpys32: (a: number, r: number, out: number, rowBytes: number, blocks: number) => void;
  sqnorms32: (a: number, unused: number, out: number, rowBytes: number, rows: number) => void;
  mem: WebAssembly.Memory;
}

/**
 * Released instances kept for reuse (their memory is already grown, which saves the page faults
 * of a fresh allocation on every solve). At most POOL_SIZE instances of at most POOL_BYTES each.
 */
const pool: Kernels[] = [];
const POOL_SIZE = 2;
const POOL_BYTES = 2 ** 26;

/**
 * An instance whose memory holds at least `bytes` (from the pool when possible), or null when
 * WebAssembly SIMD is unavailable or `bytes` exceeds 2 GiB. Give it back with releaseKernels.
 */
export function acquireKernels(bytes: number): Kernels | null {
  const mod = kernelModule();
  if (!mod || bytes > MAX_WASM_BYTES) return null;
  return acquire(mod, bytes);
}

/** Returns an instance to the pool (when small enough); it must not be used afterwards. */
export function releaseKernels(k: Kernels): void {
  if (pool.length < POOL_SIZE && k.mem.buffer.byteLength <= POOL_BYTES) pool.push(k);
}

function acquire(mod: WebAssembly.Module, bytes: number): Kernels {
  let pick = -1;
  for (let i = 0; i < pool.length; i++) {
    const b = pool[i].mem.buffer.byteLength;
    if (b >= bytes && (pick < 0 || b < pool[pick].mem.buffer.byteLength)) pick = i;
  }
  const k =
    pick >= 0 ? pool.splice(pick, 1)[0] : (new WebAssembly.Instance(mod, {}).exports as unknown as Kernels);
  const pages = Math.ceil(bytes / PAGE);
  const have = k.mem.buffer.byteLength / PAGE;
  if (pages > have) k.mem.grow(pages - have);
  return k;
}

/**
 * Copies the dense row-major M into a WebAssembly instance; null when WebAssembly SIMD is
 * unavailable or M is too large. Call `release()` when done to let the next solve reuse the
 * instance's memory (optional: an unreleased instance is simply garbage collected).
 */
export function createWasmDense(M: DenseLike): WasmDense | null {
  const mod = kernelModule();
  if (!mod) return null;
  const m = M.rows;
  const n = M.cols;
  const nPad = Math.max(2, n + (n & 1));
  const mPad = Math.max(PANEL, Math.ceil(m / PANEL) * PANEL);
  const aLen = mPad * nPad;
  const doubles = aLen + 2 * mPad + 2 * nPad;
  if (doubles * 8 > MAX_WASM_BYTES) return null;
  const k = acquire(mod, doubles * 8);
  const heap = new Float64Array(k.mem.buffer, 0, doubles);
  heap.fill(0, aLen - PANEL * nPad, aLen); // the last panel's padding rows are interleaved with its rows
  packPanels(M.data, m, n, nPad, heap);
  const rOff = aLen;
  const xOff = rOff + mPad;
  const outNOff = xOff + nPad;
  const outMOff = outNOff + nPad;
  const rBuf = heap.subarray(rOff, rOff + m);
  const xBuf = heap.subarray(xOff, xOff + n);
  const outN = heap.subarray(outNOff, outNOff + nPad);
  const outM = heap.subarray(outMOff, outMOff + m);
  heap.fill(0, rOff, outMOff + mPad); // padding of r and x stays zero
  const rowBytes = nPad * 8;
  const panels = mPad / PANEL;
  const { panelDots, panelDots4, panelAxpys, panelAxpys4 } = k;
  // A x: STREAMS runs of q panels at once, then the remaining panels one stream
  const q = Math.floor(panels / STREAMS);
  const restAt = q * STREAMS * PANEL * rowBytes;
  const restOut = outMOff * 8 + q * STREAMS * PANEL * 8;
  const rest = panels - q * STREAMS;
  const restR = rOff * 8 + q * STREAMS * PANEL * 8;
  let released = false;
  return {
    m,
    n,
    apply(x, out) {
      xBuf.set(x.length === n ? x : x.subarray(0, n));
      if (q > 0) panelDots4(0, xOff * 8, outMOff * 8, rowBytes, q);
      if (rest > 0) panelDots(restAt, xOff * 8, restOut, rowBytes, rest);
      for (let i = 0; i < m; i++) out[i] = outM[i];
      return out;
    },
    adjoint(r, out) {
      rBuf.set(r.length === m ? r : r.subarray(0, m));
      outN.fill(0);
      if (q > 0) panelAxpys4(0, rOff * 8, outNOff * 8, rowBytes, q);
      if (rest > 0) panelAxpys(restAt, restR, outNOff * 8, rowBytes, rest);
      for (let j = 0; j < n; j++) out[j] = outN[j];
      return out;
    },
    release() {
      if (released) return;
      released = true;
      releaseKernels(k);
    },
  };
}

/**
 * Writes the m x n row-major `src` into `dst` in the panel layout: row i = PANEL p + k, column j
 * goes to p PANEL nPad + (j >> 1) 2 PANEL + 2 k + (j & 1); an odd last column gets a zero partner.
 * Rows m..mPad-1 (zeros) are left to the caller. Full panels take an unrolled path written for
 * PANEL = 4 (the tests cover every shape up to 9 x 9, so a change of PANEL shows there).
 */
function packPanels(src: Float64Array, m: number, n: number, nPad: number, dst: Float64Array): void {
  const even = n & ~1;
  for (let i0 = 0; i0 < m; i0 += PANEL) {
    const rows = Math.min(PANEL, m - i0);
    let d = i0 * nPad;
    if (rows === PANEL) {
      const r0 = i0 * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      for (let j = 0; j < even; j += 2, d += 8) {
        dst[d] = src[r0 + j];
        dst[d + 1] = src[r0 + j + 1];
        dst[d + 2] = src[r1 + j];
        dst[d + 3] = src[r1 + j + 1];
        dst[d + 4] = src[r2 + j];
        dst[d + 5] = src[r2 + j + 1];
        dst[d + 6] = src[r3 + j];
        dst[d + 7] = src[r3 + j + 1];
      }
    } else {
      for (let j = 0; j < even; j += 2, d += 2 * PANEL) {
        for (let k = 0; k < rows; k++) {
          dst[d + 2 * k] = src[(i0 + k) * n + j];
          dst[d + 2 * k + 1] = src[(i0 + k) * n + j + 1];
        }
      }
    }
    if (even < n) {
      for (let k = 0; k < rows; k++) {
        dst[d + 2 * k] = src[(i0 + k) * n + even];
        dst[d + 2 * k + 1] = 0;
      }
    }
  }
}
