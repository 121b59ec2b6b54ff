/**
 * The modified Shepp-Logan phantom (Shepp & Logan 1974, with P. Toft's higher-contrast
 * intensities, "The Radon Transform", PhD thesis, DTU 1996, pp. 199-200), the MATLAB
 * `phantom('Modified Shepp-Logan')` ellipses:
 *
 *     f(x, y) = sum_e A_e [ (x'/a_e)^2 + (y'/b_e)^2 <= 1 ],
 *     x' =  (x - x_e) cos phi_e + (y - y_e) sin phi_e,   y' = -(x - x_e) sin phi_e + (y - y_e) cos phi_e
 *
 * on [-1, 1]^2 with x to the right and y upwards (row 0 at the top), so the three small ellipses
 * sit near the bottom. Two pixel grids:
 *
 * - `grid: 'matlab'` (default): pixel centres span [-1, 1] exactly, x_j = (j - (nx-1)/2) / ((nx-1)/2),
 *   y_i = ((ny-1)/2 - i) / ((ny-1)/2) (MATLAB's `phantom`);
 * - `grid: 'bart'`: BART's `phantom` grid, origin at pixel (ny/2, nx/2) (integer division) and
 *   spacing 2/n: x_j = (j - floor(nx/2)) / (nx/2), y_i = (floor(ny/2) - i) / (ny/2). With this grid
 *   `sheppLogan(n, n, { grid: 'bart' })` equals `bart phantom -x n` read with our CFL convention
 *   (BART dims[0] = our rows), up to BART's float32 storage (test/apps/mri/phantom.test.ts).
 *
 * Same ellipses and intensities in both; only the sampling grid differs (docs/mri.md).
 *
 * @example
 * import { sheppLogan } from './phantom.ts';
 * const img = sheppLogan(256);   // Float64Array of 256*256 real values in [0, 1], row-major
 * img[128 * 256 + 128];           // about 0.2 (1 - 0.8: inside the skull, the brain level)
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';

/** [A, a, b, x0, y0, phi (degrees)] for the ten ellipses (MATLAB `phantom`, Toft's intensities). */
export const SHEPP_LOGAN_MODIFIED: readonly (readonly number[])[] = Object.freeze([
  [1, 0.69, 0.92, 0, 0, 0],
  [-0.8, 0.6624, 0.874, 0, -0.0184, 0],
  [-0.2, 0.11, 0.31, 0.22, 0, -18],
  [-0.2, 0.16, 0.41, -0.22, 0, 18],
  [0.1, 0.21, 0.25, 0, 0.35, 0],
  [0.1, 0.046, 0.046, 0, 0.1, 0],
  [0.1, 0.046, 0.046, 0, -0.1, 0],
  [0.1, 0.046, 0.023, -0.08, -0.605, 0],
  [0.1, 0.023, 0.023, 0, -0.606, 0],
  [0.1, 0.023, 0.046, 0.06, -0.605, 0],
]);

/** The pixel grid of {@link sheppLogan}: MATLAB's (pixel centres span [-1, 1]) or BART's (origin at pixel (ny/2, nx/2), spacing 2/n). */
export type PhantomGrid = 'matlab' | 'bart';

/** Options of {@link sheppLogan}. */
export interface PhantomOptions {
  /** Pixel grid (default 'matlab'; see the file comment). */
  grid?: PhantomGrid;
}

/**
 * The modified Shepp-Logan phantom as a real row-major `ny x nx` image (nx defaults to ny).
 * Values are sums of the ellipse intensities (0 outside the head, 1 on the skull, 0.2 grey...).
 */
export function sheppLogan(ny: number, nx: number = ny, opts: PhantomOptions = {}): Float64Array {
  checkInt('sheppLogan', 'rows ny', ny, 1);
  checkInt('sheppLogan', 'columns nx', nx, 1);
  const grid = opts.grid ?? 'matlab';
  if (grid !== 'matlab' && grid !== 'bart') {
    throw new CandorError('sheppLogan', 'options.grid', "'matlab' or 'bart'", describe(grid));
  }
  const xs = new Float64Array(nx);
  const ys = new Float64Array(ny);
  for (let j = 0; j < nx; j++) {
    xs[j] = grid === 'bart' ? (j - Math.floor(nx / 2)) / (0.5 * nx) : nx === 1 ? 0 : (j - (nx - 1) / 2) / ((nx - 1) / 2);
  }
  for (let i = 0; i < ny; i++) {
    ys[i] = grid === 'bart' ? (Math.floor(ny / 2) - i) / (0.5 * ny) : ny === 1 ? 0 : ((ny - 1) / 2 - i) / ((ny - 1) / 2);
  }
  const out = new Float64Array(ny * nx);
  for (const [A, a, b, x0, y0, deg] of SHEPP_LOGAN_MODIFIED) {
    const phi = (deg * Math.PI) / 180;
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    for (let i = 0; i < ny; i++) {
      const dy = ys[i] - y0;
      for (let j = 0; j < nx; j++) {
        const dx = xs[j] - x0;
        const u = (dx * c + dy * s) / a;
        const v = (-dx * s + dy * c) / b;
        if (u * u + v * v <= 1) out[i * nx + j] += A;
      }
    }
  }
  return out;
}
