/**
 * Executors of the sweep engine: what runs a sweep's pending tasks. The engine
 * (./run-stored.ts) hands an executor the kind, the spec and the (cell, trial) pairs, and takes
 * the results as they come (`accept`, which stores them); the executor decides where tasks run.
 *
 * `localExecutor` runs them on this machine on `workers` threads (default one per core), the
 * calling thread being one of them: it starts `workers - 1` worker threads and runs tasks itself
 * in slices of a few milliseconds between handling their results, so on a 2-core machine the two
 * cores run trials and nothing waits. It times its first batch: when the rest would take less
 * than SOLO_SECONDS alone it finishes without starting any worker (starting one costs ~0.1-0.2 s).
 * When a trial takes it longer than HAND_OVER_MS (slow trials: the workers' results would wait
 * for it and they would idle) it hands its share to one more worker thread and only deals tasks.
 * Messages to a worker hold about 25 ms of trials by the time measured so far (at most `batch`
 * tasks, one for slow trials); a worker holds three of them (two of one slow trial), so it never
 * idles while the calling thread is inside a slice and a run's tail is short. `workers: 1` runs
 * everything on the calling thread; `mainThreadHelps: false` keeps the calling thread out of the
 * work (then `workers` threads are started). After a clean run its
 * worker threads are kept idle for 30 s (unref'd: they never hold the process open) and the next
 * run of the same kind takes them, sending its spec instead of starting and compiling new ones;
 * with kept threads at hand the first batch's estimate no longer decides whether to use them.
 * Which thread runs a task never changes its result.
 * The queue executor (./queue/coordinator.ts: tasks as jobs on Redis, any number of machines)
 * implements the same interface.
 *
 * @example
 * import { localExecutor } from './executor.ts';
 * const ex = localExecutor({ workers: 2 });
 * // await ex.run({ stored, spec, tasks, accept: (rs) => save(rs), signal });
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CandorError, checkInt } from '../../core/errors.ts';
import type { TaskResult } from '../engine.ts';
import type { StoredKind } from './stored-kind.ts';
import { TSX_ENTRY, workerEntryFor, workerExecArgv } from './worker-bundle.ts';

/** A run handed to an executor: the stored kind and spec, the flattened (cell, trial) pairs to run, and the sink of their results. */
export interface ExecutorJob<S, R extends TaskResult> {
  stored: StoredKind<S, R>;
  spec: S;
  /** Flattened (cell, trial) pairs to run. */
  tasks: Int32Array;
  /** Takes each batch of results as it completes (throws to stop the run: e.g. the store failed). */
  accept: (results: R[]) => void;
  signal?: AbortSignal;
  /**
   * Commits every accepted result to the store now (results are otherwise committed every 256
   * or every second); an executor that must drop its own copy of results once they are safe (a
   * job queue) calls it first.
   */
  commit?: () => void;
  /** True when `tasks` are all the sweep's pending tasks (no limit): finishing them finishes the sweep. */
  final?: boolean;
  /** Tasks of the sweep stored before this run (for progress reports across machines). */
  already?: number;
}

/** What an executor reports once a run ends. */
export interface ExecutorStats {
  /** Tasks run off the calling thread. */
  ranElsewhere: number;
}

/** Runs the tasks of a sweep somewhere (local worker threads, a job queue) and hands their results back in batches. */
export interface SweepExecutor {
  readonly name: string;
  /** Runs the job's tasks, calling `job.accept` with each batch of results; resolves when every task ran or the signal aborted. */
  run<S, R extends TaskResult>(job: ExecutorJob<S, R>): Promise<ExecutorStats>;
}

/** Options of {@link localExecutor}. */
export interface LocalExecutorOptions {
  /** Threads running tasks, the calling thread included (default: available parallelism; 0 or 1 = the calling thread alone). */
  workers?: number;
  /** Most tasks per message to a worker (default 8; fewer when trials are slow). */
  batch?: number;
  /** The calling thread runs tasks as one of the `workers` (default true); false: `workers` worker threads run them all. */
  mainThreadHelps?: boolean;
}

/** Below this estimated remaining time (s) after the first batch, starting workers does not pay. */
const SOLO_SECONDS = 0.3;
/** The calling thread runs tasks for about this long (ms) before it handles the workers' messages. */
const SLICE_MS = 5;
/** The first slice (timed: it decides whether workers are started) runs at most `batch` tasks or about this long (ms). */
const FIRST_SLICE_MS = 50;
/** A trial of the calling thread longer than this (ms) makes it hand its share to one more worker thread. */
const HAND_OVER_MS = 100;
/** A message to a worker holds about this much work (ms, by the time trials took so far), at most `batch` tasks. */
const MESSAGE_MS = 25;

/** The executor of this machine: worker threads running batches of tasks, the calling thread helping while they start. */
export function localExecutor(opts: LocalExecutorOptions = {}): SweepExecutor {
  const workers = checkInt('localExecutor', 'workers', opts.workers ?? availableParallelism(), 0, 256);
  const batch = checkInt('localExecutor', 'batch', opts.batch ?? 8, 1);
  const mainHelps = opts.mainThreadHelps ?? true;
  return {
    name: 'local',
    async run<S, R extends TaskResult>(job: ExecutorJob<S, R>): Promise<ExecutorStats> {
      const { stored, spec, tasks, accept, signal } = job;
      if (workers === 0 || tasks.length === 0) {
        for (let i = 0; i < tasks.length; i += 2) {
          if (signal?.aborted) break;
          accept([stored.kind.run(spec, tasks[i], tasks[i + 1])]);
        }
        return { ranElsewhere: 0 };
      }
      // threads by task count: a few slow tasks are worth a thread each (the calling thread's
      // first timed slice decides whether quick ones are worth starting any)
      const count = tasks.length / 2;
      const nWorkers = mainHelps ? Math.min(workers - 1, count - 1) : Math.min(workers, count);
      const maxThreads = Math.min(workers, count);
      const ranElsewhere = await runOnWorkers(job, Math.max(0, nWorkers), maxThreads, batch, mainHelps);
      return { ranElsewhere };
    },
  };
}

/** Deals the tasks out to worker threads in batches (see the file comment); resolves with the count they ran. */
function runOnWorkers<S, R extends TaskResult>(
  job: ExecutorJob<S, R>,
  nWorkers: number,
  maxThreads: number,
  batch: number,
  mainHelps: boolean,
): Promise<number> {
  const { stored, spec, tasks, accept, signal } = job;
  return new Promise((resolve, reject) => {
    let next = 0;
    let outstanding = 0;
    let onWorkers = 0;
    let mainRunning = mainHelps;
    let settled = false;
    let timed = false;
    let started = 0;
    // the time trials take (ms, summed over every timed batch): it sizes the messages to workers
    let timedMs = 0;
    let timedCount = 0;
    let lastPer = 0;
    const held = new Map<Worker, number>();
    const pool: Worker[] = [];
    const ready = new Set<Worker>();
    // idle threads are kept per entry and per way of loading it (the bundle or tsx: see worker-bundle.ts)
    const key = `${stored.workerEntry.href}${process.env.CANDOR_WORKER_BUNDLE === '0' ? '#tsx' : ''}`;
    const stopped = () => signal?.aborted === true || next >= tasks.length;
    const end = (err?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      // a clean end leaves every ready worker idle (no batch outstanding): keep it for the next run
      for (const p of pool) {
        if (err === undefined && ready.has(p)) park(key, p);
        else void p.terminate();
      }
      if (err === undefined) resolve(onWorkers);
      else reject(err);
    };
    const maybeDone = () => {
      if (!mainRunning && outstanding === 0 && stopped()) end();
    };
    // an abort while no message is due (e.g. workers still starting after a hand-over) ends the run now
    const onAbort = () => maybeDone();
    signal?.addEventListener('abort', onAbort, { once: true });
    /**
     * Tasks per message: about MESSAGE_MS of trials by the time measured so far, at most `batch`;
     * one until a time is known. Messages a worker holds: three of several tasks (one running, the
     * others waiting while the calling thread is in a slice), two of one slow task (one waiting
     * is enough, and the run's tail is then at most two slow trials on one thread); one until a
     * time is known.
     */
    const size = () => {
      if (timedCount === 0) return 1;
      // the slower of the run's average and the latest message's: trials that turn slow shrink
      // the next messages at once
      const per = Math.max(timedMs / timedCount, lastPer);
      return Math.max(1, Math.min(batch, Math.floor(MESSAGE_MS / per)));
    };
    /** Takes the time (ms) `count` trials took, on a worker or on this thread. */
    const record = (ms: number, count: number) => {
      timedMs += ms;
      timedCount += count;
      lastPer = ms / count;
    };
    const inHand = () => (timedCount === 0 ? 1 : size() > 1 ? 3 : 2);
    const feed = (w: Worker) => {
      if (settled) return;
      for (let h = held.get(w) ?? 0; h < inHand() && !stopped(); h++) {
        const stop = Math.min(tasks.length, next + 2 * size());
        w.postMessage({ tasks: tasks.slice(next, stop) });
        held.set(w, h + 1);
        outstanding++;
        next = stop;
      }
      maybeDone();
    };
    const taskError = (where: string, message: string) =>
      new CandorError(where, 'trial', 'a completed trial', message, 'numerical');
    /** Hands results on; a failure there (a lock, a full disk) ends the run with it. */
    const take = (rs: R[]): boolean => {
      try {
        accept(rs);
        return true;
      } catch (e) {
        end(e);
        return false;
      }
    };
    /** Starts `count` more worker threads (kept ones first). */
    const spawn = (count: number) => {
      started += count;
      workerEntryFor(stored.workerEntry)
        .then((url) => {
          if (settled) return;
          const data = {
            spec: stored.workerData(spec),
            entry: url.href === TSX_ENTRY.href ? stored.workerEntry.href : undefined,
          };
          for (let i = 0; i < count; i++) {
            const kept = unpark(key);
            const w = kept ?? new Worker(url, { workerData: data, execArgv: workerExecArgv() });
            if (kept) kept.postMessage({ spec: data.spec }); // it prepares for this run and says ready
            pool.push(w);
            w.on('message', (msg: { ready?: boolean; results?: R[]; ms?: number; error?: string }) => {
              if (settled) return;
              if (msg.ready) ready.add(w);
              else if (msg.results) {
                outstanding--;
                held.set(w, (held.get(w) ?? 1) - 1);
              }
              if (msg.results?.length) {
                onWorkers += msg.results.length;
                if (msg.ms !== undefined && msg.ms >= 0) record(msg.ms, msg.results.length);
                if (!take(msg.results)) return;
              }
              if (msg.error) return end(taskError('sweep worker', msg.error));
              feed(w);
            });
            w.on('error', (e) => end(e));
            // a thread that ends without an error (process.exit in a task, the runtime stopping it) would leave its tasks unrun
            w.on('exit', (code) => {
              if (!settled)
                end(
                  new CandorError(
                    'sweep worker',
                    'thread',
                    'a thread running until the sweep ends',
                    `a thread that exited with code ${code} before the sweep ended`,
                    'numerical',
                  ),
                );
            });
          }
        })
        .catch(end);
    };
    /** One slice of the calling thread's share: tasks one at a time until SLICE_MS passed (the first slice: one batch, timed), then the workers' messages. */
    const mainStep = () => {
      if (settled) return;
      if (stopped()) {
        mainRunning = false;
        return maybeDone();
      }
      const t0 = performance.now();
      const end0 = timed ? tasks.length : Math.min(tasks.length, next + 2 * batch);
      const sliceMs = timed ? SLICE_MS : FIRST_SLICE_MS;
      const rs: R[] = [];
      try {
        do {
          const i = next;
          next += 2;
          rs.push(stored.kind.run(spec, tasks[i], tasks[i + 1]));
        } while (next < end0 && performance.now() - t0 < sliceMs && signal?.aborted !== true);
      } catch (e) {
        if (rs.length && !take(rs)) return;
        return end(taskError('sweep', (e as Error).message));
      }
      const ms = performance.now() - t0;
      record(ms, rs.length);
      if (!timed) {
        timed = true;
        const left = ((tasks.length - next) / 2) * (timedMs / 1000 / timedCount);
        if (nWorkers > 0 && (left >= SOLO_SECONDS || idleCount(key) > 0)) spawn(nWorkers);
      }
      // a trial longer than HAND_OVER_MS would keep the workers' results waiting and leave them
      // idle: the calling thread hands its share to one more worker thread and only deals tasks
      if (ms / rs.length > HAND_OVER_MS && started > 0 && started < maxThreads && !stopped()) {
        mainRunning = false;
        spawn(1);
        take(rs);
        return;
      }
      if (!take(rs)) return;
      setImmediate(mainStep);
    };
    if (mainHelps) setImmediate(mainStep);
    else spawn(nWorkers);
  });
}

/** How long a worker thread is kept idle after a run before it is stopped. */
const IDLE_MS = 30_000;
/** Idle worker threads by worker entry: started, code compiled, waiting for another run of the same kind. */
const idle = new Map<string, Worker[]>();
const parked = new Map<Worker, { timer: NodeJS.Timeout; onExit: () => void; onError: () => void }>();

/**
 * Keeps an idle worker for the next run with the same entry (as joblib's reusable executor and
 * thread pools do): starting a thread and compiling its code costs ~0.1-0.2 s, and its first
 * trials run before the JIT has optimised them, while a kept thread only prepares its kind for
 * the new spec. It does not hold the process open (unref) and stops after IDLE_MS.
 */
function park(key: string, w: Worker): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  w.unref();
  const list = idle.get(key) ?? [];
  list.push(w);
  idle.set(key, list);
  const drop = () => {
    const p = parked.get(w);
    if (p) clearTimeout(p.timer);
    parked.delete(w);
    const i = list.indexOf(w);
    if (i >= 0) list.splice(i, 1);
  };
  const onExit = () => drop();
  const onError = () => {
    drop();
    void w.terminate();
  };
  const timer = setTimeout(onError, IDLE_MS);
  timer.unref();
  parked.set(w, { timer, onExit, onError });
  w.once('exit', onExit);
  w.once('error', onError);
}

/** An idle worker of this entry taken out of the idle set (its idle listeners removed, holding the process again), or undefined. */
function unpark(key: string): Worker | undefined {
  const w = idle.get(key)?.pop();
  if (!w) return undefined;
  const p = parked.get(w);
  if (p) {
    clearTimeout(p.timer);
    w.off('exit', p.onExit);
    w.off('error', p.onError);
    parked.delete(w);
  }
  w.ref();
  return w;
}

function idleCount(key: string): number {
  return idle.get(key)?.length ?? 0;
}

/** Stops every idle worker thread now (they stop by themselves after IDLE_MS and never hold the process open). */
export async function stopIdleWorkers(): Promise<void> {
  const all: Worker[] = [];
  for (const key of idle.keys()) for (let w = unpark(key); w; w = unpark(key)) all.push(w);
  await Promise.all(all.map((w) => w.terminate()));
}
