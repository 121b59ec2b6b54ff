/**
 * `defineOperator` turns a small spec (shapes + real or complex kernels) into a checked
 * LinearOperator: buffer lengths are validated on every call (O(1)), real operators gain a
 * complex-data path, and `normal` falls back to adjoint(apply(x)) with a cached scratch buffer.
 *
 * @example
 * import { defineOperator } from './define.ts';
 * const twice = defineOperator({
 *   name: 'Twice', domain: [3], range: [3], field: 'real',
 *   apply: (x, out) => { for (let i = 0; i < 3; i++) out[i] = 2 * x[i]; return out; },
 *   adjoint: (y, out) => { for (let i = 0; i < 3; i++) out[i] = 2 * y[i]; return out; },
 * });
 * twice.apply(Float64Array.of(1, 2, 3), new Float64Array(3)); // [2, 4, 6]
 * twice.apply(Float64Array.of(1, 1, 0, 0, 0, 2), new Float64Array(6)); // complex: [2, 2, 0, 0, 0, 4]
 */
import { CandorError } from '../core/errors.ts';
import { type Field, type LinearOperator, type Shape, type Structure, shapeString, sizeOf } from './types.ts';

/** A kernel (x, out) => out: writes the image of x into out and returns out. */
export type Kernel = (x: Float64Array, out: Float64Array) => Float64Array;

/**
 * What {@link defineOperator} needs: name, domain and range shapes, field, structure claim
 * (default 'general') and native-field kernels (`apply`, `adjoint`, optional `normal` and
 * complex-data kernels for a real operator).
 */
export interface OperatorSpec {
  name: string;
  domain: Shape;
  range: Shape;
  field: Field;
  structure?: Structure;
  /** Native-field kernels: real operators get real buffers here, complex ones interleaved. */
  apply: Kernel;
  adjoint: Kernel;
  /** Optional A^H A in the native field (mark `cheapNormal` when it beats apply + adjoint). */
  normal?: Kernel;
  cheapNormal?: boolean;
  /** Optional native complex-data kernels for a real operator (default: split re/im). */
  applyComplex?: Kernel;
  adjointComplex?: Kernel;
  normalComplex?: Kernel;
  /** Explicit matrix backing the operator, if any. */
  dense?: { readonly rows: number; readonly cols: number; readonly data: Float64Array };
}

class CheckedOperator implements LinearOperator {
  readonly name: string;
  readonly domain: Shape;
  readonly range: Shape;
  readonly field: Field;
  readonly cols: number;
  readonly rows: number;
  readonly structure: Structure;
  readonly cheapNormal: boolean;
  readonly dense?: { readonly rows: number; readonly cols: number; readonly data: Float64Array };
  private readonly spec: OperatorSpec;
  private scratch: Record<string, Float64Array> = {};

  constructor(spec: OperatorSpec) {
    for (const [label, shape] of [
      ['domain', spec.domain],
      ['range', spec.range],
    ] as const) {
      if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 1)) {
        throw new CandorError(spec.name, `${label} shape`, 'positive integer dimensions', JSON.stringify(shape));
      }
    }
    this.spec = spec;
    this.name = spec.name;
    this.domain = Object.freeze([...spec.domain]);
    this.range = Object.freeze([...spec.range]);
    this.field = spec.field;
    this.cols = sizeOf(spec.domain);
    this.rows = sizeOf(spec.range);
    this.structure = spec.structure ?? 'general';
    this.cheapNormal = spec.cheapNormal ?? false;
    if (spec.dense) this.dense = spec.dense;
  }

  private buf(key: string, n: number): Float64Array {
    let b = this.scratch[key];
    if (!b || b.length !== n) b = this.scratch[key] = new Float64Array(n);
    return b;
  }

  /** 'real' or 'complex' data mode for an (in, out) pair, or a thrown error naming the lengths. */
  private mode(method: string, x: Float64Array, out: Float64Array, nIn: number, nOut: number): 'real' | 'complex' {
    const where = `${this.name}.${method}`;
    if (!(x instanceof Float64Array)) throw new CandorError(where, 'input', 'a Float64Array', typeof x);
    if (!(out instanceof Float64Array)) throw new CandorError(where, 'out', 'a Float64Array', typeof out);
    if (x === out) throw new CandorError(where, 'out', 'a buffer distinct from the input', 'the input itself');
    const inShape = shapeString(method === 'adjoint' ? this.range : this.domain);
    const outShape = shapeString(method === 'adjoint' ? this.domain : this.range);
    if (this.field === 'complex') {
      if (x.length !== 2 * nIn) {
        throw new CandorError(where, 'input length', `${2 * nIn} (complex interleaved ${inShape})`, String(x.length));
      }
      if (out.length !== 2 * nOut) {
        throw new CandorError(where, 'out length', `${2 * nOut} (complex interleaved ${outShape})`, String(out.length));
      }
      return 'complex';
    }
    if (x.length === nIn && out.length === nOut) return 'real';
    if (x.length === 2 * nIn && out.length === 2 * nOut) return 'complex';
    if (x.length !== nIn && x.length !== 2 * nIn) {
      throw new CandorError(where, 'input length', `${nIn} (real ${inShape}) or ${2 * nIn} (complex)`, String(x.length));
    }
    const want = x.length === nIn ? `${nOut} (real, matching the input)` : `${2 * nOut} (complex, matching the input)`;
    throw new CandorError(where, 'out length', want, String(out.length));
  }

  /** Run a real kernel on complex interleaved data, part by part. */
  private splitRun(key: string, k: Kernel, x: Float64Array, out: Float64Array, nIn: number, nOut: number): void {
    const xr = this.buf(`${key}xr`, nIn);
    const xi = this.buf(`${key}xi`, nIn);
    const yr = this.buf(`${key}yr`, nOut);
    const yi = this.buf(`${key}yi`, nOut);
    for (let i = 0; i < nIn; i++) {
      xr[i] = x[2 * i];
      xi[i] = x[2 * i + 1];
    }
    k(xr, yr);
    k(xi, yi);
    for (let i = 0; i < nOut; i++) {
      out[2 * i] = yr[i];
      out[2 * i + 1] = yi[i];
    }
  }

  apply(x: Float64Array, out: Float64Array): Float64Array {
    const m = this.mode('apply', x, out, this.cols, this.rows);
    if (m === 'real' || this.field === 'complex') return this.spec.apply(x, out);
    if (this.spec.applyComplex) return this.spec.applyComplex(x, out);
    this.splitRun('a', this.spec.apply, x, out, this.cols, this.rows);
    return out;
  }

  adjoint(y: Float64Array, out: Float64Array): Float64Array {
    const m = this.mode('adjoint', y, out, this.rows, this.cols);
    if (m === 'real' || this.field === 'complex') return this.spec.adjoint(y, out);
    if (this.spec.adjointComplex) return this.spec.adjointComplex(y, out);
    this.splitRun('h', this.spec.adjoint, y, out, this.rows, this.cols);
    return out;
  }

  normal(x: Float64Array, out: Float64Array): Float64Array {
    const m = this.mode('normal', x, out, this.cols, this.cols);
    const s = this.spec;
    if (m === 'real' || this.field === 'complex') {
      if (s.normal) return s.normal(x, out);
      const t = this.buf(`n${m}`, (this.field === 'complex' ? 2 : 1) * this.rows);
      s.apply(x, t);
      return s.adjoint(t, out);
    }
    if (s.normalComplex) return s.normalComplex(x, out);
    if (s.normal) {
      this.splitRun('n', s.normal, x, out, this.cols, this.cols);
      return out;
    }
    const t = this.buf('nc', 2 * this.rows);
    this.apply(x, t);
    return this.adjoint(t, out);
  }
}

/**
 * A {@link LinearOperator} from its kernels: validates the shapes, then checks every call's
 * buffer lengths (real or complex interleaved) and splits complex data into re/im for a real
 * operator without complex kernels. The default `normal` is `adjoint(apply(x))`.
 */
export function defineOperator(spec: OperatorSpec): LinearOperator {
  return new CheckedOperator(spec);
}

/** Buffer length of an operator's domain (`'domain'`) or range for real or complex data. */
export function bufferLength(A: LinearOperator, side: 'domain' | 'range', complex = A.field === 'complex'): number {
  return (side === 'domain' ? A.cols : A.rows) * (complex ? 2 : 1);
}

/** A zeroed domain-side buffer for A (complex interleaved when A is complex or `complex`). */
export function domainBuffer(A: LinearOperator, complex = A.field === 'complex'): Float64Array {
  return new Float64Array(bufferLength(A, 'domain', complex));
}

/** A zeroed range-side buffer for A. */
export function rangeBuffer(A: LinearOperator, complex = A.field === 'complex'): Float64Array {
  return new Float64Array(bufferLength(A, 'range', complex));
}
