/**
 * Runs (or resumes) a sweep on every core: the trials not yet in the store are dealt out in
 * batches to worker threads (`workers`, default = available parallelism), results are committed
 * to the SQLite store in short transactions, and progress is reported through a callback.
 * Trials run trial-major (trial 0 of every cell first), so a partial run already covers the grid.
 * Results depend only on (seed, cell, trial): identical for any worker count.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CandorError, checkInt } from '../../core/errors.ts';
import { canonicalSpec, parseSpec, type ParsedSpec } from '../spec.ts';
import { prepareSweepSolver } from '../solvers.ts';
import { pendingTasks } from '../tasks.ts';
import { runTrial, type TrialResult } from '../trial.ts';
import { Store, type SweepRow } from './store.ts';
import { codeVersion } from './version.ts';

export interface SweepProgress {
  done: number;
  total: number;
  /** Trials completed in this run. */
  ran: number;
  elapsed: number;
  rate: number;
  eta: number;
}

export interface RunSweepOptions {
  store: string;
  workers?: number;
  /** Trials per batch sent to a worker (default 8). */
  batch?: number;
  onProgress?: (p: SweepProgress) => void;
  onWarning?: (w: string) => void;
  signal?: AbortSignal;
  /** Stop after this many new trials (for tests and partial runs). */
  limit?: number;
  /** How long to wait for another writer's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
}

export interface RunSweepResult {
  sweep: SweepRow;
  resumed: boolean;
  ran: number;
  seconds: number;
  trialsPerSecond: number;
  complete: boolean;
  warnings: string[];
}

export async function runSweep(specInput: unknown, opts: RunSweepOptions): Promise<RunSweepResult> {
  const spec = specInput && typeof specInput === 'object' && 'cells' in (specInput as object) ? (specInput as ParsedSpec) : parseSpec(specInput);
  await prepareSweepSolver(spec.solver.name); // validates the name before anything is stored
  const workers = checkInt('runSweep', 'workers', opts.workers ?? availableParallelism(), 0, 256);
  const batch = checkInt('runSweep', 'batch', opts.batch ?? 8, 1);
  const store = Store.open(opts.store, { busyTimeoutMs: opts.busyTimeoutMs });
  try {
    const { sweep, resumed, warnings } = store.openSweep(spec, codeVersion());
    for (const w of warnings) opts.onWarning?.(w);
    let tasks = pendingTasks(spec, store.doneKeys(sweep.id, spec.trials));
    if (opts.limit !== undefined) tasks = tasks.subarray(0, 2 * Math.min(opts.limit, tasks.length / 2));
    const total = sweep.totalTrials;
    const already = sweep.totalTrials - pendingTasks(spec, store.doneKeys(sweep.id, spec.trials)).length / 2;
    const t0 = performance.now();
    let ran = 0;
    let pending: TrialResult[] = [];
    let lastFlush = performance.now();
    let flushedSeconds = 0;
    const flush = () => {
      if (pending.length === 0) return;
      const now = (performance.now() - t0) / 1000;
      store.insertTrials(sweep.id, spec, pending, now - flushedSeconds);
      flushedSeconds = now;
      pending = [];
      lastFlush = performance.now();
    };
    const progress = () => {
      const elapsed = (performance.now() - t0) / 1000;
      const rate = ran / Math.max(elapsed, 1e-9);
      const left = tasks.length / 2 - ran;
      opts.onProgress?.({ done: already + ran, total, ran, elapsed, rate, eta: rate > 0 ? left / rate : Infinity });
    };
    const accept = (rs: TrialResult[]) => {
      pending.push(...rs);
      ran += rs.length;
      if (pending.length >= 256 || performance.now() - lastFlush > 1000) flush();
      progress();
    };
    if (workers === 0 || tasks.length === 0) {
      for (let i = 0; i < tasks.length; i += 2) {
        if (opts.signal?.aborted) break;
        accept([runTrial(spec, spec.cells[tasks[i]], tasks[i + 1])]);
      }
    } else {
      await runOnWorkers(spec, tasks, Math.min(workers, Math.ceil(tasks.length / 2 / batch)), batch, accept, opts.signal);
    }
    flush();
    const after = store.sweep(sweep.id);
    const complete = after.done === after.totalTrials;
    if (complete) store.markFinished(sweep.id);
    const seconds = (performance.now() - t0) / 1000;
    return { sweep: store.sweep(sweep.id), resumed, ran, seconds, trialsPerSecond: ran / Math.max(seconds, 1e-9), complete, warnings };
  } finally {
    store.close();
  }
}

function runOnWorkers(
  spec: ParsedSpec,
  tasks: Int32Array,
  nWorkers: number,
  batch: number,
  accept: (rs: TrialResult[]) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let live = nWorkers;
    let failed = false;
    const entry = new URL('./worker-entry.mjs', import.meta.url);
    const pool: Worker[] = [];
    const finish = (w: Worker) => {
      void w.terminate();
      live--;
      if (live === 0 && !failed) resolve();
    };
    const feed = (w: Worker) => {
      if (failed || signal?.aborted || next >= tasks.length) return finish(w);
      const end = Math.min(tasks.length, next + 2 * batch);
      w.postMessage({ tasks: tasks.slice(next, end) });
      next = end;
    };
    for (let i = 0; i < nWorkers; i++) {
      const w = new Worker(entry, { workerData: { spec: canonicalSpec(spec) } });
      pool.push(w);
      w.on('message', (msg: { ready?: boolean; results?: TrialResult[]; error?: string }) => {
        if (msg.results?.length) accept(msg.results);
        if (msg.error) {
          failed = true;
          for (const p of pool) void p.terminate();
          reject(new CandorError('sweep worker', 'trial', 'a completed trial', msg.error, 'numerical'));
          return;
        }
        feed(w);
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        for (const p of pool) void p.terminate();
        reject(e);
      });
    }
  });
}
