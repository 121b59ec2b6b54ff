/**
 * What every sampling mask shares: the {@link SamplingMask} result, validation of masks given by
 * users, the fully sampled calibration centre, and the acceleration bookkeeping.
 *
 * A mask is a 0/1 `Uint8Array` of ny nx entries, row-major, in **centred** k-space coordinates
 * (DC at (floor(ny/2), floor(nx/2)), as displayed and as BART stores it). Acceleration
 * R = ny nx / (number of sampled entries). The calibration region is the `calib x calib` square
 * (clipped to the grid) whose first row is floor((ny - calib)/2), as BART's `poisson -C`.
 *
 * @example
 * import { calibrationRegion, acceleration } from './common.ts';
 * const m = new Uint8Array(64);
 * calibrationRegion(m, 8, 8, 2);  // sets rows 3-4, columns 3-4 (DC at (4, 4))
 * acceleration(m);                // 16
 */
import { CandorError, checkInt, checkNumber, describe } from '../../../core/errors.ts';

/** The generated mask kinds: variable-density random, Poisson disc, random phase-encode lines, radial spokes on the grid. */
export type MaskKind = 'variable-density' | 'poisson-disc' | 'lines' | 'radial';

/** A generated sampling pattern and what was asked of it. */
export interface SamplingMask {
  kind: MaskKind;
  ny: number;
  nx: number;
  /** 0/1 per k-space entry, row-major, centred coordinates. */
  mask: Uint8Array;
  /** Number of sampled entries. */
  samples: number;
  /** Actual acceleration ny nx / samples. */
  acceleration: number;
  /** The acceleration that was asked for. */
  target: number;
  /** Side of the fully sampled centre square (lines: number of central lines). */
  calib: number;
  seed: number;
  /** Kind-specific parameters actually used (density power, disc radius, spokes, ...). */
  params: Record<string, number | string | boolean>;
}

/** Options shared by every mask generator. */
export interface MaskCommonOptions {
  /** Target acceleration R = ny nx / samples (> 1). */
  acceleration: number;
  /** Fully sampled centre: side of the square (lines: number of lines). Default {@link defaultCalib}. */
  calib?: number;
  /** Seed (default 0). */
  seed?: number;
}

/** Default calibration size: the even number nearest to a tenth of the smaller side (>= 2). */
export function defaultCalib(ny: number, nx: number): number {
  return Math.max(2, 2 * Math.round(Math.min(ny, nx) / 20));
}

/** Validates the shared options; returns them resolved. */
export function commonOptions(
  where: string,
  ny: number,
  nx: number,
  opts: MaskCommonOptions,
  calibMax = Math.min(ny, nx),
): { target: number; calib: number; seed: number } {
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  if (!opts || typeof opts !== 'object') throw new CandorError(where, 'options', 'an object with acceleration', describe(opts));
  const target = checkNumber(where, 'acceleration', opts.acceleration, 1);
  const calib = checkInt(where, 'calib', opts.calib ?? Math.min(defaultCalib(ny, nx), calibMax), 0, calibMax);
  const seed = checkInt(where, 'seed', opts.seed ?? 0, 0);
  return { target, calib, seed };
}

/** Sets the centred calib x calib square of `mask` (ny x nx); returns the number of entries set. */
export function calibrationRegion(mask: Uint8Array, ny: number, nx: number, calib: number): number {
  const cy = Math.min(calib, ny);
  const cx = Math.min(calib, nx);
  const y0 = Math.floor((ny - cy) / 2);
  const x0 = Math.floor((nx - cx) / 2);
  let added = 0;
  for (let i = y0; i < y0 + cy; i++) {
    for (let j = x0; j < x0 + cx; j++) {
      if (!mask[i * nx + j]) {
        mask[i * nx + j] = 1;
        added++;
      }
    }
  }
  return added;
}

/** Number of sampled entries. */
export function countSamples(mask: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < mask.length; i++) s += mask[i];
  return s;
}

/** ny nx / samples (Infinity for an empty mask). */
export function acceleration(mask: Uint8Array): number {
  const s = countSamples(mask);
  return s === 0 ? Infinity : mask.length / s;
}

/**
 * Validates a user's mask: a Uint8Array (or any array of 0/1 values) of ny nx entries with at
 * least one 1. Returns it as a Uint8Array.
 */
export function checkMask(where: string, mask: ArrayLike<number>, ny: number, nx: number, name = 'mask'): Uint8Array {
  if (!mask || typeof (mask as ArrayLike<number>).length !== 'number') {
    throw new CandorError(where, name, `a 0/1 array of ${ny}x${nx} entries`, describe(mask));
  }
  if (mask.length !== ny * nx) {
    throw new CandorError(where, `${name} size`, `${ny * nx} entries (${ny}x${nx}, the k-space size)`, `${mask.length}`);
  }
  const out = mask instanceof Uint8Array ? mask : new Uint8Array(mask.length);
  let any = false;
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i];
    if (v !== 0 && v !== 1) {
      throw new CandorError(where, `${name} value at entry ${i}`, '0 or 1', describe(v));
    }
    if (out !== mask) out[i] = v;
    if (v) any = true;
  }
  if (!any) throw new CandorError(where, name, 'at least one sampled k-space entry', 'an all-zero mask');
  return out;
}

/** Normalised distance of entry (i, j) from the k-space centre: 1 on the edge midpoints. */
export function radius(i: number, j: number, ny: number, nx: number): number {
  const dy = (i - Math.floor(ny / 2)) / Math.max(1, ny / 2);
  const dx = (j - Math.floor(nx / 2)) / Math.max(1, nx / 2);
  return Math.sqrt(dy * dy + dx * dx);
}

/** Assembles the result object. */
export function finish(
  kind: MaskKind,
  ny: number,
  nx: number,
  mask: Uint8Array,
  target: number,
  calib: number,
  seed: number,
  params: Record<string, number | string | boolean>,
): SamplingMask {
  const samples = countSamples(mask);
  return { kind, ny, nx, mask, samples, acceleration: (ny * nx) / samples, target, calib, seed, params };
}
