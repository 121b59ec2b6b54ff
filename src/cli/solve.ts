/**
 * The solvers `candor recover` can run, by name, and the automatic choice.
 *
 * A problem is one of three kinds, fixed by the options:
 * - basis pursuit, min ||x||_1 s.t. Ax = y (neither --lambda nor --sigma; noiseless data);
 * - the LASSO, min 1/2 ||Ax - y||^2 + lambda ||x||_1 (--lambda);
 * - BPDN, min ||x||_1 s.t. ||Ax - y|| <= sigma (--sigma, the noise level ||e||_2).
 *
 * `--solver auto` picks: basis pursuit -> bp-homotopy (exact; admm for complex data); --sigma ->
 * bpdn (SPGL1); --lambda -> lasso-cd on an explicit real matrix, bp-homotopy's LASSO mode with
 * --nonneg, fista otherwise. A named solver must support the problem kind, the data (complex,
 * no explicit matrix) and --nonneg; the greedy solvers that need the sparsity need --k. Every
 * mismatch is a usage error naming the option and the solvers that would do.
 *
 * @example
 * import { chooseSolver, runSolver } from './solve.ts';
 * const s = chooseSolver('candor recover', { solver: 'auto', nonneg: false }, { m: 64, n: 128, complex: false, dense: true });
 * s.name;   // 'bp-homotopy'
 * runSolver(s, A, y).x;
 */
import type { Command } from 'commander';
import { l1 } from '../prox/l1.ts';
import { admm } from '../solvers/admm.ts';
import { amp } from '../solvers/amp.ts';
import { bpLP } from '../solvers/bp-lp.ts';
import { chambollePock } from '../solvers/chambolle-pock.ts';
import { lassoCD } from '../solvers/coordinate-descent.ts';
import { cosamp } from '../solvers/cosamp.ts';
import { fista, ista } from '../solvers/fista.ts';
import { bpHomotopy, lassoHomotopy } from '../solvers/homotopy.ts';
import { htp } from '../solvers/htp.ts';
import { iht, niht } from '../solvers/iht.ts';
import { omp } from '../solvers/omp.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import { bpdn } from '../solvers/spgl1.ts';
import { subspacePursuit } from '../solvers/subspace-pursuit.ts';
import type { SolverResult } from '../solvers/types.ts';
import { UsageError } from './errors.ts';
import { numberOption } from './options.ts';

export type Mode = 'bp' | 'lasso' | 'bpdn';

export interface SolveSettings {
  mode: Mode;
  lambda?: number;
  sigma?: number;
  k?: number;
  nonneg: boolean;
  maxIter?: number;
  tol?: number;
}

interface Entry {
  describe: string;
  modes: readonly Mode[];
  complex: boolean;
  /** Needs an explicit matrix (not a fast transform). */
  denseOnly: boolean;
  nonneg: boolean;
  k: 'none' | 'optional' | 'required';
  /** Needs the HiGHS runtime loaded (await initHighs()). */
  highs: boolean;
  run: (A: OperatorInput, y: Float64Array, s: SolveSettings) => SolverResult;
}

const common = (s: SolveSettings) => ({
  historyEvery: 0,
  ...(s.maxIter !== undefined ? { maxIter: s.maxIter } : {}),
  ...(s.tol !== undefined ? { tol: s.tol } : {}),
});
const penalty = (s: SolveSettings) => (s.mode === 'lasso' ? { lambda: s.lambda as number } : s.mode === 'bpdn' ? { sigma: s.sigma as number } : {});
const residualTol = (s: SolveSettings) => (s.mode === 'bpdn' ? { residualTol: s.sigma as number } : {});

const entry = (e: Partial<Entry> & Pick<Entry, 'describe' | 'modes' | 'run'>): Entry => ({
  complex: false,
  denseOnly: false,
  nonneg: false,
  k: 'none',
  highs: false,
  ...e,
});

const greedy = (label: string, f: typeof cosamp): Entry =>
  entry({
    describe: `${label} with sparsity --k (with --sigma: stop at ||Ax - y|| <= sigma)`,
    modes: ['bp', 'bpdn'],
    k: 'required',
    run: (A, y, s) => f(A, y, { k: s.k as number, ...residualTol(s), ...common(s) }),
  });

/** Every solver by its CLI name. */
export const SOLVERS: Readonly<Record<string, Entry>> = Object.freeze({
  'bp-homotopy': entry({
    describe: 'l1 homotopy (LARS-LASSO path): exact basis pursuit, or the LASSO at --lambda; --nonneg',
    modes: ['bp', 'lasso'],
    nonneg: true,
    run: (A, y, s) =>
      s.mode === 'lasso'
        ? lassoHomotopy(A, y, { lambda: s.lambda as number, nonneg: s.nonneg, ...common(s) })
        : bpHomotopy(A, y, { nonneg: s.nonneg, ...common(s) }),
  }),
  'bp-lp': entry({
    describe: 'basis pursuit as a linear program (HiGHS dual simplex); --nonneg',
    modes: ['bp'],
    nonneg: true,
    highs: true,
    run: (A, y, s) => bpLP(A, y, { nonneg: s.nonneg, ...common(s) }),
  }),
  bpdn: entry({
    describe: 'SPGL1 Pareto root finding: BPDN at --sigma (basis pursuit without it); complex data',
    modes: ['bp', 'bpdn'],
    complex: true,
    run: (A, y, s) => bpdn(A, y, { sigma: s.mode === 'bpdn' ? (s.sigma as number) : 0, ...common(s) }),
  }),
  admm: entry({
    describe: 'ADMM: basis pursuit, BPDN (--sigma) or the LASSO (--lambda); complex data',
    modes: ['bp', 'lasso', 'bpdn'],
    complex: true,
    run: (A, y, s) => admm(A, y, { ...penalty(s), ...common(s) }),
  }),
  'chambolle-pock': entry({
    describe: 'Chambolle-Pock primal-dual: the LASSO (--lambda) or BPDN (--sigma); complex data',
    modes: ['lasso', 'bpdn'],
    complex: true,
    run: (A, y, s) => chambollePock(A, y, { ...penalty(s), ...common(s) }),
  }),
  fista: entry({
    describe: 'FISTA with backtracking and adaptive restart: the LASSO (--lambda); complex data',
    modes: ['lasso'],
    complex: true,
    run: (A, y, s) => fista(A, y, l1(), { lambda: s.lambda as number, ...common(s) }),
  }),
  ista: entry({
    describe: 'ISTA (proximal gradient): the LASSO (--lambda); complex data',
    modes: ['lasso'],
    complex: true,
    run: (A, y, s) => ista(A, y, l1(), { lambda: s.lambda as number, ...common(s) }),
  }),
  'lasso-cd': entry({
    describe: 'working-set coordinate descent: the LASSO (--lambda) on an explicit real matrix',
    modes: ['lasso'],
    denseOnly: true,
    run: (A, y, s) => lassoCD(A, y, { lambda: s.lambda as number, ...common(s) }),
  }),
  omp: entry({
    describe: 'orthogonal matching pursuit, up to --k atoms (default: until the residual vanishes)',
    modes: ['bp', 'bpdn'],
    k: 'optional',
    run: (A, y, s) => omp(A, y, { ...(s.k !== undefined ? { k: s.k } : {}), ...residualTol(s), ...common(s) }),
  }),
  cosamp: greedy('CoSaMP', cosamp),
  'subspace-pursuit': greedy('Subspace Pursuit', subspacePursuit),
  iht: greedy('iterative hard thresholding', iht),
  niht: greedy('normalized iterative hard thresholding', niht),
  htp: greedy('hard thresholding pursuit', htp),
  amp: entry({
    describe: 'approximate message passing (i.i.d. Gaussian A); --k sets the threshold policy; --nonneg',
    modes: ['bp'],
    nonneg: true,
    k: 'optional',
    run: (A, y, s) => amp(A, y, { nonneg: s.nonneg, ...(s.k !== undefined ? { sparsity: s.k } : {}), ...common(s) }),
  }),
});

export const SOLVER_NAMES = ['auto', ...Object.keys(SOLVERS)] as const;

export interface ChosenSolver {
  name: string;
  entry: Entry;
  /** Why auto chose it, or 'requested'. */
  reason: string;
  settings: SolveSettings;
}

/** What the command line asks for: a solver name and the settings, whose mode follows from them. */
export type SolveRequest = Omit<SolveSettings, 'mode'> & { solver: string };

const MODE_TEXT: Record<Mode, string> = {
  bp: 'basis pursuit (no --lambda or --sigma)',
  lasso: 'the LASSO (--lambda)',
  bpdn: 'BPDN (--sigma)',
};

function names(pred: (e: Entry) => boolean): string {
  return Object.entries(SOLVERS)
    .filter(([, e]) => pred(e))
    .map(([n]) => n)
    .join(', ');
}

/** Adds --lambda, --sigma and --nonneg (the problem kind; shared by recover, certify, explain). */
export function problemKindOptions(cmd: Command): Command {
  return cmd
    .option('--lambda <l>', 'the LASSO: min 1/2||Ax - y||^2 + lambda ||x||_1', numberOption('--lambda', 0, Infinity, true))
    .option('--sigma <s>', 'BPDN: min ||x||_1 s.t. ||Ax - y||_2 <= sigma (the noise level ||e||_2)', numberOption('--sigma', 0, Infinity, true))
    .option('--nonneg', 'nonnegative signal (x >= 0)');
}

/** The problem kind from --lambda / --sigma (both is a usage error). */
export function modeOf(where: string, o: { lambda?: number; sigma?: number }): Mode {
  if (o.lambda !== undefined && o.sigma !== undefined) {
    throw new UsageError(where, 'options --lambda and --sigma', 'at most one of them (--lambda: the LASSO, --sigma: BPDN)', 'both');
  }
  return o.lambda !== undefined ? 'lasso' : o.sigma !== undefined ? 'bpdn' : 'bp';
}

/** Checks --k against the size of A: k <= max, where `label` says what max is ('n = 128'). */
export function checkK(where: string, k: number | undefined, max: number, label: string): void {
  if (k !== undefined && k > max) throw new UsageError(where, 'option --k', `an integer in [1, ${label}]`, String(k));
}

/** Validates the solver options against each other and the data, and picks the solver. */
export function chooseSolver(where: string, r: SolveRequest, data: { m: number; n: number; complex: boolean; dense: boolean }): ChosenSolver {
  const mode = modeOf(where, r);
  checkK(where, r.k, Math.min(data.m, data.n), `min(m, n) = ${Math.min(data.m, data.n)}`);
  if (r.nonneg && data.complex) throw new UsageError(where, 'option --nonneg', 'real data (nonnegativity is undefined for complex x)', 'a complex operator');
  let name = r.solver;
  let reason = 'requested';
  if (name === 'auto') {
    if (mode === 'bp') {
      name = data.complex ? 'admm' : 'bp-homotopy';
      reason = data.complex ? 'auto: noiseless complex data -> basis pursuit by ADMM' : 'auto: noiseless data -> exact basis pursuit by the l1 homotopy';
    } else if (mode === 'bpdn') {
      name = 'bpdn';
      reason = 'auto: --sigma -> BPDN by SPGL1';
    } else if (r.nonneg) {
      name = 'bp-homotopy';
      reason = 'auto: --lambda with --nonneg -> the nonnegative LASSO by the l1 homotopy';
    } else if (data.dense && !data.complex) {
      name = 'lasso-cd';
      reason = 'auto: --lambda on an explicit matrix -> the LASSO by coordinate descent';
    } else {
      name = 'fista';
      reason = 'auto: --lambda on a fast operator -> the LASSO by FISTA';
    }
  }
  const e = SOLVERS[name];
  if (!e.modes.includes(mode)) {
    throw new UsageError(where, 'option --solver', `a solver for ${MODE_TEXT[mode]}: ${names((x) => x.modes.includes(mode))}`, JSON.stringify(name));
  }
  if (data.complex && !e.complex) {
    throw new UsageError(where, 'option --solver', `a solver for complex data: ${names((x) => x.complex && x.modes.includes(mode))}`, JSON.stringify(name));
  }
  if (!data.dense && e.denseOnly) {
    throw new UsageError(where, 'option --solver', `a solver for an operator without an explicit matrix: ${names((x) => !x.denseOnly && x.modes.includes(mode))}`, JSON.stringify(name));
  }
  if (r.nonneg && !e.nonneg) {
    throw new UsageError(where, 'option --nonneg', `a solver with a nonnegative variant (${names((x) => x.nonneg && x.modes.includes(mode)) || 'none for this problem'})`, `--solver ${name}`);
  }
  if (e.k === 'required' && r.k === undefined) {
    throw new UsageError(where, 'option --k', `the sparsity k (${name} keeps k entries)`, 'none');
  }
  return { name, entry: e, reason, settings: { mode, lambda: r.lambda, sigma: r.sigma, k: r.k, nonneg: r.nonneg, maxIter: r.maxIter, tol: r.tol } };
}

/** Runs the chosen solver (HiGHS must be loaded for bp-lp). */
export function runSolver(s: ChosenSolver, A: OperatorInput, y: Float64Array): SolverResult {
  return s.entry.run(A, y, s.settings);
}
