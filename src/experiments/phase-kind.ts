/**
 * Phase-transition sweeps as a kind of the sweep engine (./engine.ts): cells are the
 * (delta, rho) grid of the spec (./spec.ts), a task is one recovery trial (./trial.ts), and the
 * canonical spec is `canonicalSpec`.
 *
 * @example
 * import { phaseTransitionKind } from './phase-kind.ts';
 * import { parseSpec } from './spec.ts';
 * const s = parseSpec({ n: 50, delta: [0.5], rho: [0.1], trials: 2 });
 * phaseTransitionKind.run(s, 0, 1).success; // true
 */
import type { SweepKind } from './engine.ts';
import { prepareSweepSolver } from './solvers.ts';
import { canonicalSpec, type ParsedSpec } from './spec.ts';
import { runTrial, type TrialResult } from './trial.ts';

/** The phase-transition sweep kind: cells of a parsed spec, one {@link runTrial} per task, solver set-up per thread. */
export const phaseTransitionKind: SweepKind<ParsedSpec, TrialResult> = Object.freeze({
  name: 'phase-transition',
  canonical: (s: ParsedSpec) => canonicalSpec(s) as unknown as Record<string, unknown>,
  summary: (s: ParsedSpec) => ({ name: s.name, ensemble: s.ensemble, signal: s.signal, solver: s.solver.name, n: s.n }),
  cells: (s: ParsedSpec) => s.cells.length,
  trials: (s: ParsedSpec) => s.trials,
  prepare: (s: ParsedSpec) => prepareSweepSolver(s.solver.name),
  run: (s: ParsedSpec, cell: number, trial: number) => runTrial(s, s.cells[cell], trial),
});
