/**
 * Least squares on a column subset: out = argmin_x ||A[:, cols] x - b||_2, by Householder QR of
 * the gathered m x k submatrix (./qr.ts). The k columns must be distinct and linearly
 * independent (k <= m); a rank-deficient subset throws a CandorError naming the column.
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { lstsqColumns } from './lstsq-columns.ts';
 * const A = fromRows([[1, 5, 0], [0, 5, 1], [1, 5, 1]]);
 * lstsqColumns(A, [0, 2], Float64Array.of(1, 2, 3), new Float64Array(2));  // [1, 2]
 */
import { CandorError, checkNumber } from '../errors.ts';
import { checkCols, checkMatrix, checkOut, checkVec, type Matrix } from './matrix.ts';
import { applyQt, householderInPlace, type LstsqOptions, solveR } from './qr.ts';

const EPS = 2.220446049250313e-16;

/**
 * Least squares on a column subset: out = argmin_x ||A[:, cols] x - b||_2 (Householder QR of the
 * gathered m x k submatrix; k <= m distinct, linearly independent columns, else a CandorError).
 * @param cols - column indices into A; `out[i]` is the coefficient of column `cols[i]`
 * @param out - length cols.length; returned
 */
export function lstsqColumns(
  A: Matrix,
  cols: Int32Array | readonly number[],
  b: Float64Array,
  out: Float64Array,
  opts: LstsqOptions = {},
): Float64Array {
  const where = 'lstsqColumns';
  checkMatrix(where, 'A', A);
  const S = checkCols(where, cols, A.cols);
  const m = A.rows;
  const n = A.cols;
  const k = S.length;
  if (k > m) throw new CandorError(where, 'number of columns', `at most rows = ${m}`, String(k));
  const seen = new Set<number>();
  for (let t = 0; t < k; t++) {
    if (seen.has(S[t])) throw new CandorError(where, `cols[${t}]`, 'distinct column indices', `repeated index ${S[t]}`);
    seen.add(S[t]);
  }
  checkVec(where, 'b', b, m, `rows of A, ${m}x${n}`);
  checkOut(where, 'out', out, k, 'number of selected columns');
  const rcond = checkNumber(where, 'rcond', opts.rcond ?? Math.max(m, k) * EPS, 0, 1);
  const w = new Float64Array(m * k);
  const a = A.data;
  for (let t = 0; t < k; t++) {
    const j = S[t];
    const o = t * m;
    for (let i = 0; i < m; i++) w[o + i] = a[i * n + j];
  }
  const f = householderInPlace(w, m, k);
  const c = Float64Array.from(b);
  applyQt(f, c);
  solveR(where, f, c, out, rcond);
  return out;
}
