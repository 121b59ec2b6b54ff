/**
 * `candor trial reproduce`: re-runs one stored trial from (seed, cell, trial) alone and shows its
 * numbers next to the stored ones.
 */
import type { Command } from 'commander';
import { CandorError } from '../../core/errors.ts';
import { Store } from '../../experiments/node/store.ts';
import { prepareSweepSolver } from '../../experiments/solvers.ts';
import { parseSpec } from '../../experiments/spec.ts';
import { runTrial } from '../../experiments/trial.ts';
import { intOption } from '../options.ts';

export function registerTrial(program: Command): void {
  const trial = program.command('trial').description('inspect single trials of a stored sweep');
  trial
    .command('reproduce')
    .description('re-run one stored trial bit-for-bit and compare with the stored result')
    .requiredOption('--sweep <id>', 'sweep id', intOption('--sweep', 1))
    .requiredOption('--cell <c>', 'cell index (row-major over delta, rho)', intOption('--cell', 0))
    .requiredOption('--trial <t>', 'trial index within the cell', intOption('--trial', 0))
    .option('--store <file>', 'SQLite store', 'candor.db')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  candor trial reproduce --sweep 1 --cell 37 --trial 4')
    .action(async (o: { sweep: number; cell: number; trial: number; store: string; json?: boolean }) => {
      const store = Store.open(o.store, { readonly: true });
      let stored: ReturnType<Store['trials']>[number] | undefined;
      let spec: ReturnType<typeof parseSpec>;
      try {
        const sw = store.sweep(o.sweep);
        spec = parseSpec(sw.spec, {}, { legacy: true });
        if (o.cell >= spec.cells.length) throw new CandorError('candor trial reproduce', 'option --cell', `an index in [0, ${spec.cells.length - 1}]`, String(o.cell), 'usage');
        if (o.trial >= spec.trials) throw new CandorError('candor trial reproduce', 'option --trial', `an index in [0, ${spec.trials - 1}]`, String(o.trial), 'usage');
        stored = store.trials(o.sweep).find((t) => t.cell === o.cell && t.trial === o.trial);
      } finally {
        store.close();
      }
      await prepareSweepSolver(spec.solver.name);
      const r = runTrial(spec, spec.cells[o.cell], o.trial);
      const identical = stored !== undefined && stored.error === r.error && stored.success === r.success && stored.iterations === r.iterations;
      const c = spec.cells[o.cell];
      const out = { sweep: o.sweep, cell: o.cell, trial: o.trial, delta: c.delta, rho: c.rho, m: c.m, k: c.k, n: spec.n, seed: spec.seed, reproduced: { error: r.error, success: r.success, iterations: r.iterations, stopReason: r.stopReason, seconds: r.seconds }, stored: stored ?? null, identical };
      if (o.json) {
        console.log(JSON.stringify(out, null, 2));
      } else {
        console.log(`trial ${o.trial} of cell ${o.cell} (delta ${c.delta}, rho ${c.rho}: m=${c.m}, k=${c.k}, n=${spec.n}), sweep ${o.sweep}, master seed ${spec.seed}`);
        console.log(`  reproduced: error ${r.error.toExponential(6)}, ${r.success ? 'success' : 'failure'}, ${r.iterations} iterations (${r.stopReason})`);
        if (stored) console.log(`  stored:     error ${stored.error.toExponential(6)}, ${stored.success ? 'success' : 'failure'}, ${stored.iterations} iterations (${stored.stopReason}), seed ${stored.seed}`);
        else console.log('  stored:     (this trial has not been run yet)');
        console.log(stored ? (identical ? '  identical to the stored result' : '  DIFFERS from the stored result') : '');
      }
      if (stored && !identical) process.exitCode = 1;
    });
}
