/**
 * Time-power gain around an interpolator: a practitioner's step before f-k interpolation, which
 * balances the strong early arrivals against the weak late reflections (spherical divergence)
 * so that one threshold or one lambda serves all times:
 *
 *     g(t) = (max(t, t0) / t0)^power,   t = j dt (sample j),
 *     x = G^{-1} interpolate(G d),      G = diag over time of g, the same for every trace.
 *
 * Linear interpolation commutes with G (it mixes traces at the same time sample), so it is
 * unchanged; sparse methods are not: their thresholds see the gained data. The quality measure
 * (./metrics.ts) stays on the ungained data. t0 > 0 keeps the gain finite and bounded below by 1
 * (t0 = dt gives t^power from the first sample; a first-break time leaves the quiet water column
 * ungained).
 *
 * Reference: Ö. Yilmaz, Seismic Data Analysis (SEG 2001), section 1.4 (gain: t^2 geometric
 * spreading correction).
 *
 * @example
 * import { withTimeGain } from './gain.ts';
 * import { pocsInterpolate } from './pocs.ts';
 * const run = withTimeGain((d, nx, nt, kept) => pocsInterpolate(d, nx, nt, kept).data, 0.004, 2, 1.2);
 * // run(decimated, 60, 1000, kept)
 */
import { CandorError, describe } from '../../core/errors.ts';

/** An interpolator: the gather with its missing traces (kept[x] = 0) filled. */
export type Interpolator = (data: Float64Array, nx: number, nt: number, kept: Uint8Array) => Float64Array;

/** g(j) = (max(j dt, t0) / t0)^power for j < nt. */
export function timePowerGain(nt: number, dt: number, power: number, t0: number): Float64Array {
  const where = 'timePowerGain';
  if (!(dt > 0)) throw new CandorError(where, 'dt', 'a positive sample interval in seconds', describe(dt));
  if (!(t0 > 0)) throw new CandorError(where, 't0', 'a positive time in seconds', describe(t0));
  if (!Number.isFinite(power)) throw new CandorError(where, 'power', 'a finite number', describe(power));
  const g = new Float64Array(nt);
  for (let j = 0; j < nt; j++) g[j] = (Math.max(j * dt, t0) / t0) ** power;
  return g;
}

/** The interpolator run on the gained gather, its result ungained (kept traces returned as given). */
export function withTimeGain(run: Interpolator, dt: number, power: number, t0: number = dt): Interpolator {
  return (data, nx, nt, kept) => {
    const g = timePowerGain(nt, dt, power, t0);
    const gd = new Float64Array(data.length);
    for (let x = 0; x < nx; x++) for (let j = 0; j < nt; j++) gd[x * nt + j] = data[x * nt + j] * g[j];
    const r = run(gd, nx, nt, kept);
    const out = data.slice();
    for (let x = 0; x < nx; x++) {
      if (kept[x]) continue;
      for (let j = 0; j < nt; j++) out[x * nt + j] = r[x * nt + j] / g[j];
    }
    return out;
  };
}
