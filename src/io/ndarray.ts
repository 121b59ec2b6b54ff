/**
 * The one array type every file format in `src/io` reads into and writes from, plus the shape,
 * order and finiteness helpers the formats share.
 *
 * An {@link NdArray} is row-major (C order: the last index varies fastest) with real data in a
 * Float64Array of `prod(shape)` entries, or complex data interleaved re/im in `2 * prod(shape)`
 * entries. Formats whose first index varies fastest (BART `.cfl`, NIfTI, NumPy with
 * `fortran_order`) keep the shape and the indices their reference reader uses (BART's `readcfl`,
 * nibabel, numpy) and reorder the samples to C order on reading (and back on writing); see
 * docs/file-formats.md.
 *
 * @example
 * import { fortranToC } from './ndarray.ts';
 * // a 2x3 array stored column by column (Fortran order): a[i][j] = 10 i + j
 * fortranToC(Float64Array.of(0, 10, 1, 11, 2, 12), [2, 3], false); // [0, 1, 2, 10, 11, 12]
 */
import { CandorError, describe } from '../core/errors.ts';

/** A dense n-dimensional array in row-major (C) order, with what its file said about it. */
export interface NdArray {
  /** Axis lengths, slowest first (C order). `[]` is a scalar (one sample). */
  shape: number[];
  /** `prod(shape)` real samples, or `2 * prod(shape)` interleaved re/im samples when `complex`. */
  data: Float64Array;
  /** Whether `data` is complex interleaved. */
  complex: boolean;
  /** Sample type stored in the file, numpy-style: 'int16', 'uint8', 'float32', 'complex64', ... */
  dtype?: string;
  /** Physical sample spacing along each axis (same order as `shape`), where the file has it. */
  spacing?: number[];
}

/** `where` for error messages: `readNpy(scan.npy)` when the file name is known, else `readNpy`. */
export function ioWhere(fn: string, name?: string): string {
  return name ? `${fn}(${name})` : fn;
}

/** Number of samples of a shape (1 for a scalar shape `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The default cap on the samples a reader decodes from one file: 2^27 (1 GiB as Float64). Every
 * reader whose file can declare more than it holds (compressed PNG and .nii.gz) checks the
 * declared size against it before decoding; readers take a `maxSamples`/`maxPixels` option to
 * move it.
 */
export const DEFAULT_MAX_SAMPLES = 2 ** 27;

/**
 * Throws unless prod(shape) <= max: `<where>: <what>: expected at most <max> <unit> (the reader's
 * limit; <option> in the library), got <shape> = <n> <unit>` (the CLI and server have no option to
 * move it: the message says where it lives rather than naming a flag that is not there).
 */
export function checkMaxSamples(where: string, what: string, shape: readonly number[], max: number, unit: string, option: string, shown = formatShape(shape)): void {
  const n = shapeSize(shape);
  if (n > max) throw new CandorError(where, what, `at most ${max} ${unit} (the reader's limit; ${option} in the library)`, `${shown} = ${n} ${unit}`);
}

/** `3x4x2`, or `scalar` for `[]`: how shapes appear in error messages. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('x');
}

/** Throws unless `arr` is a well-formed NdArray (integer shape, data length matching the shape). */
export function checkNdArray(where: string, arr: unknown): NdArray {
  const a = arr as NdArray;
  if (typeof arr !== 'object' || arr === null || !Array.isArray(a.shape)) {
    throw new CandorError(where, 'array', 'an object { shape, data, complex }', describe(arr));
  }
  for (const d of a.shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new CandorError(
        where,
        'shape',
        'non-negative integer axis lengths',
        `[${a.shape.map(describe).join(', ')}]`,
      );
    }
  }
  if (!(a.data instanceof Float64Array)) {
    throw new CandorError(where, 'data', 'a Float64Array', describe(a.data));
  }
  const n = shapeSize(a.shape) * (a.complex ? 2 : 1);
  if (a.data.length !== n) {
    const what = a.complex ? `2 * ${formatShape(a.shape)} (complex interleaved)` : formatShape(a.shape);
    throw new CandorError(where, 'data length', `${n} (${what})`, String(a.data.length));
  }
  return a;
}

/** The C-order multi-index `[i0, i1, ...]` of flat sample `k` in `shape`, as text. */
export function formatIndex(shape: readonly number[], k: number): string {
  const idx = new Array<number>(shape.length);
  for (let j = shape.length - 1; j >= 0; j--) {
    idx[j] = k % shape[j];
    k = Math.floor(k / shape[j]);
  }
  return `[${idx.join(', ')}]`;
}

/**
 * Throws if the array holds NaN or +-Infinity, naming the first bad sample by its multi-index
 * (and which part, for complex data): `data: expected finite values, got NaN at [2, 3]`.
 */
export function checkFiniteArray(where: string, arr: NdArray): void {
  const x = arr.data;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) {
      const k = arr.complex ? i >> 1 : i;
      const part = arr.complex ? (i & 1 ? ' (imaginary part)' : ' (real part)') : '';
      throw new CandorError(
        where,
        'data',
        'finite values',
        `${describe(v)}${part} at ${formatIndex(arr.shape, k)}`,
      );
    }
  }
}

/** Largest finite float32, for range checks before narrowing. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Throws if any sample would overflow float32 (|v| > FLOAT32_MAX) when narrowed on writing. */
export function checkFloat32Range(where: string, arr: NdArray): void {
  const x = arr.data;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v > FLOAT32_MAX || v < -FLOAT32_MAX) {
      const k = arr.complex ? i >> 1 : i;
      throw new CandorError(
        where,
        'data',
        `values within the float32 range (|v| <= ${FLOAT32_MAX})`,
        `${describe(v)} at ${formatIndex(arr.shape, k)}`,
      );
    }
  }
}

/**
 * Copies between Fortran order (first index fastest) and C order (last index fastest) of one
 * shape: `toC` moves `src[f] -> out[c]`, else `src[c] -> out[f]`, for every sample, with f and c
 * its flat numbers in the two orders. An odometer over axes 1.. (Fortran order) and a tight loop
 * over axis 0, whose C stride is the product of the other sides; complex samples move as re/im
 * pairs. (A callback per sample, as before, took ~11 ms for an 8-coil 256 x 256 CFL; this ~7.)
 */
function reorder(src: Float64Array, out: Float64Array, shape: readonly number[], complex: boolean, toC: boolean): void {
  const nd = shape.length;
  const n = shapeSize(shape);
  if (n === 0) return;
  if (nd <= 1) {
    // a scalar or a vector: both orders are the same
    out.set(src.subarray(0, complex ? 2 * n : n));
    return;
  }
  const cStride = new Array<number>(nd);
  let s = 1;
  for (let j = nd - 1; j >= 0; j--) {
    cStride[j] = s;
    s *= shape[j];
  }
  const n0 = shape[0];
  const s0 = cStride[0];
  const idx = new Array<number>(nd).fill(0);
  let c = 0;
  for (let f = 0; f < n; f += n0) {
    if (complex) {
      if (toC) {
        for (let i = 0, ci = 2 * c, fi = 2 * f; i < n0; i++, ci += 2 * s0, fi += 2) {
          out[ci] = src[fi];
          out[ci + 1] = src[fi + 1];
        }
      } else {
        for (let i = 0, ci = 2 * c, fi = 2 * f; i < n0; i++, ci += 2 * s0, fi += 2) {
          out[fi] = src[ci];
          out[fi + 1] = src[ci + 1];
        }
      }
    } else if (toC) {
      for (let i = 0, ci = c; i < n0; i++, ci += s0) out[ci] = src[f + i];
    } else {
      for (let i = 0, ci = c; i < n0; i++, ci += s0) out[f + i] = src[ci];
    }
    // advance the odometer of axes 1.. (Fortran order: axis 1 fastest)
    for (let j = 1; j < nd; j++) {
      if (++idx[j] < shape[j]) {
        c += cStride[j];
        break;
      }
      c -= (shape[j] - 1) * cStride[j];
      idx[j] = 0;
    }
  }
}

/**
 * Reorders samples stored in Fortran order (first index fastest) into C order (last index
 * fastest), keeping the shape: `out[c(i0, i1, ...)] = src[f(i0, i1, ...)]`. Complex samples move
 * as re/im pairs.
 */
export function fortranToC(src: Float64Array, shape: readonly number[], complex: boolean): Float64Array {
  const out = new Float64Array(src.length);
  reorder(src, out, shape, complex, true);
  return out;
}

/** The inverse of {@link fortranToC}: C-order samples into Fortran order, keeping the shape. */
export function cToFortran(src: Float64Array, shape: readonly number[], complex: boolean): Float64Array {
  const out = new Float64Array(src.length);
  reorder(src, out, shape, complex, false);
  return out;
}

/** First bytes of `b` in hex (`93 4E 55 4D`), for "got ..." in magic-number errors. */
export function hexBytes(b: Uint8Array, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(n, b.length); i++)
    parts.push(b[i].toString(16).toUpperCase().padStart(2, '0'));
  return parts.length ? parts.join(' ') : 'no bytes';
}

/** Throws unless `bytes` is a Uint8Array (the one input type every parser takes). */
export function checkBytes(where: string, bytes: unknown): Uint8Array {
  if (!(bytes instanceof Uint8Array))
    throw new CandorError(where, 'input', 'a Uint8Array of file bytes', describe(bytes));
  return bytes;
}
