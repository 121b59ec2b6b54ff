/**
 * The sweep engine's browser-safe half: what a kind of sweep is, and the task source.
 *
 * A sweep is a grid of `cells` x `trials` independent tasks, each reproducible from (spec, cell,
 * trial) alone. A `SweepKind` says how to validate a spec, what identifies it (its canonical
 * form, hashed by the store), how many cells and trials it has, and how to run one task. Phase
 * transitions (./phase-kind.ts) are one kind; retrospective scans of applications (the MRI
 * acceleration scan, src/apps/mri/scan-kind.ts) are others. The Node half
 * (./node/run-stored.ts) stores results idempotently in SQLite and runs tasks through an
 * executor (local worker threads today, a job queue later).
 *
 * Tasks run trial-major (trial 0 of every cell first), so a partial run already covers the grid.
 *
 * @example
 * import { pendingTaskPairs } from './engine.ts';
 * pendingTaskPairs(2, 2, new Set([1]));  // Int32Array [0, 0, 1, 0, 1, 1]: (cell 0, trial 1) is done
 */

/** What every task result carries besides its kind's fields. */
export interface TaskResult {
  cell: number;
  trial: number;
  /** Wall time in seconds (not part of the reproducible record). */
  seconds: number;
}

/** A kind of sweep: how a spec is identified and summarised, its grid of cells x trials, and how one task runs. */
export interface SweepKind<S, R extends TaskResult> {
  /** Stored in the sweeps table (e.g. 'phase-transition', 'mri-acceleration'). */
  readonly name: string;
  /** The canonical spec: what identifies the sweep (hashed and stored); JSON-serialisable. */
  canonical(spec: S): Record<string, unknown>;
  /** Summary columns of the sweeps table. */
  summary(spec: S): { name: string; ensemble: string; signal: string; solver: string; n: number };
  /** Number of cells of the spec's grid. */
  cells(spec: S): number;
  /** Number of trials per cell. */
  trials(spec: S): number;
  /** One-time set-up per thread (e.g. loading HiGHS). */
  prepare?(spec: S): Promise<void>;
  /** Runs one task; deterministic apart from `seconds`. */
  run(spec: S, cell: number, trial: number): R;
}

/** Pending (cell, trial) pairs in trial-major order, flattened; `done` holds cell * trials + trial keys. */
export function pendingTaskPairs(cells: number, trials: number, done: Set<number> = new Set()): Int32Array {
  const out: number[] = [];
  for (let t = 0; t < trials; t++) {
    for (let c = 0; c < cells; c++) if (!done.has(c * trials + t)) out.push(c, t);
  }
  return Int32Array.from(out);
}
