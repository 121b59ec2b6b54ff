/**
 * Variable-density random sampling with a polynomial density (Lustig, Donoho & Pauly 2007,
 * "Sparse MRI", MRM 58:1182; their `genPDF`): entry (i, j) at normalised radius r (1 at the edge
 * midpoints, sqrt 2 in the corners, see ./common.ts) has weight
 *
 *     w(r) = (1 - r / sqrt 2)^power,
 *
 * and exactly M = round(ny nx / R) - |calibration| further entries are drawn without replacement
 * with probabilities proportional to w (Efraimidis & Spirakis 2006: the M largest keys
 * log(u) / w, u uniform), so the acceleration hits the target up to rounding. The calibration
 * square is always sampled.
 *
 * @example
 * import { variableDensityMask } from './variable-density.ts';
 * const m = variableDensityMask(128, 128, { acceleration: 4, seed: 1 });
 * m.acceleration; // 4.0 (to rounding), m.params.power === 3
 */
import { checkNumber } from '../../../core/errors.ts';
import { createRng } from '../../../core/rng/index.ts';
import { type MaskCommonOptions, type SamplingMask, calibrationRegion, commonOptions, finish, radius } from './common.ts';

export interface VariableDensityOptions extends MaskCommonOptions {
  /** Polynomial power of the density (default 3; 0 = uniform random). */
  power?: number;
}

/** Defaults of {@link variableDensityMask}: density power 3. */
export const VARIABLE_DENSITY_DEFAULTS = Object.freeze({ power: 3 });

/**
 * Variable-density random mask (Lustig, Donoho & Pauly 2007): the calibration square plus round(ny
 * nx / R) - |calibration| entries drawn without replacement with weights w(r) = (1 - r / sqrt
 * 2)^power.
 */
export function variableDensityMask(ny: number, nx: number, opts: VariableDensityOptions): SamplingMask {
  const where = 'variableDensityMask';
  const { target, calib, seed } = commonOptions(where, ny, nx, opts);
  const power = checkNumber(where, 'power', opts.power ?? VARIABLE_DENSITY_DEFAULTS.power, 0, 100);
  const n = ny * nx;
  const mask = new Uint8Array(n);
  const inCalib = calibrationRegion(mask, ny, nx, calib);
  const want = Math.max(0, Math.min(n - inCalib, Math.round(n / target) - inCalib));
  const rng = createRng(seed, 0x7664);
  // keys log(u)/w for the free entries; take the `want` largest
  const keys = new Float64Array(n).fill(-Infinity);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const k = i * nx + j;
      if (mask[k]) continue;
      const w = Math.max(0, 1 - radius(i, j, ny, nx) / Math.SQRT2) ** power;
      const u = rng.uniform();
      keys[k] = w > 0 ? Math.log(u > 0 ? u : Number.MIN_VALUE) / w : -Infinity;
    }
  }
  if (want > 0) {
    const order = Array.from({ length: n }, (_, k) => k).filter((k) => !mask[k]);
    order.sort((a, b) => keys[b] - keys[a] || a - b);
    for (let t = 0; t < want; t++) mask[order[t]] = 1;
  }
  return finish('variable-density', ny, nx, mask, target, calib, seed, { power });
}
