/**
 * `candor mri report`: the reconstruction of `mri recon` plus its theory report (mask PSF and
 * coherence, sparsity, the prediction with provenance, and a paragraph). `--pattern` names the
 * mask's kind (as `mri simulate --mask` made it), so the report describes its aliasing as it is:
 * radial spokes as coherent streaks, lines along one axis, random masks as noise-like; without it
 * a mask of whole lines is recognised and any other is described conditionally.
 */
import type { Command } from 'commander';
import { MASK_KINDS, type MaskKind } from '../../apps/mri/masks/index.ts';
import { theoryReport } from '../../apps/mri/report.ts';
import { choiceOption } from '../options.ts';
import { commitOutputs } from './mri-common.ts';
import { printRecon, type ReconCliOpts, reconOptions, runReconThreaded } from './mri-recon.ts';

export function registerMriReport(mri: Command): void {
  reconOptions(mri.command('report').description('reconstruct and explain: mask PSF/coherence, sparsity, prediction, metrics'))
    .option('--pattern <kind>', `the mask's sampling pattern, for the report's wording: ${MASK_KINDS.join(', ')}`, choiceOption('--pattern', MASK_KINDS))
    .addHelpText(
      'after',
      '\nWrites the outputs of `mri recon` and <out>/report.json; prints the explanation.\n' +
        'Example:\n  candor mri report --kspace sim/kspace.cfl --truth sim/truth.cfl --pattern poisson-disc --out rep',
    )
    .action(async (o: ReconCliOpts & { pattern?: MaskKind }) => {
      const run = await runReconThreaded(o);
      const rep = theoryReport(run.acq, run.result, { truth: run.truth, pattern: o.pattern });
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
