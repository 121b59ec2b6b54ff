/**
 * Web Worker of the MRI lab: simulates k-space from the image, builds the seeded mask, draws the
 * k-space and the mask's point-spread function, times a short pilot and posts the run-time
 * estimate (./protocol.ts; above the page's threshold it waits for the go-ahead), then runs the
 * library's `reconstruct` (the same code as `candor mri recon`), posting the complex image every
 * five iterations so the page animates the solver's steps, then the metrics and the theory report
 * (told the mask's kind, so it describes the aliasing the figure shows).
 */
import { acquisition, makeMask, magnitude, type MaskKind, nrmseScaled, psnr, type ReconMethod, reconstruct, simulateKspace, ssim, theoryReport } from '../../apps/mri/index.ts';
import { maskPsf } from '../../predict/psf.ts';
import { estimated, iterationEstimate, serve } from './protocol.ts';

export interface MriJob {
  confirmAbove: number;
  image: Float64Array;
  ny: number;
  nx: number;
  mask: MaskKind;
  acceleration: number;
  method: ReconMethod;
  seed: number;
  maxIter: number;
}

/** Complex interleaved -> { re, im } as Float32 (what the page's image views take). */
function parts(x: Float64Array, n: number): { re: Float32Array; im: Float32Array } {
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = x[2 * i];
    im[i] = x[2 * i + 1];
  }
  return { re, im };
}

/** log10 |k| on the sampled entries; the unsampled ones at the smallest sampled value. */
function kspaceLog(k: Float64Array, mask: Uint8Array): Float32Array {
  const out = new Float32Array(mask.length);
  let lo = Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    out[i] = Math.log10(Math.hypot(k[2 * i], k[2 * i + 1]) + 1e-12);
    lo = Math.min(lo, out[i]);
  }
  for (let i = 0; i < mask.length; i++) if (!mask[i]) out[i] = lo;
  return out;
}

/** 20 log10 |PSF| (peak 0 dB, floor -60 dB), centred (fftshift) for display. */
function psfDb(mask: Uint8Array, ny: number, nx: number): Float32Array {
  const p = maskPsf([ny, nx], mask, { centered: true }).psf;
  const out = new Float32Array(ny * nx);
  const hy = ny >> 1;
  const hx = nx >> 1;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const d = i * nx + j;
      const db = 20 * Math.log10(Math.max(Math.hypot(p[2 * d], p[2 * d + 1]), 1e-3));
      out[((i + hy) % ny) * nx + ((j + hx) % nx)] = db;
    }
  }
  return out;
}

serve<MriJob>(async (j, post) => {
  const n = j.ny * j.nx;
  const mk = makeMask(j.mask, j.ny, j.nx, { acceleration: j.acceleration, seed: j.seed });
  const { kspace } = simulateKspace(j.image, j.ny, j.nx, { mask: mk.mask });
  const acq = acquisition(kspace, mk.mask, j.ny, j.nx);
  const zf = reconstruct(acq, { method: 'zero-filled' });
  post({
    kind: 'setup',
    mask: Float32Array.from(mk.mask),
    zeroFilled: parts(zf.image, n),
    kspace: kspaceLog(kspace, mk.mask),
    psf: psfDb(mk.mask, j.ny, j.nx),
    acceleration: mk.acceleration,
    samples: mk.samples,
  });
  const e = iterationEstimate((k) => reconstruct(acq, { method: j.method, maxIter: k }), j.maxIter);
  await estimated(post, j.confirmAbove, e.seconds, e.basis);
  const r = reconstruct(acq, {
    method: j.method,
    maxIter: j.maxIter,
    onIterate: (it) => {
      if (it.iteration % 5 === 0) post({ kind: 'step', iteration: it.iteration, image: parts(it.x, n), objective: it.objective });
    },
  });
  const metric = (img: Float64Array) => ({ nrmse: nrmseScaled(img, j.image), psnr: psnr(img, j.image), ssim: ssim(magnitude(img, n), j.image, j.ny, j.nx) });
  const rep = theoryReport(acq, r, { truth: j.image, pattern: j.mask });
  post({
    kind: 'done',
    image: parts(r.image, n),
    iterations: r.iterations,
    converged: r.converged,
    seconds: r.seconds,
    metrics: { zeroFilled: metric(zf.image), recon: metric(r.image) },
    report: { paragraph: rep.paragraph, psfSideLobe: rep.mask.psfSideLobe, tpsfSideLobe: rep.mask.tpsfSideLobe, coherence: rep.mask.coherence, wavelet: rep.mask.wavelet, pattern: rep.pattern },
  });
});
