/**
 * The task loop of a sweep worker thread, for any kind (../engine.ts): it reads its spec from
 * `workerData.spec` (through the kind's `fromData`), prepares the kind, says it is ready, then
 * runs each batch of (cell, trial) pairs it receives and posts the results back with the batch's
 * time in ms (the executor sizes batches from it), or with the error message and the results
 * before it when a task throws. A `{ spec }` message gives the thread
 * another run's spec: it prepares again and says ready again, so an executor can keep its threads
 * (code loaded and compiled) from one run to the next instead of starting new ones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SweepKind, TaskResult } from '../engine.ts';

export async function serveSweepTasks<S, R extends TaskResult>(
  kind: SweepKind<S, R>,
  fromData: (data: unknown) => S,
): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveSweepTasks: not in a worker thread');
  let spec = fromData((workerData as { spec: unknown }).spec);
  await kind.prepare?.(spec);
  port.on('message', (msg: { tasks?: Int32Array; spec?: unknown }) => {
    if (msg.spec !== undefined) {
      void (async () => {
        try {
          spec = fromData(msg.spec);
          await kind.prepare?.(spec);
          port.postMessage({ ready: true });
        } catch (e) {
          port.postMessage({ error: (e as Error).message });
        }
      })();
      return;
    }
    const tasks = msg.tasks ?? new Int32Array(0);
    const results: R[] = [];
    const t0 = performance.now();
    try {
      for (let i = 0; i < tasks.length; i += 2) results.push(kind.run(spec, tasks[i], tasks[i + 1]));
      port.postMessage({ results, ms: performance.now() - t0 });
    } catch (e) {
      port.postMessage({ error: (e as Error).message, results });
    }
  });
  port.postMessage({ ready: true });
}
