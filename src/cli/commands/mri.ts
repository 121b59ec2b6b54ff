/**
 * `candor mri`: simulate, reconstruct and explain undersampled MRI (docs/mri.md). Registered by the
 * lead in ./index.ts via `registerMri(program)`.
 */
import type { Command } from 'commander';
import { registerMriEcalib } from './mri-ecalib.ts';
import { registerMriPlan } from './mri-plan.ts';
import { registerMriRecon } from './mri-recon.ts';
import { registerMriReport } from './mri-report.ts';
import { registerMriSimulate } from './mri-simulate.ts';

export function registerMri(program: Command): void {
  const mri = program
    .command('mri')
    .description('MRI: simulate undersampled (multi-coil) k-space, estimate coil sensitivities, reconstruct (l1-wavelet, TV, CG-SENSE), report the theory, plan the acceleration')
    .addHelpText('after', '\nExamples:\n  candor mri simulate --out sim\n  candor mri simulate --coils 8 --out sim8\n  candor mri ecalib --kspace sim8/kspace.cfl --out cal\n  candor mri recon --kspace sim8/kspace.cfl --method l1-wavelet --out rec8\n  candor mri report --kspace sim/kspace.cfl --truth sim/truth.cfl --out rep\n  candor mri plan --size 128');
  registerMriSimulate(mri);
  registerMriRecon(mri);
  registerMriEcalib(mri);
  registerMriReport(mri);
  registerMriPlan(mri);
}
