/**
 * Web Worker of the MRI lab's acceleration planner: first the prediction without reconstructing
 * (`predictAcceleration`, as `candor mri plan --predict`; posted at once as `prediction`, or why
 * there is none: a family without a calibration), then, unless `scan` is false, the library's
 * `planAcceleration` (the same code as `candor mri plan`) on the lab's image as its check. A pilot
 * reconstruction at the first acceleration gives the run-time estimate for all of them
 * (./protocol.ts; above the page's threshold it waits for the go-ahead); then progress after every
 * reconstruction, and the table and the paragraph. With `coils` > 1: no prediction (it models
 * single-coil reconstructions), and the scan of that many coils simulated on the image
 * (`planAcceleration(null, ..., { coilKspace })`, as `candor mri plan --coils`).
 */
import {
  acquisition,
  type CoilArray,
  coilCalibDefault,
  espirit,
  makeMask,
  maskCoilKspace,
  type MaskKind,
  multiCoilAcquisition,
  PLAN_ACCELERATION_DEFAULTS,
  planAcceleration,
  predictAcceleration,
  type ReconMethod,
  reconstruct,
  reconstructMultiCoil,
  simulatedCoilMaps,
  simulateKspace,
  simulateMultiCoil,
} from '../../apps/mri/index.ts';
import { DENSITY_FAMILIES } from '../../apps/mri/predict/density.ts';
import { estimated, iterationEstimate, serve } from './protocol.ts';

export interface PlanJob {
  confirmAbove: number;
  image: Float64Array;
  ny: number;
  nx: number;
  mask: MaskKind;
  method: ReconMethod | 'cg-sense';
  repeats: number;
  seed: number;
  maxIter: number;
  target: number;
  /** Metric of the target (default ssim). */
  metric?: 'ssim' | 'nrmse';
  /** Run the scan after the prediction (default true). */
  scan?: boolean;
  /** Receive coils simulated on the image (1 or absent: single-coil). */
  coils?: number;
  /** Fully sampled coil k-space (an upload): scanned instead of simulated coils. */
  coilKspace?: CoilArray;
}

serve<PlanJob>(async (j, post) => {
  const R = PLAN_ACCELERATION_DEFAULTS.accelerations;
  const metric = j.metric ?? 'ssim';
  const nc = j.coilKspace ? j.coilKspace.nc : (j.coils ?? 1);
  const coilKspace: CoilArray | undefined = j.coilKspace ?? (nc > 1 ? simulateMultiCoil(j.image, simulatedCoilMaps(j.ny, j.nx, nc)).kspace : undefined);
  if (coilKspace) {
    post({ kind: 'prediction', prediction: null, reason: `no prediction for ${nc} coils (the calibrated model predicts single-coil reconstructions): the scan is the answer` });
  } else if (DENSITY_FAMILIES.includes(j.mask)) {
    const prediction = predictAcceleration(j.image, j.ny, j.nx, { mask: j.mask, accelerations: R, metric, target: j.target, recon: { method: j.method as ReconMethod, maxIter: j.maxIter } });
    post({ kind: 'prediction', prediction });
  } else {
    post({ kind: 'prediction', prediction: null, reason: `no calibrated predictor for ${j.mask} masks (${DENSITY_FAMILIES.join(', ')} only): the scan is the answer` });
  }
  if (j.scan === false) {
    post({ kind: 'done', plan: null });
    return;
  }
  const count = R.length * j.repeats;
  let pilot: (k: number) => unknown;
  if (coilKspace) {
    const mk = makeMask(j.mask, j.ny, j.nx, { acceleration: R[0], calib: coilCalibDefault(j.ny, j.nx), seed: j.seed });
    const k = maskCoilKspace(coilKspace, mk.mask);
    const acq = multiCoilAcquisition(k, mk.mask);
    const maps = espirit(k).maps;
    pilot = (it) => reconstructMultiCoil(acq, maps, { method: j.method, maxIter: it });
  } else {
    if (j.method === 'cg-sense') throw new Error("method: expected a single-coil method (cg-sense needs coils > 1), got 'cg-sense'");
    const mk = makeMask(j.mask, j.ny, j.nx, { acceleration: R[0], seed: j.seed });
    const acq = acquisition(simulateKspace(j.image, j.ny, j.nx, { mask: mk.mask }).kspace, mk.mask, j.ny, j.nx);
    pilot = (it) => reconstruct(acq, { method: j.method as ReconMethod, maxIter: it });
  }
  const e = iterationEstimate(pilot, j.maxIter);
  await estimated(post, j.confirmAbove, e.seconds * count, `${count} reconstructions of up to ${j.maxIter} iterations; ${e.basis}`);
  const plan = planAcceleration(coilKspace ? null : j.image, j.ny, j.nx, {
    coilKspace,
    mask: j.mask,
    repeats: j.repeats,
    seed: j.seed,
    metric,
    target: j.target,
    recon: { method: j.method as ReconMethod, maxIter: j.maxIter },
    onProgress: (done, total) => post({ kind: 'progress', done, total }),
  });
  post({ kind: 'done', plan });
});
