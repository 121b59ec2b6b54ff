/**
 * The noise level of multi-coil k-space from its fully sampled calibration region ("noise from the
 * coils"): the calibration matrix (every k x k window of the region, all coils: rows = windows,
 * N = nc k^2 columns, BART's ESPIRiT matrix) is low-rank signal plus white noise. The energy of
 * its lower half spectrum, S = sum_{i >= N/2} s_i^2 (s the singular values), is noise only as long
 * as the signal rank is below N/2 (ESPIRiT keeps about 40 of 144 to 288 on the phantoms), and for
 * white noise of variance sigma^2 per complex sample S = sigma^2 S_1, with S_1 the same statistic
 * of a unit-variance complex Gaussian matrix of the same size (a Marchenko-Pastur quantity,
 * computed here by Monte-Carlo with a seeded draw). So sigma = sqrt(S / S_1).
 *
 * Measured (simulated coils, Poisson disc R = 4, 24 x 24 centre): see docs/lambda.md.
 *
 * References: Uecker et al., MRM 71 (2014) 990 (ESPIRiT's calibration matrix); Marchenko &
 * Pastur, Math. USSR Sb. 1 (1967) 457 (the noise spectrum); Gavish & Donoho, IEEE Trans. Inf.
 * Theory 60 (2014) 5040 (noise level from the bulk of the singular values).
 *
 * @example
 * import { calibrationNoiseStd } from './noise.ts';
 * // const { std, source } = calibrationNoiseStd(calibrationKspace(acq));
 */
import { CandorError, checkInt } from '../../../core/errors.ts';
import { hermEigTop } from '../../../core/dense/herm-eig.ts';
import { createRng } from '../../../core/rng/index.ts';
import { calibrationRegion } from './calibration.ts';
import { patchGram } from './patch-gram.ts';
import type { CoilArray } from './types.ts';

/** Defaults: ESPIRiT's kernel 6 and calibration side 24. */
export const CALIBRATION_NOISE_DEFAULTS = Object.freeze({ kernel: 6, calib: 24, seed: 0 });

/** The lower half's energy sum_{i >= N/2} s_i^2 and the top s_1^2 of the region's calibration matrix. */
function lowerHalfEnergy(cal: { sy: number; sx: number; nc: number; data: Float64Array }, k: number): { energy: number; top: number } {
  const N = cal.nc * k * k;
  const values = hermEigTop(patchGram(cal, k), N, { count: 0 }).values;
  let s = 0;
  for (let i = N >> 1; i < N; i++) s += Math.max(values[i], 0);
  return { energy: s, top: Math.max(values[0], 0) };
}

/** Noise std per complex sample from the calibration region of multi-coil k-space (see the file comment). */
export function calibrationNoiseStd(kspace: CoilArray, opts: { kernel?: number; calib?: number; seed?: number } = {}): { std: number; source: string } {
  const where = 'calibrationNoiseStd';
  const D = CALIBRATION_NOISE_DEFAULTS;
  const k = checkInt(where, 'kernel', opts.kernel ?? D.kernel, 1, 16);
  const cal = calibrationRegion(kspace, { size: opts.calib ?? D.calib, minSize: k, where });
  const rows = (cal.sy - k + 1) * (cal.sx - k + 1);
  const N = cal.nc * k * k;
  // the noise spectrum needs at least as many windows as columns (else its lower half is empty)
  if (rows < N) throw new CandorError(where, 'calibration region', `at least ${N} windows of ${k}x${k} (nc k^2) for a noise spectrum`, `${rows} (${cal.sy}x${cal.sx})`);
  const { energy: S, top } = lowerHalfEnergy(cal, k);
  const noise = createRng(checkInt(where, 'seed', opts.seed ?? D.seed, 0), 0x6e6f6973).fillNormal(new Float64Array(cal.data.length), 0, Math.SQRT1_2);
  const S1 = lowerHalfEnergy({ sy: cal.sy, sx: cal.sx, nc: cal.nc, data: noise }, k).energy;
  const what = `the lower ${N - (N >> 1)} of ${N} singular values of the ${cal.sy}x${cal.sx} calibration matrix (${k}x${k} windows, ${cal.nc} coils)`;
  // the eigenvalues are known to about N eps s_1^2 each (the eigen-solver's backward error on the
  // Gram matrix): a lower half below that is rounding, not noise (a signal-to-noise ratio above
  // ~1e7 in amplitude), and only bounds the noise from above
  const floor = (N - (N >> 1)) * N * Number.EPSILON * top;
  if (S <= floor) {
    return {
      std: Math.sqrt(floor / S1),
      source: `estimated from the coils, an upper bound: ${what} are at the rounding level of its largest (noise below the Gram matrix's resolution)`,
    };
  }
  return { std: Math.sqrt(S / S1), source: `estimated from the coils: ${what} against those of white noise` };
}
