/**
 * A matrix prepared for many products: `prepareMatrix(M)` copies a dense row-major matrix once
 * into the WebAssembly SIMD kernels of ./wasm-kernels.ts (where the runtime has WebAssembly SIMD
 * and the copy fits in 2 GiB) and otherwise falls back to the blocked JavaScript `gemv`. Solvers
 * and dense operators multiply by the same matrix hundreds of times, so the copy (packed in panels
 * of four rows, about 3.5 ms for 1024 x 4096) pays for itself within a dozen products (about
 * 1.1-1.2x numpy's single-threaded dgemv, versus about 3x slower in plain JavaScript, on
 * 1024 x 4096; numpy's arrays sit on 2 MB pages, which streams 10-20% faster than the 4 KB
 * pages of WebAssembly memory).
 *
 * Results equal `gemv` to rounding (sums run in a different order).
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { prepareMatrix } from './prepared.ts';
 * const P = prepareMatrix(fromRows([[1, 2], [3, 4], [5, 6]]));
 * P.apply(Float64Array.of(1, 1), new Float64Array(3));       // [3, 7, 11]
 * P.adjoint(Float64Array.of(1, 0, 1), new Float64Array(2));  // [6, 8]
 * P.release();   // optional: lets the next prepared matrix reuse the memory
 */
import { gemv } from './gemv.ts';
import { checkMatrix, type Matrix } from './matrix.ts';
import { createWasmDense } from './wasm-kernels.ts';

/**
 * A matrix copied once for many products (WebAssembly SIMD kernels, or the JavaScript `gemv`
 * when `kernel` is 'js'); products equal `gemv` up to rounding.
 */
export interface PreparedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly kernel: 'wasm-simd' | 'js';
  /** out = M x (lengths are the caller's responsibility: cols in, rows out). */
  apply(x: Float64Array, out: Float64Array): Float64Array;
  /** out = M^T y. */
  adjoint(y: Float64Array, out: Float64Array): Float64Array;
  /**
   * Frees the WebAssembly copy for reuse by the next prepared matrix (a no-op for 'js'); do not
   * use the instance afterwards.
   */
  release(): void;
}

/**
 * Prepares M (rows x cols, row-major, finite) for repeated `apply` (M x) and `adjoint` (M^T y):
 * the WebAssembly SIMD kernels where available and the copy fits, else blocked JavaScript `gemv`.
 * @param opts - `kernel: 'js'` forces the JavaScript path (default 'auto')
 */
export function prepareMatrix(M: Matrix, opts: { kernel?: 'auto' | 'js' } = {}): PreparedMatrix {
  const A = checkMatrix('prepareMatrix', 'M', M, false);
  const w = opts.kernel === 'js' ? null : createWasmDense(A);
  if (w) {
    return { rows: A.rows, cols: A.cols, kernel: 'wasm-simd', apply: (x, o) => w.apply(x, o), adjoint: (y, o) => w.adjoint(y, o), release: () => w.release() };
  }
  return {
    rows: A.rows,
    cols: A.cols,
    kernel: 'js',
    apply: (x, o) => gemv(A, x, o),
    adjoint: (y, o) => gemv(A, y, o, { trans: true }),
    release: () => {},
  };
}
