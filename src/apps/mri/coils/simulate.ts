/**
 * Simulated coil sensitivities and multi-coil k-space for `candor mri simulate --coils N`.
 *
 * Sensitivities of N loop coils evenly spaced on a circle of radius R = 1.5 (image half-widths)
 * around the field of view, the field of a loop falling with distance and its phase turning around
 * it (a birdcage-like model, after SigPy's `mri.birdcage_maps`):
 *
 *     s_c(r) = e^{i arg(r - p_c)} / |r - p_c|,   p_c = R (cos 2 pi c / N, sin 2 pi c / N),
 *
 * r in [-1, 1]^2 (x right, y up), then normalised per pixel so that sum_c |s_c(r)|^2 = 1: the
 * root sum of squares of the coil images is then |image| itself, the truth a coil-combined
 * reconstruction is compared with, and ESPIRiT (unit-norm eigenvectors) estimates these very maps
 * up to a phase per pixel.
 *
 * `simulateMultiCoil` multiplies the image by each map, takes the centred unitary DFT (../kspace.ts),
 * adds complex Gaussian noise at `snrDb` (rms over all coils' k-space, seeded) and zeroes the
 * entries outside the mask.
 *
 * @example
 * import { simulatedCoilMaps, simulateMultiCoil } from './simulate.ts';
 * const maps = simulatedCoilMaps(64, 64, 8);    // 8 maps, sum |s_c|^2 = 1 per pixel
 * // const { kspace } = simulateMultiCoil(image, maps, { mask });
 */
import { checkInt, checkNumber } from '../../../core/errors.ts';
import { toComplexImage } from '../../../core/imaging/complex-image.ts';
import { createRng } from '../../../core/rng/index.ts';
import { imageToKspace } from '../kspace.ts';
import { checkMask } from '../masks/common.ts';
import { type CoilArray, maskCoilKspace } from './types.ts';

/** The normalised loop-coil maps of the file comment. */
export function simulatedCoilMaps(ny: number, nx: number, nc: number, radius = 1.5): CoilArray {
  const where = 'simulatedCoilMaps';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  checkInt(where, 'coils', nc, 1, 128);
  checkNumber(where, 'radius', radius, 1.01, 100);
  const n = ny * nx;
  const data = new Float64Array(2 * n * nc);
  const norm = new Float64Array(n);
  for (let c = 0; c < nc; c++) {
    const th = (2 * Math.PI * c) / nc;
    const px = radius * Math.cos(th);
    const py = radius * Math.sin(th);
    for (let i = 0; i < ny; i++) {
      const y = ny === 1 ? 0 : 1 - (2 * i) / (ny - 1);
      for (let j = 0; j < nx; j++) {
        const x = nx === 1 ? 0 : (2 * j) / (nx - 1) - 1;
        const dx = x - px;
        const dy = y - py;
        const d = Math.hypot(dx, dy);
        const t = 2 * (c * n + i * nx + j);
        data[t] = dx / (d * d);
        data[t + 1] = dy / (d * d);
        norm[i * nx + j] += 1 / (d * d);
      }
    }
  }
  for (let c = 0; c < nc; c++) {
    for (let i = 0; i < n; i++) {
      const f = 1 / Math.sqrt(norm[i]);
      data[2 * (c * n + i)] *= f;
      data[2 * (c * n + i) + 1] *= f;
    }
  }
  return { ny, nx, nc, data };
}

/** Multi-coil k-space of an image (see the file comment); noiseStd per complex sample. */
export function simulateMultiCoil(
  image: Float64Array,
  maps: CoilArray,
  opts: { mask?: Uint8Array; snrDb?: number; seed?: number } = {},
): { kspace: CoilArray; noiseStd: number } {
  const where = 'simulateMultiCoil';
  const { ny, nx, nc } = maps;
  const n = ny * nx;
  const x = toComplexImage(where, image, n);
  const k = new Float64Array(2 * n * nc);
  const u = new Float64Array(2 * n);
  for (let c = 0; c < nc; c++) {
    const o = 2 * n * c;
    for (let i = 0; i < n; i++) {
      const sr = maps.data[o + 2 * i];
      const si = maps.data[o + 2 * i + 1];
      u[2 * i] = sr * x[2 * i] - si * x[2 * i + 1];
      u[2 * i + 1] = sr * x[2 * i + 1] + si * x[2 * i];
    }
    k.set(imageToKspace(u, ny, nx), o);
  }
  let noiseStd = 0;
  if (opts.snrDb !== undefined) {
    checkNumber(where, 'snrDb', opts.snrDb, -100, 300);
    const seed = checkInt(where, 'seed', opts.seed ?? 0, 0);
    let s = 0;
    for (let i = 0; i < k.length; i++) s += k[i] * k[i];
    noiseStd = Math.sqrt(s / (n * nc)) / 10 ** (opts.snrDb / 20);
    const e = createRng(seed, 0x6b6e6f69).fillNormal(new Float64Array(2 * n * nc), 0, noiseStd / Math.SQRT2);
    for (let i = 0; i < k.length; i++) k[i] += e[i];
  }
  const full = { ny, nx, nc, data: k };
  return { kspace: opts.mask === undefined ? full : maskCoilKspace(full, checkMask(where, opts.mask, ny, nx)), noiseStd };
}
