/**
 * Dense matrix-vector product, BLAS `dgemv`: y <- alpha op(A) x + beta y with op(A) = A or A^T,
 * A row-major. When beta = 0, y is not read (NaN in y does not propagate), as in BLAS.
 * Shapes and lengths are checked on every call; values are not (an O(mn) scan would double the
 * cost): validate data once where it enters, with `checkFinite` or `checkMatrix`.
 *
 * Both directions stream A once, in row blocks:
 * - A x: blocks of four rows; four dot products share each load of x (four independent
 *   accumulators, so the additions pipeline);
 * - A^T x: blocks of eight rows; y += sum_{r<8} x_{i+r} A_{i+r} in one pass over y, so y
 *   (length cols) is read and written once per eight rows and stays in L1.
 * Reference: Dongarra et al., "An extended set of FORTRAN basic linear algebra subprograms",
 * ACM TOMS 14(1), 1988 (dgemv); the row-block scheme is the one of reference BLAS for the
 * transposed case, applied to both.
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { gemv } from './gemv.ts';
 * const A = fromRows([[1, 2], [3, 4], [5, 6]]);
 * gemv(A, Float64Array.of(1, 1), new Float64Array(3));                       // [3, 7, 11]
 * gemv(A, Float64Array.of(1, 0, 1), new Float64Array(2), { trans: true });   // [6, 8]
 */
import { CandorError, checkNumber } from '../errors.ts';
import { checkMatrix, checkOut, type Matrix } from './matrix.ts';

/** Options of {@link gemv}: y <- alpha op(A) x + beta y with op(A) = A or A^T. */
export interface GemvOptions {
  /** Use A^T instead of A (default false). */
  trans?: boolean;
  /** Default 1. */
  alpha?: number;
  /** Default 0 (y is overwritten without being read). */
  beta?: number;
}

/** y <- alpha op(A) x + beta y; returns y. x and y must not share memory. */
export function gemv(A: Matrix, x: Float64Array, y: Float64Array, opts: GemvOptions = {}): Float64Array {
  const trans = opts.trans ?? false;
  const alpha = opts.alpha ?? 1;
  const beta = opts.beta ?? 0;
  checkMatrix('gemv', 'A', A, false);
  const m = A.rows;
  const n = A.cols;
  const shape = `${m}x${n}`;
  checkOut('gemv', 'x', x, trans ? m : n, trans ? `rows of A^T x, A is ${shape}` : `columns of A, A is ${shape}`);
  checkOut('gemv', 'y', y, trans ? n : m, trans ? `columns of A, A is ${shape}` : `rows of A, A is ${shape}`);
  checkNumber('gemv', 'alpha', alpha);
  checkNumber('gemv', 'beta', beta);
  if (x.buffer === y.buffer && x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength) {
    throw new CandorError('gemv', 'x and y', 'non-overlapping buffers', 'overlapping views');
  }
  if (trans) gemvT(A.data, m, n, x, y, alpha, beta);
  else gemvN(A.data, m, n, x, y, alpha, beta);
  return y;
}

function gemvN(a: Float64Array, m: number, n: number, x: Float64Array, y: Float64Array, alpha: number, beta: number): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const o = i * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      let p = o + j;
      s0 += a[p] * xj;
      p += n;
      s1 += a[p] * xj;
      p += n;
      s2 += a[p] * xj;
      p += n;
      s3 += a[p] * xj;
    }
    if (beta === 0) {
      y[i] = alpha * s0;
      y[i + 1] = alpha * s1;
      y[i + 2] = alpha * s2;
      y[i + 3] = alpha * s3;
    } else {
      y[i] = alpha * s0 + beta * y[i];
      y[i + 1] = alpha * s1 + beta * y[i + 1];
      y[i + 2] = alpha * s2 + beta * y[i + 2];
      y[i + 3] = alpha * s3 + beta * y[i + 3];
    }
  }
  for (; i < m; i++) {
    const o = i * n;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      s0 += a[o + j] * x[j];
      s1 += a[o + j + 1] * x[j + 1];
    }
    if (j < n) s0 += a[o + j] * x[j];
    y[i] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * y[i];
  }
}

function gemvT(a: Float64Array, m: number, n: number, x: Float64Array, y: Float64Array, alpha: number, beta: number): void {
  if (beta === 0) y.fill(0);
  else if (beta !== 1) for (let j = 0; j < n; j++) y[j] *= beta;
  let i = 0;
  for (; i + 7 < m; i += 8) {
    const c0 = alpha * x[i];
    const c1 = alpha * x[i + 1];
    const c2 = alpha * x[i + 2];
    const c3 = alpha * x[i + 3];
    const c4 = alpha * x[i + 4];
    const c5 = alpha * x[i + 5];
    const c6 = alpha * x[i + 6];
    const c7 = alpha * x[i + 7];
    const o = i * n;
    for (let j = 0; j < n; j++) {
      let p = o + j;
      const u0 = c0 * a[p];
      p += n;
      const u1 = c1 * a[p];
      p += n;
      const u2 = c2 * a[p];
      p += n;
      const u3 = c3 * a[p];
      p += n;
      const u4 = c4 * a[p];
      p += n;
      const u5 = c5 * a[p];
      p += n;
      const u6 = c6 * a[p];
      p += n;
      const u7 = c7 * a[p];
      y[j] += u0 + u1 + (u2 + u3) + (u4 + u5 + (u6 + u7));
    }
  }
  for (; i < m; i++) {
    const c = alpha * x[i];
    const o = i * n;
    for (let j = 0; j < n; j++) y[j] += c * a[o + j];
  }
}
