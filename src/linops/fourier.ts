/**
 * Fourier operators (complex field), all unitary-scaled so that the full transforms are unitary:
 *
 * - `dft1(n)`:            F x,  F_kj = e^{-2 pi i jk/n} / sqrt(n);  F^H F = I (cheap normal = copy)
 * - `dft2(ny, nx, { centered })`: the 2-D DFT of a row-major ny x nx array, divided by sqrt(ny nx);
 *   with `centered: true`, F_c = fftshift2 . F . ifftshift2 (image centre and zero frequency both
 *   at (floor(ny/2), floor(nx/2)), the MRI / BART `fft -u` convention, see docs/fft.md);
 * - `partialDft1(n, rows)`, `partialDft2(ny, nx, mask, { centered })`: S F, the sampled entries of the
 *   (centred) unitary DFT, listed in increasing (row-major) index order; a co-isometry
 *   (S F F^H S^T = I) with cheap normal F^H M F (M = the 0/1 mask on the full grid);
 * - `maskedDft2(ny, nx, mask, { centered })`: M F, k-space kept on the full grid with zeros where
 *   not sampled (for zero-filled data such as BART .cfl files); normal F^H M F.
 *
 * Which one for MRI: reconstruct with `partialDft2` (compact data vector of the acquired samples
 * only, A A^H = I, so the data-fit term counts acquired samples only and step 1 is safe); use
 * `maskedDft2` only to read or write zero-filled full-grid k-space. The mask of a centred operator
 * is given in centred k-space coordinates (DC at the centre), as displayed and as BART stores it.
 *
 * `rows` and `mask` accept a 0/1 Uint8Array (length n, or ny nx row-major) or a list of distinct
 * flat indices; they are validated (in range, no duplicates, not empty).
 *
 * Reference: Cooley & Tukey (1965) and Bluestein (1970) via ../core/fft; SigPy `linop.FFT`,
 * BART `linop_fft_create` (see ../../shared/STYLE.md).
 *
 * @example
 * import { dft1, partialDft2 } from './fourier.ts';
 * const F = dft1(4);
 * F.apply(Float64Array.of(1, 0, 1, 0, 1, 0, 1, 0), new Float64Array(8)); // [2, 0, 0, 0, 0, 0, 0, 0]
 * const mask = new Uint8Array(64); mask[0] = mask[9] = mask[27] = 1;
 * const A = partialDft2(8, 8, mask);   // 64 complex unknowns -> 3 k-space samples
 * A.rows; // 3
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { centeredFft2Plan } from '../core/fft/centered.ts';
import { fft2Plan } from '../core/fft/fft2.ts';
import { fftPlan } from '../core/fft/plan.ts';
import { indexList } from './basic.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

export interface Dft2Options {
  /** Centred transform fftshift2 . F . ifftshift2 (default false). */
  centered?: boolean;
}

/** An unnormalised transform `run(x, out, inverse)` (x and out distinct or identical) and the factor that makes it unitary. */
interface Raw {
  run: (x: Float64Array, out: Float64Array, inverse: boolean) => void;
  scale: number;
}

function raw1(n: number): Raw {
  const p = fftPlan(n);
  return { run: (x, out, inv) => p.exec(x, 0, out, 0, inv), scale: 1 / Math.sqrt(n) };
}

function raw2(ny: number, nx: number, centered: boolean): Raw {
  if (centered) {
    const p = centeredFft2Plan(ny, nx);
    return { run: (x, out, inv) => p.exec(x, out, inv), scale: 1 };
  }
  const p = fft2Plan(ny, nx);
  return { run: (x, out, inv) => p.exec(x, 0, out, 0, inv), scale: 1 / Math.sqrt(ny * nx) };
}

function centeredOption(where: string, opts: Dft2Options | undefined): boolean {
  if (opts === undefined) return false;
  if (typeof opts !== 'object' || opts === null)
    throw new CandorError(where, 'options', 'an object { centered?: boolean }', describe(opts));
  const c = opts.centered ?? false;
  if (typeof c !== 'boolean') throw new CandorError(where, 'options.centered', 'true or false', describe(c));
  return c;
}

function scaleAll(y: Float64Array, s: number): void {
  if (s !== 1) for (let i = 0; i < y.length; i++) y[i] *= s;
}

const copy: Kernel = (x, out) => {
  out.set(x);
  return out;
};

/** The full unitary transform as an operator. */
function unitary(name: string, domain: number[], t: Raw): LinearOperator {
  return defineOperator({
    name,
    domain,
    range: domain,
    field: 'complex',
    structure: 'unitary',
    apply: (x, out) => {
      t.run(x, out, false);
      scaleAll(out, t.scale);
      return out;
    },
    adjoint: (y, out) => {
      t.run(y, out, true);
      scaleAll(out, t.scale);
      return out;
    },
    normal: copy,
    cheapNormal: true,
  });
}

/** Unitary 1-D DFT of length n (complex): F_kj = e^{-2 pi i jk/n} / sqrt(n). */
export function dft1(n: number): LinearOperator {
  checkInt('dft1', 'size n', n, 1);
  return unitary(`DFT1(${n})`, [n], raw1(n));
}

/** Unitary 2-D DFT of row-major ny x nx arrays (complex); `centered` for the MRI convention. */
export function dft2(ny: number, nx: number, opts?: Dft2Options): LinearOperator {
  checkInt('dft2', 'rows ny', ny, 1);
  checkInt('dft2', 'columns nx', nx, 1);
  const c = centeredOption('dft2', opts);
  return unitary(`DFT2(${ny}x${nx}${c ? ', centered' : ''})`, [ny, nx], raw2(ny, nx, c));
}

/** S F and its relatives: the sampled entries `idx` of a unitary transform of `n` entries. */
function sampled(
  name: string,
  domain: number[],
  n: number,
  t: Raw,
  idx: Int32Array,
  masked: boolean,
): LinearOperator {
  const m = idx.length;
  const s = new Float64Array(2 * n);
  const keep = new Uint8Array(n);
  for (let i = 0; i < m; i++) keep[idx[i]] = 1;
  const c = t.scale;
  const c2 = c * c;
  /** out <- F^H diag(keep) F x */
  const normal: Kernel = (x, out) => {
    t.run(x, s, false);
    for (let j = 0; j < n; j++) {
      const w = keep[j] ? c2 : 0;
      s[2 * j] *= w;
      s[2 * j + 1] *= w;
    }
    t.run(s, out, true);
    return out;
  };
  const full = m === n;
  if (masked) {
    return defineOperator({
      name,
      domain,
      range: domain,
      field: 'complex',
      structure: full ? 'unitary' : 'general',
      apply: (x, out) => {
        t.run(x, out, false);
        for (let j = 0; j < n; j++) {
          const w = keep[j] ? c : 0;
          out[2 * j] *= w;
          out[2 * j + 1] *= w;
        }
        return out;
      },
      adjoint: (y, out) => {
        for (let j = 0; j < n; j++) {
          const w = keep[j] ? c : 0;
          s[2 * j] = w * y[2 * j];
          s[2 * j + 1] = w * y[2 * j + 1];
        }
        t.run(s, out, true);
        return out;
      },
      normal,
      cheapNormal: true,
    });
  }
  return defineOperator({
    name,
    domain,
    range: [m],
    field: 'complex',
    structure: full ? 'unitary' : 'coisometry',
    apply: (x, out) => {
      t.run(x, s, false);
      for (let i = 0; i < m; i++) {
        const j = 2 * idx[i];
        out[2 * i] = c * s[j];
        out[2 * i + 1] = c * s[j + 1];
      }
      return out;
    },
    adjoint: (y, out) => {
      s.fill(0);
      for (let i = 0; i < m; i++) {
        const j = 2 * idx[i];
        s[j] = c * y[2 * i];
        s[j + 1] = c * y[2 * i + 1];
      }
      t.run(s, out, true);
      return out;
    },
    normal,
    cheapNormal: true,
  });
}

/**
 * Partial unitary 1-D DFT: the rows `rows` (a 0/1 Uint8Array mask of length n or a list of
 * distinct indices) of F, in increasing order. Co-isometry; normal F^H M F.
 */
export function partialDft1(n: number, rows: ArrayLike<number>): LinearOperator {
  checkInt('partialDft1', 'size n', n, 1);
  const idx = indexList('partialDft1', 'rows', rows, n);
  return sampled(`PartialDFT1(${idx.length} of ${n})`, [n], n, raw1(n), idx, false);
}

function percent(m: number, n: number): string {
  const p = (100 * m) / n;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toPrecision(2)}%`;
}

/**
 * Partial unitary 2-D DFT: the k-space entries where `mask` (Uint8Array of ny nx, row-major; or a
 * list of flat indices) is set, in row-major order. Centred coordinates when `centered`.
 * Co-isometry; normal F^H M F.
 */
export function partialDft2(
  ny: number,
  nx: number,
  mask: ArrayLike<number>,
  opts?: Dft2Options,
): LinearOperator {
  checkInt('partialDft2', 'rows ny', ny, 1);
  checkInt('partialDft2', 'columns nx', nx, 1);
  const c = centeredOption('partialDft2', opts);
  const n = ny * nx;
  const idx = indexList('partialDft2', 'sampling', mask, n);
  const name = `PartialDFT2(${ny}x${nx}, ${percent(idx.length, n)}${c ? ', centered' : ''})`;
  return sampled(name, [ny, nx], n, raw2(ny, nx, c), idx, false);
}

/**
 * Masked unitary 2-D DFT M F on the full ny x nx grid (zeros where `mask` is 0). Not an
 * isometry (A A^H = M); normal F^H M F. For zero-filled k-space I/O; reconstruct with partialDft2.
 */
export function maskedDft2(
  ny: number,
  nx: number,
  mask: ArrayLike<number>,
  opts?: Dft2Options,
): LinearOperator {
  checkInt('maskedDft2', 'rows ny', ny, 1);
  checkInt('maskedDft2', 'columns nx', nx, 1);
  const c = centeredOption('maskedDft2', opts);
  const n = ny * nx;
  const idx = indexList('maskedDft2', 'sampling', mask, n);
  const name = `MaskedDFT2(${ny}x${nx}, ${percent(idx.length, n)}${c ? ', centered' : ''})`;
  return sampled(name, [ny, nx], n, raw2(ny, nx, c), idx, true);
}
