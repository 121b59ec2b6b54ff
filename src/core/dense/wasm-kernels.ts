/**
 * Dense matrix-vector kernels in WebAssembly SIMD for the greedy solvers and AMP: a copy of a
 * dense row-major A (m x n) in the linear memory of its own WebAssembly instance, with
 *
 *     apply(x, out):   out = A x     (four rows at a time, two f64x2 accumulators per row)
 *     adjoint(r, out): out = A^T r   (four rows at a time: out += r_i a_i^T, blocked axpy)
 *
 * The same module also holds the float32 kernels of OMP's screening (./greedy-screen.ts:
 * A^T r over a float32 copy widened to double, and squared column norms); `acquireKernels` and
 * `releaseKernels` hand out pooled instances.
 *
 * A^T r is the one full product per iteration of OMP and its relatives (memory bound); this
 * kernel runs at the speed of a single-threaded OpenBLAS dgemv on the benchmark sizes, where
 * plain JavaScript is 5-9 times slower. The copy pads each row to a multiple of 4 doubles and the
 * row count to a multiple of 4 with zeros. Every store owns its memory, so solvers that run
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
import type { Matrix } from './matrix.ts';
import { assemble, DOTS_ROWS, PAD, ROWS } from './wasm-assemble.ts';

/** Any row-major dense matrix (the core Matrix and the solvers' DenseLike both fit). */
type DenseLike = Pick<Matrix, 'rows' | 'cols' | 'data'>;


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
      const bytes = assemble();
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
  dots: (a: number, x: number, out: number, rowBytes: number, blocks: number) => void;
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
  const nPad = Math.max(PAD, Math.ceil(n / PAD) * PAD);
  const mPad = Math.max(DOTS_ROWS, Math.ceil(m / DOTS_ROWS) * DOTS_ROWS);
  const aLen = mPad * nPad;
  const doubles = aLen + 2 * mPad + 2 * nPad;
  if (doubles * 8 > MAX_WASM_BYTES) return null;
  const k = acquire(mod, doubles * 8);
  const heap = new Float64Array(k.mem.buffer, 0, doubles);
  const src = M.data;
  if (nPad === n) heap.set(src.subarray(0, m * n));
  else {
    for (let i = 0; i < m; i++) {
      heap.set(src.subarray(i * n, i * n + n), i * nPad);
      heap.fill(0, i * nPad + n, (i + 1) * nPad);
    }
  }
  heap.fill(0, m * nPad);
  const rOff = aLen;
  const xOff = rOff + mPad;
  const outNOff = xOff + nPad;
  const outMOff = outNOff + nPad;
  const rBuf = heap.subarray(rOff, rOff + m);
  const xBuf = heap.subarray(xOff, xOff + n);
  const outN = heap.subarray(outNOff, outNOff + nPad);
  const outM = heap.subarray(outMOff, outMOff + m);
  const rowBytes = nPad * 8;
  const blocks = mPad / ROWS;
  const dotBlocks = mPad / DOTS_ROWS;
  const { dots, axpys } = k;
  let released = false;
  return {
    m,
    n,
    apply(x, out) {
      xBuf.set(x.length === n ? x : x.subarray(0, n));
      dots(0, xOff * 8, outMOff * 8, rowBytes, dotBlocks);
      for (let i = 0; i < m; i++) out[i] = outM[i];
      return out;
    },
    adjoint(r, out) {
      rBuf.set(r.length === m ? r : r.subarray(0, m));
      outN.fill(0);
      axpys(0, rOff * 8, outNOff * 8, rowBytes, blocks);
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
