/**
 * Multi-level periodized 1-D wavelet transform (PyWavelets `wavedec` / `waverec`, mode
 * 'periodization') into a flat vector of the input's size in the Mallat layout
 *
 *     [ a_L | d_L | d_{L-1} | ... | d_1 ]      (lengths n/2^L, n/2^L, n/2^(L-1), ..., n/2)
 *
 * = `numpy.concatenate(pywt.wavedec(x, w, mode='periodization', level=L))`
 * = `pywt.coeffs_to_array(...)[0]`. Level l applies the single-level transform of dwt1.ts to the
 * approximation of level l-1. The whole map is an orthogonal matrix W, so `inverse` = W^T = W^-1.
 *
 * A plan owns its scratch: repeated calls allocate nothing. Calls check buffer lengths (O(1)) but
 * not values; the convenience functions in api.ts also reject NaN and Infinity.
 *
 * Reference: S. Mallat, "A theory for multiresolution signal decomposition: the wavelet
 * representation", IEEE PAMI 11 (1989) 674-693.
 *
 * @example
 * import { planWavelet1 } from './plan1.ts';
 * const p = planWavelet1(8, { wavelet: 'haar', levels: 3 });
 * const c = p.forward(Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1), new Float64Array(8));
 * // c = [2.828.., 0, 0, 0, 0, 0, 0, 0]
 * p.inverse(c, new Float64Array(8)); // [1, 1, 1, 1, 1, 1, 1, 1]
 */
import { CandorError, checkLength } from '../errors.ts';
import { dwtStep, dwtStepComplex, idwtStep, idwtStepComplex } from './dwt1.ts';
import type { WaveletFilters, WaveletName } from './filters.ts';
import { checkSpec } from './levels.ts';

/** Options of the wavelet plans ({@link planWavelet1}, {@link planWavelet2}). */
export interface WaveletOptions {
  /** Wavelet name (default 'db4'); one of WAVELET_NAMES. */
  wavelet?: WaveletName | string;
  /** Number of levels (default: PyWavelets' `dwt_max_level`, capped so that 2^levels divides the size). */
  levels?: number;
}

type Step = typeof dwtStep;

/**
 * A planned multi-level periodized orthogonal 1-D wavelet transform of length n, coefficients in
 * the Mallat layout [a_L | d_L | ... | d_1] (pywt.wavedec, mode 'periodization'); `inverse` is
 * the transpose. Use {@link planWavelet1}.
 */
export class Wavelet1Plan {
  readonly n: number;
  readonly levels: number;
  readonly wavelet: WaveletName;
  readonly filters: WaveletFilters;
  private tmp: Float64Array | null = null;
  private tmpC: Float64Array | null = null;

  constructor(n: number, options: WaveletOptions = {}) {
    const spec = checkSpec('planWavelet1', ['n'], [n], options.wavelet, options.levels);
    this.n = n;
    this.levels = spec.levels;
    this.filters = spec.filters;
    this.wavelet = spec.filters.name;
  }

  /** O(1) checks; the message strings are built only on failure (no allocation per call). */
  private check(method: string, x: Float64Array, out: Float64Array, e: number): void {
    const len = e * this.n;
    if (
      x instanceof Float64Array &&
      out instanceof Float64Array &&
      x.length === len &&
      out.length === len &&
      x !== out
    ) {
      return;
    }
    const where = `Wavelet1Plan.${method}`;
    const what = e === 1 ? `n = ${this.n}` : `2*n = ${len}, complex interleaved`;
    checkLength(where, 'input', x, len, what);
    checkLength(where, 'out', out, len, what);
    throw new CandorError(where, 'out', 'a buffer distinct from the input', 'the input itself');
  }

  /** Real analysis: out = W x (Mallat layout). */
  forward(x: Float64Array, out: Float64Array): Float64Array {
    this.check('forward', x, out, 1);
    this.tmp ??= new Float64Array(this.n);
    return this.run(dwtStep, 1, x, out, this.tmp);
  }

  /** Real synthesis: out = W^T c. */
  inverse(c: Float64Array, out: Float64Array): Float64Array {
    this.check('inverse', c, out, 1);
    this.tmp ??= new Float64Array(this.n);
    return this.runInverse(idwtStep, 1, c, out, this.tmp);
  }

  /** Complex interleaved analysis (2n doubles), processing re/im together. */
  forwardComplex(x: Float64Array, out: Float64Array): Float64Array {
    this.check('forwardComplex', x, out, 2);
    this.tmpC ??= new Float64Array(2 * this.n);
    return this.run(dwtStepComplex, 2, x, out, this.tmpC);
  }

  /** Complex interleaved synthesis. */
  inverseComplex(c: Float64Array, out: Float64Array): Float64Array {
    this.check('inverseComplex', c, out, 2);
    this.tmpC ??= new Float64Array(2 * this.n);
    return this.runInverse(idwtStepComplex, 2, c, out, this.tmpC);
  }

  /** e = doubles per element (1 real, 2 complex). Approximations ping-pong between tmp halves. */
  private run(step: Step, e: number, x: Float64Array, out: Float64Array, tmp: Float64Array): Float64Array {
    const { n, levels, filters } = this;
    if (levels === 0) {
      out.set(x);
      return out;
    }
    let src = x;
    let srcOff = 0;
    for (let l = 1; l <= levels; l++) {
      const nl = n >> (l - 1);
      const half = nl >> 1;
      const last = l === levels;
      const aArr = last ? out : tmp;
      const aOff = last ? 0 : l % 2 === 1 ? 0 : (e * n) >> 1;
      step(nl, filters, src, srcOff, e, aArr, aOff, e, out, e * half, e);
      src = aArr;
      srcOff = aOff;
    }
    return out;
  }

  private runInverse(
    step: Step,
    e: number,
    c: Float64Array,
    out: Float64Array,
    tmp: Float64Array,
  ): Float64Array {
    const { n, levels, filters } = this;
    if (levels === 0) {
      out.set(c);
      return out;
    }
    let src = c;
    let srcOff = 0;
    for (let l = levels; l >= 1; l--) {
      const nl = n >> (l - 1);
      const half = nl >> 1;
      const last = l === 1;
      const xArr = last ? out : tmp;
      const xOff = last ? 0 : l % 2 === 1 ? 0 : (e * n) >> 1;
      step(nl, filters, src, srcOff, e, c, e * half, e, xArr, xOff, e);
      src = xArr;
      srcOff = xOff;
    }
    return out;
  }
}

/** A reusable 1-D multi-level plan for length n (see {@link Wavelet1Plan}). */
export function planWavelet1(n: number, options: WaveletOptions = {}): Wavelet1Plan {
  return new Wavelet1Plan(n, options);
}
