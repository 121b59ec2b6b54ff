/**
 * 3-D complex FFT of a row-major nz x ny x nx array (complex interleaved, length 2 nz ny nx), as
 * numpy.fft.fftn over the three axes with the same `norm` modes:
 *
 *     X[kz, ky, kx] = s sum_{z, y, x} a[z, y, x] e^{-2 pi i (kz z / nz + ky y / ny + kx x / nx)}
 *
 * Built on the existing plans: each z-slice is a 2-D transform (./fft2.ts, in place), then the z
 * axis. Along z the ny nx columns are interleaved with stride ny nx; when nz is a power of two they
 * are gathered in blocks of B consecutive columns into a contiguous nz x B buffer (element z of
 * column b at z B + b) and transformed B at a time by the batched Stockham kernel (./pow2.ts), then
 * scattered back; otherwise each column is gathered into a contiguous buffer and transformed by its
 * 1-D plan (Bluestein). Scratch is O(nz B), not a second copy of the volume. A plan
 * (`fft3Plan(nz, ny, nx)`, cached) owns its scratch: calls allocate nothing.
 *
 * @example
 * import { fft3 } from './fft3.ts';
 * const a = new Float64Array(2 * 8); a[0] = 1;          // 2x2x2 unit impulse at the origin
 * fft3(a, new Float64Array(16), 2, 2, 2);               // all ones: [1,0, 1,0, ..., 1,0]
 */
import { CandorError, checkFinite } from '../errors.ts';
import { checkBuf, checkNorm, checkSize, type FftNorm, normScale, scaleRange } from './common.ts';
import { type Fft2Plan, fft2Plan } from './fft2.ts';
import { type FftPlan, fftPlan } from './plan.ts';

/** Columns per z-axis block (power-of-two path). */
const BLOCK = 32;

/**
 * A planned 3-D complex FFT of a row-major nz x ny x nx array (complex interleaved), as
 * numpy.fft.fftn over the three axes with the same `norm` modes. Use `fft3Plan`.
 */
export class Fft3Plan {
  readonly nz: number;
  readonly ny: number;
  readonly nx: number;
  private readonly slice: Fft2Plan;
  private readonly zPlan: FftPlan;
  /** Gathered columns: 2 nz BLOCK (power of two) or 2 nz (one column). */
  private readonly block: Float64Array;
  /** Stockham scratch for a block. */
  private readonly work: Float64Array;
  private readonly label: string;

  constructor(nz: number, ny: number, nx: number) {
    checkSize('fft3Plan', 'depth nz', nz);
    checkSize('fft3Plan', 'rows ny', ny);
    checkSize('fft3Plan', 'columns nx', nx);
    if (nz * ny * nx > 2 ** 28) throw new CandorError('fft3Plan', 'size nz*ny*nx', 'at most 2^28', `${nz}x${ny}x${nx}`);
    this.nz = nz;
    this.ny = ny;
    this.nx = nx;
    this.label = `fft3(${nz}x${ny}x${nx})`;
    this.slice = fft2Plan(ny, nx);
    this.zPlan = fftPlan(nz);
    const b = this.zPlan.kernel ? BLOCK : 1;
    this.block = new Float64Array(2 * nz * b);
    this.work = new Float64Array(this.zPlan.kernel ? 2 * nz * b : 0);
  }

  /**
   * Unnormalised 3-D transform of x[xo .. xo + 2 nz ny nx) into y[yo ..] (e^{-...}, or e^{+...}
   * when `inverse`). No checks. The regions must be identical (in place) or disjoint.
   */
  exec(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean): void {
    const { nz, ny, nx } = this;
    const plane = ny * nx;
    for (let z = 0; z < nz; z++) this.slice.exec(x, xo + 2 * plane * z, y, yo + 2 * plane * z, inverse);
    if (nz === 1) return;
    const stride = 2 * plane;
    const blk = this.block;
    const pow2 = this.zPlan.kernel;
    if (pow2) {
      for (let c0 = 0; c0 < plane; c0 += BLOCK) {
        const B = Math.min(BLOCK, plane - c0);
        const w = 2 * B;
        for (let z = 0; z < nz; z++) {
          const src = yo + z * stride + 2 * c0;
          const dst = z * w;
          for (let i = 0; i < w; i++) blk[dst + i] = y[src + i];
        }
        pow2.run(blk, 0, blk, 0, inverse, B, this.work, 0);
        for (let z = 0; z < nz; z++) {
          const dst = yo + z * stride + 2 * c0;
          const src = z * w;
          for (let i = 0; i < w; i++) y[dst + i] = blk[src + i];
        }
      }
      return;
    }
    const zp = this.zPlan;
    for (let c = 0; c < plane; c++) {
      let i = yo + 2 * c;
      for (let j = 0; j < 2 * nz; j += 2, i += stride) {
        blk[j] = y[i];
        blk[j + 1] = y[i + 1];
      }
      zp.exec(blk, 0, blk, 0, inverse);
      i = yo + 2 * c;
      for (let j = 0; j < 2 * nz; j += 2, i += stride) {
        y[i] = blk[j];
        y[i + 1] = blk[j + 1];
      }
    }
  }

  /** out <- 3-D FFT of x (both 2 nz ny nx long; out may be x). Lengths are checked, values are not. */
  forward(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    return this.transform(x, out, norm, false);
  }

  /** out <- inverse 3-D FFT of x (out may be x). Lengths are checked, values are not. */
  inverse(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    return this.transform(x, out, norm, true);
  }

  private transform(x: Float64Array, out: Float64Array, norm: FftNorm, inverse: boolean): Float64Array {
    const n = this.nz * this.ny * this.nx;
    const what = '2 nz ny nx, complex interleaved row-major';
    checkBuf(this.label, 'input', x, 2 * n, what);
    checkBuf(this.label, 'out', out, 2 * n, what);
    const s = normScale(n, checkNorm(this.label, norm), inverse);
    this.exec(x, 0, out, 0, inverse);
    scaleRange(out, 0, 2 * n, s);
    return out;
  }
}

const cache = new Map<string, Fft3Plan>();

/** The cached 3-D plan for nz x ny x nx complex arrays (integers >= 1). */
export function fft3Plan(nz: number, ny: number, nx: number): Fft3Plan {
  const key = `${nz}x${ny}x${nx}`;
  let p = cache.get(key);
  if (!p) {
    p = new Fft3Plan(nz, ny, nx);
    cache.set(key, p);
  }
  return p;
}

function run(
  where: string,
  x: Float64Array,
  out: Float64Array,
  dims: readonly [number, number, number],
  norm: FftNorm,
  inverse: boolean,
): Float64Array {
  const [nz, ny, nx] = dims;
  checkSize(where, 'depth nz', nz);
  checkSize(where, 'rows ny', ny);
  checkSize(where, 'columns nx', nx);
  const len = 2 * nz * ny * nx;
  const what = `2 nz ny nx = ${len}, complex interleaved row-major ${nz}x${ny}x${nx}`;
  checkBuf(where, 'input', x, len, what);
  checkBuf(where, 'out', out, len, what);
  checkNorm(where, norm);
  checkFinite(where, 'input', x);
  fft3Plan(nz, ny, nx).exec(x, 0, out, 0, inverse);
  scaleRange(out, 0, len, normScale(nz * ny * nx, norm, inverse));
  return out;
}

/** 3-D forward FFT of the row-major nz x ny x nx complex array x into out (may be x), as numpy.fft.fftn. */
export function fft3(x: Float64Array, out: Float64Array, nz: number, ny: number, nx: number, norm: FftNorm = 'backward'): Float64Array {
  return run('fft3', x, out, [nz, ny, nx], norm, false);
}

/** 3-D inverse FFT of the row-major nz x ny x nx complex array x into out (may be x), as numpy.fft.ifftn. */
export function ifft3(x: Float64Array, out: Float64Array, nz: number, ny: number, nx: number, norm: FftNorm = 'backward'): Float64Array {
  return run('ifft3', x, out, [nz, ny, nx], norm, true);
}
