/**
 * How a phase-transition trial runs its solver: the registry entry (src/solvers/registry.ts)
 * with the settings of `sweepSettings` (the entry's sweep defaults overridden by the spec's
 * `solver.options`; the true sparsity as k for sparsity-k solvers). Every solver of the registry
 * can run in a sweep; LASSO-only solvers need a lambda (fista has a default of 1e-6, an
 * approximation of basis pursuit). Pure library functions, so the same trial runs in a Node worker
 * thread and in a browser Web Worker.
 *
 * @example
 * import { sweepSolve } from './solvers.ts';
 * // A, y of a trial with true sparsity 5
 * // sweepSolve('omp', {}, A, y, 5).x
 */
import { initHighs } from '../solvers/highs-runtime.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import { SOLVER_REGISTRY, solverEntry, sweepSettings } from '../solvers/registry.ts';

/** A trial's solve: the estimate, the iterations used and why the solver stopped. */
export interface TrialSolve {
  x: Float64Array;
  iterations: number;
  stopReason: string;
}

/** Runs solver `name` with the spec's options on one trial (true sparsity k). */
export function sweepSolve(name: string, options: Readonly<Record<string, unknown>>, A: OperatorInput, y: Float64Array, k: number): TrialSolve {
  const e = solverEntry(name, 'sweep spec', 'field solver.name');
  const r = e.run(A, y, sweepSettings(e, options, k));
  return { x: r.x, iterations: r.iterations, stopReason: r.stopReason };
}

/** Awaits the solver's one-time set-up (HiGHS for the LP; call once per thread before trials). */
export async function prepareSweepSolver(name: string): Promise<void> {
  if (solverEntry(name, 'sweep spec', 'field solver.name').highs) await initHighs();
}

/** What `candor sweep solvers` lists: every registry solver, what it needs in a sweep. */
export function sweepSolverNames(): { name: string; describe: string; exact: boolean; operator: string; needs: string }[] {
  return SOLVER_REGISTRY.map((e) => {
    const lambda = e.sweep.defaults.lambda;
    const needs = e.modes.includes('bp')
      ? e.sweep.k
        ? 'the true sparsity k'
        : ''
      : lambda !== undefined
        ? `lambda (default ${lambda < 1e-3 ? lambda.toExponential() : lambda})`
        : e.modes.includes('lasso')
          ? 'solver.options.lambda'
          : 'solver.options.sigma';
    return { name: e.name, describe: e.describe, exact: e.exact, operator: e.operator, needs };
  });
}

/**
 * Does this solver, with these sweep options, solve basis pursuit (nonnegative basis pursuit when
 * `nonneg`): an exact or convex solver in its basis-pursuit mode (no lambda or sigma), with the
 * nonnegative variant exactly when the signal model asks for it. The planner counts only such
 * sweeps as empirical phase transitions of basis pursuit.
 */
export function solvesBasisPursuit(name: string, options: Readonly<Record<string, unknown>>, nonneg: boolean): boolean {
  const e = solverEntry(name, 'sweep spec', 'field solver.name');
  if (e.family !== 'exact' && e.family !== 'convex') return false;
  if (!e.modes.includes('bp') || options.lambda !== undefined || options.sigma !== undefined) return false;
  return (options.nonneg === true) === nonneg;
}
