/**
 * The autocalibration region of multi-coil k-space: the largest fully sampled rectangle centred on
 * k = 0 (pixel (floor(ny/2), floor(nx/2))), at most `size` per axis, as BART's `ecalib` finds it
 * (`-r 24`: "Calibration region... (size: 24x24, pos: 116x116)" on 256 x 256). A k-space entry is
 * sampled when any coil is non-zero there. The region grows from the centre one line on each side
 * at a time, alternating the axes, while every entry of the new lines is sampled.
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
  const maxY = Math.min(size, ny);
  const maxX = Math.min(size, nx);
  // grow a centred rectangle [cy - sy/2, cy + sy/2) x [cx - sx/2, cx + sx/2) while it stays sampled
  const rowFull = (i: number, x0: number, sx: number) => {
    for (let j = x0; j < x0 + sx; j++) if (!sampled(i, j)) return false;
    return true;
  };
  const colFull = (j: number, y0: number, sy: number) => {
    for (let i = y0; i < y0 + sy; i++) if (!sampled(i, j)) return false;
    return true;
  };
  let sy = 0;
  let sx = 0;
  if (sampled(cy, cx)) {
    sy = 1;
    sx = 1;
    for (let grew = true; grew; ) {
      grew = false;
      // one more line on each side (the even sizes put the extra line before the centre, as BART)
      for (const axis of [0, 1] as const) {
        const y0 = cy - (sy >> 1);
        const x0 = cx - (sx >> 1);
        // two lines (one each side), else one (the side an even size adds, before the centre)
        if (axis === 0 && sy < maxY) {
          for (const add of [2, 1]) {
            const ny2 = Math.min(sy + add, maxY);
            const y1 = cy - (ny2 >> 1);
            if (y1 < 0 || y1 + ny2 > ny) continue;
            let ok = true;
            for (let i = y1; i < y1 + ny2 && ok; i++) if (i < y0 || i >= y0 + sy) ok = rowFull(i, x0, sx);
            if (ok) {
              grew = ny2 > sy;
              sy = ny2;
              break;
            }
          }
        } else if (axis === 1 && sx < maxX) {
          for (const add of [2, 1]) {
            const nx2 = Math.min(sx + add, maxX);
            const x1 = cx - (nx2 >> 1);
            if (x1 < 0 || x1 + nx2 > nx) continue;
            let ok = true;
            for (let j = x1; j < x1 + nx2 && ok; j++) if (j < x0 || j >= x0 + sx) ok = colFull(j, y0, sy);
            if (ok) {
              grew = grew || nx2 > sx;
              sx = nx2;
              break;
            }
          }
        }
      }
    }
  }
  if (sy < minSize || sx < minSize) {
    throw new CandorError(
      where,
      'calibration region',
      `a fully sampled centre of at least ${minSize}x${minSize} k-space entries (give coil sensitivities, or sample the centre fully)`,
      `${sy}x${sx} fully sampled around k = 0`,
    );
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
