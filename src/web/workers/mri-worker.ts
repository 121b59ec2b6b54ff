/**
 * Web Worker of the MRI lab: simulates k-space from the image, builds the seeded mask, and runs the
 * library's `reconstruct` (the same code as `candor mri recon`), posting the image every few
 * iterations so the page animates the solver's steps, then the metrics and the theory report.
 */
import { acquisition, makeMask, magnitude, type MaskKind, nrmseScaled, psnr, type ReconMethod, reconstruct, simulateKspace, ssim, theoryReport } from '../../apps/mri/index.ts';

export interface MriJob {
  image: Float64Array;
  ny: number;
  nx: number;
  mask: MaskKind;
  acceleration: number;
  method: ReconMethod;
  seed: number;
  maxIter: number;
}

const toF32 = (x: Float64Array) => Float32Array.from(x);

self.onmessage = (ev: MessageEvent<MriJob>) => {
  const j = ev.data;
  try {
    const n = j.ny * j.nx;
    const mk = makeMask(j.mask, j.ny, j.nx, { acceleration: j.acceleration, seed: j.seed });
    const { kspace } = simulateKspace(j.image, j.ny, j.nx, { mask: mk.mask });
    const acq = acquisition(kspace, mk.mask, j.ny, j.nx);
    const zf = reconstruct(acq, { method: 'zero-filled' });
    const zfMag = magnitude(zf.image, n);
    self.postMessage({ kind: 'setup', mask: Float32Array.from(mk.mask), zeroFilled: toF32(zfMag), acceleration: mk.acceleration, samples: mk.samples });
    const r = reconstruct(acq, {
      method: j.method,
      maxIter: j.maxIter,
      onIterate: (it) => {
        if (it.iteration % 5 === 0) self.postMessage({ kind: 'step', iteration: it.iteration, image: toF32(magnitude(it.x, n)), objective: it.objective });
      },
    });
    const mag = magnitude(r.image, n);
    const metric = (img: Float64Array) => ({ nrmse: nrmseScaled(img, j.image), psnr: psnr(img, j.image), ssim: ssim(magnitude(img, n), j.image, j.ny, j.nx) });
    const rep = theoryReport(acq, r, { truth: j.image });
    self.postMessage({
      kind: 'done',
      image: toF32(mag),
      iterations: r.iterations,
      converged: r.converged,
      seconds: r.seconds,
      metrics: { zeroFilled: metric(zf.image), recon: metric(r.image) },
      report: { paragraph: rep.paragraph, psfSideLobe: rep.mask.psfSideLobe, tpsfSideLobe: rep.mask.tpsfSideLobe, coherence: rep.mask.coherence, wavelet: rep.mask.wavelet },
    });
  } catch (e) {
    self.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
