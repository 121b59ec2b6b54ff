/**
 * The worker threads of a queue worker for one sweep: `size` threads of the kind's worker module
 * (the same module and task loop as the local executor: ../worker-loop.ts), each running one
 * job's trials at a time, so the worker's own thread stays free to talk to Redis (BullMQ renews
 * job locks from it: a busy main thread would lose them). A thread that dies is replaced.
 *
 * @example
 * // const t = await TaskThreads.start(phaseTransitionStored, canonicalSpec(spec), 2);
 * // const results = await t.run(Int32Array.of(0, 0, 0, 1));  // (cell 0, trials 0 and 1)
 * // await t.close();
 */
import { Worker } from 'node:worker_threads';
import type { TaskResult } from '../../engine.ts';
import type { StoredKind } from '../stored-kind.ts';
import { TSX_ENTRY, workerEntryFor, workerExecArgv } from '../worker-bundle.ts';

/** A task threw: its message, and the results of the tasks before it. */
export class TaskFailure extends Error {
  constructor(
    message: string,
    readonly results: TaskResult[],
  ) {
    super(message);
  }
}

/** The thread was stopped on purpose (the worker returns its job to the queue). */
export class ThreadStopped extends Error {}

interface Slot {
  w: Worker;
  ready: boolean;
  job: { resolve: (r: TaskResult[]) => void; reject: (e: Error) => void } | null;
}

export class TaskThreads {
  private slots: Slot[] = [];
  /** Batches waiting for a free thread: each takes the slot it is given at once. */
  private waiting: { take: (s: Slot) => void; reject: (e: Error) => void }[] = [];
  private closed = false;

  private constructor(
    private url: URL,
    private data: unknown,
  ) {}

  /** Starts `size` threads for the spec (as its worker module receives it) and waits until each is ready. */
  static async start<S, R extends TaskResult>(stored: StoredKind<S, R>, specData: unknown, size: number): Promise<TaskThreads> {
    const url = await workerEntryFor(stored.workerEntry);
    const data = { spec: specData, entry: url.href === TSX_ENTRY.href ? stored.workerEntry.href : undefined };
    const t = new TaskThreads(url, data);
    const ready = Array.from({ length: size }, () => t.spawn());
    try {
      await Promise.all(ready);
    } catch (e) {
      await t.close();
      throw e;
    }
    return t;
  }

  get busy(): number {
    return this.slots.filter((s) => s.job).length;
  }

  /** Starts one thread; resolves when it is ready (rejects if it dies first, e.g. its set-up failed). */
  private spawn(): Promise<void> {
    const w = new Worker(this.url, { workerData: this.data, execArgv: workerExecArgv() });
    const slot: Slot = { w, ready: false, job: null };
    this.slots.push(slot);
    return new Promise<void>((onReady, onFail) => {
      w.on('message', (msg: { ready?: boolean; results?: TaskResult[]; error?: string }) => {
        if (msg.ready) {
          slot.ready = true;
          onReady();
          return this.release(slot);
        }
        const job = slot.job;
        slot.job = null;
        if (job) {
          if (msg.error !== undefined) job.reject(new TaskFailure(msg.error, msg.results ?? []));
          else job.resolve(msg.results ?? []);
        }
        this.release(slot);
      });
      const die = (e: Error) => {
        if (!this.slots.includes(slot)) return;
        this.slots = this.slots.filter((s) => s !== slot);
        const wasReady = slot.ready;
        onFail(e);
        slot.job?.reject(e);
        slot.job = null;
        // a thread that dies in its set-up would die again: only a running one is replaced
        if (!this.closed && wasReady) this.spawn().catch(() => {});
      };
      w.on('error', (e) => die(new TaskFailure(`worker thread failed: ${e.message}`, [])));
      w.on('exit', (code) => die(this.closed ? new ThreadStopped('stopped') : new TaskFailure(`worker thread exited (code ${code})`, [])));
    });
  }

  private release(slot: Slot): void {
    if (this.closed || slot.job) return;
    const next = this.waiting.shift();
    if (next) next.take(slot);
  }

  private take(slot: Slot, tasks: Int32Array, resolve: (r: TaskResult[]) => void, reject: (e: Error) => void): void {
    slot.job = { resolve, reject };
    slot.w.postMessage({ tasks });
  }

  /** Runs one batch of (cell, trial) pairs on the next free thread. */
  run(tasks: Int32Array): Promise<TaskResult[]> {
    if (this.closed) return Promise.reject(new ThreadStopped('stopped'));
    return new Promise<TaskResult[]>((resolve, reject) => {
      const free = this.slots.find((s) => s.ready && !s.job);
      if (free) this.take(free, tasks, resolve, reject);
      else this.waiting.push({ take: (slot) => this.take(slot, tasks, resolve, reject), reject });
    });
  }

  /** Stops every thread; batches in progress (and waiting ones) reject with ThreadStopped. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) s.job?.reject(new ThreadStopped('stopped'));
    for (const q of this.waiting.splice(0)) q.reject(new ThreadStopped('stopped'));
    await Promise.all(slots.map((s) => s.w.terminate().catch(() => 0)));
  }
}
