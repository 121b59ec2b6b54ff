/**
 * Imaging weights on the uv grid of an N x N image with pixel size `cell` (radians): the grid
 * step is du = 1/(N cell) and a sample lands in cell (round(u/du) + N/2, round(v/du) + N/2).
 * Each sample is gridded together with its conjugate point (-u, -v), since V(-u, -v) = V(u, v)*
 * for a real sky, so W(cell) = the sum of the natural weights w_k of all samples and conjugates
 * in that cell.
 *
 * - natural: w_k (best sensitivity, broad beam);
 * - uniform: w_k / W(cell_k) (every sampled cell counts once: sharper beam, lower side lobes,
 *   more noise);
 * - Briggs robust R (Briggs 1995, PhD thesis, sec. 3.2; as CASA and WSClean):
 *   f^2 = (5 10^-R)^2 / (sum_cells W^2 / sum_k w_k),  w_k / (1 + W(cell_k) f^2);
 *   R = -2 is close to uniform, R = 2 close to natural.
 *
 * Samples outside the grid (|u| or |v| beyond N/2 du: the cell is too coarse for them) get weight
 * 0 and are counted.
 *
 * @example
 * import { imagingWeights } from './weighting.ts';
 * // const { weights, outside } = imagingWeights(vs, { scheme: 'briggs', robust: 0, size: 128, cell: 1e-11 });
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import type { Visibilities } from './visibilities.ts';

/** The imaging weighting: natural (w_k), uniform (w_k / W(cell)) or Briggs (robust, between them). */
export type WeightingScheme = 'natural' | 'uniform' | 'briggs';
/** Every {@link WeightingScheme}. */
export const WEIGHTING_SCHEMES: readonly WeightingScheme[] = Object.freeze(['natural', 'uniform', 'briggs']);

/** Options of {@link imagingWeights}: scheme, Briggs robustness, image size N and pixel size (radians). */
export interface WeightingOptions {
  scheme: WeightingScheme;
  /** Briggs robustness, in [-5, 5] (default 0). */
  robust?: number;
  /** Image side N (pixels). */
  size: number;
  /** Pixel size, radians. */
  cell: number;
}

/** Imaging weights per sample, with the count outside the grid, the gridded natural weights and the grid step. */
export interface ImagingWeights {
  weights: Float64Array;
  /** Samples outside the uv grid (weight 0). */
  outside: number;
  /** The gridded natural weights W (N x N, row v, column u, centre N/2), conjugates included. */
  grid: Float64Array;
  /** Grid step, wavelengths. */
  du: number;
  scheme: WeightingScheme;
  robust: number | null;
}

/** The grid cell of (u, v), or -1 when outside. */
export function gridCell(u: number, v: number, du: number, size: number): number {
  const iu = Math.round(u / du) + (size >> 1);
  const iv = Math.round(v / du) + (size >> 1);
  return iu < 0 || iu >= size || iv < 0 || iv >= size ? -1 : iv * size + iu;
}

/** Gridded natural weights of samples and conjugates (see above), and per-sample cells. */
export function griddedWeights(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'weight'>, size: number, cell: number) {
  const du = 1 / (size * cell);
  const grid = new Float64Array(size * size);
  const cells = new Int32Array(vs.n);
  const conj = new Int32Array(vs.n);
  for (let k = 0; k < vs.n; k++) {
    const a = gridCell(vs.u[k], vs.v[k], du, size);
    const b = gridCell(-vs.u[k], -vs.v[k], du, size);
    cells[k] = a;
    conj[k] = b;
    if (a >= 0) grid[a] += vs.weight[k];
    if (b >= 0) grid[b] += vs.weight[k];
  }
  return { grid, cells, conj, du };
}

/** Imaging weights for one scheme (see above). */
export function imagingWeights(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'weight'>, o: WeightingOptions): ImagingWeights {
  const where = 'imagingWeights';
  if (!WEIGHTING_SCHEMES.includes(o.scheme)) throw new CandorError(where, 'scheme', WEIGHTING_SCHEMES.join(', '), describe(o.scheme));
  checkInt(where, 'size', o.size, 2, 1 << 16);
  if (!(o.cell > 0 && Number.isFinite(o.cell))) throw new CandorError(where, 'cell', 'a positive pixel size in radians', describe(o.cell));
  const robust = o.robust ?? 0;
  if (o.scheme === 'briggs' && !(robust >= -5 && robust <= 5)) throw new CandorError(where, 'robust', 'a number in [-5, 5]', describe(robust));
  const { grid, cells, du } = griddedWeights(vs, o.size, o.cell);
  const weights = new Float64Array(vs.n);
  let outside = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (let k = 0; k < vs.n; k++) if (cells[k] >= 0) sumW += 2 * vs.weight[k]; // sample and conjugate
  for (let i = 0; i < grid.length; i++) sumW2 += grid[i] * grid[i];
  const f2 = sumW2 > 0 ? (5 * 10 ** -robust) ** 2 / (sumW2 / sumW) : 0;
  for (let k = 0; k < vs.n; k++) {
    const c = cells[k];
    if (c < 0) {
      outside++;
      continue;
    }
    const w = vs.weight[k];
    if (o.scheme === 'natural') weights[k] = w;
    else if (o.scheme === 'uniform') weights[k] = w / grid[c];
    else weights[k] = w / (1 + grid[c] * f2);
  }
  return { weights, outside, grid, du, scheme: o.scheme, robust: o.scheme === 'briggs' ? robust : null };
}
