/**
 * Multi-level periodized 2-D wavelet transform of a row-major ny x nx image (PyWavelets
 * `wavedec2` / `waverec2`, mode 'periodization') into a flat array of the same size in the
 * standard Mallat layout, `pywt.coeffs_to_array(pywt.wavedec2(x, w, mode='periodization',
 * level=L))[0]`. For L = 2:
 *
 *     +-----+-----+-----------+
 *     | a2  | ad2 |           |      a  = approximation (low-pass along y and x)
 *     +-----+-----+    ad1    |      ad = low-pass along y, detail along x  (pywt cV)
 *     | da2 | dd2 |           |      da = detail along y, low-pass along x  (pywt cH)
 *     +-----+-----+-----------+      dd = detail along both                 (pywt cD)
 *     |           |           |
 *     |    da1    |    dd1    |      level l occupies the top-left (ny/2^(l-1)) x (nx/2^(l-1))
 *     |           |           |      block, split into quadrants
 *     +-----------+-----------+
 *
 * Each level transforms every row (rows.ts) into scratch, then every column (columns.ts, several
 * rows at once along contiguous memory) into the output; the inverse runs the transposed steps
 * in reverse, reading details straight from the coefficients (no copy of the input). The map is
 * an orthogonal matrix W, so `inverse` = W^T = W^-1. Complex interleaved images (2 ny nx
 * doubles) are processed natively: the column passes see a real block of width 2 nx. Where the
 * runtime has WebAssembly SIMD, the complex transforms run in ./simd2.ts (one complex pixel per
 * f64x2 in the row passes, two doubles per vector down the columns; about 2x faster, identical
 * results); `setWaveletWasm(false)` (./wasm.ts) forces the JavaScript path.
 *
 * A plan owns its scratch: repeated calls allocate nothing. Calls check buffer lengths (O(1)).
 *
 * References: S. Mallat, IEEE PAMI 11 (1989) 674-693; I. Daubechies, Ten Lectures on Wavelets
 * (SIAM 1992), ch. 10 (separable 2-D bases).
 *
 * @example
 * import { planWavelet2 } from './plan2.ts';
 * const p = planWavelet2(4, 4, { wavelet: 'haar', levels: 2 });
 * const c = p.forward(new Float64Array(16).fill(1), new Float64Array(16)); // c[0] = 4, rest 0
 * p.inverse(c, new Float64Array(16)); // all ones
 */
import { CandorError, checkLength } from '../errors.ts';
import { columnsForward, columnsInverse } from './columns.ts';
import type { WaveletFilters, WaveletName } from './filters.ts';
import { checkSpec } from './levels.ts';
import type { WaveletOptions } from './plan1.ts';
import { rowsForward, rowsInverse } from './rows.ts';
import { WaveletSimd2 } from './simd2.ts';
import { waveletWasmEnabled } from './wasm.ts';

type RowPass = typeof rowsForward;

/**
 * A planned multi-level periodized orthogonal 2-D wavelet transform of a row-major ny x nx array
 * (real or complex interleaved), as pywt.wavedec2 with mode 'periodization'; `inverse` is the
 * transpose. Use {@link planWavelet2}.
 */
export class Wavelet2Plan {
  readonly ny: number;
  readonly nx: number;
  readonly levels: number;
  readonly wavelet: WaveletName;
  readonly filters: WaveletFilters;
  private tmp: Float64Array | null = null;
  private tmpC: Float64Array | null = null;
  private readonly rows: Int32Array;
  /** The WebAssembly SIMD path of the complex transforms (created on first use; null: none). */
  private simd: WaveletSimd2 | null | undefined;

  constructor(ny: number, nx: number, options: WaveletOptions = {}) {
    const spec = checkSpec('planWavelet2', ['ny', 'nx'], [ny, nx], options.wavelet, options.levels);
    this.ny = ny;
    this.nx = nx;
    this.levels = spec.levels;
    this.filters = spec.filters;
    this.wavelet = spec.filters.name;
    this.rows = new Int32Array(spec.filters.length);
  }

  /** O(1) checks; the message strings are built only on failure (no allocation per call). */
  private check(method: string, x: Float64Array, out: Float64Array, e: number): void {
    const len = e * this.ny * this.nx;
    if (
      x instanceof Float64Array &&
      out instanceof Float64Array &&
      x.length === len &&
      out.length === len &&
      x !== out
    ) {
      return;
    }
    const where = `Wavelet2Plan.${method}`;
    const what =
      e === 1 ? `ny*nx = ${this.ny}x${this.nx}` : `2*ny*nx for ${this.ny}x${this.nx}, complex interleaved`;
    checkLength(where, 'input', x, len, what);
    checkLength(where, 'out', out, len, what);
    throw new CandorError(where, 'out', 'a buffer distinct from the input', 'the input itself');
  }

  /** Real analysis: out = W x. */
  forward(x: Float64Array, out: Float64Array): Float64Array {
    this.check('forward', x, out, 1);
    this.tmp ??= new Float64Array(this.ny * this.nx);
    return this.run(rowsForward, 1, x, out, this.tmp);
  }

  /** Real synthesis: out = W^T c. */
  inverse(c: Float64Array, out: Float64Array): Float64Array {
    this.check('inverse', c, out, 1);
    this.tmp ??= new Float64Array(this.ny * this.nx);
    return this.runInverse(rowsInverse, 1, c, out, this.tmp);
  }

  /** Complex interleaved analysis. */
  forwardComplex(x: Float64Array, out: Float64Array): Float64Array {
    this.check('forwardComplex', x, out, 2);
    const s = this.simdPath();
    if (s !== null) {
      s.forward(x, out);
      return out;
    }
    this.tmpC ??= new Float64Array(2 * this.ny * this.nx);
    return this.run(rowsForward, 2, x, out, this.tmpC);
  }

  /** Complex interleaved synthesis. */
  inverseComplex(c: Float64Array, out: Float64Array): Float64Array {
    this.check('inverseComplex', c, out, 2);
    const s = this.simdPath();
    if (s !== null) {
      s.inverse(c, out);
      return out;
    }
    this.tmpC ??= new Float64Array(2 * this.ny * this.nx);
    return this.runInverse(rowsInverse, 2, c, out, this.tmpC);
  }

  /** The SIMD instance (created once), or null when WebAssembly SIMD is missing or switched off. */
  private simdPath(): WaveletSimd2 | null {
    if (!waveletWasmEnabled()) return null;
    if (this.simd === undefined) this.simd = WaveletSimd2.create(this.ny, this.nx, this.levels, this.filters);
    return this.simd;
  }

  /** e = doubles per pixel. Level l: rows of the current block -> tmp, columns of tmp -> out. */
  private run(
    rowPass: RowPass,
    e: number,
    x: Float64Array,
    out: Float64Array,
    tmp: Float64Array,
  ): Float64Array {
    const { levels, filters, rows } = this;
    if (levels === 0) {
      out.set(x);
      return out;
    }
    const stride = e * this.nx;
    let h = this.ny;
    let w = this.nx;
    let src = x;
    for (let l = 1; l <= levels; l++) {
      rowPass(filters, h, w, e, src, 0, stride, tmp, 0, e * w);
      columnsForward(filters, h, e * w, tmp, 0, e * w, out, 0, stride, rows);
      src = out;
      h >>= 1;
      w >>= 1;
    }
    return out;
  }

  private runInverse(
    rowPass: RowPass,
    e: number,
    c: Float64Array,
    out: Float64Array,
    tmp: Float64Array,
  ): Float64Array {
    const { levels, filters, rows } = this;
    if (levels === 0) {
      out.set(c);
      return out;
    }
    const stride = e * this.nx;
    let h = this.ny >> (levels - 1);
    let w = this.nx >> (levels - 1);
    let prev = c;
    for (let l = levels; l >= 1; l--) {
      const h2 = h >> 1;
      const hw = (e * w) >> 1;
      // left half: approximation block (from the coarser level) over da; right half: ad over dd
      columnsInverse(filters, h, hw, prev, 0, c, h2 * stride, stride, tmp, 0, e * w, rows);
      columnsInverse(filters, h, hw, c, hw, c, h2 * stride + hw, stride, tmp, hw, e * w, rows);
      rowPass(filters, h, w, e, tmp, 0, e * w, out, 0, stride);
      prev = out;
      h <<= 1;
      w <<= 1;
    }
    return out;
  }
}

/** A reusable 2-D multi-level plan for ny x nx images (see {@link Wavelet2Plan}). */
export function planWavelet2(ny: number, nx: number, options: WaveletOptions = {}): Wavelet2Plan {
  return new Wavelet2Plan(ny, nx, options);
}
