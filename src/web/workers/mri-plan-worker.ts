/**
 * Web Worker of the MRI lab's acceleration planner: the library's `planAcceleration` (the same code
 * as `candor mri plan`) on the lab's image, posting progress after every reconstruction and then
 * the table and the paragraph.
 */
import { type MaskKind, planAcceleration, type ReconMethod } from '../../apps/mri/index.ts';

export interface PlanJob {
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

self.onmessage = (ev: MessageEvent<PlanJob>) => {
  const j = ev.data;
  try {
    const plan = planAcceleration(j.image, j.ny, j.nx, {
      mask: j.mask,
      repeats: j.repeats,
      seed: j.seed,
      target: j.target,
      recon: { method: j.method, maxIter: j.maxIter },
      onProgress: (done, total) => self.postMessage({ kind: 'progress', done, total }),
    });
    self.postMessage({ kind: 'done', plan });
  } catch (e) {
    self.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
