/**
 * Fast coherence of partial Fourier sampling through the point-spread function (PSF).
 *
 * For A = S F, the rows R (|R| = m) of the unitary DFT on a 1-D or 2-D grid of n points, the Gram
 * matrix is circulant: a_j^H a_l = (1/n) sum_{r in R} e^{2 pi i <r, j - l>/n}. With the mask PSF
 *
 *     psf(d) = (1/m) sum_{r in R} e^{2 pi i <r, d>/n}     (= (n/m) ifft(mask)(d); psf(0) = 1)
 *
 * the normalised Gram is G_jl = psf(j - l) (every column has norm sqrt(m/n)), hence
 *
 *     mu = max_{d != 0} |psf(d)|    (the PSF side-lobe level),
 *     mu_1(p) = sum of the p largest |psf(d)|, d != 0    (Babel function: each |Gram| column is a
 *                                                           permutation of |psf|),
 *
 * in O(n log n) time and O(n) memory instead of the n^2 m / 2 of the dense Gram route (./coherence.ts).
 * Centred masks (`centered: true`, DC at (floor(ny/2), floor(nx/2)), the MRI / partialDft2 convention):
 * F_c = fftshift F ifftshift, and F_c^H M F_c = F^H M' F with M' = ifftshift(M) (shifts commute with
 * circulants), so the PSF is that of the uncentred mask ifftshift(M).
 *
 * Reference: Lustig, Donoho & Pauly, "Sparse MRI", Magn. Reson. Med. 2007 (PSF and its side lobes
 * as the incoherence measure of a k-space mask); THEORY.md sections 4 and 7.
 *
 * @example
 * import { maskPsf, fourierCoherence } from './psf.ts';
 * const mask = new Uint8Array(8); mask[0] = mask[1] = 1;      // rows 0, 1 of the 8-point DFT
 * fourierCoherence([8], mask).coherence;   // |1 + e^{i pi/4}|/2 = cos(pi/8) = 0.9238795325112867
 * maskPsf([8], mask).psf.slice(0, 2);      // [1, 0]: psf(0) = 1
 */
import { CandorError, describe } from '../core/errors.ts';
import { fft2Plan } from '../core/fft/fft2.ts';
import { indexList } from '../linops/basic.ts';
import { welchBound } from './coherence.ts';

/** A 1-D [n] or 2-D [ny, nx] sampling grid. */
export type GridShape = readonly [number] | readonly [number, number];

/** Options of the Fourier mask measures ({@link maskPsf}, {@link fourierCoherence}, ...): mask layout. */
export interface FourierMaskOptions {
  /** The mask is in centred k-space coordinates (DC at the centre), as partialDft2's `centered`. */
  centered?: boolean;
}

/** Validated grid (ny, nx) (1-D: ny = 1), sample indices and the uncentred 0/1 mask. */
export interface MaskGrid {
  ny: number;
  nx: number;
  n: number;
  m: number;
  /** Uncentred 0/1 mask on the grid (DC at index 0). */
  mask: Uint8Array;
  dims: 1 | 2;
}

export function checkGrid(where: string, shape: unknown): { ny: number; nx: number; dims: 1 | 2 } {
  const s = shape as number[];
  const ok =
    Array.isArray(s) &&
    (s.length === 1 || s.length === 2) &&
    s.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1);
  if (!ok)
    throw new CandorError(
      where,
      'shape',
      '[n] or [ny, nx] with positive integer sizes',
      Array.isArray(s) ? JSON.stringify(s) : describe(s),
    );
  return s.length === 1 ? { ny: 1, nx: s[0], dims: 1 } : { ny: s[0], nx: s[1], dims: 2 };
}

function centeredFlag(where: string, opts: FourierMaskOptions | undefined): boolean {
  if (opts === undefined) return false;
  if (typeof opts !== 'object' || opts === null)
    throw new CandorError(where, 'options', 'an object { centered?: boolean }', describe(opts));
  const c = opts.centered ?? false;
  if (typeof c !== 'boolean') throw new CandorError(where, 'options.centered', 'true or false', describe(c));
  return c;
}

/** Validates (shape, mask) like partialDft1/partialDft2 and returns the uncentred 0/1 mask. */
export function maskGrid(
  where: string,
  shape: unknown,
  mask: ArrayLike<number>,
  opts?: FourierMaskOptions,
): MaskGrid {
  const { ny, nx, dims } = checkGrid(where, shape);
  const n = ny * nx;
  const centered = centeredFlag(where, opts);
  const out = new Uint8Array(n);
  const hy = Math.floor(ny / 2);
  const hx = Math.floor(nx / 2);
  let m = 0;
  if (mask instanceof Uint8Array && !centered) {
    // fast path for 0/1 masks (same checks and messages as linops' indexList)
    if (mask.length !== n) throw new CandorError(where, 'mask mask length', String(n), String(mask.length));
    for (let i = 0; i < n; i++) {
      const v = mask[i];
      if (v > 1) throw new CandorError(where, `mask mask value at ${i}`, '0 or 1', String(v));
      m += v;
    }
    if (m === 0) throw new CandorError(where, 'mask mask', 'at least one sampled entry', 'an all-zero mask');
    out.set(mask);
    return { ny, nx, n, m, mask: out, dims };
  }
  const idx = indexList(where, 'mask', mask, n);
  for (let t = 0; t < idx.length; t++) {
    let r = Math.floor(idx[t] / nx);
    let c = idx[t] - r * nx;
    if (centered) {
      // ifftshift: centred position (r, c) holds frequency ((r - hy) mod ny, (c - hx) mod nx)
      r = (r - hy + ny) % ny;
      c = (c - hx + nx) % nx;
    }
    out[r * nx + c] = 1;
  }
  return { ny, nx, n, m: idx.length, mask: out, dims };
}

/**
 * The point spread function of a Cartesian Fourier mask ({@link maskPsf}), normalised to
 * psf(0) = 1, and its largest side lobe (= the mutual coherence of the partial DFT).
 */
export interface MaskPsf {
  /** Normalised PSF, complex interleaved on the grid (shift d at flat index dy nx + dx, modulo the grid); psf(0) = 1. */
  psf: Float64Array;
  m: number;
  n: number;
  /** max_{d != 0} |psf(d)|: the PSF side-lobe level = the mutual coherence of the partial DFT. */
  sideLobe: number;
  /** The shift attaining it, in signed coordinates ([d] or [dy, dx], each in (-size/2, size/2]). */
  sideLobeShift: number[];
}

function signed(d: number, size: number): number {
  return d > size / 2 ? d - size : d;
}

/** Scratch of the side-lobe-only routes (the PSF itself is not returned there). */
let scratch = new Float64Array(0);

/** Unnormalised PSF sum_r mask_r e^{2 pi i <r, d>/n} (complex interleaved) and its largest side lobe. */
function psfRaw(g: MaskGrid, reuse = false): { buf: Float64Array; side: number; at: number } {
  const { ny, nx, n } = g;
  let buf: Float64Array;
  if (reuse) {
    buf = scratch.length === 2 * n ? scratch : (scratch = new Float64Array(2 * n));
    for (let j = 0; j < n; j++) {
      buf[2 * j] = g.mask[j];
      buf[2 * j + 1] = 0;
    }
  } else {
    buf = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) buf[2 * j] = g.mask[j];
  }
  fft2Plan(ny, nx).exec(buf, 0, buf, 0, true);
  // squared moduli in the scan (Math.hypot is slow), one square root at the end
  let side2 = 0;
  let at = 0;
  for (let d = 1; d < n; d++) {
    const re = buf[2 * d];
    const im = buf[2 * d + 1];
    const a2 = re * re + im * im;
    if (a2 > side2) {
      side2 = a2;
      at = d;
    }
  }
  return { buf, side: at > 0 ? Math.hypot(buf[2 * at], buf[2 * at + 1]) / g.m : 0, at };
}

function shiftOf(g: MaskGrid, at: number): number[] {
  const dy = Math.floor(at / g.nx);
  const dx = at - dy * g.nx;
  return g.dims === 1 ? [signed(dx, g.nx)] : [signed(dy, g.ny), signed(dx, g.nx)];
}

function psfOf(g: MaskGrid): MaskPsf {
  const { buf, side, at } = psfRaw(g);
  const inv = 1 / g.m;
  for (let i = 0; i < buf.length; i++) buf[i] *= inv;
  return { psf: buf, m: g.m, n: g.n, sideLobe: side, sideLobeShift: shiftOf(g, at) };
}

/**
 * The normalised PSF of a Fourier sampling mask and its side-lobe level.
 * `mask`: a 0/1 Uint8Array on the grid (row-major) or a list of distinct flat indices.
 */
export function maskPsf(shape: GridShape, mask: ArrayLike<number>, opts?: FourierMaskOptions): MaskPsf {
  return psfOf(maskGrid('maskPsf', shape, mask, opts));
}

/**
 * The PSF side-lobe level max_{d != 0} |psf(d)| of a k-space mask (peak psf(0) = 1): what the MRI
 * app reports as the mask's incoherence. Equal to {@link fourierCoherence}'s coherence.
 * @example psfSideLobe([4, 4], [0, 5, 10, 15]); // 1: a diagonal mask aliases along a shift
 */
export function psfSideLobe(shape: GridShape, mask: ArrayLike<number>, opts?: FourierMaskOptions): number {
  return psfRaw(maskGrid('psfSideLobe', shape, mask, opts), true).side;
}

/**
 * Mutual coherence of a partial unitary DFT given by its mask ({@link fourierCoherence}), the
 * shift attaining it and the Welch bound.
 */
export interface FourierCoherence {
  /** Mutual coherence of the partial unitary DFT with rows `mask` (columns normalised). */
  coherence: number;
  /** The Gram-index shift j - l attaining it (signed grid coordinates). */
  shift: number[];
  m: number;
  n: number;
  /** Welch bound for (m, n). */
  welch: number;
}

/**
 * Mutual coherence of partialDft1 / partialDft2 with this mask, by the PSF (O(n log n)).
 * @example fourierCoherence([16, 16], mask, { centered: true }).coherence;
 */
export function fourierCoherence(
  shape: GridShape,
  mask: ArrayLike<number>,
  opts?: FourierMaskOptions,
): FourierCoherence {
  const g = maskGrid('fourierCoherence', shape, mask, opts);
  if (g.n < 2) throw new CandorError('fourierCoherence', 'grid size', 'at least 2 points', String(g.n));
  const p = psfRaw(g, true);
  return { coherence: p.side, shift: shiftOf(g, p.at), m: g.m, n: g.n, welch: welchBound(g.m, g.n) };
}

/**
 * Babel function mu_1(1..pMax) of the partial DFT (columns normalised): the sums of the pMax
 * largest PSF side lobes (default pMax = min(n - 1, m)).
 */
export function fourierBabel(
  shape: GridShape,
  mask: ArrayLike<number>,
  pMax?: number,
  opts?: FourierMaskOptions,
): Float64Array {
  const where = 'fourierBabel';
  const g = maskGrid(where, shape, mask, opts);
  const P = pMax ?? Math.min(g.n - 1, g.m);
  if (typeof P !== 'number' || !Number.isInteger(P) || P < 1 || P > g.n - 1) {
    throw new CandorError(where, 'pMax', `an integer in [1, ${g.n - 1}]`, describe(P));
  }
  const p = psfOf(g);
  const mags = new Float64Array(g.n - 1);
  for (let d = 1; d < g.n; d++) mags[d - 1] = Math.hypot(p.psf[2 * d], p.psf[2 * d + 1]);
  mags.sort();
  const out = new Float64Array(P);
  let s = 0;
  for (let q = 1; q <= P; q++) {
    s += mags[mags.length - q];
    out[q - 1] = s;
  }
  return out;
}
