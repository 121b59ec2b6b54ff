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
import { fista } from '../solvers/fista.ts';
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

const registry = new Map<string, { solve: SweepSolver; describe: string; exact: boolean }>();

/** Adds a solver to the registry (used by this module and by later layers' registrations). */
export function registerSweepSolver(name: string, solve: SweepSolver, describe: string, exact = false): void {
  registry.set(name, { solve, describe, exact });
}

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
