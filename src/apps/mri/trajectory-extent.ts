/**
 * The image size a trajectory implies, and whether a handful of points alone set it.
 *
 * With k in cycles per field of view, a grid of n points spans k in [-n/2, n/2), so the smallest
 * image holding every sample is n = 2 ceil(max |k|) per axis (BART's `pics -t` estimate). One
 * stray point (a mis-scaled coordinate, a sentinel such as 1e3 for "unused") then sets the size
 * alone: a 256-point trajectory with one coordinate at 2000 asks for a 4000 x 4000 image and
 * gigabytes of memory. A real trajectory fills its extent: radial, spiral and Cartesian readouts
 * put about half their points beyond half of their largest |k|, variable-density patterns a few
 * per cent, so an extent that no more than 1 in 1000 points (and at least one) reach past its
 * half is refused, with the size the rest would give.
 *
 * @example
 * const abs = Float64Array.from([0, 10, 20, 30, 31, 2000]); // |k| along one axis
 * trajectoryAxisExtent(abs); // { size: 4000, bulk: 62, beyond: 1 }
 */

/** Size of one axis from its |k| values, the size without the points past half of it, and their count. */
export interface AxisExtent {
  /** 2 ceil(max |k|) (1 for an axis with no extent). */
  size: number;
  /** 2 ceil(max |k|) over the points within half of the largest |k|. */
  bulk: number;
  /** How many points lie beyond half of the largest |k|. */
  beyond: number;
}

const sizeOf = (v: number): number => (Number.isFinite(v) && v > 0 ? 2 * Math.ceil(v) : 1);

/** The extent of one axis: {@link AxisExtent} from the |k| of every point. */
export function trajectoryAxisExtent(abs: ArrayLike<number>): AxisExtent {
  let max = 0;
  for (let j = 0; j < abs.length; j++) if (abs[j] > max) max = abs[j];
  // (no extent, or an infinite one: the trajectory's reader names the coordinate)
  if (!(max > 0) || !Number.isFinite(max)) return { size: sizeOf(max), bulk: sizeOf(max), beyond: 0 };
  let beyond = 0;
  let rest = 0;
  for (let j = 0; j < abs.length; j++) {
    if (abs[j] > max / 2) beyond++;
    else if (abs[j] > rest) rest = abs[j];
  }
  return { size: sizeOf(max), bulk: sizeOf(rest), beyond };
}

/** The most points past half the largest |k| that still count as strays: max(1, floor(points / 1000)). */
export function strayLimit(points: number): number {
  return Math.max(1, Math.floor(points / 1000));
}

/**
 * Whether an axis's size is set by stray points: at most {@link strayLimit} of them past half its
 * largest |k|, on an axis of more than 64 points (smaller images cost little whatever sets them).
 */
export function strayExtent(e: AxisExtent, points: number): boolean {
  return e.size > 64 && e.beyond <= strayLimit(points);
}
