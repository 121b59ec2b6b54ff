/**
 * Centred unitary 2-D DFT, the k-space convention of MRI (BART `fft -u`, SigPy `fft(center=True)`):
 *
 *     F_c x = fftshift2( fft2( ifftshift2(x), 'ortho') )
 *     F_c^H k = fftshift2( ifft2( ifftshift2(k), 'ortho') )
 *
 * The image centre (floor(ny/2), floor(nx/2)) and the zero frequency both sit at the array
 * centre. F_c is unitary for every size (shifts are permutations; for odd sizes fftshift and
 * ifftshift differ, and the order above is the one that makes F_c^H the inverse of F_c).
 * The 1/sqrt(ny nx) scale is folded into the first shift; the plan owns one scratch array.
 *
 * @example
 * import { centeredFft2Plan } from './centered.ts';
 * const p = centeredFft2Plan(2, 2);
 * // a point at the image centre (1, 1) has flat k-space 0.5 everywhere
 * p.forward(Float64Array.of(0, 0, 0, 0, 0, 0, 1, 0), new Float64Array(8)); // [0.5,0, 0.5,0, 0.5,0, 0.5,0]
 */
import { CandorError, checkFinite } from '../errors.ts';
import { checkBuf, checkSize } from './common.ts';
import { type Fft2Plan, fft2Plan } from './fft2.ts';
import { roll2Into } from './shift.ts';

/**
 * A planned centred unitary 2-D DFT on ny x nx complex interleaved arrays (MRI k-space convention):
 * F_c x = fftshift2(fft2(ifftshift2(x), 'ortho')), and its inverse F_c^H. Use `centeredFft2Plan`.
 */
export class CenteredFft2Plan {
  readonly ny: number;
  readonly nx: number;
  private readonly plan: Fft2Plan;
  private readonly s: Float64Array;
  private readonly label: string;

  constructor(ny: number, nx: number) {
    checkSize('centeredFft2Plan', 'rows ny', ny);
    checkSize('centeredFft2Plan', 'columns nx', nx);
    this.ny = ny;
    this.nx = nx;
    this.plan = fft2Plan(ny, nx);
    this.s = new Float64Array(2 * ny * nx);
    this.label = `fft2c(${ny}x${nx})`;
  }

  /** out <- F_c x, or F_c^H x when `inverse`. No checks; out must not overlap x. */
  exec(x: Float64Array, out: Float64Array, inverse: boolean): void {
    const { ny, nx } = this;
    const hy = ny >> 1;
    const hx = nx >> 1;
    const s = this.s;
    roll2Into(x, s, ny, nx, ny - hy, nx - hx, 1 / Math.sqrt(ny * nx)); // ifftshift2, scaled
    this.plan.exec(s, 0, s, 0, inverse);
    roll2Into(s, out, ny, nx, hy, hx); // fftshift2
  }

  /** out <- centred unitary 2-D DFT of x (both 2 ny nx long, distinct). */
  forward(x: Float64Array, out: Float64Array): Float64Array {
    this.check(x, out);
    this.exec(x, out, false);
    return out;
  }

  /** out <- its inverse (= adjoint). */
  inverse(x: Float64Array, out: Float64Array): Float64Array {
    this.check(x, out);
    this.exec(x, out, true);
    return out;
  }

  private check(x: Float64Array, out: Float64Array): void {
    const len = 2 * this.ny * this.nx;
    checkBuf(this.label, 'input', x, len, '2 ny nx, complex interleaved row-major');
    checkBuf(this.label, 'out', out, len, '2 ny nx, complex interleaved row-major');
    if (x === out)
      throw new CandorError(this.label, 'out', 'a buffer distinct from the input', 'the input itself');
  }
}

const cache = new Map<string, CenteredFft2Plan>();

/** The cached centred unitary 2-D DFT plan for ny x nx arrays. */
export function centeredFft2Plan(ny: number, nx: number): CenteredFft2Plan {
  const key = `${ny}x${nx}`;
  let p = cache.get(key);
  if (!p) {
    p = new CenteredFft2Plan(ny, nx);
    cache.set(key, p);
  }
  return p;
}

function run(where: string, x: Float64Array, out: Float64Array, ny: number, nx: number, inverse: boolean) {
  checkSize(where, 'rows ny', ny);
  checkSize(where, 'columns nx', nx);
  const len = 2 * ny * nx;
  checkBuf(where, 'input', x, len, `2 ny nx = ${len}, complex interleaved row-major ${ny}x${nx}`);
  checkBuf(where, 'out', out, len, `2 ny nx = ${len}, complex interleaved row-major ${ny}x${nx}`);
  if (x === out) throw new CandorError(where, 'out', 'a buffer distinct from the input', 'the input itself');
  checkFinite(where, 'input', x);
  centeredFft2Plan(ny, nx).exec(x, out, inverse);
  return out;
}

/** out <- fftshift2(fft2(ifftshift2(x), 'ortho')): centred unitary k-space of the ny x nx image x. */
export function fft2c(x: Float64Array, out: Float64Array, ny: number, nx: number): Float64Array {
  return run('fft2c', x, out, ny, nx, false);
}

/** out <- fftshift2(ifft2(ifftshift2(k), 'ortho')): the image of centred unitary k-space (inverse of fft2c). */
export function ifft2c(x: Float64Array, out: Float64Array, ny: number, nx: number): Float64Array {
  return run('ifft2c', x, out, ny, nx, true);
}
