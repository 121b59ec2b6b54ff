/**
 * The task loop of a sweep worker thread, for any kind (../engine.ts): it prepares the kind once,
 * says it is ready, then runs each batch of (cell, trial) pairs it receives and posts the results
 * back (with the error message and the results before it when a task throws).
 */
import { parentPort } from 'node:worker_threads';
import type { SweepKind, TaskResult } from '../engine.ts';

export async function serveSweepTasks<S, R extends TaskResult>(kind: SweepKind<S, R>, spec: S): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveSweepTasks: not in a worker thread');
  await kind.prepare?.(spec);
  port.on('message', (msg: { tasks: Int32Array }) => {
    const results: R[] = [];
    try {
      for (let i = 0; i < msg.tasks.length; i += 2) results.push(kind.run(spec, msg.tasks[i], msg.tasks[i + 1]));
      port.postMessage({ results });
    } catch (e) {
      port.postMessage({ error: (e as Error).message, results });
    }
  });
  port.postMessage({ ready: true });
}
