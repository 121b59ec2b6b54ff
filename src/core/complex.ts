/**
 * Complex vector kernels. Candor has one complex representation everywhere: an interleaved
 * Float64Array `[re0, im0, re1, im1, ...]` of length 2n for n complex numbers. Kernels read it
 * without per-element objects and write into a caller's `out`.
 *
 * Model: stdlib-js `@stdlib/blas/base/zaxpy` (interleaved storage).
 *
 * @example
 * import { cmul, cabs } from './complex.ts';
 * const a = Float64Array.of(1, 2), b = Float64Array.of(3, -1);   // 1+2i, 3-i
 * cmul(a, b, new Float64Array(2));  // [5, 5]  (= (1+2i)(3-i))
 * cabs(Float64Array.of(3, 4), new Float64Array(1));  // [5]
 */
import { CandorError } from './errors.ts';

function checkPair(where: string, x: Float64Array, y: Float64Array): void {
  if (x.length !== y.length) {
    throw new CandorError(where, 'vector lengths', 'equal lengths', `${x.length} and ${y.length}`);
  }
  if (x.length % 2 !== 0) {
    throw new CandorError(where, 'complex vector length', 'an even length (interleaved re/im)', String(x.length));
  }
}

/** Interleave real and imaginary parts into `out` (length 2n). */
export function toComplex(re: Float64Array, im: Float64Array | null, out: Float64Array): Float64Array {
  const n = re.length;
  if (out.length !== 2 * n) throw new CandorError('toComplex', 'out length', String(2 * n), String(out.length));
  if (im && im.length !== n) throw new CandorError('toComplex', 'imaginary part length', String(n), String(im.length));
  for (let i = 0; i < n; i++) {
    out[2 * i] = re[i];
    out[2 * i + 1] = im ? im[i] : 0;
  }
  return out;
}

/** Split interleaved `z` into real and imaginary parts. */
export function splitComplex(z: Float64Array, re: Float64Array, im: Float64Array): void {
  const n = z.length >> 1;
  if (re.length !== n || im.length !== n) {
    throw new CandorError('splitComplex', 'output lengths', `${n} and ${n}`, `${re.length} and ${im.length}`);
  }
  for (let i = 0; i < n; i++) {
    re[i] = z[2 * i];
    im[i] = z[2 * i + 1];
  }
}

/** out <- x .* y (elementwise complex product; out may alias). */
export function cmul(x: Float64Array, y: Float64Array, out: Float64Array): Float64Array {
  checkPair('cmul', x, y);
  checkPair('cmul', x, out);
  for (let i = 0; i < x.length; i += 2) {
    const a = x[i];
    const b = x[i + 1];
    const c = y[i];
    const d = y[i + 1];
    out[i] = a * c - b * d;
    out[i + 1] = a * d + b * c;
  }
  return out;
}

/** out <- conj(x) .* y */
export function cmulConj(x: Float64Array, y: Float64Array, out: Float64Array): Float64Array {
  checkPair('cmulConj', x, y);
  checkPair('cmulConj', x, out);
  for (let i = 0; i < x.length; i += 2) {
    const a = x[i];
    const b = -x[i + 1];
    const c = y[i];
    const d = y[i + 1];
    out[i] = a * c - b * d;
    out[i + 1] = a * d + b * c;
  }
  return out;
}

/**
 * Hermitian inner product x^H y = sum conj(x_i) y_i, written into `out2` as [re, im]
 * (a 2-element buffer, so no object is allocated).
 */
export function cdot(x: Float64Array, y: Float64Array, out2: Float64Array): Float64Array {
  checkPair('cdot', x, y);
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i += 2) {
    const a = x[i];
    const b = x[i + 1];
    const c = y[i];
    const d = y[i + 1];
    re += a * c + b * d;
    im += a * d - b * c;
  }
  out2[0] = re;
  out2[1] = im;
  return out2;
}

/** Real part of x^H y (the real inner product of C^n seen as R^2n). */
export function cdotRe(x: Float64Array, y: Float64Array): number {
  checkPair('cdotRe', x, y);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** out[i] <- |z_i| (out has n entries for 2n-long z). */
export function cabs(z: Float64Array, out: Float64Array): Float64Array {
  const n = z.length >> 1;
  if (out.length !== n) throw new CandorError('cabs', 'out length', `${n} (half the input)`, String(out.length));
  for (let i = 0; i < n; i++) out[i] = Math.hypot(z[2 * i], z[2 * i + 1]);
  return out;
}

/** out <- (re + i im) * z */
export function cscale(re: number, im: number, z: Float64Array, out: Float64Array): Float64Array {
  checkPair('cscale', z, out);
  for (let i = 0; i < z.length; i += 2) {
    const a = z[i];
    const b = z[i + 1];
    out[i] = re * a - im * b;
    out[i + 1] = re * b + im * a;
  }
  return out;
}

/** out <- conj(z) */
export function cconj(z: Float64Array, out: Float64Array): Float64Array {
  checkPair('cconj', z, out);
  for (let i = 0; i < z.length; i += 2) {
    out[i] = z[i];
    out[i + 1] = -z[i + 1];
  }
  return out;
}
