/**
 * The check of `candor radio plan --verify`: for every track fraction, the reference sky observed
 * with that part of the real coverage (./simulate.ts, the noise of the weights, seeded), imaged by
 * compressed sensing with the defaults (./cs.ts, starlet) and scored as the imaging study scores
 * (./study.ts: the model convolved to the nominal resolution of the whole track, NRMSE against
 * the sky convolved the same way). The recommendation follows the plan's rule (./plan.ts).
 *
 * @example
 * import { verifyRadioPlan } from './plan-verify.ts';
 * // const v = verifyRadioPlan(vs, 64, cell, sky, [0.5, 1], { targetNrmse: 0.3 });  v.rows[i].nrmse
 */
import { coverageStats } from './coverage.ts';
import { csImage } from './cs.ts';
import { trackFraction } from './plan.ts';
import { simulateVisibilities } from './simulate.ts';
import { modelNrmse, nominalTruth } from './study.ts';
import type { Visibilities } from './visibilities.ts';

export interface RadioVerifyRow {
  fraction: number;
  nrmse: number;
  reducedChi2: number;
  iterations: number;
  seconds: number;
  meets: boolean;
}

/** Simulates and images the sky at every fraction (see the file comment). */
export function verifyRadioPlan(vs: Visibilities, size: number, cell: number, sky: Float64Array, fractions: readonly number[], o: { targetNrmse: number; seed?: number; maxIter?: number; onRow?: (r: RadioVerifyRow) => void }): { rows: RadioVerifyRow[]; recommended: number | null } {
  const resolution = coverageStats(vs).resolution;
  const truth = nominalTruth(sky, { size, cell }, resolution);
  const rows = [...fractions]
    .sort((a, b) => a - b)
    .map((fraction) => {
      const sim = simulateVisibilities(trackFraction(vs, fraction), { image: sky, size, cell, name: 'reference sky' }, { seed: o.seed ?? 0 });
      const r = csImage(sim, size, cell, { maxIter: o.maxIter });
      const nrmse = modelNrmse(r.image, { size, cell }, resolution, truth);
      const row = { fraction, nrmse, reducedChi2: r.reducedChi2, iterations: r.iterations, seconds: r.seconds, meets: nrmse <= o.targetNrmse };
      o.onRow?.(row);
      return row;
    });
  let recommended: number | null = null;
  for (let i = rows.length - 1; i >= 0 && rows[i].meets; i--) recommended = rows[i].fraction;
  return { rows, recommended };
}
