/**
 * NumPy `.npy` files, read and written on bytes (browser-safe).
 *
 * Layout (NEP 1, `numpy/lib/format.py`): the magic `\x93NUMPY`, a version byte pair (1.0, 2.0 or
 * 3.0), the header length (uint16 LE for v1, uint32 LE for v2/v3), a Python dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` (latin-1 for v1/v2, UTF-8 for
 * v3) padded so the data starts on a 64-byte boundary, then the raw samples.
 *
 * Reading keeps numpy's shape and indices: `out[i, j]` is numpy's `a[i, j]`; Fortran-order files
 * are reordered to C order. Dtypes read: little/big-endian `f4 f8 c8 c16 i1 i2 i4 i8 u1 u2 u4 u8`
 * and `b1` (8-byte integers only when every value is exactly representable, |v| <= 2^53).
 * Writing produces `<f8`/`<c16` by default, `<f4`/`<c8` on request, with the exact header numpy
 * 1.24 writes, so `np.save` and `writeNpy` give identical bytes.
 *
 * @example
 * import { readNpy, writeNpy } from './npy.ts';
 * const bytes = writeNpy({ shape: [2, 2], data: Float64Array.of(1, 2, 3, 4), complex: false });
 * readNpy(bytes).data; // Float64Array [1, 2, 3, 4]; np.load gives array([[1., 2.], [3., 4.]])
 */
import { CandorError, describe } from '../core/errors.ts';
import {
  checkBytes,
  checkFiniteArray,
  checkFloat32Range,
  checkNdArray,
  formatIndex,
  formatShape,
  fortranToC,
  hexBytes,
  ioWhere,
  type NdArray,
  shapeSize,
} from './ndarray.ts';
import { npyHeaderBytes, parseNpyDict } from './npy-header.ts';

/** Options for {@link readNpy}. */
export interface ReadNpyOptions {
  /** File name for error messages. */
  name?: string;
  /** Accept NaN/Infinity samples (default false: they are an error naming the first one). */
  allowNonFinite?: boolean;
}

/** Options for {@link writeNpy}. */
export interface WriteNpyOptions {
  /** File name for error messages. */
  name?: string;
  /** Stored dtype: '<f8' (default for real), '<c16' (default for complex), '<f4' or '<c8'. */
  dtype?: NpyWriteDtype;
  /** Write NaN/Infinity samples (default false: they are an error). */
  allowNonFinite?: boolean;
}

/** The dtypes {@link writeNpy} writes: little-endian float64, complex128, float32 or complex64. */
export type NpyWriteDtype = '<f8' | '<c16' | '<f4' | '<c8';

/** The dtype strings (without byte order) {@link readNpy} accepts. */
export const NPY_READ_TYPES: readonly string[] = Object.freeze([
  'f4',
  'f8',
  'c8',
  'c16',
  'i1',
  'i2',
  'i4',
  'i8',
  'u1',
  'u2',
  'u4',
  'u8',
  'b1',
]);

const NAMES: Record<string, string> = {
  f4: 'float32',
  f8: 'float64',
  c8: 'complex64',
  c16: 'complex128',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  b1: 'bool',
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const BIG53 = 2n ** 53n;

/** Reads one real sample (or one complex component for c8/c16) of type `t` at byte `o`. */
function sampleReader(t: string): (v: DataView, o: number, le: boolean) => number {
  switch (t) {
    case 'f4':
    case 'c8':
      return (v, o, le) => v.getFloat32(o, le);
    case 'f8':
    case 'c16':
      return (v, o, le) => v.getFloat64(o, le);
    case 'i1':
      return (v, o) => v.getInt8(o);
    case 'i2':
      return (v, o, le) => v.getInt16(o, le);
    case 'i4':
      return (v, o, le) => v.getInt32(o, le);
    case 'u1':
      return (v, o) => v.getUint8(o);
    case 'u2':
      return (v, o, le) => v.getUint16(o, le);
    case 'u4':
      return (v, o, le) => v.getUint32(o, le);
    default: // b1
      return (v, o) => (v.getUint8(o) === 0 ? 0 : 1);
  }
}

/** The header of an `.npy` file (magic, version, dictionary, dtype) and the data it declares; throws as readNpy does. */
function npyHeader(bytes: Uint8Array, where: string) {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw new CandorError(where, 'header', 'the magic string \\x93NUMPY', hexBytes(bytes, 6));
    }
  }
  if (bytes.length < 10) throw new CandorError(where, 'header', 'at least 10 bytes', `${bytes.length} bytes`);
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) {
    throw new CandorError(where, 'format version', '1.0, 2.0 or 3.0', `${major}.${minor}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix)
    throw new CandorError(where, 'header', `at least ${prefix} bytes`, `${bytes.length} bytes`);
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (prefix + hlen > bytes.length) {
    throw new CandorError(
      where,
      'header length',
      `at most ${bytes.length - prefix} bytes (file size)`,
      String(hlen),
    );
  }
  const raw = bytes.subarray(prefix, prefix + hlen);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(raw);
  const dict = parseNpyDict(text.trim(), where);

  const m = /^([<>|=])([a-zA-Z]\d*)$/.exec(dict.descr);
  const t = m?.[2];
  if (!m || !t || !NPY_READ_TYPES.includes(t)) {
    throw new CandorError(
      where,
      'dtype',
      `one of ${NPY_READ_TYPES.join(' ')} (with < > or |)`,
      describe(dict.descr),
    );
  }
  const complex = t[0] === 'c';
  const itemSize = Number(t.slice(1));
  const le = m[1] !== '>';
  const shape = dict.shape;
  const n = shapeSize(shape);
  const need = n * itemSize;
  const dataStart = prefix + hlen;
  return { dict, t, complex, itemSize, le, shape, n, need, dataStart };
}

/** The whole header at the start of `head` (magic to dict), or undefined when `head` does not hold it or is no NPY. */
function wholeHeader(head: Uint8Array): Uint8Array | undefined {
  if (head.length < 12 || head[0] !== MAGIC[0]) return undefined;
  const major = head[6];
  const prefix = major === 1 ? 10 : 12;
  const hlen = major === 1 ? head[8] | (head[9] << 8) : new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(8, true);
  return prefix + hlen > head.length ? undefined : head.subarray(0, prefix + hlen);
}

/**
 * The file size the header at the start of `head` declares (header and data, in bytes), or
 * undefined when `head` does not hold the whole header or is no NPY: a stream's reader stops past
 * it, and refuses at once a declared size it could never hold. Header errors throw as readNpy's.
 */
export function npyDeclaredBytes(head: Uint8Array, name?: string): number | undefined {
  const h = wholeHeader(head);
  if (!h) return undefined;
  const d = npyHeader(h, ioWhere('readNpy', name));
  return d.dataStart + d.need;
}

/**
 * The shape the header at the start of `head` declares, or undefined when `head` does not hold
 * the whole header or is no NPY: a reader checks an axis (a coil count) before reading the data.
 */
export function npyDeclaredShape(head: Uint8Array, name?: string): number[] | undefined {
  const h = wholeHeader(head);
  return h ? [...npyHeader(h, ioWhere('readNpy', name)).shape] : undefined;
}

/**
 * Parses an `.npy` file into an {@link NdArray} (C order, numpy's shape, `dtype` e.g. 'float32').
 * Throws a CandorError naming the file and the problem for a wrong magic string, an unsupported
 * version or dtype, a corrupt header, data shorter or longer than the header says, 8-byte integers
 * beyond 2^53, or (unless allowed) non-finite values.
 */
export function readNpy(bytes: Uint8Array, opts: ReadNpyOptions = {}): NdArray {
  const where = ioWhere('readNpy', opts.name);
  checkBytes(where, bytes);
  const { dict, t, complex, itemSize, le, shape, n, need, dataStart } = npyHeader(bytes, where);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const have = bytes.length - dataStart;
  if (have !== need) {
    throw new CandorError(
      where,
      'data size',
      `${need} bytes (shape ${formatShape(shape)} of ${dict.descr})`,
      `${have} bytes${have < need ? ' (truncated)' : ''}`,
    );
  }

  const width = complex ? 2 : 1;
  const step = itemSize / width;
  const flat = new Float64Array(n * width);
  if (t === 'i8' || t === 'u8') {
    for (let k = 0, o = dataStart; k < n; k++, o += 8) {
      const b = t === 'i8' ? view.getBigInt64(o, le) : view.getBigUint64(o, le);
      if (b > BIG53 || b < -BIG53) {
        const kk = dict.fortranOrder ? fortranIndexToC(shape, k) : k;
        throw new CandorError(
          where,
          'data',
          'integers within +-2^53 (exact in float64)',
          `${b} at ${formatIndex(shape, kk)}`,
        );
      }
      flat[k] = Number(b);
    }
  } else {
    const read = sampleReader(t);
    for (let k = 0, o = dataStart; k < flat.length; k++, o += step) flat[k] = read(view, o, le);
  }
  const data = dict.fortranOrder && shape.length > 1 ? fortranToC(flat, shape, complex) : flat;
  const out: NdArray = { shape: [...shape], data, complex, dtype: NAMES[t] };
  if (!opts.allowNonFinite && (t[0] === 'f' || complex)) checkFiniteArray(where, out);
  return out;
}

/** C-order flat position of the sample at Fortran-order flat position `f`. */
function fortranIndexToC(shape: readonly number[], f: number): number {
  let c = 0;
  let stride = 1;
  const idx: number[] = [];
  for (const d of shape) {
    idx.push(f % d);
    f = Math.floor(f / d);
  }
  for (let j = shape.length - 1; j >= 0; j--) {
    c += idx[j] * stride;
    stride *= shape[j];
  }
  return c;
}

/**
 * Serialises an {@link NdArray} as a version 1.0 `.npy` file (2.0 when the header exceeds 64 KiB)
 * in C order. Real data is written as `<f8` unless `dtype` says `<f4`, `<c8` or `<c16`; complex
 * data as `<c16` unless `dtype` is `<c8`. Throws for a real dtype on complex data, non-finite
 * values (unless allowed) and values beyond the float32 range for `<f4`/`<c8`.
 */
export function writeNpy(arr: NdArray, opts: WriteNpyOptions = {}): Uint8Array {
  const where = ioWhere('writeNpy', opts.name);
  checkNdArray(where, arr);
  const dtype = opts.dtype ?? (arr.complex ? '<c16' : '<f8');
  if (!['<f8', '<c16', '<f4', '<c8'].includes(dtype)) {
    throw new CandorError(where, 'dtype', "one of '<f8', '<c16', '<f4', '<c8'", describe(dtype));
  }
  const outComplex = dtype[1] === 'c';
  if (arr.complex && !outComplex) {
    throw new CandorError(where, 'dtype', "'<c16' or '<c8' for complex data", describe(dtype));
  }
  if (!opts.allowNonFinite) checkFiniteArray(where, arr);
  const single = dtype === '<f4' || dtype === '<c8';
  if (single) checkFloat32Range(where, arr);
  const n = shapeSize(arr.shape);
  const compSize = single ? 4 : 8;
  const header = npyHeaderBytes(dtype, arr.shape);
  const out = new Uint8Array(header.length + n * (outComplex ? 2 : 1) * compSize);
  out.set(header);
  const view = new DataView(out.buffer);
  const src = arr.data;
  let o = header.length;
  const put = single
    ? (v: number) => view.setFloat32(o, v, true)
    : (v: number) => view.setFloat64(o, v, true);
  if (outComplex && !arr.complex) {
    for (let k = 0; k < n; k++) {
      put(src[k]);
      o += compSize;
      put(0);
      o += compSize;
    }
  } else {
    for (let k = 0; k < src.length; k++) {
      put(src[k]);
      o += compSize;
    }
  }
  return out;
}
