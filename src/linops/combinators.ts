/**
 * Operator combinators, as named functions checked for shape when built (the error names both
 * operators and both shapes). All are lazy: they hold their operands and scratch buffers; nothing
 * is materialised.
 *
 * - `compose(A, B)`   x -> A(B x)            (B.range must equal A.domain)
 * - `sum(A, B, ...)`  x -> A x + B x + ...   (equal domains and ranges)
 * - `scale(c, A)`     x -> c A x             (real c)
 * - `adjoint(A)`      A^H, lazy; adjoint(adjoint(A)) === A
 * - `vstack([A, B])`  x -> [A x; B x]        (equal domains; range flattened)
 * - `hstack([A, B])`  [x1; x2] -> A x1 + B x2 (equal ranges; domain flattened)
 * - `blockDiag([A, B])` [x1; x2] -> [A x1; B x2]
 * - `reshape(A, domain, range)` the same operator on reshaped arrays (sizes must match)
 *
 * Model: SigPy `Compose`, `Add`, `Hstack`, `Vstack`, `Diag`; PyLops `VStack`, `HStack`, `BlockDiag`.
 *
 * @example
 * import { compose, adjoint } from './combinators.ts';
 * import { identity, diagonal } from './basic.ts';
 * const D = diagonal(Float64Array.of(1, 2, 3));
 * const A = compose(D, identity([3]));
 * A.apply(Float64Array.of(1, 1, 1), new Float64Array(3)); // [1, 2, 3]
 * adjoint(adjoint(A)) === A; // true
 */
import { CandorError } from '../core/errors.ts';
import { defineOperator, type Kernel } from './define.ts';
import { type Field, type LinearOperator, type Shape, type Structure, shapeEquals, shapeString, sizeOf } from './types.ts';

const adjointCache = new WeakMap<LinearOperator, LinearOperator>();

function fieldOf(ops: readonly LinearOperator[]): Field {
  return ops.some((o) => o.field === 'complex') ? 'complex' : 'real';
}

/** Scratch buffers keyed by length, so real and complex data each get their own. */
class Pool {
  private m = new Map<string, Float64Array>();
  get(key: string, n: number): Float64Array {
    const k = `${key}:${n}`;
    let b = this.m.get(k);
    if (!b) this.m.set(k, (b = new Float64Array(n)));
    return b;
  }
}

/** 1 for real data, 2 for complex interleaved, from a buffer and the logical size it holds. */
function width(x: Float64Array, n: number): 1 | 2 {
  return x.length === n ? 1 : 2;
}

function checkOps(where: string, ops: readonly LinearOperator[]): void {
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new CandorError(where, 'operators', 'a non-empty array of LinearOperator', Array.isArray(ops) ? 'an empty array' : typeof ops);
  }
}

/** A^H, lazily; `adjoint(adjoint(A)) === A`. */
export function adjoint(A: LinearOperator): LinearOperator {
  const cached = adjointCache.get(A);
  if (cached) return cached;
  const structure: Structure =
    A.structure === 'isometry' ? 'coisometry' : A.structure === 'coisometry' ? 'isometry' : A.structure;
  const H = defineOperator({
    name: `adjoint(${A.name})`,
    domain: A.range,
    range: A.domain,
    field: A.field,
    structure,
    apply: (y, out) => A.adjoint(y, out),
    adjoint: (x, out) => A.apply(x, out),
    applyComplex: (y, out) => A.adjoint(y, out),
    adjointComplex: (x, out) => A.apply(x, out),
  });
  adjointCache.set(A, H);
  adjointCache.set(H, A);
  return H;
}

/**
 * The structure of A o B: unitary o unitary is unitary; (A B)(A B)^H = A A^H when B is unitary or
 * a co-isometry, so co-isometries compose with unitaries and co-isometries into co-isometries
 * (a row subset of a unitary transform after a wavelet synthesis: A A^H = I); dually
 * (A B)^H (A B) = B^H B when A is unitary or an isometry. Anything else is general.
 */
function composedStructure(a: Structure, b: Structure): Structure {
  if (a === 'unitary' && b === 'unitary') return 'unitary';
  const co = (s: Structure) => s === 'unitary' || s === 'coisometry';
  const iso = (s: Structure) => s === 'unitary' || s === 'isometry';
  if (co(a) && co(b)) return 'coisometry';
  if (iso(a) && iso(b)) return 'isometry';
  return 'general';
}

/** x -> A(B x). Requires B.range == A.domain (use `reshape` to reinterpret shapes deliberately). */
export function compose(A: LinearOperator, B: LinearOperator): LinearOperator {
  if (!shapeEquals(B.range, A.domain)) {
    throw new CandorError(
      'compose',
      `shapes of ${A.name} o ${B.name}`,
      `${B.name}.range equal to ${A.name}.domain (${shapeString(A.domain)})`,
      shapeString(B.range),
    );
  }
  const pool = new Pool();
  const field = fieldOf([A, B]);
  const run = (x: Float64Array, out: Float64Array): Float64Array => {
    const t = pool.get('a', B.rows * width(x, B.cols));
    B.apply(x, t);
    return A.apply(t, out);
  };
  const runH = (y: Float64Array, out: Float64Array): Float64Array => {
    const t = pool.get('h', B.rows * width(y, A.rows));
    A.adjoint(y, t);
    return B.adjoint(t, out);
  };
  // A^H A is cheap when A's is and B is unitary-ish; in general use B^H (A^H A) B.
  const normal = (x: Float64Array, out: Float64Array): Float64Array => {
    if (A.structure === 'unitary' || A.structure === 'isometry') return B.normal(x, out);
    const w = width(x, B.cols);
    const t = pool.get('n1', B.rows * w);
    const u = pool.get('n2', B.rows * w);
    B.apply(x, t);
    A.normal(t, u);
    return B.adjoint(u, out);
  };
  return defineOperator({
    name: `${A.name} o ${B.name}`,
    domain: B.domain,
    range: A.range,
    field,
    structure: composedStructure(A.structure, B.structure),
    apply: run,
    adjoint: runH,
    applyComplex: run,
    adjointComplex: runH,
    normal,
    normalComplex: normal,
    cheapNormal: A.cheapNormal || A.structure === 'unitary' || A.structure === 'isometry',
  });
}

/** Composition of several operators, right to left: composeAll([A, B, C]) = A o B o C. */
export function composeAll(ops: readonly LinearOperator[]): LinearOperator {
  checkOps('composeAll', ops);
  let acc = ops[ops.length - 1];
  for (let i = ops.length - 2; i >= 0; i--) acc = compose(ops[i], acc);
  return acc;
}

/** x -> sum_i A_i x. */
export function sum(...ops: LinearOperator[]): LinearOperator {
  checkOps('sum', ops);
  const A = ops[0];
  for (const B of ops.slice(1)) {
    if (!shapeEquals(A.domain, B.domain) || !shapeEquals(A.range, B.range)) {
      throw new CandorError(
        'sum',
        `shapes of ${A.name} + ${B.name}`,
        `equal domains and ranges (${shapeString(A.domain)} -> ${shapeString(A.range)})`,
        `${shapeString(B.domain)} -> ${shapeString(B.range)}`,
      );
    }
  }
  const pool = new Pool();
  const acc = (method: 'apply' | 'adjoint', nIn: number, nOut: number): Kernel => (x, out) => {
    const t = pool.get(method, nOut * width(x, nIn));
    ops[0][method](x, out);
    for (let i = 1; i < ops.length; i++) {
      ops[i][method](x, t);
      for (let j = 0; j < out.length; j++) out[j] += t[j];
    }
    return out;
  };
  const ap = acc('apply', A.cols, A.rows);
  const ad = acc('adjoint', A.rows, A.cols);
  return defineOperator({
    name: ops.map((o) => o.name).join(' + '),
    domain: A.domain,
    range: A.range,
    field: fieldOf(ops),
    apply: ap,
    adjoint: ad,
    applyComplex: ap,
    adjointComplex: ad,
  });
}

/** x -> c A x for a real finite scalar c. */
export function scale(c: number, A: LinearOperator): LinearOperator {
  if (typeof c !== 'number' || !Number.isFinite(c)) {
    throw new CandorError('scale', 'scalar', 'a finite real number', String(c));
  }
  const mul =
    (method: 'apply' | 'adjoint' | 'normal', f: number): Kernel =>
    (x, out) => {
      A[method](x, out);
      for (let i = 0; i < out.length; i++) out[i] *= f;
      return out;
    };
  const unit = Math.abs(c) === 1;
  return defineOperator({
    name: `${c}*${A.name}`,
    domain: A.domain,
    range: A.range,
    field: A.field,
    structure: unit ? A.structure : 'general',
    apply: mul('apply', c),
    adjoint: mul('adjoint', c),
    normal: mul('normal', c * c),
    applyComplex: mul('apply', c),
    adjointComplex: mul('adjoint', c),
    normalComplex: mul('normal', c * c),
    cheapNormal: A.cheapNormal,
  });
}

/** The same operator seen on reshaped domain and range arrays (sizes must be equal). */
export function reshape(A: LinearOperator, domain: Shape, range: Shape, name = A.name): LinearOperator {
  if (sizeOf(domain) !== A.cols || sizeOf(range) !== A.rows) {
    throw new CandorError(
      'reshape',
      `shapes for ${A.name}`,
      `sizes ${A.cols} -> ${A.rows} (${shapeString(A.domain)} -> ${shapeString(A.range)})`,
      `${shapeString(domain)} -> ${shapeString(range)}`,
    );
  }
  return defineOperator({
    name,
    domain,
    range,
    field: A.field,
    structure: A.structure,
    apply: (x, o) => A.apply(x, o),
    adjoint: (y, o) => A.adjoint(y, o),
    normal: (x, o) => A.normal(x, o),
    applyComplex: (x, o) => A.apply(x, o),
    adjointComplex: (y, o) => A.adjoint(y, o),
    normalComplex: (x, o) => A.normal(x, o),
    cheapNormal: A.cheapNormal,
  });
}

/** Vertical stack `[A_1; A_2; ...]`: x -> the concatenation of the A_i x (equal domains). */
export function vstack(ops: readonly LinearOperator[]): LinearOperator {
  checkOps('vstack', ops);
  const A = ops[0];
  for (const B of ops) {
    if (!shapeEquals(A.domain, B.domain)) {
      throw new CandorError('vstack', `domain of ${B.name}`, `${shapeString(A.domain)} (the domain of ${A.name})`, shapeString(B.domain));
    }
  }
  const rows = ops.reduce((s, o) => s + o.rows, 0);
  const pool = new Pool();
  const ap: Kernel = (x, out) => {
    const w = width(x, A.cols);
    let off = 0;
    for (const o of ops) {
      o.apply(x, out.subarray(off, off + w * o.rows));
      off += w * o.rows;
    }
    return out;
  };
  const ad: Kernel = (y, out) => {
    const w = width(y, rows);
    const t = pool.get('h', w * A.cols);
    let off = 0;
    out.fill(0);
    for (const o of ops) {
      o.adjoint(y.subarray(off, off + w * o.rows), t);
      for (let i = 0; i < out.length; i++) out[i] += t[i];
      off += w * o.rows;
    }
    return out;
  };
  const nm: Kernel = (x, out) => {
    const t = pool.get('n', x.length);
    out.fill(0);
    for (const o of ops) {
      o.normal(x, t);
      for (let i = 0; i < out.length; i++) out[i] += t[i];
    }
    return out;
  };
  return defineOperator({
    name: `vstack(${ops.map((o) => o.name).join(', ')})`,
    domain: A.domain,
    range: [rows],
    field: fieldOf(ops),
    apply: ap,
    adjoint: ad,
    normal: nm,
    applyComplex: ap,
    adjointComplex: ad,
    normalComplex: nm,
    cheapNormal: ops.every((o) => o.cheapNormal || o.structure === 'unitary'),
  });
}

/** Horizontal stack `[A_1, A_2, ...]`: `[x_1; x_2; ...]` -> sum_i A_i x_i (equal ranges). */
export function hstack(ops: readonly LinearOperator[]): LinearOperator {
  checkOps('hstack', ops);
  const A = ops[0];
  for (const B of ops) {
    if (!shapeEquals(A.range, B.range)) {
      throw new CandorError('hstack', `range of ${B.name}`, `${shapeString(A.range)} (the range of ${A.name})`, shapeString(B.range));
    }
  }
  const H = adjoint(vstack(ops.map((o) => adjoint(o))));
  return reshape(H, H.domain, H.range, `hstack(${ops.map((o) => o.name).join(', ')})`);
}

/** blockDiag([A_1, A_2, ...]): [x_1; x_2; ...] -> [A_1 x_1; A_2 x_2; ...]. */
export function blockDiag(ops: readonly LinearOperator[]): LinearOperator {
  checkOps('blockDiag', ops);
  const cols = ops.reduce((s, o) => s + o.cols, 0);
  const rows = ops.reduce((s, o) => s + o.rows, 0);
  const run =
    (method: 'apply' | 'adjoint' | 'normal', nIn: number): Kernel =>
    (x, out) => {
      const w = width(x, nIn);
      let i = 0;
      let o = 0;
      for (const A of ops) {
        const a = method === 'adjoint' ? A.rows : A.cols;
        const b = method === 'apply' ? A.rows : A.cols;
        A[method](x.subarray(w * i, w * (i + a)), out.subarray(w * o, w * (o + b)));
        i += a;
        o += b;
      }
      return out;
    };
  const structures = new Set(ops.map((o) => o.structure));
  return defineOperator({
    name: `blockDiag(${ops.map((o) => o.name).join(', ')})`,
    domain: [cols],
    range: [rows],
    field: fieldOf(ops),
    structure: structures.size === 1 ? ops[0].structure : 'general',
    apply: run('apply', cols),
    adjoint: run('adjoint', rows),
    normal: run('normal', cols),
    applyComplex: run('apply', cols),
    adjointComplex: run('adjoint', rows),
    normalComplex: run('normal', cols),
    cheapNormal: ops.every((o) => o.cheapNormal),
  });
}
