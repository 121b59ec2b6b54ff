/**
 * `candor recover`: a sparse recovery from files (A or an operator spec, y), by a chosen or
 * automatically chosen solver, followed by its certificate and the plain-language explanation.
 */
import { unseenColumns } from '../../predict/columns.ts';
import type { Command } from 'commander';
import { CandorError } from '../../core/errors.ts';
import { initHighs } from '../../solvers/highs-runtime.ts';
import { countNonzeros, NONZERO_REL_TOL } from '../../theory/explain.ts';
import { certificateFor, explanationFor, relativeError, residualOf, SUCCESS_HELP, toJson } from '../certify-report.ts';
import { intOption, numberOption, choiceOption, type LambdaAuto } from '../options.ts';
import { chooseLassoLambda } from '../../solvers/lambda-lasso.ts';
import { type LambdaChoice, lambdaChoiceJson } from '../../solvers/lambda-choice.ts';
import { UsageError } from '../errors.ts';
import { lambdaChoiceSvg } from '../../apps/report/lambda-figure.ts';
import { writeFileAtomic } from '../../io/node/files.ts';
import { checkOutFor, loadProblem, outOption, targetOption, problemOptions, type ProblemFileOptions, writeVector } from '../problem-files.ts';
import { chooseSolver, runChosen } from '../../solvers/choose.ts';
import { SOLVER_NAMES, SOLVER_REGISTRY } from '../../solvers/registry.ts';
import { modeOf, problemKindOptions } from '../solve.ts';

interface RecoverOpts extends ProblemFileOptions {
  solver: string;
  k?: number;
  lambda?: number | LambdaAuto;
  noiseStd?: number;
  lambdaFigure?: string;
  lambdaStopAfter?: number;
  sigma?: number;
  nonneg?: boolean;
  maxIter?: number;
  tol?: number;
  target: number;
  successTol?: number;
  lp: boolean;
  store: string;
  out?: string;
  json?: boolean;
}

const solverList = SOLVER_REGISTRY.map((e) => `  ${e.name.padEnd(18)}${e.describe}`).join('\n');

/** `--lambda-stop-after`: a whole number of grid points, or all (Infinity). */
function stopAfterOption(v: string): number {
  if (v.trim() === 'all') return Infinity;
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new UsageError('candor', 'option --lambda-stop-after', 'an integer >= 0 or all', JSON.stringify(v));
  return Number(v);
}

/** A relative residual above this means a noiseless (basis pursuit) run did not solve Ax = y. */
const STALL_RESIDUAL = 1e-6;

export function registerRecover(program: Command): void {
  problemKindOptions(
    problemOptions(program.command('recover').description('recover a sparse x from y = Ax (files), then certify and explain it')),
    { autoLambda: true },
  )
    .option('--solver <name>', `auto or a solver below`, choiceOption('--solver', ['auto', ...SOLVER_NAMES]), 'auto')
    .option('--k <k>', 'sparsity: greedy solvers keep k entries; also the k of the explanation', intOption('--k', 1))
    .option('--max-iter <n>', "solver's iteration limit (default: the solver's own)", intOption('--max-iter', 1))
    .option('--tol <t>', "solver's stopping tolerance (default: the solver's own)", numberOption('--tol', 0, Infinity, true))
    .option('--success-tol <t>', SUCCESS_HELP, numberOption('--success-tol', 0))
    .option('--no-lp', 'skip the optimal LP dual certificate (HiGHS; slow for large n), keep the least-norm one')
    .option('--target <p>', 'success probability the remedies aim at, in (0, 1)', targetOption, 0.95)
    .option('--store <file>', 'SQLite store with sweeps, for empirical remedies', 'candor.db')
    .option('--out <file>', 'write x here (.npy, .json or .csv; atomic)', outOption)
    .option('--lambda-figure <file>', 'with --lambda auto: write the criterion over the path as SVG (docs/lambda.md)')
    .option(
      '--lambda-stop-after <n>',
      'with --lambda auto: stop the path n grid points past the best so far, or all (default: sure 8 when m >= 150 and the support at its minimum <= m/2, else all; discrepancy 0; gcv all; lcurve always all)',
      stopAfterOption,
    )
    .option('--json', 'print one JSON object (problem, solver, certificate, explanation)')
    .addHelpText(
      'after',
      `
Problem kinds: basis pursuit (default, noiseless y), the LASSO (--lambda), BPDN (--sigma).
--lambda auto[:rule]: the LASSO weight chosen over a warm-started path of 50 weights from
lambda_max down to 1e-3 lambda_max by SURE (default; df = support size), GCV, the discrepancy
principle or the L-curve corner; the noise std from --noise-std or estimated (docs/lambda.md).
SURE (m >= 150) stops the path 8 weights past its running minimum and the discrepancy principle at
its first weight with ||y - Ax|| <= sigma sqrt(m) (the note in the output says where;
--lambda-stop-after all walks the whole grid; the L-curve always walks it).
--solver auto: basis pursuit -> bp-homotopy (admm for complex data); --sigma -> spgl1;
--lambda -> lasso-cd on a matrix, fista on a fast operator (bp-homotopy with --nonneg).
Solvers:
${solverList}

Operator specs (--operator spec.json):
  {"type": "gaussian", "m": 64, "n": 256, "seed": 1}        also "rademacher"; "columns": "unit"
  {"type": "partial-dct", "n": 256, "rows": [0, 7, ...]}     also "partial-fourier" (complex),
  {"type": "partial-hadamard", "n": 256, "m": 64, "seed": 3}   "partial-hadamard"; rows or m + seed

Examples:
  candor recover --A A.npy --y y.npy --truth x0.npy --out x.npy
  candor recover --A A.csv --y y.csv --sigma 0.05 --json
  candor recover --operator spec.json --y y.json --lambda 0.01 --solver fista
  candor recover --A A.npy --y y.npy --solver cosamp --k 8
  candor recover --A A.npy --y y.npy --lambda auto:gcv --json`,
    )
    .action(async (o: RecoverOpts) => {
      const where = 'candor recover';
      const auto = typeof o.lambda === 'object' ? o.lambda : null;
      if (o.noiseStd !== undefined && !auto) throw new UsageError(where, 'option --noise-std', 'only with --lambda auto', String(o.noiseStd));
      if (o.lambdaFigure !== undefined && !auto) throw new UsageError(where, 'option --lambda-figure', 'only with --lambda auto', o.lambdaFigure);
      if (o.lambdaFigure !== undefined && !o.lambdaFigure.toLowerCase().endsWith('.svg')) throw new UsageError(where, 'option --lambda-figure', 'a file name ending in .svg', o.lambdaFigure);
      const stopText = o.lambdaStopAfter === Infinity ? 'all' : String(o.lambdaStopAfter);
      if (o.lambdaStopAfter !== undefined && !auto) throw new UsageError(where, 'option --lambda-stop-after', 'only with --lambda auto', stopText);
      const autoRule = auto?.rule ?? 'sure';
      if (auto && o.lambdaStopAfter !== undefined && autoRule === 'lcurve') {
        throw new UsageError(where, 'option --lambda-stop-after', 'none with the rule lcurve (its corner needs the whole grid)', stopText);
      }
      if (auto && o.lambdaStopAfter === 0 && (autoRule === 'sure' || autoRule === 'gcv')) {
        throw new UsageError(where, 'option --lambda-stop-after', `an integer >= 1 or all for the rule ${autoRule} (its running minimum needs a later point above it)`, stopText);
      }
      if (auto && o.sigma !== undefined) throw new UsageError(where, 'options', '--lambda auto or --sigma, not both', '--lambda auto --sigma');
      const p = loadProblem(where, o);
      // --lambda auto: the weight chosen over the LASSO path, then the run at that weight
      let lambdaChoice: LambdaChoice | null = null;
      if (auto) {
        lambdaChoice = chooseLassoLambda(p.A, p.y, {
          rule: auto.rule,
          ...(o.noiseStd !== undefined ? { noiseStd: o.noiseStd, noiseSource: 'given (--noise-std)' } : {}),
          ...(o.tol !== undefined ? { tol: o.tol } : {}),
          ...(o.lambdaStopAfter !== undefined ? { stopAfter: o.lambdaStopAfter } : {}),
          ...(o.maxIter !== undefined ? { maxIter: o.maxIter } : {}),
        });
        o.lambda = lambdaChoice.lambda;
      }
      const lambda = o.lambda as number | undefined;
      const mode = modeOf(where, { lambda, sigma: o.sigma });
      checkOutFor(where, o.out, p.complex);
      const chosen = chooseSolver(where, { solver: o.solver, lambda, sigma: o.sigma, k: o.k, nonneg: o.nonneg ?? false, maxIter: o.maxIter, tol: o.tol }, p);
      if (!p.complex) await initHighs(); // bp-lp, and the LP certificate when the least-norm one fails
      const r = runChosen(chosen, p.A, p.y);
      const kKnown = o.k ?? (p.truth ? countNonzeros(p.truth, p.complex) : undefined);
      const settings = { mode, lambda, sigma: o.sigma, nonneg: o.nonneg ?? false, k: o.k, target: o.target, store: o.store, successTol: o.successTol, lp: o.lp };
      const res = residualOf(p, r.x);
      const error = p.truth ? relativeError(r.x, p.truth) : null;
      const cert = certificateFor(p, r.x, { ...settings, k: kKnown });
      let explanation: ReturnType<typeof explanationFor> | null = null;
      let explainNote: string | null = null;
      try {
        explanation = explanationFor(p, r.x, settings, r, cert); // reuses the certificate: no second LP
      } catch (e) {
        if (!(e instanceof CandorError)) throw e;
        explainNote = e.message;
      }
      if (o.out) writeVector(o.out, r.x, p.complex);
      if (lambdaChoice && o.lambdaFigure) writeFileAtomic(o.lambdaFigure, new TextEncoder().encode(lambdaChoiceSvg(lambdaChoice)), where);
      const nz = countNonzeros(r.x, p.complex);
      const rounding = countNonzeros(r.x, p.complex, 0) - nz;
      // a solver that stops because its iterates stopped moving has not solved Ax = y if the residual is large
      const stalled = mode === 'bp' && r.converged && res.relative > STALL_RESIDUAL;
      const problemText =
        (mode === 'lasso'
          ? `LASSO: min 1/2||Ax - y||^2 + ${lambda} ||x||_1${lambdaChoice ? ` (lambda chosen by ${lambdaChoice.rule})` : ''}`
          : mode === 'bpdn'
            ? `BPDN: min ||x||_1 s.t. ||Ax - y|| <= ${o.sigma}`
            : 'basis pursuit: min ||x||_1 s.t. Ax = y') + (o.nonneg ? ', x >= 0' : '');
      if (o.json) {
        console.log(
          toJson({
            command: 'recover',
            problem: { source: p.source, A: o.A ?? null, operator: o.operator ?? null, y: p.yPath, truth: p.truthPath ?? null, m: p.m, n: p.n, complex: p.complex, ensemble: p.ensemble ?? null, kind: mode, statement: problemText, lambda: lambda ?? null, sigma: o.sigma ?? null, nonneg: o.nonneg ?? false, k: o.k ?? null },
            solver: { name: chosen.name, reason: chosen.reason, library: r.solver, iterations: r.iterations, converged: r.converged, stopReason: r.stopReason, seconds: r.seconds, objective: r.objective, lambda: r.lambda ?? null, residualNorm: res.norm, relativeResidual: res.relative, nonzeros: nz, nonzeroRelTol: NONZERO_REL_TOL, roundingEntries: rounding, stalled, calls: r.calls },
            lambdaChoice: lambdaChoice ? lambdaChoiceJson(lambdaChoice, { figure: o.lambdaFigure ?? null }) : null,
            truth: error === null ? null : { relativeError: error },
            certificate: cert.data,
            zeroColumns: unseenColumns('candor recover', p.A),
            lp: o.lp ? 'auto' : 'skipped (--no-lp)',
            explanation: explanation ? { outcome: explanation.outcome, k: explanation.k, kSource: explanation.kSource, paragraph: explanation.paragraph, findings: explanation.findings } : { note: explainNote },
            out: o.out ?? null,
          }),
        );
        return;
      }
      console.log(`recover: ${p.source}, y ${p.yPath}`);
      console.log(`  problem    ${problemText}`);
      if (lambdaChoice) {
        const c = lambdaChoice;
        console.log(`  lambda     ${c.lambda.toPrecision(4)} by ${c.statement}`);
        console.log(`             over ${c.path.length} weights, ${c.position.fromLargest} from the largest; noise std ${c.noiseStd?.toPrecision(3)}, ${c.noiseSource}`);
        if (c.exactPath?.minimum) console.log(`             exact path: ${c.exactPath.knots.length} knots; the criterion's minimum over them at ${c.exactPath.minimum.lambda.toPrecision(4)} (df ${c.exactPath.minimum.df})`);
        for (const n of c.notes) console.log(`             note: ${n}`);
        if (o.lambdaFigure) console.log(`             figure ${o.lambdaFigure}`);
      }
      console.log(`  solver     ${chosen.name} (${chosen.reason})`);
      const state = stalled
        ? `its stopping test passed, but x does NOT solve Ax = y: ||Ax - y||/||y|| = ${res.relative.toPrecision(2)}`
        : r.converged
          ? 'converged'
          : 'NOT converged';
      console.log(`  stopped    after ${r.iterations} iterations: ${r.stopReason} (${state}) in ${(r.seconds * 1000).toFixed(1)} ms`);
      console.log(`  residual   ||Ax - y|| = ${res.norm.toExponential(3)} (relative ${res.relative.toExponential(3)})`);
      console.log(`  nonzeros   ${nz} of ${p.n} (|x_j| > ${NONZERO_REL_TOL} max|x|${rounding > 0 ? `; ${rounding} smaller nonzero entr${rounding === 1 ? 'y' : 'ies'} count as zero` : ''})`);
      if (error !== null) console.log(`  truth      relative error ${error.toExponential(3)} against ${p.truthPath}`);
      if (o.out) console.log(`  wrote      ${o.out}`);
      for (const line of cert.lines) console.log(line);
      if (explanation) console.log(`explanation (${explanation.outcome}): ${explanation.paragraph}`);
      else console.log(`explanation: not available (${explainNote})`);
    });
}
