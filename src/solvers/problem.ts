/**
 * Normalises a solver's (A, y) into callables with operator-call counters, and validates the
 * inputs once at entry: y's length against A's rows, finiteness of y and of a dense A (given as a
 * matrix or behind an operator), complex data to real-only solvers. Solvers see only these
 * callables, never operator classes.
 */
import { matrix } from '../core/dense/matrix.ts';
import { type PreparedMatrix, prepareMatrix } from '../core/dense/prepared.ts';
import { CandorError, checkFinite, checkNumber, describe } from '../core/errors.ts';
import type { DenseLike, LinearOperator, OperatorInput } from '../linops/types.ts';
import type { OperatorCalls } from './types.ts';

export type { DenseLike, OperatorInput } from '../linops/types.ts';

/**
 * A validated measurement problem (A, y) as solvers use it (from {@link makeProblem}): sizes, the
 * counted products and the measurements; complex data is interleaved (buffers of 2m and 2n).
 */
export interface Problem {
  /** Number of measurements (rows) and unknowns (cols), counted in scalars (complex counts once). */
  m: number;
  n: number;
  complex: boolean;
  /** Buffer widths: complex data uses 2m and 2n Float64 entries. */
  mLen: number;
  nLen: number;
  /** out = A x; returns out (counted in `calls.apply`). */
  apply: (x: Float64Array, out: Float64Array) => Float64Array;
  /** out = A^H y; returns out (counted in `calls.adjoint`). */
  adjoint: (y: Float64Array, out: Float64Array) => Float64Array;
  /** out = A^H A x; returns out (counted in `calls.normal`). */
  normal: (x: Float64Array, out: Float64Array) => Float64Array;
  /** The dense matrix when A was given as one (greedy solvers use its columns). */
  dense: DenseLike | null;
  /** The operator, when given as one. */
  op: LinearOperator | null;
  calls: OperatorCalls;
  name: string;
  /** The measurements (validated). */
  y: Float64Array;
}

function isOperator(A: unknown): A is LinearOperator {
  return typeof A === 'object' && A !== null && typeof (A as LinearOperator).apply === 'function' && 'domain' in A;
}

function isDense(A: unknown): A is DenseLike {
  return (
    typeof A === 'object' &&
    A !== null &&
    (A as DenseLike).data instanceof Float64Array &&
    Number.isInteger((A as DenseLike).rows) &&
    Number.isInteger((A as DenseLike).cols)
  );
}

/**
 * Dense kernels y = A x and x = A^T y: a matrix prepared (WebAssembly SIMD where available, else
 * the blocked gemv) on the first product, so a solver that never multiplies pays nothing.
 */
function denseApply(M: DenseLike) {
  const A = matrix(M.rows, M.cols, M.data);
  let P: PreparedMatrix | null = null;
  const prepared = () => (P ??= prepareMatrix(A));
  return {
    apply: (x: Float64Array, out: Float64Array): Float64Array => prepared().apply(x, out),
    adjoint: (y: Float64Array, out: Float64Array): Float64Array => prepared().adjoint(y, out),
  };
}

export interface ProblemOptions {
  /** The solver refuses complex data (AMP, LP, greedy solvers). */
  realOnly?: boolean;
}

/**
 * Validates (A, y) for solver `where` and returns counted callables.
 * y may be real (length m) or complex interleaved (length 2m) for complex or real operators.
 */
export function makeProblem(where: string, A: OperatorInput, y: Float64Array, opts: ProblemOptions = {}): Problem {
  let m: number;
  let n: number;
  let base: { apply: Problem['apply']; adjoint: Problem['adjoint']; normal?: Problem['normal'] };
  let dense: DenseLike | null = null;
  let op: LinearOperator | null = null;
  let opComplex = false;
  let name: string;
  if (isOperator(A)) {
    op = A;
    dense = A.dense ?? null;
    // the matrix behind an operator may have been edited after the operator was built
    if (dense) checkFinite(where, 'A', dense.data);
    m = A.rows;
    n = A.cols;
    opComplex = A.field === 'complex';
    base = { apply: (x, o) => A.apply(x, o), adjoint: (v, o) => A.adjoint(v, o), normal: (x, o) => A.normal(x, o) };
    name = A.name;
  } else if (isDense(A)) {
    if (A.data.length !== A.rows * A.cols) {
      throw new CandorError(where, 'A.data length', `rows*cols = ${A.rows * A.cols}`, String(A.data.length));
    }
    checkFinite(where, 'A', A.data);
    dense = A;
    m = A.rows;
    n = A.cols;
    base = denseApply(A);
    name = `Dense(${m}x${n})`;
  } else {
    throw new CandorError(where, 'A', 'a LinearOperator or a dense matrix { rows, cols, data }', describe(A));
  }
  if (!(y instanceof Float64Array)) throw new CandorError(where, 'y', `a Float64Array of length ${m}`, describe(y));
  let complex: boolean;
  if (opComplex) {
    if (y.length !== 2 * m) throw new CandorError(where, 'y length', `${2 * m} (complex interleaved, rows of A = ${m})`, String(y.length));
    complex = true;
  } else if (y.length === m) complex = false;
  else if (y.length === 2 * m && op) complex = true;
  else throw new CandorError(where, 'y length', `${m} (rows of A)`, String(y.length));
  if (complex && opts.realOnly) {
    const got = opComplex ? `complex operator ${name}` : `complex y (length ${y.length} = 2 x ${m} rows) for the real operator ${name}`;
    throw new CandorError(where, 'data', 'real A and y (this solver is real-only)', got);
  }
  checkFinite(where, 'y', y);
  const calls = { apply: 0, adjoint: 0, normal: 0 };
  const mLen = complex ? 2 * m : m;
  const nLen = complex ? 2 * n : n;
  const scratch = new Float64Array(mLen);
  const normalBase =
    base.normal ??
    ((x: Float64Array, o: Float64Array) => {
      base.apply(x, scratch);
      return base.adjoint(scratch, o);
    });
  return {
    m,
    n,
    complex,
    mLen,
    nLen,
    apply: (x, o) => {
      calls.apply++;
      return base.apply(x, o);
    },
    adjoint: (v, o) => {
      calls.adjoint++;
      return base.adjoint(v, o);
    },
    normal: (x, o) => {
      calls.normal++;
      return normalBase(x, o);
    },
    dense,
    op,
    calls,
    name,
    y,
  };
}

/** Validates a penalty weight lambda >= 0. */
export function checkLambda(where: string, lambda: unknown): number {
  return checkNumber(where, 'lambda', lambda, 0);
}

/** Validates a warm start / xTrue vector against the problem size. */
export function checkVector(where: string, name: string, x: Float64Array | undefined, p: Problem): Float64Array | undefined {
  if (x === undefined) return undefined;
  if (!(x instanceof Float64Array) || x.length !== p.nLen) {
    throw new CandorError(where, name, `a Float64Array of length ${p.nLen}${p.complex ? ' (complex interleaved)' : ''} (columns of A)`, describe(x));
  }
  checkFinite(where, name, x);
  return x;
}
