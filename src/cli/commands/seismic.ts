/**
 * `candor seismic`: read SEG-Y/SU/NPY gathers, remove traces, interpolate them back with sparsity,
 * report the theory and plan the fewest traces (docs/seismic.md). Registered in ./index.ts via `registerSeismic(program)`.
 */
import type { Command } from 'commander';
import { registerSeismicDecimate } from './seismic-decimate.ts';
import { registerSeismicInfo } from './seismic-info.ts';
import { registerSeismicInterpolate } from './seismic-interpolate.ts';
import { registerSeismicPlan } from './seismic-plan.ts';

export function registerSeismic(program: Command): void {
  const seismic = program
    .command('seismic')
    .description('seismic trace interpolation: file info, trace decimation, sparse interpolation with its theory, planning the fewest traces')
    .addHelpText(
      'after',
      '\nExamples:\n  candor seismic info ../shared/data/seismic/segyio_f3.sgy\n  candor seismic decimate --in ../shared/data/seismic/pylops_mobil_viking_graben_crg.npy --keep 0.5 --seed 1 --out vg-half.npy\n  candor seismic interpolate --in vg-half.npy --out vg-pocs.npy --report rep\n  candor seismic plan --data ../shared/data/seismic/pylops_mobil_viking_graben_crg.npy --target-snr 10',
    );
  registerSeismicInfo(seismic);
  registerSeismicDecimate(seismic);
  registerSeismicInterpolate(seismic);
  registerSeismicPlan(seismic);
}
