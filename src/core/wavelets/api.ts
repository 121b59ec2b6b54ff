/**
 * Convenience functions for the periodized wavelet transforms, named after PyWavelets: they
 * validate everything (sizes, levels, wavelet name, buffer lengths, NaN and Infinity), build a
 * plan and run it. For repeated calls build a plan once (`planWavelet1`, `planWavelet2`), which
 * allocates nothing per call.
 *
 * - `dwt(x, wavelet)` -> { a, d }: one level, = `pywt.dwt(x, wavelet, mode='periodization')`;
 * - `idwt(a, d, wavelet)` -> x: = `pywt.idwt(a, d, wavelet, mode='periodization')`;
 * - `wavedec(x, options)` -> flat [a_L | d_L | ... | d_1] = concatenated `pywt.wavedec`;
 * - `waverec(c, options)` -> x;
 * - `wavedec2(x, ny, nx, options)` -> flat Mallat layout = `pywt.coeffs_to_array(pywt.wavedec2(...))`;
 * - `waverec2(c, ny, nx, options)` -> x.
 *
 * `options.complex: true` reads and writes complex interleaved data (2 doubles per entry);
 * `options.out` receives the result (else a new array).
 *
 * @example
 * import { wavedec2, waverec2 } from './api.ts';
 * const x = Float64Array.from({ length: 64 }, (_, i) => Math.sin(i));
 * const c = wavedec2(x, 8, 8, { wavelet: 'db2', levels: 2 });
 * waverec2(c, 8, 8, { wavelet: 'db2', levels: 2 }); // x again, to ~1e-16
 */
import { CandorError, checkFinite, checkInt, checkLength } from '../errors.ts';
import { dwtStep, dwtStepComplex, idwtStep, idwtStepComplex } from './dwt1.ts';
import { waveletFilters } from './filters.ts';
import { checkSpec } from './levels.ts';
import { planWavelet1, type WaveletOptions } from './plan1.ts';
import { planWavelet2 } from './plan2.ts';

export interface TransformOptions extends WaveletOptions {
  /** Complex interleaved data (default false). */
  complex?: boolean;
  /** Output buffer (same length as the input). */
  out?: Float64Array;
}

function input(where: string, name: string, x: unknown, len: number, what: string): Float64Array {
  const v = checkLength(where, name, x, len, what);
  checkFinite(where, name, v);
  return v;
}

function outBuffer(
  where: string,
  o: TransformOptions,
  len: number,
  what: string,
  x: Float64Array,
): Float64Array {
  if (o.out === undefined) return new Float64Array(len);
  const out = checkLength(where, 'out', o.out, len, what);
  if (out === x) throw new CandorError(where, 'out', 'a buffer distinct from the input', 'the input itself');
  return out;
}

function elementCount(where: string, x: unknown, complex: boolean): number {
  if (!(x instanceof Float64Array)) {
    throw new CandorError(
      where,
      'x',
      complex ? 'a Float64Array (complex interleaved)' : 'a Float64Array',
      typeof x,
    );
  }
  if (complex && x.length % 2 !== 0) {
    throw new CandorError(where, 'x length', 'an even length (complex interleaved)', String(x.length));
  }
  return complex ? x.length / 2 : x.length;
}

/** One level of the periodized DWT of x (length n, even): approximation and detail, n/2 each. */
export function dwt(
  x: Float64Array,
  wavelet: string,
  options: { complex?: boolean } = {},
): { a: Float64Array; d: Float64Array } {
  const where = 'dwt';
  const f = waveletFilters(wavelet, where);
  const c = options.complex === true;
  const n = elementCount(where, x, c);
  if (n < 2 || n % 2 !== 0) throw new CandorError(where, 'signal length', 'an even length >= 2', String(n));
  checkFinite(where, 'x', x);
  const e = c ? 2 : 1;
  const a = new Float64Array((e * n) / 2);
  const d = new Float64Array((e * n) / 2);
  (c ? dwtStepComplex : dwtStep)(n, f, x, 0, e, a, 0, e, d, 0, e);
  return { a, d };
}

/** The inverse of {@link dwt}: x (length 2 * a.length) from a and d. */
export function idwt(
  a: Float64Array,
  d: Float64Array,
  wavelet: string,
  options: { complex?: boolean } = {},
): Float64Array {
  const where = 'idwt';
  const f = waveletFilters(wavelet, where);
  const c = options.complex === true;
  const h = elementCount(where, a, c);
  if (h < 1) throw new CandorError(where, 'a length', 'at least 1', '0');
  const e = c ? 2 : 1;
  input(where, 'd', d, e * h, 'the length of a');
  checkFinite(where, 'a', a);
  const x = new Float64Array(2 * e * h);
  (c ? idwtStepComplex : idwtStep)(2 * h, f, a, 0, e, d, 0, e, x, 0, e);
  return x;
}

/** Multi-level 1-D analysis into the flat Mallat layout. */
export function wavedec(x: Float64Array, options: TransformOptions = {}): Float64Array {
  const c = options.complex === true;
  const n = elementCount('wavedec', x, c);
  const p = plan1('wavedec', n, options);
  checkFinite('wavedec', 'x', x);
  const out = outBuffer('wavedec', options, x.length, 'the length of x', x);
  return c ? p.forwardComplex(x, out) : p.forward(x, out);
}

/** Multi-level 1-D synthesis from the flat Mallat layout. */
export function waverec(coeffs: Float64Array, options: TransformOptions = {}): Float64Array {
  const c = options.complex === true;
  const n = elementCount('waverec', coeffs, c);
  const p = plan1('waverec', n, options);
  checkFinite('waverec', 'coeffs', coeffs);
  const out = outBuffer('waverec', options, coeffs.length, 'the length of coeffs', coeffs);
  return c ? p.inverseComplex(coeffs, out) : p.inverse(coeffs, out);
}

function plan1(where: string, n: number, o: WaveletOptions) {
  const { filters, levels } = checkSpec(where, ['n'], [n], o.wavelet, o.levels);
  return planWavelet1(n, { wavelet: filters.name, levels });
}

function plan2(where: string, ny: number, nx: number, o: WaveletOptions) {
  const { filters, levels } = checkSpec(where, ['ny', 'nx'], [ny, nx], o.wavelet, o.levels);
  return planWavelet2(ny, nx, { wavelet: filters.name, levels });
}

function image(where: string, name: string, x: unknown, ny: number, nx: number, c: boolean): Float64Array {
  checkInt(where, 'ny', ny, 1);
  checkInt(where, 'nx', nx, 1);
  const what = c ? `2*ny*nx for ${ny}x${nx}, complex interleaved` : `ny*nx = ${ny}x${nx}`;
  return input(where, name, x, (c ? 2 : 1) * ny * nx, what);
}

/** Multi-level 2-D analysis of a row-major ny x nx image into the Mallat layout. */
export function wavedec2(
  x: Float64Array,
  ny: number,
  nx: number,
  options: TransformOptions = {},
): Float64Array {
  const c = options.complex === true;
  const p = plan2('wavedec2', ny, nx, options);
  image('wavedec2', 'x', x, ny, nx, c);
  const out = outBuffer('wavedec2', options, x.length, 'the length of x', x);
  return c ? p.forwardComplex(x, out) : p.forward(x, out);
}

/** Multi-level 2-D synthesis from the Mallat layout. */
export function waverec2(
  coeffs: Float64Array,
  ny: number,
  nx: number,
  options: TransformOptions = {},
): Float64Array {
  const c = options.complex === true;
  const p = plan2('waverec2', ny, nx, options);
  image('waverec2', 'coeffs', coeffs, ny, nx, c);
  const out = outBuffer('waverec2', options, coeffs.length, 'the length of coeffs', coeffs);
  return c ? p.inverseComplex(coeffs, out) : p.inverse(coeffs, out);
}
