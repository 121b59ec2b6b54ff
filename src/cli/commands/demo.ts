/**
 * `candor demo`: the one-minute story with no input and no network.
 * (Grows with the project: currently recovers a seeded sparse vector from Gaussian measurements.)
 */
import type { Command } from 'commander';
import { createRng } from '../../core/rng/index.ts';
import { relError } from '../../core/vec.ts';
import { l1 } from '../../prox/l1.ts';
import { fista } from '../../solvers/fista.ts';
import { intOption } from '../options.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the end-to-end demonstration on built-in data (no input, no network)')
    .option('--seed <n>', 'master seed', intOption('--seed'), 1)
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  candor demo\n  candor demo --seed 7 --json')
    .action((o: { seed: number; json?: boolean }) => {
      const n = 256;
      const m = 100;
      const k = 10;
      const rng = createRng(o.seed, 0);
      const data = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
      const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
      const y = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += data[i * n + j] * x0[j];
        y[i] = s;
      }
      const r = fista({ rows: m, cols: n, data }, y, l1(), { lambda: 1e-4, tol: 1e-10, maxIter: 20000 });
      const err = relError(r.x, x0);
      const summary = { n, m, k, solver: r.solver, lambda: 1e-4, iterations: r.iterations, converged: r.converged, relativeError: err, seconds: r.seconds };
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      console.log(`Candor demo: recover a ${k}-sparse signal of length ${n} from ${m} Gaussian measurements (seed ${o.seed}).`);
      console.log(`  solver      FISTA on 1/2||Ax - y||^2 + ${1e-4}||x||_1`);
      console.log(`  iterations  ${r.iterations} (${r.converged ? 'converged' : `not converged: ${r.stopReason}`})`);
      console.log(`  rel. error  ${err.toExponential(2)} against the true signal`);
      console.log(`  time        ${(r.seconds * 1000).toFixed(1)} ms`);
    });
}
