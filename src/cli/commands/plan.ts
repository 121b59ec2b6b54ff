/**
 * `candor plan`: the minimum number of measurements for a target success probability, with the
 * provenance of each number (rigorous, asymptotic, empirical from stored sweeps).
 */
import type { Command } from 'commander';
import { storeEmpiricalProvider } from '../../experiments/node/empirical.ts';
import { requireStoreFile } from '../../experiments/node/store.ts';
import { PLAN_ENSEMBLES, plan } from '../../theory/plan.ts';
import { optionsCall } from '../errors.ts';
import { choiceOption, intOption, numberOption } from '../options.ts';

const ENSEMBLES = PLAN_ENSEMBLES;

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('predict the measurements m needed for a target success probability (before acquiring)')
    .requiredOption('--n <n>', 'signal length (unknowns)', intOption('--n', 1))
    .requiredOption('--k <k>', 'sparsity (nonzeros)', intOption('--k', 0))
    .option('--ensemble <name>', `measurement ensemble: ${ENSEMBLES.join(', ')}`, choiceOption('--ensemble', ENSEMBLES), 'gaussian')
    .option('--signal <model>', 'signed or nonneg', choiceOption('--signal', ['signed', 'nonneg'] as const), 'signed')
    .option('--target <p>', 'target success probability in (0, 1)', numberOption('--target', 0, 1, true), 0.95)
    .option('--store <file>', 'SQLite store with sweeps, for empirical curves (read only; default candor.db when it exists)', 'candor.db')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  candor plan --n 1000 --k 50
  candor plan --n 200 --k 20 --target 0.99 --json
  candor plan --n 200 --k 20 --ensemble partial-dct --store candor.db   (uses a stored partial-DCT sweep)
A stored sweep is used only for the same ensemble and signal model, a basis-pursuit solver and n
within 10% of --n; one with fewer than 50 trials per cell is used with a warning. Sweeps that do
not apply are listed with the reason, and m is then the asymptotic answer.`,
    )
    .action((o: { n: number; k: number; ensemble: string; signal: 'signed' | 'nonneg'; target: number; store: string; json?: boolean }, cmd: Command) => {
      // an explicit --store must exist (it is never created); the default is used only if present
      if (cmd.getOptionValueSource('store') === 'cli') requireStoreFile(o.store);
      const p = optionsCall(() => plan({ n: o.n, k: o.k, ensemble: o.ensemble, signal: o.signal, target: o.target, empirical: storeEmpiricalProvider(o.store) }));
      if (o.json) {
        console.log(JSON.stringify(p, null, 2));
        return;
      }
      console.log(`plan: n = ${p.n}, k = ${p.k}, ${p.ensemble} measurements, ${p.signal} signal, target success ${p.target}`);
      console.log(`  recommended m = ${p.m}  (${p.provenance})`);
      console.log(`  asymptotic  m = ${p.asymptotic.m}  P = ${p.asymptotic.probability.toFixed(3)}  statistical dimension ${p.delta.toFixed(2)}, width ${p.sigma.toFixed(2)}`);
      const r = p.rigorous;
      if (r?.certified) console.log(`  rigorous    m = ${r.m}  P >= ${r.probability.toFixed(3)}  (ALMT Theorem II, Gaussian)`);
      else if (r) console.log(`  rigorous    no m < n reaches ${percent(p.target)} by ALMT Theorem II (its bound at m = n is ${r.almtBound.toFixed(2)}); m = n = ${p.n} works trivially`);
      if (p.empirical) console.log(`  empirical   m = ${p.empirical.m}  P = ${p.empirical.probability.toFixed(3)}  ${p.empirical.method}`);
      for (const nt of p.notes) console.log(`  note: ${nt}`);
      for (const w of p.warnings) console.log(`  warning: ${w}`);
    });
}

/** 0.95 -> "95%", 0.999 -> "99.9%". */
function percent(p: number): string {
  return `${Number((p * 100).toPrecision(10))}%`;
}
