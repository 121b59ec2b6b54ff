/**
 * Elementary operators: identity, diagonal (real or complex weights), selections (restriction to
 * rows or columns, i.e. masks and their embeddings).
 *
 * `restrictRows(A, rows)` = S_R A, keeping the listed range entries (a sampling mask);
 * `restrictCols(A, cols)` = A S_C^T, the sub-matrix A_C acting on a short vector x_C
 * (zero-embedded into A's domain).
 *
 * @example
 * import { diagonal, restrictRows, identity } from './basic.ts';
 * const S = restrictRows(identity([4]), Int32Array.of(0, 3));
 * S.apply(Float64Array.of(1, 2, 3, 4), new Float64Array(2)); // [1, 4]
 * S.adjoint(Float64Array.of(1, 4), new Float64Array(4)); // [1, 0, 0, 4]
 */
import { CandorError, checkFinite, describe } from '../core/errors.ts';
import { defineOperator, type Kernel } from './define.ts';
import { type LinearOperator, type Shape, shapeString, sizeOf } from './types.ts';
import { compose } from './combinators.ts';

/** I on arrays of the given shape (real; acts on complex data too). */
export function identity(shape: Shape): LinearOperator {
  const copy: Kernel = (x, out) => {
    out.set(x);
    return out;
  };
  return defineOperator({
    name: `Identity(${shapeString(shape)})`,
    domain: shape,
    range: shape,
    field: 'real',
    structure: 'unitary',
    apply: copy,
    adjoint: copy,
    normal: copy,
    applyComplex: copy,
    adjointComplex: copy,
    normalComplex: copy,
    cheapNormal: true,
  });
}

/**
 * diag(d): x -> d .* x. Real weights (`Float64Array` of n) give a real operator; complex weights
 * (`{ complex: Float64Array }`, interleaved, 2n) a complex one whose adjoint multiplies by conj(d).
 */
export function diagonal(d: Float64Array | { complex: Float64Array }, shape?: Shape): LinearOperator {
  if (d instanceof Float64Array) {
    checkFinite('diagonal', 'weights', d);
    const n = d.length;
    if (n === 0) throw new CandorError('diagonal', 'weights', 'at least one entry', 'an empty array');
    const sh = shape ?? [n];
    if (sizeOf(sh) !== n) throw new CandorError('diagonal', 'shape', `size ${n} (the number of weights)`, shapeString(sh));
    const mul: Kernel = (x, out) => {
      for (let i = 0; i < n; i++) out[i] = d[i] * x[i];
      return out;
    };
    const mulSq: Kernel = (x, out) => {
      for (let i = 0; i < n; i++) out[i] = d[i] * d[i] * x[i];
      return out;
    };
    const mulC: Kernel = (x, out) => {
      for (let i = 0; i < n; i++) {
        out[2 * i] = d[i] * x[2 * i];
        out[2 * i + 1] = d[i] * x[2 * i + 1];
      }
      return out;
    };
    const mulSqC: Kernel = (x, out) => {
      for (let i = 0; i < n; i++) {
        const w = d[i] * d[i];
        out[2 * i] = w * x[2 * i];
        out[2 * i + 1] = w * x[2 * i + 1];
      }
      return out;
    };
    return defineOperator({
      name: `Diagonal(${shapeString(sh)})`,
      domain: sh,
      range: sh,
      field: 'real',
      apply: mul,
      adjoint: mul,
      normal: mulSq,
      applyComplex: mulC,
      adjointComplex: mulC,
      normalComplex: mulSqC,
      cheapNormal: true,
    });
  }
  const z = d?.complex;
  if (!(z instanceof Float64Array) || z.length % 2 !== 0 || z.length === 0) {
    throw new CandorError('diagonal', 'complex weights', 'a non-empty interleaved Float64Array of even length', describe(z));
  }
  checkFinite('diagonal', 'weights', z);
  const n = z.length / 2;
  const sh = shape ?? [n];
  if (sizeOf(sh) !== n) throw new CandorError('diagonal', 'shape', `size ${n} (the number of weights)`, shapeString(sh));
  const mul =
    (conj: number): Kernel =>
    (x, out) => {
      for (let i = 0; i < 2 * n; i += 2) {
        const a = z[i];
        const b = conj * z[i + 1];
        const c = x[i];
        const e = x[i + 1];
        out[i] = a * c - b * e;
        out[i + 1] = a * e + b * c;
      }
      return out;
    };
  const nm: Kernel = (x, out) => {
    for (let i = 0; i < 2 * n; i += 2) {
      const w = z[i] * z[i] + z[i + 1] * z[i + 1];
      out[i] = w * x[i];
      out[i + 1] = w * x[i + 1];
    }
    return out;
  };
  return defineOperator({
    name: `ComplexDiagonal(${shapeString(sh)})`,
    domain: sh,
    range: sh,
    field: 'complex',
    apply: mul(1),
    adjoint: mul(-1),
    normal: nm,
    cheapNormal: true,
  });
}

/** Validated, strictly increasing copy of an index list (or the set positions of a 0/1 mask). */
export function indexList(where: string, what: string, idx: ArrayLike<number>, n: number): Int32Array {
  const isMask = idx instanceof Uint8Array;
  if (isMask) {
    if (idx.length !== n) throw new CandorError(where, `${what} mask length`, String(n), String(idx.length));
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = idx[i];
      if (v !== 0 && v !== 1) throw new CandorError(where, `${what} mask value at ${i}`, '0 or 1', String(v));
      if (v) out.push(i);
    }
    if (out.length === 0) throw new CandorError(where, `${what} mask`, 'at least one sampled entry', 'an all-zero mask');
    return Int32Array.from(out);
  }
  if (!idx || typeof idx.length !== 'number' || idx.length === 0) {
    throw new CandorError(where, what, 'a non-empty list of indices or a Uint8Array mask', describe(idx));
  }
  const out = Int32Array.from(idx as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    const v = idx[i];
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new CandorError(where, `${what}[${i}]`, `an integer index in [0, ${n - 1}]`, describe(v));
    }
  }
  out.sort();
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new CandorError(where, what, 'distinct indices', `index ${out[i]} twice`);
  }
  return out;
}

/**
 * Selection S (x -> x[idx]) from an array of `shape` to the listed entries, and S^T (zero
 * embedding). A co-isometry: S S^T = I.
 */
export function select(shape: Shape, idx: ArrayLike<number>, where = 'select'): LinearOperator {
  const n = sizeOf(shape);
  const ix = indexList(where, 'indices', idx, n);
  const m = ix.length;
  const take: Kernel = (x, out) => {
    for (let i = 0; i < m; i++) out[i] = x[ix[i]];
    return out;
  };
  const put: Kernel = (y, out) => {
    out.fill(0);
    for (let i = 0; i < m; i++) out[ix[i]] = y[i];
    return out;
  };
  const mask: Kernel = (x, out) => {
    out.fill(0);
    for (let i = 0; i < m; i++) out[ix[i]] = x[ix[i]];
    return out;
  };
  const takeC: Kernel = (x, out) => {
    for (let i = 0; i < m; i++) {
      out[2 * i] = x[2 * ix[i]];
      out[2 * i + 1] = x[2 * ix[i] + 1];
    }
    return out;
  };
  const putC: Kernel = (y, out) => {
    out.fill(0);
    for (let i = 0; i < m; i++) {
      out[2 * ix[i]] = y[2 * i];
      out[2 * ix[i] + 1] = y[2 * i + 1];
    }
    return out;
  };
  const maskC: Kernel = (x, out) => {
    out.fill(0);
    for (let i = 0; i < m; i++) {
      out[2 * ix[i]] = x[2 * ix[i]];
      out[2 * ix[i] + 1] = x[2 * ix[i] + 1];
    }
    return out;
  };
  return defineOperator({
    name: `Select(${m} of ${shapeString(shape)})`,
    domain: shape,
    range: [m],
    field: 'real',
    structure: m === n ? 'unitary' : 'coisometry',
    apply: take,
    adjoint: put,
    normal: mask,
    applyComplex: takeC,
    adjointComplex: putC,
    normalComplex: maskC,
    cheapNormal: true,
  });
}

/** S_R A: keep only the listed rows (range entries) of A; `rows` may be a 0/1 Uint8Array mask. */
export function restrictRows(A: LinearOperator, rows: ArrayLike<number>): LinearOperator {
  return compose(select(A.range, rows, 'restrictRows'), A);
}

/** A S_C^T: the columns `cols` of A, acting on a vector of length |cols|. */
export function restrictCols(A: LinearOperator, cols: ArrayLike<number>): LinearOperator {
  const S = select(A.domain, cols, 'restrictCols');
  const n = S.rows;
  const emb = defineOperator({
    name: `Embed(${n} into ${shapeString(A.domain)})`,
    domain: [n],
    range: A.domain,
    field: 'real',
    structure: S.structure === 'unitary' ? 'unitary' : 'isometry',
    apply: (x, o) => S.adjoint(x, o),
    adjoint: (y, o) => S.apply(y, o),
    applyComplex: (x, o) => S.adjoint(x, o),
    adjointComplex: (y, o) => S.apply(y, o),
    normal: (x, o) => {
      o.set(x);
      return o;
    },
    normalComplex: (x, o) => {
      o.set(x);
      return o;
    },
    cheapNormal: true,
  });
  return compose(A, emb);
}
