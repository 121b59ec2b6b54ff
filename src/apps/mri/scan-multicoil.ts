/**
 * The multi-coil task of the acceleration scan (./acceleration-scan.ts): the fully sampled coil
 * k-space of the reference (a scanner's data, or coils simulated on an image) is undersampled by
 * each seeded mask (nothing simulated but the optional noise), ESPIRiT calibrates on that
 * mask's fully sampled centre as it would on the scanner (./coils/espirit.ts, BART's `ecalib -m1`
 * defaults), and the SENSE reconstruction (./recon/multicoil.ts) is scored by the magnitude of
 * its coil-combined image against the root sum of squares of the fully sampled coil images (the
 * reference of BART's parallel-imaging tests), SSIM and scaled NRMSE as single-coil. The masks'
 * centre defaults to ESPIRiT's calibration size ({@link coilCalibDefault}).
 *
 * Noise (`snrDb`): complex Gaussian with the per-sample standard deviation
 * sqrt(sum |k|^2 / (n nc)) 10^(-snr/20) of the full k-space (the rule of `simulateMultiCoil`),
 * drawn from seed + mask before masking, so every R sees the same noise realisation per mask.
 *
 * @example
 * import { coilReference } from './scan-multicoil.ts';
 * // const rss = coilReference(kspace);   // the root sum of squares of the coil images (real ny nx)
 */
import { CandorError, describe } from '../../core/errors.ts';
import { nrmseScaled, ssim } from '../../core/imaging/metrics.ts';
import { createRng } from '../../core/rng/index.ts';
import { espirit } from './coils/espirit.ts';
import { type CoilArray, maskCoilKspace, rootSumOfSquares } from './coils/types.ts';
import { kspaceToImage } from './kspace.ts';
import { multiCoilAcquisition } from './multicoil.ts';
import { type MultiCoilMethod, type MultiCoilReconOptions, reconstructMultiCoil } from './recon/multicoil.ts';

/** Methods the multi-coil scan runs (the Cartesian ones of reconstructMultiCoil). */
export const SCAN_MULTICOIL_METHODS: readonly MultiCoilMethod[] = Object.freeze(['zero-filled', 'cg-sense', 'l1-wavelet', 'tv', 'wavelet-tv']);

/**
 * The masks' fully sampled centre of a multi-coil scan when none is given: BART ecalib's 24 (at
 * most a quarter of the shorter side, at least 12 for its 6 x 6 kernel). The masks' own default
 * (about a tenth of the side: 10 at 96 x 96) leaves ESPIRiT too few patches for good maps (SSIM
 * 0.60 against 0.99 with 16 at 96 x 96, R 4, 8 coils).
 */
export function coilCalibDefault(ny: number, nx: number): number {
  return Math.max(12, Math.min(24, Math.floor(Math.min(ny, nx) / 4)));
}

/** Root sum of squares of the coil images of fully sampled coil k-space (real, ny nx). */
export function coilReference(kspace: CoilArray): Float64Array {
  const { ny, nx, nc } = kspace;
  const n = ny * nx;
  const images = new Float64Array(2 * n * nc);
  for (let c = 0; c < nc; c++) images.set(kspaceToImage(kspace.data.subarray(2 * n * c, 2 * n * (c + 1)), ny, nx), 2 * n * c);
  return rootSumOfSquares({ ny, nx, nc, data: images });
}

/** Checks fully sampled coil k-space for a scan of ny x nx (every value finite, at least one coil). */
export function checkCoilKspace(where: string, k: unknown, ny: number, nx: number): CoilArray {
  const a = k as CoilArray;
  if (typeof a !== 'object' || a === null || !(a.data instanceof Float64Array) || !Number.isInteger(a.nc) || a.nc < 1) {
    throw new CandorError(where, 'coil k-space', 'a CoilArray { ny, nx, nc, data } of fully sampled k-space', describe(k));
  }
  if (a.ny !== ny || a.nx !== nx || a.data.length !== 2 * ny * nx * a.nc) {
    throw new CandorError(where, 'coil k-space', `${a.nc} complex ${ny}x${nx} coil arrays (${2 * ny * nx * a.nc} values)`, `${a.ny}x${a.nx}, ${a.data.length} values`);
  }
  for (let i = 0; i < a.data.length; i++) {
    if (!Number.isFinite(a.data[i])) throw new CandorError(where, 'coil k-space', 'finite values', `${a.data[i]} at index ${i}`);
  }
  return a;
}

/** Positions without a sample (zero in every coil) "fully sampled" k-space may have: 1%. */
export const MAX_EMPTY_FRACTION = 0.01;

/**
 * Refuses k-space that is not fully sampled (more than 1% of the
 * positions zero in every coil, MAX_EMPTY_FRACTION): the scan undersamples it, so undersampled input would be
 * undersampled twice. Also refuses a single coil.
 */
export function checkFullySampled(where: string, k: CoilArray): void {
  if (k.nc < 2) {
    throw new CandorError(where, 'coils', 'multi-coil k-space (coils in dimension 3 of a CFL, the coil axis of an NPY); for one coil give its image', '1 coil');
  }
  const n = k.ny * k.nx;
  let empty = 0;
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let c = 0; c < k.nc && !any; c++) any = k.data[2 * (c * n + i)] !== 0 || k.data[2 * (c * n + i) + 1] !== 0;
    if (!any) empty++;
  }
  if (empty > MAX_EMPTY_FRACTION * n) {
    throw new CandorError(
      where,
      'sampling',
      'fully sampled k-space (the plan undersamples it retrospectively; reconstruct undersampled data with candor mri recon)',
      `${empty} of ${n} positions (${((100 * empty) / n).toFixed(1)}%) without a sample`,
    );
  }
}

/** The magnitudes of a complex image (n pixels). */
function magnitude(x: Float64Array, n: number): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) m[i] = Math.hypot(x[2 * i], x[2 * i + 1]);
  return m;
}

/** Quality of a coil-combined image against the reference magnitudes. */
export interface CoilScanQuality {
  ssim: number;
  nrmse: number;
}

/**
 * One mask of the multi-coil scan: undersampled (noisy) k-space, ESPIRiT maps from its centre, the
 * zero-filled image's quality and one reconstruction per option set of `recons`.
 */
export function runCoilMask(
  full: CoilArray,
  reference: Float64Array,
  mask: Uint8Array,
  snrDb: number | null,
  seed: number,
  recons: readonly MultiCoilReconOptions[],
  where: string,
  onReconstruction?: () => void,
): { zeroFilled: CoilScanQuality; recon: (CoilScanQuality & { iterations: number; converged: boolean; seconds: number })[] } {
  const { ny, nx, nc } = full;
  const n = ny * nx;
  let noisy = full;
  if (snrDb !== null) {
    const k = full.data.slice();
    let s = 0;
    for (let i = 0; i < k.length; i++) s += k[i] * k[i];
    const std = Math.sqrt(s / (n * nc)) / 10 ** (snrDb / 20);
    const e = createRng(seed, 0x6b6e6f69).fillNormal(new Float64Array(k.length), 0, std / Math.SQRT2);
    for (let i = 0; i < k.length; i++) k[i] += e[i];
    noisy = { ny, nx, nc, data: k };
  }
  const kspace = maskCoilKspace(noisy, mask);
  const acq = multiCoilAcquisition(kspace, mask, { where });
  const maps = espirit(kspace, { where }).maps;
  const score = (img: Float64Array): CoilScanQuality => {
    const m = magnitude(img, n);
    return { ssim: ssim(m, reference, ny, nx), nrmse: nrmseScaled(m, reference) };
  };
  const zeroFilled = score(reconstructMultiCoil(acq, maps, { method: 'zero-filled' }).image);
  const recon = recons.map((o) => {
    const r = reconstructMultiCoil(acq, maps, o);
    onReconstruction?.();
    return { ...score(r.image), iterations: r.iterations, converged: r.converged, seconds: r.seconds };
  });
  return { zeroFilled, recon };
}
