/**
 * The phase lab's pool of sweep workers (../workers/sweep-worker.ts): runs lists of (cell, trial)
 * tasks, collects the results and the compute time, and stops at once on {@link SweepPool.stop}
 * (the workers are terminated; results already received are kept, so the page can draw what was
 * done). A pilot of tasks spread over the grid ({@link pilotOrder}) gives the run-time estimate.
 *
 * @example
 * const pool = await SweepPool.start(canonicalSpec(spec), 2, onResults);
 * await pool.run(pilot, 1);  pool.estimate(rest);  await pool.run(rest, 4);
 */
import type { TrialResult } from '../../experiments/trial.ts';

/**
 * The task pairs reordered so that `pilot` tasks evenly spread over the list come first (the
 * cost of a trial depends on its cell: a pilot from one corner would mislead the estimate).
 */
export function pilotOrder(tasks: Int32Array, pilot: number): { pilot: Int32Array; rest: Int32Array } {
  const total = tasks.length / 2;
  const p = Math.min(total, pilot);
  const picked = new Uint8Array(total);
  const head: number[] = [];
  for (let i = 0; i < p; i++) {
    const t = Math.min(total - 1, Math.floor(((i + 0.5) * total) / p));
    if (picked[t]) continue;
    picked[t] = 1;
    head.push(tasks[2 * t], tasks[2 * t + 1]);
  }
  const tail: number[] = [];
  for (let t = 0; t < total; t++) if (!picked[t]) tail.push(tasks[2 * t], tasks[2 * t + 1]);
  return { pilot: Int32Array.from(head), rest: Int32Array.from(tail) };
}

export class SweepPool {
  readonly results: TrialResult[] = [];
  /** Sum of the workers' compute time (s) over the results received. */
  computeSeconds = 0;
  stopped = false;
  error: string | null = null;
  private wake: (() => void) | null = null;

  private constructor(
    private workers: Worker[],
    private readonly onResults: () => void,
  ) {}

  /** Starts `count` workers on the spec and waits until each has prepared its solver. */
  static async start(spec: unknown, count: number, onResults: () => void): Promise<SweepPool> {
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL('../workers/sweep-worker.ts', import.meta.url), { type: 'module' });
      workers.push(w);
      ready.push(
        new Promise((resolve, reject) => {
          w.onmessage = (m: MessageEvent<{ ready?: boolean; error?: string }>) => (m.data.error ? reject(new Error(m.data.error)) : resolve());
          w.onerror = (e) => reject(new Error(`sweep worker: ${e.message || 'failed to start'}`));
        }),
      );
      w.postMessage({ spec });
    }
    const pool = new SweepPool(workers, onResults);
    try {
      await Promise.all(ready);
    } catch (e) {
      pool.stop();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs the task pairs, `batch` tasks per message; resolves when all are back or on stop. */
  run(tasks: Int32Array, batch: number): Promise<void> {
    if (this.stopped || tasks.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let next = 0;
      let inflight = 0;
      const settle = () => {
        this.wake = null;
        resolve();
      };
      this.wake = settle;
      const feed = (w: Worker) => {
        if (this.stopped || next >= tasks.length) {
          if (inflight === 0) settle();
          return;
        }
        const end = Math.min(tasks.length, next + 2 * batch);
        w.postMessage({ tasks: tasks.slice(next, end) });
        next = end;
        inflight++;
      };
      for (const w of this.workers) {
        w.onmessage = (m: MessageEvent<{ results?: TrialResult[]; seconds?: number; error?: string }>) => {
          inflight--;
          if (m.data.error) {
            this.error = m.data.error;
            this.stop();
            return;
          }
          if (m.data.results) {
            this.results.push(...m.data.results);
            this.computeSeconds += m.data.seconds ?? 0;
            this.onResults();
          }
          feed(w);
        };
      }
      for (const w of this.workers) feed(w);
    });
  }

  /** Seconds the `remaining` trials should take on this pool, from the compute time so far. */
  estimate(remaining: number): number {
    const per = this.results.length ? this.computeSeconds / this.results.length : 0;
    return (remaining * per) / this.workers.length;
  }

  /** Terminates the workers at once; a pending run() resolves. */
  stop(): void {
    this.stopped = true;
    for (const w of this.workers) w.terminate();
    this.workers = [];
    this.wake?.();
  }
}
