/**
 * What the uv coverage says before any imaging (Thompson, Moran & Swenson 2017, ch. 10-11):
 *
 * - nominal resolution theta = 1 / |u|_max (lambda / B_max, radians; the restoring beam's FWHM is
 *   about this for uniform weighting, larger for natural);
 * - largest recoverable scale 1 / |u|_min (lambda / B_min): smoother structure is not sampled
 *   (the "missing short spacings");
 * - the pixel size must sample the longest baseline: cell <= 1 / (2 |u|_max) (Nyquist; otherwise
 *   the longest baselines fall outside the image's uv grid and are lost); we suggest
 *   cell = 1 / (4 |u|_max), about a quarter of the resolution, as imaging packages do (3 to 5
 *   pixels across the beam);
 * - the filling fraction of the uv grid: the share of grid cells (conjugates included) holding at
 *   least one sample, over the grid and over the disc |u| <= |u|_max; it is the fraction of Fourier
 *   coefficients measured, the m/n of compressed sensing for this image size;
 * - the coherence of the coverage on that grid: max_{d != 0} |PSF(d)| of the sampled cells (each
 *   cell counted once: uniform weighting on the grid), which equals the mutual coherence of the
 *   partial DFT that keeps those cells (../../predict/psf.ts; Lustig, Donoho & Pauly 2007), with the
 *   Welch bound sqrt((n - m)/(m (n - 1))) as the best any m cells could do. When the pixel
 *   oversamples the beam (as it should), neighbouring pixels are coherent through the main lobe, so
 *   we also report the side-lobe level: the largest |PSF| outside the main lobe (the pixels reached
 *   from the peak by steps that never rise and stay positive: down to the first null or minimum on
 *   every path), the aliasing a sparse reconstruction must undo.
 *
 * @example
 * import { coverageStats, checkCell } from './coverage.ts';
 * // const c = coverageStats(vs);
 * // c.resolution (rad), c.largestScale (rad), c.suggestedCell, c.suggestedSize
 * // checkCell(parseAngle('0.1mas'), c)  -> a warning string or null
 */
import { CandorError, describe } from '../../core/errors.ts';
import { maskPsf } from '../../predict/psf.ts';
import { formatAngle, formatWavelengths } from './angles.ts';
import type { Visibilities } from './visibilities.ts';
import { griddedWeights } from './weighting.ts';

/**
 * The uv coverage of a data set: longest and shortest baselines (wavelengths), the nominal
 * resolution 1/uvMax and largest scale 1/uvMin (radians), the Nyquist and suggested cell and image
 * size, and the antennas of the longest and shortest baselines.
 */
export interface CoverageStats {
  /** Largest and smallest |(u, v)| over the samples, wavelengths. */
  uvMax: number;
  uvMin: number;
  /** 1/uvMax and 1/uvMin, radians. */
  resolution: number;
  largestScale: number;
  /** 1/(2 uvMax): the largest cell that samples every baseline. */
  nyquistCell: number;
  /** 1/(4 uvMax). */
  suggestedCell: number;
  /** An even image side covering min(largest scale, 32 resolutions) at the suggested cell (at least 64). */
  suggestedSize: number;
  /** Longest and shortest baselines by station pair (at the sample where |uv| is extreme). */
  longest: { ant1: number; ant2: number };
  shortest: { ant1: number; ant2: number };
}

/** Coverage statistics of the samples (see above). */
export function coverageStats(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'ant1' | 'ant2'>): CoverageStats {
  if (vs.n === 0) throw new CandorError('coverageStats', 'visibilities', 'at least one sample', 'none');
  let max = 0;
  let min = Number.POSITIVE_INFINITY;
  let kMax = 0;
  let kMin = 0;
  for (let k = 0; k < vs.n; k++) {
    const r = Math.hypot(vs.u[k], vs.v[k]);
    if (r > max) [max, kMax] = [r, k];
    if (r > 0 && r < min) [min, kMin] = [r, k];
  }
  if (!(max > 0)) throw new CandorError('coverageStats', 'uv distances', 'some non-zero baseline', 'every |(u, v)| = 0');
  const resolution = 1 / max;
  const largestScale = 1 / min;
  const suggestedCell = 1 / (4 * max);
  const field = Math.min(largestScale, 32 * resolution);
  const suggestedSize = Math.max(64, 2 * Math.ceil(field / suggestedCell / 2));
  return {
    uvMax: max,
    uvMin: min,
    resolution,
    largestScale,
    nyquistCell: 1 / (2 * max),
    suggestedCell,
    suggestedSize,
    longest: { ant1: vs.ant1[kMax], ant2: vs.ant2[kMax] },
    shortest: { ant1: vs.ant1[kMin], ant2: vs.ant2[kMin] },
  };
}

/**
 * null when `cell` (radians) samples the longest baseline; otherwise the warning, naming the file,
 * the baseline and the right cell.
 */
export function checkCell(cell: number, c: CoverageStats, name = 'visibilities'): string | null {
  if (!(cell > 0)) throw new CandorError('checkCell', 'cell', 'a positive angle in radians', describe(cell));
  if (cell <= c.nyquistCell * (1 + 1e-12)) return null;
  return (
    `${name}: cell ${formatAngle(cell)} undersamples the longest baseline (${formatWavelengths(c.uvMax)}): ` +
    `use a cell <= ${formatAngle(c.nyquistCell)} (1/(2 u_max)); suggested ${formatAngle(c.suggestedCell)} (1/(4 u_max))`
  );
}

/** The share of the uv grid the samples fill: of the whole N x N grid and of the disc |u| <= uvMax. */
export interface FillingFraction {
  /** Cells with samples (conjugates included) / all N^2 cells. */
  grid: number;
  /** Cells with samples / cells inside the disc |u| <= uvMax (clipped to the grid). */
  disc: number;
  sampledCells: number;
  discCells: number;
  /** Samples beyond the grid's edge (the cell is too coarse for them). */
  outside: number;
}

/** Filling fraction of the N x N uv grid of an image with pixel `cell` (see above). */
export function fillingFraction(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'weight'>, size: number, cell: number): FillingFraction {
  const { grid, cells, du } = griddedWeights({ ...vs, weight: new Float64Array(vs.n).fill(1) }, size, cell);
  let uvMax = 0;
  let outside = 0;
  for (let k = 0; k < vs.n; k++) {
    uvMax = Math.max(uvMax, Math.hypot(vs.u[k], vs.v[k]));
    if (cells[k] < 0) outside++;
  }
  let sampled = 0;
  let disc = 0;
  let sampledInDisc = 0;
  const h = size >> 1;
  for (let iv = 0; iv < size; iv++) {
    for (let iu = 0; iu < size; iu++) {
      const inDisc = Math.hypot((iu - h) * du, (iv - h) * du) <= uvMax + du / 2;
      const s = grid[iv * size + iu] > 0;
      if (s) sampled++;
      if (inDisc) {
        disc++;
        if (s) sampledInDisc++;
      }
    }
  }
  return { grid: sampled / (size * size), disc: disc ? sampledInDisc / disc : 0, sampledCells: sampled, discCells: disc, outside };
}

/**
 * The mutual coherence of the gridded partial DFT: max off-peak |PSF| of the sampled cells and its
 * shift, the side lobe outside the main lobe, and the Welch bound.
 */
export interface GridCoherence {
  /** Max off-peak |PSF| of the sampled cells = mutual coherence of the gridded partial DFT. */
  coherence: number;
  /** Where it is, as a pixel shift [dy, dx] from the peak. */
  shift: number[];
  /** Largest |PSF| outside the main lobe, and where. */
  sideLobe: number;
  sideLobeShift: number[];
  /** Pixels in the main lobe (the peak's descending basin of positive PSF). */
  mainLobePixels: number;
  /** Sampled cells m and grid cells n. */
  m: number;
  n: number;
  welch: number;
}

/** Coherence of the uv coverage gridded on an N x N image with pixel `cell` (see above). */
export function gridCoherence(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'weight'>, size: number, cell: number): GridCoherence {
  const { grid } = griddedWeights({ ...vs, weight: new Float64Array(vs.n).fill(1) }, size, cell);
  const mask = new Uint8Array(size * size);
  let m = 0;
  for (let i = 0; i < mask.length; i++) {
    if (grid[i] > 0) {
      mask[i] = 1;
      m++;
    }
  }
  if (m === 0) throw new CandorError('gridCoherence', 'uv grid', 'at least one sampled cell', `none of ${size * size} (the cell is too coarse for every baseline)`);
  const p = maskPsf([size, size], mask, { centered: true });
  // main lobe: from shift 0, step to neighbours whose PSF is positive and not larger (the peak's
  // descending basin down to the first null or minimum on every path), on the periodic grid
  const inLobe = new Uint8Array(size * size);
  const stack = [0];
  inLobe[0] = 1;
  let lobe = 0;
  while (stack.length) {
    const d = stack.pop()!;
    lobe++;
    const dy = Math.floor(d / size);
    const dx = d - dy * size;
    for (const [ey, ex] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      const e = ((dy + ey + size) % size) * size + ((dx + ex + size) % size);
      if (!inLobe[e] && p.psf[2 * e] > 0 && p.psf[2 * e] <= p.psf[2 * d]) {
        inLobe[e] = 1;
        stack.push(e);
      }
    }
  }
  let side = 0;
  let at = 0;
  for (let d = 1; d < size * size; d++) {
    if (inLobe[d]) continue;
    const a = Math.hypot(p.psf[2 * d], p.psf[2 * d + 1]);
    if (a > side) [side, at] = [a, d];
  }
  const signed = (x: number) => (x > size / 2 ? x - size : x);
  const n = size * size;
  return {
    coherence: p.sideLobe,
    shift: p.sideLobeShift,
    sideLobe: side,
    sideLobeShift: [signed(Math.floor(at / size)), signed(at % size)],
    mainLobePixels: lobe,
    m,
    n,
    welch: Math.sqrt((n - m) / (m * (n - 1))),
  };
}
