/**
 * BART's `.hdr` + `.cfl` pair (Uecker et al., BART toolbox, `src/misc/mmio.c`), read and written on
 * bytes (browser-safe).
 *
 * `.hdr` is text: a line `# Dimensions`, then the dimensions on the next line (BART writes all 16,
 * trailing 1s included, e.g. `8 8 1 1 ... 1 `); other `# Section` lines are ignored. `.cfl` holds
 * `prod(dims)` complex64 samples (float32 re, im; little endian) in Fortran order: dims[0] varies
 * fastest.
 *
 * Axis convention (checked against BART 0.8, see docs/file-formats.md): our array has shape
 * `dims` (trailing 1s trimmed) and `out[i0, i1, ...]` is BART's sample (i0, i1, ...), exactly as
 * BART's own `readcfl` (python/cfl.py, matlab/readcfl.m) returns it; the samples are reordered to
 * C order. So a row-major image `[ny, nx]` (ny rows) is BART dims `[ny, nx, 1, ...]`: BART's
 * `toimg` draws dims[0] down the rows and its `phantom` comes out upright this way. dims[0] is
 * also BART's readout (frequency-encoding) axis and the fastest in the `.cfl` file.
 *
 * @example
 * import { readCfl, writeCfl } from './cfl.ts';
 * const img = { shape: [2, 3], data: Float64Array.of(0, 1, 2, 10, 11, 12), complex: false };
 * const { hdr, cfl } = writeCfl(img);   // hdr: "# Dimensions\n2 3 1 1 1 1 1 1 1 1 1 1 1 1 1 1 \n"
 * readCfl(hdr, cfl).data;               // complex: [0,0, 1,0, 2,0, 10,0, 11,0, 12,0]
 */
import { CandorError, describe } from '../core/errors.ts';
import {
  checkBytes,
  checkFiniteArray,
  checkFloat32Range,
  checkNdArray,
  cToFortran,
  FLOAT32_MAX,
  fortranToC,
  ioWhere,
  type NdArray,
  shapeSize,
} from './ndarray.ts';

/** True on little-endian platforms (all that Node and browsers run on today; the DataView path covers the rest). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** BART's maximum number of dimensions (DIMS in `src/misc/mri.h`). */
export const CFL_DIMS = 16;

export interface ReadCflOptions {
  /** Base name (without .hdr/.cfl) for error messages. */
  name?: string;
  /** Accept NaN/Infinity samples (default false: they are an error naming the first one). */
  allowNonFinite?: boolean;
}

export interface WriteCflOptions {
  /** Base name for error messages. */
  name?: string;
  /** Write NaN/Infinity samples (default false: they are an error). */
  allowNonFinite?: boolean;
}

/** A CFL read result: always complex; `cfl.dims` keeps all the header's dimensions. */
export interface CflArray extends NdArray {
  complex: true;
  cfl: { dims: number[] };
}

/**
 * Parses `.hdr` text and returns its dimensions as written (trailing 1s kept).
 * Throws if there is no `# Dimensions` line, or the next line is not 1..16 positive integers.
 */
export function parseCflHeader(text: string, where = 'parseCflHeader'): number[] {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trim() === '# Dimensions');
  if (at < 0) {
    const first = lines.find((l) => l.trim() !== '') ?? '';
    throw new CandorError(
      where,
      'header',
      "a '# Dimensions' line",
      first ? describe(first) : 'an empty header',
    );
  }
  if (lines.some((l) => l.trim() === '# MultiDimensions')) {
    throw new CandorError(
      where,
      'header',
      'a single array',
      "a multi-array file ('# MultiDimensions', writemulticfl)",
    );
  }
  const line = (lines[at + 1] ?? '').trim();
  const parts = line === '' ? [] : line.split(/\s+/);
  if (
    parts.length === 0 ||
    parts.length > CFL_DIMS ||
    !parts.every((p) => /^\d+$/.test(p) && Number(p) >= 1)
  ) {
    throw new CandorError(
      where,
      'header dimensions',
      `1 to ${CFL_DIMS} positive integers after '# Dimensions'`,
      line ? describe(line) : 'an empty line',
    );
  }
  const big = parts.findIndex((p) => !Number.isSafeInteger(Number(p)));
  if (big >= 0) {
    throw new CandorError(where, `header dimension ${big + 1}`, 'a positive integer below 2^53', `a ${parts[big].replace(/^0+/, '').length}-digit number`);
  }
  return parts.map(Number);
}

/** Our shape for BART dims: the dims with trailing 1s trimmed (at least one axis kept). */
export function cflShape(dims: readonly number[]): number[] {
  let k = dims.length;
  while (k > 1 && dims[k - 1] === 1) k--;
  return dims.slice(0, k);
}

/**
 * The dims of a `.hdr`, checked against the size of its `.cfl` (`cflBytes`): throws, naming the
 * file, for a corrupt header or a `.cfl` of another size than the header's 8 bytes per sample.
 * A reader of files calls it with the file's size before reading the `.cfl` into memory.
 */
export function checkCflSize(hdr: Uint8Array, cflBytes: number, name?: string): number[] {
  const where = ioWhere('readCfl', name);
  checkBytes(where, hdr);
  const dims = parseCflHeader(new TextDecoder('latin1').decode(hdr), where);
  const n = shapeSize(dims);
  if (cflBytes !== 8 * n) {
    // (the exact count, however large the dims multiply)
    const bytes = dims.reduce((p, d) => p * BigInt(d), 8n);
    throw new CandorError(
      where,
      '.cfl size',
      `${bytes} bytes (dims ${dims.join(' ')} from ${name ? `${name}.hdr` : 'the .hdr'}, complex64)`,
      `${cflBytes} bytes`,
    );
  }
  return dims;
}

/**
 * Reads a `.hdr`/`.cfl` pair into a complex {@link NdArray} of shape `cflShape(dims)` in C order
 * (see the axis convention above). Throws, naming the file, for a corrupt header, a `.cfl` whose
 * size does not match the header, or (unless allowed) non-finite samples.
 */
export function readCfl(hdr: Uint8Array, cfl: Uint8Array, opts: ReadCflOptions = {}): CflArray {
  const where = ioWhere('readCfl', opts.name);
  checkBytes(where, cfl);
  const dims = checkCflSize(hdr, cfl.length, opts.name);
  const flat = widen(cfl, shapeSize(dims));
  const shape = cflShape(dims);
  const out: CflArray = {
    shape,
    data: fortranToC(flat, shape, true),
    complex: true,
    dtype: 'complex64',
    cfl: { dims },
  };
  if (!opts.allowNonFinite) checkFiniteArray(where, out);
  return out;
}

/** The complex64 samples of a `.cfl` (n of them) widened to float64, in the file's order. */
function widen(cfl: Uint8Array, n: number): Float64Array {
  const flat = new Float64Array(2 * n);
  if (LITTLE_ENDIAN && cfl.byteOffset % 4 === 0) {
    // the platform's order: widen through a typed-array copy instead of a call per sample
    flat.set(new Float32Array(cfl.buffer, cfl.byteOffset, 2 * n));
  } else {
    const view = new DataView(cfl.buffer, cfl.byteOffset, cfl.byteLength);
    for (let k = 0; k < flat.length; k++) flat[k] = view.getFloat32(4 * k, true);
  }
  return flat;
}

/** BART's multi-index (i0, i1, ...) of the k-th sample in the file's (Fortran) order, as text. */
function fortranIndex(dims: readonly number[], k: number): string {
  const shape = cflShape(dims);
  const idx: number[] = [];
  for (const d of shape) {
    idx.push(k % d);
    k = Math.floor(k / d);
  }
  return `[${idx.join(', ')}]`;
}

/** A CFL's samples in the file's own order: see {@link readCflSamples}. */
export interface CflSamples {
  /** All 16 of the header's dimensions. */
  dims: number[];
  /** prod(dims) complex samples, interleaved, in Fortran order (dims[0] fastest), as stored: float32. */
  data: Float32Array;
}

/**
 * A `.hdr`/`.cfl` pair's samples as they lie in the file: float32 (a view of the bytes where the
 * platform is little-endian and the bytes 4-aligned, else a converted copy), in Fortran order
 * (dims[0] fastest), checked like {@link readCfl} (a non-finite sample is named by its BART
 * multi-index), without widening or reordering: for readers that place the samples themselves,
 * such as the multi-coil reader, which widens and transposes each coil straight into coil-major
 * order (one pass where `readCfl` then a coil reorder took three, on 8 MB for 8 coils at
 * 256 x 256). `readCfl(h, c).data` equals
 * `fortranToC(Float64Array.from(readCflSamples(h, c).data), cflShape(dims), true)`.
 *
 * @example
 * import { readCflSamples, writeCfl } from './cfl.ts';
 * const { hdr, cfl } = writeCfl({ shape: [2, 2], data: Float64Array.of(0, 1, 2, 3), complex: false });
 * readCflSamples(hdr, cfl).data;   // Float32Array [0,0, 2,0, 1,0, 3,0]: dims[0] fastest
 */
export function readCflSamples(hdr: Uint8Array, cfl: Uint8Array, opts: ReadCflOptions = {}): CflSamples {
  const where = ioWhere('readCfl', opts.name);
  checkBytes(where, cfl);
  const dims = checkCflSize(hdr, cfl.length, opts.name);
  const n = shapeSize(dims);
  let data: Float32Array;
  if (LITTLE_ENDIAN && cfl.byteOffset % 4 === 0) data = new Float32Array(cfl.buffer, cfl.byteOffset, 2 * n);
  else {
    data = new Float32Array(2 * n);
    const view = new DataView(cfl.buffer, cfl.byteOffset, cfl.byteLength);
    for (let k = 0; k < data.length; k++) data[k] = view.getFloat32(4 * k, true);
  }
  if (!opts.allowNonFinite) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v - v !== 0) {
        const part = i & 1 ? ' (imaginary part)' : ' (real part)';
        throw new CandorError(where, 'data', 'finite values', `${describe(v)}${part} at ${fortranIndex(dims, i >> 1)}`);
      }
    }
  }
  return { dims, data };
}

/**
 * Serialises complex samples already in Fortran order (dims[0] fastest, as {@link readCflSamples}
 * returns them) as a BART pair, with {@link writeCfl}'s checks (finite unless allowed, within
 * float32's range) and no reorder: the counterpart for writers that place the samples themselves.
 * Float32 samples (already the file's precision) are, on a little-endian platform, the `.cfl`
 * bytes themselves: no copy (a 256 x 256 x 8-coil array is 4 MiB of fresh memory fewer).
 */
export function writeCflSamples(dims: readonly number[], data: Float64Array | Float32Array, opts: WriteCflOptions = {}): { hdr: Uint8Array; cfl: Uint8Array } {
  const where = ioWhere('writeCfl', opts.name);
  if (dims.length > CFL_DIMS || dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new CandorError(where, 'dims', `1 to ${CFL_DIMS} axis lengths >= 1`, `[${dims.join(', ')}]`);
  }
  const n = shapeSize(dims);
  if (!(data instanceof Float64Array || data instanceof Float32Array) || data.length !== 2 * n) {
    throw new CandorError(where, 'data', `a Float64Array or Float32Array of ${2 * n} values (complex, dims ${dims.join('x')})`, describe(data));
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0 && !opts.allowNonFinite) {
      const part = i & 1 ? ' (imaginary part)' : ' (real part)';
      throw new CandorError(where, 'data', 'finite values', `${describe(v)}${part} at ${fortranIndex(dims, i >> 1)}`);
    }
    if (v > FLOAT32_MAX || v < -FLOAT32_MAX) {
      throw new CandorError(where, 'data', `values within the float32 range (|v| <= ${FLOAT32_MAX})`, `${describe(v)} at ${fortranIndex(dims, i >> 1)}`);
    }
  }
  return encode(dims, data, true, n);
}

/** The header of `dims` (padded to 16) and the float32 bytes of Fortran-order samples. */
function encode(shape: readonly number[], fort: Float64Array | Float32Array, complex: boolean, n: number): { hdr: Uint8Array; cfl: Uint8Array } {
  const dims = [...shape];
  if (dims.length === 0) dims.push(1);
  while (dims.length < CFL_DIMS) dims.push(1);
  const hdr = new TextEncoder().encode(`# Dimensions\n${dims.join(' ')} \n`);
  if (LITTLE_ENDIAN && complex && fort instanceof Float32Array) return { hdr, cfl: new Uint8Array(fort.buffer, fort.byteOffset, 8 * n) };
  const cfl = new Uint8Array(8 * n);
  if (LITTLE_ENDIAN) {
    // the file's float32 little-endian order is the platform's: a typed-array copy converts (rounding
    // to nearest, as DataView.setFloat32 does) without a call per sample
    const f32 = new Float32Array(cfl.buffer);
    if (complex) f32.set(fort.subarray(0, 2 * n));
    else for (let k = 0; k < n; k++) f32[2 * k] = fort[k]; // imaginary parts stay 0
    return { hdr, cfl };
  }
  const view = new DataView(cfl.buffer);
  if (complex) {
    for (let k = 0; k < 2 * n; k++) view.setFloat32(4 * k, fort[k], true);
  } else {
    for (let k = 0; k < n; k++) view.setFloat32(8 * k, fort[k], true); // imaginary parts stay 0
  }
  return { hdr, cfl };
}

/**
 * Serialises an {@link NdArray} as a BART pair: `hdr` (16 dims: the shape padded with 1s) and
 * `cfl` (complex64, Fortran order). Real data is written with zero imaginary parts. Throws for
 * more than 16 axes, non-finite values (unless allowed) or values beyond the float32 range.
 */
export function writeCfl(arr: NdArray, opts: WriteCflOptions = {}): { hdr: Uint8Array; cfl: Uint8Array } {
  const where = ioWhere('writeCfl', opts.name);
  checkNdArray(where, arr);
  if (arr.shape.length > CFL_DIMS) {
    throw new CandorError(
      where,
      'number of axes',
      `at most ${CFL_DIMS} (BART's limit)`,
      String(arr.shape.length),
    );
  }
  if (arr.shape.includes(0)) {
    throw new CandorError(
      where,
      'shape',
      'axis lengths >= 1 (BART has no empty arrays)',
      `[${arr.shape.join(', ')}]`,
    );
  }
  if (!opts.allowNonFinite) checkFiniteArray(where, arr);
  checkFloat32Range(where, arr);
  const n = shapeSize(arr.shape);
  return encode(arr.shape, cToFortran(arr.data, arr.shape, arr.complex), arr.complex, n);
}
