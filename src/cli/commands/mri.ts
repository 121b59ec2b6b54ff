/**
 * `candor mri`: simulate, reconstruct and explain undersampled MRI (docs/mri.md). Registered by the
 * lead in ./index.ts via `registerMri(program)`.
 */
import type { Command } from 'commander';
import { registerMriRecon } from './mri-recon.ts';
import { registerMriReport } from './mri-report.ts';
import { registerMriSimulate } from './mri-simulate.ts';

export function registerMri(program: Command): void {
  const mri = program
    .command('mri')
    .description('MRI: simulate undersampled k-space, reconstruct (l1-wavelet, TV), report the theory')
    .addHelpText('after', '\nExamples:\n  candor mri simulate --out sim\n  candor mri report --kspace sim/kspace.cfl --truth sim/truth.cfl --out rep');
  registerMriSimulate(mri);
  registerMriRecon(mri);
  registerMriReport(mri);
}
