/**
 * The predicted quality of an l1-wavelet reconstruction of a reference image from a sampling
 * pattern, without reconstructing: the levels budget model.
 *
 * Each wavelet subband s of the reference sees the sampling through its local coherences: the
 * share of its atoms' energy that is sampled, pbar_s = sum_b p_b E_{b s} (p_b the sampled share of
 * k-space band b, E_{b s} the energy share of a subband-s atom in band b; ../../../predict/levels-se.ts
 * `aliasingMatrix().effective`). The phase transition for that fraction (./threshold-risk.ts
 * `transitionSparsity`: the Donoho-Tanner weak threshold's eps, complex) says how many of the
 * subband's coefficients l1 recovers; the model keeps
 *
 *     k_s = min(N_s, c kappa^-alpha eps(pbar_s) N_s (4 N_s / n)^-gamma)
 *
 * largest coefficients of every subband (soft-thresholded at the (k_s + 1)-th magnitude), averaged
 * over four cyclic shifts of the wavelet (as the reconstruction's cycle spinning does), and scores
 * that image against the reference (SSIM of the magnitudes and scaled NRMSE, as the scan does).
 * c scales the budget (compressible coefficients past the transition are still partly recovered);
 * gamma > 0 gives coarser subbands more of it (their coefficients are fixed jointly with the finer
 * ones: the l1 problem is coupled across levels, which a per-subband budget ignores). kappa is the
 * image class: the effective sparsity ((||v||_1 / ||v||_2)^2 / len v) of the image's gradient over
 * that of its wavelet detail coefficients, about 1 for piecewise-constant images (phantoms: as
 * sparse in gradient as in wavelets) and 2 to 5 for textured or noisy ones (EPI slices, the solar
 * image). The reconstruction's cycle spinning makes its Haar l1 behave like an anisotropic TV, so
 * it recovers more of a piecewise-constant image than the orthogonal subband counts say; kappa^-alpha
 * (alpha > 0) gives such images more budget, textured ones less. c, gamma and alpha are
 * calibrated per mask family on structured sweeps of other images (./calibration.ts); the result
 * is an empirical, calibrated prediction, labelled so by ./predict-acceleration.ts.
 *
 * Cost: the context (wavelet spectra, coupling, four shifted analyses sorted per subband) once per
 * reference (with the reference's share of the SSIM); then per sampling pattern four syntheses and
 * the SSIM's three filtered maps that involve the predicted image.
 *
 * @example
 * import { qualityContext, predictQuality } from './model.ts';
 * import { familyFractions } from './density.ts';
 * import { sheppLogan } from '../phantom.ts';
 * const ctx = qualityContext(sheppLogan(128), 128, 128);
 * predictQuality(ctx, familyFractions('poisson-disc', 128, 128, 4, ctx.bands, { calib: ctx.calib }), { c: 1, gamma: 0.5 }).ssim;
 */
import { CandorError, checkInt, checkNumber, describe } from '../../../core/errors.ts';
import { toComplexImage } from '../../../core/imaging/complex-image.ts';
import { nrmseScaled } from '../../../core/imaging/metrics.ts';
import { type SsimReference, ssimReference, ssimWith } from '../../../core/imaging/ssim.ts';
import { checkSpec } from '../../../core/wavelets/levels.ts';
import { wavelet2 } from '../../../linops/wavelet.ts';
import type { Partition } from '../../../predict/levels.ts';
import { aliasingMatrix, fourierCoupling, type LevelsCoupling } from '../../../predict/levels-se.ts';
import { fourierWaveletSpectra, type WaveletSpectra } from '../../../predict/local-coherence.ts';
import { transitionSparsityOnGrid } from '../../../predict/threshold-risk.ts';
import { defaultCalib } from '../masks/common.ts';
import { MRI_RECON_DEFAULTS } from '../recon/reconstruct.ts';
import { samplingBands } from './density.ts';

/** The calibrated constants of the budget (see the file comment); alpha (default 0) the image-class exponent. */
export interface QualityModelParams {
  c: number;
  gamma: number;
  alpha?: number;
}

/** The cyclic shifts averaged in the predicted image. */
const SHIFTS: readonly (readonly [number, number])[] = Object.freeze([
  [0, 0],
  [1, 1],
  [1, 0],
  [0, 1],
]);

export interface QualityContext {
  ny: number;
  nx: number;
  /** The reference, complex interleaved. */
  reference: Float64Array;
  spectra: WaveletSpectra;
  bands: Partition;
  coupling: LevelsCoupling;
  calib: number;
  wavelet: string;
  levels: number;
  /** Wavelet coefficients of each shifted reference, and each subband's magnitudes sorted descending. */
  shifted: Float64Array[];
  sorted: Float64Array[][];
  /** The reference's share of the SSIM (filtered mean and second moment), computed once. */
  ssimRef: SsimReference;
  /** The wavelet transform (synthesis per predicted image). */
  transform: ReturnType<typeof wavelet2>;
  /**
   * Image class kappa = s(grad x) / s(detail coefficients), s(v) = (||v||_1 / ||v||_2)^2 / len(v)
   * the effective sparsity (share of entries): about 1 for piecewise-constant images (as sparse in
   * gradient as in wavelets), 2 to 5 for textured or noisy ones (see ./model.ts's file comment).
   */
  kappa: number;
  /** The effective share of nonzeros of the wavelet detail coefficients (kappa's denominator; noise: about 2/pi). */
  detailShare: number;
}

export interface QualityContextOptions {
  /** The reconstruction's wavelet and levels (default haar, the default levels). */
  wavelet?: string;
  levels?: number;
  /** The masks' calibration square (default the generators'). */
  calib?: number;
  /** Radial rings of the sampling bands (default 32). */
  rings?: number;
}

/** Everything about the reference that does not depend on the sampling (computed once per reference). */
export function qualityContext(reference: Float64Array, ny: number, nx: number, opts: QualityContextOptions = {}): QualityContext {
  const where = 'qualityContext';
  checkInt(where, 'rows ny', ny, 11);
  checkInt(where, 'columns nx', nx, 11);
  const n = ny * nx;
  const ref = toComplexImage(where, reference, n);
  const { filters, levels } = checkSpec(where, ['ny', 'nx'], [ny, nx], opts.wavelet ?? MRI_RECON_DEFAULTS.wavelet, opts.levels);
  if (levels < 1) throw new CandorError(where, 'image size', 'even sizes (at least one wavelet level, as the reconstruction needs)', `${ny}x${nx}`);
  const calib = checkInt(where, 'calib', opts.calib ?? defaultCalib(ny, nx), 0, Math.max(ny, nx));
  const rings = checkInt(where, 'rings', opts.rings ?? 32, 1, 4096);
  const W = wavelet2(ny, nx, { wavelet: filters.name, levels });
  const spectra = fourierWaveletSpectra(ny, nx, { wavelet: filters.name, levels, centered: true });
  const bands = samplingBands(ny, nx, calib, rings);
  const coupling = fourierCoupling(spectra, bands);
  const sub = spectra.subbands;
  const sh = new Float64Array(2 * n);
  const shifted: Float64Array[] = [];
  const sorted: Float64Array[][] = [];
  for (const [dy, dx] of SHIFTS) {
    for (let i = 0; i < ny; i++) {
      for (let j = 0; j < nx; j++) {
        const s = 2 * (((i + dy) % ny) * nx + ((j + dx) % nx));
        sh[2 * (i * nx + j)] = ref[s];
        sh[2 * (i * nx + j) + 1] = ref[s + 1];
      }
    }
    const c = W.apply(sh, new Float64Array(2 * n));
    shifted.push(c);
    const lists = Array.from({ length: sub.count }, (_, s) => new Float64Array(sub.sizes[s]));
    const fill = new Int32Array(sub.count);
    for (let i = 0; i < n; i++) {
      const s = sub.labels[i];
      lists[s][fill[s]++] = Math.sqrt(c[2 * i] * c[2 * i] + c[2 * i + 1] * c[2 * i + 1]);
    }
    for (const l of lists) l.sort().reverse();
    sorted.push(lists);
  }
  return { ny, nx, reference: ref, spectra, bands, coupling, calib, wavelet: filters.name, levels, shifted, sorted, ssimRef: ssimReference(where, ref, ny, nx), transform: W, ...imageClass(ref, ny, nx, shifted[0], sub.labels) };
}

/** (||v||_1 / ||v||_2)^2 / len: the effective share of nonzeros of v (1 for a flat vector, 1/len for one spike). */
function effectiveShare(l1: number, l2sq: number, len: number): number {
  return l2sq > 0 ? (l1 * l1) / l2sq / len : 0;
}

/**
 * kappa = s(|grad x|) / s(|w_detail|): periodic forward differences of the complex image
 * (isotropic magnitude) against the unshifted wavelet detail coefficients (every subband but the
 * coarsest approximation, label 0). 1 when there is no detail at all. White noise also has kappa
 * near 1 but a detail share near 2/pi: the predictor checks both against its calibration.
 */
export function imageClass(ref: Float64Array, ny: number, nx: number, coeffs: Float64Array, labels: Int32Array): { kappa: number; detailShare: number } {
  let g1 = 0;
  let g2 = 0;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const k = 2 * (i * nx + j);
      const r = 2 * (i * nx + ((j + 1) % nx));
      const d = 2 * (((i + 1) % ny) * nx + j);
      const m2 = (ref[r] - ref[k]) ** 2 + (ref[r + 1] - ref[k + 1]) ** 2 + (ref[d] - ref[k]) ** 2 + (ref[d + 1] - ref[k + 1]) ** 2;
      g1 += Math.sqrt(m2);
      g2 += m2;
    }
  }
  let w1 = 0;
  let w2 = 0;
  let wn = 0;
  for (let i = 0; i < ny * nx; i++) {
    if (labels[i] === 0) continue;
    const m2 = coeffs[2 * i] * coeffs[2 * i] + coeffs[2 * i + 1] * coeffs[2 * i + 1];
    w1 += Math.sqrt(m2);
    w2 += m2;
    wn++;
  }
  const sw = effectiveShare(w1, w2, wn);
  return { kappa: sw > 0 ? effectiveShare(g1, g2, ny * nx) / sw : 1, detailShare: sw };
}

/** eps(delta) of the complex transition, cached on a grid of 1/4000. */
export function recoverableShare(delta: number): number {
  return transitionSparsityOnGrid(delta, 'complex');
}

export interface QualityPrediction {
  ssim: number;
  nrmse: number;
  /** Per subband: sampled energy share pbar_s and the coefficients kept k_s. */
  effective: Float64Array;
  kept: Int32Array;
}

function checkParams(where: string, p: QualityModelParams): void {
  if (!p || typeof p !== 'object') throw new CandorError(where, 'params', 'an object { c, gamma }', describe(p));
  checkNumber(where, 'params.c', p.c, 0);
  checkNumber(where, 'params.gamma', p.gamma, -4, 4);
  if (p.alpha !== undefined) checkNumber(where, 'params.alpha', p.alpha, -4, 4);
}

/** The kept count of every subband for sampling fractions per band of `ctx.bands`. */
export function subbandBudget(ctx: QualityContext, fractions: ArrayLike<number>, params: QualityModelParams): { effective: Float64Array; kept: Int32Array } {
  checkParams('subbandBudget', params);
  const effective = aliasingMatrix(ctx.coupling, fractions).effective;
  const n = ctx.ny * ctx.nx;
  const sizes = ctx.spectra.subbands.sizes;
  const kept = new Int32Array(sizes.length);
  const c = params.c * ctx.kappa ** -(params.alpha ?? 0);
  for (let s = 0; s < sizes.length; s++) {
    const N = sizes[s];
    kept[s] = Math.min(N, Math.round(c * recoverableShare(effective[s]) * N * ((4 * N) / n) ** -params.gamma));
  }
  return { effective, kept };
}

/** The predicted image for a budget (see the file comment), complex interleaved. */
export function budgetImage(ctx: QualityContext, kept: Int32Array): Float64Array {
  const { ny, nx } = ctx;
  const n = ny * nx;
  const sub = ctx.spectra.subbands;
  const W = ctx.transform;
  const acc = new Float64Array(2 * n);
  const c = new Float64Array(2 * n);
  const back = new Float64Array(2 * n);
  const th = new Float64Array(sub.count);
  SHIFTS.forEach(([dy, dx], q) => {
    for (let s = 0; s < sub.count; s++) {
      const m = ctx.sorted[q][s];
      th[s] = kept[s] >= m.length ? 0 : m[kept[s]];
    }
    c.set(ctx.shifted[q]);
    for (let i = 0; i < n; i++) {
      const t = th[sub.labels[i]];
      const m = Math.sqrt(c[2 * i] * c[2 * i] + c[2 * i + 1] * c[2 * i + 1]); // (Math.hypot is slow)
      const f = m > t ? 1 - t / m : 0;
      c[2 * i] *= f;
      c[2 * i + 1] *= f;
    }
    W.adjoint(c, back);
    for (let i = 0; i < ny; i++) {
      for (let j = 0; j < nx; j++) {
        const d = 2 * (((i + dy) % ny) * nx + ((j + dx) % nx));
        acc[d] += back[2 * (i * nx + j)];
        acc[d + 1] += back[2 * (i * nx + j) + 1];
      }
    }
  });
  for (let i = 0; i < 2 * n; i++) acc[i] /= SHIFTS.length;
  return acc;
}

/** The predicted SSIM and scaled NRMSE for sampling fractions per band of `ctx.bands`. */
export function predictQuality(ctx: QualityContext, fractions: ArrayLike<number>, params: QualityModelParams): QualityPrediction {
  const { effective, kept } = subbandBudget(ctx, fractions, params);
  const img = budgetImage(ctx, kept);
  return { ssim: ssimWith(ctx.ssimRef, img, 'predictQuality'), nrmse: nrmseScaled(img, ctx.reference), effective, kept };
}
