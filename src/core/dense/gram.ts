/**
 * Gram matrices of column subsets: G = A_S^T A_S for S = cols (k indices), and one Gram column
 * [<a_s, a_j>]_{s in S} plus ||a_j||^2, the input of {@link IncrementalCholesky.append}.
 *
 * A is row-major, so each row is read once: its k selected entries are gathered and G gets the
 * rank-one update r r^T (upper triangle, mirrored at the end): O(m k^2 / 2) flops.
 *
 * @example
 * import { fromRows } from './matrix.ts';
 * import { gram, gramColumn } from './gram.ts';
 * const A = fromRows([[1, 0, 2], [0, 1, 2]]);
 * gram(A, [0, 2]).data;                              // [1, 2, 2, 8]
 * gramColumn(A, [0, 1], 2, new Float64Array(3));     // [2, 2, 8]
 */
import { CandorError, checkInt } from '../errors.ts';
import { checkCols, checkMatrix, checkOut, type Matrix, matrix } from './matrix.ts';

/** G = A[:, cols]^T A[:, cols] (k x k, symmetric); written into `out` when given. */
export function gram(A: Matrix, cols: Int32Array | readonly number[], out?: Matrix): Matrix {
  checkMatrix('gram', 'A', A);
  const S = checkCols('gram', cols, A.cols);
  const k = S.length;
  const G = out ?? matrix(k, k);
  if (G.rows !== k || G.cols !== k) throw new CandorError('gram', 'out shape', `${k}x${k}`, `${G.rows}x${G.cols}`);
  const g = G.data;
  g.fill(0);
  const a = A.data;
  const n = A.cols;
  const r = new Float64Array(k);
  for (let i = 0; i < A.rows; i++) {
    const o = i * n;
    for (let t = 0; t < k; t++) r[t] = a[o + S[t]];
    for (let s = 0; s < k; s++) {
      const rs = r[s];
      if (rs === 0) continue;
      const gs = s * k;
      for (let t = s; t < k; t++) g[gs + t] += rs * r[t];
    }
  }
  for (let s = 0; s < k; s++) for (let t = s + 1; t < k; t++) g[t * k + s] = g[s * k + t];
  return G;
}

/**
 * out[t] = <a_{cols[t]}, a_j> for t < k, and out[k] = ||a_j||^2 (length k + 1): the new Gram
 * column when column j joins the set `cols`.
 */
export function gramColumn(A: Matrix, cols: Int32Array | readonly number[], j: number, out: Float64Array): Float64Array {
  checkMatrix('gramColumn', 'A', A);
  const S = checkCols('gramColumn', cols, A.cols);
  checkInt('gramColumn', 'j', j, 0, A.cols - 1);
  const k = S.length;
  checkOut('gramColumn', 'out', out, k + 1, 'number of columns + 1');
  out.fill(0);
  const a = A.data;
  const n = A.cols;
  for (let i = 0; i < A.rows; i++) {
    const o = i * n;
    const aj = a[o + j];
    if (aj === 0) continue;
    for (let t = 0; t < k; t++) out[t] += a[o + S[t]] * aj;
    out[k] += aj * aj;
  }
  return out;
}
