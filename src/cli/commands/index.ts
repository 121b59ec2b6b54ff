/**
 * Every CLI command, in the order `candor --help` lists them. Each is loaded when it is needed:
 * `candor mri recon ...` imports the `mri` command's module and its `recon` subcommand (and what
 * they import) only, not the store, the server or the benchmarks; `candor --help` and unknown
 * commands load them all.
 */
import type { Command } from 'commander';

export type Register = (program: Command) => void;

export const COMMANDS: readonly { name: string; load: (argv: readonly string[]) => Promise<Register> }[] = Object.freeze([
  { name: 'recover', load: async () => (await import('./recover.ts')).registerRecover },
  { name: 'plan', load: async () => (await import('./plan.ts')).registerPlan },
  { name: 'certify', load: async () => (await import('./certify.ts')).registerCertify },
  { name: 'explain', load: async () => (await import('./explain.ts')).registerExplain },
  { name: 'sweep', load: async () => (await import('./sweep.ts')).registerSweep },
  { name: 'trial', load: async () => (await import('./trial.ts')).registerTrial },
  { name: 'mri', load: async (argv: readonly string[]) => (await import('./mri.ts')).loadMri(argv) },
  { name: 'radio', load: async () => (await import('./radio.ts')).registerRadio },
  { name: 'seismic', load: async () => (await import('./seismic.ts')).registerSeismic },
  { name: 'serve', load: async () => (await import('./serve.ts')).registerServe },
  { name: 'demo', load: async () => (await import('./demo.ts')).registerDemo },
  { name: 'bench', load: async () => (await import('./bench.ts')).registerBench },
]);

/** The command `argv` runs (its first word that is not an option), when it names one. */
export function commandOf(argv: readonly string[]): string | null {
  const word = argv.find((a) => !a.startsWith('-'));
  return word !== undefined && COMMANDS.some((c) => c.name === word) ? word : null;
}

/** The registrations `argv` needs: its command's alone, or all of them (help, unknown commands). */
export async function registrations(argv: readonly string[]): Promise<Register[]> {
  const name = commandOf(argv);
  const needed = name === null ? COMMANDS : COMMANDS.filter((c) => c.name === name);
  return Promise.all(needed.map((c) => c.load(argv)));
}
