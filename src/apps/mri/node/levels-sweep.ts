/**
 * The structured phase-transition sweep (src/experiments/levels-kind.ts) with the MRI sampling
 * families on the sweep engine: every (fraction, profile, rho, trial) result is stored as it
 * completes (resumable after kill -9), tasks run on worker threads, results are identical for
 * any number of workers.
 *
 * @example
 * import { runLevelsSweep } from './levels-sweep.ts';
 * // const r = await runLevelsSweep(spec, { store: 'candor.db' });  r.results once complete
 */
import { type LevelsSweepSpec, type LevelsTaskResult, levelsTransitionKind } from '../../../experiments/levels-kind.ts';
import { type RunStoredOptions, type RunStoredResult, runStored } from '../../../experiments/node/run-stored.ts';
import { recordStored } from '../../../experiments/node/stored-kind.ts';
import type { Store, SweepRow } from '../../../experiments/node/store.ts';
import { MRI_FAMILIES } from '../levels-families.ts';

export const levelsSweepStored = recordStored<LevelsSweepSpec, LevelsTaskResult>(
  levelsTransitionKind(MRI_FAMILIES),
  new URL('./levels-worker.ts', import.meta.url),
  (s) => s,
  (d) => d as LevelsSweepSpec, // structured clone of the spec (worker threads); plain JSON-like data
  (r) => {
    const { cell: _c, trial: _t, seconds: _s, ...record } = r;
    return { record, timing: {} };
  },
);

/** Stored results back as task results. */
export function storedLevelsResults(store: Store, sweep: SweepRow): LevelsTaskResult[] {
  return store.results(sweep.id).map((r) => ({ ...(r.record as unknown as LevelsTaskResult), cell: r.cell, trial: r.trial, seconds: r.seconds }));
}

export interface LevelsSweepRun extends RunStoredResult {
  /** Every result once complete (null after an interrupted run). */
  results: LevelsTaskResult[] | null;
}

/** Runs (or resumes) the sweep into `run.store`. */
export async function runLevelsSweep(spec: LevelsSweepSpec, run: RunStoredOptions): Promise<LevelsSweepRun> {
  let results: LevelsTaskResult[] | null = null;
  const r = await runStored(levelsSweepStored, spec, {
    ...run,
    onComplete: (store, sweep) => {
      results = storedLevelsResults(store, sweep);
      run.onComplete?.(store, sweep);
    },
  });
  return { ...r, results };
}
