/**
 * The solvers a sweep can run, by name, behind one adapter signature:
 * (A, y, context) -> { x, iterations, stopReason }. Adapters choose sensible fixed options for
 * phase-transition work (tight tolerances, iteration caps) that a spec can override through
 * `solver.options`. Registered solvers are pure library functions, so the same trial runs in a
 * Node worker thread and in a browser Web Worker.
 */
import type { Matrix } from '../core/dense/matrix.ts';
import { CandorError } from '../core/errors.ts';
import { l1 } from '../prox/l1.ts';
import { bpLP } from '../solvers/bp-lp.ts';
import { fista } from '../solvers/fista.ts';
import { initHighs } from '../solvers/highs-runtime.ts';
import { amp } from '../solvers/amp.ts';
import { cosamp } from '../solvers/cosamp.ts';
import { bpHomotopy } from '../solvers/homotopy.ts';
import { htp } from '../solvers/htp.ts';
import { iht, niht } from '../solvers/iht.ts';
import { omp } from '../solvers/omp.ts';
import { subspacePursuit } from '../solvers/subspace-pursuit.ts';
import { bpdn } from '../solvers/spgl1.ts';
import type { SignalModel } from './spec.ts';

export interface TrialContext {
  /** True sparsity (greedy solvers use it as their k). */
  k: number;
  signal: SignalModel;
  options: Record<string, unknown>;
}

export interface TrialSolve {
  x: Float64Array;
  iterations: number;
  stopReason: string;
}

export type SweepSolver = (A: Matrix, y: Float64Array, ctx: TrialContext) => TrialSolve;

const num = (o: Record<string, unknown>, key: string, dflt: number): number => (typeof o[key] === 'number' ? (o[key] as number) : dflt);

interface Entry {
  solve: SweepSolver;
  describe: string;
  exact: boolean;
  /** Asynchronous set-up to await once per thread before solving (e.g. loading HiGHS). */
  prepare?: () => Promise<unknown>;
}

const registry = new Map<string, Entry>();

/** Adds a solver to the registry (used by this module and by later layers' registrations). */
export function registerSweepSolver(name: string, solve: SweepSolver, describe: string, exact = false, prepare?: () => Promise<unknown>): void {
  registry.set(name, { solve, describe, exact, prepare });
}

/** Awaits the solver's one-time set-up (call once per thread before runTrial). */
export async function prepareSweepSolver(name: string): Promise<void> {
  sweepSolver(name);
  await registry.get(name)!.prepare?.();
}

const maxIterOpt = (o: Record<string, unknown>) => (typeof o.maxIter === 'number' ? { maxIter: o.maxIter } : {});

for (const nonneg of [false, true]) {
  registerSweepSolver(
    nonneg ? 'bp-lp-nonneg' : 'bp-lp',
    (A, y, ctx) => {
      const r = bpLP(A, y, { nonneg, historyEvery: 0, ...maxIterOpt(ctx.options) });
      return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
    },
    nonneg ? 'nonnegative basis pursuit (min sum x s.t. Ax = y, x >= 0) as an LP, HiGHS dual simplex' : 'basis pursuit (min ||x||_1 s.t. Ax = y) as an LP, HiGHS dual simplex',
    true,
    () => initHighs(),
  );
}

for (const nonneg of [false, true]) {
  registerSweepSolver(
    nonneg ? 'bp-homotopy-nonneg' : 'bp-homotopy',
    (A, y, ctx) => {
      const r = bpHomotopy(A, y, { nonneg, historyEvery: 0, ...maxIterOpt(ctx.options) });
      return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
    },
    nonneg
      ? 'nonnegative basis pursuit by the positive l1 homotopy, exact up to rounding'
      : 'basis pursuit by the l1 homotopy (LARS-LASSO path to lambda -> 0), exact up to rounding',
    true,
  );
}

registerSweepSolver(
  'spgl1',
  (A, y, ctx) => {
    const r = bpdn(A, y, { sigma: 0, historyEvery: 0, ...maxIterOpt(ctx.options) });
    return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
  },
  'basis pursuit as BPDN with sigma = 0 by SPGL1 Pareto root finding',
);

registerSweepSolver(
  'amp',
  (A, y, ctx) => {
    const r = amp(A, y, { historyEvery: 0, ...maxIterOpt(ctx.options) });
    return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
  },
  'approximate message passing, soft thresholding with the minimax threshold policy',
);

for (const [name, f, label] of [
  ['cosamp', cosamp, 'CoSaMP'],
  ['subspace-pursuit', subspacePursuit, 'Subspace Pursuit'],
  ['iht', iht, 'iterative hard thresholding'],
  ['niht', niht, 'normalized iterative hard thresholding'],
  ['htp', htp, 'hard thresholding pursuit'],
] as const) {
  registerSweepSolver(
    name,
    (A, y, ctx) => {
      const r = f(A, y, { k: ctx.k, historyEvery: 0, ...maxIterOpt(ctx.options) });
      return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
    },
    `${label} with the true sparsity k`,
  );
}

registerSweepSolver(
  'omp',
  (A, y, ctx) => {
    const r = omp(A, y, { k: ctx.k, historyEvery: 0 });
    return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
  },
  'orthogonal matching pursuit with the true sparsity k',
);

registerSweepSolver(
  'fista-lasso',
  (A, y, ctx) => {
    const r = fista(A, y, l1(), {
      lambda: num(ctx.options, 'lambda', 1e-6),
      tol: num(ctx.options, 'tol', 1e-12),
      maxIter: num(ctx.options, 'maxIter', 20000),
      historyEvery: 0,
    });
    return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
  },
  'FISTA on the LASSO with a small lambda (default 1e-6): approximate basis pursuit',
);

export function sweepSolver(name: string): SweepSolver {
  const s = registry.get(name);
  if (!s) {
    throw new CandorError('sweep spec', 'field solver.name', `one of ${[...registry.keys()].sort().join(', ')}`, JSON.stringify(name), 'usage');
  }
  return s.solve;
}

export function sweepSolverNames(): { name: string; describe: string; exact: boolean }[] {
  return [...registry.entries()].map(([name, v]) => ({ name, describe: v.describe, exact: v.exact })).sort((a, b) => a.name.localeCompare(b.name));
}
