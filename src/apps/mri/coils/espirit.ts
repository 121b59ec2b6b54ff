/**
 * ESPIRiT coil sensitivities (Uecker et al., "ESPIRiT - an eigenvalue approach to autocalibrating
 * parallel MRI: where SENSE meets GRAPPA", MRM 71 (2014) 990-1001), one map set, as BART's
 * `ecalib -m1` computes it (defaults `-r 24 -k 6 -t 0.001 -c 0.8`):
 *
 * 1. Calibration matrix: every k x k window (kernel `kernel`, default 6) of the fully sampled
 *    centre (./calibration.ts, at most `calib` = 24 per side), all coils, is one patch a_q
 *    (length N = nc k^2). Its Gram matrix G = sum_q a_q a_q^H (./patch-gram.ts, by lags) has
 *    eigenvalues s_i^2 (s_i the singular values); the patches' signal subspace is spanned by the
 *    eigenvectors u_i with s_i / s_1 > sqrt(threshold) (BART's rule; 47 of 288 on BART's 8-coil phantom), P = U U^H.
 * 2. The ESPIRiT operator W = (1/k^2) sum_kappa R_kappa^H P R_kappa (project every patch, average
 *    the overlaps) is a k-space convolution, (W x)_c(mu) = sum_{d, c'} K_cc'(d) x_c'(mu - d) with
 *    K_cc'(d) = (1/k^2) sum_{p - p' = d} P[(c, p), (c', p')] for |d| < k per axis. In image space
 *    it is a pointwise nc x nc Hermitian matrix, G(r)_cc' = sum_d K_cc'(d) e^{+2 pi i <d, r - c>/n}
 *    (a trigonometric polynomial of degree k - 1 per axis, evaluated exactly on the image grid as
 *    a separable sum, one image row at a time: ../../../core/dense/kernel-images.ts; BART
 *    evaluates it on a 2k grid and sinc-interpolates, the same polynomial).
 * 3. Coil images satisfy G(r) s(r) = s(r): the sensitivities are the eigenvectors of eigenvalue 1.
 *    Per pixel, the top eigenvector by power iteration (warm-started from the previous pixel of
 *    its row; ../../../core/dense/pixel-eig.ts, rows and their mirrors split among a team's parts when given), until ||G v - lambda v|| <= 1e-6 (1 + lambda), at most 30 steps as BART's orthogonal
 *    iteration), unit norm; pixels with lambda <= crop (0.8) are set to zero (outside the
 *    object's support, where no eigenvalue reaches 1); the eigenvalue map then holds lambda, or
 *    the bound ||G(r)||_F where that bound alone shows lambda <= crop.
 * 4. Phase: each pixel's vector is rotated so that its inner product with the first principal
 *    component of the calibration data (the top eigenvector of the coil covariance) is real and
 *    positive (BART's `fixphase2` with its `scc` rotation), which makes the maps smooth.
 *
 * @example
 * import { espirit } from './espirit.ts';
 * // kspace: CoilArray of 8 coils, 256 x 256, with a fully sampled 24 x 24 centre
 * // const { maps, eigenvalues, kernels } = espirit(kspace);   maps: CoilArray (unit norm or 0 per pixel)
 */
import { CandorError, checkInt, checkNumber } from '../../../core/errors.ts';
import { hermEigTop } from '../../../core/dense/herm-eig.ts';
import { pixelTopEigen } from '../../../core/dense/pixel-eig.ts';
import { kernelSpectra, mirrorSlots, twiddles } from '../../../core/dense/kernel-images.ts';
import { type Team, teamScope } from '../../../core/parallel/team.ts';
import { calibrationRegion } from './calibration.ts';
import { patchGram } from './patch-gram.ts';
import type { CoilArray } from './types.ts';

/** Defaults of {@link espirit}, those of BART's `ecalib -m1`: calibration side 24, kernel 6, threshold 0.001, crop 0.8. */
export const ESPIRIT_DEFAULTS = Object.freeze({
  /** Largest calibration region side (BART ecalib -r). */
  calib: 24,
  /** Kernel side (BART ecalib -k). */
  kernel: 6,
  /** Singular-value threshold: keep s_i / s_1 > sqrt(threshold) (BART ecalib -t). */
  threshold: 0.001,
  /** Eigenvalue below which a pixel's maps are zero (BART ecalib -c). */
  crop: 0.8,
});

/** At most this many power iterations per pixel (BART's orthogonal iteration runs 30). */
const POWER_ITERATIONS = 30;

/** Options of {@link espirit} (BART `ecalib` flags -r, -k, -t, -c); defaults {@link ESPIRIT_DEFAULTS}. */
export interface EspiritOptions {
  calib?: number;
  kernel?: number;
  threshold?: number;
  crop?: number;
  /** Label for error messages (e.g. the file name). */
  where?: string;
  /**
   * A team (../../../core/parallel/team.ts): the per-pixel eigenvectors run in its parts (rows);
   * the maps are the same bit for bit with or without one, on any thread count. The maps and
   * eigenvalues returned are then the team's shared arrays (its `f64`), left to the caller.
   */
  team?: Team;
}

/** ESPIRiT's result: the coil sensitivity maps, the top eigenvalue per pixel, and the kernels kept of the calibration matrix. */
export interface EspiritResult {
  /** Sensitivities (nc maps, coil-major), unit norm per pixel or zero where cropped. */
  maps: CoilArray;
  /** The top eigenvalue of G(r) per pixel (real ny nx). */
  eigenvalues: Float64Array;
  /** Kernels kept and their total (N = nc k^2). */
  kernels: number;
  kernelsTotal: number;
  /** Singular values of the calibration matrix, descending. */
  singularValues: Float64Array;
  /** The calibration region used. */
  calib: { sy: number; sx: number };
}

/** ESPIRiT maps of multi-coil k-space (see the file comment). */
export function espirit(kspace: CoilArray, opts: EspiritOptions = {}): EspiritResult {
  const team = opts.team ? teamScope(opts.team) : null;
  try {
    return espiritOn(kspace, opts, team);
  } finally {
    team?.close();
  }
}

function espiritOn(kspace: CoilArray, opts: EspiritOptions, team: Team | null): EspiritResult {
  const where = opts.where ?? 'espirit';
  const D = ESPIRIT_DEFAULTS;
  const k = checkInt(where, 'kernel size', opts.kernel ?? D.kernel, 1, 16);
  const calibSize = checkInt(where, 'calibration size', opts.calib ?? D.calib, k, 4096);
  const threshold = checkNumber(where, 'threshold', opts.threshold ?? D.threshold, 0, 1);
  // s_i / s_1 > sqrt(threshold) keeps nothing at 1 (not even s_1): refused here, not later as
  // "all zeros" calibration data
  if (threshold === 1) throw new CandorError(where, 'threshold', 'a number in [0, 1) (kernels with s_i / s_1 > sqrt(threshold) are kept: 1 keeps none)', '1');
  const crop = checkNumber(where, 'crop', opts.crop ?? D.crop, 0, 1);
  // a pixel's eigenvalue is at most 1 (G(r) is a projection's kernel image), kept when above the
  // crop: 1 keeps none
  if (crop === 1) throw new CandorError(where, 'crop', 'a number in [0, 1) (pixels whose eigenvalue exceeds the crop are kept; eigenvalues are at most 1, so 1 keeps none)', '1');
  const { ny, nx, nc } = kspace;
  if (ny < 2 * k - 1 || nx < 2 * k - 1) {
    throw new CandorError(where, 'image size', `at least ${2 * k - 1}x${2 * k - 1} for a ${k}x${k} kernel`, `${ny}x${nx}`);
  }
  const cal = calibrationRegion(kspace, { size: calibSize, minSize: k, where });
  const N = nc * k * k;
  const G = patchGram(cal, k);
  const eig = hermEigTop(G, N, { relative: threshold });
  const kept = eig.vectors;
  if (kept.length === 0 || !(eig.values[0] > 0)) {
    throw new CandorError(where, 'calibration data', 'a non-zero fully sampled centre', 'all zeros', 'numerical');
  }
  // K_cc'(d) for c >= c', |d| < k per axis, and its spectra H_cc'(dy, x) along x (lower triangle;
  // ../../../core/dense/kernel-images.ts): the kernel images
  // G(r)_cc' = sqrt(n) F_c^H(K_cc' placed at the centre + d) are then made one row at a time
  const n = ny * nx;
  const npairs = (nc * (nc + 1)) / 2;
  const Dk = 2 * k - 1;
  const H = team ? team.f64(2 * npairs * Dk * nx) : new Float64Array(2 * npairs * Dk * nx);
  const r = kept.length;
  const U = new Float64Array(2 * N * r);
  for (let t = 0; t < r; t++) U.set(kept[t].subarray(0, 2 * N), 2 * N * t);
  // on the calling thread even with a team: ~1 M multiply-adds in all, which on the team's first
  // run (cold code on both threads, and V8's compiler threads wanting the same two cores) took
  // 60-100 ms against 30-40 ms here alone
  kernelSpectra(U, r, nc, k, nx, H, 0, npairs);
  const eyLocal = twiddles(k, ny);
  // phase reference: top eigenvector of the calibration data's coil covariance
  const cov = new Float64Array(2 * nc * nc);
  const area = cal.sy * cal.sx;
  for (let c = 0; c < nc; c++) {
    for (let c2 = 0; c2 < nc; c2++) {
      let sr = 0;
      let si = 0;
      for (let t = 0; t < area; t++) {
        const ar = cal.data[2 * (c * area + t)];
        const ai = cal.data[2 * (c * area + t) + 1];
        const br = cal.data[2 * (c2 * area + t)];
        const bi = cal.data[2 * (c2 * area + t) + 1];
        sr += ar * br + ai * bi;
        si += ai * br - ar * bi;
      }
      cov[2 * (c * nc + c2)] = sr;
      cov[2 * (c * nc + c2) + 1] = si;
    }
  }
  const rot = realPositiveLead(hermEigTop(cov, nc, { count: 1 }).vectors[0]);
  // per pixel: top eigenvector of G(r) (../../../core/dense/pixel-eig.ts), rows split among a team's parts
  let maps: Float64Array;
  let eigenvalues: Float64Array;
  let support: number;
  if (team) {
    const tRot = team.f64(2 * nc);
    tRot.set(rot);
    // the maps and eigenvalues from the caller's team, not this call's scope: they outlive the
    // call as they are (shared memory stays valid after the team ends), with no 8 MB copy out
    const outer = opts.team ?? team;
    const tMaps = outer.f64(2 * n * nc);
    const tEig = outer.f64(n);
    const ey = team.f64(eyLocal.length);
    ey.set(eyLocal);
    team.run('eig.pixels', [H, ey, tRot, tMaps, tEig], ny, nx, nc, k, crop, POWER_ITERATIONS);
    support = team.sums[0];
    maps = tMaps;
    eigenvalues = tEig;
  } else {
    maps = new Float64Array(2 * n * nc);
    eigenvalues = new Float64Array(n);
    support = pixelTopEigen(H, eyLocal, rot, maps, eigenvalues, ny, nx, nc, k, crop, POWER_ITERATIONS, 0, mirrorSlots(ny));
  }
  if (support === 0) {
    // maps of zeros would only fail later (a SENSE operator of norm 0): say what to change here
    throw new CandorError(
      where,
      'calibration region',
      `a fully sampled centre large enough for ESPIRiT to find coil maps (BART's default is 24x24): acquire a larger one (candor mri simulate --calib) or use more of it (mri ecalib --calib, at most the fully sampled centre), lower the crop (mri ecalib --crop) or the threshold (mri ecalib --threshold, when few kernels are kept) or give the maps (mri recon --sens)`,
      `a ${cal.sy}x${cal.sx} centre, too small: ${kept.length} of ${N} kernels kept, no pixel's eigenvalue reached the crop ${crop}, maps zero everywhere`,
      'numerical',
    );
  }
  const singularValues = new Float64Array(N);
  for (let i = 0; i < N; i++) singularValues[i] = Math.sqrt(Math.max(eig.values[i], 0));
  return {
    maps: { ny, nx, nc, data: maps },
    eigenvalues,
    kernels: kept.length,
    kernelsTotal: N,
    singularValues,
    calib: { sy: cal.sy, sx: cal.sx },
  };
}

/**
 * The eigenvector v rotated by a unit phase so that its leading component (the first of largest
 * magnitude, to 1e-6 relative) is real and positive: an eigenvector is defined up to that phase,
 * and the one an eigensolver returns follows the rounding of its input, so k-space scaled by 10
 * could negate every map (and the image) without this. In place; returns v.
 */
export function realPositiveLead(v: Float64Array): Float64Array {
  const n = v.length >> 1;
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.hypot(v[2 * i], v[2 * i + 1]));
  if (!(peak > 0)) return v;
  let j = 0;
  while (Math.hypot(v[2 * j], v[2 * j + 1]) < (1 - 1e-6) * peak) j++;
  const m = Math.hypot(v[2 * j], v[2 * j + 1]);
  const cr = v[2 * j] / m;
  const ci = -v[2 * j + 1] / m;
  for (let i = 0; i < n; i++) {
    const re = v[2 * i];
    const im = v[2 * i + 1];
    v[2 * i] = re * cr - im * ci;
    v[2 * i + 1] = re * ci + im * cr;
  }
  v[2 * j + 1] = 0;
  return v;
}
