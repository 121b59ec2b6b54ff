/**
 * CLEAN: Hogbom's image-plane deconvolution and the Cotton-Schwab major/minor cycles.
 *
 * Hogbom (1974, A&AS 15, 417): repeat - find the residual's peak p (largest |value|, or largest
 * value with `positive`), add gain p to the model there, subtract gain p times the PSF centred
 * there from the residual - until `niter` components or the peak falls to `threshold`.
 *
 * Cotton-Schwab (Schwab 1984, AJ 89, 1076): minor cycles of Hogbom on the residual image stop
 * once the peak falls by the factor (1 - mgain) (WSClean's `-mgain`); a major cycle then
 * recomputes the residual image exactly from the visibilities, I_R = A^T(w .* (V - A x)) / sum w
 * (through the NUFFT, ./dirty.ts), which removes the errors of subtracting a truncated PSF in the
 * image plane. `mgain = 1` is plain Hogbom (one major cycle at the end).
 *
 * The restored image is the model convolved with the fitted restoring beam (./beam.ts) plus the
 * last residual image (Jy/beam).
 *
 * @example
 * import { clean } from './clean.ts';
 * // const d = dirtyImage(vs, weights, 128, cell);
 * // const r = clean(d, vs.vis, weights, { niter: 2000, gain: 0.1, mgain: 0.9 });
 * // r.model (Jy/pixel), r.residual, r.restored (Jy/beam), r.beam
 */
import { CandorError, checkInt, checkNumber } from '../../core/errors.ts';
import { type BeamFit, convolveBeam, fitBeam } from './beam.ts';
import { type DirtyImage, psfCentre, residualImage } from './dirty.ts';

/** Options of {@link clean}: components, loop gain, major-cycle gain, threshold, positivity and restoring beam. */
export interface CleanOptions {
  /** Maximum number of components (default 1000). */
  niter?: number;
  /** Loop gain (default 0.1). */
  gain?: number;
  /** Major-cycle gain: a minor cycle stops when the peak falls to (1 - mgain) of its start (default 1: Hogbom, no major cycle). */
  mgain?: number;
  /** Stop when the residual peak is at most this (Jy/beam, default 0). */
  threshold?: number;
  /** Only positive components (default false, as WSClean). */
  positive?: boolean;
  /** Restoring beam (default: fitted to the PSF). */
  beam?: BeamFit;
}

/**
 * CLEAN's result: the components (Jy/pixel), the residual and the restored image (Jy/beam), the
 * restoring beam, components and major cycles run, the final residual peak and why it stopped.
 */
export interface CleanResult {
  /** CLEAN components, Jy/pixel. */
  model: Float64Array;
  /** Residual image (Jy/beam) after the last major cycle. */
  residual: Float64Array;
  /** Model convolved with the beam plus the residual, Jy/beam. */
  restored: Float64Array;
  beam: BeamFit;
  iterations: number;
  majorCycles: number;
  /** Peak |residual| at the end, Jy/beam. */
  peakResidual: number;
  stopReason: 'niter' | 'threshold' | 'no-progress';
  /** Residual visibilities V - A model. */
  residualVis: Float64Array;
}

/** Defaults of {@link clean}: 1000 components, loop gain 0.1, major-cycle gain 1 (Hogbom, no major cycle), threshold 0. */
export const CLEAN_DEFAULTS = Object.freeze({ niter: 1000, gain: 0.1, mgain: 1, threshold: 0 });

function peakOf(r: Float64Array, positive: boolean): number {
  let best = 0;
  let at = -1;
  for (let i = 0; i < r.length; i++) {
    const v = positive ? r[i] : Math.abs(r[i]);
    if (v > best) {
      best = v;
      at = i;
    }
  }
  return at;
}

/**
 * Hogbom minor cycles on `residual` (N x N, modified) with the 2N x 2N `psf`, adding to `model`;
 * stops at `maxIter` components, at a peak <= `stopAt`. Returns the number of components.
 */
export function hogbomMinor(residual: Float64Array, model: Float64Array, psf: Float64Array, size: number, gain: number, maxIter: number, stopAt: number, positive: boolean): number {
  const P = 2 * size;
  let k = 0;
  for (; k < maxIter; k++) {
    const at = peakOf(residual, positive);
    if (at < 0) break;
    const p = residual[at];
    if (Math.abs(p) <= stopAt) break;
    const f = gain * p;
    model[at] += f;
    const r0 = Math.floor(at / size);
    const c0 = at - r0 * size;
    // psf pixel (r - r0 + N, c - c0 + N) for image pixel (r, c)
    for (let r = 0; r < size; r++) {
      const pr = (r - r0 + size) * P + size - c0;
      const ir = r * size;
      for (let c = 0; c < size; c++) residual[ir + c] -= f * psf[pr + c];
    }
  }
  return k;
}

/** CLEAN of a dirty image (see the file comment); `vis` and `weights` are those of the dirty image. */
export function clean(d: DirtyImage, vis: Float64Array, weights: Float64Array, opts: CleanOptions = {}): CleanResult {
  const where = 'clean';
  const niter = checkInt(where, 'niter', opts.niter ?? CLEAN_DEFAULTS.niter, 0);
  const gain = checkNumber(where, 'gain', opts.gain ?? CLEAN_DEFAULTS.gain, Number.MIN_VALUE, 1);
  const mgain = checkNumber(where, 'mgain', opts.mgain ?? CLEAN_DEFAULTS.mgain, Number.MIN_VALUE, 1);
  const threshold = checkNumber(where, 'threshold', opts.threshold ?? CLEAN_DEFAULTS.threshold, 0);
  const positive = opts.positive ?? false;
  const N = d.size;
  if (vis.length !== 2 * weights.length) throw new CandorError(where, 'vis length', `${2 * weights.length} (interleaved, one per weight)`, String(vis.length));
  const beam = opts.beam ?? fitBeam(psfCentre(d.psf, N), N, d.op.cell);
  const model = new Float64Array(N * N);
  let residual: Float64Array = d.image.slice();
  let iterations = 0;
  let major = 0;
  let stopReason: CleanResult['stopReason'] = 'niter';
  let residualVis: Float64Array | null = null;
  for (;;) {
    const at = peakOf(residual, positive);
    const peak = at < 0 ? 0 : Math.abs(residual[at]);
    if (peak <= threshold) {
      stopReason = 'threshold';
      break;
    }
    if (iterations >= niter) break;
    const stopAt = Math.max(threshold, mgain < 1 ? (1 - mgain) * peak : 0);
    const k = hogbomMinor(residual, model, d.psf, N, gain, niter - iterations, stopAt, positive);
    iterations += k;
    // major cycle: the exact residual from the visibilities
    const r = residualImage(d.op, vis, model, weights, d.sumWeights);
    residual = r.image;
    residualVis = r.residual;
    major++;
    if (k === 0) {
      stopReason = 'no-progress';
      break;
    }
    if (mgain >= 1 && iterations < niter) {
      // plain Hogbom: the minor cycle ran to its end
      const a2 = peakOf(residual, positive);
      stopReason = a2 < 0 || Math.abs(residual[a2]) <= threshold ? 'threshold' : 'niter';
      break;
    }
  }
  if (!residualVis) {
    const r = residualImage(d.op, vis, model, weights, d.sumWeights);
    residual = r.image;
    residualVis = r.residual;
  }
  const restored = convolveBeam(model, N, d.op.cell, beam);
  for (let i = 0; i < restored.length; i++) restored[i] += residual[i];
  const a = peakOf(residual, false);
  return { model, residual, restored, beam, iterations, majorCycles: major, peakResidual: a < 0 ? 0 : Math.abs(residual[a]), stopReason, residualVis };
}
