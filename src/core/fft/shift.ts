/**
 * fftshift / ifftshift on complex interleaved data, 1-D and 2-D (row-major), with numpy's
 * semantics for every size, odd ones included:
 *
 *     fftshift(x)[(j + floor(n/2)) mod n] = x[j]     (= numpy.roll(x, n // 2))
 *     ifftshift(x)[j] = x[(j + floor(n/2)) mod n]    (= numpy.roll(x, -(n // 2)))
 *
 * fftshift moves the zero frequency from index 0 to index floor(n/2) (the centre); ifftshift is
 * its inverse (they coincide for even n). The 2-D versions shift both axes.
 *
 * Centred unitary k-space (the MRI convention, as BART's `fft -u`):
 *
 *     k = fftshift2(fft2(ifftshift2(img), 'ortho')),   img = fftshift2(ifft2(ifftshift2(k), 'ortho'))
 *
 * so the image centre (floor(ny/2), floor(nx/2)) maps to the k-space centre and back.
 *
 * @example
 * import { fftshift, ifftshift } from './shift.ts';
 * const x = Float64Array.of(0, 0, 1, 0, 2, 0, 3, 0, 4, 0);    // [0, 1, 2, 3, 4]
 * fftshift(x, new Float64Array(10));   // [3, 4, 0, 1, 2] (real parts)
 * ifftshift(x, new Float64Array(10));  // [2, 3, 4, 0, 1]
 */
import { CandorError } from '../errors.ts';
import { checkBuf, checkSize, complexSize } from './common.ts';

/**
 * out[((j + s) mod n) at stride] <- c x[j], for n complex entries at element stride `st` from
 * offsets xo / oo (in doubles), 0 <= s <= n. No checks; out and x must not overlap.
 */
export function rollInto(
  x: Float64Array,
  xo: number,
  out: Float64Array,
  oo: number,
  n: number,
  st: number,
  s: number,
  c = 1,
): void {
  const head = n - s; // x[0 .. head) -> out[s .. n); x[head .. n) -> out[0 .. s)
  const d = 2 * st;
  let i = xo;
  let o = oo + s * d;
  for (let j = 0; j < head; j++, i += d, o += d) {
    out[o] = c * x[i];
    out[o + 1] = c * x[i + 1];
  }
  o = oo;
  for (let j = head; j < n; j++, i += d, o += d) {
    out[o] = c * x[i];
    out[o + 1] = c * x[i + 1];
  }
}

function distinct(where: string, x: Float64Array, out: Float64Array): void {
  if (
    x === out ||
    (x.buffer === out.buffer &&
      x.byteOffset < out.byteOffset + out.byteLength &&
      out.byteOffset < x.byteOffset + x.byteLength)
  ) {
    throw new CandorError(where, 'out', 'a buffer that does not overlap the input', 'an overlapping buffer');
  }
}

function shift1(where: string, x: Float64Array, out: Float64Array, inverse: boolean): Float64Array {
  const n = complexSize(where, x);
  checkBuf(where, 'out', out, 2 * n, `2n = ${2 * n}, complex interleaved like the input`);
  distinct(where, x, out);
  const h = n >> 1;
  rollInto(x, 0, out, 0, n, 1, inverse ? n - h : h);
  return out;
}

/** out <- fftshift(x): zero frequency to the centre (numpy.fft.fftshift). out must not overlap x. */
export function fftshift(x: Float64Array, out: Float64Array): Float64Array {
  return shift1('fftshift', x, out, false);
}

/** out <- ifftshift(x): the inverse of fftshift (numpy.fft.ifftshift). out must not overlap x. */
export function ifftshift(x: Float64Array, out: Float64Array): Float64Array {
  return shift1('ifftshift', x, out, true);
}

/**
 * out <- c * (row-major ny x nx complex array x rolled by (sy, sx)), 0 <= sy <= ny, 0 <= sx <= nx.
 * No checks; no overlap. Whole rows move with one contiguous roll each.
 */
export function roll2Into(
  x: Float64Array,
  out: Float64Array,
  ny: number,
  nx: number,
  sy: number,
  sx: number,
  c = 1,
): void {
  const rowLen = 2 * nx;
  for (let r = 0; r < ny; r++) {
    const dst = (r + sy) % ny;
    rollInto(x, r * rowLen, out, dst * rowLen, nx, 1, sx, c);
  }
}

function shift2(where: string, x: Float64Array, out: Float64Array, ny: number, nx: number, inverse: boolean) {
  checkSize(where, 'rows ny', ny);
  checkSize(where, 'columns nx', nx);
  const len = 2 * ny * nx;
  checkBuf(where, 'input', x, len, `2 ny nx = ${len}, complex interleaved row-major ${ny}x${nx}`);
  checkBuf(where, 'out', out, len, `2 ny nx = ${len}, complex interleaved row-major ${ny}x${nx}`);
  distinct(where, x, out);
  const hy = ny >> 1;
  const hx = nx >> 1;
  roll2Into(x, out, ny, nx, inverse ? ny - hy : hy, inverse ? nx - hx : hx);
  return out;
}

/** out <- fftshift of both axes of the row-major ny x nx complex array x (numpy.fft.fftshift). */
export function fftshift2(x: Float64Array, out: Float64Array, ny: number, nx: number): Float64Array {
  return shift2('fftshift2', x, out, ny, nx, false);
}

/** out <- ifftshift of both axes of the row-major ny x nx complex array x (numpy.fft.ifftshift). */
export function ifftshift2(x: Float64Array, out: Float64Array, ny: number, nx: number): Float64Array {
  return shift2('ifftshift2', x, out, ny, nx, true);
}
