/**
 * Small dense matrices: `{ rows, cols, data }` with `data` a row-major Float64Array
 * (entry (i, j) at `data[i * cols + j]`). This is the only matrix type of the dense layer; kernels
 * take it as input and write into caller-provided outputs.
 *
 * @example
 * import { matrix, fromRows, column } from './matrix.ts';
 * const A = fromRows([[1, 2], [3, 4], [5, 6]]);      // 3x2
 * column(A, 1, new Float64Array(3));                  // [2, 4, 6]
 * matrix(2, 2).data;                                  // Float64Array [0, 0, 0, 0]
 */
import { CandorError, checkInt, describe, firstNonFinite } from '../errors.ts';

/** A dense real rows x cols matrix stored row-major (entry (i, j) at `data[i * cols + j]`). */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major entries, length rows * cols. */
  readonly data: Float64Array;
}

/** A rows x cols matrix over `data` (not copied; length checked) or over fresh zeros. */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  checkInt('matrix', 'rows', rows);
  checkInt('matrix', 'cols', cols);
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (!(data instanceof Float64Array)) {
    throw new CandorError('matrix', 'data', `a Float64Array of length ${rows * cols} (rows*cols)`, describe(data));
  }
  if (data.length !== rows * cols) {
    throw new CandorError('matrix', 'data length', `${rows * cols} (rows*cols = ${rows}*${cols})`, String(data.length));
  }
  return { rows, cols, data };
}

/** A matrix from an array of equal-length rows (copied). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const m = rows.length;
  const n = m ? rows[0].length : 0;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    if (rows[i].length !== n) throw new CandorError('fromRows', `row ${i} length`, String(n), String(rows[i].length));
    for (let j = 0; j < n; j++) data[i * n + j] = rows[i][j];
  }
  return { rows: m, cols: n, data };
}

/** out <- column j of A (length rows). */
export function column(A: Matrix, j: number, out: Float64Array): Float64Array {
  checkMatrix('column', 'A', A, false);
  checkInt('column', 'j', j, 0, A.cols - 1);
  checkOut('column', 'out', out, A.rows, 'rows of A');
  const n = A.cols;
  const d = A.data;
  for (let i = 0; i < A.rows; i++) out[i] = d[i * n + j];
  return out;
}

/** A^T as a new matrix (or into `out`, cols x rows). */
export function transpose(A: Matrix, out?: Matrix): Matrix {
  checkMatrix('transpose', 'A', A, false);
  const m = A.rows;
  const n = A.cols;
  const T = out ?? matrix(n, m);
  if (T.rows !== n || T.cols !== m) {
    throw new CandorError('transpose', 'out shape', `${n}x${m}`, `${T.rows}x${T.cols}`);
  }
  const a = A.data;
  const t = T.data;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return T;
}

/** Throws unless `A` is a Matrix with consistent data length (and, when `finite`, finite entries). */
export function checkMatrix(where: string, name: string, A: unknown, finite = true): Matrix {
  const M = A as Matrix;
  if (
    typeof A !== 'object' ||
    A === null ||
    !Number.isInteger(M.rows) ||
    !Number.isInteger(M.cols) ||
    M.rows < 0 ||
    M.cols < 0 ||
    !(M.data instanceof Float64Array)
  ) {
    throw new CandorError(where, name, 'a Matrix { rows, cols, data: Float64Array }', describe(A));
  }
  if (M.data.length !== M.rows * M.cols) {
    throw new CandorError(where, `${name} data length`, `${M.rows * M.cols} (rows*cols)`, String(M.data.length));
  }
  if (finite) {
    const i = firstNonFinite(M.data);
    if (i >= 0) {
      const r = Math.floor(i / M.cols);
      throw new CandorError(where, name, 'finite entries', `${describe(M.data[i])} at (${r}, ${i - r * M.cols})`);
    }
  }
  return M;
}

/** Throws unless `A` is a square finite Matrix. */
export function checkSquare(where: string, name: string, A: unknown): Matrix {
  const M = checkMatrix(where, name, A, false);
  if (M.rows !== M.cols) throw new CandorError(where, `${name} shape`, 'a square matrix', `${M.rows}x${M.cols}`);
  return checkMatrix(where, name, A, true);
}

/** Throws unless `x` is a Float64Array of length `len`. */
export function checkOut(where: string, name: string, x: unknown, len: number, what: string): Float64Array {
  if (!(x instanceof Float64Array)) throw new CandorError(where, name, `a Float64Array of length ${len} (${what})`, describe(x));
  if (x.length !== len) throw new CandorError(where, `${name} length`, `${len} (${what})`, String(x.length));
  return x;
}

/** Throws unless `x` is a Float64Array of length `len` with finite entries. */
export function checkVec(where: string, name: string, x: unknown, len: number, what: string): Float64Array {
  const v = checkOut(where, name, x, len, what);
  const i = firstNonFinite(v);
  if (i >= 0) throw new CandorError(where, name, 'finite values', `${describe(v[i])} at index ${i}`);
  return v;
}

/** Validates a column subset of a matrix with `cols` columns; returns it as an Int32Array. */
export function checkCols(where: string, cols: unknown, ncols: number): Int32Array {
  if (!(cols instanceof Int32Array) && !Array.isArray(cols)) {
    throw new CandorError(where, 'cols', 'an Int32Array or array of column indices', describe(cols));
  }
  const c = cols instanceof Int32Array ? cols : Int32Array.from(cols as number[]);
  for (let t = 0; t < c.length; t++) {
    const v = (cols as ArrayLike<number>)[t];
    if (!Number.isInteger(v) || v < 0 || v >= ncols) {
      throw new CandorError(where, `cols[${t}]`, `a column index in [0, ${ncols - 1}]`, describe(v));
    }
  }
  return c;
}
