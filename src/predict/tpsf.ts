/**
 * Coherence of Fourier sampling with an orthonormal wavelet basis, through the transform
 * point-spread function (TPSF) of Lustig, Donoho & Pauly (Magn. Reson. Med. 2007), without forming
 * an n x n matrix.
 *
 * The unknowns are wavelet coefficients w, the image is W^T w and the data S F W^T w, so the
 * columns are the Fourier-sampled wavelet atoms and the Gram matrix is the TPSF
 *
 *     G = W P W^T,   P = F^H M F   (circulant: the mask PSF, ./psf.ts),   TPSF(i; j) = G_ij.
 *
 * Shift structure. A periodized orthonormal wavelet atom of level l (step 2^l) at position p is the
 * circular translate by 2^l p of the atom at position 0 of its band (exact for every size divisible
 * by 2^levels, which the wavelet operators require). P commutes with translations, so
 * G(b, p; b', p') depends only on the shift 2^l p - 2^l' p'. For bands b (step t_b) and b' (step
 * t_b' >= t_b, both powers of two), every shift between their atoms is a multiple of t_b, and all
 * of them occur between atom (b', 0) and the atoms of band b. Hence the Gram columns of the first
 * atom of each band (3 levels + 1 columns in 2-D, levels + 1 in 1-D) contain every distinct
 * entry of G: each costs one wavelet synthesis, two FFTs and one analysis, O(n log n).
 *
 *     coherence       = max_{i != j} |G_ij| / sqrt(G_ii G_jj)   (mutual coherence, unit columns)
 *     sidelobeToPeak  = max_{i != j} |G_ij| / G_jj              (Lustig's TPSF side-lobe-to-peak)
 *
 * Local coherence (Puy, Vandergheynst & Wiaux 2011; Krahmer & Ward 2014): mu_k = max_i |<f_k, psi_i>|
 * with f_k the rows of the unitary DFT; translates share |F psi|, so mu_k = max_bands |(F psi_b)(k)|
 * (one FFT per band). Incoherent bases have mu_k = 1/sqrt(n); 2-D Fourier/Haar decays like
 * 1/sqrt(k1^2 + k2^2) away from DC, which motivates inverse-square variable-density sampling.
 *
 * @example
 * import { fourierWaveletCoherence } from './tpsf.ts';
 * const mask = new Uint8Array(64).fill(1);           // full 8x8 k-space: A = F W^T is unitary
 * fourierWaveletCoherence([8, 8], mask, { wavelet: 'haar', levels: 2 }).coherence;  // ~0 (1e-16)
 */
import { CandorError } from '../core/errors.ts';
import { fft2Plan } from '../core/fft/fft2.ts';
import type { WaveletName } from '../core/wavelets/filters.ts';
import { checkSpec } from '../core/wavelets/levels.ts';
import { wavelet1, wavelet2 } from '../linops/wavelet.ts';
import type { LinearOperator } from '../linops/types.ts';
import { checkGrid, type FourierMaskOptions, type GridShape, maskGrid } from './psf.ts';

/** The wavelet of a Fourier-wavelet measure (name and levels). */
export interface WaveletSpec {
  /** Wavelet name (default 'db4'): haar, db1 ... db8. */
  wavelet?: WaveletName | string;
  /** Decomposition levels (default as the wavelet operators: PyWavelets' dwt_max_level, capped). */
  levels?: number;
}

/**
 * One subband of a wavelet transform in the Mallat layout ({@link waveletBands}): kind, level,
 * and its rectangle in the coefficient array.
 */
export interface WaveletBand {
  /** 'approximation' or 'detail-x' (ad: detail along x), 'detail-y' (da), 'detail-xy' (dd); 1-D: 'detail'. */
  kind: string;
  /** Level (1 = finest; the approximation has level = levels). */
  level: number;
  /** Top-left corner and size of the band in the Mallat layout. */
  y0: number;
  x0: number;
  hy: number;
  hx: number;
}

/** The bands of the Mallat layout (PyWavelets coeffs_to_array) for (ny, nx, levels); 1-D: ny = 1. */
export function waveletBands(ny: number, nx: number, levels: number, dims: 1 | 2): WaveletBand[] {
  if (dims === 1) {
    const bands: WaveletBand[] = [
      { kind: 'approximation', level: levels, y0: 0, x0: 0, hy: 1, hx: nx >> levels },
    ];
    for (let l = levels; l >= 1; l--)
      bands.push({ kind: 'detail', level: l, y0: 0, x0: nx >> l, hy: 1, hx: nx >> l });
    return bands;
  }
  const bands: WaveletBand[] = [
    { kind: 'approximation', level: levels, y0: 0, x0: 0, hy: ny >> levels, hx: nx >> levels },
  ];
  for (let l = levels; l >= 1; l--) {
    const hy = ny >> l;
    const hx = nx >> l;
    bands.push({ kind: 'detail-x', level: l, y0: 0, x0: hx, hy, hx });
    bands.push({ kind: 'detail-y', level: l, y0: hy, x0: 0, hy, hx });
    bands.push({ kind: 'detail-xy', level: l, y0: hy, x0: hx, hy, hx });
  }
  return bands;
}

interface Setup {
  ny: number;
  nx: number;
  n: number;
  dims: 1 | 2;
  levels: number;
  wavelet: string;
  W: LinearOperator;
  bands: WaveletBand[];
}

function setup(where: string, shape: unknown, spec: WaveletSpec): Setup {
  const { ny, nx, dims } = checkGrid(where, shape);
  const sizes = dims === 1 ? [nx] : [ny, nx];
  const { filters, levels } = checkSpec(
    where,
    dims === 1 ? ['n'] : ['ny', 'nx'],
    sizes,
    spec.wavelet,
    spec.levels,
  );
  const opts = { wavelet: filters.name, levels };
  const W = dims === 1 ? wavelet1(nx, opts) : wavelet2(ny, nx, opts);
  return {
    ny,
    nx,
    n: ny * nx,
    dims,
    levels,
    wavelet: filters.name,
    W,
    bands: waveletBands(ny, nx, levels, dims),
  };
}

/** The synthesis W^T e of the first atom of a band (complex interleaved, real values). */
function bandAtom(s: Setup, b: WaveletBand, out: Float64Array): Float64Array {
  const e = new Float64Array(2 * s.n);
  e[2 * (b.y0 * s.nx + b.x0)] = 1;
  return s.W.adjoint(e, out);
}

/**
 * Coherence of a partial Fourier mask in a wavelet basis, G = (S F W^T)^H (S F W^T)
 * ({@link fourierWaveletCoherence}): the mutual coherence, Lustig's TPSF side-lobe-to-peak
 * ratio, the worst pair and the per-band peaks.
 */
export interface FourierWaveletCoherence {
  /** max_{i != j} |G_ij| / sqrt(G_ii G_jj): mutual coherence of S F W^T (unit columns). */
  coherence: number;
  /** max_{i != j} |G_ij| / G_jj (Lustig's TPSF side-lobe-to-peak ratio, column j the input atom). */
  sidelobeToPeak: number;
  /** The worst pair: the input atom's band and the output coefficient index (Mallat layout). */
  worst: { band: WaveletBand; index: number };
  /** G_jj per band (the squared norm of each band's columns; m/n on average). */
  bandPeaks: { band: WaveletBand; peak: number }[];
  m: number;
  n: number;
  wavelet: string;
  levels: number;
}

/**
 * Coherence of the Fourier mask with an orthonormal wavelet basis (TPSF max off-diagonal), by one
 * Gram column per band: (3 levels + 1) x O(n log n).
 */
export function fourierWaveletCoherence(
  shape: GridShape,
  mask: ArrayLike<number>,
  opts: FourierMaskOptions & WaveletSpec = {},
): FourierWaveletCoherence {
  const where = 'fourierWaveletCoherence';
  const g = maskGrid(where, shape, mask, { centered: opts.centered });
  const s = setup(where, shape, opts);
  const { n, nx } = s;
  const fft = fft2Plan(s.ny, s.nx);
  const atom = new Float64Array(2 * n);
  const cols: Float64Array[] = [];
  const inv = 1 / n;
  for (const b of s.bands) {
    bandAtom(s, b, atom);
    fft.exec(atom, 0, atom, 0, false);
    for (let j = 0; j < n; j++) {
      const w = g.mask[j] ? inv : 0;
      atom[2 * j] *= w;
      atom[2 * j + 1] *= w;
    }
    fft.exec(atom, 0, atom, 0, true); // P psi = F^H M F psi
    cols.push(s.W.apply(atom, new Float64Array(2 * n)));
  }
  // band of every coefficient, and each band's peak G_jj
  const bandOf = new Int32Array(n);
  s.bands.forEach((b, i) => {
    for (let y = b.y0; y < b.y0 + b.hy; y++) for (let x = b.x0; x < b.x0 + b.hx; x++) bandOf[y * nx + x] = i;
  });
  const peaks = s.bands.map((b, i) => cols[i][2 * (b.y0 * nx + b.x0)]);
  const top = Math.max(...peaks);
  peaks.forEach((p, i) => {
    if (!(p > 1e-14 * top)) {
      const b = s.bands[i];
      throw new CandorError(
        where,
        `wavelet band (${b.kind}, level ${b.level})`,
        'a nonzero column: the mask must sample part of every band spectrum',
        'zero norm',
      );
    }
  });
  const rs = peaks.map(Math.sqrt);
  let mu = 0;
  let stp = 0;
  let worst = { band: s.bands[0], index: -1 };
  for (let bi = 0; bi < s.bands.length; bi++) {
    const col = cols[bi];
    const self = s.bands[bi].y0 * nx + s.bands[bi].x0;
    for (let i = 0; i < n; i++) {
      if (i === self) continue;
      const a = Math.hypot(col[2 * i], col[2 * i + 1]);
      const c = a / (rs[bi] * rs[bandOf[i]]);
      if (c > mu) {
        mu = c;
        worst = { band: s.bands[bi], index: i };
      }
      const r = a / peaks[bi];
      if (r > stp) stp = r;
    }
  }
  return {
    coherence: mu,
    sidelobeToPeak: stp,
    worst,
    bandPeaks: s.bands.map((band, i) => ({ band, peak: peaks[i] })),
    m: g.m,
    n,
    wavelet: s.wavelet,
    levels: s.levels,
  };
}

/**
 * Local coherences mu_k = max_i |<f_k, psi_i>| of the Fourier and wavelet bases per frequency
 * ({@link fourierWaveletLocalCoherence}), their maximum and sum of squares.
 */
export interface LocalCoherence {
  /** mu_k = max_i |<f_k, psi_i>| per frequency, on the grid (centred layout when `centered`). */
  mu: Float64Array;
  /** max_k mu_k (the classical coherence of F and W, between 1/sqrt(n) and 1). */
  max: number;
  /** sum_k mu_k^2 (replaces n max_k mu_k^2 in the sampling bound of variable-density schemes). */
  sumSquares: number;
}

/**
 * Local coherence of the unitary DFT rows with an orthonormal wavelet basis: one FFT per band.
 * Sampling frequency k with probability p_k proportional to mu_k^2 is the density of Puy et al.
 * 2011 and Krahmer & Ward 2014.
 */
export function fourierWaveletLocalCoherence(
  shape: GridShape,
  opts: FourierMaskOptions & WaveletSpec = {},
): LocalCoherence {
  const where = 'fourierWaveletLocalCoherence';
  const s = setup(where, shape, opts);
  const centered = opts.centered ?? false;
  if (typeof centered !== 'boolean')
    throw new CandorError(where, 'options.centered', 'true or false', String(centered));
  const { n, ny, nx } = s;
  const fft = fft2Plan(ny, nx);
  const atom = new Float64Array(2 * n);
  const mu = new Float64Array(n);
  const sc = 1 / Math.sqrt(n);
  for (const b of s.bands) {
    bandAtom(s, b, atom);
    fft.exec(atom, 0, atom, 0, false);
    for (let j = 0; j < n; j++) {
      const a = sc * Math.hypot(atom[2 * j], atom[2 * j + 1]);
      if (a > mu[j]) mu[j] = a;
    }
  }
  let out = mu;
  if (centered) {
    // centred position (r, c) holds frequency ((r - hy) mod ny, (c - hx) mod nx)
    out = new Float64Array(n);
    const hy = Math.floor(ny / 2);
    const hx = Math.floor(nx / 2);
    for (let r = 0; r < ny; r++) {
      for (let c = 0; c < nx; c++) out[r * nx + c] = mu[((r - hy + ny) % ny) * nx + ((c - hx + nx) % nx)];
    }
  }
  let max = 0;
  let sumSquares = 0;
  for (let j = 0; j < n; j++) {
    max = Math.max(max, out[j]);
    sumSquares += out[j] * out[j];
  }
  return { mu: out, max, sumSquares };
}
