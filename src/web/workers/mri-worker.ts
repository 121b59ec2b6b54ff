/**
 * Web Worker of the MRI lab: simulates k-space from the image, builds the seeded mask, draws the
 * k-space and the mask's point-spread function, times a short pilot and posts the run-time
 * estimate (./protocol.ts; above the page's threshold it waits for the go-ahead), then runs the
 * library's `reconstruct` (the same code as `candor mri recon`), posting the complex image every
 * five iterations so the page animates the solver's steps, then the metrics and the theory report
 * (told the mask's kind, so it describes the aliasing the figure shows).
 *
 * With `coils` > 1 the acquisition is multi-coil: that many loop coils simulated on the image
 * (`simulatedCoilMaps`, as `candor mri simulate --coils`), the mask's centre ESPIRiT's calibration
 * size (`coilCalibDefault`), ESPIRiT maps from it and `reconstructMultiCoil` (SENSE; cg-sense too),
 * the same code as `candor mri recon` on multi-coil k-space. The k-space panel then shows the root
 * sum of squares of the coils' sampled k-space, and the report states the calibration and the
 * mask's incoherence.
 */
import {
  acquisition,
  type CoilArray,
  coilCalibDefault,
  espirit,
  makeMask,
  maskCoilKspace,
  magnitude,
  type MaskKind,
  maskReport,
  type MultiCoilMethod,
  multiCoilAcquisition,
  nrmseScaled,
  psnr,
  type ReconMethod,
  reconstruct,
  reconstructMultiCoil,
  simulatedCoilMaps,
  simulateKspace,
  simulateMultiCoil,
  ssim,
  theoryReport,
} from '../../apps/mri/index.ts';
import { maskPsf } from '../../predict/psf.ts';
import { estimated, iterationEstimate, type Post, serve } from './protocol.ts';

export interface MriJob {
  confirmAbove: number;
  image: Float64Array;
  ny: number;
  nx: number;
  mask: MaskKind;
  acceleration: number;
  method: ReconMethod | 'cg-sense';
  seed: number;
  maxIter: number;
  /** Receive coils simulated on the image (1 or absent: single-coil). */
  coils?: number;
  /** Fully sampled coil k-space (an upload, scaled like `image`, its root sum of squares): undersampled by the mask instead of simulated. */
  coilKspace?: CoilArray;
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
  if ((j.coils ?? 1) > 1 || j.coilKspace) return multiCoil(j, post);
  if (j.method === 'cg-sense') throw new Error("method: expected a single-coil method (cg-sense needs coils > 1), got 'cg-sense'");
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
  const e = iterationEstimate((k) => reconstruct(acq, { method: j.method as ReconMethod, maxIter: k }), j.maxIter);
  await estimated(post, j.confirmAbove, e.seconds, e.basis);
  const r = reconstruct(acq, {
    method: j.method as ReconMethod,
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

/** The multi-coil run (see the file comment). */
async function multiCoil(j: MriJob, post: Post): Promise<void> {
  const { ny, nx } = j;
  const n = ny * nx;
  const nc = j.coilKspace ? j.coilKspace.nc : (j.coils as number);
  const calib = coilCalibDefault(ny, nx);
  const mk = makeMask(j.mask, ny, nx, { acceleration: j.acceleration, calib, seed: j.seed });
  let kspace: CoilArray;
  if (j.coilKspace) {
    // the upload's coil k-space, undersampled by the mask
    kspace = maskCoilKspace(j.coilKspace, mk.mask);
  } else kspace = simulateMultiCoil(j.image, simulatedCoilMaps(ny, nx, nc), { mask: mk.mask }).kspace;
  const acq = multiCoilAcquisition(kspace, mk.mask);
  const e = espirit(kspace);
  const maps = e.maps;
  const zf = reconstructMultiCoil(acq, maps, { method: 'zero-filled' });
  // the coils' sampled k-space: root sum of squares per entry
  const rss = new Float64Array(2 * n);
  for (let c = 0; c < nc; c++) for (let i = 0; i < n; i++) rss[2 * i] += kspace.data[2 * (c * n + i)] ** 2 + kspace.data[2 * (c * n + i) + 1] ** 2;
  for (let i = 0; i < n; i++) rss[2 * i] = Math.sqrt(rss[2 * i]);
  post({
    kind: 'setup',
    mask: Float32Array.from(mk.mask),
    zeroFilled: parts(zf.image, n),
    kspace: kspaceLog(rss, mk.mask),
    psf: psfDb(mk.mask, ny, nx),
    acceleration: mk.acceleration,
    samples: mk.samples,
  });
  const method = j.method as MultiCoilMethod;
  const est = iterationEstimate((k) => reconstructMultiCoil(acq, maps, { method, maxIter: k }), j.maxIter);
  await estimated(post, j.confirmAbove, est.seconds, est.basis);
  const r = reconstructMultiCoil(acq, maps, {
    method,
    maxIter: j.maxIter,
    onIterate: (it) => {
      if (it.iteration % 5 === 0) post({ kind: 'step', iteration: it.iteration, image: parts(it.x, n), objective: it.objective });
    },
  });
  // coil-combined images carry the maps' phase: compared by magnitude, as candor mri recon does
  const metric = (img: Float64Array) => {
    const m = magnitude(img, n);
    return { nrmse: nrmseScaled(m, j.image), psnr: psnr(m, j.image), ssim: ssim(m, j.image, ny, nx) };
  };
  const wavelet = method === 'tv' || method === 'cg-sense' ? null : 'haar';
  let psfSideLobe = 0;
  let tpsfSideLobe: number | null = null;
  let coherence: number | null = null;
  try {
    const rep = maskReport(mk.mask, ny, nx, { wavelet: wavelet ?? 'haar' });
    psfSideLobe = rep.psfSideLobe;
    tpsfSideLobe = wavelet ? rep.tpsfSideLobe : null;
    coherence = wavelet ? rep.coherence : null;
  } catch {
    // a mask too sparse for the wavelet coherence: the PSF alone
    psfSideLobe = maskPsf([ny, nx], mk.mask, { centered: true }).sideLobe;
  }
  const m = metric(r.image);
  const paragraph =
    `${j.coilKspace ? `The upload's ${nc} coils (its k-space undersampled by the mask; truth: the root sum of squares of its coil images)` : `${nc} simulated receive coils (noiseless)`}; the mask's fully sampled ${calib}x${calib} centre calibrated ESPIRiT ` +
    `(${e.kernels} of ${e.kernelsTotal} kernels kept, as bart ecalib -m1), and ${method} reconstructed the coil-combined image from ${mk.samples} of ${n} samples per coil ` +
    `(acceleration ${mk.acceleration.toFixed(2)}) in ${r.iterations} iterations: SSIM ${m.ssim.toFixed(3)} against the image, zero-filled ${metric(zf.image).ssim.toFixed(3)}. ` +
    'The coils add encoding that a single coil lacks, so the same mask aliases less after the SENSE combination; ' +
    'the mask\'s point-spread side lobes below are those of one coil. Plan acceleration scans R for these coils.';
  post({
    kind: 'done',
    image: parts(r.image, n),
    iterations: r.iterations,
    converged: r.converged,
    seconds: r.seconds,
    metrics: { zeroFilled: metric(zf.image), recon: m },
    report: { paragraph, psfSideLobe, tpsfSideLobe, coherence, wavelet, pattern: j.mask, coils: nc, kernels: e.kernels },
  });
}
