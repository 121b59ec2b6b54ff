/**
 * Runs (or resumes) a phase-transition sweep on every core: the sweep engine (./run-stored.ts)
 * with the phase-transition kind, the local worker-thread executor by default, and the SQLite
 * store. Trials run trial-major (trial 0 of every cell first), so a partial run already covers
 * the grid. Results depend only on (seed, cell, trial): identical for any worker count.
 *
 * @example
 * import { runSweep } from './run-sweep.ts';
 * // const r = await runSweep({ ensemble: 'gaussian', n: 100, trials: 10 }, { store: 'candor.db' });
 * // r.complete; r.sweep.id
 */
import { type ParsedSpec, parseSpec } from '../spec.ts';
import { type RunStoredOptions, type RunStoredResult, runStored } from './run-stored.ts';
import { phaseTransitionStored } from './stored-kind.ts';

export type { SweepProgress } from './run-stored.ts';
/** Options of {@link runSweep} (those of {@link runStored}). */
export type RunSweepOptions = RunStoredOptions;
/** What {@link runSweep} did (a {@link RunStoredResult} with the worker count under its older name). */
export interface RunSweepResult extends RunStoredResult {
  /** Of `ran`, the trials run by worker threads (the rest ran on the calling thread). */
  ranOnWorkers: number;
}

/**
 * Runs a phase-transition sweep in the store: the spec is parsed with {@link parseSpec} unless it
 * is already parsed, then run by {@link runStored}.
 */
export async function runSweep(specInput: unknown, opts: RunSweepOptions): Promise<RunSweepResult> {
  const spec = specInput && typeof specInput === 'object' && 'cells' in (specInput as object) ? (specInput as ParsedSpec) : parseSpec(specInput);
  const r = await runStored(phaseTransitionStored, spec, opts);
  return { ...r, ranOnWorkers: r.ranElsewhere };
}
