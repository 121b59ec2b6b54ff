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
import type { Team } from '../core/parallel/team.ts';
import { indexList } from './basic.ts';
import { defineOperator, type Kernel } from './define.ts';
import { sampledDft2OnTeam } from './fourier-team.ts';
import type { LinearOperator } from './types.ts';

/** Options of the 2-D DFT operators. */
export interface Dft2Options {
  /** Centred transform fftshift2 . F . ifftshift2 (default false). */
  centered?: boolean;
  /**
   * partialDft2 only: run on this team (../core/parallel/team.ts; ./fourier-team.ts) when apply
   * and adjoint are given arrays from team.f64 (others run on the calling thread), with the same
   * result on any thread count.
   */
  team?: Team;
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

/**
 * Where each sample sits in the plain FFT's output and the complex factor it takes there. A
 * centred transform F_c = P_k F P_x (P = fftshift/ifftshift, h = floor(n/2) per axis) needs no
 * shift pass: F P_x = D F with D_k = e^{+2 pi i h k / n} (per axis; (-1)^k for even n), so the
 * sample at centred index k' is D_k X[k] with k = (k' - h) mod n, X the plain FFT of the image;
 * the adjoint scatters conj(D_k) y to k and runs the plain inverse FFT. Both shifts cost nothing
 * and the phases O(samples) (`c` = the unitary scale, folded in).
 */
interface Folded {
  /** Unnormalised transform (x and out distinct or identical). */
  run: (x: Float64Array, out: Float64Array, inverse: boolean) => void;
  /** FFT-order position of each sample. */
  pos: Int32Array;
  /** Its complex factor (interleaved, the unitary scale included). */
  w: Float64Array;
  /** The unitary scale alone (for the normal operator). */
  c: number;
}

function folded1(n: number, idx: Int32Array): Folded {
  const p = fftPlan(n);
  const c = 1 / Math.sqrt(n);
  const w = new Float64Array(2 * idx.length);
  for (let i = 0; i < idx.length; i++) w[2 * i] = c;
  return { run: (x, out, inv) => p.exec(x, 0, out, 0, inv), pos: idx, w, c };
}

function folded2(ny: number, nx: number, idx: Int32Array, centered: boolean): Folded {
  const p = fft2Plan(ny, nx);
  const c = 1 / Math.sqrt(ny * nx);
  const m = idx.length;
  const w = new Float64Array(2 * m);
  if (!centered) {
    for (let i = 0; i < m; i++) w[2 * i] = c;
    return { run: (x, out, inv) => p.exec(x, 0, out, 0, inv), pos: idx, w, c };
  }
  const hy = ny >> 1;
  const hx = nx >> 1;
  const pos = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const ky = (Math.floor(idx[i] / nx) - hy + ny) % ny;
    const kx = ((idx[i] % nx) - hx + nx) % nx;
    pos[i] = ky * nx + kx;
    // e^{2 pi i (hy ky / ny + hx kx / nx)}: exact signs for even sides, reduced angles for odd
    const a = 2 * Math.PI * ((((hy * ky) % ny) / ny) + (((hx * kx) % nx) / nx));
    const even = ny % 2 === 0 && nx % 2 === 0;
    const sign = (ky + kx) % 2 === 0 ? 1 : -1;
    w[2 * i] = even ? c * sign : c * Math.cos(a);
    w[2 * i + 1] = even ? 0 : c * Math.sin(a);
  }
  return { run: (x, out, inv) => p.exec(x, 0, out, 0, inv), pos, w, c };
}

/** S F and its relatives: the sampled entries `idx` (user order) of a unitary transform of `n` entries. */
function sampled(
  name: string,
  domain: number[],
  n: number,
  t: Folded,
  idx: Int32Array,
  masked: boolean,
): LinearOperator {
  const m = idx.length;
  const s = new Float64Array(2 * n);
  const keep = new Uint8Array(n);
  const { pos, w } = t;
  for (let i = 0; i < m; i++) keep[pos[i]] = 1;
  const c2 = t.c * t.c;
  /** out <- F^H diag(keep) F x (the phases cancel: no shift in the normal operator) */
  const normal: Kernel = (x, out) => {
    t.run(x, s, false);
    for (let j = 0; j < n; j++) {
      const f = keep[j] ? c2 : 0;
      s[2 * j] *= f;
      s[2 * j + 1] *= f;
    }
    t.run(s, out, true);
    return out;
  };
  /** y_i = w_i s[pos_i] into out at 2 at(i) */
  const gather = (out: Float64Array, at: Int32Array | null) => {
    for (let i = 0; i < m; i++) {
      const j = 2 * pos[i];
      const k = at ? 2 * at[i] : 2 * i;
      const wr = w[2 * i];
      const wi = w[2 * i + 1];
      const sr = s[j];
      const si = s[j + 1];
      out[k] = wr * sr - wi * si;
      out[k + 1] = wr * si + wi * sr;
    }
  };
  /** s <- 0 except s[pos_i] = conj(w_i) y_i (y read at 2 at(i)) */
  const scatter = (y: Float64Array, at: Int32Array | null) => {
    s.fill(0);
    for (let i = 0; i < m; i++) {
      const j = 2 * pos[i];
      const k = at ? 2 * at[i] : 2 * i;
      const wr = w[2 * i];
      const wi = w[2 * i + 1];
      const yr = y[k];
      const yi = y[k + 1];
      s[j] = wr * yr + wi * yi;
      s[j + 1] = wr * yi - wi * yr;
    }
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
        t.run(x, s, false);
        out.fill(0);
        gather(out, idx);
        return out;
      },
      adjoint: (y, out) => {
        scatter(y, idx);
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
      gather(out, null);
      return out;
    },
    adjoint: (y, out) => {
      scatter(y, null);
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
  return sampled(`PartialDFT1(${idx.length} of ${n})`, [n], n, folded1(n, idx), idx, false);
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
  const f = folded2(ny, nx, idx, c);
  const plain = sampled(name, [ny, nx], n, f, idx, false);
  return opts?.team ? sampledDft2OnTeam(name, ny, nx, f.pos, f.w, opts.team, plain) : plain;
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
  return sampled(name, [ny, nx], n, folded2(ny, nx, idx, c), idx, true);
}
