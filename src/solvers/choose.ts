/**
 * Choosing a solver for a problem: the automatic choice and the checks that a named solver fits
 * the problem kind and the data, from the registry's capabilities (./registry.ts). The CLI
 * (`candor recover --solver`), the server and the applications call this one function.
 *
 * The problem kind follows from the parameters: basis pursuit (neither lambda nor sigma), the
 * LASSO (lambda), BPDN (sigma). `auto` picks: basis pursuit -> bp-homotopy (exact; admm for
 * complex data); sigma -> spgl1; lambda -> lasso-cd on an explicit real matrix, bp-homotopy's
 * LASSO mode when nonnegative, fista otherwise. A named solver must support the kind, the data
 * (complex, no explicit matrix) and nonnegativity; sparsity-k solvers need k. Every mismatch is a
 * usage error naming the parameter and the solvers that would do.
 *
 * @example
 * import { chooseSolver, runChosen } from './choose.ts';
 * const s = chooseSolver('demo', { solver: 'auto', nonneg: false }, { m: 64, n: 128, complex: false, dense: true });
 * s.name;     // 'bp-homotopy'
 * s.reason;   // 'auto: noiseless data -> exact basis pursuit by the l1 homotopy'
 * runChosen(s, A, y).x;
 */
import { CandorError } from '../core/errors.ts';
import type { OperatorInput } from './problem.ts';
import { type SolveMode, type SolveSettings, type SolverEntry, solverEntry, solverNamesWhere } from './registry.ts';
import type { SolverResult } from './types.ts';

/** What a caller asks for: a solver name ('auto' or a registry name) and the problem's parameters. */
export type SolveRequest = Omit<SolveSettings, 'mode'> & { solver: string };

/** How the caller names its parameters in messages (the CLI's flags by default). */
export interface ChooseLabels {
  solver: string;
  k: string;
  nonneg: string;
  lambda: string;
  sigma: string;
  /** The two together, as the `what` of the error for giving both ('options --lambda and --sigma'). */
  lambdaAndSigma: string;
}

/** The default {@link ChooseLabels}: the CLI's option names (`--solver`, `--k`, `--lambda`, ...). */
export const CLI_LABELS: ChooseLabels = Object.freeze({ solver: 'option --solver', k: 'option --k', nonneg: 'option --nonneg', lambda: '--lambda', sigma: '--sigma', lambdaAndSigma: 'options --lambda and --sigma' });

/**
 * The solver {@link chooseSolver} picked: its name and registry entry, the reason ('requested' or
 * why 'auto' chose it) and the resolved settings to run it with.
 */
export interface ChosenSolver {
  name: string;
  entry: SolverEntry;
  /** Why auto chose it, or 'requested'. */
  reason: string;
  settings: SolveSettings;
}

/** The data the choice depends on. */
export interface ProblemShape {
  m: number;
  n: number;
  complex: boolean;
  /** An explicit matrix is available (not only a fast transform). */
  dense: boolean;
}

function modeText(mode: SolveMode, L: ChooseLabels): string {
  return mode === 'bp' ? `basis pursuit (no ${L.lambda} or ${L.sigma})` : mode === 'lasso' ? `the LASSO (${L.lambda})` : `BPDN (${L.sigma})`;
}

/** The problem kind from lambda / sigma (both is a usage error). */
export function solveModeOf(where: string, o: { lambda?: number; sigma?: number }, L: ChooseLabels = CLI_LABELS): SolveMode {
  if (o.lambda !== undefined && o.sigma !== undefined) {
    throw new CandorError(where, L.lambdaAndSigma, `at most one of them (${L.lambda}: the LASSO, ${L.sigma}: BPDN)`, 'both', 'usage');
  }
  return o.lambda !== undefined ? 'lasso' : o.sigma !== undefined ? 'bpdn' : 'bp';
}

/** Validates the request against itself and the data, and picks the solver. */
export function chooseSolver(where: string, r: SolveRequest, data: ProblemShape, L: ChooseLabels = CLI_LABELS): ChosenSolver {
  const mode = solveModeOf(where, r, L);
  const kMax = Math.min(data.m, data.n);
  if (r.k !== undefined && r.k > kMax) throw new CandorError(where, L.k, `an integer in [1, min(m, n) = ${kMax}]`, String(r.k), 'usage');
  if (r.nonneg && data.complex) throw new CandorError(where, L.nonneg, 'real data (nonnegativity is undefined for complex x)', 'a complex operator', 'usage');
  let name = r.solver;
  let reason = 'requested';
  if (name === 'auto') {
    if (mode === 'bp') {
      name = data.complex ? 'admm' : 'bp-homotopy';
      reason = data.complex ? 'auto: noiseless complex data -> basis pursuit by ADMM' : 'auto: noiseless data -> exact basis pursuit by the l1 homotopy';
    } else if (mode === 'bpdn') {
      name = 'spgl1';
      reason = `auto: ${L.sigma} -> BPDN by SPGL1`;
    } else if (r.nonneg) {
      name = 'bp-homotopy';
      reason = `auto: ${L.lambda} with nonnegativity -> the nonnegative LASSO by the l1 homotopy`;
    } else if (data.dense && !data.complex) {
      name = 'lasso-cd';
      reason = `auto: ${L.lambda} on an explicit matrix -> the LASSO by coordinate descent`;
    } else {
      name = 'fista';
      reason = `auto: ${L.lambda} on a fast operator -> the LASSO by FISTA`;
    }
  }
  const e = solverEntry(name, where, L.solver);
  const quoted = JSON.stringify(name);
  if (!e.modes.includes(mode)) throw new CandorError(where, L.solver, `a solver for ${modeText(mode, L)}: ${solverNamesWhere((x) => x.modes.includes(mode))}`, quoted, 'usage');
  if (data.complex && !e.complex) {
    throw new CandorError(where, L.solver, `a solver for complex data: ${solverNamesWhere((x) => x.complex && x.modes.includes(mode))}`, quoted, 'usage');
  }
  if (!data.dense && e.operator === 'matrix') {
    throw new CandorError(where, L.solver, `a solver for an operator without an explicit matrix: ${solverNamesWhere((x) => x.operator !== 'matrix' && x.modes.includes(mode))}`, quoted, 'usage');
  }
  if (r.nonneg && !e.nonneg) {
    throw new CandorError(where, L.nonneg, `a solver with a nonnegative variant (${solverNamesWhere((x) => x.nonneg && x.modes.includes(mode)) || 'none for this problem'})`, `${L.solver.replace(/^option /, '')} ${name}`, 'usage');
  }
  if (e.k === 'required' && r.k === undefined) throw new CandorError(where, L.k, `the sparsity k (${name} keeps k entries)`, 'none', 'usage');
  return { name, entry: e, reason, settings: { mode, lambda: r.lambda, sigma: r.sigma, k: r.k, nonneg: r.nonneg, maxIter: r.maxIter, tol: r.tol } };
}

/** Runs the chosen solver (HiGHS must be loaded for solvers with `highs`). */
export function runChosen(s: ChosenSolver, A: OperatorInput, y: Float64Array): SolverResult {
  return s.entry.run(A, y, s.settings);
}
