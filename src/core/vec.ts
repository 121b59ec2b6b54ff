/**
 * Real vector kernels on Float64Array, BLAS level 1 style: every kernel that produces a vector
 * writes into a caller's `out` buffer and returns it, so solvers allocate nothing per iteration.
 * Lengths are checked (a mismatch throws a CandorError); values are not, for speed: validate at
 * the API boundary with `checkFinite`.
 *
 * Model: stdlib-js `@stdlib/blas/base/ddot`, `daxpy` (explicit length, caller-owned output).
 *
 * @example
 * import { dot, axpy, norm2 } from './vec.ts';
 * const x = Float64Array.of(3, 4), y = Float64Array.of(1, 1);
 * dot(x, y);          // 7
 * norm2(x);           // 5
 * axpy(2, x, y);      // y = [7, 9]
 */
import { CandorError } from './errors.ts';

function same(where: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new CandorError(where, 'vector lengths', 'equal lengths', `${a.length} and ${b.length}`);
  }
}

/** sum_i x_i y_i (4-way unrolled; pairwise partial sums reduce rounding error). */
export function dot(x: Float64Array, y: Float64Array): number {
  same('dot', x, y);
  const n = x.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return s0 + s1 + (s2 + s3);
}

/** ||x||_2^2 */
export function norm2sq(x: Float64Array): number {
  const n = x.length;
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += x[i] * x[i];
    s1 += x[i + 1] * x[i + 1];
  }
  if (i < n) s0 += x[i] * x[i];
  return s0 + s1;
}

/**
 * ||x||_2, computed without overflow or underflow for extreme magnitudes (scaled when the plain
 * sum of squares leaves the safe range).
 */
export function norm2(x: Float64Array): number {
  const s = norm2sq(x);
  if (s > 1e-290 && s < 1e290) return Math.sqrt(s);
  const m = normInf(x);
  if (m === 0 || !Number.isFinite(m)) return m;
  let t = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] / m;
    t += v * v;
  }
  return m * Math.sqrt(t);
}

/** ||x||_1 */
export function norm1(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

/** ||x||_inf */
export function normInf(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/** Number of entries with |x_i| > tol. */
export function nnz(x: Float64Array, tol = 0): number {
  let c = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]) > tol) c++;
  return c;
}

/** y <- a x + y */
export function axpy(a: number, x: Float64Array, y: Float64Array): Float64Array {
  same('axpy', x, y);
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
  return y;
}

/** out <- a x + b y (out may alias x or y). */
export function axpby(a: number, x: Float64Array, b: number, y: Float64Array, out: Float64Array): Float64Array {
  same('axpby', x, y);
  same('axpby', x, out);
  for (let i = 0; i < x.length; i++) out[i] = a * x[i] + b * y[i];
  return out;
}

/** out <- a x (out may alias x). */
export function scale(a: number, x: Float64Array, out: Float64Array): Float64Array {
  same('scale', x, out);
  for (let i = 0; i < x.length; i++) out[i] = a * x[i];
  return out;
}

/** out <- x - y */
export function sub(x: Float64Array, y: Float64Array, out: Float64Array): Float64Array {
  same('sub', x, y);
  same('sub', x, out);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - y[i];
  return out;
}

/** out <- x + y */
export function add(x: Float64Array, y: Float64Array, out: Float64Array): Float64Array {
  same('add', x, y);
  same('add', x, out);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + y[i];
  return out;
}

/** out <- x (returns out). */
export function copy(x: Float64Array, out: Float64Array): Float64Array {
  same('copy', x, out);
  out.set(x);
  return out;
}

/** ||x - y||_2 without a temporary. */
export function dist2(x: Float64Array, y: Float64Array): number {
  same('dist2', x, y);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Relative error ||x - ref|| / ||ref|| (absolute error when ref = 0). */
export function relError(x: Float64Array, ref: Float64Array): number {
  const d = dist2(x, ref);
  const r = norm2(ref);
  return r === 0 ? d : d / r;
}
