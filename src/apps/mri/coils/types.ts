/**
 * Multi-coil arrays of the MRI application: nc complex ny x nx images (coil images, coil
 * sensitivities, or full-grid k-space with zeros where not sampled), stored coil by coil in one
 * Float64Array (coil c's complex interleaved image at offset 2 ny nx c). The coil-major order
 * keeps each coil's image contiguous for its FFTs; files use other orders (BART's CFL puts the
 * coils in dimension 3, i.e. fastest in our C-order reading; NPY has a coil axis), converted on
 * reading by ../node/multicoil-files.ts.
 *
 * @example
 * import { coilArray, coilImage } from './types.ts';
 * const k = coilArray('k-space', 4, 4, 2, new Float64Array(2 * 4 * 4 * 2));
 * coilImage(k, 1).length;   // 32: coil 1's complex 4x4 image (a view)
 */
import { CandorError, checkInt, describe } from '../../../core/errors.ts';

/** nc complex coil images (sensitivity maps, coil images or k-space) of ny x nx, coil-major, complex interleaved re/im. */
export interface CoilArray {
  ny: number;
  nx: number;
  /** Number of coils. */
  nc: number;
  /** nc complex ny x nx images, coil-major (2 ny nx nc values). */
  data: Float64Array;
}

/** Validates sizes and data length, and returns the array (no copy). */
export function coilArray(where: string, ny: number, nx: number, nc: number, data: Float64Array): CoilArray {
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  checkInt(where, 'coils nc', nc, 1, 1024);
  if (!(data instanceof Float64Array) || data.length !== 2 * ny * nx * nc) {
    throw new CandorError(where, 'data', `${2 * ny * nx * nc} values (${nc} complex ${ny}x${nx} images, coil-major)`, describe(data));
  }
  return { ny, nx, nc, data };
}

/** Coil c's complex image (a view into the data). */
export function coilImage(a: CoilArray, c: number): Float64Array {
  const n2 = 2 * a.ny * a.nx;
  return a.data.subarray(c * n2, (c + 1) * n2);
}

/** Root of the sum of squares over the coils, per pixel (real ny nx). */
export function rootSumOfSquares(a: CoilArray): Float64Array {
  const n = a.ny * a.nx;
  const out = new Float64Array(n);
  for (let c = 0; c < a.nc; c++) {
    const o = 2 * n * c;
    for (let i = 0; i < n; i++) out[i] += a.data[o + 2 * i] ** 2 + a.data[o + 2 * i + 1] ** 2;
  }
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(out[i]);
  return out;
}

/** Reorders [.., ny, nx, nc]-fastest data (coils fastest, e.g. BART's CFL read in C order) to coil-major. */
export function coilsLastToMajor(data: Float64Array, ny: number, nx: number, nc: number): Float64Array {
  const n = ny * nx;
  const out = new Float64Array(2 * n * nc);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      out[2 * (c * n + i)] = data[2 * (i * nc + c)];
      out[2 * (c * n + i) + 1] = data[2 * (i * nc + c) + 1];
    }
  }
  return out;
}

/**
 * Coil-major samples (coils x [a][b], C order per coil) from BART's file order, where each coil's
 * A x B block is in Fortran order (a fastest: f = a + A b): one transpose per coil, the reader of
 * multi-coil CFLs (dims [A, B, 1, coils]; float32 samples are widened on the way).
 */
export function coilsFromFortran(raw: Float64Array | Float32Array, A: number, B: number, nc: number): Float64Array {
  const out = new Float64Array(2 * A * B * nc);
  transposeCoils(raw, out, A, B, nc, true);
  return out;
}

/**
 * Per coil, between Fortran [A, B] (f = a + A b) and C [A][B] (t = a B + b): `toC` moves
 * src[f] -> out[t], else src[t] -> out[f]. In strips of 16 values of a, so that the strided side
 * touches 16 lines per b instead of one line per value (B = 256 complex doubles apart: 4 KB, the
 * distance that aliases in the cache): ~3x faster than the plain double loop at 256 x 256.
 */
function transposeCoils(src: Float64Array | Float32Array, out: Float64Array | Float32Array, A: number, B: number, nc: number, toC: boolean): void {
  for (let c = 0; c < nc; c++) transposeCoil(src, out, 2 * c * A * B, A, B, toC);
}

/** One coil's A x B plane at offset o (see transposeCoils): a function per coil, so V8 compiles it after the first. */
function transposeCoil(src: Float64Array | Float32Array, out: Float64Array | Float32Array, o: number, A: number, B: number, toC: boolean): void {
  const T = 16;
  for (let a0 = 0; a0 < A; a0 += T) {
    const a1 = Math.min(A, a0 + T);
    for (let b = 0; b < B; b++) {
      let f = o + 2 * (b * A + a0);
      let t = o + 2 * (a0 * B + b);
      if (toC) {
        for (let a = a0; a < a1; a++, f += 2, t += 2 * B) {
          out[t] = src[f];
          out[t + 1] = src[f + 1];
        }
      } else {
        for (let a = a0; a < a1; a++, f += 2, t += 2 * B) {
          out[f] = src[t];
          out[f + 1] = src[t + 1];
        }
      }
    }
  }
}

/**
 * The inverse of {@link coilsFromFortran}: coil-major images into BART's order (dims [A, B, 1, coils]),
 * into `out` when given: a Float32Array goes straight to a CFL file's precision (rounding to nearest)
 * without a float64 copy between.
 */
export function coilsToFortran<T extends Float64Array | Float32Array = Float64Array>(data: Float64Array, A: number, B: number, nc: number, out?: T): T {
  if (!out) out = new Float64Array(2 * A * B * nc) as T;
  else if (out.length !== 2 * A * B * nc) throw new CandorError('coilsToFortran', 'out', `${2 * A * B * nc} values`, `${out.length}`);
  transposeCoils(data, out, A, B, nc, false);
  return out;
}

/** The inverse of coilsLastToMajor (coil-major to coils fastest). */
export function coilMajorToLast(data: Float64Array, ny: number, nx: number, nc: number): Float64Array {
  const n = ny * nx;
  const out = new Float64Array(2 * n * nc);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      out[2 * (i * nc + c)] = data[2 * (c * n + i)];
      out[2 * (i * nc + c) + 1] = data[2 * (c * n + i) + 1];
    }
  }
  return out;
}

/**
 * Undersampled coil k-space: a copy of full-grid coil k-space `k` with every coil's entry zeroed
 * where `mask` (0/1, ny nx) is 0; `k` is left unchanged. The one masking of coil k-space shared by
 * the simulation, the multi-coil scan, coil compression's calibration and the lab's workers.
 */
export function maskCoilKspace(k: CoilArray, mask: ArrayLike<number>): CoilArray {
  const { ny, nx, nc } = k;
  const n = ny * nx;
  if (mask.length !== n) throw new CandorError('maskCoilKspace', 'mask', `${n} entries (${ny}x${nx}, the k-space's grid)`, `${mask.length}`);
  const data = k.data.slice();
  for (let i = 0; i < n; i++) {
    if (mask[i]) continue;
    for (let c = 0; c < nc; c++) {
      data[2 * (c * n + i)] = 0;
      data[2 * (c * n + i) + 1] = 0;
    }
  }
  return { ny, nx, nc, data };
}
