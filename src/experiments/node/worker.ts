/**
 * Sweep worker thread: receives batches of (cell, trial) pairs, runs them with the library's
 * `runTrial`, and posts the results back. The spec arrives once in workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSpec } from '../spec.ts';
import { prepareSweepSolver } from '../solvers.ts';
import { runTrial, type TrialResult } from '../trial.ts';

const spec = parseSpec((workerData as { spec: unknown }).spec);
const port = parentPort!;
await prepareSweepSolver(spec.solver.name);
port.on('message', (msg: { tasks: Int32Array }) => {
  const results: TrialResult[] = [];
  try {
    for (let i = 0; i < msg.tasks.length; i += 2) results.push(runTrial(spec, spec.cells[msg.tasks[i]], msg.tasks[i + 1]));
    port.postMessage({ results });
  } catch (e) {
    port.postMessage({ error: (e as Error).message, results });
  }
});
port.postMessage({ ready: true });
