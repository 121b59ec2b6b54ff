/**
 * `candor mri`: simulate, reconstruct and explain undersampled MRI (docs/mri.md). Registered by the
 * lead in ./index.ts via `registerMri(program)`.
 */
import type { Command } from 'commander';
import { registerMriPlan } from './mri-plan.ts';
import { registerMriRecon } from './mri-recon.ts';
import { registerMriReport } from './mri-report.ts';
import { registerMriSimulate } from './mri-simulate.ts';
import { registerMriTransition } from './mri-transition.ts';

export function registerMri(program: Command): void {
  const mri = program
    .command('mri')
    .description('MRI: simulate undersampled k-space, reconstruct (l1-wavelet, TV), report the theory, plan the acceleration, structured phase transitions')
    .addHelpText('after', '\nExamples:\n  candor mri simulate --out sim\n  candor mri report --kspace sim/kspace.cfl --truth sim/truth.cfl --out rep\n  candor mri plan --size 128');
  registerMriSimulate(mri);
  registerMriRecon(mri);
  registerMriReport(mri);
  registerMriPlan(mri);
  registerMriTransition(mri);
}
