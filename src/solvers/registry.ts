/**
 * The one registry of Candor's solvers: every solver by its one name, with what it can do and
 * how to run it. The CLI (`candor recover --solver`, `candor sweep solvers`), the sweeps, the
 * planner's empirical rules, the web lab and the server all read it; no other list of solver
 * names exists (test/solvers/registry.test.ts fails if one appears).
 *
 * Problem kinds (`SolveMode`), in the one objective convention:
 * - `bp`:    basis pursuit, min ||x||_1 s.t. A x = y (noiseless data);
 * - `bpdn`:  min ||x||_1 s.t. ||A x - y||_2 <= sigma;
 * - `lasso`: min 1/2 ||A x - y||^2 + lambda ||x||_1.
 * Solvers with `k: 'required'` (sparsity-k: CoSaMP, Subspace Pursuit, IHT, NIHT, HTP) keep k
 * entries; in `bp` mode they stop at a zero residual, in `bpdn` mode at ||A x - y|| <= sigma.
 *
 * Capabilities: `complex` (complex data), `nonneg` (a nonnegative variant), `k`, `highs` (needs
 * `await initHighs()`), `exact` (solves basis pursuit exactly, up to rounding), and `operator`,
 * what the solver needs from A:
 * - `'matrix'`: an explicit matrix (coordinate descent reads columns of a stored matrix);
 * - `'materialises'`: any operator, whose m x n matrix it builds first (the LP, the homotopy);
 * - `'matrix-free'`: products A x and A^T y only (columns on demand for a small support), so it
 *   runs on fast transforms at any n.
 *
 * `sweep` says how a phase-transition trial calls it: with the true sparsity as k or without,
 * and the options it takes by default there (tight tolerances, a small lambda for LASSO-only
 * solvers); `sweepSettings` resolves them. Names of earlier releases that stored sweeps may still
 * carry are mapped by `LEGACY_SWEEP_SOLVERS`.
 *
 * @example
 * import { SOLVER_REGISTRY, solverEntry } from './registry.ts';
 * SOLVER_REGISTRY.map((s) => s.name);   // ['bp-homotopy', 'bp-lp', 'spgl1', 'admm', ...]
 * solverEntry('fista').modes;           // ['lasso']
 * solverEntry('omp').run(A, y, { mode: 'bp', nonneg: false, k: 10 });
 */
import { CandorError, describe } from '../core/errors.ts';
import { l1 } from '../prox/l1.ts';
import { admm } from './admm.ts';
import { amp } from './amp.ts';
import { bpLP } from './bp-lp.ts';
import { chambollePock } from './chambolle-pock.ts';
import { lassoCD } from './coordinate-descent.ts';
import { cosamp } from './cosamp.ts';
import { fista, ista } from './fista.ts';
import { bpHomotopy, lassoHomotopy } from './homotopy.ts';
import { htp } from './htp.ts';
import { iht, niht } from './iht.ts';
import { omp } from './omp.ts';
import type { OperatorInput } from './problem.ts';
import { bpdn } from './spgl1.ts';
import { subspacePursuit } from './subspace-pursuit.ts';
import type { SolverResult } from './types.ts';

/**
 * The problem kind: 'bp' (min ||x||_1 s.t. A x = y), 'bpdn' (min ||x||_1 s.t. ||A x - y||_2 <= sigma)
 * or 'lasso' (min 1/2 ||A x - y||^2 + lambda ||x||_1).
 */
export type SolveMode = 'bp' | 'bpdn' | 'lasso';
/** The family a solver belongs to: exact (LP, homotopy), convex, greedy or message passing (AMP). */
export type SolverFamily = 'exact' | 'convex' | 'greedy' | 'message-passing';

/** What a run asks for: the problem kind and its parameters. */
export interface SolveSettings {
  mode: SolveMode;
  lambda?: number;
  sigma?: number;
  k?: number;
  nonneg: boolean;
  maxIter?: number;
  tol?: number;
}

/**
 * What a solver can do: its problem kinds, complex data, a nonnegative variant, whether it takes
 * the sparsity k, what it needs from A (see the module comment), whether it needs
 * `await initHighs()` and whether it solves basis pursuit exactly.
 */
export interface SolverCapabilities {
  modes: readonly SolveMode[];
  complex: boolean;
  nonneg: boolean;
  k: 'none' | 'optional' | 'required';
  operator: 'matrix' | 'materialises' | 'matrix-free';
  highs: boolean;
  exact: boolean;
}

/** How a phase-transition trial runs the solver. */
export interface SweepUse {
  /** Pass the trial's true sparsity as k. */
  k: boolean;
  /** Default options in sweeps (a spec's `solver.options` override them). */
  defaults: Readonly<{ maxIter?: number; tol?: number; lambda?: number }>;
}

/**
 * A solver of the registry: its name, family, one-line description, capabilities, how sweeps run
 * it, and `run`, the uniform entry point.
 */
export interface SolverEntry extends SolverCapabilities {
  name: string;
  family: SolverFamily;
  describe: string;
  sweep: SweepUse;
  /**
   * Solves (A, y) in the settings' problem kind with its parameters (lambda, sigma, k, nonneg, maxIter, tol).
   */
  run(A: OperatorInput, y: Float64Array, s: SolveSettings): SolverResult;
}

const common = (s: SolveSettings) => ({
  historyEvery: 0,
  ...(s.maxIter !== undefined ? { maxIter: s.maxIter } : {}),
  ...(s.tol !== undefined ? { tol: s.tol } : {}),
});
const penalty = (s: SolveSettings) => (s.mode === 'lasso' ? { lambda: s.lambda as number } : s.mode === 'bpdn' ? { sigma: s.sigma as number } : {});
const residualTol = (s: SolveSettings) => (s.mode === 'bpdn' ? { residualTol: s.sigma as number } : {});
const NO_SWEEP_DEFAULTS = Object.freeze({});

type Spec<N extends string> = Partial<SolverEntry> & Pick<SolverEntry, 'family' | 'describe' | 'modes' | 'run'> & { name: N };
/** An entry keeps its name's literal type, so that {@link SolverName} is read off the registry. */
const entry = <N extends string>(e: Spec<N>): SolverEntry & { name: N } =>
  Object.freeze({
    complex: false,
    nonneg: false,
    k: 'none' as const,
    operator: 'matrix-free' as const,
    highs: false,
    exact: false,
    sweep: { k: false, defaults: NO_SWEEP_DEFAULTS },
    ...e,
  });

const greedy = <N extends string>(name: N, label: string, f: typeof cosamp): SolverEntry & { name: N } =>
  entry({
    name,
    family: 'greedy',
    describe: `${label} with sparsity --k (with --sigma: stop at ||Ax - y|| <= sigma)`,
    modes: ['bp', 'bpdn'],
    k: 'required',
    sweep: { k: true, defaults: NO_SWEEP_DEFAULTS },
    run: (A, y, s) => f(A, y, { k: s.k as number, ...residualTol(s), ...common(s) }),
  });

/** Every solver, in the order the CLI lists them. */
export const SOLVER_REGISTRY = Object.freeze([
  entry({
    name: 'bp-homotopy',
    family: 'exact',
    describe: 'l1 homotopy (LARS-LASSO path): exact basis pursuit, or the LASSO at --lambda; --nonneg',
    modes: ['bp', 'lasso'],
    nonneg: true,
    operator: 'materialises',
    exact: true,
    run: (A, y, s) =>
      s.mode === 'lasso'
        ? lassoHomotopy(A, y, { lambda: s.lambda as number, nonneg: s.nonneg, ...common(s) })
        : bpHomotopy(A, y, { nonneg: s.nonneg, ...common(s) }),
  }),
  entry({
    name: 'bp-lp',
    family: 'exact',
    describe: 'basis pursuit as a linear program (HiGHS dual simplex); --nonneg',
    modes: ['bp'],
    nonneg: true,
    operator: 'materialises',
    highs: true,
    exact: true,
    run: (A, y, s) => bpLP(A, y, { nonneg: s.nonneg, ...common(s) }),
  }),
  entry({
    name: 'spgl1',
    family: 'convex',
    describe: 'SPGL1 Pareto root finding: BPDN at --sigma (basis pursuit without it); complex data',
    modes: ['bp', 'bpdn'],
    complex: true,
    run: (A, y, s) => bpdn(A, y, { sigma: s.mode === 'bpdn' ? (s.sigma as number) : 0, ...common(s) }),
  }),
  entry({
    name: 'admm',
    family: 'convex',
    describe: 'ADMM: basis pursuit, BPDN (--sigma) or the LASSO (--lambda); complex data',
    modes: ['bp', 'lasso', 'bpdn'],
    complex: true,
    run: (A, y, s) => admm(A, y, { ...penalty(s), ...common(s) }),
  }),
  entry({
    name: 'chambolle-pock',
    family: 'convex',
    describe: 'Chambolle-Pock primal-dual: the LASSO (--lambda) or BPDN (--sigma); complex data',
    modes: ['lasso', 'bpdn'],
    complex: true,
    run: (A, y, s) => chambollePock(A, y, { ...penalty(s), ...common(s) }),
  }),
  entry({
    name: 'fista',
    family: 'convex',
    describe: 'FISTA with backtracking and adaptive restart: the LASSO (--lambda); complex data',
    modes: ['lasso'],
    complex: true,
    sweep: { k: false, defaults: Object.freeze({ lambda: 1e-6, tol: 1e-12, maxIter: 20000 }) },
    run: (A, y, s) => fista(A, y, l1(), { lambda: s.lambda as number, ...common(s) }),
  }),
  entry({
    name: 'ista',
    family: 'convex',
    describe: 'ISTA (proximal gradient): the LASSO (--lambda); complex data',
    modes: ['lasso'],
    complex: true,
    run: (A, y, s) => ista(A, y, l1(), { lambda: s.lambda as number, ...common(s) }),
  }),
  entry({
    name: 'lasso-cd',
    family: 'convex',
    describe: 'working-set coordinate descent: the LASSO (--lambda) on an explicit real matrix',
    modes: ['lasso'],
    operator: 'matrix',
    run: (A, y, s) => lassoCD(A, y, { lambda: s.lambda as number, ...common(s) }),
  }),
  entry({
    name: 'omp',
    family: 'greedy',
    describe: 'orthogonal matching pursuit, up to --k atoms (default: until the residual vanishes)',
    modes: ['bp', 'bpdn'],
    k: 'optional',
    sweep: { k: true, defaults: NO_SWEEP_DEFAULTS },
    run: (A, y, s) => omp(A, y, { ...(s.k !== undefined ? { k: s.k } : {}), ...residualTol(s), ...common(s) }),
  }),
  greedy('cosamp', 'CoSaMP', cosamp),
  greedy('subspace-pursuit', 'Subspace Pursuit', subspacePursuit),
  greedy('iht', 'iterative hard thresholding', iht),
  greedy('niht', 'normalized iterative hard thresholding', niht),
  greedy('htp', 'hard thresholding pursuit', htp),
  entry({
    name: 'amp',
    family: 'message-passing',
    describe: 'approximate message passing (i.i.d. Gaussian A); --k sets the threshold policy; --nonneg',
    modes: ['bp'],
    nonneg: true,
    k: 'optional',
    run: (A, y, s) => amp(A, y, { nonneg: s.nonneg, ...(s.k !== undefined ? { sparsity: s.k } : {}), ...common(s) }),
  }),
]);

/**
 * A solver's name: the union of the registry's names, read off the registry itself (no second
 * list), e.g. `'bp-homotopy' | 'bp-lp' | ... | 'amp'`.
 */
export type SolverName = (typeof SOLVER_REGISTRY)[number]['name'];

/** Every solver name, in registry order. */
export const SOLVER_NAMES: readonly string[] = Object.freeze(SOLVER_REGISTRY.map((s) => s.name));

const BY_NAME = new Map<string, SolverEntry>(SOLVER_REGISTRY.map((s) => [s.name, s]));

/** The registry entry of `name` (a CandorError naming every solver otherwise). */
export function solverEntry(name: string, where = 'solverEntry', what = 'solver'): SolverEntry {
  const e = BY_NAME.get(name);
  if (!e) throw new CandorError(where, what, `one of ${SOLVER_NAMES.join(', ')}`, describe(name), 'usage');
  return e;
}

/** Registry names of the solvers that satisfy `pred`, comma-separated (for messages). */
export function solverNamesWhere(pred: (e: SolverEntry) => boolean): string {
  return SOLVER_REGISTRY.filter(pred)
    .map((e) => e.name)
    .join(', ');
}

/**
 * Solver names that stored sweeps of earlier releases carry, and what they mean now: the
 * nonnegative variants are the solver with `nonneg: true`, 'fista-lasso' is fista.
 */
export const LEGACY_SWEEP_SOLVERS: Readonly<Record<string, { name: string; options: Readonly<Record<string, unknown>> }>> = Object.freeze({
  'bp-lp-nonneg': { name: 'bp-lp', options: { nonneg: true } },
  'bp-homotopy-nonneg': { name: 'bp-homotopy', options: { nonneg: true } },
  'fista-lasso': { name: 'fista', options: {} },
});

/** The options a sweep spec may give a solver, with their checks. */
const SWEEP_OPTION_KEYS = ['maxIter', 'tol', 'lambda', 'sigma', 'nonneg'] as const;

/**
 * The settings a phase-transition trial runs `e` with: its sweep defaults, overridden by the
 * spec's options (validated here: known keys, finite values in range, a mode the solver has).
 * `k` is the trial's true sparsity (used when `e.sweep.k`).
 */
export function sweepSettings(e: SolverEntry, options: Readonly<Record<string, unknown>>, k: number, where = 'sweep spec'): SolveSettings {
  const o: Record<string, unknown> = { ...e.sweep.defaults, ...options };
  for (const key of Object.keys(options)) {
    if (!(SWEEP_OPTION_KEYS as readonly string[]).includes(key)) {
      throw new CandorError(where, `field solver.options.${key}`, `one of ${SWEEP_OPTION_KEYS.join(', ')}`, 'an unknown option', 'usage');
    }
  }
  const num = (key: string, lo: number, integer: boolean): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || (integer && !Number.isSafeInteger(v))) {
      throw new CandorError(where, `field solver.options.${key}`, `${integer ? 'an integer' : 'a finite number'} >= ${lo}`, describe(v), 'usage');
    }
    return v;
  };
  const maxIter = num('maxIter', 1, true);
  const tol = num('tol', 0, false);
  const lambda = num('lambda', 0, false);
  const sigma = num('sigma', 0, false);
  if (o.nonneg !== undefined && typeof o.nonneg !== 'boolean') {
    throw new CandorError(where, 'field solver.options.nonneg', 'true or false', describe(o.nonneg), 'usage');
  }
  const nonneg = o.nonneg === true;
  if (nonneg && !e.nonneg) {
    throw new CandorError(where, 'field solver.options.nonneg', `a solver with a nonnegative variant (${solverNamesWhere((x) => x.nonneg)})`, `${e.name}`, 'usage');
  }
  if (lambda !== undefined && sigma !== undefined) {
    throw new CandorError(where, 'field solver.options', 'at most one of lambda (the LASSO) and sigma (BPDN)', 'both', 'usage');
  }
  const mode: SolveMode = lambda !== undefined ? 'lasso' : sigma !== undefined ? 'bpdn' : 'bp';
  if (!e.modes.includes(mode)) {
    const need = e.modes.includes('lasso') ? 'a lambda (it solves the LASSO)' : e.modes.includes('bpdn') ? 'a sigma (it solves BPDN)' : 'no lambda or sigma (it solves basis pursuit)';
    throw new CandorError(where, 'field solver.options', `${need} for ${e.name}`, mode === 'bp' ? 'neither' : mode === 'lasso' ? 'lambda' : 'sigma', 'usage');
  }
  return { mode, lambda, sigma, nonneg, maxIter, tol, ...(e.sweep.k ? { k } : {}) };
}
