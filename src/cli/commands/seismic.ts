/**
 * `candor seismic`: read SEG-Y/SU/NPY gathers, remove traces, interpolate them back with sparsity
 * and report the theory (docs/seismic.md). Registered in ./index.ts via `registerSeismic(program)`.
 */
import type { Command } from 'commander';
import { registerSeismicInfo } from './seismic-info.ts';

export function registerSeismic(program: Command): void {
  const seismic = program
    .command('seismic')
    .description('seismic trace interpolation: file info, trace decimation, sparse interpolation with its theory')
    .addHelpText(
      'after',
      '\nExamples:\n  candor seismic info ../shared/data/seismic/segyio_f3.sgy',
    );
  registerSeismicInfo(seismic);
}
