/**
 * The order in which a sweep runs its trials: trial-major (trial 0 of every cell, then trial 1,
 * ...), skipping those already done, as flat (cell, trial) pairs. A partial run thus covers the
 * whole grid early. Shared by the Node runner and the web lab's workers.
 */
import type { ParsedSpec } from './spec.ts';

/** Pending (cell, trial) pairs, flattened; `done` holds cell * trials + trial keys. */
export function pendingTasks(spec: ParsedSpec, done: Set<number> = new Set()): Int32Array {
  const out: number[] = [];
  for (let t = 0; t < spec.trials; t++) {
    for (const c of spec.cells) if (!done.has(c.index * spec.trials + t)) out.push(c.index, t);
  }
  return Int32Array.from(out);
}
