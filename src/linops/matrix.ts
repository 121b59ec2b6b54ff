/**
 * Explicit matrices as operators, and the random ensembles of compressed sensing.
 *
 * - `matrixOperator(M)`: a dense row-major real matrix (core `Matrix`); A x and A^T y by a
 *   prepared matrix (WebAssembly SIMD where available, else the blocked `gemv`), prepared on the
 *   first product; the operator exposes the matrix as `dense` so greedy solvers can use its
 *   columns. The entries are not copied for `dense`: do not modify M afterwards.
 * - `gaussianMatrix(m, n, rng)`: i.i.d. N(0, 1/m) entries (E ||A x||^2 = ||x||^2), the ensemble
 *   of the Donoho-Tanner and ALMT phase transitions; `rademacherMatrix`: i.i.d. +-1/sqrt(m).
 *   `{ columns: 'unit' }` rescales every column to unit l2 norm (coherence-based theory assumes it).
 *   `gaussian(...)` and `rademacher(...)` are the same as operators.
 *
 * References: Candes & Tao 2006; Donoho 2006; Baraniuk, Davenport, DeVore & Wakin 2008 (JL/RIP
 * for subgaussian ensembles).
 *
 * @example
 * import { createRng } from '../core/rng/index.ts';
 * import { gaussian } from './matrix.ts';
 * const A = gaussian(64, 256, createRng(1));
 * A.apply(new Float64Array(256), new Float64Array(64)); // zeros
 */
import { type Matrix, matrix } from '../core/dense/matrix.ts';
import { type PreparedMatrix, prepareMatrix } from '../core/dense/prepared.ts';
import { CandorError, checkFinite, checkInt } from '../core/errors.ts';
import type { Rng } from '../core/rng/index.ts';
import { defineOperator } from './define.ts';
import type { LinearOperator } from './types.ts';

/**
 * Options of the random ensembles: {@link gaussian}, {@link rademacher}, {@link gaussianMatrix}
 * and {@link rademacherMatrix}.
 */
export interface EnsembleOptions {
  /** 'variance' (default): entries scaled to variance 1/m; 'unit': every column has unit norm. */
  columns?: 'variance' | 'unit';
}

/** A dense real matrix as an operator (the matrix is not copied; its entries must be finite). */
export function matrixOperator(M: Matrix, name = `Matrix(${M.rows}x${M.cols})`): LinearOperator {
  const A = matrix(M.rows, M.cols, M.data);
  checkFinite(name, 'entries', A.data);
  if (A.rows < 1 || A.cols < 1) throw new CandorError(name, 'shape', 'at least one row and one column', `${A.rows}x${A.cols}`);
  let P: PreparedMatrix | null = null;
  const prepared = () => (P ??= prepareMatrix(A));
  return defineOperator({
    name,
    domain: [A.cols],
    range: [A.rows],
    field: 'real',
    apply: (x, out) => prepared().apply(x, out),
    adjoint: (y, out) => prepared().adjoint(y, out),
    dense: A,
  });
}

/** Rescales every column of M to unit l2 norm, in place (a zero column is an error). */
export function normalizeColumns(M: Matrix, where = 'normalizeColumns'): Matrix {
  const { rows: m, cols: n, data } = M;
  const s = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) s[j] += data[i * n + j] * data[i * n + j];
  for (let j = 0; j < n; j++) {
    if (s[j] === 0) throw new CandorError(where, `column ${j}`, 'a nonzero column', 'an all-zero column');
    s[j] = 1 / Math.sqrt(s[j]);
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] *= s[j];
  return M;
}

function checkEnsemble(where: string, m: number, n: number, rng: Rng, opts: EnsembleOptions): void {
  checkInt(where, 'm', m, 1);
  checkInt(where, 'n', n, 1);
  if (!rng || typeof (rng as Rng).fillNormal !== 'function') {
    throw new CandorError(where, 'rng', 'a seeded generator from createRng(seed, ...)', typeof rng);
  }
  const c = opts.columns ?? 'variance';
  if (c !== 'variance' && c !== 'unit') throw new CandorError(where, 'columns', "'variance' or 'unit'", JSON.stringify(c));
}

/** m x n matrix with i.i.d. N(0, 1/m) entries (or unit-norm columns). */
export function gaussianMatrix(m: number, n: number, rng: Rng, opts: EnsembleOptions = {}): Matrix {
  checkEnsemble('gaussianMatrix', m, n, rng, opts);
  const M = matrix(m, n);
  rng.fillNormal(M.data, 0, 1 / Math.sqrt(m));
  return opts.columns === 'unit' ? normalizeColumns(M, 'gaussianMatrix') : M;
}

/** m x n matrix with i.i.d. +-1/sqrt(m) entries (columns are then exactly unit norm). */
export function rademacherMatrix(m: number, n: number, rng: Rng, opts: EnsembleOptions = {}): Matrix {
  checkEnsemble('rademacherMatrix', m, n, rng, opts);
  const M = matrix(m, n);
  rng.fillRademacher(M.data);
  const s = 1 / Math.sqrt(m);
  for (let i = 0; i < M.data.length; i++) M.data[i] *= s;
  return M;
}

/** Gaussian ensemble as an operator. */
export function gaussian(m: number, n: number, rng: Rng, opts: EnsembleOptions = {}): LinearOperator {
  return matrixOperator(gaussianMatrix(m, n, rng, opts), `Gaussian(${m}x${n}${opts.columns === 'unit' ? ', unit columns' : ''})`);
}

/** Rademacher ensemble as an operator. */
export function rademacher(m: number, n: number, rng: Rng, opts: EnsembleOptions = {}): LinearOperator {
  return matrixOperator(rademacherMatrix(m, n, rng, opts), `Rademacher(${m}x${n})`);
}
