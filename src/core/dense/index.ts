/**
 * Small dense linear algebra for the solvers and the theory layer (row-major {@link Matrix}):
 * matrix-vector products, Gram matrices, Cholesky and QR with column append/remove updates,
 * least squares (on column subsets), power iteration for ||A||_2, symmetric eigenvalues and
 * singular values. See docs/dense-algebra.md.
 */
export { cholesky, choleskySolve } from './cholesky.ts';
export { type GemvOptions, gemv } from './gemv.ts';
export { gram, gramColumn } from './gram.ts';
export { IncrementalCholesky, type IncrementalCholeskyOptions } from './incremental-cholesky.ts';
export { IncrementalQR, type IncrementalQROptions } from './incremental-qr.ts';
export { lstsqColumns } from './lstsq-columns.ts';
export { checkMatrix, column, fromRows, type Matrix, matrix, transpose } from './matrix.ts';
export {
  POWER_ITERATION_DEFAULTS,
  type PowerIterationOptions,
  type PowerIterationResult,
  powerIteration,
} from './power.ts';
export { LANCZOS_DEFAULTS, type LanczosOptions, type LanczosResult, lanczosMaxEig } from './lanczos.ts';
export { type LstsqOptions, lstsq, qr } from './qr.ts';
export { type SymEigOptions, type SymEigResult, symEig } from './sym-eig.ts';
export { svdValues } from './svd.ts';
export { type PreparedMatrix, prepareMatrix } from './prepared.ts';
export { createWasmDense, simdAvailable, type WasmDense } from './wasm-kernels.ts';
