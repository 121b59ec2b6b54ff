/**
 * Phase-transition sweep worker thread: the spec arrives once in workerData; batches of
 * (cell, trial) pairs are run by the library's `runTrial` (./worker-loop.ts).
 */
import { phaseTransitionKind } from '../phase-kind.ts';
import { parseSpec } from '../spec.ts';
import { serveSweepTasks } from './worker-loop.ts';

await serveSweepTasks(phaseTransitionKind, parseSpec);
