/**
 * Web Worker of the MRI lab's acceleration planner: first the prediction without reconstructing
 * (`predictAcceleration`, as `candor mri plan --predict`; posted at once as `prediction`, or why
 * there is none: a family without a calibration), then, unless `scan` is false, the library's
 * `planAcceleration` (the same code as `candor mri plan`) on the lab's image as its check. A pilot
 * reconstruction at the first acceleration gives the run-time estimate for all of them
 * (./protocol.ts; above the page's threshold it waits for the go-ahead); then progress after every
 * reconstruction, and the table and the paragraph.
 */
import { acquisition, makeMask, type MaskKind, PLAN_ACCELERATION_DEFAULTS, planAcceleration, predictAcceleration, type ReconMethod, reconstruct, simulateKspace } from '../../apps/mri/index.ts';
import { DENSITY_FAMILIES } from '../../apps/mri/predict/density.ts';
import { estimated, iterationEstimate, serve } from './protocol.ts';

export interface PlanJob {
  confirmAbove: number;
  image: Float64Array;
  ny: number;
  nx: number;
  mask: MaskKind;
  method: ReconMethod;
  repeats: number;
  seed: number;
  maxIter: number;
  target: number;
  /** Metric of the target (default ssim). */
  metric?: 'ssim' | 'nrmse';
  /** Run the scan after the prediction (default true). */
  scan?: boolean;
}

serve<PlanJob>(async (j, post) => {
  const R = PLAN_ACCELERATION_DEFAULTS.accelerations;
  const metric = j.metric ?? 'ssim';
  if (DENSITY_FAMILIES.includes(j.mask)) {
    const prediction = predictAcceleration(j.image, j.ny, j.nx, { mask: j.mask, accelerations: R, metric, target: j.target, recon: { method: j.method, maxIter: j.maxIter } });
    post({ kind: 'prediction', prediction });
  } else {
    post({ kind: 'prediction', prediction: null, reason: `no calibrated predictor for ${j.mask} masks (${DENSITY_FAMILIES.join(', ')} only): the scan is the answer` });
  }
  if (j.scan === false) {
    post({ kind: 'done', plan: null });
    return;
  }
  const count = R.length * j.repeats;
  const mk = makeMask(j.mask, j.ny, j.nx, { acceleration: R[0], seed: j.seed });
  const acq = acquisition(simulateKspace(j.image, j.ny, j.nx, { mask: mk.mask }).kspace, mk.mask, j.ny, j.nx);
  const e = iterationEstimate((k) => reconstruct(acq, { method: j.method, maxIter: k }), j.maxIter);
  await estimated(post, j.confirmAbove, e.seconds * count, `${count} reconstructions of up to ${j.maxIter} iterations; ${e.basis}`);
  const plan = planAcceleration(j.image, j.ny, j.nx, {
    mask: j.mask,
    repeats: j.repeats,
    seed: j.seed,
    metric,
    target: j.target,
    recon: { method: j.method, maxIter: j.maxIter },
    onProgress: (done, total) => post({ kind: 'progress', done, total }),
  });
  post({ kind: 'done', plan });
});
