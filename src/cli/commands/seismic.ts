/**
 * `candor seismic`: read SEG-Y/SU/NPY gathers, remove traces, interpolate them back with sparsity
 * and report the theory (docs/seismic.md). Registered in ./index.ts via `registerSeismic(program)`.
 */
import type { Command } from 'commander';
import { registerSeismicDecimate } from './seismic-decimate.ts';
import { registerSeismicInfo } from './seismic-info.ts';
import { registerSeismicInterpolate } from './seismic-interpolate.ts';

export function registerSeismic(program: Command): void {
  const seismic = program
    .command('seismic')
    .description('seismic trace interpolation: file info, trace decimation, sparse interpolation with its theory')
    .addHelpText(
      'after',
      '\nExamples:\n  candor seismic info ../shared/data/seismic/segyio_f3.sgy\n  candor seismic decimate --in ../shared/data/seismic/pylops_mobil_viking_graben_crg.npy --keep 0.5 --seed 1 --out vg-half.npy\n  candor seismic interpolate --in vg-half.npy --out vg-pocs.npy --report rep',
    );
  registerSeismicInfo(seismic);
  registerSeismicDecimate(seismic);
  registerSeismicInterpolate(seismic);
}
