/**
 * The multi-coil data of `candor mri plan`: fully sampled coil k-space from a file (`--kspace`:
 * CFL with coils in dimension 3, NPY with `--coil-axis`, ISMRMRD .h5 on a Cartesian grid) or
 * coils simulated on the reference image (`--coils N`: normalised loop-coil maps, as
 * `candor mri simulate --coils`). The scan undersamples it (../../apps/mri/scan-multicoil.ts).
 */
import { simulatedCoilMaps, simulateMultiCoil } from '../../apps/mri/coils/simulate.ts';
import type { CoilArray } from '../../apps/mri/coils/types.ts';
import { readIsmrmrdFile } from '../../apps/mri/node/ismrmrd-file.ts';
import { readMultiCoilFile, toCoilArray } from '../../apps/mri/node/multicoil-files.ts';
import { CandorError } from '../../core/errors.ts';

/** Positions without a sample (zero in every coil) a "fully sampled" file may have: 1%. */
const MAX_EMPTY = 0.01;

/** Reads fully sampled multi-coil k-space (see the file comment); errors name the file. */
export async function readFullCoilKspace(path: string, coilAxis?: number): Promise<CoilArray> {
  const where = `k-space ${path}`;
  let k: CoilArray;
  if (/\.h5$/i.test(path)) {
    const r = await readIsmrmrdFile(path);
    if (r.coords) throw new CandorError(where, 'sampling', 'Cartesian k-space on a grid (the plan undersamples a fully sampled grid)', `a trajectory of ${r.samples} samples`);
    k = { ny: r.ny, nx: r.nx, nc: r.coils, data: r.data };
  } else {
    k = toCoilArray(readMultiCoilFile(path, { coilAxis }));
  }
  if (k.nc < 2) {
    throw new CandorError(where, 'coils', "multi-coil k-space (coils in dimension 3 of a CFL, --coil-axis of an NPY); for one coil give its image with --image", '1 coil');
  }
  const n = k.ny * k.nx;
  let empty = 0;
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let c = 0; c < k.nc && !any; c++) any = k.data[2 * (c * n + i)] !== 0 || k.data[2 * (c * n + i) + 1] !== 0;
    if (!any) empty++;
  }
  if (empty > MAX_EMPTY * n) {
    throw new CandorError(
      where,
      'sampling',
      'fully sampled k-space (the plan undersamples it retrospectively; reconstruct undersampled data with candor mri recon)',
      `${empty} of ${n} positions (${((100 * empty) / n).toFixed(1)}%) without a sample`,
    );
  }
  return k;
}

/** Fully sampled k-space of `coils` simulated loop coils on a reference image (real or complex). */
export function simulatedCoilKspace(image: Float64Array, ny: number, nx: number, coils: number): CoilArray {
  return simulateMultiCoil(image, simulatedCoilMaps(ny, nx, coils)).kspace;
}
