/**
 * `candor mri report`: the reconstruction of `mri recon` plus its theory report (mask PSF and
 * coherence, wavelet sparsity, the planner's prediction with provenance, and a paragraph).
 */
import type { Command } from 'commander';
import { theoryReport } from '../../apps/mri/report.ts';
import { commitOutputs } from './mri-common.ts';
import { printRecon, type ReconCliOpts, reconOptions, runRecon } from './mri-recon.ts';

export function registerMriReport(mri: Command): void {
  reconOptions(mri.command('report').description('reconstruct and explain: mask PSF/coherence, sparsity, prediction, metrics'))
    .addHelpText(
      'after',
      '\nWrites the outputs of `mri recon` and <out>/report.json; prints the explanation.\n' +
        'Example:\n  candor mri report --kspace sim/kspace.cfl --truth sim/truth.cfl --out rep',
    )
    .action((o: ReconCliOpts) => {
      const run = runRecon(o);
      const rep = theoryReport(run.acq, run.result, { truth: run.truth });
      run.out.json('recon', run.summary);
      run.out.json('report', rep);
      commitOutputs(run.out, 'mri report');
      if (o.json) {
        console.log(JSON.stringify(rep, null, 2));
        return;
      }
      printRecon(run);
      console.log(`\n${rep.paragraph}`);
    });
}
