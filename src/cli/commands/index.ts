/**
 * Every CLI command, in the order `candor --help` lists them. Each is loaded when it is needed:
 * `candor mri recon ...` imports the `mri` command's module and its `recon` subcommand (and what
 * they import) only, not the store, the server or the benchmarks. `candor --help`, no command
 * and unknown commands load none: the list is drawn from the summaries below.
 */
import type { Command } from 'commander';

export type Register = (program: Command) => void;

/**
 * A command: its name, its one-line description (what `candor --help` lists without loading it;
 * a test keeps it equal to the loaded command's own) and its loader.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: (argv: readonly string[]) => Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = Object.freeze([
  { name: 'recover', summary: 'recover a sparse x from y = Ax (files), then certify and explain it', load: async () => (await import('./recover.ts')).registerRecover },
  { name: 'plan', summary: 'predict the measurements m needed for a target success probability (before acquiring)', load: async () => (await import('./plan.ts')).registerPlan },
  { name: 'certify', summary: 'certify a reconstruction x: dual certificate (BP), KKT residual (LASSO) or error bound (BPDN)', load: async () => (await import('./certify.ts')).registerCertify },
  { name: 'explain', summary: 'explain why a reconstruction x worked or failed, and what would change the outcome', load: async () => (await import('./explain.ts')).registerExplain },
  { name: 'sweep', summary: 'phase-transition sweeps: run (resumable, on one machine or many), report, list, status', load: async () => (await import('./sweep.ts')).registerSweep },
  { name: 'trial', summary: 'inspect single trials of a stored sweep', load: async () => (await import('./trial.ts')).registerTrial },
  { name: 'worker', summary: 'run the jobs of distributed sweeps from a Redis queue (any number of machines)', load: async () => (await import('./worker.ts')).registerWorker },
  { name: 'mri', summary: 'MRI: simulate undersampled (multi-coil) k-space, estimate coil sensitivities, reconstruct (l1-wavelet, TV, CG-SENSE), report the theory, plan the acceleration, structured phase transitions', load: async (argv: readonly string[]) => (await import('./mri.ts')).loadMri(argv) },
  { name: 'radio', summary: 'radio interferometry: visibility files (UVFITS, EHT text exports), uv coverage, imaging (dirty, CLEAN, compressed sensing, RML), simulation and planning', load: async () => (await import('./radio.ts')).registerRadio },
  { name: 'seismic', summary: 'seismic trace interpolation: file info, trace decimation, sparse interpolation with its theory, planning the fewest traces', load: async () => (await import('./seismic.ts')).registerSeismic },
  { name: 'serve', summary: 'start the web lab on a local server (phase transitions, MRI, planner)', load: async () => (await import('./serve.ts')).registerServe },
  { name: 'demo', summary: 'run the end-to-end demonstration on built-in data (no input, no network): predict, recover, certify, explain, MRI, phase transition', load: async () => (await import('./demo.ts')).registerDemo },
  { name: 'replay', summary: 're-run the command a receipt.json records and check that every output is identical', load: async () => (await import('./replay.ts')).registerReplay },
  { name: 'bench', summary: 'run the benchmarks against their peers (as npm run bench), printing ratios', load: async () => (await import('./bench.ts')).registerBench },
]);

/** The command `argv` runs (its first word that is not an option), when it names one. */
export function commandOf(argv: readonly string[]): string | null {
  const word = argv.find((a) => !a.startsWith('-'));
  return word !== undefined && COMMANDS.some((c) => c.name === word) ? word : null;
}

/** A command listed by its summary alone (for the top-level help and suggestions). */
function listed(c: CommandEntry): Register {
  return (program) => {
    program.command(c.name).description(c.summary);
  };
}

/**
 * The registrations `argv` needs: its command's alone, or, when it names none (help, an unknown
 * word), every command listed by its summary without loading any.
 */
export async function registrations(argv: readonly string[]): Promise<Register[]> {
  const name = commandOf(argv);
  if (name === null) return COMMANDS.map(listed);
  return Promise.all(COMMANDS.filter((c) => c.name === name).map((c) => c.load(argv)));
}

/** Every command loaded (tests, documentation). */
export function loadAll(): Promise<Register[]> {
  return Promise.all(COMMANDS.map((c) => c.load([c.name])));
}
