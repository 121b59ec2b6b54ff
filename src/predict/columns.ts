/**
 * The columns of a measurement matrix, gathered column-major for the certify half of the theory
 * layer (coherence, Babel function, ERC, dual certificates, RIP lower bounds).
 *
 * A is given as a dense row-major matrix `{ rows, cols, data }` or as a LinearOperator; an
 * operator without a `dense` backing is materialised column by column (A e_j, n applications),
 * which is the documented size limit of every "dense route": at most {@link MAX_DENSE_ENTRIES}
 * stored doubles. Complex operators give complex interleaved columns (2m doubles each).
 *
 * @example
 * import { gatherColumns } from './columns.ts';
 * const C = gatherColumns('demo', { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) });
 * C.data;   // [1, 4, 2, 5, 3, 6]  (column j at j * stride)
 */
import { CandorError, checkFinite, describe } from '../core/errors.ts';
import type { LinearOperator } from '../linops/types.ts';
import type { OperatorInput } from '../linops/types.ts';

/** Largest number of stored doubles (m n, or 2 m n complex) of a gathered matrix (2^25 = 256 MB). */
export const MAX_DENSE_ENTRIES = 2 ** 25;

/**
 * The columns of a measurement operator gathered column-major (real, or complex interleaved), as
 * the coherence and certificate code reads them (see `gatherColumns`).
 */
export interface ColumnSet {
  m: number;
  n: number;
  complex: boolean;
  /** Doubles per column: m (real) or 2m (complex interleaved). */
  stride: number;
  /** Column-major entries: column j at data[j * stride .. (j + 1) * stride). */
  data: Float64Array;
  name: string;
}

function isOperator(A: unknown): A is LinearOperator {
  return (
    typeof A === 'object' && A !== null && typeof (A as LinearOperator).apply === 'function' && 'domain' in A
  );
}

function isDense(A: unknown): A is { rows: number; cols: number; data: Float64Array } {
  const d = A as { rows: number; cols: number; data: Float64Array };
  return (
    typeof A === 'object' &&
    A !== null &&
    d.data instanceof Float64Array &&
    Number.isInteger(d.rows) &&
    Number.isInteger(d.cols) &&
    d.rows >= 1 &&
    d.cols >= 1
  );
}

/** (rows, cols, complex) of A, or a CandorError naming what A should be. */
export function shapeOf(where: string, A: unknown): { m: number; n: number; complex: boolean; name: string } {
  if (isOperator(A)) return { m: A.rows, n: A.cols, complex: A.field === 'complex', name: A.name };
  if (isDense(A)) {
    if (A.data.length !== A.rows * A.cols) {
      throw new CandorError(where, 'A.data length', `rows*cols = ${A.rows * A.cols}`, String(A.data.length));
    }
    return { m: A.rows, n: A.cols, complex: false, name: `Dense(${A.rows}x${A.cols})` };
  }
  throw new CandorError(where, 'A', 'a LinearOperator or a dense matrix { rows, cols, data }', describe(A));
}

/** Column-major copy of A (real or complex); throws beyond {@link MAX_DENSE_ENTRIES} or on NaN. */
export function gatherColumns(where: string, A: OperatorInput, opts: { realOnly?: boolean } = {}): ColumnSet {
  const { m, n, complex, name } = shapeOf(where, A);
  if (complex && opts.realOnly) {
    throw new CandorError(
      where,
      'A',
      'a real matrix or operator (this computation is real-only)',
      `complex operator ${name}`,
    );
  }
  const stride = complex ? 2 * m : m;
  if (stride * n > MAX_DENSE_ENTRIES) {
    throw new CandorError(
      where,
      'A size',
      `at most ${MAX_DENSE_ENTRIES} stored entries for the dense route (use the fast PSF routes for Fourier masks)`,
      `${m} x ${n}${complex ? ' complex' : ''}`,
    );
  }
  const data = new Float64Array(stride * n);
  const dense = isOperator(A) ? (A.dense ?? null) : (A as { rows: number; cols: number; data: Float64Array });
  if (dense && !complex) {
    checkFinite(where, 'A', dense.data);
    const a = dense.data;
    for (let i = 0; i < m; i++) {
      const o = i * n;
      for (let j = 0; j < n; j++) data[j * m + i] = a[o + j];
    }
    return { m, n, complex, stride, data, name };
  }
  const op = A as LinearOperator;
  const e = new Float64Array(complex ? 2 * n : n);
  const col = new Float64Array(stride);
  for (let j = 0; j < n; j++) {
    e[complex ? 2 * j : j] = 1;
    op.apply(e, col);
    e[complex ? 2 * j : j] = 0;
    checkFinite(where, `A e_${j} (column ${j} of ${name})`, col);
    data.set(col, j * stride);
  }
  return { m, n, complex, stride, data, name };
}

/** Euclidean norm of column j. */
export function columnNorm(C: ColumnSet, j: number): number {
  const d = C.data;
  const o = j * C.stride;
  let s = 0;
  for (let i = 0; i < C.stride; i++) s += d[o + i] * d[o + i];
  return Math.sqrt(s);
}

/** Indices of the all-zero columns of C (entries of x that no measurement sees). */
export function zeroColumns(C: ColumnSet): number[] {
  const out: number[] = [];
  const d = C.data;
  for (let j = 0; j < C.n; j++) {
    const o = j * C.stride;
    let zero = true;
    for (let i = 0; i < C.stride && zero; i++) zero = d[o + i] === 0;
    if (zero) out.push(j);
  }
  return out;
}

/**
 * The all-zero columns of A, or null when A is too large to gather (more than
 * {@link MAX_DENSE_ENTRIES} entries): a cheap check (one pass over A) for the reports.
 */
export function unseenColumns(where: string, A: OperatorInput): number[] | null {
  const { m, n, complex } = shapeOf(where, A);
  if ((complex ? 2 * m : m) * n > MAX_DENSE_ENTRIES) return null;
  return zeroColumns(gatherColumns(where, A));
}

/** The sentence the reports give for all-zero columns of A (empty list: ''). */
export function zeroColumnNote(cols: readonly number[]): string {
  if (cols.length === 0) return '';
  const shown = cols.length > 8 ? [...cols.slice(0, 8), '...'] : cols;
  const one = cols.length === 1;
  return `${one ? 'column' : 'columns'} ${shown.join(', ')} of A ${one ? 'is' : 'are'} all zeros: no measurement sees ${shown.map((j) => (j === '...' ? j : `x[${j}]`)).join(', ')}, so ${one ? 'it' : 'they'} cannot be recovered (any value fits the data) and coherence is undefined for ${one ? 'it' : 'them'}`;
}

/** C without the columns listed in `drop` (sorted ascending), with the kept columns' old indices. */
export function dropColumns(C: ColumnSet, drop: readonly number[]): { cols: ColumnSet; kept: number[] } {
  const skip = new Set(drop);
  const kept: number[] = [];
  for (let j = 0; j < C.n; j++) if (!skip.has(j)) kept.push(j);
  const data = new Float64Array(kept.length * C.stride);
  kept.forEach((j, t) => {
    data.set(C.data.subarray(j * C.stride, (j + 1) * C.stride), t * C.stride);
  });
  return { cols: { ...C, n: kept.length, data }, kept };
}

/** A copy of C with every column scaled to unit norm (a zero column is an error). */
export function normalizedColumns(where: string, C: ColumnSet): { cols: ColumnSet; norms: Float64Array } {
  const norms = new Float64Array(C.n);
  const data = Float64Array.from(C.data);
  for (let j = 0; j < C.n; j++) {
    const s = columnNorm(C, j);
    if (!(s > 0)) {
      throw new CandorError(
        where,
        `column ${j}`,
        'a nonzero column (coherence needs unit-normalisable columns)',
        'a zero column',
      );
    }
    norms[j] = s;
    const o = j * C.stride;
    const inv = 1 / s;
    for (let i = 0; i < C.stride; i++) data[o + i] *= inv;
  }
  return { cols: { ...C, data }, norms };
}

/**
 * out[l - from] = |<a_j, a_l>| for l = from .. n-1 (complex: |a_j^H a_l|). The column a_j stays in
 * cache while the others stream past, two at a time.
 */
export function absInnerProducts(C: ColumnSet, j: number, from: number, out: Float64Array): Float64Array {
  const { n, stride, data: d } = C;
  const oj = j * stride;
  let l = from;
  if (!C.complex) {
    for (; l + 1 < n; l += 2) {
      const o1 = l * stride;
      const o2 = o1 + stride;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < stride; i++) {
        const a = d[oj + i];
        s1 += a * d[o1 + i];
        s2 += a * d[o2 + i];
      }
      out[l - from] = Math.abs(s1);
      out[l + 1 - from] = Math.abs(s2);
    }
    if (l < n) {
      const o1 = l * stride;
      let s1 = 0;
      for (let i = 0; i < stride; i++) s1 += d[oj + i] * d[o1 + i];
      out[l - from] = Math.abs(s1);
    }
    return out;
  }
  for (; l + 1 < n; l += 2) {
    const o1 = l * stride;
    const o2 = o1 + stride;
    let re1 = 0;
    let im1 = 0;
    let re2 = 0;
    let im2 = 0;
    for (let i = 0; i < stride; i += 2) {
      const ar = d[oj + i];
      const ai = d[oj + i + 1];
      const br = d[o1 + i];
      const bi = d[o1 + i + 1];
      const cr = d[o2 + i];
      const ci = d[o2 + i + 1];
      re1 += ar * br + ai * bi;
      im1 += ar * bi - ai * br;
      re2 += ar * cr + ai * ci;
      im2 += ar * ci - ai * cr;
    }
    out[l - from] = Math.hypot(re1, im1);
    out[l + 1 - from] = Math.hypot(re2, im2);
  }
  if (l < n) {
    const o1 = l * stride;
    let re = 0;
    let im = 0;
    for (let i = 0; i < stride; i += 2) {
      const ar = d[oj + i];
      const ai = d[oj + i + 1];
      const br = d[o1 + i];
      const bi = d[o1 + i + 1];
      re += ar * br + ai * bi;
      im += ar * bi - ai * br;
    }
    out[l - from] = Math.hypot(re, im);
  }
  return out;
}

/** The submatrix A_S as a row-major real m x k Matrix-like object (real column sets only). */
export function subMatrix(C: ColumnSet, S: Int32Array): { rows: number; cols: number; data: Float64Array } {
  const { m } = C;
  const k = S.length;
  const data = new Float64Array(m * k);
  for (let t = 0; t < k; t++) {
    const o = S[t] * m;
    for (let i = 0; i < m; i++) data[i * k + t] = C.data[o + i];
  }
  return { rows: m, cols: k, data };
}
