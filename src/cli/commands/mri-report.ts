/**
 * `candor mri report`: the reconstruction of `mri recon` plus its theory report (mask PSF and
 * coherence, sparsity, the prediction with provenance, and a paragraph). `--pattern` names the
 * mask's kind (as `mri simulate --mask` made it), so the report describes its aliasing as it is:
 * radial spokes as coherent streaks, lines along one axis, random masks as noise-like; without it
 * a mask of whole lines is recognised and any other is described conditionally. Multi-coil
 * k-space gets the multi-coil report (../../apps/mri/report-multicoil.ts): the coils, the g-factor
 * map of the actual sampling by `--replicas` pseudo-replicas of CG-SENSE (gfactor.cfl, gfactor.png),
 * the sparsity, the planner's single-coil baseline and the metrics of the magnitudes.
 */
import type { Command } from 'commander';
import { MASK_KINDS, type MaskKind } from '../../apps/mri/masks/index.ts';
import { theoryReport } from '../../apps/mri/report.ts';
import { multiCoilReport } from '../../apps/mri/report-multicoil.ts';
import { UsageError } from '../errors.ts';
import { choiceOption } from '../options.ts';
import { commitOutputs } from './mri-common.ts';
import { isMultiCoil, noteMultiCoilIters, printMultiCoil, printRecon, type ReconCliOpts, reconOptions, runReconMultiCoil, runReconThreaded } from './mri-recon.ts';

/** Most pseudo-replicas `--replicas` takes. */
const MAX_REPLICAS = 1000;

/**
 * `--replicas n`: 0 (no g-factor map) or an integer in [2, 1000]; one replica has no standard
 * deviation (gFactorPseudoReplica needs two), so 1 is a usage error naming the range.
 */
function replicasOption(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !(n === 0 || (n >= 2 && n <= MAX_REPLICAS))) {
    throw new UsageError('candor', 'option --replicas', `0 (no g-factor map) or an integer in [2, ${MAX_REPLICAS}] (a standard deviation needs two replicas)`, JSON.stringify(v));
  }
  return n;
}

export function registerMriReport(mri: Command): void {
  reconOptions(mri.command('report').description('reconstruct and explain: mask PSF/coherence, sparsity, prediction, metrics'))
    .option('--pattern <kind>', `the mask's sampling pattern, for the report's wording: ${MASK_KINDS.join(', ')}`, choiceOption('--pattern', MASK_KINDS))
    .option('--replicas <n>', `multi-coil: pseudo-replicas of CG-SENSE for the g-factor map (0: none, else 2 to ${MAX_REPLICAS})`, replicasOption, 8)
    .addHelpText(
      'after',
      '\nWrites the outputs of `mri recon` and <out>/report.json; prints the explanation.\n' +
        'Multi-coil k-space also writes <out>/gfactor (array) and gfactor.png (the pseudo-replica g-factor map).\n' +
        'Examples:\n  candor mri report --kspace sim/kspace.cfl --truth sim/truth.cfl --pattern poisson-disc --out rep\n' +
        '  candor mri report --kspace sim8/kspace.cfl --truth sim8/truth.cfl --replicas 16 --out rep8',
    )
    .action(async (o: ReconCliOpts & { pattern?: MaskKind; replicas: number }, cmd: Command) => {
      if (isMultiCoil(o)) {
        const itersGiven = noteMultiCoilIters(o.method, cmd);
        let made: ReturnType<typeof multiCoilReport> | null = null;
        const run = await runReconMultiCoil(o, itersGiven, (r, team) => {
          made = multiCoilReport(r.acq, r.maps, r.result, { truth: r.truth, pattern: o.pattern, replicas: o.replicas, seed: o.seed, team });
        });
        const { report, gMap } = made as unknown as ReturnType<typeof multiCoilReport>;
        if (gMap) {
          const files = run.summary.files as Record<string, string>;
          files.gfactor = run.out.array('gfactor', gMap, run.acq.ny, run.acq.nx, false, o.format);
          files.gfactorPng = run.out.png('gfactor', gMap, run.acq.ny, run.acq.nx, false);
        }
        run.out.json('recon', run.summary);
        run.out.json('report', report);
        commitOutputs(run.out, 'mri report');
        if (o.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        printMultiCoil(run);
        console.log(`\n${report.paragraph}`);
        return;
      }
      if (cmd.getOptionValueSource('replicas') === 'cli') process.stderr.write('candor: warning: --replicas is used by multi-coil k-space only (the g-factor map)\n');
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
