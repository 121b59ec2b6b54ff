/**
 * Images to k-space and back, in the MRI convention: the centred unitary 2-D DFT
 *
 *     k = F_c x = fftshift2( fft2( ifftshift2(x) ) ) / sqrt(ny nx)
 *
 * (DC at pixel (floor(ny/2), floor(nx/2)), the image centre at the same pixel; the same transform
 * as BART's `fft -u 3` on an image stored with our CFL convention, checked in
 * test/apps/mri/kspace.test.ts). Acquired k-space is kept on the full grid with zeros where the
 * mask is 0 (BART's convention for `.cfl` k-space) or as the compact vector of acquired samples in
 * row-major order (the data vector of `cartesianOperator`, see ./operators.ts).
 *
 * Noise: complex white Gaussian noise e with E|e_k|^2 = sigma^2 (sigma^2/2 per real part) at a
 * signal-to-noise ratio snrDb = 20 log10(rms(k) / sigma), rms over the full grid (equal to the
 * image's rms, F_c being unitary). Seeded: createRng(seed, 'kspace-noise').
 *
 * @example
 * import { simulateKspace } from './kspace.ts';
 * import { sheppLogan } from './phantom.ts';
 * const { kspace, noiseStd } = simulateKspace(sheppLogan(64), 64, 64, { snrDb: 30, seed: 1 });
 * kspace.length; // 2 * 64 * 64 (complex interleaved, full grid)
 */
import { checkInt, checkNumber } from '../../core/errors.ts';
import { centeredFft2Plan } from '../../core/fft/centered.ts';
import { toComplexImage } from '../../core/imaging/complex-image.ts';
import { createRng } from '../../core/rng/index.ts';
import { checkMask } from './masks/common.ts';

/** Options of {@link simulateKspace}: sampling mask, noise SNR in dB and its seed. */
export interface SimulateOptions {
  /** Sampling mask (0/1, ny nx, centred k-space coordinates): unsampled entries are zeroed. */
  mask?: Uint8Array;
  /** Add complex Gaussian noise at this SNR in dB (see the file comment). */
  snrDb?: number;
  /** Seed of the noise (default 0). */
  seed?: number;
}

/** k = F_c x for a real or complex ny x nx image (returns complex interleaved, full grid). */
export function imageToKspace(image: Float64Array, ny: number, nx: number): Float64Array {
  checkInt('imageToKspace', 'rows ny', ny, 1);
  checkInt('imageToKspace', 'columns nx', nx, 1);
  const x = toComplexImage('imageToKspace', image, ny * nx);
  const out = new Float64Array(2 * ny * nx);
  centeredFft2Plan(ny, nx).exec(x, out, false);
  return out;
}

/** x = F_c^H k: the (zero-filled, when k has zeros) image of full-grid k-space. */
export function kspaceToImage(kspace: Float64Array, ny: number, nx: number): Float64Array {
  checkInt('kspaceToImage', 'rows ny', ny, 1);
  checkInt('kspaceToImage', 'columns nx', nx, 1);
  const k = toComplexImage('kspaceToImage', kspace, ny * nx);
  const out = new Float64Array(2 * ny * nx);
  centeredFft2Plan(ny, nx).exec(k, out, true);
  return out;
}

/** Root mean square of complex interleaved values (per complex entry). */
export function rms(z: Float64Array): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) s += z[i] * z[i];
  return Math.sqrt(s / Math.max(1, z.length >> 1));
}

/**
 * Simulated acquisition: full-grid k-space of `image`, plus noise at `snrDb`, zeroed outside
 * `mask`. Returns the k-space and the noise standard deviation sigma (0 when noiseless).
 */
export function simulateKspace(
  image: Float64Array,
  ny: number,
  nx: number,
  opts: SimulateOptions = {},
): { kspace: Float64Array; noiseStd: number } {
  const where = 'simulateKspace';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  const n = ny * nx;
  const k = imageToKspace(toComplexImage(where, image, n), ny, nx);
  let noiseStd = 0;
  if (opts.snrDb !== undefined) {
    checkNumber(where, 'snrDb', opts.snrDb, -100, 300);
    const seed = checkInt(where, 'seed', opts.seed ?? 0, 0);
    noiseStd = rms(k) / 10 ** (opts.snrDb / 20);
    const e = createRng(seed, 0x6b6e6f69).fillNormal(new Float64Array(2 * n), 0, noiseStd / Math.SQRT2);
    for (let i = 0; i < 2 * n; i++) k[i] += e[i];
  }
  if (opts.mask !== undefined) {
    checkMask(where, opts.mask, ny, nx);
    for (let i = 0; i < n; i++) {
      if (!opts.mask[i]) {
        k[2 * i] = 0;
        k[2 * i + 1] = 0;
      }
    }
  }
  return { kspace: k, noiseStd };
}
