/**
 * Radial-like spokes on the Cartesian grid: S lines through the k-space centre at angles
 * theta_s = theta_0 + s pi / S (theta_0 uniform random from the seed), each rasterised by marking
 * the nearest grid entry at half-pixel steps along the full diameter, plus the calibration square
 * (default 0: spokes already oversample the centre). S is the smallest number of spokes whose
 * pattern reaches the target acceleration (bisection; the count of marked entries grows with S).
 * A Cartesian stand-in for radial acquisitions (true non-Cartesian sampling needs a NUFFT
 * operator; see docs/mri.md for the extension point).
 *
 * @example
 * import { radialMask } from './radial.ts';
 * const m = radialMask(128, 128, { acceleration: 6, seed: 0 });
 * m.params.spokes; // the number of spokes used
 */
import { checkInt } from '../../../core/errors.ts';
import { createRng } from '../../../core/rng/index.ts';
import { type MaskCommonOptions, type SamplingMask, calibrationRegion, commonOptions, countSamples, finish } from './common.ts';

export interface RadialOptions extends MaskCommonOptions {
  /** Use exactly this many spokes instead of searching for the target acceleration. */
  spokes?: number;
}

function spokePattern(ny: number, nx: number, spokes: number, theta0: number, calib: number): Uint8Array {
  const mask = new Uint8Array(ny * nx);
  const cy = Math.floor(ny / 2);
  const cx = Math.floor(nx / 2);
  const rmax = Math.hypot(ny, nx) / 2;
  for (let s = 0; s < spokes; s++) {
    const th = theta0 + (s * Math.PI) / spokes;
    const dy = Math.sin(th);
    const dx = Math.cos(th);
    for (let t = -rmax; t <= rmax; t += 0.5) {
      const i = Math.round(cy + t * dy);
      const j = Math.round(cx + t * dx);
      if (i >= 0 && i < ny && j >= 0 && j < nx) mask[i * nx + j] = 1;
    }
  }
  calibrationRegion(mask, ny, nx, calib);
  return mask;
}

/**
 * Radial spokes rasterised on the Cartesian grid at angles theta_0 + s pi / S (theta_0 from the
 * seed), plus the calibration square (default 0); S is `opts.spokes` or the smallest count reaching
 * the target acceleration.
 */
export function radialMask(ny: number, nx: number, opts: RadialOptions): SamplingMask {
  const where = 'radialMask';
  const { target, calib, seed } = commonOptions(where, ny, nx, { ...opts, calib: opts.calib ?? 0 });
  const theta0 = createRng(seed, 0x726164).uniform() * Math.PI;
  const n = ny * nx;
  if (opts.spokes !== undefined) {
    const S = checkInt(where, 'spokes', opts.spokes, 1, 1 << 20);
    return finish('radial', ny, nx, spokePattern(ny, nx, S, theta0, calib), target, calib, seed, { spokes: S });
  }
  // smallest S with acceleration <= target
  let lo = 1;
  let hi = Math.max(2, 2 * Math.max(ny, nx));
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (n / countSamples(spokePattern(ny, nx, mid, theta0, calib)) <= target) hi = mid;
    else lo = mid + 1;
  }
  return finish('radial', ny, nx, spokePattern(ny, nx, lo, theta0, calib), target, calib, seed, { spokes: lo });
}
