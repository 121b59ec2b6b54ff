/**
 * Orthonormal 2-D DCT-II and DCT-III of a row-major ny x nx real array, as
 * scipy.fft.dctn(x, type=2, norm='ortho') and dctn(x, type=3, norm='ortho'): the 1-D transforms
 * of ./dct.ts along every row, then down every column (strided, in place in `out`).
 *
 *     Y[ky, kx] = f_ky f_kx sum_{y, x} X[y, x] cos(pi ky (2y + 1) / (2 ny)) cos(pi kx (2x + 1) / (2 nx))
 *
 * Reference: Makhoul (1980), section on two-dimensional transforms (row-column decomposition).
 *
 * @example
 * import { dct2d, idct2d } from './dct2d.ts';
 * const Y = dct2d(Float64Array.of(1, 1, 1, 1), new Float64Array(4), 2, 2); // [2, 0, 0, 0]
 * idct2d(Y, new Float64Array(4), 2, 2);                                   // [1, 1, 1, 1]
 */
import { checkFinite } from '../errors.ts';
import { checkBuf, checkSize } from './common.ts';
import { type DctPlan, dctPlan } from './dct.ts';

/**
 * A planned orthonormal 2-D DCT-II / DCT-III of a row-major ny x nx real array (the 1-D transform
 * along rows then columns), as scipy's dctn(type=2 / type=3, norm='ortho'). Use `dct2Plan`.
 */
export class Dct2Plan {
  readonly ny: number;
  readonly nx: number;
  private readonly rows: DctPlan;
  private readonly cols: DctPlan;
  private readonly label: string;

  constructor(ny: number, nx: number) {
    checkSize('dct2Plan', 'rows ny', ny);
    checkSize('dct2Plan', 'columns nx', nx);
    this.ny = ny;
    this.nx = nx;
    this.rows = dctPlan(nx);
    this.cols = dctPlan(ny);
    this.label = `dct2d(${ny}x${nx})`;
  }

  /**
   * y <- 2-D DCT-II (or DCT-III when `inverse`) of x; no checks; y may be x. Entry (r, c) sits at
   * offset + (r nx + c) es: es = 2 with offsets 0 and 1 transforms the real and imaginary parts
   * of complex interleaved data.
   */
  exec(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean, es = 1): void {
    const { ny, nx } = this;
    const rs = nx * es;
    for (let r = 0; r < ny; r++) {
      if (inverse) this.rows.execInverse(x, xo + r * rs, es, y, yo + r * rs, es);
      else this.rows.execForward(x, xo + r * rs, es, y, yo + r * rs, es);
    }
    for (let c = 0; c < nx; c++) {
      if (inverse) this.cols.execInverse(y, yo + c * es, rs, y, yo + c * es, rs);
      else this.cols.execForward(y, yo + c * es, rs, y, yo + c * es, rs);
    }
  }

  /** out <- orthonormal 2-D DCT-II of x (ny nx reals each; out may be x). Lengths checked, values not. */
  forward(x: Float64Array, out: Float64Array): Float64Array {
    this.check(x, out);
    this.exec(x, 0, out, 0, false);
    return out;
  }

  /** out <- orthonormal 2-D DCT-III of x (the inverse of forward). */
  inverse(x: Float64Array, out: Float64Array): Float64Array {
    this.check(x, out);
    this.exec(x, 0, out, 0, true);
    return out;
  }

  private check(x: Float64Array, out: Float64Array): void {
    const len = this.ny * this.nx;
    checkBuf(this.label, 'input', x, len, 'ny nx reals, row-major');
    checkBuf(this.label, 'out', out, len, 'ny nx reals, row-major');
  }
}

const cache = new Map<string, Dct2Plan>();

/** The cached orthonormal 2-D DCT plan for ny x nx arrays. */
export function dct2Plan(ny: number, nx: number): Dct2Plan {
  const key = `${ny}x${nx}`;
  let p = cache.get(key);
  if (!p) {
    p = new Dct2Plan(ny, nx);
    cache.set(key, p);
  }
  return p;
}

function run(where: string, x: Float64Array, out: Float64Array, ny: number, nx: number, inverse: boolean) {
  checkSize(where, 'rows ny', ny);
  checkSize(where, 'columns nx', nx);
  const len = ny * nx;
  checkBuf(where, 'input', x, len, `ny nx = ${len} reals, row-major ${ny}x${nx}`);
  checkBuf(where, 'out', out, len, `ny nx = ${len} reals, row-major ${ny}x${nx}`);
  checkFinite(where, 'input', x);
  dct2Plan(ny, nx).exec(x, 0, out, 0, inverse);
  return out;
}

/** out <- orthonormal 2-D DCT-II of the row-major ny x nx array x (scipy.fft.dctn type 2, 'ortho'). */
export function dct2d(x: Float64Array, out: Float64Array, ny: number, nx: number): Float64Array {
  return run('dct2d', x, out, ny, nx, false);
}

/** out <- orthonormal 2-D DCT-III of x (scipy.fft.dctn type 3, 'ortho'; the inverse of dct2d). */
export function idct2d(x: Float64Array, out: Float64Array, ny: number, nx: number): Float64Array {
  return run('idct2d', x, out, ny, nx, true);
}
