/**
 * A sweep kind for executor tests: each task busy-waits `ms` milliseconds and returns its (cell,
 * trial); in a worker thread the task `exitTrial` of cell 0 ends the thread with process.exit(3)
 * (a thread that stops without an error event).
 */
import { isMainThread } from 'node:worker_threads';
import type { SweepKind, TaskResult } from '../../../src/experiments/engine.ts';

export interface ToySpec {
  cells: number;
  trials: number;
  ms: number;
  exitTrial?: number;
}

export const toyKind: SweepKind<ToySpec, TaskResult> = {
  name: 'toy',
  canonical: (s) => ({ ...s }),
  summary: (s) => ({ name: 'toy', ensemble: 'none', signal: 'none', solver: 'none', n: s.cells }),
  cells: (s) => s.cells,
  trials: (s) => s.trials,
  run(s, cell, trial) {
    if (!isMainThread && cell === 0 && trial === s.exitTrial) process.exit(3);
    const t0 = performance.now();
    while (performance.now() - t0 < s.ms) {
      // busy: a trial of known length
    }
    return { cell, trial, seconds: (performance.now() - t0) / 1000 };
  },
};

export const toyFromData = (data: unknown): ToySpec => data as ToySpec;
