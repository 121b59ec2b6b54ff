/**
 * `candor certify`: the certificate of a given reconstruction x (from any tool) for y = Ax:
 * certifyBP (basis pursuit), lassoKkt (--lambda) or certifyBPDN (--sigma).
 */
import { unseenColumns } from '../../predict/columns.ts';
import type { Command } from 'commander';
import { initHighs } from '../../solvers/highs-runtime.ts';
import { countNonzeros } from '../../theory/explain.ts';
import { certificateFor, relativeError, residualOf, toJson } from '../certify-report.ts';
import { loadProblem, loadVector, problemOptions, type ProblemFileOptions } from '../problem-files.ts';
import { modeOf, problemKindOptions } from '../solve.ts';

interface CertifyOpts extends ProblemFileOptions {
  x: string;
  lambda?: number;
  sigma?: number;
  nonneg?: boolean;
  lp: boolean;
  json?: boolean;
}

export function registerCertify(program: Command): void {
  problemKindOptions(
    problemOptions(program.command('certify').description('certify a reconstruction x: dual certificate (BP), KKT residual (LASSO) or error bound (BPDN)')),
  )
    .requiredOption('--x <file>', 'the reconstruction to certify, length n (.npy, .json, .csv)')
    .option('--no-lp', 'skip the optimal LP dual certificate (HiGHS; slow for large n), keep the least-norm one')
    .option('--json', 'print the certificate as JSON')
    .addHelpText(
      'after',
      `
Basis pursuit (default): is x the unique solution of min ||x||_1 s.t. Ax = y? Verdict
"certified unique l1 minimiser" or "not certified", with theta = max off-support |A^T v|
(< 1 certifies), sigma_min and cond of A_S, and what follows about the truth. The least-norm
certificate is tried first, then the optimal one by an LP (HiGHS; --no-lp skips it, said so).
--lambda: KKT residual, duality gap and uniqueness of a LASSO solution.
--sigma: feasibility, duality gap and the (conditional) error bound of a BPDN solution; its premise
(x0 has the support of x) is printed with it, and with --truth checked against the truth's k.
A "not certified" verdict is a result, not an error: the exit code is 0.

Examples:
  candor certify --A A.npy --y y.npy --x x.npy
  candor certify --A A.npy --y y.npy --x x_lasso.npy --lambda 0.01 --json
  candor certify --operator spec.json --y y.npy --x x.npy --sigma 0.1`,
    )
    .action(async (o: CertifyOpts) => {
      const where = 'candor certify';
      const mode = modeOf(where, o);
      const p = loadProblem(where, o);
      const aName = o.A !== undefined ? `A ${o.A}` : `operator ${o.operator}`;
      const x = loadVector('x', o.x, p.n, `columns of ${aName}`, p.complex);
      if (!p.complex) await initHighs(); // the LP certificate when the least-norm one fails
      // with --truth its sparsity checks the premises about the support (BP: is x k-sparse? BPDN: can x0 have x's support?)
      const k = p.truth ? countNonzeros(p.truth, p.complex) : undefined;
      const cert = certificateFor(p, x, { mode, lambda: o.lambda, sigma: o.sigma, nonneg: o.nonneg ?? false, lp: o.lp, k });
      const res = residualOf(p, x);
      const error = p.truth ? relativeError(x, p.truth) : null;
      if (o.json) {
        console.log(
          toJson({
            command: 'certify',
            problem: { source: p.source, y: p.yPath, x: o.x, truth: p.truthPath ?? null, m: p.m, n: p.n, complex: p.complex, ensemble: p.ensemble ?? null, kind: mode, lambda: o.lambda ?? null, sigma: o.sigma ?? null, nonneg: o.nonneg ?? false },
            residualNorm: res.norm,
            relativeResidual: res.relative,
            truth: error === null ? null : { relativeError: error },
            certificate: cert.data,
            zeroColumns: unseenColumns('candor certify', p.A),
          }),
        );
        return;
      }
      console.log(`certify: x ${o.x} for ${p.source}, y ${p.yPath}`);
      console.log(`  residual ||Ax - y|| = ${res.norm.toExponential(3)} (relative ${res.relative.toExponential(3)})`);
      if (error !== null) console.log(`  truth    relative error ${error.toExponential(3)} against ${p.truthPath}`);
      for (const line of cert.lines) console.log(line);
    });
}
