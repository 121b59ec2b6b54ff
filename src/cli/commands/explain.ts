/**
 * `candor explain`: why a reconstruction x of y = Ax worked or failed and what would change the
 * outcome: explain()'s paragraph and its findings (transition, coherence, certificate, residual,
 * truth, remedy).
 */
import type { Command } from 'commander';
import { initHighs } from '../../solvers/highs-runtime.ts';
import { explanationFor, SUCCESS_HELP, toJson } from '../certify-report.ts';
import { intOption, numberOption } from '../options.ts';
import { loadProblem, loadVector, problemOptions, type ProblemFileOptions, targetOption } from '../problem-files.ts';
import { checkK, modeOf, problemKindOptions } from '../solve.ts';

interface ExplainOpts extends ProblemFileOptions {
  x: string;
  k?: number;
  lambda?: number;
  sigma?: number;
  nonneg?: boolean;
  target: number;
  successTol?: number;
  lp: boolean;
  store: string;
  json?: boolean;
}

export function registerExplain(program: Command): void {
  problemKindOptions(
    problemOptions(program.command('explain').description('explain why a reconstruction x worked or failed, and what would change the outcome')),
  )
    .requiredOption('--x <file>', 'the reconstruction, length n (.npy, .json, .csv)')
    .option('--k <k>', 'sparsity of the truth, when known without --truth', intOption('--k', 1))
    .option('--success-tol <t>', SUCCESS_HELP, numberOption('--success-tol', 0))
    .option('--no-lp', 'skip the optimal LP dual certificate (HiGHS; slow for large n), keep the least-norm one')
    .option('--target <p>', 'success probability the remedies aim at, in (0, 1)', targetOption, 0.95)
    .option('--store <file>', 'SQLite store with sweeps, for empirical remedies', 'candor.db')
    .option('--json', 'print the findings as JSON')
    .addHelpText(
      'after',
      `
The findings: where (m, k, n) sits against the predicted phase transition, what the coherence
guarantees, the certificate (BP; LASSO with --lambda; BPDN with --sigma), the data residual, the
error against --truth, and the remedy ("with m >= 76 the predicted success rate is 95%",
"reduce k to 16"). k comes from --k, else from --truth, else from x's support (said so).
Success against --truth: relative error <= 1e-5 for noiseless data; with --sigma or --lambda,
||x - x0|| <= C ||x_or - x0|| + 1e-5 ||x0|| with C = sqrt(2 ln n + 1) (3.48 at n = 256; x_or: least squares on the true support, the oracle).
--success-tol t replaces either rule by relative error <= t. With --k, a certified l1 minimiser
with more than k nonzeros is reported as a failure (it cannot be the k-sparse signal).

Examples:
  candor explain --A A.npy --y y.npy --x x.npy --truth x0.npy --ensemble gaussian
  candor explain --operator spec.json --y y.npy --x x.npy --k 20 --json`,
    )
    .action(async (o: ExplainOpts) => {
      const where = 'candor explain';
      const mode = modeOf(where, o);
      const p = loadProblem(where, o);
      checkK(where, o.k, p.n, `n = ${p.n}`);
      const aName = o.A !== undefined ? `A ${o.A}` : `operator ${o.operator}`;
      const x = loadVector('x', o.x, p.n, `columns of ${aName}`, p.complex);
      if (!p.complex) await initHighs();
      const e = explanationFor(p, x, { mode, lambda: o.lambda, sigma: o.sigma, nonneg: o.nonneg ?? false, k: o.k, target: o.target, store: o.store, successTol: o.successTol, lp: o.lp });
      if (o.json) {
        console.log(
          toJson({
            command: 'explain',
            problem: { source: p.source, y: p.yPath, x: o.x, truth: p.truthPath ?? null, ensemble: p.ensemble ?? null, kind: mode, lambda: o.lambda ?? null, sigma: o.sigma ?? null, nonneg: o.nonneg ?? false },
            ...e,
          }),
        );
        return;
      }
      console.log(`explain: x ${o.x} for ${p.source}, y ${p.yPath}`);
      const kFrom = e.kSource === 'given' ? 'given by --k' : e.kSource === 'truth' ? 'from --truth' : "from x's support";
      console.log(`outcome: ${e.outcome} (n = ${e.n}, m = ${e.m}, k = ${e.k} ${kFrom})`);
      console.log(e.paragraph);
      console.log('findings:');
      for (const f of e.findings) console.log(`  ${f.topic.padEnd(12)}${f.severity.padEnd(9)}${f.text}`);
    });
}
