/**
 * `candor seismic info FILE`: what a SEG-Y, SU or NPY gather holds (format, headers, size, time
 * axis, header ranges, panels, amplitudes, missing traces).
 */
import type { Command } from 'commander';
import { formatInfo, gatherInfo } from '../../apps/seismic/info.ts';
import { type GatherReadOpts, gatherReadOptions, loadGather } from './seismic-common.ts';

export function registerSeismicInfo(seismic: Command): void {
  gatherReadOptions(
    seismic
      .command('info')
      .description('describe a SEG-Y, SU or NPY gather: headers, size, sample interval, missing traces')
      .argument('<file>', 'SEG-Y (.sgy, .segy), Seismic Unix (.su) or NumPy (.npy, [traces, samples]) file'),
  )
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  candor seismic info ../shared/data/seismic/segyio_f3.sgy\n  candor seismic info ../shared/data/seismic/pylops_mobil_viking_graben_crg.npy --dt 4 --json',
    )
    .action((file: string, o: GatherReadOpts & { json?: boolean }) => {
      const info = gatherInfo(loadGather(file, o, 'argument <file>'));
      if (o.json) console.log(JSON.stringify(info, null, 2));
      else for (const l of formatInfo(info)) console.log(l);
    });
}
