/**
 * Web Worker of the MRI lab's acceleration planner: the library's `planAcceleration` (the same code
 * as `candor mri plan`) on the lab's image. A pilot reconstruction at the first acceleration gives
 * the run-time estimate for all of them (./protocol.ts; above the page's threshold it waits for
 * the go-ahead); then progress after every reconstruction, and the table and the paragraph.
 */
import { acquisition, makeMask, type MaskKind, PLAN_ACCELERATION_DEFAULTS, planAcceleration, type ReconMethod, reconstruct, simulateKspace } from '../../apps/mri/index.ts';
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
}

serve<PlanJob>(async (j, post) => {
  const R = PLAN_ACCELERATION_DEFAULTS.accelerations;
  const count = R.length * j.repeats;
  const mk = makeMask(j.mask, j.ny, j.nx, { acceleration: R[0], seed: j.seed });
  const acq = acquisition(simulateKspace(j.image, j.ny, j.nx, { mask: mk.mask }).kspace, mk.mask, j.ny, j.nx);
  const e = iterationEstimate((k) => reconstruct(acq, { method: j.method, maxIter: k }), j.maxIter);
  await estimated(post, j.confirmAbove, e.seconds * count, `${count} reconstructions of up to ${j.maxIter} iterations; ${e.basis}`);
  const plan = planAcceleration(j.image, j.ny, j.nx, {
    mask: j.mask,
    repeats: j.repeats,
    seed: j.seed,
    target: j.target,
    recon: { method: j.method, maxIter: j.maxIter },
    onProgress: (done, total) => post({ kind: 'progress', done, total }),
  });
  post({ kind: 'done', plan });
});
