/**
 * The one linear-operator contract of Candor.
 *
 * An operator A maps a `domain` array (n-d shape, `cols` entries) to a `range` array (`rows`
 * entries). Vectors are flat Float64Arrays in row-major (C) order:
 *
 * - a **complex** operator (`field: 'complex'`) takes and returns complex interleaved buffers:
 *   `apply(x, out)` with `x.length = 2 cols`, `out.length = 2 rows`;
 * - a **real** operator acts on real buffers (`cols` / `rows` long) *and* on complex interleaved
 *   buffers (`2 cols` / `2 rows` long), applying itself to the real and imaginary parts, because a
 *   real matrix acts on C^n too (e.g. a wavelet transform of a complex MR image).
 *
 * `apply` computes out = A x, `adjoint` out = A^H y, `normal` out = A^H A x (cheap when the
 * operator knows a shortcut: FFT -> identity, partial Fourier -> mask). `out` must not alias the
 * input. All three return `out`.
 *
 * `structure` is a claim the operator test kit verifies:
 * - `unitary`: square, A^H A = A A^H = I (FFT, DCT, orthonormal wavelets);
 * - `coisometry`: A A^H = I (row-subsampled unitary: partial DFT/DCT/Hadamard with masks);
 * - `isometry`: A^H A = I;
 * - `general`: nothing claimed.
 *
 * Model: SigPy `Linop`, PyLops `LinearOperator`, BART `linop_s` (see ../shared/STYLE.md).
 */
export type Shape = readonly number[];
/** The field an operator acts on: 'real', or 'complex' (interleaved re/im buffers). */
export type Field = 'real' | 'complex';
/**
 * What an operator claims about A^H A and A A^H (verified by the operator test kit): 'unitary'
 * (both I), 'coisometry' (A A^H = I), 'isometry' (A^H A = I) or 'general' (nothing claimed).
 */
export type Structure = 'unitary' | 'coisometry' | 'isometry' | 'general';

/**
 * Candor's linear-operator contract: A maps a flat row-major `domain` array (`cols` entries) to a
 * `range` array (`rows` entries); complex operators use complex interleaved buffers, real ones
 * accept real or complex interleaved buffers. `out` must not alias the input. See the module
 * comment and {@link defineOperator} to build one.
 */
export interface LinearOperator {
  /** Human-readable name used in error messages, e.g. `PartialDFT2(256x256, 25%)`. */
  readonly name: string;
  readonly domain: Shape;
  readonly range: Shape;
  readonly field: Field;
  /** Number of domain entries (complex numbers count once). */
  readonly cols: number;
  /** Number of range entries. */
  readonly rows: number;
  readonly structure: Structure;
  /** True when `normal` is cheaper than `adjoint(apply(x))`. */
  readonly cheapNormal: boolean;
  /** out = A x; returns out. */
  apply(x: Float64Array, out: Float64Array): Float64Array;
  /** out = A^H y; returns out. */
  adjoint(y: Float64Array, out: Float64Array): Float64Array;
  /** out = A^H A x (a shortcut when `cheapNormal`); returns out. */
  normal(x: Float64Array, out: Float64Array): Float64Array;
  /** The explicit row-major matrix when the operator is one (greedy solvers use its columns). */
  readonly dense?: { readonly rows: number; readonly cols: number; readonly data: Float64Array };
}

/** Product of the entries of a shape. */
export function sizeOf(shape: Shape): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

/** True when two shapes have the same number of axes and equal sizes along every axis. */
export function shapeEquals(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A shape as text for messages: `'64x64'`, or `'()'` for the empty shape. */
export function shapeString(s: Shape): string {
  return s.length === 0 ? '()' : s.join('x');
}

/** A dense row-major real matrix `{ rows, cols, data }` (the core `Matrix` type is structurally compatible). */
export interface DenseLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** What solvers and the theory accept as a measurement operator: a LinearOperator or a dense matrix. */
export type OperatorInput = LinearOperator | DenseLike;
