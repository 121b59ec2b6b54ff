/**
 * The autocalibration region of multi-coil k-space: the largest fully sampled rectangle centred on
 * k = 0 (pixel (floor(ny/2), floor(nx/2))), at most `size` per axis, as BART's `ecalib` finds it
 * (`-r 24`: "Calibration region... (size: 24x24, pos: 116x116)" on 256 x 256). A k-space entry is
 * sampled when any coil is non-zero there. The region shrinks two lines at a time (one each side)
 * along the axis with the most unsampled entries on its border until every entry is sampled.
 *
 * @example
 * import { calibrationRegion } from './calibration.ts';
 * // const cal = calibrationRegion(kspace, { size: 24 });  cal.sy, cal.sx, cal.y0, cal.x0, cal.data
 */
import { CandorError, checkInt } from '../../../core/errors.ts';
import type { CoilArray } from './types.ts';

export interface CalibrationRegion {
  /** Size of the region. */
  sy: number;
  sx: number;
  /** Its first row and column in the k-space grid. */
  y0: number;
  x0: number;
  nc: number;
  /** The region's samples, coil-major (nc complex sy x sx images). */
  data: Float64Array;
}

/** The calibration region (see the file comment); `minSize` is the smallest acceptable side. */
export function calibrationRegion(k: CoilArray, opts: { size?: number; minSize?: number; where?: string } = {}): CalibrationRegion {
  const where = opts.where ?? 'calibrationRegion';
  const { ny, nx, nc } = k;
  const size = checkInt(where, 'calibration size', opts.size ?? 24, 1);
  const minSize = opts.minSize ?? 1;
  const n = ny * nx;
  const sampled = (i: number, j: number) => {
    const p = 2 * (i * nx + j);
    for (let c = 0; c < nc; c++) if (k.data[2 * n * c + p] !== 0 || k.data[2 * n * c + p + 1] !== 0) return true;
    return false;
  };
  const cy = ny >> 1;
  const cx = nx >> 1;
  let sy = Math.min(size, ny);
  let sx = Math.min(size, nx);
  const full = () => {
    const y0 = cy - (sy >> 1);
    const x0 = cx - (sx >> 1);
    let missRows = 0;
    let missCols = 0;
    for (let i = 0; i < sy; i++) {
      for (let j = 0; j < sx; j++) {
        if (!sampled(y0 + i, x0 + j)) {
          // distance to the border along each axis: shrink the axis whose border it is nearer
          const dy = Math.min(i, sy - 1 - i);
          const dx = Math.min(j, sx - 1 - j);
          if (dy <= dx) missRows++;
          else missCols++;
        }
      }
    }
    return { missRows, missCols };
  };
  for (;;) {
    const { missRows, missCols } = full();
    if (missRows === 0 && missCols === 0) break;
    if ((missRows >= missCols && sy > 1) || sx <= 1) sy -= sy > 2 ? 2 : 1;
    else sx -= sx > 2 ? 2 : 1;
    if (sy < minSize || sx < minSize) {
      throw new CandorError(
        where,
        'calibration region',
        `a fully sampled centre of at least ${minSize}x${minSize} k-space entries (give coil sensitivities, or sample the centre fully)`,
        `${Math.max(sy, 0)}x${Math.max(sx, 0)} fully sampled around k = 0`,
      );
    }
  }
  const y0 = cy - (sy >> 1);
  const x0 = cx - (sx >> 1);
  const data = new Float64Array(2 * sy * sx * nc);
  for (let c = 0; c < nc; c++) {
    for (let i = 0; i < sy; i++) {
      const src = 2 * (n * c + (y0 + i) * nx + x0);
      data.set(k.data.subarray(src, src + 2 * sx), 2 * (c * sy * sx + i * sx));
    }
  }
  return { sy, sx, y0, x0, nc, data };
}
