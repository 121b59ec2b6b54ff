/**
 * The images the MRI quality predictor is calibrated and checked on, none of them a reference it
 * is judged on (the Shepp-Logan phantom, slice 12 of the EPI volume, the DICOM image):
 *
 * | set | images |
 * |---|---|
 * | calibration | random head phantoms (../random-phantom.ts) 64 seed 1, 128 seeds 1 and 2, 256 seed 1; EPI volume 0 slices 5, 8, 16, 19 (128 x 96); EPI volume 0 slice 8 averaged 2 x 2 (64 x 48); the SDO/AIA 171 A solar image (128 x 128) |
 * | held back | random phantoms 64 seed 2, 128 seed 3, 256 seed 2; EPI volume 1 slices 7 and 17; EPI volume 1 slice 17 averaged 2 x 2; the SDO/AIA image averaged 2 x 2 (64 x 64) |
 *
 * The EPI slices come from the same subject as the reference slice 12 (slices 11 to 13 are left
 * out of both sets); every image is scaled to a maximum of 1.
 *
 * @example
 * import { predictorImages } from './calibration-set.ts';
 * // const { calibration, heldBack } = predictorImages('../shared/data');
 */
import { join } from 'node:path';
import { readFitsImageFile } from '../../../io/node/formats.ts';
import type { SweepImage } from '../quality-sweep.ts';
import { randomPhantom } from '../random-phantom.ts';
import { readImage2d } from './files.ts';

function normalised(id: string, ny: number, nx: number, data: Float64Array): SweepImage {
  let max = 0;
  for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs(data[i]));
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] / max;
  return { id, ny, nx, data: out };
}

/** 2 x 2 block averages (even sizes). */
export function halve(ny: number, nx: number, data: Float64Array): { ny: number; nx: number; data: Float64Array } {
  const my = ny >> 1;
  const mx = nx >> 1;
  const out = new Float64Array(my * mx);
  for (let i = 0; i < my; i++) {
    for (let j = 0; j < mx; j++) {
      out[i * mx + j] = 0.25 * (data[2 * i * nx + 2 * j] + data[2 * i * nx + 2 * j + 1] + data[(2 * i + 1) * nx + 2 * j] + data[(2 * i + 1) * nx + 2 * j + 1]);
    }
  }
  return { ny: my, nx: mx, data: out };
}

export function predictorImages(dataDir = '../shared/data'): { calibration: SweepImage[]; heldBack: SweepImage[] } {
  const epiPath = join(dataDir, 'mri', 'nibabel_example4d.nii.gz');
  const epi = (z: number, t: number) => {
    const im = readImage2d(epiPath, { slice: [z, t] });
    return { ny: im.ny, nx: im.nx, data: im.data };
  };
  const sdo = readFitsImageFile(join(dataDir, 'astro', 'reproject_sdo_aia_171_level1.fits'));
  const [sy, sx] = sdo.shape.slice(-2);
  const sdoData = sdo.data;
  const ph = (n: number, seed: number) => normalised(`random-phantom ${n} seed ${seed}`, n, n, randomPhantom(n, n, seed));
  const epiImage = (z: number, t: number) => {
    const e = epi(z, t);
    return normalised(`epi t${t} z${z}`, e.ny, e.nx, e.data);
  };
  const epiHalf = (z: number, t: number) => {
    const e = epi(z, t);
    const h = halve(e.ny, e.nx, e.data);
    return normalised(`epi t${t} z${z} halved`, h.ny, h.nx, h.data);
  };
  const sdoHalf = halve(sy, sx, sdoData);
  return {
    calibration: [ph(64, 1), ph(128, 1), ph(128, 2), ph(256, 1), epiImage(5, 0), epiImage(8, 0), epiImage(16, 0), epiImage(19, 0), epiHalf(8, 0), normalised('sdo-aia 128', sy, sx, sdoData)],
    heldBack: [ph(64, 2), ph(128, 3), ph(256, 2), epiImage(7, 1), epiImage(17, 1), epiHalf(17, 1), normalised('sdo-aia halved', sdoHalf.ny, sdoHalf.nx, sdoHalf.data)],
  };
}
