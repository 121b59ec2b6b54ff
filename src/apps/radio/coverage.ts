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
 *   coefficients measured, the m/n of compressed sensing for this image size.
 *
 * @example
 * import { coverageStats, checkCell } from './coverage.ts';
 * // const c = coverageStats(vs);
 * // c.resolution (rad), c.largestScale (rad), c.suggestedCell, c.suggestedSize
 * // checkCell(parseAngle('0.1mas'), c)  -> a warning string or null
 */
import { CandorError, describe } from '../../core/errors.ts';
import { formatAngle, formatWavelengths } from './angles.ts';
import type { Visibilities } from './visibilities.ts';
import { griddedWeights } from './weighting.ts';

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
