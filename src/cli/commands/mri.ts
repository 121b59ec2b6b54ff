/**
 * `candor mri`: simulate, reconstruct and explain undersampled MRI (docs/mri.md). Like the
 * commands themselves (./index.ts), only the subcommand being run is loaded: `mri recon` does not
 * load the scan engine and its store that `mri plan` needs.
 */
import type { Command } from 'commander';

type RegisterSub = (mri: Command) => void;

export const MRI_SUMMARY =
  'MRI: simulate undersampled (multi-coil) k-space, estimate coil sensitivities, reconstruct (l1-wavelet, TV, CG-SENSE), report the theory, plan the acceleration, structured phase transitions';

const SUBCOMMANDS: readonly { name: string; load: () => Promise<RegisterSub> }[] = Object.freeze([
  { name: 'simulate', load: async () => (await import('./mri-simulate.ts')).registerMriSimulate },
  { name: 'recon', load: async () => (await import('./mri-recon.ts')).registerMriRecon },
  { name: 'ecalib', load: async () => (await import('./mri-ecalib.ts')).registerMriEcalib },
  { name: 'report', load: async () => (await import('./mri-report.ts')).registerMriReport },
  { name: 'plan', load: async () => (await import('./mri-plan.ts')).registerMriPlan },
  { name: 'transition', load: async () => (await import('./mri-transition.ts')).registerMriTransition },
]);

/** The `mri` command with the subcommands `argv` needs (its own, or all for help and unknown ones). */
export async function loadMri(argv: readonly string[]): Promise<(program: Command) => void> {
  const rest = argv.slice(argv.indexOf('mri') + 1);
  const word = rest.find((a) => !a.startsWith('-'));
  const own = SUBCOMMANDS.filter((s) => s.name === word);
  const subs = await Promise.all((own.length ? own : SUBCOMMANDS).map((s) => s.load()));
  return (program) => {
    const mri = program
      .command('mri')
      .description(MRI_SUMMARY)
      .addHelpText(
        'after',
        '\nExamples:\n  candor mri simulate --out sim\n  candor mri simulate --coils 8 --out sim8\n  candor mri ecalib --kspace sim8/kspace.cfl --out cal\n  candor mri recon --kspace sim8/kspace.cfl --method l1-wavelet --out rec8\n  candor mri report --kspace sim/kspace.cfl --truth sim/truth.cfl --out rep\n  candor mri plan --size 128',
      );
    for (const register of subs) register(mri);
  };
}
