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
import { sweepWorkerEntry, workerExecArgv } from './worker-bundle.ts';

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
  /** Run trials on the calling thread while the workers start (default true). */
  mainThreadHelps?: boolean;
}

export interface RunSweepResult {
  sweep: SweepRow;
  resumed: boolean;
  ran: number;
  /** Of `ran`, the trials run by worker threads (the rest ran on the calling thread). */
  ranOnWorkers: number;
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
    const pending0 = pendingTasks(spec, store.doneKeys(sweep.id, spec.trials));
    const total = sweep.totalTrials;
    const already = total - pending0.length / 2;
    const tasks = opts.limit === undefined ? pending0 : pending0.subarray(0, 2 * Math.min(opts.limit, pending0.length / 2));
    const t0 = performance.now();
    let ran = 0;
    let ranOnWorkers = 0;
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
    try {
      if (workers === 0 || tasks.length === 0) {
        for (let i = 0; i < tasks.length; i += 2) {
          if (opts.signal?.aborted) break;
          accept([runTrial(spec, spec.cells[tasks[i]], tasks[i + 1])]);
        }
      } else {
        const nWorkers = Math.min(workers, Math.ceil(tasks.length / 2 / batch));
        ranOnWorkers = await runOnWorkers(sweepWorkerEntry, spec, tasks, nWorkers, batch, accept, opts.signal, opts.mainThreadHelps ?? true);
      }
    } catch (e) {
      // keep the trials that completed before the failure (a resumed run then skips them)
      try {
        flush();
      } catch {
        /* the store itself failed: the original error says why */
      }
      throw e;
    }
    flush();
    const after = store.sweep(sweep.id);
    const complete = after.done === after.totalTrials;
    if (complete) store.markFinished(sweep.id);
    const seconds = (performance.now() - t0) / 1000;
    return { sweep: store.sweep(sweep.id), resumed, ran, ranOnWorkers, seconds, trialsPerSecond: ran / Math.max(seconds, 1e-9), complete, warnings };
  } finally {
    store.close();
  }
}

/** Below this estimated remaining time (s) after the first batch, starting workers does not pay. */
const SOLO_SECONDS = 0.3;

/**
 * Deals the tasks out to `nWorkers` worker threads in batches. The calling thread runs the first
 * batch itself and times it: when the rest would take less than SOLO_SECONDS on this thread
 * (starting workers costs ~0.15-0.2 s), it finishes alone; otherwise it starts the workers and
 * keeps running batches, one per event-loop turn, until every worker is ready. With `mainHelps`
 * false the workers start at once and run every trial. Which thread runs a trial does not change
 * its result. Resolves with the number of trials the workers ran.
 */
function runOnWorkers(
  entry: () => Promise<URL>,
  spec: ParsedSpec,
  tasks: Int32Array,
  nWorkers: number,
  batch: number,
  accept: (rs: TrialResult[]) => void,
  signal: AbortSignal | undefined,
  mainHelps: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let ready = 0;
    let outstanding = 0;
    let onWorkers = 0;
    let mainRunning = mainHelps;
    let settled = false;
    let spawned = false;
    let solo = false;
    const pool: Worker[] = [];
    const stopped = () => signal?.aborted === true || next >= tasks.length;
    const end = (err?: unknown) => {
      if (settled) return;
      settled = true;
      for (const p of pool) void p.terminate();
      if (err === undefined) resolve(onWorkers);
      else reject(err);
    };
    const maybeDone = () => {
      if (!mainRunning && outstanding === 0 && stopped()) end();
    };
    const feed = (w: Worker) => {
      if (settled || stopped()) return maybeDone();
      const stop = Math.min(tasks.length, next + 2 * batch);
      w.postMessage({ tasks: tasks.slice(next, stop) });
      outstanding++;
      next = stop;
    };
    const trialError = (where: string, message: string) => new CandorError(where, 'trial', 'a completed trial', message, 'numerical');
    /** Hands results to the store; a failure there (a lock, a full disk) ends the run with it. */
    const take = (rs: TrialResult[]): boolean => {
      try {
        accept(rs);
        return true;
      } catch (e) {
        end(e);
        return false;
      }
    };
    const spawn = () => {
      spawned = true;
      entry()
        .then((url) => {
          if (settled) return;
          for (let i = 0; i < nWorkers; i++) {
            const w = new Worker(url, { workerData: { spec: canonicalSpec(spec) }, execArgv: workerExecArgv() });
            pool.push(w);
            w.on('message', (msg: { ready?: boolean; results?: TrialResult[]; error?: string }) => {
              if (settled) return;
              if (msg.ready) ready++;
              else outstanding--;
              if (msg.results?.length) {
                onWorkers += msg.results.length;
                if (!take(msg.results)) return;
              }
              if (msg.error) return end(trialError('sweep worker', msg.error));
              feed(w);
            });
            w.on('error', (e) => end(e));
          }
        })
        .catch(end);
    };
    const mainStep = () => {
      if (settled) return;
      if (stopped() || (spawned && !solo && ready >= nWorkers)) {
        mainRunning = false;
        return maybeDone();
      }
      const stop = Math.min(tasks.length, next + 2 * batch);
      const from = next;
      next = stop;
      const rs: TrialResult[] = [];
      const t0 = performance.now();
      try {
        for (let i = from; i < stop; i += 2) rs.push(runTrial(spec, spec.cells[tasks[i]], tasks[i + 1]));
      } catch (e) {
        if (rs.length && !take(rs)) return;
        return end(trialError('sweep', (e as Error).message));
      }
      if (!spawned) {
        const left = ((tasks.length - next) / 2) * ((performance.now() - t0) / 1000 / rs.length);
        if (left < SOLO_SECONDS) {
          spawned = true;
          solo = true;
        } else spawn();
      }
      if (!take(rs)) return;
      setImmediate(mainStep);
    };
    if (mainHelps) setImmediate(mainStep);
    else spawn();
  });
}
