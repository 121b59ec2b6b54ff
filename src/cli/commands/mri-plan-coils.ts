/**
 * The multi-coil data of `candor mri plan`: fully sampled coil k-space from a file (`--kspace`:
 * CFL with coils in dimension 3, NPY with `--coil-axis`, ISMRMRD .h5 on a Cartesian grid) or
 * coils simulated on the reference image (`--coils N`: normalised loop-coil maps, as
 * `candor mri simulate --coils`). The scan undersamples it (../../apps/mri/scan-multicoil.ts).
 */
import { simulatedCoilMaps, simulateMultiCoil } from '../../apps/mri/coils/simulate.ts';
import { checkComplexKspace } from '../../apps/mri/coils/from-ndarray.ts';
import type { CoilArray } from '../../apps/mri/coils/types.ts';
import { readIsmrmrdFile } from '../../apps/mri/node/ismrmrd-file.ts';
import { isIsmrmrdKspace, readMultiCoilFile, toCoilArray } from '../../apps/mri/node/multicoil-files.ts';
import { CandorError } from '../../core/errors.ts';
import { checkFullySampled } from '../../apps/mri/scan-multicoil.ts';

/** Reads fully sampled multi-coil k-space (see the file comment); errors name the file. */
export async function readFullCoilKspace(path: string, coilAxis?: number): Promise<CoilArray> {
  const where = `k-space ${path}`;
  let k: CoilArray;
  if (isIsmrmrdKspace(path, coilAxis)) {
    const r = await readIsmrmrdFile(path);
    if (r.coords) throw new CandorError(where, 'sampling', 'Cartesian k-space on a grid (the plan undersamples a fully sampled grid)', `a trajectory of ${r.samples} samples`);
    k = { ny: r.ny, nx: r.nx, nc: r.coils, data: r.data };
  } else {
    const f = readMultiCoilFile(path, { coilAxis });
    checkComplexKspace(where, f.complex);
    k = toCoilArray(f);
  }
  checkFullySampled(where, k);
  return k;
}

/** Fully sampled k-space of `coils` simulated loop coils on a reference image (real or complex). */
export function simulatedCoilKspace(image: Float64Array, ny: number, nx: number, coils: number): CoilArray {
  return simulateMultiCoil(image, simulatedCoilMaps(ny, nx, coils)).kspace;
}
